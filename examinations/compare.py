"""What changed between two versions of a submission (after "Resubmission
required"), entry by entry and section by section.

Entries are matched by the live entry they were copied from
(``source_public_id``); an entry that was deleted and written again is
matched by week and title instead. Reading both versions costs four
queries whatever their size (entries and sections of each).
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from entries.diffing import PartDiff, diff_html, snapshot_diff
from examinations.models import Submission, SubmittedEntry, SubmittedSection

ADDED, REMOVED, CHANGED, UNCHANGED = "added", "removed", "changed", "unchanged"
_EMPTY = {"title": "", "aims": "", "sections": []}


@dataclass
class EntryComparison:
    """One entry across two versions. ``old`` is None when added, ``new``
    when removed. ``parts`` holds a diff per part (title, aims, every
    heading, then tags and week when those moved); for an added or removed
    entry the whole text shows as inserted or deleted."""

    status: str
    old: SubmittedEntry | None
    new: SubmittedEntry | None
    parts: list[PartDiff] = field(default_factory=list)

    @property
    def entry(self) -> SubmittedEntry:
        """The entry as it reads now (or as it read, if removed)."""
        return self.new or self.old

    @property
    def week(self) -> int:
        return self.entry.week

    @property
    def title(self) -> str:
        return self.entry.title

    @property
    def changed_parts(self) -> list[PartDiff]:
        return [part for part in self.parts if part.changed]


@dataclass
class SubmissionComparison:
    old: Submission
    new: Submission
    entries: list[EntryComparison]
    # Title, then body (Markdown source, word-level diff).
    paper: list[PartDiff]

    @property
    def counts(self) -> dict[str, int]:
        counts = dict.fromkeys((ADDED, REMOVED, CHANGED, UNCHANGED), 0)
        for comparison in self.entries:
            counts[comparison.status] += 1
        return counts

    @property
    def paper_changed(self) -> bool:
        return any(part.changed for part in self.paper)

    @property
    def has_changes(self) -> bool:
        return self.paper_changed or any(c.status != UNCHANGED for c in self.entries)


def _entries(submission: Submission) -> list[SubmittedEntry]:
    """Two queries: the entries, then all their sections."""
    return list(
        SubmittedEntry.objects.filter(submission=submission)
        .prefetch_related(
            Prefetch("sections", queryset=SubmittedSection.objects.order_by("position"))
        )
        .order_by("position")
    )


def _snapshot(entry: SubmittedEntry | None) -> dict:
    return _EMPTY if entry is None else entry.text_snapshot(entry.sections.all())


def _list_part(label: str, old: list[str], new: list[str]) -> PartDiff:
    """Tags are a set, not a sequence: the same tools picked in another
    order are no change. Both sides are shown sorted, so a diff marks only
    the tags added or removed."""
    old, new = sorted(set(old), key=str.casefold), sorted(set(new), key=str.casefold)
    old_text, new_text = ", ".join(old), ", ".join(new)
    return PartDiff(label=label, changed=old != new, html=diff_html(old_text, new_text))


def _tag_parts(old: SubmittedEntry, new: SubmittedEntry) -> list[PartDiff]:
    """Tags and week, listed only where they differ."""
    parts = [
        _list_part("Partnerships", old.partnerships, new.partnerships),
        _list_part("Phases", old.phase_labels, new.phase_labels),
        _list_part("Tools and techniques", old.tools, new.tools),
    ]
    if old.week != new.week:
        parts.append(
            PartDiff(
                label="Week",
                changed=True,
                html=diff_html(f"Week {old.week}", f"Week {new.week}"),
            )
        )
    return [part for part in parts if part.changed]


def _compare_entry(old: SubmittedEntry | None, new: SubmittedEntry | None) -> EntryComparison:
    parts = snapshot_diff(_snapshot(old), _snapshot(new))
    if old is None:
        return EntryComparison(status=ADDED, old=None, new=new, parts=parts)
    if new is None:
        return EntryComparison(status=REMOVED, old=old, new=None, parts=parts)
    parts += _tag_parts(old, new)
    status = CHANGED if any(part.changed for part in parts) else UNCHANGED
    return EntryComparison(status=status, old=old, new=new, parts=parts)


def _fallback_key(entry: SubmittedEntry) -> tuple[int, str]:
    return entry.week, " ".join(entry.title.lower().split())


def _match(
    old_entries: list[SubmittedEntry], new_entries: list[SubmittedEntry]
) -> list[tuple[SubmittedEntry | None, SubmittedEntry | None]]:
    """Pairs (old, new): by source entry first, then by week and title."""
    old_by_source = {e.source_public_id: e for e in old_entries}
    pairs: list[tuple[SubmittedEntry | None, SubmittedEntry | None]] = []
    unmatched_new = []
    for entry in new_entries:
        old = old_by_source.pop(entry.source_public_id, None)
        if old is None:
            unmatched_new.append(entry)
        else:
            pairs.append((old, entry))
    # What is left on the old side, by week and title (first come first served).
    old_by_key: dict[tuple[int, str], list[SubmittedEntry]] = {}
    for entry in sorted(old_by_source.values(), key=lambda e: e.position):
        old_by_key.setdefault(_fallback_key(entry), []).append(entry)
    for entry in unmatched_new:
        candidates = old_by_key.get(_fallback_key(entry))
        pairs.append((candidates.pop(0) if candidates else None, entry))
    for leftovers in old_by_key.values():
        pairs.extend((entry, None) for entry in leftovers)
    return pairs


def _reading_order(pair: tuple[SubmittedEntry | None, SubmittedEntry | None]):
    """New version's order; a removed entry sits where its week was."""
    old, new = pair
    if new is not None:
        return new.week, 0, new.position
    return old.week, 1, old.position


def compare_submissions(old: Submission, new: Submission) -> SubmissionComparison:
    """Compare two versions of the same enrolment's submission (four queries)."""
    if old.enrolment_id != new.enrolment_id:
        raise ValueError("Only versions of the same candidate's submission can be compared.")
    pairs = sorted(_match(_entries(old), _entries(new)), key=_reading_order)
    return SubmissionComparison(
        old=old,
        new=new,
        entries=[_compare_entry(o, n) for o, n in pairs],
        paper=[
            PartDiff(
                label="Title",
                changed=old.paper_title != new.paper_title,
                html=diff_html(old.paper_title, new.paper_title),
            ),
            PartDiff(
                label="Final paper",
                changed=old.paper_body != new.paper_body,
                html=diff_html(old.paper_body, new.paper_body),
            ),
        ],
    )
