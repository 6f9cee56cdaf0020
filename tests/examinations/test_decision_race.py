"""Two coordinators deciding at once (issue 12, bad input): one decision.

Each request runs on its own thread and database connection, released
together by a barrier, so the two POSTs overlap in PostgreSQL. The service
locks the submission before asking whether a decision exists
(examinations.assessing.decision_record), so the second waits, finds the
first's decision and is refused on the page; nothing else is recorded.
"""

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from examinations.models import Decision, Outcome
from pbas_logbook.models import AuditAction, AuditEvent
from tests.examinations.conftest import examine, logbook, submit
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_deciding_at_once_record_one_decision(cast, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    logbook(cast.enrolment, [1, 2])
    submission = submit(cast.enrolment)
    examine(cast, submission, Outcome.ACCREDITED)
    second = UserFactory(email="coordinator2@example.test", is_staff=True)
    url = reverse("examinations:decision_record", args=[submission.public_id])
    posts = [
        (cast.coordinator, {"outcome": Outcome.ACCREDITED, "mark": "60", "feedback": "First."}),
        (second, {"outcome": Outcome.DISTINCTION, "mark": "80", "feedback": "Second."}),
    ]
    barrier = threading.Barrier(len(posts))
    answers = [None] * len(posts)

    def send(index, user, data):
        client = Client()
        client.force_login(user)
        barrier.wait()
        try:
            response = client.post(url, data)
            answers[index] = (response.status_code, response.content.decode())
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i, *post)) for i, post in enumerate(posts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    (decision,) = Decision.objects.filter(submission=submission)
    codes = sorted(code for code, _ in answers)
    assert codes[0] == 302, answers  # the one that won went on to the page
    refused = [text for code, text in answers if code != 302]
    assert len(refused) == 1 and codes[1] in (200, 409, 422), codes
    assert "The final decision is recorded" in refused[0]
    winner = cast.coordinator if decision.outcome == Outcome.ACCREDITED else second
    assert decision.decided_by == winner
    decided = AuditEvent.objects.filter(action=AuditAction.DECIDED, subject=cast.candidate)
    assert decided.count() == 1
