"""Writes for mentor review: comments and replies, resolving, reviewing.

Each function checks the rule it enforces even when the view already did:
a forged POST (a comment on a draft, on another candidate's entry, by a
former mentor) is refused here, inside the transaction.
"""

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from entries.models import Entry, EntrySection, EntryStatus
from library.markdown import render_markdown
from mentors.models import COMMENT_MAX_CHARS, Comment
from notifications.notices import notify
from pbas_logbook.access import locked
from pbas_logbook.models import NotificationKind, User


def _participants(entry: Entry) -> tuple[User, User | None]:
    return entry.enrolment.candidate, entry.enrolment.mentor


def _check_participant(entry: Entry, user: User) -> None:
    candidate, mentor = _participants(entry)
    if entry.status != EntryStatus.SHARED or user not in (candidate, mentor):
        # The views answer 404 before this; reaching it means a forged request.
        raise PermissionDenied("You cannot comment on this entry.")


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write something before posting: the comment is empty."})
    if len(body) > COMMENT_MAX_CHARS:
        raise ValidationError(
            {
                "body": f"A comment can be at most {COMMENT_MAX_CHARS:,} characters; this one has "
                f"{len(body):,}. Shorten it or split it into two comments."
            }
        )
    return body


def review_url(entry: Entry) -> str:
    return reverse("mentors:entry_review", args=[entry.public_id])


@transaction.atomic
def comment_post(
    *,
    entry: Entry,
    author: User,
    body: str,
    section: EntrySection | None = None,
    parent: Comment | None = None,
    form_token: uuid.UUID | None = None,
) -> Comment:
    """Post a comment or a reply; the same form token twice (a double click)
    gives one comment: the second post returns the first one's."""
    entry = locked(Entry.objects.select_related("enrolment"), entry.pk)
    _check_participant(entry, author)
    body = _clean_body(body)
    if form_token is not None:
        existing = Comment.objects.filter(author=author, form_token=form_token).first()
        if existing is not None:
            return existing
    if section is not None and section.entry_id != entry.pk:
        raise ValidationError("That section is not part of this entry.")
    if parent is not None:
        if parent.entry_id != entry.pk:
            raise ValidationError("That comment is not on this entry.")
        parent = parent.parent or parent  # replies always hang on the thread's root
        section = parent.section
    now = timezone.now()
    try:
        with transaction.atomic():
            comment = Comment.objects.create(
                entry=entry,
                section=section,
                parent=parent,
                author=author,
                body=body,
                body_html=render_markdown(body),
                created_at=now,
                form_token=form_token,
            )
    except IntegrityError:
        return Comment.objects.get(author=author, form_token=form_token)

    candidate, mentor = _participants(entry)
    updates = {"comment_count": F("comment_count") + 1}
    if author == mentor:
        updates["unread_by_candidate"] = F("unread_by_candidate") + 1
        if entry.first_mentor_comment_at is None:
            updates["first_mentor_comment_at"] = now
            updates["text_at_mentor_comment"] = entry.text_snapshot()
    if parent is not None and parent.resolved_at is not None:
        # A new reply reopens a resolved thread: the conversation goes on.
        Comment.objects.filter(pk=parent.pk).update(resolved_at=None, resolved_by=None)
    Entry.objects.filter(pk=entry.pk).update(**updates)

    other = candidate if author == mentor else mentor
    kind = NotificationKind.REPLY if parent else NotificationKind.COMMENT
    what = "replied to a comment" if parent else "commented"
    notify(
        recipient=other,
        actor=author,
        kind=kind,
        # Only the two of them comment: to the candidate it is "your"
        # logbook, to the mentor the candidate (the author) wrote on "their" own.
        message=f"{author.full_name} {what} on week {entry.week} of "
        + ("your logbook" if other == candidate else "their logbook"),
        url=review_url(entry) + f"#comment-{comment.public_id}",
    )
    return comment


def comment_can_edit(comment: Comment, user: User, *, thread_replies) -> bool:
    """The author may edit a comment until someone replies after it.
    ``thread_replies``: the replies of the comment's thread (the page has
    them loaded; ``comment_edit`` reads them)."""
    return comment.author_id == user.pk and not any(
        reply.pk != comment.pk and reply.created_at > comment.created_at for reply in thread_replies
    )


@transaction.atomic
def comment_edit(*, comment: Comment, by: User, body: str) -> Comment:
    comment = locked(Comment.objects.select_related("entry__enrolment"), comment.pk)
    _check_participant(comment.entry, by)
    if comment.author_id != by.pk:
        raise PermissionDenied("Only the author can edit a comment.")
    replies = Comment.objects.filter(parent_id=comment.parent_id or comment.pk).only("created_at")
    if not comment_can_edit(comment, by, thread_replies=replies):
        raise ValidationError("Someone has replied, so this comment can no longer be edited.")
    body = _clean_body(body)
    comment.body, comment.body_html, comment.edited_at = body, render_markdown(body), timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    return comment


@transaction.atomic
def thread_set_resolved(*, comment: Comment, by: User, resolved: bool) -> Comment:
    root = comment.parent or comment
    _check_participant(root.entry, by)
    root.resolved_at = timezone.now() if resolved else None
    root.resolved_by = by if resolved else None
    root.save(update_fields=["resolved_at", "resolved_by"])
    return root


@transaction.atomic
def entry_mark_reviewed(*, entry: Entry, by: User) -> Entry:
    entry = locked(Entry.objects.select_related("enrolment__candidate"), entry.pk)
    if entry.status != EntryStatus.SHARED or entry.enrolment.mentor_id != by.pk:
        raise PermissionDenied("Only the candidate's mentor can mark a shared entry reviewed.")
    if entry.reviewed_at is None:
        entry.reviewed_at = timezone.now()
        entry.save(update_fields=["reviewed_at"])
        notify(
            recipient=entry.enrolment.candidate,
            actor=by,
            kind=NotificationKind.REVIEWED,
            message=f"{by.full_name} marked week {entry.week} of your logbook as reviewed",
            url=review_url(entry),
        )
    return entry


def entry_opened_by_candidate(*, entry: Entry) -> None:
    """The candidate has seen the conversation: nothing is unread any more."""
    if entry.unread_by_candidate:
        Entry.objects.filter(pk=entry.pk).update(unread_by_candidate=0)
