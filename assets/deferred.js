// What the page draws or sends only when the reader comes to it (ui/deferred.py):
// - the area and population sections: an IntersectionObserver on the live sections marked
//   data-drawn-when-near sets the store panels-near once one comes within NEAR of the screen,
//   and panelsView (a clientside callback) then passes the page's view on to them;
// - a control marked data-reached-store="<store id>" sets that store to true the first time the
//   reader points at or focuses something inside it (the region search's options: ui/router.py).
(function () {
  var NEAR = "200px";
  var SECTIONS = "#react-entry-point [data-drawn-when-near]";

  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.karabakh = Object.assign({}, window.dash_clientside.karabakh, {
    panelsView: function (shown, near) {
      return near && typeof shown === "string" ? shown : window.dash_clientside.no_update;
    },
  });

  function watch(sections) {
    var observer = new IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        observer.disconnect();
        window.dash_clientside.set_props("panels-near", { data: true });
      }
    }, { rootMargin: "0px 0px " + NEAR + " 0px" });
    sections.forEach(function (section) { observer.observe(section); });
  }

  var reached = {};
  function reach(event) {
    var control = event.target.closest && event.target.closest("#react-entry-point [data-reached-store]");
    var store = control && control.getAttribute("data-reached-store");
    if (store && !reached[store] && window.dash_clientside.set_props) {
      reached[store] = true;
      window.dash_clientside.set_props(store, { data: true });
    }
  }
  ["pointerover", "pointerdown", "focusin"].forEach(function (type) {
    document.addEventListener(type, reach, true);
  });

  // The live page is written by Dash's renderer after this script runs: wait for its sections.
  var waiting = new MutationObserver(function () {
    var sections = document.querySelectorAll(SECTIONS);
    if (sections.length && window.dash_clientside.set_props) {
      waiting.disconnect();
      watch(Array.prototype.slice.call(sections));
    }
  });
  waiting.observe(document.documentElement, { childList: true, subtree: true });
})();
