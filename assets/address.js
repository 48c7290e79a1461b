// The address bar holds the view shown: on first load, a link's names (?region=shusha) and refused
// values (?date=2020-02-30) are replaced by the validated query the router wrote to view-shown
// (?region=shusha_shushi), so a copied link is the view on screen and repeats no notice.
// history.replaceState adds no entry (Back still leaves the page); dcc.Location can only push one.
// Only the first view: after that the router pushes each change itself.
(function () {
  var written = false;
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.karabakh = Object.assign({}, window.dash_clientside.karabakh, {
    writeAddress: function (shown) {
      if (written || typeof shown !== "string") {
        return window.dash_clientside.no_update;
      }
      written = true;
      if (window.location.search === shown) {
        return window.dash_clientside.no_update;
      }
      window.history.replaceState(window.history.state, "", window.location.pathname + shown + window.location.hash);
      return shown;
    },
  });
})();
