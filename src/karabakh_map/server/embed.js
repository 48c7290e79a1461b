// Draws the embed page's map from the figure JSON in the page: a file, not inline script,
// so the page works under a strict Content-Security-Policy.
(function () {
  var script = document.currentScript;
  var figure = JSON.parse(document.getElementById("figure").textContent);
  Plotly.newPlot("map", figure.data, figure.layout, {
    responsive: true,
    displaylogo: false,
    topojsonURL: script.getAttribute("data-topojson"),
  }).then(function (gd) {
    window.karabakhLabels.watch(gd);
  });
})();
