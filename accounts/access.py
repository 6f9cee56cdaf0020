"""The person's own pending email change, and the change a link opens
(pbas_logbook/access.py explains the shape of these modules)."""

from django.utils import timezone

from pbas_logbook.models import EmailChange, User


def pending_email_change_of(user: User) -> EmailChange | None:
    """The signed-in person's own change waiting for its link, while it works."""
    change = EmailChange.objects.filter(user=user, used_at__isnull=True).first()
    if change is None or timezone.now() >= change.expires_at:
        return None
    return change


def email_change_for_token(token: str) -> EmailChange | None:
    """The change a link's token asks for, or None for an unknown token.
    Whose it is, and whether it still works, the caller checks."""
    return EmailChange.objects.find(token)
