"""Forms for the coordinator's pages: cohorts, people, enrolments."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pbas_logbook.models import Cohort, Enrolment, User
from programme.services import CANDIDATE_RULE, open_enrolment_of


class DateInput(forms.DateInput):
    input_type = "date"


# A programme starts within a few years of today: far enough back to record
# an intake that began before the app, far enough ahead to plan the next
# ones. A date outside is a typo ("1900", "2206"), and it would put every
# week of the logbook in the wrong decade (issue 11, item 10).
YEARS_BACK, YEARS_AHEAD = 5, 2


def _start_help() -> str:
    return gettext("From %(back)s years ago to %(ahead)s years ahead.") % {
        "back": YEARS_BACK,
        "ahead": YEARS_AHEAD,
    }


START_HELP = lazy(_start_help, str)()


def _years_from(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a year without one
        return day.replace(year=day.year + years, day=28)


def start_date_problem(day: datetime.date, *, what: str) -> str | None:
    """Why ``day`` is not a plausible start of ``what``, or None."""
    today = timezone.localdate()
    earliest, latest = _years_from(today, -YEARS_BACK), _years_from(today, YEARS_AHEAD)
    if earliest <= day <= latest:
        return None
    dates = {
        "earliest": format_date(earliest, "j F Y"),
        "latest": format_date(latest, "j F Y"),
        "day": format_date(day, "j F Y"),
    }
    if what == "A cohort":
        text = gettext(
            "A cohort starts between %(earliest)s and %(latest)s; %(day)s is outside that. "
            "Check the year."
        )
    else:
        text = gettext(
            "An enrolment starts between %(earliest)s and %(latest)s; %(day)s is outside that. "
            "Check the year."
        )
    return text % dates


class CohortForm(forms.ModelForm):
    class Meta:
        model = Cohort
        fields = ["name", "start_date"]
        widgets = {"start_date": DateInput()}
        help_texts = {
            "start_date": lazy(
                lambda: (
                    gettext("The first day of the programme. %(range)s") % {"range": _start_help()}
                ),
                str,
            )()
        }
        error_messages = {"name": {"unique": _("A cohort with this name already exists.")}}

    def clean_start_date(self):
        day = self.cleaned_data["start_date"]
        # An existing cohort keeps the date it has, however old.
        if "start_date" in self.changed_data and (
            problem := start_date_problem(day, what="A cohort")
        ):
            raise forms.ValidationError(problem)
        return day


class InviteForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=254)
    is_examiner = forms.BooleanField(label=_("Examiner"), required=False)
    is_coordinator = forms.BooleanField(label=_("Programme coordinator"), required=False)
    is_researcher = forms.BooleanField(
        label=_("Researcher (reads consented, anonymised extracts only)"), required=False
    )

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(
                gettext(
                    "An account with this email already exists (emails are not case-sensitive)."
                )
            )
        return email


class PersonRolesForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "is_examiner", "is_staff", "is_researcher", "is_active"]
        labels = {
            "is_examiner": _("Examiner"),
            "is_staff": _("Programme coordinator"),
            "is_researcher": _("Researcher (consented, anonymised extracts only)"),
            "is_active": _("Account active (can sign in)"),
        }
        help_texts = {
            "is_examiner": _("Not for a candidate whose logbook is open (nor the roles below).")
        }

    STAFF_ROLES = ("is_examiner", "is_staff", "is_researcher")

    def clean(self):
        cleaned = super().clean()
        # The candidate rule (services.CANDIDATE_RULE) from the other side: a
        # role granted to someone writing their logbook would let them read
        # or decide on their cohort-mates' (issue 11, item 10).
        granted = [f for f in self.STAFF_ROLES if cleaned.get(f) and f in self.changed_data]
        if granted and (own := open_enrolment_of(self.instance)) is not None:
            for field in granted:
                self.add_error(
                    field,
                    gettext(
                        "%(person)s is a candidate in %(cohort)s: a candidate holds no staff "
                        "role while their logbook is open."
                    )
                    % {
                        "person": self.instance.full_name or self.instance.email,
                        "cohort": own.cohort.name,
                    },
                )
        return cleaned


def _people_choice(**kwargs):
    return forms.ModelChoiceField(
        queryset=User.objects.filter(is_active=True).order_by("full_name"), **kwargs
    )


class EnrolmentForm(forms.ModelForm):
    candidate = _people_choice(label=_("Candidate"), help_text=CANDIDATE_RULE)
    mentor = _people_choice(label=_("Mentor"), required=False)

    class Meta:
        model = Enrolment
        fields = ["candidate", "cohort", "mentor", "start_date", "length_weeks"]
        widgets = {"start_date": DateInput()}
        help_texts = {
            "start_date": lazy(
                lambda: gettext("The candidate's first week. %(range)s") % {"range": _start_help()},
                str,
            )(),
            "length_weeks": _("Usually 15 weeks of mentored practice."),
        }

    def clean_start_date(self):
        day = self.cleaned_data["start_date"]
        if problem := start_date_problem(day, what="An enrolment"):
            raise forms.ValidationError(problem)
        return day

    def clean_length_weeks(self):
        weeks = self.cleaned_data["length_weeks"]
        if not 1 <= weeks <= 104:
            raise forms.ValidationError(
                gettext("The programme length must be between 1 and 104 weeks.")
            )
        return weeks

    def clean(self):
        cleaned = super().clean()
        candidate, mentor = cleaned.get("candidate"), cleaned.get("mentor")
        cohort = cleaned.get("cohort")
        if candidate and mentor and candidate == mentor:
            self.add_error("mentor", gettext("A candidate cannot be their own mentor."))
        # Checked here, on the field, so that the model's constraint check
        # (which would say "Enrolment with this Candidate and Cohort already
        # exists." above the form) is skipped for a field that has an error.
        if (
            candidate
            and cohort
            and Enrolment.objects.filter(candidate=candidate, cohort=cohort).exists()
        ):
            self.add_error("candidate", gettext("This person is already enrolled in this cohort."))
        return cleaned


class MentorForm(forms.Form):
    mentor = _people_choice(label=_("Mentor"), required=False, empty_label=_("No mentor yet"))
