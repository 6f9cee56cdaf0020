"""The candidate's logbook pages.

Every view here is for the candidate who owns the logbook. Anyone else gets
a 404 for an entry (the same answer as "does not exist"); the mentor's
reading pages live in the mentors app.
"""

import re
import uuid
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entries import access as entry_access
from entries import history, selectors, services
from entries.diffing import snapshot_diff
from entries.forms import EntryForm, HeadingForm, PartnershipForm, entry_initial
from entries.models import RESTORE_DAYS, EntryStatus
from entries.progress import build_strip, week_rows
from entries.vocabulary import HEADING_PRESETS
from library.comparisons import nothing_to_compare
from library.markdown import plain_text, render_markdown
from library.posted import form_page, form_saved, posted_version
from pbas_logbook.models import Role
from records import audit

PREVIEW_FIELD = re.compile(r"text|aims|section_\d{1,3}")

# --- Home -----------------------------------------------------------------------


@require_GET
def home(request):
    """Candidates: the week strip and their entries, newest first.
    Signed-in people without an enrolment see that they have no logbook."""
    enrolment = entry_access.logbook_for(request.user)
    if enrolment is None:
        return render(request, "entries/home.html", {"enrolment": None})
    entries_qs = entry_access.entries_for(request.user, as_=Role.CANDIDATE, enrolment=enrolment)
    strip = build_strip(enrolment, week_rows(entries_qs))
    entries = list(selectors.entry_list(entries_qs).prefetch_related("sections"))
    current = enrolment.current_week()
    look_back = next(
        (e for weeks_ago in (4, 8, 12, 26, 52) for e in entries if e.week == current - weeks_ago),
        None,
    )
    week_counts = {}
    for entry in entries:
        week_counts[entry.week] = week_counts.get(entry.week, 0) + 1
    for entry in entries:
        entry.week_entry_count = week_counts[entry.week]
        # Plain text from the stored HTML: Markdown syntax is not shown.
        excerpt = next((s.body_html for s in entry.sections.all() if s.body_html), entry.aims_html)
        entry.excerpt = plain_text(excerpt)
    return render(
        request,
        "entries/home.html",
        {
            "enrolment": enrolment,
            "strip": strip,
            "entries": entries,
            "look_back": look_back,
            "look_back_weeks": current - look_back.week if look_back else None,
            "has_headings": enrolment.headings.exists(),
        },
    )


# --- Writing ------------------------------------------------------------------


def _section_titles_for(enrolment, entry=None):
    if entry is not None:
        return [(s.heading_title, s.heading_prompt) for s in entry.sections.all()]
    return [(h.title, h.prompt) for h in enrolment.headings.all()]


def _editor(request, *, enrolment, form, entry=None, conflict=None, status=200):
    context = {
        "enrolment": enrolment,
        "form": form,
        "entry": entry,
        # A page drawn again after a refused save keeps the id it posted,
        # so the next save still finds the entry an autosave may have made.
        "new_entry_id": None if entry else (_posted_new_id(request) or uuid.uuid4()),
        "conflict": conflict,
        "conflict_diff": (
            snapshot_diff(conflict.text_snapshot(), _posted_snapshot(form)) if conflict else None
        ),
    }
    return render(request, "entries/entry_form.html", context, status=status)


def _posted_snapshot(form) -> dict:
    data = form.data
    return {
        "title": data.get("title", ""),
        "aims": data.get("aims", ""),
        "sections": [
            [title, data.get(f"section_{i}", "")]
            for i, (title, _) in enumerate(form.section_titles)
        ],
    }


def _posted_new_id(request) -> uuid.UUID | None:
    """The id the editor gave the new entry it is writing (see entry_save)."""
    try:
        return uuid.UUID(request.POST.get("new_entry", ""))
    except ValueError:  # absent or forged: the save makes a new id itself
        return None


def _save(request, *, enrolment, entry=None, share=False):
    """Shared body of the four saving views: validate, save, report."""
    form = EntryForm(
        request.POST,
        enrolment=enrolment,
        section_titles=_section_titles_for(enrolment, entry),
        entry=entry,
    )
    if not form.is_valid():
        return _editor(request, enrolment=enrolment, form=form, entry=entry, status=422)
    try:
        saved = services.entry_save(
            enrolment=enrolment,
            text=form.entry_text(),
            entry=entry,
            version=posted_version(request.POST),
            share=share,
            new_id=None if entry else _posted_new_id(request),
        )
    except services.VersionConflict as conflict:
        return _editor(
            request,
            enrolment=enrolment,
            form=form,
            entry=entry,
            conflict=conflict.entry,
            status=409,
        )
    except ValidationError as error:
        for field, errors in error.update_error_dict({}).items():
            form.add_error(None if field == "__all__" else field, errors)
        return _editor(request, enrolment=enrolment, form=form, entry=entry, status=422)
    if share:
        messages.success(request, _("Shared with your mentor."))
    elif saved.status == EntryStatus.SHARED:
        # "Save changes" on a shared entry: the mentor reads the new text.
        messages.success(
            request, _("Changes saved. Your mentor sees them, marked “edited after sharing”.")
        )
    else:
        messages.success(request, _("Draft saved. Only you can see it."))
    return redirect("entries:entry_detail", public_id=saved.public_id)


@require_http_methods(["GET", "POST"])
def entry_new(request):
    """Candidates: start an entry (GET) or save it as a draft (POST)."""
    enrolment = entry_access.get_logbook_for(request.user)
    if request.method == "POST":
        return _save(request, enrolment=enrolment)
    if not enrolment.headings.exists():
        messages.info(request, _("Choose your headings first: every entry is written under them."))
        return redirect("entries:headings")
    week = max(1, enrolment.current_week())
    form = EntryForm(
        initial={"week": week},
        enrolment=enrolment,
        section_titles=_section_titles_for(enrolment),
    )
    return _editor(request, enrolment=enrolment, form=form)


@require_POST
def entry_new_share(request):
    """Candidates: save a new entry and share it with the mentor at once."""
    enrolment = entry_access.get_logbook_for(request.user)
    return _save(request, enrolment=enrolment, share=True)


@require_http_methods(["GET", "POST"])
def entry_edit(request, public_id):
    """Candidates: edit their own entry (GET) or save it, keeping its status (POST)."""
    entry = entry_access.get_entry_for(request.user, public_id, as_=Role.CANDIDATE)
    if request.method == "POST":
        return _save(request, enrolment=entry.enrolment, entry=entry)
    form = EntryForm(
        initial=entry_initial(entry),
        enrolment=entry.enrolment,
        section_titles=_section_titles_for(entry.enrolment, entry),
        entry=entry,
    )
    return _editor(request, enrolment=entry.enrolment, form=form, entry=entry)


@require_POST
def entry_share(request, public_id):
    """Candidates: share their entry with their mentor. From the editor the
    posted text is saved first; from the entry page the saved text is shared
    as it is (the post then carries only the version)."""
    entry = entry_access.get_entry_for(request.user, public_id, as_=Role.CANDIDATE)
    if "week" in request.POST:
        return _save(request, enrolment=entry.enrolment, entry=entry, share=True)
    try:
        services.entry_save(
            enrolment=entry.enrolment,
            text=services.EntryText.from_entry(entry),
            entry=entry,
            version=posted_version(request.POST),
            share=True,
            strict_version=True,
        )
    except services.VersionConflict:
        messages.error(
            request, _("This entry changed in another window. Check it below, then share again.")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Shared with your mentor."))
    return redirect("entries:entry_detail", public_id=entry.public_id)


@require_POST
def entry_unshare(request, public_id):
    """Candidates: take a shared entry back to draft (until the mentor comments)."""
    entry = entry_access.get_entry_for(request.user, public_id, as_=Role.CANDIDATE)
    try:
        services.entry_unshare(entry=entry)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("This entry is a private draft again."))
    return redirect("entries:entry_detail", public_id=entry.public_id)


@require_POST
def entry_autosave(request):
    """Candidates: the editor's background save (htmx). Creates the draft on
    the first save of a new entry; answers with a status fragment."""
    entry = sections = None
    if request.POST.get("entry"):
        # Owning the entry proves there is a logbook: no need to look it up.
        entry = entry_access.get_entry_for(request.user, request.POST["entry"], as_=Role.CANDIDATE)
        enrolment = entry.enrolment
        # Read once: for the form's headings, and handed to the save.
        sections = list(entry.sections.all())
        section_titles = [(s.heading_title, s.heading_prompt) for s in sections]
    else:
        enrolment = entry_access.get_logbook_for(request.user)
        section_titles = _section_titles_for(enrolment)
    form = EntryForm(
        request.POST,
        enrolment=enrolment,
        section_titles=section_titles,
        entry=entry,
    )
    context = {"entry": entry}
    if not form.is_valid():
        context["errors"] = [e for errors in form.errors.values() for e in errors]
        return render(request, "entries/_save_status.html", context, status=422)
    text = form.entry_text()
    if text.is_empty() and entry is None:
        return render(request, "entries/_save_status.html", {"nothing_yet": True})
    try:
        saved = services.entry_save(
            enrolment=enrolment,
            text=text,
            entry=entry,
            version=posted_version(request.POST),
            sections=sections,
            new_id=None if entry else _posted_new_id(request),
        )
    except services.VersionConflict as conflict:
        context.update(
            conflict=conflict.entry,
            conflict_diff=snapshot_diff(conflict.entry.text_snapshot(), _posted_snapshot(form)),
        )
        return render(request, "entries/_save_status.html", context, status=409)
    except ValidationError as error:
        context["errors"] = error.messages
        return render(request, "entries/_save_status.html", context, status=422)
    response = render(
        request,
        "entries/_save_status.html",
        {
            "entry": saved,
            "saved_at": timezone.localtime(saved.updated_at),
            "created": entry is None,
        },
    )
    # The editor says "Saved" only for an answer carrying this header: a
    # login page or an error page reached some other way never has it.
    response["X-Saved-Version"] = str(saved.version)
    if entry is None:
        response["HX-Replace-Url"] = reverse("entries:entry_edit", args=[saved.public_id])
    return response


@require_POST
def preview(request):
    """Candidates: the Markdown preview of one text area (htmx)."""
    field = request.GET.get("field", "text")
    if not PREVIEW_FIELD.fullmatch(field):
        field = "text"
    text = request.POST.get(field, "")[:50_000]
    return HttpResponse(render_markdown(text) or f"<p><em>{_('Nothing to preview yet.')}</em></p>")


# --- Reading --------------------------------------------------------------------


@require_GET
def entry_detail(request, public_id):
    """Candidates: one of their entries as it reads."""
    entry = entry_access.get_entry_for(
        request.user, public_id, as_=Role.CANDIDATE, with_sections=True
    )
    same_week = (
        entry_access.entries_for(request.user, as_=Role.CANDIDATE, enrolment=entry.enrolment)
        .filter(week=entry.week)
        .count()
    )
    return render(
        request,
        "entries/entry_detail.html",
        {
            "entry": entry,
            "week_label": entry.enrolment.week_label(entry.week),
            "same_week": same_week,
            "edits": list(entry.edits.all()) if entry.edited_after_sharing else [],
        },
    )


@require_GET
def entry_changes(request, public_id):
    """Candidates: what changed since the entry was first shared."""
    entry = entry_access.get_entry_for(request.user, public_id, as_=Role.CANDIDATE)
    if entry.first_shared_text is None:
        return nothing_to_compare(
            request,
            "This entry has not been shared, so there is nothing to compare.",
            "entries:entry_detail",
            public_id=entry.public_id,
        )
    return render(
        request,
        "entries/entry_changes.html",
        {
            "entry": entry,
            "week_label": entry.enrolment.week_label(entry.week),
            "parts": snapshot_diff(entry.first_shared_text, entry.text_snapshot()),
            "edits": list(entry.edits.all()),
        },
    )


# --- Headings -------------------------------------------------------------------


def _apply_errors(form, error: ValidationError) -> None:
    for field, errors in error.update_error_dict({}).items():
        form.add_error(field if field in form.fields else None, errors)


def _headings_page(request, enrolment, *, add_form=None, edited=None, status=200):
    """The headings page. ``edited`` is (heading, bound form) after a refused
    change: that row shows what was typed, with the reasons under it."""
    headings = list(enrolment.headings.all())
    for heading in headings:
        heading.shown_title, heading.shown_prompt = heading.title, heading.prompt
        heading.title_errors = heading.prompt_errors = heading.other_errors = []
        if edited is not None and edited[0].pk == heading.pk:
            form = edited[1]
            heading.shown_title = form.data.get("title", "")
            heading.shown_prompt = form.data.get("prompt", "")
            heading.title_errors = form.errors.get("title", [])
            heading.prompt_errors = form.errors.get("prompt", [])
            heading.other_errors = form.non_field_errors()
    return render(
        request,
        "entries/headings.html",
        {
            "enrolment": enrolment,
            "headings": headings,
            "presets": HEADING_PRESETS,
            "add_form": add_form or HeadingForm(),
        },
        status=status,
    )


@require_GET
def headings(request):
    """Candidates: their headings, the preset sets, and forms to change them."""
    enrolment = entry_access.get_logbook_for(request.user)
    return _headings_page(request, enrolment)


@require_POST
def heading_preset(request):
    """Candidates: replace their headings with a preset set."""
    enrolment = entry_access.get_logbook_for(request.user)
    try:
        services.headings_apply_preset(enrolment=enrolment, key=request.POST.get("preset", ""))
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("Headings set. Entries you have already written keep their own headings.")
        )
    return redirect("entries:headings")


@require_POST
def heading_add(request):
    """Candidates: add a heading at the end."""
    enrolment = entry_access.get_logbook_for(request.user)
    form = HeadingForm(request.POST)
    if form.is_valid():
        try:
            services.heading_add(enrolment=enrolment, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(
                request, _("Heading “%(title)s” added.") % {"title": form.cleaned_data["title"]}
            )
            return redirect("entries:headings")
    return _headings_page(request, enrolment, add_form=form, status=422)


@require_POST
def heading_update(request, pk):
    """Candidates: rename a heading or change its prompt."""
    heading = entry_access.get_heading_for(request.user, pk)
    form = HeadingForm(request.POST, instance=heading)
    if form.is_valid():
        try:
            services.heading_update(heading=heading, **form.cleaned_data)
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Heading saved. Entries already written are unchanged."))
            return redirect("entries:headings")
    messages.error(request, _("The heading was not saved; the reason is under it."))
    return _headings_page(request, heading.enrolment, edited=(heading, form), status=422)


@require_POST
def heading_move(request, pk):
    """Candidates: move a heading up or down."""
    heading = entry_access.get_heading_for(request.user, pk)
    services.heading_move(heading=heading, direction=request.POST.get("direction", ""))
    return redirect("entries:headings")


@require_POST
def heading_delete(request, pk):
    """Candidates: remove a heading (old entries keep it)."""
    heading = entry_access.get_heading_for(request.user, pk)
    services.heading_remove(heading=heading)
    messages.success(
        request, _("Heading “%(title)s” removed from new entries.") % {"title": heading.title}
    )
    return redirect("entries:headings")


# --- Partnerships -----------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def partnerships(request):
    """Candidates: their partnerships, and a form to add one."""
    enrolment = entry_access.get_logbook_for(request.user)
    form = PartnershipForm(request.POST or None, enrolment=enrolment)
    add = partial(services.partnership_add, enrolment=enrolment)
    if request.method == "POST" and form_saved(form, add):
        messages.success(
            request, _("Partnership “%(name)s” added.") % {"name": form.cleaned_data["name"]}
        )
        return redirect("entries:partnerships")
    page = {"enrolment": enrolment, "partnerships": enrolment.partnerships.all(), "form": form}
    return form_page(request, "entries/partnerships.html", page)


@require_http_methods(["GET", "POST"])
def partnership_edit(request, pk):
    """Candidates: rename or re-describe one of their partnerships."""
    partnership = entry_access.get_partnership_for(request.user, pk)
    enrolment = partnership.enrolment
    form = PartnershipForm(request.POST or None, instance=partnership, enrolment=enrolment)
    update = partial(services.partnership_update, partnership=partnership)
    if request.method == "POST" and form_saved(form, update):
        messages.success(request, _("Partnership saved."))
        return redirect("entries:partnerships")
    page = {"form": form, "partnership": partnership}
    return form_page(request, "entries/partnership_form.html", page)


@require_POST
def partnership_delete(request, pk):
    """Candidates: remove a partnership (entries lose the tag, not their text)."""
    partnership = entry_access.get_partnership_for(request.user, pk)
    services.partnership_remove(partnership=partnership)
    messages.success(request, _("Partnership “%(name)s” removed.") % {"name": partnership.name})
    return redirect("entries:partnerships")


# --- Who has read my logbook -------------------------------------------------------


@require_GET
def readers(request):
    """Candidates: who has read, downloaded or acted on their logbook, and when
    (the examination only as far as the decision has released it)."""
    entry_access.get_logbook_for(request.user)
    lines = audit.lines_for_subject(request.user)
    return render(request, "entries/readers.html", {"lines": lines})


# --- History, deleting and the bin ------------------------------------------------


@require_GET
def entry_history(request, public_id):
    """Candidates: every earlier version of their entry, with what differs."""
    entry = entry_access.get_entry_for(request.user, public_id, as_=Role.CANDIDATE)
    versions = history.entry_versions(entry)
    current = versions[0]
    for version in versions[1:]:
        version.diff = [p for p in snapshot_diff(version.snapshot, current.snapshot) if p.changed]
    return render(
        request,
        "entries/entry_history.html",
        {"entry": entry, "current": current, "versions": versions[1:]},
    )


@require_POST
def entry_history_restore(request, public_id):
    """Candidates: make an earlier version of their entry the current text."""
    entry = entry_access.get_entry_for(request.user, public_id, as_=Role.CANDIDATE)
    try:
        history.entry_restore_version(
            entry=entry, key=request.POST.get("version", ""), by=request.user
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("entries:entry_history", public_id=entry.public_id)
    messages.success(
        request,
        _("The earlier version is restored. The text it replaced is kept in the history."),
    )
    return redirect("entries:entry_detail", public_id=entry.public_id)


@require_http_methods(["GET", "POST"])
def entry_delete(request, public_id):
    """Candidates: move their entry to the bin (GET asks first)."""
    entry = entry_access.get_entry_for(request.user, public_id, as_=Role.CANDIDATE)
    if not entry.can_delete():
        messages.error(request, services.KEPT_AFTER_MENTOR_COMMENT)
        return redirect("entries:entry_detail", public_id=entry.public_id)
    if request.method == "POST":
        services.entry_delete(entry=entry)
        messages.success(
            request,
            ngettext(
                "Week %(week)s is in the bin. You can restore it for %(days)s day.",
                "Week %(week)s is in the bin. You can restore it for %(days)s days.",
                RESTORE_DAYS,
            )
            % {"week": entry.week, "days": RESTORE_DAYS},
        )
        return redirect("entries:home")
    return render(
        request, "entries/entry_delete.html", {"entry": entry, "restore_days": RESTORE_DAYS}
    )


@require_GET
def bin(request):
    """Candidates: their deleted entries, restorable for 30 days."""
    enrolment = entry_access.get_logbook_for(request.user)
    deleted = entry_access.deleted_entries_for(request.user, enrolment)
    for entry in deleted:
        entry.purge_on = entry.deleted_at + timezone.timedelta(days=RESTORE_DAYS)
    return render(request, "entries/bin.html", {"entries": deleted, "restore_days": RESTORE_DAYS})


@require_POST
def entry_undelete(request, public_id):
    """Candidates: take an entry back out of the bin."""
    entry = entry_access.get_deleted_entry_for(request.user, public_id)
    try:
        services.entry_undelete(entry=entry)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("entries:bin")
    messages.success(request, _("Week %(week)s is back in your logbook.") % {"week": entry.week})
    return redirect("entries:entry_detail", public_id=entry.public_id)
