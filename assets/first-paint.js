// The static first paint (src/karabakh_map/ui/first_paint.py) stays on screen until the live page
// is ready: the router's first answer has filled it (the date's caption, a notice, the details)
// and Dash's lazily loaded controls are drawn. The live page is laid out beneath it, hidden, at
// the same place, so the swap moves nothing. The map's SVG moves into the live page (#map-static),
// where it stays the map until plotly.js has drawn (assets/static-map.js). Should the live page
// never be ready, it is shown after 20 s anyway.
(function () {
  var root = document.documentElement;
  var live = document.getElementById("react-entry-point");
  if (!root.classList.contains("first-paint") || !live) {
    return;
  }
  // Drawn by chunks dcc loads after its main bundle: until then they take no room.
  var LAZY = ["#region-select", "#date-slider"];
  var fallback;
  var observer = new MutationObserver(function () {
    var caption = live.querySelector("#date-caption");  // every first answer writes it
    var drawn = LAZY.every(function (selector) { return live.querySelector(selector); });
    if (caption && caption.textContent.trim() && drawn) {
      swap();
    }
  });
  function swap() {
    observer.disconnect();
    clearTimeout(fallback);
    var page = document.querySelector(".first-paint-page");
    var svg = page && page.querySelector(".map-static svg");
    var place = live.querySelector("#map-static");
    if (svg && place) {
      // The map's name is the figure's caption in the live page, which follows the view.
      svg.removeAttribute("role");
      svg.removeAttribute("aria-label");
      svg.setAttribute("aria-hidden", "true");
      place.appendChild(svg);
    }
    if (page) {
      page.remove();
    }
    root.classList.remove("first-paint");
  }
  observer.observe(live, { childList: true, subtree: true });
  fallback = setTimeout(swap, 20000);
})();
