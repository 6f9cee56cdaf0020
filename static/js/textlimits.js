/* Long text boxes (pbas_logbook/textbox.py): a counter near the limit, and an
 * over-long paste refused with a message instead of being cut.
 *
 * Counted as the server counts: line breaks as one character (a textarea's
 * value already uses "\n"; the server turns the posted "\r\n" back into it)
 * and a character outside the Basic Multilingual Plane (an emoji) as one,
 * as Python's len() does, not as the two UTF-16 units of String.length.
 */
(function () {
  "use strict";
  // Django's catalogue (/i18n/messages.js, loaded first); English without it.
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (f, o) {
    return f.replace(/%\((\w+)\)s/g, function (_m, k) { return o[k]; });
  };
  // Numbers and times in the page's language (html lang, from Django).
  var LOCALE = document.documentElement.lang || "en-GB";
  var NEAR = 0.8;  // show the counter from 80% of the limit
  var ASTRAL = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

  function count(text) {
    text = (text || "").replace(/\r\n?/g, "\n");
    var pairs = text.match(ASTRAL);
    return text.length - (pairs ? pairs.length : 0);
  }
  function n(number) { return number.toLocaleString(LOCALE); }

  function setUp(box) {
    var limit = parseInt(box.dataset.maxChars, 10);
    if (!limit || box.dataset.limitReady) return;
    box.dataset.limitReady = "1";
    var counter = document.createElement("div");
    counter.className = "form-text text-limit d-none";
    counter.id = (box.id || "text") + "-limit";
    counter.setAttribute("aria-live", "polite");
    box.insertAdjacentElement("afterend", counter);
    var described = box.getAttribute("aria-describedby");
    box.setAttribute("aria-describedby", (described ? described + " " : "") + counter.id);

    function show() {
      var used = count(box.value);
      var over = used - limit;
      counter.classList.toggle("d-none", used < limit * NEAR);
      counter.classList.toggle("text-danger", over > 0);
      counter.removeAttribute("role");
      if (over > 0) {
        counter.textContent = interpolate(
          gettext("%(used)s of %(limit)s characters: %(over)s too many. Shorten it to save; nothing is cut."),
          {used: n(used), limit: n(limit), over: n(over)}, true);
        box.setAttribute("aria-invalid", "true");
      } else {
        counter.textContent = interpolate(gettext("%(used)s of %(limit)s characters"), {used: n(used), limit: n(limit)}, true);
        if (!box.classList.contains("is-invalid")) box.removeAttribute("aria-invalid");
      }
    }

    function refuse(event, incoming) {
      var selected = count(box.value.slice(box.selectionStart, box.selectionEnd));
      var after = count(box.value) - selected + count(incoming);
      if (after <= limit) return;
      event.preventDefault();
      counter.classList.remove("d-none");
      counter.classList.add("text-danger");
      counter.setAttribute("role", "alert");
      counter.textContent = interpolate(
        gettext("Not pasted: that text is %(pasted)s characters, and this box holds %(limit)s (it has %(used)s already). Paste it in parts or shorten it first; what you typed is unchanged."),
        {pasted: n(count(incoming)), limit: n(limit), used: n(count(box.value))}, true);
    }

    box.addEventListener("input", show);
    box.addEventListener("paste", function (event) {
      var data = event.clipboardData || window.clipboardData;
      if (data) refuse(event, data.getData("text"));
    });
    box.addEventListener("drop", function (event) {
      if (event.dataTransfer) refuse(event, event.dataTransfer.getData("text"));
    });
    show();
  }

  function setUpWithin(root) {
    if (!root.querySelectorAll) return;
    if (root.matches && root.matches("textarea[data-max-chars]")) setUp(root);
    Array.prototype.forEach.call(root.querySelectorAll("textarea[data-max-chars]"), setUp);
  }
  setUpWithin(document);
  // Text boxes that arrive later (htmx fragments such as a reply form).
  document.body.addEventListener("htmx:load", function (event) { setUpWithin(event.detail.elt); });
})();
