/* The reading room's week view: tell the server where this examiner is
 * reading (examinations:reading_position), on opening a week and, debounced,
 * as sections scroll into view, so the next sitting can offer "Continue
 * where you left off". A POST with the page's CSRF token; a GET never
 * writes. Only examiners' pages carry data-position-url. */
(function () {
  "use strict";
  // Django's catalogue (/i18n/messages.js, loaded first); English without it.
  var gettext = window.gettext || function (s) { return s; };
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

/* Private notes (templates/examinations/_reading_note.html): saved without
 * leaving the page. "Note saved." only once the server has answered with its
 * redirect back to this week (a sign-in page or an error is not a save); a
 * refused note (too long) is posted again the plain way, so the page shows
 * why on the field with the text kept. */
(function () {
  "use strict";
  // Django's catalogue (/i18n/messages.js, loaded first); English without it.
  var gettext = window.gettext || function (s) { return s; };
  if (!window.fetch || !window.FormData) return;
  var readingPath = window.location.pathname;

  function enhance(form) {
    var status = form.querySelector("[data-note-status]");
    var box = form.querySelector("textarea");
    if (!status || !box) return;
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      status.textContent = gettext("Saving…");
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "text/html" },
      }).then(function (answer) {
        var back = answer.ok && answer.redirected && new URL(answer.url).pathname === readingPath;
        if (!back) {
          form.submit();  // the server's page says what went wrong
          return;
        }
        var cleared = !box.value.trim();
        status.textContent = cleared ? gettext("Note cleared.") : gettext("Note saved.");
        var summary = form.closest("details").querySelector("[data-note-summary]");
        if (summary) {
          summary.textContent = cleared ? gettext("Your private note (none yet)") : gettext("Your private note · saved just now");
        }
      }).catch(function () {
        status.textContent = gettext("Not saved: the server could not be reached. Check your connection and save again.");
      });
    });
  }

  document.querySelectorAll("form[data-note-form]").forEach(enhance);
})();
