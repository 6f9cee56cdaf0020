/* Time zones (issue 13): the banner proposing the zone this browser reports
 * to someone who has not chosen one (saved only when they press Confirm),
 * and on the profile the time now in a zone picked in the select.
 */
(function () {
  "use strict";
  var DISMISSED = "pbas.timeZoneBanner.dismissed";

  function browserZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  function remembered() {
    try { return window.sessionStorage.getItem(DISMISSED) === "1"; } catch (error) { return false; }
  }

  function remember() {
    try { window.sessionStorage.setItem(DISMISSED, "1"); } catch (error) { /* private mode */ }
  }

  function setUpBanner() {
    var banner = document.querySelector("[data-time-zone-banner]");
    var zone = browserZone();
    if (!banner || !zone || remembered()) return;
    banner.querySelector("[data-time-zone-name]").textContent = zone;
    banner.querySelector("[data-time-zone-input]").value = zone;
    banner.hidden = false;
    banner.querySelector("[data-time-zone-dismiss]").addEventListener("click", function () {
      banner.hidden = true;
      remember();
    });
  }

  function setUpClock() {
    var clock = document.querySelector("[data-time-zone-clock]");
    var select = clock && clock.closest("form").querySelector("select[name=time_zone]");
    if (!select) return;
    function show() {
      var option = select.options[select.selectedIndex];
      // The saved zone's time is on the page already; say it for a new pick.
      if (!option || !option.value || option.defaultSelected) {
        clock.textContent = "";
        return;
      }
      try {
        var now = new Intl.DateTimeFormat("en-GB", {
          timeZone: option.value, weekday: "long", hour: "2-digit", minute: "2-digit"
        }).format(new Date());
        clock.textContent = "In " + option.value + " it is now " + now + ".";
      } catch (error) {
        clock.textContent = "";
      }
    }
    select.addEventListener("change", show);
    show();
  }

  setUpBanner();
  setUpClock();
})();
