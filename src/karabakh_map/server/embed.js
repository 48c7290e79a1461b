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
  // The labels as placed for a map of this size (routes.py, EMBED_LABEL_WIDTHS_PX): the frame's
  // scale is that of a page's map this wide. From data-own-labels-from px up, the figure's own.
  // Each set is for maps from its width up to the next one's; the narrowest below them all.
  var sets = JSON.parse(document.getElementById("label-sets").textContent);
  var drawn = fitted > 0 ? Math.min(box.width, box.height * fitted) : box.width;
  var widths = Object.keys(sets).map(Number).sort(function (a, b) { return a - b; });
  if (widths.length && drawn < Number(map.getAttribute("data-own-labels-from"))) {
    var chosen = widths.filter(function (width) { return width <= drawn; }).pop() || widths[0];
    var placed = {};
    sets[chosen].forEach(function (trace) { placed[trace.name] = trace; });
    figure.data = figure.data.map(function (trace) { return placed[trace.name] || trace; });
  }
  Plotly.newPlot(map, figure.data, figure.layout, Object.assign({ responsive: true }, config)).then(function (gd) {
    window.karabakhLabels.watch(gd);
  });
})();
