"""Recording the audit trail: one small function per kind of event.

Reads are recorded once per person, logbook and half hour, so a mentor
paging through twenty entries leaves one line, not twenty.
"""

import datetime

from django.utils import timezone

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
