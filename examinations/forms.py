"""Forms for examination. Forms only validate; services write."""

from django import forms
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from examinations import deadlines, marking
from examinations.models import (
    PAPER_MAX_CHARS,
    AssessmentCriterion,
    MarkingScheme,
    Outcome,
    ProgrammeSetting,
)
from library.textbox import TextBox
from pbas_logbook.models import User

MARK_FIELD = {
    "min_value": 0,
    "max_value": 100,
    "error_messages": {
        "min_value": _("A mark is between 0 and 100."),
        "max_value": _("A mark is between 0 and 100."),
        "invalid": _("Enter the mark as a whole number between 0 and 100."),
    },
}


def _paper_too_long() -> str:
    """The paper's length error, worded at use: the limit is written in,
    and ``%(show_value)s`` is left for the field's error to fill."""
    return gettext(
        "The paper can be at most %(limit)s characters (it has %(show_value)s). "
        "Nothing is lost: your text is still here."
    ) % {"limit": f"{PAPER_MAX_CHARS:,}", "show_value": "%(show_value)s"}


class PaperForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    body = TextBox(
        label=_("Final paper: my brokering journey"),
        required=False,
        max_length=PAPER_MAX_CHARS,
        rows=24,
        help_text=_("Markdown. Saved automatically as you write."),
        error_messages={"max_length": lazy(_paper_too_long, str)()},
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ConfirmSubmissionForm(forms.Form):
    expected_version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


def reason_box(label: str, help_text: str) -> TextBox:
    """A written reason the services ask for in some cases only (an outcome
    against the total, a moderated decision): optional on the form."""
    return TextBox(
        label=label,
        rows=3,
        max_length=4000,
        what=_("The reason"),
        required=False,
        help_text=help_text,
    )


class _RubricMixin:
    """A mark and a comment for each criterion of the cohort's sheet.

    The form gathers them for the saving service into ``criterion_marks``
    ({criterion id: mark}) and ``criterion_notes`` ({criterion id: comment});
    the service computes the weighted total (examinations.marking), which is
    never typed. A sheet without criteria (none set) keeps a typed mark."""

    total_field = "mark"

    def add_criterion_fields(self, criteria, initial_notes, initial_marks):
        self.criteria = list(criteria)
        for criterion in self.criteria:
            key = str(criterion.pk)
            named = {"criterion": criterion.name, "max_mark": criterion.max_mark}
            out_of_range = gettext("%(criterion)s is marked from 0 to %(max_mark)s.") % named
            self.fields[f"mark_{key}"] = forms.IntegerField(
                label=gettext("%(criterion)s: mark out of %(max_mark)s") % named,
                min_value=0,
                max_value=criterion.max_mark,
                initial=(initial_marks or {}).get(key),
                error_messages={
                    "required": gettext("Give %(criterion)s a mark.") % named,
                    "min_value": out_of_range,
                    "max_value": out_of_range,
                    "invalid": gettext("Enter a whole number from 0 to %(max_mark)s.") % named,
                },
            )
            self.fields[f"criterion_{key}"] = TextBox(
                label=gettext("Comment on %(criterion)s") % named,
                required=False,
                max_length=4000,
                what=gettext("This comment"),
                rows=2,
                initial=(initial_notes or {}).get(key, ""),
            )
        if self.criteria:
            # The total is the criteria's weighted sum, computed.
            del self.fields[self.total_field]

    def rubric_rows(self):
        """(criterion, mark field, comment field) for the template."""
        return [(c, self[f"mark_{c.pk}"], self[f"criterion_{c.pk}"]) for c in self.criteria]

    def clean(self):
        cleaned = super().clean()
        marks, notes = {}, {}
        for criterion in self.criteria:
            key = str(criterion.pk)
            mark = cleaned.pop(f"mark_{key}", None)
            if mark is not None:
                marks[key] = mark
            note = cleaned.pop(f"criterion_{key}", "").strip()
            if note:
                notes[key] = note
        cleaned["criterion_marks"] = marks
        cleaned["criterion_notes"] = notes
        return cleaned


class AssessmentForm(_RubricMixin, forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Choose an outcome")), *Outcome.choices],
        error_messages={"invalid_choice": _("Choose one of the listed outcomes.")},
    )
    outcome_reason = reason_box(
        _("Why this outcome"), _("Needed when the outcome is not the one the total suggests.")
    )
    mark = forms.IntegerField(label=_("Mark (out of 100)"), **MARK_FIELD)
    feedback = TextBox(
        label=_("Written feedback"),
        rows=8,
        max_length=50_000,
        what=_("The feedback"),
        help_text=_("Markdown. The candidate reads it once the result is released."),
    )

    def __init__(self, *args, criteria, initial_notes=None, initial_marks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_criterion_fields(criteria, initial_notes, initial_marks)


class MentorReportForm(_RubricMixin, forms.Form):
    total_field = "proposed_mark"
    body = TextBox(
        label=_("Report for the examiner"),
        rows=8,
        max_length=50_000,
        what=_("The report"),
        help_text=_(
            "How the candidate worked over the programme. The candidate sees it "
            "once the result is released."
        ),
    )
    proposed_mark = forms.IntegerField(label=_("Proposed mark (out of 100)"), **MARK_FIELD)

    def __init__(self, *args, criteria, initial_notes=None, initial_marks=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_criterion_fields(criteria, initial_notes, initial_marks)


def due_field(widget_class=None, **kwargs) -> forms.DateTimeField:
    """The date and time an assessment is due, in the programme's zone."""
    attrs = {"type": "datetime-local"} | ({"class": widget_class} if widget_class else {})
    return forms.DateTimeField(
        label=_("Assessment due"),  # the zone is named per request (_DueForm)
        widget=forms.DateTimeInput(attrs=attrs, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={
            "required": _("Choose the date and time the assessment is due."),
            "invalid": _("Enter a date and time, e.g. 2027-01-15 17:00."),
        },
        **kwargs,
    )


class _DueForm(forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Typed and shown in the request's zone, so that zone is named.
        self.fields["due_at"].label = gettext("Assessment due (%(zone)s time)") % {
            "zone": deadlines.zone_name()
        }

    def clean_due_at(self):
        due_at = self.cleaned_data["due_at"]
        problem = deadlines.due_problem(due_at)
        if problem:
            raise forms.ValidationError(problem)
        return due_at


class AssignExaminerForm(_DueForm):
    examiner = forms.ModelChoiceField(
        label=_("Examiner"),
        queryset=User.objects.filter(is_examiner=True, is_active=True).order_by("full_name"),
        error_messages={"invalid_choice": _("Choose an examiner from the list.")},
    )
    due_at = due_field(initial=deadlines.default_due)

    def __init__(self, data=None, *args, **kwargs):
        # The page's form always sends the field (filled with the default);
        # a post without it at all (a script, an older page) gets the
        # default rather than a refusal. Sent empty, it is refused.
        if data is not None and "due_at" not in data:
            data = data.copy()
            due = timezone.localtime(deadlines.default_due())
            data["due_at"] = due.strftime("%Y-%m-%dT%H:%M")
        super().__init__(data, *args, **kwargs)


class DueDateForm(_DueForm):
    """A new due date for one examiner's assignment (rendered by hand, in a
    row of the manage page: the widget carries Bootstrap's classes)."""

    due_at = due_field(widget_class="form-control form-control-sm")

    def full_clean(self):
        super().full_clean()
        invalid = " is-invalid" if "due_at" in self.errors else ""
        self.fields["due_at"].widget.attrs["class"] = "form-control form-control-sm" + invalid


class KeepExaminersForm(_DueForm):
    """The previous version's examiners kept, due at one date."""

    due_at = due_field(initial=deadlines.default_due)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Final outcome"),
        choices=[("", _("Choose an outcome")), *Outcome.choices],
        error_messages={"invalid_choice": _("Choose one of the listed outcomes.")},
    )
    mark = forms.IntegerField(label=_("Final mark (out of 100)"), required=False, **MARK_FIELD)
    moderation_reason = reason_box(
        _("Why this agreed mark and outcome"),
        _("Needed when the examiners' assessments are moderated."),
    )
    feedback = TextBox(
        label=_("Feedback to the candidate"),
        rows=6,
        max_length=50_000,
        what=_("The feedback"),
        required=False,
    )


class ReleaseForm(forms.Form):
    """When the candidate sees the result: at once, or at a date and time."""

    when = forms.ChoiceField(
        label=_("Release the result"),
        choices=[("now", _("Now")), ("at", _("At a date and time"))],
        initial="now",
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose when to release the result.")},
    )
    release_at = forms.DateTimeField(
        label=_("Date and time"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
        error_messages={"invalid": _("Enter a date and time, e.g. 2027-01-15 09:00.")},
    )

    def clean(self):
        cleaned = super().clean()
        wanted_a_time = cleaned.get("when") == "at" and "release_at" not in self.errors
        if wanted_a_time and not cleaned.get("release_at"):
            self.add_error("release_at", gettext("Choose the date and time of the release."))
        # What the release services take: None for "now".
        cleaned["at"] = cleaned.get("release_at") if cleaned.get("when") == "at" else None
        return cleaned


class CriterionForm(forms.ModelForm):
    class Meta:
        model = AssessmentCriterion
        fields = ["name", "description", "weight", "max_mark", "bands", "position"]
        widgets = {"bands": forms.Textarea(attrs={"rows": 3})}
        help_texts = {"bands": _("One band a line, from 0 up: “0: Describes events only”.")}

    def clean(self):
        cleaned = super().clean()
        if "bands" in cleaned and cleaned.get("max_mark"):
            try:
                marking.parse_bands(cleaned["bands"], cleaned["max_mark"])
            except forms.ValidationError as error:
                self.add_error("bands", error)
        return cleaned


CriterionFormSet = forms.modelformset_factory(
    AssessmentCriterion, form=CriterionForm, extra=1, can_delete=True
)


class MarkingSchemeForm(forms.ModelForm):
    class Meta:
        model = MarkingScheme
        fields = [
            "examiners_required",
            "moderation_threshold",
            "distinction_from",
            "accredited_from",
            "resubmit_from",
        ]

    def clean(self):
        cleaned = super().clean()
        bands = [cleaned.get(f) for f in ("resubmit_from", "accredited_from", "distinction_from")]
        if None not in bands and not bands[0] <= bands[1] <= bands[2]:
            self.add_error(
                "accredited_from",
                gettext(
                    "The bands go up: resubmission from, then accredited from, "
                    "then distinction from."
                ),
            )
        return cleaned


class ProgrammeSettingForm(forms.ModelForm):
    class Meta:
        model = ProgrammeSetting
        fields = ["examiners_see_mentor_comments"]
