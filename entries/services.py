"""Writes to the logbook: headings, partnerships, saving and sharing entries.

Every save of an entry goes through ``entry_save`` in one transaction: text
is validated, rendered to sanitized HTML once, the search vectors are
refreshed, and the version is checked and bumped under a row lock, so two
tabs can never silently overwrite each other.
"""

import datetime
import uuid
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from entries.diffing import snapshot_changed_chars
from entries.models import (
    CORRECTION_MAX_CHARS,
    RESTORE_DAYS,
    SECTION_MAX_CHARS,
    Entry,
    EntryEdit,
    EntrySection,
    EntryStatus,
    Heading,
    Partnership,
)
from entries.search_language import entry_vector, logbook_configuration, section_vector
from entries.signals import entry_shared
from entries.vocabulary import HEADING_PRESETS
from library.markdown import render_markdown
from pbas_logbook.access import locked
from pbas_logbook.models import Enrolment, TextRevision

# Several saves after sharing within this window count as one edit.
EDIT_COALESCE = datetime.timedelta(minutes=30)


class VersionConflict(Exception):
    """The entry changed since the writer's copy was loaded."""

    def __init__(self, entry: Entry):
        super().__init__("The entry was changed elsewhere.")
        self.entry = entry


@dataclass
class EntryText:
    """What the writer sent: validated by the form before it gets here."""

    week: int
    title: str = ""
    aims: str = ""
    # One body per section, in section order (the entry's own sections for
    # an existing entry, the current headings for a new one).
    bodies: list[str] = field(default_factory=list)
    partnerships: list = field(default_factory=list)
    phases: list[str] = field(default_factory=list)
    tools: list[str] = field(default_factory=list)

    @classmethod
    def from_entry(cls, entry: Entry) -> "EntryText":
        """The entry's saved text, unchanged (to share it as it is)."""
        return cls(
            week=entry.week,
            title=entry.title,
            aims=entry.aims,
            bodies=[s.body for s in entry.sections.all()],
            partnerships=list(entry.partnerships.all()),
            phases=list(entry.phases),
            tools=list(entry.tools),
        )

    def is_empty(self) -> bool:
        return not (self.title.strip() or self.aims.strip() or any(b.strip() for b in self.bodies))


# --- Headings ---------------------------------------------------------------


def headings_apply_preset(*, enrolment: Enrolment, key: str) -> list[Heading]:
    """Replace the current headings with a preset. Old entries keep theirs."""
    presets = {k: items for k, _name, items in HEADING_PRESETS}
    if key not in presets:
        raise ValidationError(gettext("Choose one of the listed heading sets."))
    with transaction.atomic():
        enrolment.headings.all().delete()
        return Heading.objects.bulk_create(
            Heading(enrolment=enrolment, position=i, title=title, prompt=prompt)
            for i, (title, prompt) in enumerate(presets[key])
        )


def _same_title(headings, title: str):
    """Headings whose title clashes with ``title`` as the unique index sees
    it: compared lowercased (iexact uppercases, which differs for a few
    letters such as the Kelvin sign, and the index would then refuse)."""
    return headings.alias(lower_title=Lower("title")).filter(lower_title=Lower(Value(title)))


def heading_add(*, enrolment: Enrolment, title: str, prompt: str = "") -> Heading:
    title = title.strip()
    if _same_title(enrolment.headings, title).exists():
        raise ValidationError({"title": gettext("You already have a heading with this title.")})
    last = enrolment.headings.order_by("-position").values_list("position", flat=True).first()
    return Heading.objects.create(
        enrolment=enrolment,
        title=title,
        prompt=prompt.strip(),
        position=0 if last is None else last + 1,
    )


def heading_update(*, heading: Heading, title: str, prompt: str) -> Heading:
    title = title.strip()
    clash = _same_title(heading.enrolment.headings, title).exclude(pk=heading.pk)
    if clash.exists():
        raise ValidationError({"title": gettext("You already have a heading with this title.")})
    heading.title, heading.prompt = title, prompt.strip()
    heading.save(update_fields=["title", "prompt"])
    return heading


@transaction.atomic
def heading_move(*, heading: Heading, direction: str) -> None:
    """Swap a heading with its neighbour ("up" or "down")."""
    headings = list(heading.enrolment.headings.select_for_update().order_by("position", "pk"))
    index = next(i for i, h in enumerate(headings) if h.pk == heading.pk)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(headings):
        return
    headings[index], headings[other] = headings[other], headings[index]
    for position, item in enumerate(headings):
        item.position = position
    Heading.objects.bulk_update(headings, ["position"])


def heading_remove(*, heading: Heading) -> None:
    heading.delete()


# --- Partnerships -------------------------------------------------------------

PARTNERSHIP_NAME_TAKEN = _("You already have a partnership with this name.")


def _partnership_store(partnership: Partnership, **changes) -> Partnership:
    """Insert or update; a name another request took meanwhile (a double
    click, a second tab) is the form's refusal, not a 500."""
    try:
        with transaction.atomic():
            partnership.save(**changes)
    except IntegrityError:
        raise ValidationError({"name": PARTNERSHIP_NAME_TAKEN}) from None
    return partnership


def partnership_add(
    *, enrolment: Enrolment, name: str, sector_mix: str, position: str
) -> Partnership:
    """A new partnership to tag the candidate's entries with."""
    partnership = Partnership(
        enrolment=enrolment, name=name.strip(), sector_mix=sector_mix, position=position
    )
    return _partnership_store(partnership)


def partnership_update(
    *, partnership: Partnership, name: str, sector_mix: str, position: str
) -> Partnership:
    partnership.name, partnership.sector_mix = name.strip(), sector_mix
    partnership.position = position
    return _partnership_store(partnership, update_fields=["name", "sector_mix", "position"])


def partnership_remove(*, partnership: Partnership) -> None:
    """Entries tagged with it lose the tag, not their text."""
    partnership.delete()


# --- Entries ------------------------------------------------------------------


def _validate(text: EntryText, *, enrolment: Enrolment) -> None:
    errors = {}
    if text.week < 1:
        errors["week"] = gettext("This week is before your programme started. Choose a later week.")
    for body in [text.aims, *text.bodies]:
        if len(body) > SECTION_MAX_CHARS:
            errors["__all__"] = gettext(
                "One section is longer than %(limit)s characters. "
                "Shorten it or split it across headings; nothing was saved yet, "
                "and your text is still on the page."
            ) % {"limit": f"{SECTION_MAX_CHARS:,}"}
    if text.is_empty():
        errors["__all__"] = gettext(
            "Write something before saving: an entry with no text cannot be saved."
        )
    for partnership in text.partnerships:
        if partnership.enrolment_id != enrolment.pk:
            errors["partnerships"] = gettext("Choose from your own partnerships.")
    if errors:
        raise ValidationError(errors)


def _section_vector(section: EntrySection, config: str) -> SearchVector:
    """The section's search vector, computed by the database from the text
    being saved (Value, not the column: in an UPDATE a column still holds
    the old text), in the logbook's language (entries.search_language)."""
    return section_vector(Value(section.heading_title), Value(section.body), config)


def _entry_vector(entry: Entry, config: str) -> SearchVector:
    return entry_vector(Value(entry.title), Value(entry.aims), Value(" ".join(entry.tools)), config)


def _record_edit_after_sharing(entry: Entry, snapshot: dict) -> None:
    chars = snapshot_changed_chars(entry.first_shared_text or {}, snapshot)
    if chars == 0:
        return
    kind = (
        EntryEdit.Kind.CORRECTION if chars <= CORRECTION_MAX_CHARS else EntryEdit.Kind.SUBSTANTIVE
    )
    entry.edited_after_sharing = True
    entry.substantive_edit_after_sharing = kind == EntryEdit.Kind.SUBSTANTIVE
    now = timezone.now()
    last = entry.edits.order_by("-edited_at").first()
    if last is not None and now - last.edited_at < EDIT_COALESCE:
        last.chars_changed, last.kind, last.edited_at = chars, kind, now
        last.save(update_fields=["chars_changed", "kind", "edited_at"])
    else:
        EntryEdit.objects.create(entry=entry, chars_changed=chars, kind=kind, edited_at=now)


def _entry_made_from_this_page(*, enrolment: Enrolment, new_id: uuid.UUID) -> Entry | None:
    """The entry an earlier save with ``new_id`` created, or None.

    Two saves with the same new id may arrive at once (autosave racing the
    Share button). A transaction-scoped advisory lock on the id makes the
    second wait until the first has committed, so it then finds the row
    instead of inserting a twin; ``public_id``'s unique index backs this up.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [str(new_id)])
    entry = Entry.all_objects.filter(public_id=new_id).first()
    if entry is None:
        return None
    if entry.enrolment_id != enrolment.pk:
        # Not this writer's: answer as if the page were stale, revealing nothing.
        raise ValidationError(
            gettext(
                "This page is out of date, so nothing was saved. Reload it; "
                "your text is kept in this browser."
            )
        )
    if entry.deleted_at is not None:
        raise ValidationError(
            gettext(
                "This entry was moved to the bin in another window, so nothing was saved. "
                "Restore it from the bin to keep writing; your text is kept in this browser."
            )
        )
    return entry


def _is_replay(entry: Entry, text: EntryText) -> bool:
    """True when ``text`` is exactly what ``entry`` already holds: saving it
    again overwrites nothing, whatever version the page believed it had
    (sharing it is then still done, as asked)."""
    sections = list(entry.sections.all())
    return (
        entry.week == text.week
        and entry.title == text.title.strip()
        and entry.aims == text.aims
        and [s.body for s in sections] == list(text.bodies)
        and entry.phases == list(dict.fromkeys(text.phases))
        and entry.tools == list(dict.fromkeys(t.strip() for t in text.tools if t.strip()))
        and {p.pk for p in entry.partnerships.all()} == {p.pk for p in text.partnerships}
    )


@transaction.atomic
def entry_save(
    *,
    enrolment: Enrolment,
    text: EntryText,
    entry: Entry | None = None,
    version: int | None = None,
    share: bool = False,
    sections: list[EntrySection] | None = None,
    new_id: uuid.UUID | None = None,
    strict_version: bool = False,
) -> Entry:
    """Create or update an entry (and share it when ``share``).

    ``new_id``: the id the editor gave a new entry when it drew the page.
    Saves carrying the same id make one entry, however many arrive and in
    whatever order: the first creates it, the others update it.

    A save of exactly the text already stored is not a conflict even at an
    older version (a double click, a retry whose answer was lost), unless
    ``strict_version``: sharing "as it is" from a page that showed
    ``version`` must not share text that page never showed.

    Raises ValidationError for bad input and VersionConflict when ``version``
    is not the entry's current version. Nothing is written in either case.
    ``sections``: the entry's sections, when the caller has just read them
    (the editor does, for its form). A section's id and position never
    change and its text is replaced here, so they need not be read again
    under the lock.
    """
    _validate(text, enrolment=enrolment)
    now = timezone.now()
    if entry is None and new_id is not None:
        # The editor names its new entry before the first save; every save
        # from that page (autosave, Save draft, Share, a duplicated tab)
        # carries the name, so a second one finds the entry the first made.
        entry = _entry_made_from_this_page(enrolment=enrolment, new_id=new_id)
        if entry is not None and version is None:
            version = 1  # the page has not heard back: it holds what it created
    if entry is None:
        entry = Entry(enrolment=enrolment, created_at=now)
        if new_id is not None:
            entry.public_id = new_id
        headings = list(enrolment.headings.all())
        sections = [
            EntrySection(position=i, heading_title=h.title, heading_prompt=h.prompt)
            for i, h in enumerate(headings)
        ]
    else:
        entry = locked(Entry.objects, entry.pk)
        if version is None or entry.version != version:
            if strict_version or not _is_replay(entry, text):
                raise VersionConflict(entry)
            # The same text again (a double click, a retried save whose
            # answer was lost): nothing to overwrite, so no conflict.
            version = entry.version
        # The row is locked at ``version``: the next one is known without
        # reading it back.
        entry.version = version + 1
        if sections is None or any(s.entry_id != entry.pk for s in sections):
            sections = list(entry.sections.all())
    if len(text.bodies) != len(sections):
        raise ValidationError(
            gettext(
                "The headings of this entry changed while you were writing. "
                "Reload the page; your text is kept in this browser until it is saved."
            )
        )

    entry.week = text.week
    entry.title = text.title.strip()
    # Only text that changed is rendered again (an autosave usually
    # changes one section): Markdown and sanitizing cost more than the SQL.
    if entry.pk is None or text.aims != entry.aims:
        entry.aims_html = render_markdown(text.aims)
    entry.aims = text.aims
    entry.phases = list(dict.fromkeys(text.phases))
    entry.tools = list(dict.fromkeys(t.strip() for t in text.tools if t.strip()))
    entry.updated_at = now
    config = logbook_configuration(enrolment)
    changed = []
    for section, body in zip(sections, text.bodies, strict=True):
        if section.pk is not None and section.body == body:
            continue
        section.body = body
        section.body_html = render_markdown(body)
        section.search_vector = _section_vector(section, config)
        changed.append(section)

    snapshot = entry.text_snapshot(sections)
    if entry.first_shared_text is not None:
        _record_edit_after_sharing(entry, snapshot)
    newly_shared = share and entry.status != EntryStatus.SHARED
    if newly_shared:
        entry.status = EntryStatus.SHARED
        entry.shared_at = now
        if entry.first_shared_at is None:
            entry.first_shared_at = now
            entry.first_shared_text = snapshot

    # The search vectors are written with the text, in the same statements.
    entry.search_vector = _entry_vector(entry, config)
    entry.save()
    # Not read back: left deferred, it is loaded if ever asked for and a
    # later save() of this object does not write the expression again.
    del entry.search_vector
    if sections and sections[0].pk is None:
        for section in sections:
            section.entry = entry
        EntrySection.objects.bulk_create(sections)
    elif changed:
        EntrySection.objects.bulk_update(changed, ["body", "body_html", "search_vector"])
    entry.partnerships.set(text.partnerships)
    if newly_shared:
        transaction.on_commit(lambda: entry_shared.send(sender=Entry, entry=entry))
    return entry


@transaction.atomic
def entry_unshare(*, entry: Entry) -> Entry:
    """Take a shared entry back to draft, unless the mentor has commented."""
    entry = locked(Entry.objects, entry.pk)
    if not entry.can_unshare():
        raise ValidationError(
            gettext("Your mentor has already commented on this entry, so it stays shared.")
        )
    entry.status = EntryStatus.DRAFT
    entry.shared_at = None
    entry.version = F("version") + 1
    entry.save(update_fields=["status", "shared_at", "version"])
    entry.refresh_from_db(fields=["version"])
    return entry


# --- Deleting (to the bin) and restoring --------------------------------------------


KEPT_AFTER_MENTOR_COMMENT = _(
    "Your mentor has commented on this entry, so it stays in your logbook."
)


@transaction.atomic
def entry_delete(*, entry: Entry) -> Entry:
    """Move an entry to the bin: gone from every page at once, restorable
    for RESTORE_DAYS days. Frozen submissions keep their own copy."""
    if not entry.can_delete():
        raise ValidationError(KEPT_AFTER_MENTOR_COMMENT)
    Entry.all_objects.filter(pk=entry.pk, deleted_at__isnull=True).update(deleted_at=timezone.now())
    entry.refresh_from_db(fields=["deleted_at"])
    return entry


@transaction.atomic
def entry_undelete(*, entry: Entry) -> Entry:
    if entry.deleted_at is None:
        return entry
    if timezone.now() - entry.deleted_at > datetime.timedelta(days=RESTORE_DAYS):
        raise ValidationError(gettext("This entry was deleted more than 30 days ago and is gone."))
    Entry.all_objects.filter(pk=entry.pk).update(deleted_at=None)
    entry.refresh_from_db(fields=["deleted_at"])
    return entry


@transaction.atomic
def entries_purge_deleted(*, now=None) -> int:
    """Remove entries deleted more than RESTORE_DAYS ago, with their history.

    The history triggers copy the deleted rows into TextRevision; those
    copies are removed in the same transaction, so a purged entry's text
    is gone from the database.
    """
    now = now or timezone.now()
    doomed = list(
        Entry.all_objects.filter(deleted_at__lt=now - datetime.timedelta(days=RESTORE_DAYS))
    )
    if not doomed:
        return 0
    entry_ids = [e.pk for e in doomed]
    # Deleting cascades to sections and to any rows other apps hang on an
    # entry (comments); their history rows all carry the entry's id.
    Entry.all_objects.filter(pk__in=entry_ids).delete()
    TextRevision.objects.filter(
        Q(table_name="entries_entry", row_id__in=entry_ids) | Q(old_row__entry_id__in=entry_ids)
    ).delete()
    return len(entry_ids)
