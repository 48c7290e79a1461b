// The area and population sections are drawn when the reader comes near them (ui/deferred.py):
// an IntersectionObserver on the live sections marked data-drawn-when-near sets the store
// panels-near once one comes within NEAR of the screen, and panelsView (a clientside
// callback) then passes the page's view on to them.
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
