"""A person's own data: download everything, and close the account.

Each app that holds personal data has a ``personal_data`` module with:
- ``export(user) -> dict``: everything it holds about the person;
- ``closure(user) -> list[ClosureItem]``: what closing the account does to it;
- ``close(user) -> None``: do it (inside the caller's transaction).
The core finds those modules in INSTALLED_APPS order, so
it never imports the outer apps by name.

The rules (docs/security.md): live entries, drafts, headings, partnerships,
the live final paper and their history are deleted; frozen submissions,
assessments, decisions and the audit trail are kept for the programme's
records; the account is deactivated and cannot sign in.
"""

import importlib
from dataclasses import dataclass

from django.apps import apps
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pbas_logbook.models import (
    AuditAction,
    EmailChange,
    Notification,
    NotificationPreference,
    User,
)
from records import audit


@dataclass
class ClosureItem:
    what: str
    count: int
    kept: bool  # True: kept for the programme's records; False: deleted
    why: str = ""


def _modules():
    for app_config in apps.get_app_configs():
        try:
            yield importlib.import_module(f"{app_config.name}.personal_data")
        except ModuleNotFoundError as error:
            if error.name != f"{app_config.name}.personal_data":
                raise


def export(user: User) -> dict:
    data = {
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "date_joined": user.date_joined.isoformat(),
            "roles": list(user.roles),
            # Blank: not chosen yet (time zone) or following the browser (language).
            "time_zone": user.time_zone,
            "language": user.language,
            "email_changes": [
                {
                    "new_email": change.new_email,
                    "asked_at": change.created_at.isoformat(),
                    "confirmed_at": change.used_at.isoformat() if change.used_at else None,
                }
                for change in EmailChange.objects.filter(user=user)
            ],
        },
        "notifications": [
            {"at": n.created_at.isoformat(), "message": n.message, "read": n.read_at is not None}
            for n in Notification.objects.filter(recipient=user)
        ],
    }
    for module in _modules():
        if module.__name__ != __name__:
            data.update(module.export(user))
    return data


def closure(user: User) -> list[ClosureItem]:
    items = []
    for module in _modules():
        if module.__name__ != __name__:
            items.extend(module.closure(user))
    items.append(
        ClosureItem(
            _("Audit trail of who read or acted on your logbook"), 0, True, _("required record")
        )
    )
    return items


@transaction.atomic
def close_account(user: User) -> None:
    for module in _modules():
        if module.__name__ != __name__:
            module.close(user)
    Notification.objects.filter(recipient=user).delete()
    NotificationPreference.objects.filter(user=user).delete()
    # A pending change must not let the closed account's address be moved.
    EmailChange.objects.filter(user=user).delete()
    user.is_active = False
    user.set_unusable_password()
    user.save(update_fields=["is_active", "password"])
    audit.record(actor=user, action=AuditAction.ACCOUNT_CLOSED, subject=user, role="candidate")
