// Reports per period, stacked by state (data from the page's json_script tag "completeness-data").
(function () {
  const canvas = document.getElementById("completeness-chart");
  if (!canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(document.getElementById("completeness-data").textContent);
  new Chart(canvas, {
    type: "bar",
    data: data,
    options: {
      responsive: true,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
})();
