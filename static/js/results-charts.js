// Draws each indicator's actual against target per period from json_script data (CSP: no inline script).
// The page always has the same figures in a table, so nothing is lost without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Chart === "undefined") return;
  document.querySelectorAll("canvas[data-results-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.resultsChart);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    if (!data.labels || data.labels.length === 0) return;
    canvas.closest("[data-chart-box]").classList.remove("d-none");
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          { type: "bar", label: data.names.actual, data: data.actual, backgroundColor: "#198754cc" },
          { type: "line", label: data.names.target, data: data.target, borderColor: "#fd7e14", backgroundColor: "#fd7e14", spanGaps: true },
        ],
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } },
    });
  });
});
