"""The signed-in person's own profile (issue 13): name, email address, time
zone and language, each saved by its own small form.

Every view is for the signed-in person about themselves (no one's id is in
a URL), whatever their role. Anonymous visitors are sent to sign in.
"""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import access, profile
from accounts.profile_forms import EmailChangeForm, FullNameForm, LanguageForm, TimeZoneForm
from accounts.reader_language import browser_language
from library.redirects import same_site_path
from notifications import notices


def _page(request, status=200, **forms):
    """The profile page; ``forms`` replaces a section's fresh form with the
    one that was posted, so its errors and what was typed are shown."""
    user = request.user
    context = {
        "name_form": FullNameForm(initial={"full_name": user.full_name}),
        "email_form": EmailChangeForm(user=user),
        "time_zone_form": TimeZoneForm(
            initial={"time_zone": user.time_zone}, current=user.time_zone
        ),
        "language_form": LanguageForm(initial={"language": user.language}),
        **forms,
    }
    context["pending_change"] = access.pending_email_change_of(user)
    context["local_time"] = profile.local_time(user.time_zone)
    context["email_frequency"] = notices.preference_of(user).get_email_frequency_display()
    return render(request, "accounts/profile.html", context, status=status)


@require_GET
def profile_page(request):
    """Anyone signed in: their own profile."""
    return _page(request)


@require_POST
def profile_name(request):
    """Anyone signed in: change their own full name."""
    form = FullNameForm(request.POST)
    if not form.is_valid():
        return _page(request, status=422, name_form=form)
    profile.full_name_set(user=request.user, full_name=form.cleaned_data["full_name"])
    messages.success(request, gettext("Name saved."))
    return redirect("profile")


@require_POST
def profile_email(request):
    """Anyone signed in: ask to change their own email address (a link goes
    to the new address, a notice to the old one)."""
    form = EmailChangeForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            change = profile.email_change_request(
                user=request.user, new_email=form.cleaned_data["new_email"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                gettext(
                    "We sent a link to %(new)s. Open it within 24 hours, signed in "
                    "as you are now, to change your address. Until then you sign in with "
                    "%(old)s."
                )
                % {"new": change.new_email, "old": request.user.email},
            )
            return redirect("profile")
    return _page(request, status=422, email_form=form)


@require_http_methods(["GET", "POST"])
def profile_email_confirm(request, token):
    """The signed-in person the link was sent for: confirm the new address
    (GET shows what will change, POST changes it, so a mail scanner that
    opens links changes nothing). Anyone else signed in is refused; someone
    signed out is asked to sign in first (LoginRequiredMiddleware)."""
    change = access.email_change_for_token(token)
    if change is not None and change.user_id != request.user.pk:
        # Says whose it is not; refused whether or not it still works.
        return render(request, "accounts/email_change_other_account.html", status=403)
    if change is None or not change.is_usable:
        # Unknown, used, replaced and expired links get one answer.
        return render(request, "accounts/email_change_expired.html", status=410)
    if request.method == "POST":
        try:
            profile.email_change_confirm(change=change, user=request.user)
        except ValidationError as error:
            if error.code == "expired":
                return render(request, "accounts/email_change_expired.html", status=410)
            messages.error(
                request,
                gettext("%(error)s Your address was not changed.") % {"error": error.message},
            )
            return redirect("profile")
        messages.success(
            request, gettext("Your email address is now %(email)s.") % {"email": request.user.email}
        )
        return redirect("profile")
    return render(request, "accounts/email_change_confirm.html", {"change": change})


@require_POST
def profile_time_zone(request):
    """Anyone signed in: choose their own time zone (from the profile, or
    by confirming the one their browser proposed in the banner)."""
    form = TimeZoneForm(request.POST, current=request.user.time_zone)
    if not form.is_valid():
        return _page(request, status=422, time_zone_form=form)
    profile.time_zone_set(user=request.user, time_zone=form.cleaned_data["time_zone"])
    messages.success(
        request, gettext("Time zone saved: %(zone)s.") % {"zone": request.user.time_zone}
    )
    return redirect(same_site_path(form.cleaned_data["next"], "/profile/#time-zone"))


@require_POST
def profile_language(request):
    """Anyone signed in: choose their own language, or follow the browser."""
    form = LanguageForm(request.POST)
    if not form.is_valid():
        return _page(request, status=422, language_form=form)
    code = form.cleaned_data["language"]
    profile.language_set(user=request.user, language=code)
    response = redirect("/profile/#language")
    # Kept in Django's language cookie too, so the sign-in page after a
    # sign-out stays in the chosen language (LocaleMiddleware reads it).
    # Each message is in the language of the page that shows it next.
    if code:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            code,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
        name = dict(settings.LANGUAGES)[code]
        with translation.override(code):
            messages.success(request, gettext("Language saved: %(name)s.") % {"name": name})
    else:
        response.delete_cookie(settings.LANGUAGE_COOKIE_NAME)
        with translation.override(browser_language(request)):
            messages.success(request, gettext("Language saved: following your browser."))
    return response
