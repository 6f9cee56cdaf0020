/* The entry editor: nothing typed is lost.
 *
 * - htmx autosaves the form a few seconds after typing stops (see the form's
 *   hx-* attributes); this file tracks whether the page holds unsaved text.
 * - Every keystroke is also copied to localStorage, so a closed tab, a crash
 *   or an expired session never loses text: on the next visit the writer is
 *   offered to restore it.
 * - Leaving the page with unsaved text asks first.
 * No inline scripts: the Content-Security-Policy forbids them.
 */
(function () {
  "use strict";
  var form = document.querySelector("form[data-storage-key]");
  if (!form) return;
  var key = form.dataset.storageKey;
  var dirty = false;
  var leaving = false;

  function fieldValues() {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden" || el.type === "submit" || el.type === "button") return;
      if (el.type === "checkbox" || el.type === "radio") {
        values[el.name + "=" + el.value] = el.checked;
      } else {
        values[el.name] = el.value;
      }
    });
    return values;
  }

  function applyValues(values) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.type === "hidden") return;
      if (el.type === "checkbox" || el.type === "radio") {
        var k = el.name + "=" + el.value;
        if (k in values) el.checked = values[k];
      } else if (el.name in values) {
        el.value = values[el.name];
      }
    });
  }

  function store() {
    try {
      localStorage.setItem(key, JSON.stringify({ at: new Date().toISOString(), values: fieldValues() }));
    } catch (e) { /* storage full or disabled: the server copy still autosaves */ }
  }

  function forget() {
    try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
    try { localStorage.removeItem(form.dataset.storageKey); } catch (e) { /* ignore */ }
  }

  function markDirty() { dirty = true; store(); }

  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);

  // Offer text this browser kept but the server never confirmed.
  (function offerRestore() {
    var raw = null;
    try { raw = localStorage.getItem(key); } catch (e) { return; }
    if (!raw) return;
    var saved;
    try { saved = JSON.parse(raw); } catch (e) { forget(); return; }
    var current = JSON.stringify(fieldValues());
    if (JSON.stringify(saved.values) === current) { forget(); return; }
    var banner = document.getElementById("restore-banner");
    if (!banner) return;
    banner.querySelector(".restore-when").textContent = new Date(saved.at).toLocaleString();
    banner.classList.remove("d-none");
    document.getElementById("restore-local").addEventListener("click", function () {
      applyValues(saved.values);
      banner.classList.add("d-none");
      markDirty();
      if (window.htmx) window.htmx.trigger(form, "change");
    });
    document.getElementById("discard-local").addEventListener("click", function () {
      forget();
      banner.classList.add("d-none");
    });
  })();

  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.elt !== form) return;
    var xhr = event.detail.xhr;
    var status = document.getElementById("save-status");
    if (xhr && xhr.responseURL && xhr.responseURL.indexOf("/accounts/login/") !== -1) {
      // The session ended: keep everything locally and say how to recover.
      status.innerHTML = "";
      var msg = document.createElement("span");
      msg.className = "text-danger";
      msg.setAttribute("role", "alert");
      msg.textContent = "Not saved: you have been signed out. Your text is kept in this browser. " +
        "Sign in again in a new tab, then come back here and press Save.";
      status.appendChild(msg);
      return;
    }
    if (event.detail.successful && status.querySelector("[data-saved]")) {
      dirty = false;
      forget();
      // The first save of a new entry gave it an address: keep the local copy under it.
      var id = document.getElementById("entry-id");
      if (id && id.value) key = "pbas-entry-" + id.value;
    }
  });

  // The network or the server failed (a restart, an outage): keep the text
  // locally, say so, and try again until a save succeeds.
  function retryLater(message) {
    var status = document.getElementById("save-status");
    status.textContent = message + " Your text is kept in this browser; retrying in 10 seconds.";
    setTimeout(function () { if (dirty && window.htmx) window.htmx.trigger(form, "change"); }, 10000);
  }
  document.body.addEventListener("htmx:sendError", function (event) {
    if (event.detail.elt === form) retryLater("Not saved: the connection failed.");
  });
  document.body.addEventListener("htmx:responseError", function (event) {
    if (event.detail.elt !== form) return;
    var code = event.detail.xhr ? event.detail.xhr.status : 0;
    if (code >= 500) retryLater("Not saved: the server had a problem.");
  });

  form.addEventListener("submit", function () { leaving = true; });
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".discard-local")) { leaving = true; forget(); }
  });

  window.addEventListener("beforeunload", function (event) {
    if (dirty && !leaving) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
})();
