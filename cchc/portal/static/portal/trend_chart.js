// Dossiers received per month and the on-time rate on a unit's public page (data from the page's json_script
// tag "trend-data"). The table under the chart holds the same figures; without JavaScript it is all there is.
(function () {
  const canvas = document.getElementById("trend-chart");
  const source = document.getElementById("trend-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  canvas.parentElement.classList.add("has-chart");
  new Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        { type: "bar", label: data.received_label, data: data.received, yAxisID: "count", backgroundColor: "#9bb7d9" },
        { type: "line", label: data.on_time_label, data: data.on_time, yAxisID: "rate", borderColor: "#1b7f4b", spanGaps: true },
      ],
    },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: { count: { position: "left", beginAtZero: true }, rate: { position: "right", min: 0, max: 100 } },
    },
  });
})();
