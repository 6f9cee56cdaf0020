"""The candidate's examination pages: the final paper, submitting, and
their examination home. Each view opens the candidate's own current
enrolment (``entries.access.get_logbook_for``): nobody else reaches these."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entries import access as entry_access
from entries.diffing import PartDiff, diff_html
from examinations import access as exam_access
from examinations import release, selectors, services
from examinations.forms import ConfirmSubmissionForm, PaperForm
from examinations.models import FinalPaper
from examinations.views._common import _joined
from library.markdown import render_markdown
from library.posted import posted_version
from pbas_logbook.models import Role


@require_GET
def candidate_home(request):
    """Candidates: their final paper, submissions, receipts and results."""
    enrolment = entry_access.get_logbook_for(request.user)
    submissions = list(
        exam_access.submissions_for(request.user, as_=Role.CANDIDATE)
        .filter(enrolment=enrolment)
        .select_related("decision__release")
        .order_by("-version")
    )
    for s in submissions:
        s.seen_decision = release.decision_seen_by(_joined(s, "decision"), Role.CANDIDATE)
    return render(
        request,
        "examinations/candidate_home.html",
        {
            "enrolment": enrolment,
            "paper": selectors.paper_of(enrolment),
            "submissions": submissions,
            "preview": services.submission_preview(enrolment),
        },
    )


def _paper_conflict_diff(saved: FinalPaper, form) -> list[PartDiff]:
    """The saved paper against the writer's copy, so both are on the page."""
    parts = [
        (_("Title"), saved.title, form.cleaned_data.get("title", "")),
        (_("Final paper"), saved.body, form.cleaned_data.get("body", "")),
    ]
    return [PartDiff(label=label, changed=a != b, html=diff_html(a, b)) for label, a, b in parts]


def _paper_page(request, enrolment, form, *, conflict=None, status=200):
    return render(
        request,
        "examinations/paper_form.html",
        {
            "enrolment": enrolment,
            "form": form,
            "conflict": conflict,
            "conflict_diff": _paper_conflict_diff(conflict, form) if conflict else None,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def paper_edit(request):
    """Candidates: write the final paper (GET) or save it (POST)."""
    enrolment = entry_access.get_logbook_for(request.user)
    paper = selectors.paper_of(enrolment)
    if request.method == "GET":
        initial = (
            {"title": paper.title, "body": paper.body, "version": paper.version} if paper else {}
        )
        return _paper_page(request, enrolment, PaperForm(initial=initial))
    form = PaperForm(request.POST)
    if not form.is_valid():
        return _paper_page(request, enrolment, form, status=422)
    try:
        services.paper_save(
            enrolment=enrolment,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            version=posted_version(request.POST),
        )
    except services.PaperConflict as conflict:
        return _paper_page(request, enrolment, form, conflict=conflict.paper, status=409)
    except ValidationError as error:
        form.add_error(None, error)
        return _paper_page(request, enrolment, form, status=422)
    messages.success(request, _("Final paper saved."))
    return redirect("examinations:candidate_home")


@require_POST
def paper_autosave(request):
    """Candidates: the paper editor's background save (htmx)."""
    enrolment = entry_access.get_logbook_for(request.user)
    form = PaperForm(request.POST)
    if not form.is_valid():
        errors = [e for errs in form.errors.values() for e in errs]
        return render(request, "examinations/_paper_status.html", {"errors": errors}, status=422)
    try:
        paper = services.paper_save(
            enrolment=enrolment,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            version=posted_version(request.POST),
        )
    except services.PaperConflict as conflict:
        return render(
            request,
            "examinations/_paper_status.html",
            {
                "conflict": conflict.paper,
                "conflict_diff": _paper_conflict_diff(conflict.paper, form),
            },
            status=409,
        )
    except ValidationError as error:
        return render(
            request, "examinations/_paper_status.html", {"errors": error.messages}, status=422
        )
    return render(
        request,
        "examinations/_paper_status.html",
        {"paper": paper, "saved_at": timezone.localtime(paper.updated_at)},
    )


@require_POST
def paper_preview(request):
    """Candidates: the Markdown preview of the paper (htmx)."""
    entry_access.get_logbook_for(request.user)
    html = render_markdown(request.POST.get("body", "")[:200_000])
    return HttpResponse(html or format_html("<p><em>{}</em></p>", _("Nothing to preview yet.")))


@require_GET
def submit(request):
    """Candidates: what will be submitted, and the confirmation button."""
    enrolment = entry_access.get_logbook_for(request.user)
    preview = services.submission_preview(enrolment)
    form = ConfirmSubmissionForm(initial={"expected_version": preview.next_version})
    return render(request, "examinations/submit.html", {"preview": preview, "form": form})


@require_POST
def submit_confirm(request):
    """Candidates: freeze the shared entries and the paper into a submission."""
    enrolment = entry_access.get_logbook_for(request.user)
    form = ConfirmSubmissionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The submission page was out of date. Please confirm again."))
        return redirect("examinations:submit")
    try:
        submission = services.submission_create(
            enrolment=enrolment,
            by=request.user,
            expected_version=form.cleaned_data["expected_version"],
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("examinations:submit")
    return redirect("examinations:receipt", public_id=submission.public_id)
