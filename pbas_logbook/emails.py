"""Sending email: each message is a subject / text / HTML template triple.

Mail is sent after the surrounding transaction commits, and a failing mail
server is logged, never raised: the action the person took has succeeded.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string

log = logging.getLogger(__name__)


def render_email(template_prefix: str, context: dict) -> tuple[str, str, str]:
    context = {"site_url": settings.SITE_URL, **context}
    subject = render_to_string(f"{template_prefix}_subject.txt", context).strip()
    text = render_to_string(f"{template_prefix}.txt", context)
    html = render_to_string(f"{template_prefix}.html", context)
    return " ".join(subject.splitlines()), text, html


def send_now(*, to: str, template_prefix: str, context: dict) -> bool:
    subject, text, html = render_email(template_prefix, context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception:  # a mail server failure must never fail the action
        log.exception("Could not send %s email to %s", template_prefix, to)
        return False
    return True


def send_after_commit(*, to: str, template_prefix: str, context: dict) -> None:
    transaction.on_commit(lambda: send_now(to=to, template_prefix=template_prefix, context=context))
