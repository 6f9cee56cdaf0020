/* The entry editor: nothing typed is lost, and the page never says "Saved"
 * unless the server confirmed this save.
 *
 * - htmx autosaves the form a few seconds after typing stops (see the form's
 *   hx-* attributes). A save counts as saved only when its answer carries the
 *   X-Saved-Version header (entries/views.py entry_autosave); every other
 *   answer (signed out, 403, 409, 413, 422, 5xx, no connection) is said as
 *   "Not saved" with what to do.
 * - Every keystroke is also copied to localStorage (with the id the page gave
 *   a new entry), so a closed tab, a crash or an expired session never loses
 *   text: on the next visit the writer is offered to restore it.
 * - A session that ended or was replaced in another tab is found out with
 *   window.pbasSession (static/js/session.js): signed in again as the same
 *   person, the page takes the fresh CSRF token and saves at once; signed
 *   out, it offers "Sign in again" in a new tab and saves when that tab says
 *   the person is back; someone else signed in, it sends nothing.
 * - Save draft / Share check the session the same way before the page is
 *   sent, so a person who did what the page said never meets a CSRF error.
 * - Leaving the page with unsaved text asks first.
 * No inline scripts: the Content-Security-Policy forbids them.
 */
(function () {
  "use strict";
  // Django's catalogue (/i18n/messages.js, loaded first); English without it.
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (f, o) {
    return f.replace(/%\((\w+)\)s/g, function (_m, k) { return o[k]; });
  };
  var form = document.querySelector("form[data-storage-key]");
  if (!form) return;
  var key = form.dataset.storageKey;
  var dirty = false;
  var leaving = false;
  var blocked = null;  // why saving is paused: "signed-out" or "other"
  var tokenRetries = 0;
  var submitting = false;
  form.dataset.ownSessionCheck = "";  // session.js: this form checks for itself

  function statusBox() { return document.getElementById("save-status"); }

  // Replace the status with one message; ``link`` adds "Sign in again".
  function say(text, tone, link) {
    var box = statusBox();
    box.textContent = "";
    var msg = document.createElement("span");
    msg.className = tone === "bad" ? "text-danger save-failed" : "text-body-secondary";
    if (tone === "bad") msg.setAttribute("role", "alert");
    msg.textContent = text;
    box.appendChild(msg);
    if (link) {
      var a = document.createElement("a");
      a.href = window.pbasSession.signInAgainUrl;
      a.target = "_blank";
      a.className = "btn btn-sm btn-danger ms-2 sign-in-again";
      a.textContent = gettext("Sign in again (new tab)");
      box.appendChild(a);
    }
  }

  function newEntryInput() { return document.getElementById("new-entry-id"); }

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
    var newId = newEntryInput();
    try {
      localStorage.setItem(key, JSON.stringify({
        at: new Date().toISOString(),
        values: fieldValues(),
        newEntry: newId && !document.getElementById("entry-id").value ? newId.value : null
      }));
    } catch (e) {
      say(gettext("Not kept in this browser: its storage is full or switched off. Your text is still on this page; keep the page open until it says Saved."), "bad");
    }
  }

  function forget() {
    try { localStorage.removeItem(key); } catch (e) { /* ignore */ }
    try { localStorage.removeItem(form.dataset.storageKey); } catch (e) { /* ignore */ }
  }

  // The page holds text the server has not confirmed: never leave an older
  // "Saved 15:48" standing beside it.
  function markDirty() {
    dirty = true;
    store();
    if (!blocked && statusBox().querySelector(".save-ok, .text-body-secondary")) {
      say(gettext("Unsaved changes: saving in a moment…"));
    }
  }

  form.addEventListener("input", markDirty);
  form.addEventListener("change", markDirty);

  function saveNow() { if (dirty && window.htmx) window.htmx.trigger(form, "change"); }

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
      // The kept text may already be an entry (its save landed, the answer
      // did not): writing under the same id updates it instead of a twin.
      var newId = newEntryInput();
      if (newId && saved.newEntry) newId.value = saved.newEntry;
      banner.classList.add("d-none");
      markDirty();
      saveNow();
    });
    document.getElementById("discard-local").addEventListener("click", function () {
      forget();
      banner.classList.add("d-none");
    });
  })();

  // --- The session ---------------------------------------------------------
  function pause(state) {
    blocked = state;
    if (state === "signed-out") {
      say(gettext("Not saved: you have been signed out. Your text is kept in this browser, and this page saves it as soon as you have signed in again."), "bad", true);
    } else {
      say(gettext("Not saved: this browser is now signed in as someone else (in another tab). Your text is kept in this browser; sign out there and sign in as yourself to save it."),
          "bad", true);
    }
  }

  // After a refused save or a sign-in elsewhere: find out who is signed in.
  function recheck() {
    return window.pbasSession.check().then(function (state) {
      if (state === "same") {
        blocked = null;
        return state;
      }
      if (state === "offline") {
        retryLater(gettext("Not saved: the connection failed."));
      } else {
        pause(state);
      }
      return state;
    });
  }

  function resumeIfBack() {
    if (!blocked) return;
    recheck().then(function (state) {
      if (state === "same") {
        say(gettext("Signed in again; saving your text…"));
        saveNow();
      }
    });
  }
  window.pbasSession.onChange(resumeIfBack);
  window.addEventListener("focus", resumeIfBack);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible") resumeIfBack();
  });

  // --- Autosave answers ----------------------------------------------------
  // htmx names the form as ``elt`` in some events and only in the request's
  // config in others (beforeSwap's ``elt`` is the target).
  function isMine(event) {
    var config = event.detail.requestConfig;
    return event.detail.elt === form || Boolean(config && config.elt === form);
  }

  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (!isMine(event)) return;
    if (blocked) { event.preventDefault(); return; }  // it would only be refused
    say(gettext("Saving…"));
  });

  document.body.addEventListener("htmx:beforeSwap", function (event) {
    if (!isMine(event)) return;
    var xhr = event.detail.xhr;
    if (xhr.responseURL && xhr.responseURL.indexOf("/accounts/login/") !== -1) {
      // Sent to the login page: the session ended. Never show that page here.
      event.detail.shouldSwap = false;
      event.detail.isError = false;
      pause("signed-out");
    }
  });

  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (!isMine(event)) return;
    var xhr = event.detail.xhr;
    if (!(event.detail.successful && xhr && xhr.getResponseHeader("X-Saved-Version"))) return;
    tokenRetries = 0;
    dirty = false;
    forget();
    // The first save of a new entry gave it an address: keep the local copy under it.
    var id = document.getElementById("entry-id");
    if (id && id.value) key = "pbas-entry-" + id.value;
  });

  // The network or the server failed (a restart, an outage): keep the text
  // locally, say so, and try again until a save succeeds.
  function retryLater(message) {
    say(interpolate(gettext("%(reason)s Your text is kept in this browser; retrying in 10 seconds."), {reason: message}, true), "bad");
    setTimeout(saveNow, 10000);
  }

  document.body.addEventListener("htmx:sendError", function (event) {
    if (isMine(event)) retryLater(gettext("Not saved: the connection failed."));
  });

  document.body.addEventListener("htmx:responseError", function (event) {
    if (!isMine(event)) return;
    var code = event.detail.xhr ? event.detail.xhr.status : 0;
    if (code === 401) {
      // Signed out (pbas_logbook/login_required.py); perhaps back in since.
      recheck().then(function (state) { if (state === "same") saveNow(); });
    } else if (code === 403) {
      // Signed in again elsewhere: the page's token is stale.
      if (tokenRetries >= 1) {
        say(interpolate(gettext("Not saved: the server refused this save (%(code)s). Your text is kept in this browser; reload the page and restore it."), {code: code}, true), "bad");
        return;
      }
      tokenRetries += 1;
      say(gettext("Not saved yet: checking that you are still signed in…"), "bad");
      recheck().then(function (state) { if (state === "same") saveNow(); });
    } else if (code === 413) {
      say(gettext("Not saved: this entry is too large to send. Shorten the longest section; your text is still here and kept in this browser."), "bad");
    } else if (code >= 500) {
      retryLater(gettext("Not saved: the server had a problem."));
    } else {
      say(interpolate(gettext("Not saved: the server answered %(code)s. Your text is kept in this browser; press Save draft to try again."), {code: code}, true), "bad");
    }
  });

  // --- Save draft, Share, Keep my version ----------------------------------
  form.addEventListener("submit", function (event) {
    if (submitting) {  // a double click: the first is on its way
      event.preventDefault();
      return;
    }
    if (form.dataset.sessionChecked === "1") {
      submitting = true;
      leaving = true;
      return;
    }
    event.preventDefault();
    // Remember the button's choice now: "Saving…" below replaces the status
    // box, and "Keep my version" lives inside it (the conflict panel).
    var submitter = event.submitter;
    var choice = submitter && submitter.name ? {name: submitter.name, value: submitter.value} : null;
    var action = submitter && submitter.hasAttribute("formaction") ? submitter.formAction : null;
    say(gettext("Saving…"));
    recheck().then(function (state) {
      if (state !== "same") return;  // recheck said why on the page
      form.dataset.sessionChecked = "1";
      if (submitter && submitter.isConnected && form.requestSubmit) {
        form.requestSubmit(submitter);
        return;
      }
      if (choice) {
        var carried = document.createElement("input");
        carried.type = "hidden";
        carried.name = choice.name;
        carried.value = choice.value;
        form.appendChild(carried);
      }
      if (action) form.action = action;
      submitting = true;
      leaving = true;
      form.submit();  // no submit event: this is the checked, final send
    });
  });
  // Back from the next page (the browser's page cache): the form may be sent again.
  window.addEventListener("pageshow", function () {
    submitting = false;
    leaving = false;
    delete form.dataset.sessionChecked;
  });

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
