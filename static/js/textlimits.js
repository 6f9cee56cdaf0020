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
  var NEAR = 0.8;  // show the counter from 80% of the limit
  var ASTRAL = /[\uD800-\uDBFF][\uDC00-\uDFFF]/g;

  function count(text) {
    text = (text || "").replace(/\r\n?/g, "\n");
    var pairs = text.match(ASTRAL);
    return text.length - (pairs ? pairs.length : 0);
  }
  function n(number) { return number.toLocaleString("en-GB"); }

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
        counter.textContent = n(used) + " of " + n(limit) + " characters: " + n(over) +
          " too many. Shorten it to save; nothing is cut.";
        box.setAttribute("aria-invalid", "true");
      } else {
        counter.textContent = n(used) + " of " + n(limit) + " characters";
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
      counter.textContent = "Not pasted: that text is " + n(count(incoming)) +
        " characters, and this box holds " + n(limit) + " (it has " + n(count(box.value)) +
        " already). Paste it in parts or shorten it first; what you typed is unchanged.";
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
