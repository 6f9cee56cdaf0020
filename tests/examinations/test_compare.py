"""Version 2 beside version 1: which entries were added, removed or changed,
and what changed in each part and in the final paper."""

import pytest

from entries.models import Entry
from entries.services import entry_unshare
from examinations.compare import ADDED, CHANGED, REMOVED, UNCHANGED, compare_submissions
from examinations.models import Outcome, Submission
from tests.examinations.conftest import decide, edit, logbook, submit, write, write_paper


def by_week(comparison):
    return {(c.week, c.status) for c in comparison.entries}


@pytest.fixture
def versions(cast):
    """Version 1 with weeks 1-4; then, after "Resubmission required": week 2
    edited, week 3 taken back to draft, week 5 added, the paper revised."""
    entries = logbook(cast.enrolment, [1, 2, 3, 4])
    first = submit(cast.enrolment)
    decide(cast, first, Outcome.RESUBMIT)
    edit(
        entries[1],
        bodies=["Week 2: the partners met and argued.", "A new thought.", "", "", ""],
    )
    entry_unshare(entry=entries[2])
    write(cast.enrolment, 5, title="A week added later")
    write_paper(cast.enrolment, body="## My journey\n\nWhat I learned as a partnership broker.")
    second = submit(cast.enrolment, version=2)
    return Submission.objects.get(pk=first.pk), Submission.objects.get(pk=second.pk)


@pytest.mark.django_db
class TestCompareSubmissions:
    def test_each_entry_is_added_removed_changed_or_unchanged(self, versions):
        comparison = compare_submissions(*versions)

        assert [(c.week, c.status) for c in comparison.entries] == [
            (1, UNCHANGED),
            (2, CHANGED),
            (3, REMOVED),
            (4, UNCHANGED),
            (5, ADDED),
        ]
        assert comparison.counts == {ADDED: 1, REMOVED: 1, CHANGED: 1, UNCHANGED: 2}
        assert comparison.has_changes

    def test_a_changed_section_shows_deletions_and_insertions(self, versions):
        changed = compare_submissions(*versions).entries[1]

        parts = {part.label: part for part in changed.changed_parts}
        assert set(parts) == {"Issues", "Thoughts"}
        assert "<del>talked.</del>" in parts["Issues"].html
        assert "<ins>argued.</ins>" in parts["Issues"].html
        assert parts["Thoughts"].html == "<ins>A new thought.</ins>"
        assert changed.old.submission_id != changed.new.submission_id

    def test_unchanged_entries_have_no_changed_parts(self, versions):
        unchanged = compare_submissions(*versions).entries[0]

        assert unchanged.changed_parts == []
        assert unchanged.old.source_public_id == unchanged.new.source_public_id

    def test_an_added_entry_reads_as_inserted_and_a_removed_one_as_deleted(self, versions):
        comparison = compare_submissions(*versions)
        removed = next(c for c in comparison.entries if c.status == REMOVED)
        added = next(c for c in comparison.entries if c.status == ADDED)

        assert removed.new is None
        assert removed.entry == removed.old
        assert "<del>Week 3: the partners met and talked.</del>" in [
            p.html for p in removed.changed_parts
        ]
        assert added.old is None
        assert added.title == "A week added later"
        assert "<ins>A week added later</ins>" in [p.html for p in added.changed_parts]

    def test_the_final_paper_diff(self, versions):
        comparison = compare_submissions(*versions)

        title, body = comparison.paper
        assert not title.changed
        assert body.changed
        assert comparison.paper_changed
        assert "as a <ins>partnership </ins>broker." in body.html
        assert "&lt;" not in title.html

    def test_the_diff_escapes_candidate_text(self, cast):
        entries = logbook(cast.enrolment, [1])
        first = submit(cast.enrolment)
        decide(cast, first, Outcome.RESUBMIT)
        edit(entries[0], bodies=["<script>alert(1)</script>", "", "", "", ""])

        comparison = compare_submissions(first, submit(cast.enrolment, version=2))

        html = comparison.entries[0].changed_parts[0].html
        assert "<script>" not in html
        assert "&lt;script&gt;" in html

    def test_a_changed_tag_or_week_counts_as_a_change(self, cast):
        entries = logbook(cast.enrolment, [1, 2])
        first = submit(cast.enrolment)
        decide(cast, first, Outcome.RESUBMIT)
        edit(entries[0], tools=["SWOT analysis"])
        edit(entries[1], week=3)

        comparison = compare_submissions(first, submit(cast.enrolment, version=2))

        assert [(c.week, c.status) for c in comparison.entries] == [(1, CHANGED), (3, CHANGED)]
        assert [p.label for p in comparison.entries[0].changed_parts] == ["Tools and techniques"]
        assert "<ins>SWOT analysis</ins>" in comparison.entries[0].changed_parts[0].html
        assert [p.label for p in comparison.entries[1].changed_parts] == ["Week"]

    def test_tools_and_phases_merely_reordered_are_no_change(self, cast):
        """Issue 11, item 10: tags are a set; the order they were picked in is not news."""
        entries = logbook(cast.enrolment, [1])
        edit(entries[0], tools=["SWOT analysis", "Ground rules"], phases=["scoping", "managing"])
        first = submit(cast.enrolment)
        decide(cast, first, Outcome.RESUBMIT)
        edit(entries[0], tools=["Ground rules", "SWOT analysis"], phases=["managing", "scoping"])

        comparison = compare_submissions(first, submit(cast.enrolment, version=2))

        assert by_week(comparison) == {(1, UNCHANGED)}
        assert not comparison.has_changes

    def test_a_tool_added_among_reordered_ones_marks_only_the_new_tool(self, cast):
        entries = logbook(cast.enrolment, [1])
        edit(entries[0], tools=["SWOT analysis", "Ground rules"])
        first = submit(cast.enrolment)
        decide(cast, first, Outcome.RESUBMIT)
        edit(entries[0], tools=["Scoping note", "Ground rules", "SWOT analysis"])

        comparison = compare_submissions(first, submit(cast.enrolment, version=2))

        [part] = comparison.entries[0].changed_parts
        assert part.label == "Tools and techniques"
        assert "<ins>Scoping note" in part.html
        assert "<del>" not in part.html

    def test_an_entry_written_again_is_matched_by_week_and_title(self, cast):
        entries = logbook(cast.enrolment, [1, 2])
        first = submit(cast.enrolment)
        decide(cast, first, Outcome.RESUBMIT)
        Entry.objects.filter(pk=entries[1].pk).delete()
        write(
            cast.enrolment,
            2,
            title="week 2  NOTES",
            bodies=["Week 2: the partners met and talked.", "", "", "", "Rewritten."],
        )

        comparison = compare_submissions(first, submit(cast.enrolment, version=2))

        assert by_week(comparison) == {(1, UNCHANGED), (2, CHANGED)}
        rewritten = comparison.entries[1]
        assert rewritten.old.source_public_id != rewritten.new.source_public_id
        assert [p.label for p in rewritten.changed_parts] == ["Title", "Lessons"]

    def test_identical_versions_have_no_changes(self, cast):
        logbook(cast.enrolment, [1, 2])
        first = submit(cast.enrolment)
        decide(cast, first, Outcome.RESUBMIT)

        comparison = compare_submissions(first, submit(cast.enrolment, version=2))

        assert not comparison.has_changes
        assert comparison.counts[UNCHANGED] == 2

    def test_reads_both_versions_in_four_queries_whatever_their_size(
        self, cast, django_assert_num_queries
    ):
        for enrolment, weeks in ((cast.enrolment, 2), (cast.enrolment2, 12)):
            logbook(enrolment, range(1, weeks + 1))
            first = submit(enrolment)
            decide(cast, first, Outcome.RESUBMIT)
            write(enrolment, weeks + 1)
            second = submit(enrolment, version=2)
            old, new = Submission.objects.get(pk=first.pk), Submission.objects.get(pk=second.pk)

            # Entries, then sections, of each version.
            with django_assert_num_queries(4):
                compare_submissions(old, new)

    def test_refuses_versions_of_different_candidates(self, cast):
        logbook(cast.enrolment, [1])
        logbook(cast.enrolment2, [1])

        with pytest.raises(ValueError, match="same candidate"):
            compare_submissions(submit(cast.enrolment), submit(cast.enrolment2))
