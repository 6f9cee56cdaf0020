"""Downloads of the candidate's own logbook (Markdown, zip, PDF).

Every view here is for the candidate only, and exports their current
logbook, drafts included. People without a logbook (mentors, examiners,
coordinators, strangers) get a 404 from ``entries.access.get_logbook_for``;
anonymous people are sent to sign in by LoginRequiredMiddleware.
Queries per download are fixed: enrolment, candidate's entries, their
sections, their partnerships.
"""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from entries import access as entry_access
from entries.export import (
    Logbook,
    logbook_for_export,
    logbook_markdown,
    logbook_pdf,
    logbook_zip,
)
from pbas_logbook.models import AuditAction, Role
from records import audit


def _logbook(request) -> Logbook:
    enrolment = entry_access.get_logbook_for(request.user)
    return logbook_for_export(user=request.user, enrolment=enrolment)


def _download(request, content, *, content_type: str, filename: str) -> HttpResponse:
    # The candidate's own export is recorded too: a downloaded copy of the
    # logbook leaves our protection, and the candidate can see it happened.
    audit.record(
        actor=request.user,
        action=AuditAction.EXPORTED,
        subject=request.user,
        detail=filename.rsplit(".", 1)[-1],
        role="candidate",
    )
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
def export(request):
    """Candidates: the export page listing the three downloads."""
    enrolment = entry_access.get_logbook_for(request.user)
    entry_count = entry_access.entries_for(
        request.user, as_=Role.CANDIDATE, enrolment=enrolment
    ).count()
    return render(
        request,
        "entries/export.html",
        {"enrolment": enrolment, "entry_count": entry_count},
    )


# The three downloads differ only in what renders the logbook and what it is
# sent as; one table names them so that each view is its format's name.
FORMATS = {
    "md": (logbook_markdown, "text/markdown; charset=utf-8"),
    "zip": (logbook_zip, "application/zip"),
    "pdf": (logbook_pdf, "application/pdf"),
}


def _logbook_as(request, extension: str) -> HttpResponse:
    render_logbook, content_type = FORMATS[extension]
    logbook = _logbook(request)
    return _download(
        request,
        render_logbook(logbook),
        content_type=content_type,
        filename=logbook.filename(extension),
    )


@require_GET
def export_markdown(request):
    """Candidates: the whole logbook as one Markdown file."""
    return _logbook_as(request, "md")


@require_GET
def export_zip(request):
    """Candidates: a zip with one Markdown file per entry and an index."""
    return _logbook_as(request, "zip")


@require_GET
def export_pdf(request):
    """Candidates: the whole logbook as a PDF (cover, contents, one entry a page)."""
    return _logbook_as(request, "pdf")
