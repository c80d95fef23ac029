// Dependency indicator chart on the sustainability page. Data comes from json_script
// #dependency-data; the table under the chart shows the same numbers without JavaScript.
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("dependency-data");
  var canvas = document.getElementById("dependency-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "line",
    data: {
      labels: data.labels,
      datasets: [
        { label: data.shareLabel, data: data.share, borderColor: "#198754", backgroundColor: "#198754", tension: 0.2 },
        { label: data.cumulativeLabel, data: data.cumulative, borderColor: "#0d6efd", backgroundColor: "#0d6efd", borderDash: [4, 3], tension: 0.2 },
        {
          label: data.thresholdLabel,
          data: data.labels.map(function () { return data.threshold; }),
          borderColor: "#dc3545",
          borderWidth: 1,
          pointRadius: 0,
          borderDash: [2, 2]
        }
      ]
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { min: 0, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
      plugins: { legend: { position: "bottom" } }
    }
  });
});
