// Draws the embed page's map from the figure and config JSON in the page: a file, not inline
// script, so the page works under a strict Content-Security-Policy.
(function () {
  var figure = JSON.parse(document.getElementById("figure").textContent);
  var config = JSON.parse(document.getElementById("config").textContent);
  Plotly.newPlot("map", figure.data, figure.layout, Object.assign({ responsive: true }, config)).then(function (gd) {
    window.karabakhLabels.watch(gd);
  });
})();
