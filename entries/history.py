"""Earlier versions of an entry, rebuilt from the database's TextRevision rows,
and restoring one.

Each save of an entry is one transaction, so the old rows it replaced share
one ``changed_at``. Walking those groups newest first and putting the old
values back gives the entry as it stood before each save.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from entries import services
from entries.models import Entry
from pbas_logbook import audit
from pbas_logbook.models import AuditAction, TextRevision


@dataclass
class EntryVersion:
    number: int  # 1 = the oldest kept version
    replaced_at: datetime.datetime | None  # None: the current text
    title: str
    aims: str
    sections: list[tuple[str, str]]  # (heading, body) in position order

    @property
    def snapshot(self) -> dict:
        return {
            "title": self.title,
            "aims": self.aims,
            "sections": [list(s) for s in self.sections],
        }

    @property
    def key(self) -> str:
        return "current" if self.replaced_at is None else self.replaced_at.isoformat()


def entry_versions(entry: Entry) -> list[EntryVersion]:
    """Every kept version of the entry, newest first (the current one first).
    Two queries: the sections, then the revisions of the entry and its sections."""
    sections = list(entry.sections.order_by("position"))
    state_entry = {"title": entry.title, "aims": entry.aims}
    state_sections = {s.pk: (s.position, s.heading_title, s.body) for s in sections}
    revisions = TextRevision.objects.filter(
        Q(table_name="entries_entry", row_id=entry.pk)
        | Q(table_name="entries_entrysection", row_id__in=list(state_sections))
    ).order_by("-changed_at", "-id")

    def current(replaced_at):
        ordered = sorted(state_sections.values())
        return EntryVersion(
            number=0,
            replaced_at=replaced_at,
            title=state_entry["title"],
            aims=state_entry["aims"],
            sections=[(heading, body) for _, heading, body in ordered],
        )

    versions = [current(None)]
    groups: dict[datetime.datetime, list[TextRevision]] = {}
    for revision in revisions:
        if revision.operation == "UPDATE":
            groups.setdefault(revision.changed_at, []).append(revision)
    for changed_at in sorted(groups, reverse=True):
        for revision in groups[changed_at]:
            old = revision.old_row
            if revision.table_name == "entries_entry":
                state_entry = {"title": old.get("title", ""), "aims": old.get("aims", "")}
            else:
                position, heading, _ = state_sections[revision.row_id]
                state_sections[revision.row_id] = (position, heading, old.get("body", ""))
        version = current(changed_at)
        if version.snapshot != versions[-1].snapshot:
            versions.append(version)
    for number, version in enumerate(reversed(versions), start=1):
        version.number = number
    return versions


@transaction.atomic
def entry_restore_version(*, entry: Entry, key: str, by) -> Entry:
    """Make an earlier version the current text (itself recorded as a new save)."""
    version = next((v for v in entry_versions(entry) if v.key == key), None)
    if version is None:
        from django.core.exceptions import ValidationError

        raise ValidationError("That version no longer exists. Choose one from the list.")
    text = services.EntryText.from_entry(entry)
    text.title, text.aims = version.title, version.aims
    text.bodies = [body for _, body in version.sections]
    saved = services.entry_save(
        enrolment=entry.enrolment, text=text, entry=entry, version=entry.version
    )
    audit.record(
        actor=by,
        action=AuditAction.ENTRY_RESTORED,
        subject=by,
        detail=f"week {entry.week}, version of {version.replaced_at:%d %b %Y %H:%M}",
        role="candidate",
    )
    return saved
