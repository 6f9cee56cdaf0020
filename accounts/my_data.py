"""A person's own data: download it, or close the account.

Each view is for the signed-in person about themselves only.
"""

import json

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts import personal_data
from pbas_logbook.models import AuditAction
from records import audit

# Typed by the person and compared as is: not translated.
CONFIRM_PHRASE = "close my account"


class CloseAccountForm(forms.Form):
    password = forms.CharField(label=gettext_lazy("Your password"), widget=forms.PasswordInput)
    confirm = forms.CharField(
        label=format_lazy(gettext_lazy("Type “{phrase}” to confirm"), phrase=CONFIRM_PHRASE),
        help_text=gettext_lazy("This cannot be undone."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        if not self.user.check_password(self.cleaned_data["password"]):
            raise forms.ValidationError(_("That is not your password."))
        return ""

    def clean_confirm(self):
        if self.cleaned_data["confirm"].strip().lower() != CONFIRM_PHRASE:
            raise forms.ValidationError(
                _("Type exactly “%(phrase)s”.") % {"phrase": CONFIRM_PHRASE}
            )
        return self.cleaned_data["confirm"]


@require_GET
def my_data(request):
    """Anyone signed in: what we hold about them, downloads, and account closure."""
    return render(
        request,
        "pbas_logbook/my_data.html",
        {"closure": personal_data.closure(request.user)},
    )


@require_GET
def my_data_json(request):
    """Anyone signed in: everything we hold about them, as JSON."""
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORTED,
        subject=request.user,
        detail="all personal data (JSON)",
    )
    body = json.dumps(personal_data.export(request.user), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="pbas-my-data-{stamp}.json"'
    return response


@require_http_methods(["GET", "POST"])
def close_account(request):
    """Anyone signed in: close their own account after seeing what is kept."""
    form = CloseAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        personal_data.close_account(request.user)
        logout(request)
        messages.success(request, _("Your account is closed. Your live logbook has been deleted."))
        return redirect("login")
    return render(
        request,
        "pbas_logbook/close_account.html",
        {"form": form, "closure": personal_data.closure(request.user)},
        status=422 if form.errors else 200,
    )
