// Draws the report charts from json_script data; every chart also has a table fallback in the page.
// Bar charts of names (partners, provinces) are drawn sideways on a phone, with each name wrapped
// onto up to three lines and the chart as tall as its rows, so no name is cut off (issue 16, item 2).
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Chart === "undefined") return;
  var colours = ["#198754", "#0d6efd", "#fd7e14", "#6f42c1", "#20c997", "#dc3545"];

  // "Yayasan Pengembangan Masyarakat Pesisir" -> ["Yayasan Pengembangan", "Masyarakat Pesisir"]
  function wrap(text, width) {
    var lines = [], line = "";
    String(text).split(/\s+/).forEach(function (word) {
      while (word.length > width) {
        if (line) { lines.push(line); line = ""; }
        lines.push(word.slice(0, width - 1) + "-");
        word = word.slice(width - 1);
      }
      if (line && (line + " " + word).length > width) { lines.push(line); line = word; }
      else line = line ? line + " " + word : word;
    });
    if (line) lines.push(line);
    if (lines.length > 3) lines = lines.slice(0, 2).concat([lines.slice(2).join(" ").slice(0, width - 1) + "…"]);
    return lines;
  }

  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source) return;
    var cfg = JSON.parse(source.textContent);
    if (!cfg.labels || cfg.labels.length === 0) return;
    var box = canvas.closest("[data-chart-box]");
    box.classList.remove("d-none");
    cfg.datasets.forEach(function (dataset, i) {
      dataset.borderColor = colours[i % colours.length];
      dataset.backgroundColor = cfg.type === "line" ? colours[i % colours.length] : colours[i % colours.length] + "cc";
      dataset.tension = 0.2;
    });
    var narrow = box.clientWidth < 576;
    var indexAxis = cfg.indexAxis || "x";
    if (cfg.type === "bar" && narrow) indexAxis = "y";
    var labels = cfg.labels;
    var options = {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      indexAxis: indexAxis,
      plugins: {
        legend: { display: cfg.datasets.length > 1 },
        // The tooltip names the bar in full, on one line.
        tooltip: { callbacks: { title: function (items) { return items.length ? cfg.labels[items[0].dataIndex] : ""; } } },
      },
      scales: {},
    };
    if (cfg.type === "bar" && indexAxis === "y") {
      // About 40% of the width for the names (7 px a character at 12 px), the rest for the bars.
      var width = Math.max(10, Math.floor((box.clientWidth * 0.42) / 7));
      labels = cfg.labels.map(function (name) { return wrap(name, width); });
      var lines = labels.reduce(function (sum, l) { return sum + Math.max(l.length, 1); }, 0);
      box.style.height = Math.max(parseInt(box.style.height, 10) || 260, 80 + lines * 16 + labels.length * 12) + "px";
      options.scales.y = { ticks: { autoSkip: false, font: { size: 12 } } };
    }
    var valueAxis = indexAxis === "y" ? "x" : "y";
    options.scales[valueAxis] = { beginAtZero: true };
    if (cfg.percent) options.scales[valueAxis].max = 100;
    new Chart(canvas, { type: cfg.type, data: { labels: labels, datasets: cfg.datasets }, options: options });
  });
});
