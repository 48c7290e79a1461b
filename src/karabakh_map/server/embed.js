// Draws the embed page's map from the figure and config JSON in the page: a file, not inline
// script, so the page works under a strict Content-Security-Policy.
(function () {
  var figure = JSON.parse(document.getElementById("figure").textContent);
  var config = JSON.parse(document.getElementById("config").textContent);
  var map = document.getElementById("map");
  // The frame was fitted to a box of the page's shape (data-aspect, width / height); an iframe
  // has its own. Widen the frame to the box, so that the map fills it rather than leaving blank
  // sides (at this scale the projection is close enough to linear in degrees).
  var box = map.getBoundingClientRect();
  var fitted = Number(map.getAttribute("data-aspect"));
  var geo = figure.layout.geo;
  function widened(range, factor) {
    var centre = (range[0] + range[1]) / 2, half = ((range[1] - range[0]) / 2) * factor;
    return [centre - half, centre + half];
  }
  if (box.width > 0 && box.height > 0 && fitted > 0 && geo && geo.lonaxis && geo.lataxis) {
    var shape = box.width / box.height;
    if (shape > fitted) {
      geo.lonaxis.range = widened(geo.lonaxis.range, shape / fitted);
    } else {
      geo.lataxis.range = widened(geo.lataxis.range, fitted / shape);
    }
  }
  Plotly.newPlot(map, figure.data, figure.layout, Object.assign({ responsive: true }, config)).then(function (gd) {
    window.karabakhLabels.watch(gd);
  });
})();
