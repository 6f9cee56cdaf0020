"""Reactions to logbook events."""

from django.dispatch import receiver

from entries.signals import entry_shared
from mentors.services import review_url
from pbas_logbook.models import NotificationKind
from pbas_logbook.notifications import notify


@receiver(entry_shared)
def notify_mentor_of_shared_entry(sender, entry, **kwargs):
    enrolment = entry.enrolment
    notify(
        recipient=enrolment.mentor,
        actor=enrolment.candidate,
        kind=NotificationKind.ENTRY_SHARED,
        message=f"{enrolment.candidate.full_name} shared week {entry.week} of their logbook",
        url=review_url(entry),
    )
