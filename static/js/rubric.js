// The marking sheet's running total while an examiner or mentor types: the
// criteria's weighted sum, as examinations.marking computes it (rounded half
// up), with the outcome the cohort's bands suggest. Only a preview: the
// server computes the total that is recorded, and says so after saving.
(function () {
  "use strict";
  // Django's catalogue (/i18n/messages.js, loaded first); English without it.
  var gettext = window.gettext || function (s) { return s; };
  var interpolate = window.interpolate || function (f, o) {
    return f.replace(/%\((\w+)\)s/g, function (_m, k) { return o[k]; });
  };
  var OUTCOMES = [
    ["distinction", gettext("Accredited with distinction")],
    ["accredited", gettext("Accredited")],
    ["resubmit", gettext("Resubmission required")],
  ];

  function update(sheet) {
    var total = 0;
    var complete = true;
    sheet.querySelectorAll(".rubric-criterion").forEach(function (row) {
      var input = row.querySelector("input[type=number]");
      var weight = Number(row.dataset.weight);
      var max = Number(row.dataset.max);
      var mark = input && input.value !== "" ? Number(input.value) : NaN;
      if (isNaN(mark) || mark < 0 || mark > max) {
        complete = false;
        return;
      }
      total += (weight * mark) / max;
    });
    var totalOut = sheet.querySelector("[data-rubric-total]");
    var suggestedOut = sheet.querySelector("[data-rubric-suggested]");
    if (!complete) {
      totalOut.textContent = gettext("give every criterion a mark");
      suggestedOut.textContent = "";
      return;
    }
    var rounded = Math.floor(total + 0.5 + 1e-9);
    var suggested = gettext("Not accredited");
    for (var i = 0; i < OUTCOMES.length; i++) {
      if (rounded >= Number(sheet.dataset[OUTCOMES[i][0]])) {
        suggested = OUTCOMES[i][1];
        break;
      }
    }
    totalOut.textContent = rounded + " / 100";
    suggestedOut.textContent = interpolate(gettext("(suggests “%(outcome)s”; recorded when you save)"), {outcome: suggested}, true);
  }

  document.querySelectorAll("[data-rubric]").forEach(function (sheet) {
    sheet.addEventListener("input", function () { update(sheet); });
    update(sheet);
  });
})();
