// The static first paint (src/karabakh_map/ui/first_paint.py) stays on screen until plotly.js
// has drawn the live map and the router's first answer has filled the page (the date's caption,
// a notice, the details); the live page is laid out beneath it, hidden, at the same place, so
// the swap moves nothing. Should that never happen, the live page is shown after 20 s anyway.
(function () {
  var root = document.documentElement;
  var live = document.getElementById("react-entry-point");
  if (!root.classList.contains("first-paint") || !live) {
    return;
  }
  var fallback;
  var observer = new MutationObserver(function () {
    var caption = live.querySelector("#date-caption");  // every first answer writes it
    if (live.querySelector("#map .js-plotly-plot path.choroplethlocation") && caption && caption.textContent.trim()) {
      swap();
    }
  });
  function swap() {
    observer.disconnect();
    clearTimeout(fallback);
    var page = document.querySelector(".first-paint-page");
    if (page) {
      page.remove();
    }
    root.classList.remove("first-paint");
  }
  observer.observe(live, { childList: true, subtree: true });
  fallback = setTimeout(swap, 20000);
})();
