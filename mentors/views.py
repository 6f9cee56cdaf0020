"""The mentor's pages."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from pbas_logbook import access


@require_GET
def dashboard(request):
    """Mentors: one row per mentee (empty for people who mentor nobody)."""
    mentees = access.mentee_enrolments(request.user).order_by("candidate__full_name")
    return render(request, "mentors/dashboard.html", {"mentees": mentees})
