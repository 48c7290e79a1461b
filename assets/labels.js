// Thins the map's labels to those that fit at the size the map is drawn. The server places
// labels for the map's width (figures/label_placement.py; the reference size until the page has
// reported a narrower one: mapWidth) and gives each a rank (trace meta.label_rank: text → rank,
// lower first); on a smaller screen than placed for, or after a zoom,
// labels are kept in rank order and any that would cover a kept label or a marker is hidden.
// Loaded by Dash from assets/, and by the /embed page.
(function () {
  "use strict";

  var KEY_RANKS = 50;  // figures/map.py NAME_RANK: ranks below it are the selected and key towns

  function overlaps(a, b) {
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  }

  function thinLabels(gd) {
    var groups = [];
    gd.querySelectorAll("g.trace.scattergeo").forEach(function (group) {
      var calc = group.__data__;
      groups.push({ group: group, ranks: calc && calc[0] && calc[0].trace.meta && calc[0].trace.meta.label_rank });
    });
    // Every label shown again before any box is read: one layout for all the reads below, not one per write.
    groups.forEach(function (found) {
      if (found.ranks) found.group.querySelectorAll("text").forEach(function (text) { text.style.display = ""; });
    });
    var labels = [];
    var markers = [];
    groups.forEach(function (found) {
      found.group.querySelectorAll("path.point").forEach(function (marker) {
        markers.push({ box: marker.getBoundingClientRect(), at: marker.getAttribute("transform") });
      });
      if (!found.ranks) return;
      found.group.querySelectorAll("text").forEach(function (text) {
        var rank = found.ranks[text.textContent];
        if (rank !== undefined && text.textContent) {
          labels.push({ text: text, rank: rank, at: text.getAttribute("transform") });
        }
      });
    });
    // The map's area on screen: a label running past its edge is cut there, so it is not shown.
    var page = gd.getBoundingClientRect(), size = gd._fullLayout._size;
    // The modebar's buttons stand over the map's top right corner (always shown on a touch
    // screen): a label there would be hidden under them ("Barda" on a phone).
    var modebar = gd.querySelector(".modebar");
    var taken = modebar && modebar.getBoundingClientRect().width ? [modebar.getBoundingClientRect()] : [];
    keep(labels, markers, { left: page.left + size.l, top: page.top + size.t, right: page.left + size.l + size.w,
                            bottom: page.top + size.t + size.h }, taken);
  }

  // Hides each label (``{text: element, rank, at}``, all shown) that runs past ``area``, covers one of the boxes
  // ``taken`` or a label kept before it in rank order, or, after the key ranks, a marker (``{box, at}``)
  // other than its own (``at``: where the two stand). Also thins the static map's labels (assets/static-map.js).
  // Every box is read before any label is hidden (a hidden label moves no other): reads and writes interleaved
  // made the browser lay the page out again for each label.
  function keep(labels, markers, area, taken) {
    labels.forEach(function (label) { label.box = label.text.getBoundingClientRect(); });
    labels.sort(function (a, b) { return a.rank - b.rank; });
    var kept = (taken || []).slice();
    var hidden = labels.filter(function (label) {
      var box = label.box;
      var inside = box.left >= area.left && box.right <= area.right && box.top >= area.top && box.bottom <= area.bottom;
      // The first-ranked (a selected town, Shusha, Askeran…) may cover another town's marker.
      var blocked = !inside || kept.some(function (other) { return overlaps(box, other); }) || (label.rank >= KEY_RANKS &&
        markers.some(function (marker) { return marker.at !== label.at && overlaps(box, marker.box); }));
      if (!blocked) {
        kept.push(box);
      }
      return blocked;
    });
    hidden.forEach(function (label) { label.text.style.display = "none"; });
  }

  function watch(gd) {
    if (gd.dataset.labelsWatched) return;
    gd.dataset.labelsWatched = "1";
    gd.on("plotly_afterplot", function () { thinLabels(gd); });
    gd.on("plotly_relayout", function () { thinLabels(gd); });
    thinLabels(gd);
  }

  // The date slider's labels, spaced by time, crowd where it is narrow: keep the first and
  // the last ("Today"), then each from the left that clears the one kept before it by MARK_GAP_PX
  // (4 px left "9 Oct 2020 25 Oct 2020" reading as one label at 1440 px).
  // All boxes are read before any mark is hidden (one layout, not one per mark).
  var MARK_GAP_PX = 10;
  function thinSliderMarks() {
    var marks = Array.prototype.slice.call(document.querySelectorAll(".date-slider .dash-slider-mark"));
    if (!marks.length) return;
    marks.forEach(function (mark) { mark.style.visibility = ""; });
    var boxes = marks.map(function (mark) { return mark.getBoundingClientRect(); });
    var last = boxes[boxes.length - 1], kept = boxes[0];
    var hidden = marks.slice(1, -1).filter(function (mark, i) {
      var box = boxes[i + 1];
      if (box.left < kept.right + MARK_GAP_PX || box.right > last.left - MARK_GAP_PX) {
        return true;
      }
      kept = box;
      return false;
    });
    hidden.forEach(function (mark) { mark.style.visibility = "hidden"; });
  }

  // The marks are thinned when they change or the slider changes size, not on every change to the page
  // (each thinning lays the page out: Dash changes it many times while it loads).
  var slider = null, markTexts = null;
  var resized = new ResizeObserver(function () { thinSliderMarks(); });
  function watchSliderMarks() {
    var root = document.querySelector(".date-slider .dash-slider-root");
    if (root !== slider) {
      if (slider) resized.unobserve(slider);
      slider = root;
      markTexts = null;
      if (root) resized.observe(root);  // also reports its first size: the marks are thinned then
    }
    var texts = root ? Array.prototype.map.call(root.querySelectorAll(".dash-slider-mark"), function (mark) {
      return mark.textContent;
    }).join("|") : "";
    if (markTexts !== null && texts !== markTexts) thinSliderMarks();
    markTexts = texts;
  }

  // The slider's handle says the date shown, not its position on the scale.
  function nameSliderValue() {
    var frame = document.querySelector(".date-slider[data-date]");
    var thumb = frame && frame.querySelector("[role=slider]");
    if (!thumb) return;
    thumb.setAttribute("aria-label", "Date shown on the map");
    thumb.setAttribute("aria-valuetext", frame.getAttribute("data-date"));
  }

  // The map's drawn width, for the server to place names, event markers and labels at the size they are seen
  // (ui/map.py reported_width): in steps of 50 px, and none at the reference width (750 px) or wider.
  // Read off the map's frame, which the map fills: the map itself may not be drawn yet (ui/static_map.py).
  window.dash_clientside = window.dash_clientside || {};
  window.dash_clientside.karabakh = Object.assign({}, window.dash_clientside.karabakh, {
    mapWidth: function (shown, known) {
      var frame = document.querySelector("#react-entry-point .map-frame");
      var width = frame ? Math.floor(frame.clientWidth / 50) * 50 : 0;
      var value = width >= 200 && width < 750 ? width : null;
      return value === known ? window.dash_clientside.no_update : value;
    },
  });

  window.karabakhLabels = { thin: thinLabels, watch: watch, keep: keep };
  var pending = false;
  function update() {
    pending = false;
    var gd = document.querySelector("#map .js-plotly-plot");
    if (gd && gd.on) watch(gd);  // dcc.Graph creates its plot after this script runs, and may again
    watchSliderMarks();
    nameSliderValue();
  }
  new MutationObserver(function () {
    if (!pending) { pending = true; window.requestAnimationFrame(update); }
  }).observe(document.documentElement, { childList: true, subtree: true, attributes: true, attributeFilter: ["data-date"] });
})();
