"""Query counts of the board's one-submission pages (issue 12: the note
names them): the coordinator's submission page and an examiner's marking
form stay the same whether one examiner or three mark, with every
criterion commented and private notes on the reading room's sections."""

import pytest
from django.urls import reverse

from examinations import reading_room, services
from examinations.models import Outcome
from tests.examinations.conftest import examine, logbook, submit
from tests.examinations.test_queries import count_queries
from tests.factories import UserFactory

# Measured at 16 for version 1 (a version 2 adds two, for the previous
# version's examiners: tests/examinations/test_resubmission_examiners.py):
# the submission, decision and release, scheme and criteria, assignments and
# assessments with their examiners, the mentor's report, the examiners'
# private notes, the forms' examiner choices, plus session, user, roles and
# the session save. None grows with the number of examiners.
MANAGE_QUERIES = 16
# Measured at 14: the submission, scheme and criteria, the examiner's own
# assessment and due date, the marking state, the mentor's proposal, the
# others' marks once all are in, plus session, user, roles, session save.
ASSESS_QUERIES = 14


def examiners(count):
    return [UserFactory(is_examiner=True) for _ in range(count)]


def marked(cast, submission, people):
    for person in people:
        services.examiner_assign(submission=submission, examiner=person, by=cast.coordinator)
        examine(cast, submission, Outcome.ACCREDITED, examiner=person, total=60)
        for section in submission.entries.first().sections.all():
            reading_room.note_save(
                submission=submission, examiner=person, section=section, body="A note."
            )


@pytest.mark.django_db
class TestTheBoardsPages:
    def test_the_submission_page_the_same_for_one_and_three_examiners(self, cast, client_for):
        logbook(cast.enrolment, [1, 2])
        logbook(cast.enrolment2, [1, 2])
        one, three = submit(cast.enrolment), submit(cast.enrolment2)
        marked(cast, one, examiners(1))
        marked(cast, three, examiners(3))
        client = client_for(cast.coordinator)

        at_1 = count_queries(
            client, reverse("examinations:submission_manage", args=[one.public_id])
        )
        at_3 = count_queries(
            client, reverse("examinations:submission_manage", args=[three.public_id])
        )

        assert at_1 == at_3
        assert at_3 <= MANAGE_QUERIES

    def test_the_marking_form_the_same_for_one_and_three_examiners(self, cast, client_for):
        logbook(cast.enrolment, [1, 2])
        logbook(cast.enrolment2, [1, 2])
        one, three = submit(cast.enrolment), submit(cast.enrolment2)
        marked(cast, one, examiners(1))
        marked(cast, three, examiners(3))
        for submission in (one, three):
            services.examiner_assign(
                submission=submission, examiner=cast.examiner, by=cast.coordinator
            )
        client = client_for(cast.examiner)

        at_1 = count_queries(client, reverse("examinations:assess", args=[one.public_id]))
        at_3 = count_queries(client, reverse("examinations:assess", args=[three.public_id]))

        assert at_1 == at_3
        assert at_3 <= ASSESS_QUERIES
