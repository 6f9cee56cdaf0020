"""The profile's forms, one per section. Forms only validate; the services
in accounts/profile.py check again under their lock."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from accounts import profile
from pbas_logbook.models import validate_time_zone


class FullNameForm(forms.Form):
    full_name = forms.CharField(
        label=_("Full name"),
        max_length=150,
        help_text=_("As your mentor, examiners and coordinators will see it."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        error_messages={"required": _("Enter your name.")},
    )

    def clean_full_name(self):
        name = self.cleaned_data["full_name"].strip()
        if not name:
            raise forms.ValidationError(_("Enter your name."))
        return name


class EmailChangeForm(forms.Form):
    new_email = forms.EmailField(
        label=_("New email address"),
        max_length=254,
        help_text=_("We send a link to it; your address changes when you open that link."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Enter the new address."),
            "invalid": _("Enter a whole email address, such as name@example.org."),
        },
    )
    password = forms.CharField(
        label=_("Your password"),
        help_text=_("To make sure it is you."),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Enter your password.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_new_email(self):
        address = self.cleaned_data["new_email"].strip().lower()
        if address == self.user.email:
            raise forms.ValidationError(_("That is already your email address."))
        if profile.email_in_use(address, by_other_than=self.user):
            raise forms.ValidationError(profile.EMAIL_IN_USE)
        return address

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError(_("That is not your password."))
        return ""


class TimeZoneForm(forms.Form):
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        validators=[validate_time_zone],
        error_messages={"required": _("Choose a time zone.")},
    )
    # Where the banner's Confirm came from (a path on this site).
    next = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, current="", **kwargs):
        super().__init__(*args, **kwargs)
        posted = self.data.get("time_zone", "") if self.is_bound else ""
        # A zone posted by hand stays selected in its error; a known alias
        # the browser reported (Asia/Calcutta) is listed when chosen.
        self.fields["time_zone"].widget = forms.Select(
            choices=profile.time_zone_choices(posted or current)
        )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Follow my browser"))] + list(settings.LANGUAGES),
        help_text=_("Pages, emails and PDFs are in this language; blank follows your browser."),
        error_messages={"invalid_choice": _("Choose one of the listed languages.")},
    )
