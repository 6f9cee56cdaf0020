"""Sending email: each message is a subject / text / HTML template triple.

Every email the app sends goes through ``deliver_or_queue`` (ours through
``send_now``, Django's password reset through ``OutboxPasswordResetForm``):
mail is sent after the surrounding transaction commits, and a failing mail
server is logged, never raised: the action the person took has succeeded,
and the rendered message waits in ``PendingEmail`` for ``retry_emails``.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from library.audience import as_read_by
from pbas_logbook.models import PendingEmail

log = logging.getLogger(__name__)


def render_email(template_prefix: str, context: dict, reader=None) -> tuple[str, str, str]:
    """Subject, text and HTML of an email. With ``reader`` (a user), in
    their language and time zone, whoever's action or job sends it."""
    if reader is not None:
        with as_read_by(reader):
            return render_email(template_prefix, context)
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"{template_prefix}_subject.txt", context).strip()
    text = render_to_string(f"{template_prefix}.txt", context)
    html = render_to_string(f"{template_prefix}.html", context)
    return " ".join(subject.splitlines()), text, html


def _deliver(*, to: str, subject: str, text: str, html: str) -> None:
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def deliver_or_queue(*, to: str, subject: str, text: str, html: str = "", what: str = "") -> bool:
    """Send a rendered message; on failure keep it for ``retry_emails``."""
    try:
        _deliver(to=to, subject=subject, text=text, html=html)
    except Exception as error:  # a mail server failure must never fail the action
        log.exception("Could not send %s email to %s; queued for retry", what or subject, to)
        PendingEmail.objects.create(
            to=to, subject=subject, text=text, html=html, last_error=str(error)[:300]
        )
        return False
    return True


def send_now(*, to: str, template_prefix: str, context: dict, reader=None) -> bool:
    """Render (in ``reader``'s language, see render_email) and send; on
    failure keep the message for ``retry_emails``."""
    subject, text, html = render_email(template_prefix, context, reader)
    return deliver_or_queue(to=to, subject=subject, text=text, html=html, what=template_prefix)


def retry_pending(*, max_attempts: int = 10) -> tuple[int, int]:
    """Send queued emails again; returns (sent, still failing)."""
    sent = failed = 0
    for pending in PendingEmail.objects.filter(sent_at__isnull=True, attempts__lt=max_attempts):
        try:
            _deliver(to=pending.to, subject=pending.subject, text=pending.text, html=pending.html)
        except Exception as error:
            log.warning("Retry of email %s to %s failed: %s", pending.pk, pending.to, error)
            pending.attempts += 1
            pending.last_error = str(error)[:300]
            pending.save(update_fields=["attempts", "last_error"])
            failed += 1
        else:
            pending.sent_at = timezone.now()
            pending.save(update_fields=["sent_at"])
            sent += 1
    return sent, failed


def send_after_commit(*, to: str, template_prefix: str, context: dict, reader=None) -> None:
    transaction.on_commit(
        lambda: send_now(to=to, template_prefix=template_prefix, context=context, reader=reader)
    )
