"""The mentor's pages, and the review conversation shared with the candidate.

Access: a mentor sees only the *shared* entries of the candidates they
currently mentor; the candidate sees the conversation on their own shared
entries. Everyone else, and every draft, answers 404.
"""

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entries import access as entry_access
from entries import history
from entries import selectors as entry_selectors
from entries.diffing import snapshot_diff
from entries.forms import SearchForm
from entries.models import Entry
from entries.search_language import logbook_configuration
from mentors import access as mentor_access
from mentors import selectors, services
from mentors.forms import CommentEditForm, CommentForm
from notifications.notices import mark_read_for_page
from pbas_logbook.models import Role
from records import audit


def _shared_entry(user, public_id) -> Entry:
    """A shared entry the user may read: the owner or the current mentor."""
    return entry_access.get_entry_for(user, public_id, shared=True)


# --- The mentor's home and a mentee's logbook ---------------------------------


@require_GET
def dashboard(request):
    """Mentors: one row per mentee, whoever needs attention first.
    People who mentor nobody see an empty page explaining why."""
    return render(
        request, "mentors/dashboard.html", {"rows": selectors.dashboard_rows(request.user)}
    )


@require_GET
def mentee_logbook(request, enrolment_id):
    """Mentors: a mentee's shared entries, newest first, with the candidate's filters."""
    enrolment = mentor_access.get_mentee_for(request.user, enrolment_id)
    audit.record_read(reader=request.user, owner=enrolment.candidate, role="mentor")
    shared = entry_access.entries_for(request.user, as_=Role.MENTOR, enrolment=enrolment)
    form = SearchForm(
        request.GET or None,
        enrolment=enrolment,
        partnerships=enrolment.partnerships.filter(entries__in=shared).distinct(),
    )
    filtering = form.is_bound and form.is_valid() and entry_selectors.has_filters(form.cleaned_data)
    context = {"enrolment": enrolment, "form": form, "filtering": filtering}
    if filtering:
        # The mentee's logbook is indexed in its writer's language.
        config = logbook_configuration(enrolment)
        found = entry_selectors.search_sections(shared, **form.cleaned_data, config=config)
        context["results"] = list(found[:50])
    else:
        entries = list(entry_selectors.entry_list(shared))
        counts = selectors.thread_counts(shared)
        for entry in entries:
            entry.open_threads = counts.get(entry.pk, 0)
        context["entries"] = entries
    context["headings"] = list(entry_selectors.heading_titles(shared))
    return render(request, "mentors/mentee_logbook.html", context)


@require_GET
def mentee_heading(request, enrolment_id):
    """Mentors: one heading read across all of a mentee's shared weeks."""
    enrolment = mentor_access.get_mentee_for(request.user, enrolment_id)
    audit.record_read(reader=request.user, owner=enrolment.candidate, role="mentor")
    shared = entry_access.entries_for(request.user, as_=Role.MENTOR, enrolment=enrolment)
    heading = request.GET.get("heading", "").strip()[:120]
    sections = []
    if heading:
        sections = entry_selectors.sections_under_heading(shared, heading)
    for section in sections:
        section.week_label = enrolment.week_label(section.entry.week)
    return render(
        request,
        "mentors/mentee_heading.html",
        {
            "enrolment": enrolment,
            "heading": heading,
            "sections": sections,
            "headings": list(entry_selectors.heading_titles(shared)),
        },
    )


# --- The review conversation ----------------------------------------------------


@require_GET
def entry_review(request, public_id):
    """The candidate (owner) and their current mentor: a shared entry with its
    comment threads, section by section."""
    entry = _shared_entry(request.user, public_id)
    is_mentor = mentor_access.is_mentor_of(request.user, entry.enrolment)
    sections = list(entry.sections.all())
    threads = selectors.threads(entry)
    by_section: dict[int | None, list] = {}
    for thread in threads:
        replies = list(thread.replies.all())
        thread.can_edit = services.comment_can_edit(thread, request.user, thread_replies=replies)
        thread.reply_token = uuid.uuid4()
        for reply in replies:
            reply.can_edit = services.comment_can_edit(reply, request.user, thread_replies=replies)
        by_section.setdefault(thread.section_id, []).append(thread)
    for section in sections:
        section.threads = by_section.get(section.pk, [])
        # Each section's form gets its own ids, so every label points at its
        # own text area (the entry-level form keeps the plain "id_body").
        section.comment_form = CommentForm(
            initial={"section": section.pk},
            label=f"Comment on “{section.heading_title}”",
            auto_id=f"id_section{section.pk}_%s",
        )
    _announce_posted(request, threads)
    mark_read_for_page(user=request.user, url=services.review_url(entry))
    if is_mentor:
        audit.record_read(reader=request.user, owner=entry.enrolment.candidate, role="mentor")
    else:
        services.entry_opened_by_candidate(entry=entry)
    # The text is compared with the entry as it was at the mentor's first
    # comment; a mentor who took over later and has not commented was never
    # shown that text, so "edited after your comment" would not be true.
    mentor_commented = is_mentor and any(
        c.author_id == request.user.pk for t in threads for c in [t, *t.replies.all()]
    )
    edited_after_comment = (
        mentor_commented
        and entry.text_at_mentor_comment is not None
        and entry.text_at_mentor_comment != entry.text_snapshot(sections)
    )
    return render(
        request,
        "mentors/entry_review.html",
        {
            "entry": entry,
            "week_label": entry.enrolment.week_label(entry.week),
            "sections": sections,
            "entry_threads": by_section.get(None, []),
            "comment_form": CommentForm(),
            "is_mentor": is_mentor,
            "edited_after_comment": edited_after_comment,
        },
    )


@require_POST
def comment_create(request, public_id):
    """The candidate and their mentor: post a comment, a section comment or a reply."""
    entry = _shared_entry(request.user, public_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect(services.review_url(entry))
    section = parent = None
    if form.cleaned_data.get("section"):
        section = mentor_access.get_section_of(entry, form.cleaned_data["section"])
    if form.cleaned_data.get("parent"):
        parent = mentor_access.get_comment_on(entry, form.cleaned_data["parent"])
    try:
        comment = services.comment_post(
            entry=entry,
            author=request.user,
            body=form.cleaned_data["body"],
            section=section,
            parent=parent,
            form_token=form.cleaned_data.get("form_token"),
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(services.review_url(entry))
    # "Posted" is said by the page this redirect leads to, not stored in the
    # session here: a double click posts twice, the browser follows only the
    # last answer, and a message stored by the other one would show up (late,
    # or twice) on some later page. Both answers name the same comment.
    return redirect(
        services.review_url(entry) + f"?posted={comment.public_id}#comment-{comment.public_id}"
    )


def _announce_posted(request, threads) -> None:
    """After a post (``?posted=<comment>``, see ``comment_create``): say so
    once, if that comment is on this page and is the reader's own. The page
    script drops the parameter, so a reload does not say it again."""
    posted = request.GET.get("posted")
    if not posted:
        return
    for thread in threads:
        for comment in [thread, *thread.replies.all()]:
            if str(comment.public_id) == posted and comment.author_id == request.user.pk:
                text = "Reply posted." if comment.parent_id else "Comment posted."
                messages.success(request, text)
                return


@require_http_methods(["GET", "POST"])
def comment_edit(request, public_id):
    """The comment's author, until someone replies: edit it (marked "edited")."""
    comment = mentor_access.get_comment_for(request.user, public_id)
    if comment.author_id != request.user.pk:
        raise PermissionDenied("Only the author can edit a comment.")
    form = CommentEditForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.comment_edit(comment=comment, by=request.user, body=form.cleaned_data["body"])
        except ValidationError as error:
            form.add_error("body", error.messages[0])
        else:
            messages.success(request, "Comment updated.")
            return redirect(services.review_url(comment.entry) + f"#comment-{comment.public_id}")
    return render(request, "mentors/comment_edit.html", {"form": form, "comment": comment})


def _set_resolved(request, public_id, resolved: bool):
    comment = mentor_access.get_comment_for(request.user, public_id)
    root = services.thread_set_resolved(comment=comment, by=request.user, resolved=resolved)
    messages.success(request, "Thread resolved." if resolved else "Thread reopened.")
    return redirect(services.review_url(comment.entry) + f"#comment-{root.public_id}")


@require_POST
def thread_resolve(request, public_id):
    """The candidate and their mentor: mark a thread resolved."""
    return _set_resolved(request, public_id, True)


@require_POST
def thread_reopen(request, public_id):
    """The candidate and their mentor: reopen a resolved thread."""
    return _set_resolved(request, public_id, False)


@require_POST
def entry_mark_reviewed(request, public_id):
    """The candidate's current mentor: mark a shared entry reviewed (candidate: 403)."""
    entry = _shared_entry(request.user, public_id)
    mentor_access.require_mentor_of(request.user, entry.enrolment, "mark an entry reviewed")
    services.entry_mark_reviewed(entry=entry, by=request.user)
    messages.success(request, f"Week {entry.week} marked reviewed.")
    return redirect(reverse("mentors:mentee_logbook", args=[entry.enrolment_id]))


@require_GET
def entry_changes_since_comment(request, public_id):
    """The current mentor: what the candidate changed after the mentor's first comment."""
    entry = _shared_entry(request.user, public_id)
    mentor_access.require_mentor_of(request.user, entry.enrolment, "compare with their comment")
    if entry.text_at_mentor_comment is None:
        # Nothing to compare: said on the entry, as on every such page.
        messages.info(request, "You have not commented on this entry yet: nothing to compare.")
        return redirect(services.review_url(entry))
    return render(
        request,
        "mentors/entry_changes.html",
        {
            "entry": entry,
            "week_label": entry.enrolment.week_label(entry.week),
            # Only what changed: the rest the mentor has read already.
            "parts": [
                part
                for part in snapshot_diff(entry.text_at_mentor_comment, entry.text_snapshot())
                if part.changed
            ],
        },
    )


@require_GET
def entry_edits(request, public_id):
    """The candidate (owner) and their current mentor: every change to a shared
    entry since it was first shared, edit by edit, with or without a comment
    of the mentor's. Never the draft text from before the first share."""
    entry = _shared_entry(request.user, public_id)
    is_mentor = mentor_access.is_mentor_of(request.user, entry.enrolment)
    changes = None
    if entry.first_shared_text is not None:
        changes = history.entry_changes_since_shared(
            entry,
            first_shared_text=entry.first_shared_text,
            first_shared_at=entry.first_shared_at or entry.shared_at,
        )
    commented_at = None
    if is_mentor:
        audit.record_read(reader=request.user, owner=entry.enrolment.candidate, role="mentor")
        # Edits after the mentor's own first comment are marked: those are
        # the ones made after the mentor had read and answered the entry.
        commented_at = selectors.first_comment_at(entry, request.user)
    if changes is not None and commented_at is not None:
        for edit in changes.edits:
            edit.after_comment = (
                edit.last_saved_at is not None and edit.last_saved_at > commented_at
            )
    return render(
        request,
        "mentors/entry_edits.html",
        {
            "entry": entry,
            "week_label": entry.enrolment.week_label(entry.week),
            "is_mentor": is_mentor,
            "changes": changes,
            "commented_at": commented_at,
            # The narrower view, "what changed after your first comment".
            "since_comment": is_mentor and entry.text_at_mentor_comment is not None,
        },
    )
