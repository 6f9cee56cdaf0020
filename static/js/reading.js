/* The reading room's week view: tell the server where this examiner is
 * reading (examinations:reading_position), on opening a week and, debounced,
 * as sections scroll into view, so the next sitting can offer "Continue
 * where you left off". A POST with the page's CSRF token; a GET never
 * writes. Only examiners' pages carry data-position-url. */
(function () {
  "use strict";
  var view = document.getElementById("week-view");
  if (!view || !view.dataset.positionUrl || !window.fetch) return;
  var tokenField = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (!tokenField) return;
  var DELAY_MS = 1500;
  var timer = null;
  var sent = null;

  function post(anchor) {
    var key = view.dataset.week + "#" + anchor;
    if (key === sent) return;
    sent = key;
    var body = new URLSearchParams();
    body.set("week", view.dataset.week);
    body.set("anchor", anchor || "");
    fetch(view.dataset.positionUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": tokenField.value },
    }).catch(function () { sent = null; });  // offline: try again on the next scroll
  }

  function later(anchor) {
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { post(anchor); }, DELAY_MS);
  }

  var start = window.location.hash.slice(1);
  if (start.indexOf("note-") === 0) start = "";
  post(start && document.getElementById(start) ? start : "");

  if (!("IntersectionObserver" in window)) return;
  var observer = new IntersectionObserver(function (seen) {
    seen.forEach(function (item) {
      if (item.isIntersecting && item.target.id) later(item.target.id);
    });
  }, { rootMargin: "0px 0px -60% 0px" });
  view.querySelectorAll("[data-anchor]").forEach(function (part) { observer.observe(part); });
})();
