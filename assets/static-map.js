// The map before plotly.js: the server-rendered SVG of the first paint (ui/first_paint.py) stays
// the page's map, and answers clicks, until the reader first needs the interactive one.
//
// plotly.js is a megabyte of script: evaluating it, React drawing the graph and plotly.js's first
// plot of the geo subplot hold the main thread for about 200 ms on a fast machine, four times that
// on a phone, while the page is loading. So every dcc.Graph waits: dcc draws a graph once
// Promise.resolve(window.Plotly || <Dash's full plotly.js>) resolves (dash/dcc/dash_core_components.js),
// and window.Plotly is here a promise-like that resolves when this script has loaded our partial
// bundle (server/index.py names it on <html data-plotly-bundle>). It loads on the reader's first
// input (a pointer over the map, a click, a key, a touch, the wheel, a scroll) or when the page
// shows another view than the first paint's (mapNeeded, a clientside callback of ui/static_map.py).
// Until plotly.js has drawn, a click on a region or marker of the SVG sends what plotly.js would
// report for it (figures/static_svg.py writes it on each shape) as the map's clickData.
(function () {
  "use strict";
  var root = document.documentElement;
  var bundle = root.getAttribute("data-plotly-bundle");
  var DRAWN = "#map .js-plotly-plot path.choroplethlocation";
  var load = function () {};  // plotly.js is there already, or not ours to load

  // The interactive map once plotly.js has drawn it (plotly.js loaded first if need be), for what
  // needs plotly.js's own map (the in-browser export, assets/export.js).
  window.karabakhMap = {
    drawn: function () {
      load();
      return new Promise(function (resolve) {
        var watcher = new MutationObserver(check);
        function check() {
          if (document.querySelector(DRAWN)) {
            watcher.disconnect();
            resolve(document.querySelector("#map .js-plotly-plot"));
          }
        }
        watcher.observe(root, { childList: true, subtree: true });
        check();
      });
    },
  };
  if (!bundle || window.Plotly) {
    return;
  }

  var release;
  var loaded = new Promise(function (resolve) { release = resolve; });
  window.Plotly = { then: function (onLoaded, onFailed) { return loaded.then(onLoaded, onFailed); } };
  // Should the bundle not come (the network gone), the static map stays the map and the next input tries again.
  var started = false;
  load = function () {
    if (started) {
      return;
    }
    started = true;
    var script = document.createElement("script");
    script.src = bundle;
    script.onload = function () { release(window.Plotly); };
    script.onerror = function () {
      script.remove();
      started = false;
    };
    document.head.appendChild(script);
  };

  ["pointerdown", "keydown", "touchstart", "wheel", "scroll"].forEach(function (type) {
    document.addEventListener(type, function () { load(); }, { capture: true, passive: true });
  });
  document.addEventListener("pointerover", function (event) {
    if (event.target.closest && event.target.closest(".map-frame")) {
      load();
    }
  }, true);

  // The first paint's view is the default one (""); any other view needs the interactive map.
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.karabakh = Object.assign({}, window.dash_clientside.karabakh, {
    mapNeeded: function (shown) {
      if (typeof shown === "string" && shown !== "") {
        load();
      }
    },
  });

  // A click on the static map: what plotly.js reports for a click on the same shape.
  document.addEventListener("click", function (event) {
    var shape = event.target.closest && event.target.closest("#map-static [data-id], #map-static [data-customdata]");
    if (!shape || !window.dash_clientside.set_props) {
      return;
    }
    var point = shape.hasAttribute("data-id") ? { location: shape.getAttribute("data-id") }
      : { customdata: shape.getAttribute("data-customdata") };
    window.dash_clientside.set_props("map", { clickData: { points: [point] } });
  });

  // The static map's markers and labels at their size in pixels, as plotly.js draws them: the SVG draws
  // them in its own units (figures/static_svg.py), which on a phone are under half a pixel, so each is
  // scaled about the point it stands at. Its labels come in sets placed for several map widths
  // (ui/first_paint.py): the set for this map's width shows, and its labels are then thinned as on
  // the interactive map.
  function fitStaticMap() {
    var svg = document.querySelector(".map-static svg");
    var frame = svg && svg.querySelector("g > rect");  // the map's window: its background
    if (!svg || !frame || !window.karabakhLabels) {
      return;
    }
    var box = svg.getBoundingClientRect(), units = svg.viewBox.baseVal;
    var perUnit = Math.min(box.width / units.width, box.height / units.height);
    if (!perUnit) {
      return;
    }
    // Each set is for maps from data-labels-from px wide up to the next set's; the narrowest below that.
    var sets = Array.prototype.slice.call(svg.querySelectorAll("g[data-labels-from]"));
    var width = frame.getBoundingClientRect().width;
    var from = function (set) { return Number(set.getAttribute("data-labels-from")); };
    var narrower = sets.filter(function (set) { return from(set) <= width; });
    var shown = (narrower.length ? narrower : sets).reduce(function (best, set) {
      return best === null || (narrower.length ? from(set) > from(best) : from(set) < from(best)) ? set : best;
    }, null);
    sets.forEach(function (set) { set.style.display = set === shown ? "" : "none"; });
    var labels = [], markers = [];
    svg.querySelectorAll("[data-at]").forEach(function (shape) {
      var at = shape.getAttribute("data-at").split(" ");
      shape.setAttribute("transform", "translate(" + at[0] + " " + at[1] + ") scale(" + 1 / perUnit + ") translate(" +
        -at[0] + " " + -at[1] + ")");
      if (shape.tagName === "text") {
        shape.style.display = "";
        if (shape.hasAttribute("data-rank") && (!shown || shown.contains(shape))) {
          labels.push({ text: shape, rank: Number(shape.getAttribute("data-rank")), at: at.join(" ") });
        }
      } else if (!shape.hasAttribute("data-customdata")) {
        markers.push({ shape: shape, at: at.join(" ") });
      }
    });
    markers.forEach(function (marker) { marker.box = marker.shape.getBoundingClientRect(); });
    window.karabakhLabels.keep(labels, markers, frame.getBoundingClientRect());
  }
  fitStaticMap();
  var fitting = false;
  window.addEventListener("resize", function () {
    if (!fitting) {
      fitting = true;
      window.requestAnimationFrame(function () { fitting = false; fitStaticMap(); });
    }
  });

  // Once plotly.js has drawn the regions, the static map goes (its place, React's, stays empty).
  var drawn = new MutationObserver(function () {
    var place = document.getElementById("map-static");
    if (place && place.firstChild && document.querySelector(DRAWN)) {
      drawn.disconnect();
      place.replaceChildren();
    }
  });
  drawn.observe(root, { childList: true, subtree: true });
})();
