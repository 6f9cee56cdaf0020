"""What live, frozen and extracted entries share: phase labels, the text
snapshot, and the week's dates from the enrolment."""

import datetime

from entries.models import Entry, EntrySection, phase_labels
from entries.vocabulary import Phase
from examinations.models import SubmittedEntry, SubmittedSection
from pbas_logbook.models import Enrolment
from research.models import Extract


class TestPhaseLabels:
    def test_live_frozen_and_extracted_entries_label_phases_alike(self):
        phases = [Phase.REVIEWING, Phase.SCOPING]

        for row in (Entry(phases=phases), SubmittedEntry(phases=phases), Extract(phases=phases)):
            assert row.phase_labels == ["Reviewing & revising", "Scoping & building"]

    def test_a_value_not_in_the_list_is_shown_as_stored(self):
        assert phase_labels(["scoping", "retired-phase"]) == ["Scoping & building", "retired-phase"]


class TestTextSnapshot:
    def test_a_live_entry_and_its_frozen_copy_have_the_same_snapshot(self):
        live = Entry(title="Week 3", aims="Meet the partners")
        frozen = SubmittedEntry(title="Week 3", aims="Meet the partners")
        texts = [("What happened", "We met."), ("So what?", "")]
        live_sections = [EntrySection(heading_title=h, body=b) for h, b in texts]
        frozen_sections = [SubmittedSection(heading_title=h, body=b) for h, b in texts]

        snapshot = live.text_snapshot(live_sections)

        assert snapshot == frozen.text_snapshot(frozen_sections)
        assert snapshot == {
            "title": "Week 3",
            "aims": "Meet the partners",
            "sections": [["What happened", "We met."], ["So what?", ""]],
        }


class TestEnrolmentWeeks:
    enrolment = Enrolment(start_date=datetime.date(2026, 3, 2), length_weeks=15)  # a Monday

    def test_a_week_runs_from_its_start_to_six_days_later(self):
        assert self.enrolment.week_start(3) == datetime.date(2026, 3, 16)
        assert self.enrolment.week_end(3) == datetime.date(2026, 3, 22)

    def test_the_programme_ends_with_its_last_week(self):
        assert self.enrolment.end_date == self.enrolment.week_end(15) == datetime.date(2026, 6, 14)

    def test_an_entry_ends_its_week_where_the_enrolment_says(self):
        entry = Entry(enrolment=self.enrolment, week=3)

        assert (entry.week_start, entry.week_end) == (
            self.enrolment.week_start(3),
            self.enrolment.week_end(3),
        )

    def test_week_numbers_agree_with_week_dates(self):
        for number in (1, 2, 15):
            assert self.enrolment.week_number(self.enrolment.week_start(number)) == number
            assert self.enrolment.week_number(self.enrolment.week_end(number)) == number
