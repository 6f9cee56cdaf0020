"""Reactions to logbook events."""

from django.dispatch import receiver

from entries.models import Entry, EntryStatus
from entries.signals import entry_shared
from mentors.services import review_url
from notifications.notices import link_check, notify
from pbas_logbook.models import NotificationKind

NO_LONGER_SHARED = (
    "The entry is no longer shared with you: it was made private or deleted, or you no "
    "longer mentor this candidate."
)
OWN_NOT_SHARED = (
    "The entry is no longer shared: it is private or in the bin. Share it again to reopen "
    "the conversation."
)


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


@link_check("mentors:entry_review")
def entry_review_links(user, links: list[dict]) -> list[str | None]:
    """Notices of sharing, comments and reviews point at the entry's review
    page, which opens only while the entry is shared (and, for a mentor,
    while the candidate is their mentee): the same rule as the page."""
    ids = [link.get("public_id") for link in links]
    still_open = set(
        Entry.objects.visible_to(user)
        .filter(status=EntryStatus.SHARED, public_id__in=ids)
        .values_list("public_id", flat=True)
    )
    closed = [i for i in ids if i not in still_open]
    own = (
        set(
            Entry.all_objects.filter(public_id__in=closed, enrolment__candidate=user).values_list(
                "public_id", flat=True
            )
        )
        if closed
        else set()
    )
    return [
        None if i in still_open else OWN_NOT_SHARED if i in own else NO_LONGER_SHARED for i in ids
    ]
