"""Forms for the coordinator's pages: cohorts, people, enrolments."""

from django import forms

from pbas_logbook.models import Cohort, Enrolment, User


class DateInput(forms.DateInput):
    input_type = "date"


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "start_date"]
        widgets = {"start_date": DateInput()}
        error_messages = {"name": {"unique": "A cohort with this name already exists."}}


class InviteForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=150)
    email = forms.EmailField(label="Email", max_length=254)
    is_examiner = forms.BooleanField(label="Examiner", required=False)
    is_coordinator = forms.BooleanField(label="Programme coordinator", required=False)
    is_researcher = forms.BooleanField(
        label="Researcher (reads consented, anonymised extracts only)", required=False
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                "An account with this email already exists (emails are not case-sensitive)."
            )
        return email


class PersonRolesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "is_examiner", "is_staff", "is_researcher", "is_active"]
        labels = {
            "is_examiner": "Examiner",
            "is_staff": "Programme coordinator",
            "is_researcher": "Researcher (consented, anonymised extracts only)",
            "is_active": "Account active (can sign in)",
        }


def _people_choice(**kwargs):
    return forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True).order_by("full_name"), **kwargs
    )


class EnrolmentForm(forms.ModelForm):
    candidate = _people_choice(label="Candidate")
    mentor = _people_choice(label="Mentor", required=False)

    class Meta:
        model = Enrolment
        fields = ["candidate", "cohort", "mentor", "start_date", "length_weeks"]
        widgets = {"start_date": DateInput()}
        help_texts = {"length_weeks": "Usually 15 weeks of mentored practice."}

    def clean_length_weeks(self):
        weeks = self.cleaned_data["length_weeks"]
        if not 1 <= weeks <= 104:
            raise forms.ValidationError("The programme length must be between 1 and 104 weeks.")
        return weeks

    def clean(self):
        cleaned = super().clean()
        candidate, mentor = cleaned.get("candidate"), cleaned.get("mentor")
        cohort = cleaned.get("cohort")
        if candidate and mentor and candidate == mentor:
            self.add_error("mentor", "A candidate cannot be their own mentor.")
        # Checked here, on the field, so that the model's constraint check
        # (which would say "Enrolment with this Candidate and Cohort already
        # exists." above the form) is skipped for a field that has an error.
        if (
            candidate
            and cohort
            and Enrolment.objects.filter(candidate=candidate, cohort=cohort).exists()
        ):
            self.add_error("candidate", "This person is already enrolled in this cohort.")
        return cleaned


class MentorForm(forms.Form):
    mentor = _people_choice(label="Mentor", required=False, empty_label="No mentor yet")
