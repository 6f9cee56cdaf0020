"""The examination's part of a person's own data download (accounts.my_data):
a decision appears in the candidate's download only once released (issue 12
item 3: until then "with the examiners", in the pages and in the file), and
an examiner's private notes from the reading room are in their own download
only (issue 12 item 7), never in the candidate's.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from examinations import reading_room, services
from examinations.models import Outcome
from tests.examinations.conftest import decide, logbook, submit


def download(user) -> dict:
    client = Client()
    client.force_login(user, backend="accounts.backends.EmailBackend")
    response = client.get(reverse("my_data_json"))
    assert response.status_code == 200
    return json.loads(response.content)


@pytest.fixture
def submission(cast):
    logbook(cast.enrolment, [1, 2])
    return submit(cast.enrolment)


@pytest.mark.django_db
class TestTheCandidatesDownload:
    def test_a_decision_not_yet_released_is_not_in_it(self, cast, submission):
        decide(cast, submission, Outcome.ACCREDITED, released=False)

        (version,) = download(cast.candidate)["submissions"]
        assert version["decision"] is None
        assert "Accredited" not in json.dumps(download(cast.candidate))

    def test_a_released_decision_is(self, cast, submission):
        decide(cast, submission, Outcome.ACCREDITED)

        (version,) = download(cast.candidate)["submissions"]
        assert version["decision"] == "Accredited"


@pytest.mark.django_db
class TestTheExaminersNotes:
    def test_are_in_the_examiners_download_and_nobody_elses(self, cast, submission):
        services.examiner_assign(submission=submission, examiner=cast.examiner, by=cast.coordinator)
        section = submission.entries.get(week=2).sections.first()
        reading_room.note_save(
            submission=submission, examiner=cast.examiner, section=section, body="Ask about week 2."
        )
        reading_room.note_save(
            submission=submission, examiner=cast.examiner, section=None, body="Paper: thin ending."
        )

        paper, week = _by_on(download(cast.examiner)["examiner_notes"])
        assert (paper["on"], paper["note"]) == ("Final paper", "Paper: thin ending.")
        assert (week["on"], week["note"]) == (section.heading_title, "Ask about week 2.")
        assert paper["submission"] == str(submission.public_id)
        for reader in (cast.candidate, cast.mentor, cast.examiner2):
            text = json.dumps(download(reader))
            assert "Ask about week 2." not in text and "thin ending" not in text


def _by_on(notes) -> tuple[dict, dict]:
    paper = [n for n in notes if n["on"] == "Final paper"]
    others = [n for n in notes if n["on"] != "Final paper"]
    assert len(paper) == 1 and len(others) == 1, notes
    return paper[0], others[0]
