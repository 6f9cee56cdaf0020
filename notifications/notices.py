"""Notify people: an in-app notice, and an email unless they opted out.

Emails go out after the transaction commits (a rolled-back action notifies
nobody) and a failing mail server is logged, never raised. Neither the
notice nor the email quotes logbook text: emails leave our control.
"""

import datetime
import logging
from collections import defaultdict
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.urls import Resolver404, resolve
from django.utils import timezone

from library.audience import as_read_by
from library.mornings import local_now, morning_day
from notifications.outbox import send_now
from pbas_logbook.models import EmailFrequency, Notification, NotificationPreference, User

log = logging.getLogger(__name__)


def email_frequency(user: User) -> str:
    preference = NotificationPreference.objects.filter(user=user).first()
    return preference.email_frequency if preference else EmailFrequency.IMMEDIATE


def _email_one(notification_id: int) -> None:
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    sent = send_now(
        to=notification.recipient.email,
        template_prefix="emails/notification",
        context={"notification": notification, "link": settings.SITE_URL + notification.url},
        reader=notification.recipient,
    )
    if sent:
        Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())


def notify(
    *,
    recipient: User,
    kind: str,
    message: str | Callable[[], str],
    url: str,
    actor: User | None = None,
):
    """Record a notice for ``recipient``; email it now if they want that.

    ``message`` is kept as text: to word it in the recipient's language
    (and tell times in their zone), not the sender's, pass a function that
    builds it, e.g. ``lambda: _("Week %(week)s was shared") % {...}``; it
    is called as read by the recipient (library.audience)."""
    if recipient is None or not recipient.is_active or recipient == actor:
        return None
    if callable(message):
        with as_read_by(recipient):
            message = str(message())
    notification = Notification.objects.create(
        recipient=recipient, actor=actor, kind=kind, message=message[:300], url=url
    )
    if email_frequency(recipient) == EmailFrequency.IMMEDIATE:
        transaction.on_commit(lambda: _email_one(notification.pk))
    return notification


def send_daily_digests(*, now=None) -> int:
    """Email each digest reader their notices not yet emailed; returns emails sent.

    The job runs every hour: a reader gets their digest in their own
    morning (library.mornings), at most once a day of their own calendar.
    Idempotent: a notice is marked emailed once its digest has gone out, so a
    second run the same day sends nothing again.
    """
    now = now or timezone.now()
    readers = User.objects.filter(
        notification_preference__email_frequency=EmailFrequency.DAILY,
        notifications__emailed_at__isnull=True,
        notifications__read_at__isnull=True,
        is_active=True,
    ).distinct()
    sent = 0
    for reader in readers:
        day = morning_day(reader, now)
        if day is None or _had_digest_on(reader, day, now):
            continue
        pending = list(
            Notification.objects.filter(
                recipient=reader, emailed_at__isnull=True, read_at__isnull=True
            ).order_by("created_at")
        )
        if not pending:
            continue
        ok = send_now(
            to=reader.email,
            template_prefix="emails/digest",
            context={"person": reader, "notifications": pending, "link": settings.SITE_URL},
            reader=reader,
        )
        if ok:
            Notification.objects.filter(pk__in=[n.pk for n in pending]).update(emailed_at=now)
            sent += 1
    return sent


def _had_digest_on(reader: User, day, now) -> bool:
    """Whether ``reader``'s digest already went out on ``day``, their date."""
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=local_now(reader, now).tzinfo)
    return Notification.objects.filter(recipient=reader, emailed_at__gte=start).exists()


def mark_read_for_page(*, user: User, url: str) -> None:
    """The person opened the page these notices point at (``url``, with or
    without a #fragment): they have seen the news, so the bell drops it."""
    Notification.objects.filter(recipient=user, read_at__isnull=True, url__startswith=url).update(
        read_at=timezone.now()
    )


def unread_count(user: User) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user: User, pks=None) -> None:
    """Mark the person's unread notices read: those in ``pks``, or all."""
    unread = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if pks is not None:
        unread = unread.filter(pk__in=pks)
    unread.update(read_at=timezone.now())


def preference_of(user: User) -> NotificationPreference:
    """The person's email preference (unsaved with the default if never chosen)."""
    return NotificationPreference.objects.filter(user=user).first() or NotificationPreference(
        user=user
    )


# --- Links that no longer open ----------------------------------------------------

# A notice outlives what it points at: an entry shared, then made private or
# moved to the bin; a mentee moved to another mentor. Following it would be
# a bare 404. The app that writes a kind of link says, for many links at
# once, which of them ``user`` can no longer open and why (None: still open);
# the notices page then says so and offers no link. The page itself stays a
# plain 404, the same for everyone, so it still tells nobody that an entry
# exists (docs/security.md); the generic 404 points to the notices.
LinkCheck = Callable[[User, list[dict]], list[str | None]]
_link_checks: dict[str, LinkCheck] = {}


def link_check(url_name: str):
    """Register ``check(user, [url kwargs, ...]) -> [reason or None, ...]``
    for the links of ``url_name`` ("namespace:name")."""

    def register(check: LinkCheck) -> LinkCheck:
        _link_checks[url_name] = check
        return check

    return register


def _resolved(url: str) -> tuple[str, dict] | None:
    try:
        match = resolve(urlsplit(url).path)
    except Resolver404:
        return None
    return match.view_name, match.kwargs


def closed_links(user: User, notices) -> dict[int, str]:
    """For each of ``notices`` whose page ``user`` can no longer open: why,
    by notice id. One query per kind of link, whatever the number of notices."""
    by_view: dict[str, list] = defaultdict(list)
    for notice in notices:
        resolved = _resolved(notice.url)
        if resolved and resolved[0] in _link_checks:
            by_view[resolved[0]].append((notice, resolved[1]))
    closed = {}
    for view_name, pairs in by_view.items():
        reasons = _link_checks[view_name](user, [kwargs for _, kwargs in pairs])
        for (notice, _), reason in zip(pairs, reasons, strict=True):
            if reason:
                closed[notice.pk] = reason
    return closed


def email_frequency_set(user: User, frequency: str) -> NotificationPreference:
    """The person's choice: email at once, a daily digest, or none."""
    preference, _ = NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_frequency": frequency}
    )
    return preference
