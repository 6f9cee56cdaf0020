"""A person's own data (issue 6, item 8): the JSON download holds all of
their writing and nothing of anyone else's; closing an account deletes the
live logbook and its history, keeps the programme's records, says which is
which before confirming, and the account can no longer sign in.
"""

import json

import pytest
from django.test import Client
from django.urls import reverse

from entries.models import Entry, EntrySection, Heading, Partnership
from examinations.models import (
    Assessment,
    Decision,
    FinalPaper,
    Outcome,
    Submission,
    SubmittedEntry,
    SubmittedSection,
)
from mentors.models import Comment
from pbas_logbook.models import AuditAction, AuditEvent, Notification, TextRevision
from tests.examinations.conftest import decide
from tests.factories import PASSWORD

CLOSE = reverse("close_account")
PHRASE = "close my account"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="accounts.backends.EmailBackend")
    return client


def download(user) -> tuple[dict, str]:
    response = signed_in(user).get(reverse("my_data_json"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="pbas-my-data-')
    text = response.content.decode()
    return json.loads(text), text.lower()


@pytest.mark.django_db
class TestTheDownload:
    def test_holds_every_word_the_candidate_wrote_drafts_and_bin_included(self, planted):
        data, text = download(planted.cast.candidate)

        for kind in ("draft", "shared", "binned", "reply", "paper", "partnership", "after"):
            assert getattr(planted.marks, kind) in text, kind
        weeks = sorted((e["week"], e["status"], e["deleted"]) for e in data["logbook"])
        assert weeks == [
            (1, "shared", False),
            (2, "draft", False),
            (3, "shared", True),
            (4, "draft", False),
        ]
        assert data["account"]["email"] == planted.cast.candidate.email
        assert [s["version"] for s in data["submissions"]] == [1]

    def test_holds_nothing_of_anyone_else(self, planted):
        c = planted.cast
        _, text = download(c.candidate)

        assert "plain words of someone else" not in text  # candidate2's entry
        assert "what changed for you" not in text  # the mentor's comment
        for other in (c.candidate2, c.mentor, c.mentor2, c.examiner, c.coordinator):
            assert other.email not in text
        assert c.candidate2.full_name.lower() not in text

    def test_a_mentors_download_holds_their_comments_not_the_candidates_text(self, planted):
        data, text = download(planted.cast.mentor)

        assert [c["text"] for c in data["comments_written"]] == ["What changed for you?"]
        for kind, mark in planted.marks.all().items():
            assert mark not in text, kind

    def test_the_download_is_in_the_audit_trail(self, planted):
        download(planted.cast.candidate)

        assert AuditEvent.objects.filter(
            action=AuditAction.EXPORTED, actor=planted.cast.candidate
        ).exists()


@pytest.fixture
def decided(planted):
    """The planted logbook assessed, decided and released: records the
    programme keeps (issue 12: the release tells the candidate, as the
    decision did before)."""
    decide(planted.cast, planted.submission, Outcome.ACCREDITED)
    return planted


def live_marks(world) -> list[str]:
    m = world.marks
    return [m.draft, m.binned, m.reply, m.partnership, m.after]


@pytest.mark.django_db
class TestClosingTheAccount:
    def test_the_page_says_what_is_kept_and_what_is_deleted(self, decided):
        response = signed_in(decided.cast.candidate).get(CLOSE)

        rows = {item.what: (item.count, item.kept) for item in response.context["closure"]}
        assert rows["Draft entries"] == (2, False)
        assert rows["Live logbook entries (shared)"] == (2, False)  # one of them in the bin
        assert rows["Headings and partnerships"] == (6, False)
        assert rows["Final paper (live copy)"] == (1, False)
        assert rows["Submitted logbooks (frozen copies)"] == (1, True)
        assert rows["Assessments and decisions"] == (2, True)
        assert rows["Audit trail of who read or acted on your logbook"][1] is True
        page = response.content.decode()
        assert page.count("Deleted</span>") == 4
        assert "Kept</span>" in page

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"password": "wrong", "confirm": PHRASE}, "That is not your password."),
            ({"password": PASSWORD, "confirm": "close it"}, "Type exactly “close my account”."),
            ({"password": PASSWORD, "confirm": ""}, "This field is required."),
        ],
    )
    def test_a_wrong_password_or_phrase_is_a_clear_message(self, decided, data, message):
        response = signed_in(decided.cast.candidate).post(CLOSE, data)

        assert response.status_code == 422
        assert message in response.content.decode()
        assert Entry.all_objects.filter(enrolment=decided.cast.enrolment).count() == 4
        decided.cast.candidate.refresh_from_db()
        assert decided.cast.candidate.is_active

    def test_closing_deletes_the_live_logbook_and_its_history(self, decided):
        c = decided.cast
        entry_ids = list(
            Entry.all_objects.filter(enrolment=c.enrolment).values_list("pk", flat=True)
        )
        section_ids = list(
            EntrySection.objects.filter(entry_id__in=entry_ids).values_list("pk", flat=True)
        )
        assert TextRevision.objects.filter(row_id__in=section_ids).exists()

        response = signed_in(c.candidate).post(CLOSE, {"password": PASSWORD, "confirm": PHRASE})

        assert response.status_code == 302
        assert response["Location"] == reverse("login")
        assert not Entry.all_objects.filter(enrolment=c.enrolment).exists()
        assert not EntrySection.objects.filter(pk__in=section_ids).exists()
        assert not Heading.objects.filter(enrolment=c.enrolment).exists()
        assert not Partnership.objects.filter(enrolment=c.enrolment).exists()
        assert not FinalPaper.objects.filter(enrolment=c.enrolment).exists()
        assert not Comment.objects.filter(entry_id__in=entry_ids).exists()
        assert not Notification.objects.filter(recipient=c.candidate).exists()
        history = " ".join(str(r.old_row) for r in TextRevision.objects.all())
        for mark in live_marks(decided) + [decided.marks.shared, decided.marks.paper]:
            assert mark not in history

    def test_closing_keeps_the_frozen_submission_assessments_and_audit(self, decided):
        c = decided.cast
        audit_before = AuditEvent.objects.count()

        signed_in(c.candidate).post(CLOSE, {"password": PASSWORD, "confirm": PHRASE})

        submission = Submission.objects.get(pk=decided.submission.pk)
        frozen = " ".join(
            s.body for s in SubmittedSection.objects.filter(entry__submission=submission)
        )
        assert decided.marks.shared in frozen
        assert decided.marks.paper in submission.paper_body
        assert SubmittedEntry.objects.filter(submission=submission).count() == 1
        assert Assessment.objects.filter(submission=submission).count() == 1
        assert Decision.objects.filter(submission=submission).exists()
        assert AuditEvent.objects.count() == audit_before + 1
        closed = AuditEvent.objects.get(action=AuditAction.ACCOUNT_CLOSED)
        assert closed.actor_id == closed.subject_id == c.candidate.pk

    def test_the_account_cannot_sign_in_and_other_sessions_end(self, decided):
        c = decided.cast
        other_browser = signed_in(c.candidate)
        assert other_browser.get(reverse("entries:home")).status_code == 200

        signed_in(c.candidate).post(CLOSE, {"password": PASSWORD, "confirm": PHRASE})

        c.candidate.refresh_from_db()
        assert not c.candidate.is_active
        assert not c.candidate.has_usable_password()
        login = Client().post(
            reverse("login"), {"username": c.candidate.email, "password": PASSWORD}
        )
        assert login.status_code == 200
        assert not login.wsgi_request.user.is_authenticated
        assert other_browser.get(reverse("entries:home")).status_code == 302

    def test_the_mentor_and_examiner_no_longer_see_the_live_logbook(self, decided):
        c = decided.cast
        signed_in(c.candidate).post(CLOSE, {"password": PASSWORD, "confirm": PHRASE})

        mentor = signed_in(c.mentor)
        page = mentor.get(reverse("mentors:mentee_logbook", args=[c.enrolment.pk]))
        review = mentor.get(reverse("mentors:entry_review", args=[decided.shared.public_id]))

        assert page.status_code == 200
        assert decided.marks.shared not in page.content.decode()
        assert review.status_code == 404
        # The examination record stays readable to those it was for.
        reading = signed_in(c.examiner).get(
            reverse("examinations:reading", args=[decided.submission.public_id])
        )
        assert reading.status_code == 200
