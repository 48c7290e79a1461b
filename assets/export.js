// In-browser PNG/SVG download of the map, for servers without Chromium: plotly.js draws
// the image in the reader's browser. Loaded by Dash from assets/ (no inline script).
window.dash_clientside = window.dash_clientside || {};
// Other assets add their own functions to the namespace (deferred.js): merged, not replaced.
window.dash_clientside.karabakh = Object.assign({}, window.dash_clientside.karabakh, {
  downloadMap: function (pngClicks, svgClicks) {
    var triggered = window.dash_clientside.callback_context.triggered;
    if (!triggered.length || !triggered[0].value) {
      return window.dash_clientside.no_update;
    }
    var format = triggered[0].prop_id.indexOf("png") !== -1 ? "png" : "svg";
    // plotly.js comes with the reader's first input (assets/static-map.js): this click may be it.
    return window.karabakhMap.drawn().then(function (graph) {
      window.Plotly.downloadImage(graph, { format: format, width: 1600, height: 1000, scale: 1, filename: "karabakh-map" });
      return format;
    });
  },
});
