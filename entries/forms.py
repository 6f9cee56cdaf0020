"""Forms for the logbook. Forms only validate; services write."""

import json

from django import forms
from django.db.models import Value
from django.db.models.functions import Lower
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from entries.models import SECTION_MAX_CHARS, Heading, Partnership
from entries.services import EntryText
from entries.vocabulary import SUGGESTED_TOOLS, BrokerPosition, Phase
from library.textbox import TextBox

MAX_FREE_TAGS = 20
HEADINGS_CHANGED = _(
    "Your headings changed in another window after this page was opened, so this entry "
    "was not saved: its text would have landed under the wrong headings. Your text is "
    "still here under the headings you wrote it under; copy it, then start the entry again."
)


def headings_signature(section_titles) -> str:
    """The heading titles an editor page was drawn with, posted back with the text."""
    return json.dumps([title for title, _ in section_titles])


def _posted_titles(raw) -> list[str] | None:
    try:
        titles = json.loads(raw or "null")
    except ValueError:
        return None
    if not isinstance(titles, list) or len(titles) > 100:
        return None
    if not all(isinstance(t, str) and 0 < len(t) <= 120 for t in titles):
        return None
    return titles


class EntryForm(forms.Form):
    """The entry editor: week, title, aims, one text area per heading, tags.

    ``section_titles`` are the entry's own headings (for an existing entry)
    or the candidate's current headings (for a new one), each a
    (title, prompt) pair; the text areas are labelled with exactly the title.
    """

    week = forms.TypedChoiceField(label=_("Week of"), coerce=int)
    title = forms.CharField(label=_("Title (optional)"), max_length=200, required=False)
    aims = TextBox(
        label=_("Aims and strategies for this week"),
        required=False,
        max_length=SECTION_MAX_CHARS,
        what=_("The aims"),
        rows=4,
        help_text=_("What did you set out to do this week, and how?"),
    )
    partnerships = forms.ModelMultipleChoiceField(
        label=_("Partnerships"),
        queryset=Partnership.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": _("Choose from your own partnerships; that one is not in your list."),
            "invalid_pk_value": _(
                "Choose from your own partnerships; that one is not in your list."
            ),
        },
    )
    phases = forms.MultipleChoiceField(
        label=_("Partnering-cycle phases"),
        choices=Phase.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose phases from the list.")},
    )
    tools = forms.MultipleChoiceField(
        label=_("Tools and techniques"),
        choices=[(t, t) for t in SUGGESTED_TOOLS],
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose tools from the list, or add your own below.")},
    )
    other_tools = forms.CharField(
        label=_("Other tools or tags"),
        required=False,
        max_length=600,
        help_text=_("Your own tags, separated by commas."),
    )
    # Read by the view (a tampered value is a version conflict, not a form
    # error), so the form only carries it.
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    # The text areas are matched to headings by position. A page drawn before
    # the headings changed in another tab posts different titles here; its
    # text is then refused rather than filed under the wrong heading.
    headings = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, enrolment, section_titles, entry=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolment = enrolment
        self.headings_changed = False
        if self.is_bound:
            drawn = _posted_titles(self.data.get("headings"))
            if drawn is not None and drawn != [title for title, _ in section_titles]:
                # Show the text under the headings it was written under.
                self.headings_changed = True
                prompts = dict(section_titles)
                section_titles = [(title, prompts.get(title, "")) for title in drawn]
        self.section_titles = section_titles
        self.fields["headings"].initial = headings_signature(section_titles)
        # Any week from the start up to this one: after the programme the
        # candidate keeps writing, in the weeks that follow it.
        numbers = set(range(1, max(1, enrolment.current_week()) + 1))
        if entry is not None:
            numbers.add(entry.week)
        self.fields["week"].choices = [
            (n, enrolment.week_label(n)) for n in sorted(numbers, reverse=True)
        ]
        self.fields["week"].error_messages["invalid_choice"] = gettext(
            "Choose a week of your programme; that week is before it started or still to come."
        )
        self.fields["partnerships"].queryset = enrolment.partnerships.all()
        self.section_names = []
        for index, (title, prompt) in enumerate(section_titles):
            name = f"section_{index}"
            self.fields[name] = TextBox(
                label=title,
                help_text=prompt,
                required=False,
                max_length=SECTION_MAX_CHARS,
                rows=6,
                attrs={"class": "section-text"},
                error_messages={
                    # %(show_value)s is kept for Django to fill in later.
                    "max_length": gettext(
                        "This section is %(show_value)s characters long; the limit is "
                        "%(limit)s. Shorten it or move part of it under "
                        "another heading; nothing is lost, your text is still here."
                    )
                    % {"show_value": "%(show_value)s", "limit": f"{SECTION_MAX_CHARS:,}"}
                },
            )
            self.section_names.append(name)

    def section_fields(self):
        return [self[name] for name in self.section_names]

    def clean(self):
        cleaned = super().clean()
        if self.headings_changed:
            raise forms.ValidationError(HEADINGS_CHANGED)
        return cleaned

    def clean_other_tools(self):
        raw = self.cleaned_data["other_tools"]
        tags = [t.strip()[:80] for t in raw.split(",") if t.strip()]
        if len(tags) > MAX_FREE_TAGS:
            raise forms.ValidationError(
                gettext("Use at most %(count)s of your own tags.") % {"count": MAX_FREE_TAGS}
            )
        return tags

    def entry_text(self) -> EntryText:
        data = self.cleaned_data
        return EntryText(
            week=data["week"],
            title=data.get("title", ""),
            aims=data.get("aims", ""),
            bodies=[data.get(name, "") for name in self.section_names],
            partnerships=list(data.get("partnerships", [])),
            phases=data.get("phases", []),
            tools=[*data.get("tools", []), *data.get("other_tools", [])],
        )


def entry_initial(entry) -> dict:
    """Form initial values from a saved entry."""
    suggested = set(SUGGESTED_TOOLS)
    initial = {
        "week": entry.week,
        "title": entry.title,
        "aims": entry.aims,
        "partnerships": list(entry.partnerships.all()),
        "phases": entry.phases,
        "tools": [t for t in entry.tools if t in suggested],
        "other_tools": ", ".join(t for t in entry.tools if t not in suggested),
        "version": entry.version,
    }
    for index, section in enumerate(entry.sections.all()):
        initial[f"section_{index}"] = section.body
    return initial


class HeadingForm(forms.ModelForm):
    class Meta:
        model = Heading
        fields = ["title", "prompt"]
        labels = {"title": _("Heading"), "prompt": _("Guidance prompt (optional)")}
        help_texts = {"prompt": _("A question shown under the heading while you write.")}
        error_messages = {"title": {"required": _("A heading needs a title.")}}


class PartnershipForm(forms.ModelForm):
    class Meta:
        model = Partnership
        fields = ["name", "sector_mix", "position"]
        widgets = {"position": forms.RadioSelect}

    def __init__(self, *args, enrolment, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolment = enrolment
        # Radio buttons: the two positions only, none chosen until the
        # candidate picks one (Django's blank "---------" would be a third).
        self.fields["position"].choices = BrokerPosition.choices

    def clean_name(self):
        # The unique constraint spans the enrolment, which is not a form
        # field, so Django would not check it before saving. Compared
        # lowercased, as the constraint does.
        name = self.cleaned_data["name"].strip()
        clash = self.enrolment.partnerships.alias(lower_name=Lower("name")).filter(
            lower_name=Lower(Value(name))
        )
        if self.instance.pk:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError(gettext("You already have a partnership with this name."))
        return name


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search my logbook"), required=False, max_length=200)
    heading = forms.CharField(label=_("Heading"), required=False, max_length=120)
    phase = forms.ChoiceField(
        label=_("Phase"), required=False, choices=[("", _("Any phase")), *Phase.choices]
    )
    tool = forms.CharField(label=_("Tool or tag"), required=False, max_length=80)
    partnership = forms.TypedChoiceField(
        label=_("Partnership"), required=False, coerce=int, empty_value=None
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, enrolment, partnerships=None, **kwargs):
        """``partnerships``: those offered as a filter; by default all of the
        logbook's (the candidate's own search). A mentor's page passes only
        the partnerships tagged on shared entries: a partnership named only
        on a draft, or on nothing yet, is the candidate's private note."""
        super().__init__(*args, **kwargs)
        if partnerships is None:
            partnerships = enrolment.partnerships.all()
        self.fields["partnership"].choices = [("", gettext("Any partnership"))] + [
            (p.pk, p.name) for p in partnerships
        ]

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", gettext("The end date is before the start date."))
        return cleaned
