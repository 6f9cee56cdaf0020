/* Time zones (issue 13): the banner proposing the zone this browser reports
 * to someone who has not chosen one (saved only when they press Confirm),
 * and on the profile the time now in a zone picked in the select.
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
        var now = new Intl.DateTimeFormat(LOCALE, {
          timeZone: option.value, weekday: "long", hour: "2-digit", minute: "2-digit"
        }).format(new Date());
        clock.textContent = interpolate(gettext("In %(zone)s it is now %(time)s."), {zone: option.value, time: now}, true);
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
