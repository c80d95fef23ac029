// Draws the report charts from json_script data; every chart also has a table fallback in the page.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Chart === "undefined") return;
  var colours = ["#198754", "#0d6efd", "#fd7e14", "#6f42c1", "#20c997", "#dc3545"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    var cfg = JSON.parse(source.textContent);
    if (!cfg.labels || cfg.labels.length === 0) return;
    cfg.datasets.forEach(function (dataset, i) {
      dataset.borderColor = colours[i % colours.length];
      dataset.backgroundColor = cfg.type === "line" ? colours[i % colours.length] : colours[i % colours.length] + "cc";
      dataset.tension = 0.2;
    });
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: cfg.indexAxis || "x",
      plugins: { legend: { display: cfg.datasets.length > 1 } },
      scales: {},
    };
    var valueAxis = options.indexAxis === "y" ? "x" : "y";
    options.scales[valueAxis] = { beginAtZero: true };
    if (cfg.percent) options.scales[valueAxis].max = 100;
    canvas.closest("[data-chart-box]").classList.remove("d-none");
    new Chart(canvas, { type: cfg.type, data: { labels: cfg.labels, datasets: cfg.datasets }, options: options });
  });
});
