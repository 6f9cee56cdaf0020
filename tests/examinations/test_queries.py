"""Query counts of the examination reading pages and lists (STYLE.md 19):
the same number of queries at a small and a large size."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from examinations import assessing, services
from examinations.models import Outcome, ProgrammeSetting
from mentors.services import comment_post
from tests.examinations.conftest import decide, examine, logbook, marks_for, submit
from tests.factories import EnrolmentFactory


def count_queries(client, path, data=None) -> int:
    """Queries of one GET, after a first GET has done the one-off writes
    (the audit trail's first read, the programme setting's row)."""
    assert client.get(path, data).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, data)
    assert response.status_code == 200
    return len(captured)


def reading(submission):
    return reverse("examinations:reading", args=[submission.public_id])


def submitted_logbook(cast, enrolment, weeks: int):
    """``weeks`` shared weekly entries (five headings each), a paper,
    submitted and assigned to cast.examiner."""
    enrolment.length_weeks = weeks
    enrolment.save()
    entries = logbook(enrolment, range(1, weeks + 1))
    for entry in entries:
        comment_post(entry=entry, author=enrolment.mentor, body="What did you try?")
    submission = submit(enrolment)
    services.examiner_assign(submission=submission, examiner=cast.examiner, by=cast.coordinator)
    return submission


# The reading view, for an assigned examiner:
#   1 session, 2 user,
#   3 the submission (with enrolment, candidate, mentor, cohort, decision
#     and the mentor's report),
#   4 the audit trail's "already recorded this read today?" check,
#   5 frozen entries, 6 their sections (one prefetch),
#   7 the programme setting, [+1 mentor comments when the setting is on],
#   8 the assessment criteria, 9 the examiner's own assessment,
#   10 the previous version, 11 the roles for the navigation (one query of
#   EXISTS), 12 the session save; a search adds one (the matching sections
#   with their entries and snippets).
# None of these grows with the number of weeks.
READING_QUERIES = 12


@pytest.mark.django_db
class TestReadingQueries:
    @pytest.mark.parametrize(
        "params",
        [{}, {"paper": "last"}, {"heading": "Issues"}, {"q": "partners"}],
        ids=["everything", "paper-last", "one-heading", "search"],
    )
    def test_the_same_for_5_and_25_weeks(self, cast, client_for, params):
        small = submitted_logbook(cast, cast.enrolment, 5)
        large = submitted_logbook(cast, cast.enrolment2, 25)
        client = client_for(cast.examiner)

        at_5 = count_queries(client, reading(small), params)
        at_25 = count_queries(client, reading(large), params)

        assert at_5 == at_25
        assert at_25 <= READING_QUERIES + ("q" in params)

    def test_the_same_with_mentor_comments_shown(self, cast, client_for):
        ProgrammeSetting.objects.update_or_create(
            pk=1, defaults={"examiners_see_mentor_comments": True}
        )
        small = submitted_logbook(cast, cast.enrolment, 5)
        large = submitted_logbook(cast, cast.enrolment2, 25)
        client = client_for(cast.examiner)

        at_5 = count_queries(client, reading(small))
        at_25 = count_queries(client, reading(large))

        assert at_5 == at_25
        assert at_25 <= READING_QUERIES + 1

    def test_the_same_for_the_candidate_after_the_decision(self, cast, client_for):
        small = submitted_logbook(cast, cast.enrolment, 5)
        large = submitted_logbook(cast, cast.enrolment2, 25)
        for submission in (small, large):
            decide(cast, submission, Outcome.ACCREDITED)

        at_5 = count_queries(client_for(cast.candidate), reading(small))
        at_25 = count_queries(client_for(cast.candidate2), reading(large))

        assert at_5 == at_25


def more_submissions(cast, count: int) -> None:
    """``count`` more candidates (mentored by cast.mentor), each with a
    one-week logbook submitted, assigned to both examiners and assessed
    by one of them, and every other one assessed by both and decided
    (issue 12: the decision waits for every assigned examiner), every
    other decision released."""
    for index in range(count):
        enrolment = EnrolmentFactory(cohort=cast.cohort, mentor=cast.mentor)
        logbook(enrolment, [1])
        submission = submit(enrolment)
        for examiner in (cast.examiner, cast.examiner2):
            services.examiner_assign(submission=submission, examiner=examiner, by=cast.coordinator)
        examine(cast, submission, Outcome.ACCREDITED, total=70)
        assessing.mentor_report_save(
            submission=submission,
            mentor=cast.mentor,
            body="Steady.",
            criterion_marks=marks_for(submission, 70),
            criterion_notes={},
        )
        if index % 2:
            decide(cast, submission, Outcome.ACCREDITED, released=bool(index % 4 == 1))


# The examiner's queue: 1 session, 2 user, 3 the assigned submissions (with
# cohort and decision, "assessed by me" as an EXISTS), 4 the roles for the
# navigation, 5 the session save.
EXAMINER_HOME_QUERIES = 5

# The coordinator's list: 1 session, 2 user, 3 the roles for the navigation,
# 4 submissions (with cohort and decision), 5 assignments, 6 their examiners,
# 7 assessments (prefetches), 8 the session save.
SUBMISSION_LIST_QUERIES = 8

# The mentor's list: 1 session, 2 user, 3 the roles for the navigation,
# 4 submissions (with candidate, decision and report), 5 the session save.
MENTOR_HOME_QUERIES = 5


@pytest.mark.django_db
class TestListQueries:
    @pytest.mark.parametrize(
        ("name", "who", "most"),
        [
            ("examinations:home", "examiner", EXAMINER_HOME_QUERIES),
            ("examinations:submission_list", "coordinator", SUBMISSION_LIST_QUERIES),
            ("examinations:mentor_home", "mentor", MENTOR_HOME_QUERIES),
        ],
        ids=["examiner-home", "submission-list", "mentor-home"],
    )
    def test_the_same_for_2_and_15_submissions(self, cast, client_for, name, who, most):
        client = client_for(getattr(cast, who))
        path = reverse(name)
        more_submissions(cast, 2)

        at_2 = count_queries(client, path)
        more_submissions(cast, 13)
        at_15 = count_queries(client, path)

        assert at_2 == at_15
        assert at_15 <= most
