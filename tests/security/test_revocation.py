"""Revocation (issue 6, item 3): when a coordinator replaces a mentor or
unassigns an examiner, that person's very next request for the candidate's
content is a 404, in the same browser session that read it a moment ago.

Nothing is cached per session or per person: every access rule reads the
enrolment's mentor and the examiner assignments on each request.
"""

import pytest
from django.test import Client
from django.urls import reverse


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="accounts.backends.EmailBackend")
    return client


def mentor_pages(world) -> list[str]:
    sid = world.submission.public_id
    return [
        reverse("mentors:mentee_logbook", args=[world.cast.enrolment.pk]),
        reverse("mentors:mentee_heading", args=[world.cast.enrolment.pk]) + "?heading=Issues",
        reverse("mentors:entry_review", args=[world.shared.public_id]),
        reverse("mentors:comment_edit", args=[world.comment.public_id]),
        reverse("examinations:reading", args=[sid]),
        reverse("examinations:pdf", args=[sid]),
        reverse("examinations:result", args=[sid]),
        reverse("examinations:mentor_report", args=[sid]),
    ]


def examiner_pages(world) -> list[str]:
    sid = world.submission.public_id
    return [
        reverse("examinations:reading", args=[sid]),
        reverse("examinations:reading", args=[sid]) + "?q=shared",
        reverse("examinations:pdf", args=[sid]),
        reverse("examinations:result", args=[sid]),
        reverse("examinations:assess", args=[sid]),
        reverse("examinations:entry_changes", args=[sid, 0]),
    ]


def statuses(client, urls) -> dict[str, int]:
    return {url: client.get(url).status_code for url in urls}


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    from tests.security.crawl import pdf_as_html

    pdf_as_html(monkeypatch)


@pytest.mark.django_db
class TestMentorReplaced:
    def change_mentor(self, world, to):
        response = signed_in(world.cast.coordinator).post(
            reverse("coordinator:enrolment_mentor", args=[world.cast.enrolment.pk]),
            {"mentor": to.pk if to else ""},
        )
        assert response.status_code == 302, response.content.decode()[:500]

    def test_the_former_mentor_gets_404_on_the_next_request(self, planted):
        mentor = signed_in(planted.cast.mentor)
        urls = mentor_pages(planted)
        assert set(statuses(mentor, urls).values()) == {200}

        self.change_mentor(planted, planted.cast.mentor2)

        assert statuses(mentor, urls) == dict.fromkeys(urls, 404)

    def test_the_former_mentor_can_no_longer_comment_or_resolve(self, planted):
        mentor = signed_in(planted.cast.mentor)
        mentor.get(reverse("mentors:entry_review", args=[planted.shared.public_id]))

        self.change_mentor(planted, planted.cast.mentor2)
        posted = mentor.post(
            reverse("mentors:comment_create", args=[planted.shared.public_id]), {"body": "Still?"}
        )
        resolved = mentor.post(reverse("mentors:thread_resolve", args=[planted.comment.public_id]))

        assert posted.status_code == 404
        assert resolved.status_code == 404
        assert not planted.shared.comments.filter(body="Still?").exists()

    def test_the_dashboard_no_longer_lists_the_mentee(self, planted):
        mentor = signed_in(planted.cast.mentor)
        name = planted.cast.candidate.full_name
        assert name in mentor.get(reverse("mentors:dashboard")).content.decode()

        self.change_mentor(planted, planted.cast.mentor2)

        assert name not in mentor.get(reverse("mentors:dashboard")).content.decode()

    def test_the_new_mentor_reads_at_once(self, planted):
        new = signed_in(planted.cast.mentor2)
        review = reverse("mentors:entry_review", args=[planted.shared.public_id])
        assert new.get(review).status_code == 404

        self.change_mentor(planted, planted.cast.mentor2)

        assert new.get(review).status_code == 200

    def test_removing_the_mentor_revokes_too(self, planted):
        mentor = signed_in(planted.cast.mentor)
        urls = mentor_pages(planted)
        statuses(mentor, urls)

        self.change_mentor(planted, None)

        assert statuses(mentor, urls) == dict.fromkeys(urls, 404)


@pytest.mark.django_db
class TestExaminerUnassigned:
    def unassign(self, world):
        response = signed_in(world.cast.coordinator).post(
            reverse(
                "examinations:examiner_unassign",
                args=[world.submission.public_id, world.cast.examiner.pk],
            )
        )
        assert response.status_code == 302

    def test_the_examiner_gets_404_on_the_next_request(self, planted):
        examiner = signed_in(planted.cast.examiner)
        urls = examiner_pages(planted)
        assert set(statuses(examiner, urls).values()) == {200}

        self.unassign(planted)

        assert statuses(examiner, urls) == dict.fromkeys(urls, 404)

    def test_an_assessment_posted_after_unassignment_is_refused(self, planted):
        examiner = signed_in(planted.cast.examiner)
        assess = reverse("examinations:assess", args=[planted.submission.public_id])
        examiner.get(assess)

        self.unassign(planted)
        response = examiner.post(
            assess, {"outcome": "accredited", "mark": "70", "feedback": "Late words."}
        )

        assert response.status_code == 404
        assert not planted.submission.assessments.exists()

    def test_the_queue_no_longer_lists_the_submission(self, planted):
        examiner = signed_in(planted.cast.examiner)
        reading = reverse("examinations:reading", args=[planted.submission.public_id])
        assert reading in examiner.get(reverse("examinations:home")).content.decode()

        self.unassign(planted)

        assert reading not in examiner.get(reverse("examinations:home")).content.decode()
