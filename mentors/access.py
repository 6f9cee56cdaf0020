"""Who may reach a mentee's logbook and the review conversation (the access
API of pbas_logbook/access.py, for mentoring).

A mentor reaches the enrolments they mentor now (a replaced mentor loses
them on their next request) and those candidates' shared entries; the
conversation on a shared entry is read by its candidate and current mentor.
Everyone else gets 404. Acting as the mentor on an entry one may read as its
candidate is a 403: the page exists for them, the action does not.
"""

from django.core.exceptions import PermissionDenied

from entries.models import EntrySection
from mentors.models import Comment
from pbas_logbook.access import get_or_404, mentee_enrolments
from pbas_logbook.models import Enrolment


def get_mentee_for(user, enrolment_id) -> Enrolment:
    """An enrolment ``user`` mentors now."""
    return get_or_404(mentee_enrolments(user), pk=enrolment_id)


def is_mentor_of(user, enrolment: Enrolment) -> bool:
    return enrolment.mentor_id is not None and enrolment.mentor_id == user.pk


def require_mentor_of(user, enrolment: Enrolment, action: str) -> None:
    """403 unless ``user`` is ``enrolment``'s current mentor: ``action`` says
    what only the mentor may do ("mark an entry reviewed")."""
    if not is_mentor_of(user, enrolment):
        raise PermissionDenied(f"Only the mentor can {action}.")


def get_comment_for(user, public_id) -> Comment:
    """A comment on a shared entry ``user`` reads (its candidate or mentor)."""
    return get_or_404(
        Comment.objects.visible_to(user).select_related("entry__enrolment", "author"),
        public_id=public_id,
    )


def get_section_of(entry, pk) -> EntrySection:
    """A section of ``entry`` (already reached through get_entry_for)."""
    return get_or_404(entry.sections.all(), pk=pk)


def get_comment_on(entry, public_id) -> Comment:
    """A comment on ``entry`` (a reply names its parent by id)."""
    return get_or_404(Comment.objects.filter(entry=entry), public_id=public_id)
