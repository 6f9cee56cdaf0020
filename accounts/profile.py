"""A person's own profile: name, email address, time zone and language.

Every write here is for the signed-in person about themselves. An email
change takes two steps: ``email_change_request`` stores a hashed token and
sends its link to the new address (and a notice to the old one);
``email_change_confirm`` moves the address when the same person, signed in,
opens that link within a day. Proof of both: the session shows it is their
account, the token that the new mailbox is theirs.
"""

import datetime
import zoneinfo
from collections import defaultdict

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from notifications.outbox import send_after_commit
from pbas_logbook import access as access_policy
from pbas_logbook.models import (
    AuditAction,
    EmailChange,
    User,
    time_zone_names,
    validate_time_zone,
)
from records import audit

# The regions of the IANA database that name places, in the select's order,
# each with its label in the reader's language (the names of places stay
# as the database writes them).
REGIONS = {
    "Africa": _("Africa"),
    "America": _("America"),
    "Antarctica": _("Antarctica"),
    "Arctic": _("Arctic"),
    "Asia": _("Asia"),
    "Atlantic": _("Atlantic"),
    "Australia": _("Australia"),
    "Europe": _("Europe"),
    "Indian": pgettext_lazy("the Indian Ocean time zones", "Indian Ocean"),
    "Pacific": _("Pacific"),
}
EMAIL_IN_USE = _("This address is already in use by another account.")


def time_zone_choices(current: str = "") -> list:
    """The select's options: UTC, then every zone under its region, the
    place names readable ("America/Argentina/Buenos_Aires" shows as
    "Argentina / Buenos Aires"). Older aliases (``US/Pacific``) are valid but
    not listed, unless one is the person's current choice."""
    grouped = defaultdict(list)
    for name in sorted(time_zone_names()):
        region, _slash, place = name.partition("/")
        if region in REGIONS and place:
            grouped[region].append((name, place.replace("_", " ").replace("/", " / ")))
    choices = [("", _("Not chosen yet")), ("UTC", "UTC")]
    choices += [(label, grouped[region]) for region, label in REGIONS.items() if grouped[region]]
    listed = {"UTC"} | {name for region in REGIONS for name, _place in grouped[region]}
    if current in time_zone_names() and current not in listed:
        choices.append((_("Other"), [(current, current)]))
    return choices


def local_time(zone: str, now: datetime.datetime | None = None) -> datetime.datetime | None:
    """Now in ``zone``, or None when no zone is chosen."""
    if not zone:
        return None
    return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(zone))


@transaction.atomic
def full_name_set(*, user: User, full_name: str) -> None:
    user.full_name = full_name.strip()
    user.save(update_fields=["full_name"])


@transaction.atomic
def time_zone_set(*, user: User, time_zone: str) -> None:
    """Refused on the field for a name outside the IANA database."""
    try:
        validate_time_zone(time_zone)
    except ValidationError as error:
        raise ValidationError({"time_zone": error}) from None
    user.time_zone = time_zone
    user.save(update_fields=["time_zone"])


# Sent in the transaction that changes a person's language. Arguments: user.
language_changed = Signal()


@transaction.atomic
def language_set(*, user: User, language: str) -> None:
    """Blank follows the browser; any other code must be in LANGUAGES."""
    if language and language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": gettext("Choose one of the listed languages.")})
    changed = user.language != language
    user.language = language
    user.save(update_fields=["language"])
    if changed:
        # The logbook (an outer room) re-indexes in the new language.
        language_changed.send(sender=User, user=user)


def email_in_use(address: str, *, by_other_than: User) -> bool:
    return User.objects.filter(email__iexact=address).exclude(pk=by_other_than.pk).exists()


@transaction.atomic
def email_change_request(*, user: User, new_email: str) -> EmailChange:
    """Ask to move ``user`` to ``new_email``: the link goes to the new
    address, a notice to the old one. An earlier pending change is replaced
    (its link then says it has expired)."""
    # One request at a time per person: the replaced row is gone before the
    # new one is written (the one-pending constraint would refuse a race).
    User.objects.select_for_update().filter(pk=user.pk).first()
    new_email = new_email.strip().lower()
    if new_email == user.email:
        raise ValidationError({"new_email": gettext("That is already your email address.")})
    if email_in_use(new_email, by_other_than=user):
        raise ValidationError({"new_email": EMAIL_IN_USE})
    EmailChange.objects.filter(user=user, used_at__isnull=True).delete()
    token, token_hash = EmailChange.new_token()
    change = EmailChange.objects.create(user=user, new_email=new_email, token_hash=token_hash)
    context = {
        "person": user,
        "old_email": user.email,
        "new_email": new_email,
        "expires_at": change.expires_at,
        "link": settings.SITE_URL + reverse("profile_email_confirm", args=[token]),
        "password_link": settings.SITE_URL + reverse("password_change"),
    }
    send_after_commit(
        to=new_email, template_prefix="emails/email_change_confirm", context=context, reader=user
    )
    send_after_commit(
        to=user.email, template_prefix="emails/email_change_notice", context=context, reader=user
    )
    return change


@transaction.atomic
def email_change_confirm(*, change: EmailChange, user: User) -> str:
    """Move the address; returns the old one. Refused (ValidationError) when
    the link was used, replaced or is over a day old, or the address was
    taken by another account since it was asked for."""
    locked = access_policy.locked(EmailChange.objects.select_related("user"), change.pk)
    if locked.user_id != user.pk or not locked.is_usable:
        raise ValidationError(gettext("This link has expired."), code="expired")
    person = User.objects.select_for_update().get(pk=user.pk)
    if email_in_use(locked.new_email, by_other_than=person):
        raise ValidationError(EMAIL_IN_USE, code="in_use")
    old_email = person.email
    person.email = locked.new_email
    try:
        with transaction.atomic():
            person.save(update_fields=["email"])
    except IntegrityError:  # taken between the check and the save
        raise ValidationError(EMAIL_IN_USE, code="in_use") from None
    locked.used_at = timezone.now()
    locked.save(update_fields=["used_at"])
    user.email = person.email
    audit.record(
        actor=person,
        action=AuditAction.EMAIL_CHANGED,
        subject=person,
        detail=f"from {old_email} to {person.email}",
    )
    return old_email
