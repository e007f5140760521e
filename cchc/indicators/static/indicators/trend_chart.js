// Dossiers received per month and the on-time rate (data from the page's json_script tag "trend-data").
(function () {
  const canvas = document.getElementById("trend-chart");
  if (!canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(document.getElementById("trend-data").textContent);
  new Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        { type: "bar", label: data.received_label, data: data.received, yAxisID: "count", backgroundColor: "#9bb7d9" },
        { type: "line", label: data.on_time_label, data: data.on_time, yAxisID: "rate", borderColor: "#1b7f4b", spanGaps: true },
      ],
    },
    options: {
      animation: false,
      scales: { count: { position: "left", beginAtZero: true }, rate: { position: "right", min: 0, max: 100 } },
    },
  });
})();
