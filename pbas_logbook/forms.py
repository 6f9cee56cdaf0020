"""Forms for sign-in and invitations. Forms only validate."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, SetPasswordForm


class LoginForm(AuthenticationForm):
    """Django's login form with the field labelled "Email".

    The error for a wrong password and for an unknown email is the same
    sentence, so the page never tells whether an account exists.
    """

    username = forms.EmailField(
        label="Email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": (
            "That email and password do not match an account. Check both and try again; "
            "the password is case-sensitive."
        ),
        "inactive": "This account is not active. Please contact your programme coordinator.",
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class InvitationAcceptForm(SetPasswordForm):
    """Choosing a first password from an invitation link."""
