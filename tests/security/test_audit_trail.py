"""The audit trail (issue 6, item 6): who read another person's logbook,
who submitted, assigned, assessed, decided, exported, changed a mentor or
roles, and when; append-only in PostgreSQL; filterable by coordinators;
shown to each candidate as "who has read my logbook".

Also recorded, and tested where the action is: restoring an earlier version
(tests/security/test_history.py), closing an account
(tests/security/test_personal_data.py) and research consent
(tests/research/test_personal_data.py).
"""

import datetime
from types import SimpleNamespace

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pbas_logbook.models import AuditAction, AuditEvent
from records import audit
from tests.examinations.conftest import marks_for
from tests.security.crawl import pdf_as_html

A = AuditAction


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="accounts.backends.EmailBackend")
    return client


def events(**lookup):
    return list(AuditEvent.objects.filter(**lookup))


@pytest.fixture(autouse=True)
def fast_pdf(monkeypatch):
    pdf_as_html(monkeypatch)


@pytest.mark.django_db
class TestEachActionIsRecordedOnce:
    def test_the_whole_examination_story(self, planted):
        c = planted.cast
        sid = planted.submission.public_id
        candidate, mentor = signed_in(c.candidate), signed_in(c.mentor)
        examiner, coordinator = signed_in(c.examiner), signed_in(c.coordinator)

        mentor.get(reverse("mentors:mentee_logbook", args=[c.enrolment.pk]))
        examiner.get(reverse("examinations:reading", args=[sid]))
        examiner.get(reverse("examinations:pdf", args=[sid]))
        candidate.get(reverse("entries:export_markdown"))
        candidate.get(reverse("my_data_json"))
        marks = marks_for(planted.submission, 70)
        examiner.post(
            reverse("examinations:assess", args=[sid]),
            # issue 12: a mark per criterion of the cohort's sheet (total 70).
            {
                "outcome": "accredited",
                "feedback": "Clear reflection.",
                **{f"mark_{key}": str(mark) for key, mark in marks.items()},
            },
        )
        coordinator.post(
            reverse("examinations:submission_manage", args=[sid]), {"examiner": c.examiner2.pk}
        )
        coordinator.post(reverse("examinations:examiner_unassign", args=[sid, c.examiner2.pk]))
        coordinator.post(
            reverse("examinations:decision_record", args=[sid]),
            {"outcome": "accredited", "mark": "71", "feedback": ""},
        )
        coordinator.post(
            reverse("coordinator:enrolment_mentor", args=[c.enrolment.pk]), {"mentor": c.mentor2.pk}
        )
        coordinator.post(
            reverse("coordinator:person_detail", args=[c.stranger.pk]),
            {"full_name": c.stranger.full_name, "is_examiner": "on", "is_active": "on"},
        )

        expected = [
            (A.READ_LOGBOOK, c.mentor, c.candidate, "mentor"),
            (A.READ_SUBMISSION, c.examiner, c.candidate, "examiner"),
            (A.DOWNLOADED_PDF, c.examiner, c.candidate, "examiner"),
            (A.SUBMITTED, c.candidate, c.candidate, "candidate"),
            (A.EXAMINER_ASSIGNED, c.coordinator, c.candidate, "coordinator"),
            (A.EXAMINER_UNASSIGNED, c.coordinator, c.candidate, "coordinator"),
            (A.ASSESSED, c.examiner, c.candidate, "examiner"),
            (A.DECIDED, c.coordinator, c.candidate, "coordinator"),
            (A.MENTOR_CHANGED, c.coordinator, c.candidate, "coordinator"),
            (A.ROLES_CHANGED, c.coordinator, c.stranger, "coordinator"),
        ]
        for action, actor, subject, role in expected:
            found = events(action=action, actor=actor)
            if action == A.EXAMINER_ASSIGNED:
                assert len(found) == 2  # cast.examiner when planted, examiner2 here
            else:
                assert len(found) == 1, (action, found)
            assert {(e.subject_id, e.actor_role) for e in found} == {(subject.pk, role)}, action
            assert found[0].actor_name == actor.full_name
            assert found[0].subject_name == subject.full_name
        exports = events(action=A.EXPORTED, actor=c.candidate, subject=c.candidate)
        assert sorted(e.detail for e in exports) == ["all personal data (JSON)", "md"]
        assert events(action=A.MENTOR_CHANGED)[0].detail == f"{c.mentor} → {c.mentor2}"
        assert events(action=A.ROLES_CHANGED)[0].detail == "examiner=True"

    def test_the_owner_reading_their_own_logbook_is_not_recorded(self, planted):
        candidate = signed_in(planted.cast.candidate)
        candidate.get(reverse("mentors:entry_review", args=[planted.shared.public_id]))
        candidate.get(reverse("examinations:reading", args=[planted.submission.public_id]))

        assert not events(actor=planted.cast.candidate, action__startswith="read")

    def test_a_page_refused_with_404_records_nothing(self, planted):
        other = signed_in(planted.cast.mentor2)
        other.get(reverse("mentors:mentee_logbook", args=[planted.cast.enrolment.pk]))
        other.get(reverse("examinations:reading", args=[planted.submission.public_id]))

        assert not events(actor=planted.cast.mentor2)


@pytest.mark.django_db
class TestReadsAreRecordedOncePerHalfHour:
    def test_paging_through_a_logbook_leaves_one_line(self, planted):
        mentor = signed_in(planted.cast.mentor)
        for url in (
            reverse("mentors:mentee_logbook", args=[planted.cast.enrolment.pk]),
            reverse("mentors:entry_review", args=[planted.shared.public_id]),
            reverse("mentors:mentee_heading", args=[planted.cast.enrolment.pk]) + "?heading=Issues",
            reverse("mentors:entry_review", args=[planted.shared.public_id]),
        ):
            assert mentor.get(url).status_code == 200

        assert len(events(action=A.READ_LOGBOOK, actor=planted.cast.mentor)) == 1

    def test_a_read_31_minutes_later_is_a_new_line(self, planted, monkeypatch):
        mentor = signed_in(planted.cast.mentor)
        url = reverse("mentors:mentee_logbook", args=[planted.cast.enrolment.pk])
        mentor.get(url)
        later = timezone.now() + datetime.timedelta(minutes=31)
        # The audit module's clock only: the session's own clock stays, or
        # the session would have expired after 30 idle minutes.
        monkeypatch.setattr(audit, "timezone", SimpleNamespace(now=lambda: later))

        mentor.get(url)
        mentor.get(url)

        assert len(events(action=A.READ_LOGBOOK, actor=planted.cast.mentor)) == 2

    def test_downloads_are_each_recorded(self, planted):
        examiner = signed_in(planted.cast.examiner)
        for _ in range(2):
            examiner.get(reverse("examinations:pdf", args=[planted.submission.public_id]))

        assert len(events(action=A.DOWNLOADED_PDF)) == 2

    def test_readers_of_two_logbooks_get_a_line_each(self, planted):
        mentor = signed_in(planted.cast.mentor)
        planted.cast.enrolment2.mentor = planted.cast.mentor
        planted.cast.enrolment2.save()
        for enrolment in (planted.cast.enrolment, planted.cast.enrolment2):
            mentor.get(reverse("mentors:mentee_logbook", args=[enrolment.pk]))

        subjects = {e.subject_id for e in events(action=A.READ_LOGBOOK)}
        assert subjects == {planted.cast.candidate.pk, planted.cast.candidate2.pk}


@pytest.mark.django_db
class TestAppendOnly:
    @pytest.fixture
    def event(self, cast):
        return audit.record(actor=cast.coordinator, action=A.ROLES_CHANGED, subject=cast.stranger)

    @pytest.mark.parametrize(
        "sql",
        [
            "UPDATE pbas_logbook_auditevent SET detail = 'rewritten'",
            "UPDATE pbas_logbook_auditevent SET created_at = now() - interval '1 year'",
            "DELETE FROM pbas_logbook_auditevent",
        ],
    )
    def test_raw_sql_cannot_change_or_delete_it(self, event, sql):
        with (
            pytest.raises(IntegrityError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)

        assert AuditEvent.objects.get(pk=event.pk).detail == event.detail

    def test_nor_can_the_orm_or_the_admin(self, event):
        with pytest.raises(IntegrityError), transaction.atomic():
            AuditEvent.objects.filter(pk=event.pk).update(detail="x")
        with pytest.raises(IntegrityError), transaction.atomic():
            event.delete()

        assert AuditEvent.objects.filter(pk=event.pk).exists()

    def test_adding_still_works(self, event, cast):
        audit.record(actor=cast.coordinator, action=A.ROLES_CHANGED, subject=cast.mentor)

        assert AuditEvent.objects.count() == 2


@pytest.mark.django_db
class TestTheCoordinatorsPage:
    @pytest.fixture
    def trail(self, cast):
        old = timezone.now() - datetime.timedelta(days=10)
        AuditEvent.objects.create(
            created_at=old,
            actor=cast.mentor,
            actor_name="Mo Mentor",
            action=A.READ_LOGBOOK,
            subject=cast.candidate,
            subject_name="Cat Candidate",
        )
        audit.record(actor=cast.coordinator, action=A.MENTOR_CHANGED, subject=cast.candidate2)
        audit.record(actor=cast.examiner, action=A.READ_SUBMISSION, subject=cast.candidate)
        return old

    def rows(self, cast, **query):
        response = signed_in(cast.coordinator).get(reverse("coordinator:audit_trail"), query)
        assert response.status_code == 200
        return [(e.action, e.subject_id) for e in response.context["page"]], response

    def test_lists_everything_newest_first(self, cast, trail):
        rows, _ = self.rows(cast)

        assert rows == [
            (A.READ_SUBMISSION, cast.candidate.pk),
            (A.MENTOR_CHANGED, cast.candidate2.pk),
            (A.READ_LOGBOOK, cast.candidate.pk),
        ]

    def test_filters_by_action(self, cast, trail):
        rows, _ = self.rows(cast, action=A.MENTOR_CHANGED)

        assert rows == [(A.MENTOR_CHANGED, cast.candidate2.pk)]

    def test_filters_by_person_who_acted_or_whose(self, cast, trail):
        assert len(self.rows(cast, person="cat cand")[0]) == 2
        assert self.rows(cast, person="Mo Mentor")[0] == [(A.READ_LOGBOOK, cast.candidate.pk)]

    def test_filters_by_dates(self, cast, trail):
        day = timezone.localdate(trail).isoformat()

        assert self.rows(cast, date_to=day)[0] == [(A.READ_LOGBOOK, cast.candidate.pk)]
        assert len(self.rows(cast, date_from=timezone.localdate().isoformat())[0]) == 2

    def test_a_bad_date_is_a_clear_message(self, cast, trail):
        rows, response = self.rows(cast, date_from="last tuesday")

        assert len(rows) == 3
        said = "“last tuesday” is not a date (use YYYY-MM-DD); the list below ignores it."
        assert said in response.content.decode()

    @pytest.mark.parametrize(
        "role", ["candidate", "mentor", "examiner", "stranger", "researcher", "candidate2"]
    )
    def test_anyone_else_gets_403(self, cast, role):
        response = signed_in(getattr(cast, role)).get(reverse("coordinator:audit_trail"))

        assert response.status_code == 403


@pytest.mark.django_db
class TestWhoHasReadMyLogbook:
    def test_shows_the_mentors_and_examiners_reads_and_nobody_elses_events(self, planted):
        c = planted.cast
        signed_in(c.mentor).get(reverse("mentors:mentee_logbook", args=[c.enrolment.pk]))
        signed_in(c.examiner).get(
            reverse("examinations:reading", args=[planted.submission.public_id])
        )
        signed_in(c.mentor2).get(reverse("mentors:mentee_logbook", args=[c.enrolment2.pk]))
        signed_in(c.candidate).get(reverse("entries:export_markdown"))

        response = signed_in(c.candidate).get(reverse("entries:readers"))

        shown = [(line.who, line.what) for line in response.context["lines"]]
        assert (c.mentor.full_name, "Read the logbook") in shown
        # Before the decision the examination is one line naming nobody
        # (issue 11, item 1; tests/entries/test_readers.py).
        assert ("", audit.WITH_THE_EXAMINERS) in shown
        assert len(shown) == 2
        page = response.content.decode()
        assert c.examiner.full_name not in page
        assert c.mentor.full_name in page
        assert c.mentor2.full_name not in page
        assert c.candidate2.full_name not in page

    def test_the_other_candidate_sees_only_theirs(self, planted):
        c = planted.cast
        signed_in(c.mentor).get(reverse("mentors:mentee_logbook", args=[c.enrolment.pk]))
        signed_in(c.mentor2).get(reverse("mentors:mentee_logbook", args=[c.enrolment2.pk]))

        response = signed_in(c.candidate2).get(reverse("entries:readers"))

        assert [line.who for line in response.context["lines"]] == [c.mentor2.full_name]
