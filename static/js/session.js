/* Warn before the idle session limit, and let the person stay signed in.
 * Any request to the server (a page, an autosave) restarts the clock. */
(function () {
  "use strict";
  var body = document.body;
  var idle = parseInt(body.dataset.sessionIdle || "0", 10);
  var warning = document.getElementById("session-warning");
  if (!idle || !warning) return;
  var warnBefore = Math.min(5 * 60, Math.floor(idle / 3));
  var last = Date.now();
  var form = document.getElementById("session-keepalive-form");

  function reset() { last = Date.now(); warning.classList.add("d-none"); }
  document.body.addEventListener("htmx:afterRequest", reset);

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
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
        "You have been signed out after a period of inactivity. Unsaved text is kept in this browser; sign in again to save it.";
      warning.querySelector("form").classList.add("d-none");
      warning.classList.remove("d-none");
    }
  }, 15000);
})();
