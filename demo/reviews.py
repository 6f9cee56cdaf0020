"""Demo review activity on the main demo logbook (content/reviews.toml).
Skipped when that logbook already has comments."""

import datetime

from django.db import transaction

from demo.content import load
from entries.models import Entry
from mentors import services
from mentors.models import Comment
from pbas_logbook.models import Notification, NotificationKind


def _at(entry: Entry, days: int, hour: int = 10) -> datetime.datetime:
    return entry.created_at.replace(hour=hour, minute=15) + datetime.timedelta(days=days)


def _backdate(comment: Comment, when: datetime.datetime) -> None:
    Comment.objects.filter(pk=comment.pk).update(created_at=when)
    Notification.objects.filter(url__contains=str(comment.public_id)).update(created_at=when)


def seed(demo) -> None:
    content = load("reviews")
    enrolment = demo.enrolments[content["candidate"]]
    if Comment.objects.filter(entry__enrolment=enrolment).exists():
        return
    people = {
        "mentor": demo.people[content["mentor"]],
        "candidate": demo.people[content["candidate"]],
    }
    weeks = {e.week: e for e in Entry.objects.filter(enrolment=enrolment).shared()}

    for thread in content["threads"]:
        entry = weeks[thread["week"]]
        section = (
            entry.sections.get(heading_title=thread["heading"]) if "heading" in thread else None
        )
        first = None
        for message in thread["messages"]:
            comment = services.comment_post(
                entry=entry,
                author=people[message["by"]],
                body=message["body"],
                # A reply belongs to its thread, not to a section of its own.
                section=None if first else section,
                parent=first,
            )
            _backdate(comment, _at(entry, message["days"]))
            first = first or comment
        if thread.get("resolved"):
            services.thread_set_resolved(comment=first, by=people["mentor"], resolved=True)

    reviewed = content["reviewed"]
    for week in reviewed["weeks"]:
        services.entry_mark_reviewed(entry=weeks[week], by=people["mentor"])
        Entry.objects.filter(pk=weeks[week].pk).update(
            reviewed_at=_at(weeks[week], reviewed["days"], reviewed["hour"])
        )
    # "Entry shared" notices are made when the seeding commits (the logbook
    # sends its signal on commit), so their times and read state are settled
    # then; this callback runs after the logbook's, in the order registered.
    read_up_to = {
        people[who]: weeks[week].created_at
        for who, week in content["notices_read_before_week"].items()
    }
    enrolments = list(demo.enrolments.values())
    transaction.on_commit(lambda: _settle_notices(enrolments, read_up_to))


def _settle_notices(enrolments, read_up_to) -> None:
    """Date each notice by what it reports (sharing, review), then mark the
    older ones read, so the demo bell shows recent news only."""
    for entry in Entry.objects.filter(enrolment__in=enrolments).shared():
        notices = Notification.objects.filter(url=services.review_url(entry))
        notices.filter(kind=NotificationKind.ENTRY_SHARED).update(created_at=entry.shared_at)
        if entry.reviewed_at:
            notices.filter(kind=NotificationKind.REVIEWED).update(created_at=entry.reviewed_at)
    for person, cutoff in read_up_to.items():
        Notification.objects.filter(recipient=person, created_at__lt=cutoff).update(read_at=cutoff)
