// Milestone completion chart on the facilitator dashboard. Data comes from json_script;
// without JavaScript (or Chart.js) the table under the chart carries the same numbers.
document.addEventListener("DOMContentLoaded", function () {
  var canvas = document.getElementById("completion-chart");
  var source = document.getElementById("completion-chart-data");
  if (!canvas || !source || typeof window.Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  new window.Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        { label: canvas.dataset.labelDone, data: data.done, borderColor: "#198754", backgroundColor: "rgba(25,135,84,.15)", fill: true, tension: 0.2 },
        { label: canvas.dataset.labelDue, data: data.due, borderColor: "#6c757d", borderDash: [6, 4], fill: false, tension: 0.2 }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
      plugins: { legend: { position: "bottom" } }
    }
  });
});
