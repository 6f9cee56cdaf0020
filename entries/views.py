"""The candidate's logbook pages."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from pbas_logbook import access


@require_GET
def home(request):
    """Candidates: their logbook home (anyone else signed in sees that they have none)."""
    enrolment = access.own_enrolments(request.user).first()
    return render(request, "entries/home.html", {"enrolment": enrolment})
