// The home page's chart: completed and open tasks per reform area, stacked horizontal bars
// (figures from the json_script tag; the table under the chart gives the same numbers).
(function () {
  "use strict";
  const canvas = document.getElementById("completion-chart");
  const source = document.getElementById("completion-chart-data");
  if (!canvas || !source || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.done_label, data: data.done, backgroundColor: "#1b7f4b" },
        { label: data.open_label, data: data.open, backgroundColor: "#c4cdd5" },
      ],
    },
    options: {
      indexAxis: "y", responsive: true, maintainAspectRatio: false, animation: false,
      scales: {
        x: { stacked: true, ticks: { precision: 0 } },
        // long area names are cut on the axis; the tooltip and the table below give them whole
        y: { stacked: true, ticks: { callback: function (value) {
          const label = this.getLabelForValue(value);
          return label.length > 32 ? label.slice(0, 31) + "…" : label;
        } } },
      },
    },
  });
})();
