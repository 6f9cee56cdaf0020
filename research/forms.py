"""Forms of the enquiry. They validate; services write."""

from django import forms

from entries.vocabulary import BrokerPosition, Phase
from library.textbox import TextBox
from research.models import MASK_WORD_MAX_CHARS, MASK_WORDS_MAX, Project, Theme, position_label
from research.services import clean_mask_words

Q_MAX_CHARS = 200


class ExtractFilterForm(forms.Form):
    """Search words and filters, shared by search, export and charts."""

    q = forms.CharField(label="Search extracts", max_length=Q_MAX_CHARS, required=False)
    heading = forms.CharField(
        label="Heading contains",
        max_length=120,
        required=False,
        help_text="Words from the candidate's heading, e.g. “lessons”.",
        widget=forms.TextInput(attrs={"list": "heading-list", "autocomplete": "off"}),
    )
    phase = forms.ChoiceField(
        label="Phase", choices=[("", "Any phase"), *Phase.choices], required=False
    )
    tool = forms.CharField(label="Tool or tag", max_length=120, required=False)
    position = forms.ChoiceField(
        label="Broker position",
        choices=[("", "Any position"), *((v, position_label(v)) for v in BrokerPosition.values)],
        required=False,
    )
    cohort = forms.IntegerField(label="Cohort year", required=False, min_value=1900)

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = choices or {"tools": [], "years": []}
        tools = list(choices["tools"])
        tool = self.data.get("tool", "") if self.is_bound else ""
        if tool and tool not in tools:
            tools.append(tool)  # an old bookmark still validates; it matches nothing
        self.fields["tool"].widget = forms.Select(
            choices=[("", "Any tool or tag"), *((t, t) for t in tools)]
        )
        years = list(choices["years"])
        self.fields["cohort"].widget = forms.Select(
            choices=[("", "Any cohort"), *((y, str(y)) for y in years)]
        )
        self.fields["phase"].error_messages["invalid_choice"] = (
            "Choose a phase from the list; that one is not a partnering-cycle phase."
        )
        self.fields["position"].error_messages["invalid_choice"] = (
            "Choose internal or external from the list."
        )
        self.fields["cohort"].error_messages["invalid"] = "Choose a cohort year from the list."

    def filters(self) -> dict:
        data = self.cleaned_data
        return {key: data.get(key) or "" for key in self.fields}


class CodedFilterForm(ExtractFilterForm):
    """Extract filters plus who coded and with which theme (export, charts)."""

    coder = forms.TypedChoiceField(label="Coded by", required=False, coerce=int, empty_value=None)
    theme = forms.TypedChoiceField(label="Theme", required=False, coerce=int, empty_value=None)

    def __init__(self, *args, project, coders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coder"].choices = [
            ("", "Any researcher"),
            *((c.pk, c.full_name or c.email) for c in coders),
        ]
        self.fields["theme"].choices = [
            ("", "Any theme"),
            *((t.pk, t.name) for t in project.themes.all()),
        ]
        self.fields["coder"].error_messages["invalid_choice"] = (
            "Choose a researcher who has coded in this project."
        )
        self.fields["theme"].error_messages["invalid_choice"] = (
            "That theme is not in this project's codebook. Choose one from the list."
        )


class ProjectForm(forms.ModelForm):
    class Meta:
        model = Project
        fields = ["title", "question"]
        labels = {"title": "Project title", "question": "Research question"}
        help_texts = {
            "question": "What do you want to learn from the logbooks? Other researchers see it.",
        }
        widgets = {"question": forms.Textarea(attrs={"rows": 3})}


class ThemeForm(forms.ModelForm):
    class Meta:
        model = Theme
        fields = ["name", "description"]
        labels = {"name": "Theme name", "description": "What it covers"}


class ThemeChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class CodingForm(forms.Form):
    themes = ThemeChoiceField(
        label="Themes",
        queryset=Theme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    memo = TextBox(
        label="Memo",
        required=False,
        max_length=5000,
        what="The memo",
        rows=4,
        help_text="Your own note on this extract. Other researchers see it in exports.",
    )

    def __init__(self, *args, project, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = project.themes.order_by("position", "pk")
        # A forged or stale id: say so in the person's words, not Django's.
        message = (
            "That theme is not in this project's codebook; nothing was saved. "
            "Choose themes from the list."
        )
        self.fields["themes"].error_messages["invalid_choice"] = message
        self.fields["themes"].error_messages["invalid_pk_value"] = message


class ConsentForm(forms.Form):
    given = forms.TypedChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda value: value == "yes",
        error_messages={
            "required": "Choose yes or no.",
            "invalid_choice": "Choose yes or no.",
        },
    )


class MaskWordsForm(forms.Form):
    words = forms.CharField(
        label="Words to mask",
        required=False,
        max_length=MASK_WORDS_MAX * (MASK_WORD_MAX_CHARS + 1),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=(
            "One word or phrase per line: partner organisations, people, places. "
            "Your name, email address and partnership names are masked already."
        ),
        error_messages={
            "max_length": f"That list is too long: up to {MASK_WORDS_MAX} words or phrases."
        },
    )

    def clean_words(self):
        """The list as saved: one word or phrase per line (see the service)."""
        return clean_mask_words(self.cleaned_data["words"])
