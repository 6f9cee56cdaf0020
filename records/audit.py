"""Recording the audit trail: one small function per kind of event.

Reads are recorded once per person, logbook and half hour, so a mentor
paging through twenty entries leaves one line, not twenty.
"""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from pbas_logbook.models import AuditAction, AuditEvent, User

READ_WINDOW = datetime.timedelta(minutes=30)
READ_ACTIONS = {AuditAction.READ_LOGBOOK, AuditAction.READ_SUBMISSION}


def record(
    *, actor: User | None, action: str, subject: User | None = None, detail: str = "", role=""
) -> AuditEvent | None:
    now = timezone.now()
    if action in READ_ACTIONS and actor is not None:
        recent = AuditEvent.objects.filter(
            actor=actor, action=action, subject=subject, created_at__gte=now - READ_WINDOW
        )
        if recent.exists():
            return None
    return AuditEvent.objects.create(
        created_at=now,
        actor=actor,
        actor_name=(actor.full_name or actor.email) if actor else "system",
        actor_role=role,
        action=action,
        subject=subject,
        subject_name=(subject.full_name or subject.email) if subject else "",
        detail=detail[:300],
    )


def record_read(*, reader: User, owner: User, action=AuditAction.READ_LOGBOOK, role="") -> None:
    """A person read someone else's writing (never recorded for the owner)."""
    if reader.pk != owner.pk:
        record(actor=reader, action=action, subject=owner, role=role)


# --- What the person whose logbook it is may see ---------------------------------

# The examination's own steps: assigning, removing, assessing, moderating,
# deciding and setting the release. With every line an examiner writes
# (reading the submission, downloading its PDF), they stay sealed from the
# candidate until the result is out (issue 12: a decision is not the result
# until it is released).
EXAMINATION_ACTIONS = {
    AuditAction.EXAMINER_ASSIGNED,
    AuditAction.EXAMINER_UNASSIGNED,
    AuditAction.ASSESSED,
    AuditAction.MODERATED,
    AuditAction.DECIDED,
    AuditAction.RELEASED,
}
_VERSION = re.compile(r"\bversion \d+\b")

# Marked here, translated where shown (tests compare the English constant).
WITH_THE_EXAMINERS = gettext_noop("Your submitted logbook is with the examiners")
WITH_THE_EXAMINERS_DETAIL = gettext_noop(
    "who examines it and what they record are shown here once the result is released"
)


@dataclass(frozen=True)
class SubjectLine:
    """One line of "Who has read my logbook", as its subject may read it."""

    at: datetime.datetime
    what: str
    who: str = ""
    role: str = ""
    detail: str = ""


def _is_examination(event: AuditEvent) -> bool:
    return event.actor_role == "examiner" or event.action in EXAMINATION_ACTIONS


def lines_for_subject(subject: User, *, limit: int = 200) -> list[SubjectLine]:
    """The audit lines about ``subject``'s logbook written by others, as the
    subject may see them (issue 11, item 1). The one place that decides it.

    Until the decision, a candidate learns only that the submission is with
    the examiners: every examination line (an examiner's reads and
    downloads, assignments, assessments) folds into one line, dated when the
    first of them happened, with no name, no count and no outcome. Once
    decided they appear one by one as the result page shows the
    examination: an examiner is "An examiner", never named (the result page
    names nobody), and a line keeps only the submission's version, because
    an outcome an examiner recorded and later changed is not the result.

    The RESULT_OUT line is the release: examinations.release writes it
    when the result takes effect (its time passed and the candidate told),
    so the trail itself says what is released: an examination line is
    sealed unless a RESULT_OUT line follows it. (The core reads no
    examination tables, see STYLE.md 2.) Only one submission is open at a
    time, so every line before a release concerns a released submission; a
    line after the last release may belong to a new submission and stays
    sealed, which errs on the side of saying less.
    """
    events = list(
        AuditEvent.objects.filter(subject=subject)
        .exclude(actor=subject)
        .order_by("-created_at")[:limit]
    )
    decided_at = max(
        (e.created_at for e in events if e.action == AuditAction.RESULT_OUT), default=None
    )
    if decided_at is None and any(_is_examination(e) for e in events):
        # The decision may be older than the lines shown: ask for it.
        decided_at = (
            AuditEvent.objects.filter(subject=subject, action=AuditAction.RESULT_OUT)
            .order_by("-created_at")
            .values_list("created_at", flat=True)
            .first()
        )
    lines, sealed = [], []
    for event in events:
        if not _is_examination(event):
            lines.append(
                SubjectLine(
                    at=event.created_at,
                    who=event.actor_name,
                    role=event.actor_role,
                    what=event.get_action_display(),
                    detail=event.detail,
                )
            )
        elif decided_at is None or event.created_at > decided_at:
            sealed.append(event)
        else:
            by_examiner = event.actor_role == "examiner"
            version = _VERSION.search(event.detail)
            lines.append(
                SubjectLine(
                    at=event.created_at,
                    who=gettext("An examiner") if by_examiner else event.actor_name,
                    role="" if by_examiner else event.actor_role,
                    what=event.get_action_display(),
                    # The decision's line says the result, as the result page
                    # does; the others only the version (an examiner's own
                    # outcome, or moderation's reasons, are not the result).
                    detail=event.detail
                    if event.action == AuditAction.DECIDED
                    else (version.group(0) if version else ""),
                )
            )
    if sealed:
        lines.append(
            SubjectLine(
                at=min(e.created_at for e in sealed),
                what=gettext(WITH_THE_EXAMINERS),
                detail=gettext(WITH_THE_EXAMINERS_DETAIL),
            )
        )
        lines.sort(key=lambda line: line.at, reverse=True)
    return lines
