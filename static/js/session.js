/* The session as the page sees it.
 *
 * 1. Warn before the idle session limit, and let the person stay signed in.
 *    Any request to the server (a page, an autosave) restarts the clock.
 * 2. window.pbasSession: ask the server who this browser is signed in as now
 *    (GET /session/status/), take the fresh CSRF token it gives, and hear when
 *    the person signed in again in another tab. A page left open while the
 *    session was replaced (signed out and in elsewhere) would otherwise post a
 *    stale token and get a "CSRF verification failed" page.
 * 3. Before a plain POST form is sent, if another tab signed in or out since
 *    this page was drawn, the token is refreshed first (or, signed out or as
 *    someone else, the form is not sent and the page says why).
 */
(function () {
  "use strict";
  // Django's catalogue (/i18n/messages.js, loaded first); English without it.
  var gettext = window.gettext || function (s) { return s; };
  var body = document.body;
  var SIGNAL = "pbas-session-changed";

  // --- 2. Who is signed in, and a token that works ------------------------
  function status() {
    return fetch(body.dataset.sessionStatusUrl, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      if (!response.ok) throw new Error("status " + response.status);
      return response.json();
    });
  }

  function adoptToken(token) {
    if (!token) return;
    Array.prototype.forEach.call(
      document.querySelectorAll('input[name="csrfmiddlewaretoken"]'),
      function (input) { input.value = token; }
    );
  }

  // "same": the session is (again) the one this page was drawn for, signed in
  // or not (the fresh token is adopted); "signed-out"; "signed-in": the page
  // was drawn signed out and someone signed in since; "other": someone else
  // is signed in now; "offline": no answer.
  function check() {
    return status().then(function (answer) {
      var mine = body.dataset.user || null;
      var now = answer.user === null ? null : String(answer.user);
      if (now !== mine) {
        if (now === null) return "signed-out";
        return mine === null ? "signed-in" : "other";
      }
      adoptToken(answer.csrf);
      changed = false;
      cookieAtLoad = csrfCookie();
      return "same";
    }, function () { return "offline"; });
  }

  // Signing in again rotates the CSRF cookie; the page's token then no longer works.
  function csrfCookie() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]*)/);
    return match ? match[1] : "";
  }
  var cookieAtLoad = csrfCookie();
  var changed = false;
  var listeners = [];
  function tellOthers() {
    try { localStorage.setItem(SIGNAL, String(Date.now())); } catch (e) { /* private mode */ }
  }
  window.addEventListener("storage", function (event) {
    if (event.key !== SIGNAL) return;
    changed = true;
    listeners.forEach(function (fn) { fn(); });
  });
  // Signing in, out, or in again in another tab replaces the session here too.
  if (document.getElementById("signed-in-again") || document.querySelector("form[data-sign-in-form]") ||
      document.getElementById("signed-out-page")) {
    tellOthers();
  }

  function mayHaveChanged() { return changed || csrfCookie() !== cookieAtLoad; }

  window.pbasSession = {
    check: check,
    signInAgainUrl: body.dataset.signInAgainUrl,
    // Called when another tab of this browser signed in or out.
    onChange: function (fn) { listeners.push(fn); },
    mayHaveChanged: mayHaveChanged
  };

  // --- 3. Plain POST forms: never a stale token ---------------------------
  function say(form, text) {
    var note = form.querySelector(".session-note");
    if (!note) {
      note = document.createElement("p");
      note.className = "session-note text-danger small mt-2 mb-0";
      note.setAttribute("role", "alert");
      form.appendChild(note);
    }
    note.textContent = text;
  }
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!mayHaveChanged() || event.defaultPrevented || form.dataset.ownSessionCheck !== undefined) return;
    if ((form.method || "").toLowerCase() !== "post" || form.hasAttribute("hx-post")) return;
    event.preventDefault();
    var submitter = event.submitter;
    check().then(function (state) {
      if (state === "same") {
        if (form.requestSubmit) form.requestSubmit(submitter || undefined); else form.submit();
      } else if (state === "signed-in") {
        window.location.assign("/");  // signed in in another tab: nothing to send
      } else if (form.dataset.signOutForm !== undefined && state !== "offline") {
        window.location.assign(window.pbasSession.signInAgainUrl.split("?")[0]);
      } else if (state === "signed-out") {
        say(form, gettext("Not sent: you were signed out in another tab. Sign in again, then send this again."));
      } else if (state === "other") {
        say(form, gettext("Not sent: this browser is now signed in as someone else (in another tab)."));
      } else {
        say(form, gettext("Not sent: the connection failed. Check it and try again."));
      }
    });
  }, true);

  // --- 1. Idle warning ----------------------------------------------------
  var idle = parseInt(body.dataset.sessionIdle || "0", 10);
  var warning = document.getElementById("session-warning");
  if (!idle || !warning) return;
  var warnBefore = Math.min(5 * 60, Math.floor(idle / 3));
  var last = Date.now();
  var keepalive = document.getElementById("session-keepalive-form");

  function reset() { last = Date.now(); warning.classList.add("d-none"); }
  document.body.addEventListener("htmx:afterRequest", reset);

  keepalive.dataset.ownSessionCheck = "";
  keepalive.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(keepalive.action, {
      method: "POST",
      body: new FormData(keepalive),
      credentials: "same-origin",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.ok) reset();
      else window.location.reload();
    });
  });

  setInterval(function () {
    var left = idle - (Date.now() - last) / 1000;
    if (left <= warnBefore && left > 0) {
      warning.querySelector(".session-minutes").textContent = String(Math.max(1, Math.ceil(left / 60)));
      warning.classList.remove("d-none");
    } else if (left <= 0) {
      warning.querySelector("span").textContent =
        gettext("You have been signed out after a period of inactivity. Unsaved text is kept in this browser; sign in again to save it.");
      warning.querySelector("form").classList.add("d-none");
      warning.classList.remove("d-none");
    }
  }, 15000);
})();
