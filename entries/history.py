"""Earlier versions of an entry, rebuilt from the database's TextRevision rows,
restoring one, and the edits made after the entry was first shared.

Each save of an entry is one transaction, so the old rows it replaced share
one ``changed_at``. Walking those groups newest first and putting the old
values back gives the entry as it stood before each save.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from entries import services
from entries.diffing import PartDiff, snapshot_changed_chars, snapshot_diff
from entries.models import CORRECTION_MAX_CHARS, Entry, EntryEdit
from pbas_logbook.models import AuditAction, TextRevision
from records import audit


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


# --- Edits after sharing (the hindsight record, M4) ---------------------------

# The clocks of the app and the database differ a little: the share save's
# ``first_shared_at`` is the app's time, its revisions carry the database's.
# A version counts as "the text as first shared" only if it was current
# within this much of the first share.
SHARE_CLOCK_TOLERANCE = datetime.timedelta(seconds=10)


@dataclass
class EditAfterSharing:
    """One editing session after the entry was first shared: saves less
    than ``EDIT_COALESCE`` apart, as the candidate's edit record groups them."""

    number: int
    first_saved_at: datetime.datetime | None  # None: the saves were not kept one by one
    last_saved_at: datetime.datetime | None
    saves: int
    parts: list[PartDiff]  # only the parts that differ, before → after the session
    chars_changed: int
    after_comment: bool = False  # set by the mentor's page

    @property
    def kind(self) -> str:
        return (
            EntryEdit.Kind.CORRECTION
            if self.chars_changed <= CORRECTION_MAX_CHARS
            else EntryEdit.Kind.SUBSTANTIVE
        )

    @property
    def kind_label(self) -> str:
        return str(EntryEdit.Kind(self.kind).label)


@dataclass
class ChangesSinceShared:
    first_shared_at: datetime.datetime
    edits: list[EditAfterSharing]  # oldest first
    overall: list[PartDiff]  # every part: the text as first shared → the final text
    # False when the individual saves could not be rebuilt (the text's
    # history is incomplete): ``edits`` then holds one edit, first → final.
    complete: bool

    @property
    def changed(self) -> bool:
        return any(part.changed for part in self.overall)


def _shared_versions(versions: list[EntryVersion], first_shared_text, first_shared_at):
    """The versions from the text as first shared onwards, oldest first, each
    as (saved_at, snapshot); None when that text cannot be found.

    Never anything older: what the candidate wrote before sharing was a
    private draft. The first-shared version is the one current at
    ``first_shared_at`` or, as the two clocks differ slightly (the share
    save's own revision is stamped a moment after or before it), its
    neighbour within ``SHARE_CLOCK_TOLERANCE``; and it must read exactly as
    the stored first-shared text. Anything else gives None, and the caller
    shows only the whole change.
    """
    oldest_first = list(reversed(versions))
    timeline = []  # (started_at, ended_at, snapshot)
    for index, version in enumerate(oldest_first):
        started_at = oldest_first[index - 1].replaced_at if index else None
        timeline.append((started_at, version.replaced_at, version.snapshot))
    earliest = first_shared_at - SHARE_CLOCK_TOLERANCE
    latest = first_shared_at + SHARE_CLOCK_TOLERANCE
    current = next(
        index
        for index, (started_at, ended_at, _) in enumerate(timeline)
        if (started_at is None or started_at <= first_shared_at)
        and (ended_at is None or ended_at > first_shared_at)
    )
    for index in (current, current + 1, current - 1):
        if not 0 <= index < len(timeline):
            continue
        started_at, ended_at, snapshot = timeline[index]
        near_share = (started_at is None or started_at <= latest) and (
            ended_at is None or ended_at > earliest
        )
        if near_share and snapshot == first_shared_text:
            return [(started, snap) for started, _, snap in timeline[index:]]
    return None


def _sessions(states):
    """Group the saves after the first state into editing sessions."""
    sessions: list[list] = []
    for before, after in zip(states, states[1:], strict=False):
        saved_at = after[0]
        if sessions and saved_at - sessions[-1][-1][1][0] < services.EDIT_COALESCE:
            sessions[-1].append((before, after))
        else:
            sessions.append([(before, after)])
    return sessions


def _edit(number, before, after, *, first_saved_at, last_saved_at, saves) -> EditAfterSharing:
    return EditAfterSharing(
        number=number,
        first_saved_at=first_saved_at,
        last_saved_at=last_saved_at,
        saves=saves,
        parts=[part for part in snapshot_diff(before, after) if part.changed],
        chars_changed=snapshot_changed_chars(before, after),
    )


def entry_changes_since_shared(
    entry: Entry | None,
    *,
    first_shared_text: dict,
    first_shared_at: datetime.datetime,
    final: dict | None = None,
    until: datetime.datetime | None = None,
) -> ChangesSinceShared:
    """Every change to an entry since it was first shared, session by session.

    ``entry``: the live entry whose kept versions are read (None when it is
    gone: only the overall change can be shown). ``final`` and ``until``:
    for a frozen submission, its copy of the text and when it was made;
    saves after ``until`` are left out and the list ends at ``final``.
    Two queries (the entry's sections and its revisions) when ``entry`` is given.
    """
    states = None
    if entry is not None:
        versions = entry_versions(entry)
        final = versions[0].snapshot if final is None else final
        states = _shared_versions(versions, first_shared_text, first_shared_at)
    if states is not None and until is not None:
        states = [state for state in states if state[0] is None or state[0] < until]
        if states[-1][1] != final:
            states.append((until, final))
    if states is None or (until is None and states[-1][1] != final):
        edits = []
        if final != first_shared_text:
            edits = [
                _edit(1, first_shared_text, final, first_saved_at=None, last_saved_at=None, saves=0)
            ]
        return ChangesSinceShared(
            first_shared_at=first_shared_at,
            edits=edits,
            overall=snapshot_diff(first_shared_text, final),
            complete=False,
        )
    edits = [
        _edit(
            number,
            session[0][0][1],
            session[-1][1][1],
            first_saved_at=session[0][1][0],
            last_saved_at=session[-1][1][0],
            saves=len(session),
        )
        for number, session in enumerate(_sessions(states), start=1)
    ]
    return ChangesSinceShared(
        first_shared_at=first_shared_at,
        edits=edits,
        overall=snapshot_diff(first_shared_text, final),
        complete=True,
    )


def frozen_entry_changes(
    *,
    enrolment,
    source_public_id,
    first_shared_text: dict,
    first_shared_at: datetime.datetime,
    final: dict,
    until: datetime.datetime,
) -> ChangesSinceShared:
    """The changes a frozen copy of an entry records: from the text as first
    shared up to the copy (``final``, made at ``until``). The live entry's
    kept versions give the edits in between; nothing the candidate saved
    after ``until`` is read into the list. Three queries."""
    entry = Entry.all_objects.filter(enrolment=enrolment, public_id=source_public_id).first()
    return entry_changes_since_shared(
        entry,
        first_shared_text=first_shared_text,
        first_shared_at=first_shared_at,
        final=final,
        until=until,
    )
