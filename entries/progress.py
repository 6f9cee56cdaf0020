"""The programme as a strip of weeks: written, shared, missing, late.

Built from one small aggregate query per logbook (week, status, first
written), so the candidate's home and the mentor's dashboard draw the same
strip without loading entry text. ``shared_only`` is the mentor's view:
drafts do not exist for them.
"""

import datetime
from dataclasses import dataclass

from django.utils import dateformat, timezone
from django.utils.translation import gettext, ngettext

from entries.models import LATE_AFTER_DAYS, EntryStatus


@dataclass
class WeekCell:
    number: int
    start: datetime.date
    end: datetime.date
    state: str  # "shared", "written", "missing", "current", "future"
    late: bool
    entry_count: int
    reviewed: bool = False

    @property
    def label(self) -> str:
        states = {
            "shared": gettext("shared with mentor"),
            "written": gettext("written (draft)"),
            "missing": gettext("no entry"),
            "current": gettext("this week"),
            "future": gettext("to come"),
        }
        text = gettext("Week %(number)s (%(start)s–%(end)s): %(state)s") % {
            "number": self.number,
            "start": dateformat.format(self.start, "j M"),
            "end": dateformat.format(self.end, "j M"),
            "state": states[self.state],
        }
        if self.late:
            text += gettext(", written late")
        if self.reviewed:
            text += gettext(", reviewed by mentor")
        if self.entry_count > 1:
            text += ngettext(", %(count)s entry", ", %(count)s entries", self.entry_count) % {
                "count": self.entry_count
            }
        return text


@dataclass
class Strip:
    cells: list[WeekCell]
    after_count: int  # entries written for weeks after the programme
    weeks_so_far: int
    weeks_written: int
    weeks_late: int

    @property
    def summary(self) -> str:
        text = f"{self.weeks_written} of {self.weeks_so_far} weeks so far"
        if self.weeks_late:
            text += f", {self.weeks_late} written late"
        return text


def week_rows(entries_qs):
    """(week, status, created_at, reviewed_at) per entry: all the strip needs."""
    return entries_qs.values_list("week", "status", "created_at", "reviewed_at")


def build_strip(enrolment, rows, *, today=None, shared_only=False) -> Strip:
    """``today`` defaults to the candidate's own (``Enrolment.today``): the
    strip is on their calendar whoever reads it."""
    zone = enrolment.zone
    today = today or enrolment.today()
    current = enrolment.week_number(today)
    by_week: dict[int, list[tuple[str, datetime.datetime]]] = {}
    reviewed_weeks: set[int] = set()
    for week, status, created_at, reviewed_at in rows:
        if shared_only and status != EntryStatus.SHARED:
            continue
        by_week.setdefault(week, []).append((status, created_at))
        if reviewed_at is not None:
            reviewed_weeks.add(week)

    cells = []
    for number in range(1, enrolment.length_weeks + 1):
        start = enrolment.week_start(number)
        end = enrolment.week_end(number)
        found = by_week.get(number, [])
        if any(status == EntryStatus.SHARED for status, _ in found):
            state = "shared"
        elif found:
            state = "written"
        elif number < current:
            state = "missing"
        elif number == current:
            state = "current"
        else:
            state = "future"
        first_written = min((timezone.localdate(c, zone) for _, c in found), default=None)
        late = first_written is not None and (first_written - end).days > LATE_AFTER_DAYS
        cells.append(
            WeekCell(number, start, end, state, late, len(found), number in reviewed_weeks)
        )

    past = [c for c in cells if c.number < current or c.state in ("shared", "written")]
    past = [c for c in past if c.number <= min(current, enrolment.length_weeks)]
    return Strip(
        cells=cells,
        after_count=sum(len(v) for k, v in by_week.items() if k > enrolment.length_weeks),
        weeks_so_far=max(0, min(current, enrolment.length_weeks)),
        weeks_written=sum(1 for c in past if c.state in ("shared", "written")),
        weeks_late=sum(1 for c in past if c.late),
    )
