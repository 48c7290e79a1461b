// Draws the embed page's map from the figure and config JSON in the page: a file, not inline
// script, so the page works under a strict Content-Security-Policy.
(function () {
  var figure = JSON.parse(document.getElementById("figure").textContent);
  var config = JSON.parse(document.getElementById("config").textContent);
  var map = document.getElementById("map");
  var box = map.getBoundingClientRect();
  var geo = figure.layout.geo;
  // The figure's frame was fitted to a box of the page's shape (data-aspect, width / height); an
  // iframe has its own. The server sends frames fitted to a few shapes, each with its labels placed
  // for maps of a few widths (routes.py, EMBED_LABEL_WIDTHS_PX). Of the frames with labels placed for a
  // map no wider than this one's, the one of the shape nearest the box's is taken (the page's frame
  // always can be), and widened to the box so that the map fills it rather than leaving blank sides
  // (at this scale the projection is close enough to linear in degrees).
  var pageAspect = Number(map.getAttribute("data-aspect"));
  // A set placed for a map this much wider still serves (labels.js hides a label that then touches another).
  var SLACK = 1.1;
  var shape = box.width > 0 && box.height > 0 ? box.width / box.height : pageAspect;
  function drawnWidth(aspect) { return Math.min(box.width, box.height * aspect); }
  function widths(frame) { return Object.keys(frame.sets).map(Number).sort(function (a, b) { return a - b; }); }
  var frames = JSON.parse(document.getElementById("label-sets").textContent).filter(function (frame) {
    return frame.aspect === pageAspect || widths(frame)[0] <= drawnWidth(frame.aspect) * SLACK;
  });
  var off = function (frame) { return Math.abs(Math.log(frame.aspect / shape)); };
  var frame = frames.reduce(function (best, candidate) {
    return best === null || off(candidate) < off(best) ? candidate : best;
  }, null);
  var fitted = frame ? frame.aspect : pageAspect;
  function widened(range, factor) {
    var centre = (range[0] + range[1]) / 2, half = ((range[1] - range[0]) / 2) * factor;
    return [centre - half, centre + half];
  }
  if (frame && geo && geo.lonaxis && geo.lataxis) {
    geo.lonaxis.range = frame.lonaxis.slice();
    geo.lataxis.range = frame.lataxis.slice();
    if (shape > fitted) {
      geo.lonaxis.range = widened(geo.lonaxis.range, shape / fitted);
    } else {
      geo.lataxis.range = widened(geo.lataxis.range, fitted / shape);
    }
  }
  // The labels as placed for the widest map no wider than this one's: its scale is that of a map
  // that wide (the narrowest set below them all). In the page's frame from data-own-labels-from px
  // up, the figure's own.
  var drawn = drawnWidth(fitted);
  var ownLabels = fitted === pageAspect && drawn >= Number(map.getAttribute("data-own-labels-from"));
  if (frame && !ownLabels) {
    var chosen = widths(frame).filter(function (width) { return width <= drawn * SLACK; }).pop() || widths(frame)[0];
    var placed = {};
    frame.sets[chosen].forEach(function (trace) { placed[trace.name] = trace; });
    figure.data = figure.data.map(function (trace) { return placed[trace.name] || trace; });
  }
  Plotly.newPlot(map, figure.data, figure.layout, Object.assign({ responsive: true }, config)).then(function (gd) {
    window.karabakhLabels.watch(gd);
  });
})();
