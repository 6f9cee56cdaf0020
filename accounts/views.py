"""Core views: home routing, role switching, sign-in pages, invitations."""

from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.forms import InvitationAcceptForm, LoginForm
from pbas_logbook import access
from pbas_logbook.models import Role
from programme import services

ROLE_HOMES = {
    Role.CANDIDATE: "entries:home",
    Role.MENTOR: "mentors:dashboard",
    Role.EXAMINER: "examinations:home",
    Role.COORDINATOR: "coordinator:cohort_list",
    Role.RESEARCHER: "research:home",
}


def active_role(request) -> str | None:
    held = request.user.roles
    chosen = request.session.get("active_role")
    return chosen if chosen in held else request.user.main_role


@require_GET
def home(request):
    """Anyone signed in: sent to the home page of their active role."""
    role = active_role(request)
    if role is None:
        return render(request, "pbas_logbook/no_role.html")
    return redirect(ROLE_HOMES[role])


@require_POST
def role_switch(request):
    """Anyone signed in: switch to one of the roles they hold."""
    role = request.POST.get("role", "")
    if role not in request.user.roles:
        messages.error(request, _("You do not hold that role."))
        return redirect("home")
    request.session["active_role"] = role
    services.preferred_role_set(request.user, role)
    return redirect(ROLE_HOMES[role])


class LoginView(auth_views.LoginView):
    """Everyone, anonymous included."""

    form_class = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        # A fresh login starts in the person's main role.
        response = super().form_valid(form)
        self.request.session.pop("active_role", None)
        return response


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """Anyone holding a valid invitation link: choose a first password."""
    invitation = access.invitation_for_token(token)
    if invitation is None or not invitation.is_usable:
        # One message for unknown, used and expired links: the page never
        # says whether an account exists.
        return render(request, "registration/invitation_invalid.html", status=410)
    form = InvitationAcceptForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                invitation=invitation, password=form.cleaned_data["new_password1"]
            )
        except ValidationError:
            return render(request, "registration/invitation_invalid.html", status=410)
        auth_login(request, user, backend="accounts.backends.EmailBackend")
        messages.success(request, _("Welcome! Your password is set and you are signed in."))
        return redirect("home")
    return render(
        request,
        "registration/invitation_accept.html",
        {"form": form, "person": invitation.user},
    )


@login_not_required
@require_GET
def health(request):
    """Anyone: liveness probe for load balancers; touches the database."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@require_POST
def session_keepalive(request):
    """Anyone signed in: "Stay signed in" from the expiry warning. The request
    itself renews the idle clock; nothing else to do."""
    return HttpResponse(status=204)


@login_not_required
@require_GET
def session_status(request):
    """Anyone: who this browser is signed in as now, and a CSRF token that
    works with the current session.

    A page open for hours (the entry editor) asks this when a save was
    refused: it tells a session that ended (``user`` null) from one that was
    replaced by signing in again in another tab (same user, new token: the
    page takes the token and saves) or by someone else (another user: the
    page keeps the writer's text and sends nothing).
    """
    user = request.user
    return JsonResponse(
        {"user": user.pk if user.is_authenticated else None, "csrf": get_token(request)}
    )


@require_GET
def session_signed_in(request):
    """Anyone signed in: where "Sign in again" from a page that lost its
    session lands, in a new tab. It tells the other tabs (static/js/session.js)
    that the person is back, so the page they left saves what it holds."""
    return render(request, "registration/signed_in_again.html")
