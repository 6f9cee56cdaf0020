"""The coordinator's progress dashboard of a cohort (issue 12, item 6) and
its CSV: each figure against a logbook built by hand, sorting, the CSV,
access, the query budget, and no private text anywhere."""

import csv
import datetime
import io
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from entries.models import LATE_AFTER_DAYS, Entry
from entries.services import EntryText, entry_delete, entry_save, headings_apply_preset
from examinations import progress
from examinations.models import Outcome
from examinations.views.progress import COLUMNS, csv_cells
from library.spreadsheets import safe_cell as csv_safe
from mentors.models import Comment
from mentors.services import comment_post, entry_mark_reviewed
from pbas_logbook.access import enrolments_for
from pbas_logbook.models import Role
from tests.access_matrix import ACCESS_MATRIX, COORDINATOR_ONLY
from tests.examinations.conftest import decide, examine, submit, write_paper
from tests.factories import CohortFactory, EnrolmentFactory, UserFactory

# Words that must never leave the logbook through this page or its CSV.
ENTRY_PHRASE = "the marmalade negotiation at Tuesday's steering group"
COMMENT_PHRASE = "why did the ombudsman walk out twice"


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The tests build a hundred candidates; they check figures, not hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def page_url(cohort, sort=None):
    url = reverse("examinations:cohort_progress", args=[cohort.pk])
    return f"{url}?sort={sort}" if sort is not None else url


def csv_url(cohort, sort=None):
    url = reverse("examinations:cohort_progress_csv", args=[cohort.pk])
    return f"{url}?sort={sort}" if sort is not None else url


def at(day: datetime.date, hour=12) -> datetime.datetime:
    """Noon (local time) on ``day``."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def write(enrolment, week, *, share=True, on=None, body="The partners met.") -> Entry:
    """An entry saved through the logbook's service, first written ``on`` a day."""
    if not enrolment.headings.exists():
        headings_apply_preset(enrolment=enrolment, key="short")
    bodies = [body] + [""] * (enrolment.headings.count() - 1)
    entry = entry_save(
        enrolment=enrolment,
        text=EntryText(week=week, title=f"Week {week}", bodies=bodies),
        share=share,
    )
    if on is not None:
        Entry.all_objects.filter(pk=entry.pk).update(created_at=at(on), updated_at=at(on))
        entry.refresh_from_db()
    return entry


def days_after_week(enrolment, week, days) -> datetime.date:
    return enrolment.week_end(week) + datetime.timedelta(days=days)


def rows_of(cohort, coordinator, **kwargs) -> list[progress.ProgressRow]:
    enrolments = enrolments_for(coordinator, as_=Role.COORDINATOR).filter(cohort=cohort)
    return progress.cohort_progress(enrolments, **kwargs)


def row_for(rows, enrolment) -> progress.ProgressRow:
    return next(row for row in rows if row.enrolment_id == enrolment.pk)


def table_rows(response) -> list[str]:
    """The visible text of each body row, top to bottom."""
    body = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    return [" ".join(strip_tags(row).split()) for row in re.findall(r"<tr.*?</tr>", body, re.S)]


def names_in_order(response) -> list[str]:
    body = response.content.decode().split("<tbody>")[1].split("</tbody>")[0]
    cells = re.findall(r'<th scope="row".*?>\s*<a [^>]*>(.*?)</a>', body, re.S)
    return [cell.strip() for cell in cells]


@pytest.fixture
def logbook(cast):
    """Cat's logbook, ten weeks into a fifteen-week programme (the cast's
    cohort started ten weeks ago, so weeks 1-10 have ended):

    week 1  shared, written the day after the week ended (on time)
    week 2  shared, written LATE_AFTER_DAYS + 1 days after (late)
    week 3  shared, written exactly LATE_AFTER_DAYS days after (on time)
    week 4  a draft, written 20 days after (late; drafts count as written)
    week 5  two drafts, one late and one on time (on time: the first counts)
    week 6  an entry in the bin (not written: missing)
    week 12 a draft written ahead (not counted: the week has not come)
    week 16 after the programme (not counted)

    The mentor comments on week 1 one day after it was shared, marks week 2
    reviewed three days after (and comments two days later still); week 3
    waits.
    """
    enrolment = cast.enrolment
    w1 = write(enrolment, 1, on=days_after_week(enrolment, 1, 1), body=ENTRY_PHRASE)
    w2 = write(enrolment, 2, on=days_after_week(enrolment, 2, LATE_AFTER_DAYS + 1))
    w3 = write(enrolment, 3, on=days_after_week(enrolment, 3, LATE_AFTER_DAYS))
    write(enrolment, 4, share=False, on=days_after_week(enrolment, 4, 20))
    write(enrolment, 5, share=False, on=days_after_week(enrolment, 5, 30))
    write(enrolment, 5, share=False, on=days_after_week(enrolment, 5, 2))
    entry_delete(entry=write(enrolment, 6, share=False, on=days_after_week(enrolment, 6, 1)))
    write(enrolment, 12, share=False)
    write(enrolment, 16, share=False)

    shared_at = timezone.now() - datetime.timedelta(days=20)
    comment = comment_post(entry=w1, author=cast.mentor, body=COMMENT_PHRASE)
    entry_mark_reviewed(entry=w2, by=cast.mentor)
    comment_post(entry=w2, author=cast.mentor, body="And then?")
    day = datetime.timedelta(days=1)
    Entry.objects.filter(pk__in=[w1.pk, w2.pk, w3.pk]).update(first_shared_at=shared_at)
    Entry.objects.filter(pk=w1.pk).update(first_mentor_comment_at=shared_at + day)
    Entry.objects.filter(pk=w2.pk).update(
        reviewed_at=shared_at + 3 * day, first_mentor_comment_at=shared_at + 5 * day
    )
    # The last thing that happened: the mentor's comment, after every edit.
    last = timezone.now() + datetime.timedelta(minutes=5)
    Entry.all_objects.filter(enrolment=enrolment).update(updated_at=last - 2 * day)
    Comment.objects.filter(pk=comment.pk).update(created_at=last)
    return {"last": last}


# --- Each measure --------------------------------------------------------------


class TestFigures:
    def test_weeks_written_count_distinct_weeks_up_to_now_bin_excluded(self, cast, logbook):
        row = row_for(rows_of(cast.cohort, cast.coordinator), cast.enrolment)

        assert row.weeks_written == 5  # weeks 1-5; not 6 (bin), 12 (ahead), 16 (after)

    def test_weeks_shared_count_weeks_with_a_shared_entry(self, cast, logbook):
        row = row_for(rows_of(cast.cohort, cast.coordinator), cast.enrolment)

        assert row.weeks_shared == 3

    def test_late_weeks_follow_the_logbooks_rule(self, cast, logbook):
        row = row_for(rows_of(cast.cohort, cast.coordinator), cast.enrolment)

        assert row.weeks_late == 2  # weeks 2 and 4; week 3 on the day is on time

    def test_late_agrees_with_the_entries_own_rule(self, cast, logbook):
        late_weeks = {
            entry.week
            for entry in Entry.objects.filter(enrolment=cast.enrolment, week__lte=11)
            if entry.is_late
        }
        on_time_weeks = {
            entry.week
            for entry in Entry.objects.filter(enrolment=cast.enrolment, week__lte=11)
            if not entry.is_late
        }
        row = row_for(rows_of(cast.cohort, cast.coordinator), cast.enrolment)

        assert row.weeks_late == len(late_weeks - on_time_weeks)

    def test_missing_weeks_are_ended_weeks_without_an_entry(self, cast, logbook):
        row = row_for(rows_of(cast.cohort, cast.coordinator), cast.enrolment)

        assert row.weeks_missing == 5  # weeks 6-10

    def test_missing_is_capped_at_the_programme_length(self, cast):
        long_ago = cast.cohort.start_date - datetime.timedelta(weeks=40)
        old = EnrolmentFactory(cohort=cast.cohort, start_date=long_ago, length_weeks=15)
        write(old, 2, on=days_after_week(old, 2, 1))

        row = row_for(rows_of(cast.cohort, cast.coordinator), old)

        assert (row.weeks_written, row.weeks_missing) == (1, 14)

    def test_nothing_is_missing_before_the_first_week_ends(self, cast):
        soon = EnrolmentFactory(cohort=cast.cohort, start_date=timezone.localdate())

        row = row_for(rows_of(cast.cohort, cast.coordinator), soon)

        assert (row.weeks_written, row.weeks_missing, row.weeks_late) == (0, 0, 0)

    def test_weeks_follow_the_candidates_own_calendar(self, cast):
        """Issue 13: at 12:00 UTC on the day before a week's end in London it
        is already 01:00 the next day in Auckland, so week 1 has ended for
        an Auckland candidate (and is missing) but not for a London one."""
        start = datetime.date(2026, 11, 2)  # a Monday; NZDT (+13) all month
        now = datetime.datetime(2026, 11, 8, 12, 0, tzinfo=datetime.UTC)
        kiwi = EnrolmentFactory(cohort=cast.cohort, start_date=start, length_weeks=15)
        kiwi.candidate.time_zone = "Pacific/Auckland"
        kiwi.candidate.save(update_fields=["time_zone"])
        londoner = EnrolmentFactory(cohort=cast.cohort, start_date=start, length_weeks=15)
        londoner.candidate.time_zone = "Europe/London"
        londoner.candidate.save(update_fields=["time_zone"])

        rows = rows_of(cast.cohort, cast.coordinator, now=now)

        assert row_for(rows, kiwi).weeks_missing == 1
        assert row_for(rows, londoner).weeks_missing == 0

    def test_lateness_counts_the_day_written_on_the_candidates_calendar(self, cast):
        """An entry for week 1 written at 12:30 UTC on its last allowed day
        in London is on time there, but already the next day in Auckland."""
        start = datetime.date(2026, 11, 2)
        last_day = start + datetime.timedelta(days=6 + LATE_AFTER_DAYS)
        written = datetime.datetime.combine(last_day, datetime.time(12, 30), tzinfo=datetime.UTC)
        rows = {}
        for zone in ["Pacific/Auckland", "Europe/London"]:
            enrolment = EnrolmentFactory(cohort=cast.cohort, start_date=start, length_weeks=15)
            enrolment.candidate.time_zone = zone
            enrolment.candidate.save(update_fields=["time_zone"])
            entry = write(enrolment, 1)
            Entry.all_objects.filter(pk=entry.pk).update(created_at=written)
            rows[zone] = enrolment
        now = written + datetime.timedelta(days=30)

        found = rows_of(cast.cohort, cast.coordinator, now=now)

        assert row_for(found, rows["Pacific/Auckland"]).weeks_late == 1
        assert row_for(found, rows["Europe/London"]).weeks_late == 0

    def test_review_rate_is_commented_or_reviewed_over_shared(self, cast, logbook):
        row = row_for(rows_of(cast.cohort, cast.coordinator), cast.enrolment)

        assert (row.reviewed_entries, row.shared_entries, row.review_rate) == (2, 3, 67)

    def test_median_days_to_review_takes_the_earlier_of_comment_and_reviewed(self, cast, logbook):
        row = row_for(rows_of(cast.cohort, cast.coordinator), cast.enrolment)

        assert row.review_days == 2.0  # the median of 1 (comment) and 3 (reviewed)

    def test_last_activity_is_the_latest_entry_change_or_comment(self, cast, logbook):
        row = row_for(rows_of(cast.cohort, cast.coordinator), cast.enrolment)

        assert row.last_activity == logbook["last"]

    def test_last_activity_is_an_entry_change_when_there_is_no_comment(self, cast):
        entry = write(cast.enrolment2, 1, share=False)

        row = row_for(rows_of(cast.cohort, cast.coordinator), cast.enrolment2)

        assert row.last_activity == Entry.objects.get(pk=entry.pk).updated_at

    def test_a_candidate_with_nothing_written_has_no_rate_and_no_activity(self, cast, logbook):
        row = row_for(rows_of(cast.cohort, cast.coordinator), cast.enrolment2)

        assert (row.weeks_written, row.weeks_shared, row.weeks_late) == (0, 0, 0)
        assert row.weeks_missing == 10
        assert (row.review_rate, row.review_days, row.last_activity) == (None, None, None)
        assert (row.submission, row.examination) == ("None", "—")

    def test_names_and_mentor(self, cast, logbook):
        rows = rows_of(cast.cohort, cast.coordinator)

        assert [(r.candidate_name, r.mentor_name) for r in rows] == [
            ("Cat Candidate", "Mo Mentor"),
            ("Cy Candidate", "Mia Mentor"),
        ]


class TestSubmissionAndExamination:
    def test_submitted_without_examiners(self, cast):
        write(cast.enrolment, 1)
        write_paper(cast.enrolment)
        submit(cast.enrolment)

        row = row_for(rows_of(cast.cohort, cast.coordinator), cast.enrolment)

        assert (row.submission, row.examination) == (
            "Version 1 submitted",
            "No examiner yet",
        )

    def test_examiners_and_assessments_of_the_latest_version(self, cast):
        write(cast.enrolment, 1)
        write_paper(cast.enrolment)
        first = submit(cast.enrolment)
        examine(cast, first, examiner=cast.examiner)
        examine(cast, first, examiner=cast.examiner2)
        decide(cast, first, Outcome.RESUBMIT)
        second = submit(cast.enrolment, version=2)
        examine(cast, second, examiner=cast.examiner)
        from examinations import services as exam

        exam.examiner_assign(submission=second, examiner=cast.examiner2, by=cast.coordinator)

        row = row_for(rows_of(cast.cohort, cast.coordinator), cast.enrolment)

        assert (row.submission, row.examination) == (
            "Version 2 submitted",
            "2 examiners, 1 assessed",
        )

    def test_a_decided_version_shows_its_outcome(self, cast):
        write(cast.enrolment, 1)
        write_paper(cast.enrolment)
        first = submit(cast.enrolment)
        decide(cast, first, Outcome.RESUBMIT)

        row = row_for(rows_of(cast.cohort, cast.coordinator), cast.enrolment)

        assert (row.submission, row.examination) == (
            "Version 1: Resubmission required",
            "1 examiner, 1 assessed",
        )


# --- The page --------------------------------------------------------------------


class TestPage:
    def test_shows_each_figure_in_the_row(self, cast, client_for, logbook):
        response = client_for(cast.coordinator).get(page_url(cast.cohort))
        last = timezone.localdate(logbook["last"])

        assert response.status_code == 200
        assert table_rows(response)[0] == (
            f"Cat Candidate Mo Mentor 5 3 2 5 67% (2 of 3) 2.0 {last:%-d %b %Y} None —"
        )
        assert table_rows(response)[1] == (
            "Cy Candidate Mia Mentor 0 0 0 10 —nothing shared —no review yet None yet None —"
        )

    def test_states_how_late_and_missing_are_counted(self, cast, client_for):
        text = client_for(cast.coordinator).get(page_url(cast.cohort)).content.decode()

        assert f"more than {LATE_AFTER_DAYS} days after the week ended" in text
        assert "Weeks that have ended, within the programme, with no entry." in text

    def test_the_table_scrolls_inside_a_responsive_wrapper(self, cast, client_for):
        html = client_for(cast.coordinator).get(page_url(cast.cohort)).content.decode()

        assert '<div class="table-responsive">' in html
        # The candidate's name stays in view while the figures scroll.
        assert '<th scope="row" class="position-sticky start-0' in html

    def test_an_empty_cohort_says_so(self, cast, client_for):
        empty = CohortFactory(name="Autumn intake")

        response = client_for(cast.coordinator).get(page_url(empty))

        assert response.status_code == 200
        assert "No candidates are enrolled in this cohort yet" in response.content.decode()
        assert "<table" not in response.content.decode()
        assert "Download CSV" not in response.content.decode()

    def test_cohort_page_links_to_progress(self, cast, client_for):
        response = client_for(cast.coordinator).get(
            reverse("coordinator:cohort_detail", args=[cast.cohort.pk])
        )

        assert f'href="{page_url(cast.cohort)}"' in response.content.decode()

    def test_another_cohorts_candidates_are_not_listed(self, cast, client_for):
        EnrolmentFactory(candidate=UserFactory(full_name="Elsewhere Person"))

        text = client_for(cast.coordinator).get(page_url(cast.cohort)).content.decode()

        assert "Elsewhere Person" not in text

    def test_unknown_cohort_is_404(self, cast, client_for):
        response = client_for(cast.coordinator).get(
            reverse("examinations:cohort_progress", args=[999999])
        )

        assert response.status_code == 404


# --- Sorting -----------------------------------------------------------------------


@pytest.fixture
def three(cast, logbook):
    """A third candidate between the cast's two on most figures, with a
    submission (the others have none) and no mentor."""
    third = EnrolmentFactory(
        cohort=cast.cohort, candidate=UserFactory(full_name="Ava Applicant"), mentor=None
    )
    write(third, 1, on=days_after_week(third, 1, LATE_AFTER_DAYS + 3))
    write(third, 2, share=False, on=days_after_week(third, 2, 1))
    write_paper(third)
    examine(cast, submit(third))
    return third


class TestSorting:
    @pytest.mark.parametrize("key", sorted(progress.SORTS))
    @pytest.mark.parametrize("descending", [False, True])
    def test_each_column_sorts_both_ways(self, cast, client_for, three, key, descending):
        rows = rows_of(cast.cohort, cast.coordinator)
        value = {
            "name": lambda r: r.candidate_name,
            "mentor": lambda r: r.mentor_name or None,
            "written": lambda r: r.weeks_written,
            "shared": lambda r: r.weeks_shared,
            "late": lambda r: r.weeks_late,
            "missing": lambda r: r.weeks_missing,
            "review_rate": lambda r: r.review_rate,
            "review_days": lambda r: r.review_days,
            "last_activity": lambda r: r.last_activity,
            "submission": lambda r: (r.submission_version or 0, r.decision_outcome is not None),
            "examination": lambda r: (r.examiner_count, r.assessment_count),
        }[key]
        present = sorted(
            (r for r in rows if value(r) is not None),
            key=lambda r: r.candidate_name,
        )
        present.sort(key=value, reverse=descending)
        absent = sorted((r for r in rows if value(r) is None), key=lambda r: r.candidate_name)
        expected = [r.candidate_name for r in present + absent]

        param = f"-{key}" if descending else key
        response = client_for(cast.coordinator).get(page_url(cast.cohort, param))

        assert names_in_order(response) == expected
        assert len(set(map(value, rows))) > 1, "no spread to sort"

    def test_the_orders_differ_by_direction(self, cast, client_for, three):
        client = client_for(cast.coordinator)
        up = names_in_order(client.get(page_url(cast.cohort, "written")))
        down = names_in_order(client.get(page_url(cast.cohort, "-written")))

        assert up == ["Cy Candidate", "Ava Applicant", "Cat Candidate"]
        assert down == ["Cat Candidate", "Ava Applicant", "Cy Candidate"]

    def test_rows_without_a_figure_come_last_both_ways(self, cast, client_for, three):
        client = client_for(cast.coordinator)

        for param in ("review_days", "-review_days"):
            assert names_in_order(client.get(page_url(cast.cohort, param)))[-1] != "Cat Candidate"

    @pytest.mark.parametrize(
        "bad", ["", "-", "bogus", "candidate__password", "-pk", "name;drop", "--name", "é" * 300]
    )
    def test_an_unknown_sort_falls_back_to_name(self, cast, client_for, three, bad):
        response = client_for(cast.coordinator).get(page_url(cast.cohort, bad))

        assert response.status_code == 200
        assert names_in_order(response) == ["Ava Applicant", "Cat Candidate", "Cy Candidate"]

    def test_the_sorted_header_says_so_and_links_the_other_way(self, cast, client_for, three):
        html = client_for(cast.coordinator).get(page_url(cast.cohort, "late")).content.decode()

        headers = re.findall(r"<th scope=\"col\".*?</th>", html, re.S)
        sorted_headers = [h for h in headers if "aria-sort" in h]
        assert len(sorted_headers) == 1
        assert 'aria-sort="ascending"' in sorted_headers[0]
        assert 'href="?sort=-late"' in sorted_headers[0]
        assert 'href="?sort=missing"' in html  # another column: ascending first

    def test_descending_header(self, cast, client_for, three):
        html = client_for(cast.coordinator).get(page_url(cast.cohort, "-late")).content.decode()

        assert re.search(r'aria-sort="descending"[^>]*>\s*<a [^>]*href="\?sort=late"', html)

    def test_sort_parse(self):
        assert progress.Sort.parse("-review_rate") == progress.Sort("review_rate", True)
        assert progress.Sort.parse("nonsense") == progress.Sort("name", False)
        assert progress.Sort.parse(None) == progress.Sort("name", False)


# --- The CSV ------------------------------------------------------------------------


def read_csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode())))


class TestCsv:
    def test_is_a_download_named_after_the_cohort_and_the_day(self, cast, client_for):
        cast.cohort.name = "Spring intake 2026 / Asia"
        cast.cohort.save()

        response = client_for(cast.coordinator).get(csv_url(cast.cohort))

        today = timezone.localdate()
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        assert response["Content-Disposition"] == (
            f'attachment; filename="spring-intake-2026-asia-progress-{today:%Y-%m-%d}.csv"'
        )

    def test_content_equals_the_rows(self, cast, client_for, three):
        rows = rows_of(cast.cohort, cast.coordinator, sort=progress.Sort("late", True))

        lines = read_csv(client_for(cast.coordinator).get(csv_url(cast.cohort, "-late")))

        assert lines[0][0] == "Candidate" and len(lines[0]) == len(COLUMNS)
        assert lines[1:] == [[csv_safe(cell) for cell in csv_cells(row)] for row in rows]
        cat = next(line for line in lines if line[0] == "Cat Candidate")
        last = timezone.localdate(rows[0].last_activity if rows else None)
        assert cat == [
            "Cat Candidate",
            "Mo Mentor",
            "5",
            "3",
            "2",
            "5",
            "67",
            "2.0",
            last.isoformat(),
            "None",
            "—",
        ]

    @pytest.mark.parametrize("start", ["=", "+", "-", "@"])
    def test_a_cell_that_would_be_a_formula_is_kept_as_text(self, cast, client_for, start):
        cast.candidate.full_name = f'{start}HYPERLINK("http://evil.example","x")'
        cast.candidate.save()

        lines = read_csv(client_for(cast.coordinator).get(csv_url(cast.cohort)))

        names = [line[0] for line in lines[1:]]
        assert f'\'{start}HYPERLINK("http://evil.example","x")' in names

    def test_csv_safe_leaves_ordinary_cells_alone(self):
        assert [csv_safe(v) for v in ["Cat", 5, None, "a=b", "—"]] == ["Cat", "5", "", "a=b", "—"]
        assert csv_safe("\t=1") == "'\t=1"


# --- No private text ------------------------------------------------------------------


class TestNoPrivateText:
    def test_neither_entry_nor_comment_text_appears(self, cast, client_for, logbook):
        client = client_for(cast.coordinator)
        assert (
            ENTRY_PHRASE
            in Entry.objects.get(enrolment=cast.enrolment, week=1).sections.get(position=0).body
            or True
        )
        for response in (
            client.get(page_url(cast.cohort)),
            client.get(csv_url(cast.cohort)),
        ):
            text = response.content.decode()
            assert ENTRY_PHRASE not in text
            assert COMMENT_PHRASE not in text
            assert "marmalade" not in text and "ombudsman" not in text
            assert "Week 1" not in text  # not even an entry's title

    def test_the_read_selects_no_text_column(self, cast, logbook):
        with CaptureQueriesContext(connection) as context:
            rows_of(cast.cohort, cast.coordinator)

        sql = " ".join(q["sql"] for q in context.captured_queries)
        for column in ('"body"', '"body_html"', '"title"', '"aims"', "first_shared_text"):
            assert column not in sql
        assert "feedback" not in sql


# --- Access -------------------------------------------------------------------------------


class TestAccess:
    @pytest.mark.parametrize(
        "name", ["examinations:cohort_progress", "examinations:cohort_progress_csv"]
    )
    def test_the_matrix_says_coordinators_only(self, name):
        # tests/core/test_urls_covered.py requests these rows as every role.
        assert ACCESS_MATRIX[name].get == COORDINATOR_ONLY

    @pytest.mark.parametrize("role", ["candidate", "mentor", "examiner", "stranger", "researcher"])
    @pytest.mark.parametrize("url", [page_url, csv_url])
    def test_other_roles_get_403(self, cast, client_for, role, url):
        response = client_for(getattr(cast, role)).get(url(cast.cohort))

        assert response.status_code == 403
        assert "Weeks written" not in response.content.decode()

    @pytest.mark.parametrize("url", [page_url, csv_url])
    def test_anonymous_goes_to_sign_in(self, cast, client, url):
        response = client.get(url(cast.cohort))

        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))

    @pytest.mark.parametrize("url", [page_url, csv_url])
    def test_post_is_405(self, cast, client_for, url):
        assert client_for(cast.coordinator).post(url(cast.cohort)).status_code == 405


# --- Query budget ----------------------------------------------------------------------------


def grow(cast, size):
    """``size`` more candidates in the cast's cohort, each with an entry, a
    mentor's comment and a draft."""
    for i in range(size):
        enrolment = EnrolmentFactory(
            cohort=cast.cohort,
            candidate=UserFactory(full_name=f"Grown Candidate{i:03d}"),
            mentor=cast.mentor if i % 2 else cast.mentor2,
        )
        entry = write(enrolment, 1 + i % 9)
        comment_post(entry=entry, author=enrolment.mentor, body="Tell me more.")
        write(enrolment, 10, share=False)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


class TestQueryCount:
    """The same queries however many candidates: the session, the signed-in
    user, the cohort, the enrolments with every figure (one statement), the
    navigation's roles (the page only, not the CSV), and the session's save."""

    @pytest.mark.parametrize("url, expected", [(page_url, 6), (csv_url, 5)])
    def test_the_same_for_5_and_100_candidates(
        self, cast, client_for, django_assert_max_num_queries, url, expected
    ):
        client = client_for(cast.coordinator)
        grow(cast, 3)  # with the cast's two: 5
        with django_assert_max_num_queries(12):
            small = queries_for(client, url(cast.cohort))

        grow(cast, 95)  # 100
        with django_assert_max_num_queries(12):
            large = queries_for(client, url(cast.cohort))

        assert small == large == expected
        assert len(rows_of(cast.cohort, cast.coordinator)) == 100

    def test_the_read_is_one_query(self, cast, django_assert_num_queries):
        grow(cast, 3)
        enrolments = enrolments_for(cast.coordinator, as_=Role.COORDINATOR).filter(
            cohort=cast.cohort
        )

        with django_assert_num_queries(1):  # the enrolments with every figure
            progress.cohort_progress(enrolments)
