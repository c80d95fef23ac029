// Draws the assessment charts: <canvas data-chart="radar|line" data-source="json-script-id">.
// Data comes from {{ data|json_script }}; each chart has a table beside it for screen readers and no-JS.
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Chart === "undefined") return;
  var colours = ["#198754", "#0d6efd", "#fd7e14", "#6f42c1", "#dc3545", "#20c997", "#6c757d", "#d63384"];
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.source);
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var type = canvas.dataset.chart === "radar" ? "radar" : "line";
    data.datasets.forEach(function (ds, i) {
      ds.borderColor = colours[i % colours.length];
      ds.backgroundColor = type === "radar" ? colours[i % colours.length] + "33" : colours[i % colours.length];
      ds.spanGaps = true;
    });
    var scale = { min: 0, max: 5, ticks: { stepSize: 1 } };
    new Chart(canvas, {
      type: type,
      data: data,
      options: {
        responsive: true,
        animation: false,
        scales: type === "radar" ? { r: scale } : { y: scale },
        plugins: { legend: { position: "bottom" } },
      },
    });
  });
});
