"""Demo review activity: threads, replies, a resolved thread, reviewed entries.

Runs after entries/demo.py. Idempotent: skipped when the demo logbook
already has comments.
"""

import datetime

from django.db import transaction

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
    enrolment = demo.enrolments["candidate@example.org"]
    if Comment.objects.filter(entry__enrolment=enrolment).exists():
        return
    mentor = demo.people["mentor@example.org"]
    candidate = demo.people["candidate@example.org"]
    weeks = {e.week: e for e in Entry.objects.filter(enrolment=enrolment).shared()}

    # Week 3: an entry-level thread, answered and resolved.
    entry = weeks[3]
    question = services.comment_post(
        entry=entry,
        author=mentor,
        body="You name the risk of partner staff changing. What did you do in week one that "
        "made this harder or easier to see coming?",
    )
    _backdate(question, _at(entry, 1))
    answer = services.comment_post(
        entry=entry,
        author=candidate,
        parent=question,
        body="Honestly, nothing: I assumed the first contact *was* the organisation. "
        "I now ask every partner for a deputy.",
    )
    _backdate(answer, _at(entry, 2))
    services.thread_set_resolved(comment=question, by=mentor, resolved=True)

    # Week 7: a section-level question the candidate has answered; the
    # mentor has not replied yet (shows as "replies waiting").
    entry = weeks[7]
    section = entry.sections.get(heading_title="Keeping the primary purpose in view")
    question = services.comment_post(
        entry=entry,
        author=mentor,
        section=section,
        body="Who benefits from the current set-up? Try answering from the cooperative's chair.",
    )
    _backdate(question, _at(entry, 1))
    reply = services.comment_post(
        entry=entry,
        author=candidate,
        parent=question,
        body="The utility, mostly: it sets the agenda because it holds the budget line.",
    )
    _backdate(reply, _at(entry, 3))

    # Week 8: a fresh mentor comment the candidate has not opened yet.
    entry = weeks[8]
    section = entry.sections.get(heading_title="Improving my brokering practice")
    comment = services.comment_post(
        entry=entry,
        author=mentor,
        section=section,
        body="You framed the options and stepped back: good. What would you have done if the "
        "utility had blocked the rotating chair?",
    )
    _backdate(comment, _at(entry, 1))

    # Weeks 1 to 5 have been read and marked reviewed.
    for week in (1, 2, 3, 4, 5):
        services.entry_mark_reviewed(entry=weeks[week], by=mentor)
        Entry.objects.filter(pk=weeks[week].pk).update(reviewed_at=_at(weeks[week], 2, 18))
    # "Entry shared" notices are made when the seeding commits (the logbook
    # sends its signal on commit), so their times and read state are settled
    # then; this callback runs after the logbook's, in the order registered.
    # The candidate has read everything before her week 8 entry, so the
    # mentor's fresh comment on it is news; the mentor is behind since week 5.
    read_up_to = {candidate: weeks[8].created_at, mentor: weeks[5].created_at}
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
