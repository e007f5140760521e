// PAR INDEX charts, drawn from json_script data (no inline code: the CSP allows scripts from this site only).
(function () {
  "use strict";
  if (typeof Chart === "undefined") return;

  // The ranking: one bar per unit, its index.
  const ranking = document.getElementById("ranking-chart");
  if (ranking) {
    const data = JSON.parse(document.getElementById("ranking-data").textContent);
    new Chart(ranking, {
      type: "bar",
      data: { labels: data.labels, datasets: [{ label: ranking.dataset.label, data: data.values, backgroundColor: "#1d4e89" }] },
      options: {
        responsive: true, maintainAspectRatio: false, indexAxis: data.labels.length > 12 ? "y" : "x",
        scales: { x: { beginAtZero: true }, y: { beginAtZero: true } },
        plugins: { legend: { display: false }, tooltip: { callbacks: { afterLabel: (item) => data.classes[item.dataIndex] || "" } } },
      },
    });
  }

  // A unit's areas against the average of its level.
  const areas = document.getElementById("areas-chart");
  if (areas) {
    const data = JSON.parse(document.getElementById("areas-data").textContent);
    new Chart(areas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { label: areas.dataset.unitLabel, data: data.unit, backgroundColor: "#1d4e89" },
          { label: areas.dataset.averageLabel, data: data.average, backgroundColor: "#c4cdd5" },
        ],
      },
      options: { responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true, max: 100 } } },
    });
  }
})();
