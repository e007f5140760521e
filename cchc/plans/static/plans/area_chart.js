// Stacked bars: tasks per reform area and status (data from the plan page's json_script tags).
(function () {
  const canvas = document.getElementById("area-chart");
  if (!canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(document.getElementById("area-chart-data").textContent);
  const labels = JSON.parse(document.getElementById("status-labels").textContent);
  const colours = { not_started: "#c4cdd5", in_progress: "#1d4e89", completed: "#1b7f4b", cancelled: "#b42318" };
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: Object.keys(data.series).map((status) => ({
        label: labels[status], data: data.series[status], backgroundColor: colours[status],
      })),
    },
    options: {
      responsive: true, maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, ticks: { precision: 0 } } },
      plugins: { tooltip: { callbacks: { title: (items) => data.titles[items[0].dataIndex] } } },
    },
  });
})();
