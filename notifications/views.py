"""Everyone's notifications: the list behind the bell, and email preferences.

Each view is for the signed-in person about their own notices only; another
person's notice id answers 404.
"""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from library.redirects import same_site_path
from notifications import notices
from pbas_logbook import access
from pbas_logbook.models import NotificationPreference


class PreferenceForm(forms.ModelForm):
    class Meta:
        model = NotificationPreference
        fields = ["email_frequency"]
        widgets = {"email_frequency": forms.RadioSelect}


@require_GET
def notification_list(request):
    """Anyone signed in: their notices, newest first, and their email choice."""
    listed = list(access.notifications_for(request.user)[:100])
    # A notice whose page no longer opens says why, with no link to a 404.
    closed = notices.closed_links(request.user, listed)
    for notice in listed:
        notice.closed_reason = closed.get(notice.pk)
    # Such a notice has nowhere to go: once listed with its reason it is
    # read, or the bell would count it for ever (it shows "New" this once).
    unread_closed = [n.pk for n in listed if n.closed_reason and n.read_at is None]
    if unread_closed:
        notices.mark_read(request.user, unread_closed)
    return render(
        request,
        "pbas_logbook/notifications.html",
        {
            "notices": listed,
            "form": PreferenceForm(instance=notices.preference_of(request.user)),
        },
    )


@require_POST
def notification_open(request, pk):
    """Anyone signed in: mark one of their notices read and go to its page."""
    notice = access.get_notification_for(request.user, pk)
    if notice.read_at is None:
        notices.mark_read(request.user, [notice.pk])
    if reason := notices.closed_links(request.user, [notice]).get(notice.pk):
        messages.info(request, f"{notice.message}. {reason}")
        return redirect("notifications")
    return redirect(same_site_path(notice.url, reverse("notifications")))


@require_POST
def notification_read_all(request):
    """Anyone signed in: mark all their notices read."""
    notices.mark_read(request.user)
    messages.success(request, _("All notifications marked as read."))
    return redirect("notifications")


@require_POST
def notification_preferences(request):
    """Anyone signed in: choose immediate email, a daily digest, or none."""
    form = PreferenceForm(request.POST, instance=notices.preference_of(request.user))
    if form.is_valid():
        notices.email_frequency_set(request.user, form.cleaned_data["email_frequency"])
        messages.success(request, _("Email preference saved."))
    else:
        messages.error(request, _("Choose one of the listed options."))
    return redirect("notifications")
