// Small line charts of indicator readings (Chart.js, vendored). The table beside each chart has the same figures.
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("indicator-charts");
  if (!source || typeof Chart === "undefined") { return; }
  var charts = JSON.parse(source.textContent);
  Object.keys(charts).forEach(function (id) {
    var canvas = document.getElementById("indicator-chart-" + id);
    var data = charts[id];
    if (!canvas || data.values.length === 0) { return; }
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          { label: data.unit, data: data.values, borderColor: "#1f4fa3", backgroundColor: "#1f4fa3", tension: 0.2 },
          { label: canvas.dataset.targetLabel, data: data.labels.map(function () { return data.target; }),
            borderColor: "#1d6b3a", borderDash: [6, 4], pointRadius: 0 }
        ]
      },
      options: { responsive: true, maintainAspectRatio: false, animation: false,
                 plugins: { legend: { position: "bottom" } }, scales: { y: { beginAtZero: false } } }
    });
  });
});
