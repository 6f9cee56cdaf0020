"""Forms for sign-in and invitations. Forms only validate."""

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm, SetPasswordForm
from django.template import loader
from django.utils.translation import gettext_lazy as _

from notifications import outbox


class LoginForm(AuthenticationForm):
    """Django's login form with the field labelled "Email".

    The error for a wrong password and for an unknown email is the same
    sentence, so the page never tells whether an account exists.
    """

    username = forms.EmailField(
        label=_("Email"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _(
            "That email and password do not match an account. Check both and try again; "
            "the password is case-sensitive."
        ),
        "inactive": _("This account is not active. Please contact your programme coordinator."),
    }

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class InvitationAcceptForm(SetPasswordForm):
    """Choosing a first password from an invitation link."""


class OutboxPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending through the app's outbox.

    Django's own ``send_mail`` catches a mail server failure and only logs
    it, so the link was lost while mail was down. Here a refused message is
    kept in ``PendingEmail`` and ``retry_emails`` sends it later, like every
    other email. The page after it reads the same for a known and an
    unknown address (no email is made for an unknown one).
    """

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        text = loader.render_to_string(email_template_name, context)
        html = (
            loader.render_to_string(html_email_template_name, context)
            if html_email_template_name
            else ""
        )
        outbox.deliver_or_queue(
            to=to_email, subject=subject, text=text, html=html, what="password reset"
        )
