"""Notifications: in-app notices with a bell, emails after commit (immediate,
daily digest or none), and emails that never carry logbook text."""

import logging
import smtplib
import uuid

import pytest
from django.conf import settings
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from mentors.models import Comment
from notifications.notices import notify, send_daily_digests
from pbas_logbook.models import (
    EmailFrequency,
    Notification,
    NotificationKind,
    NotificationPreference,
)
from tests.mentors.conftest import comment, text, write

pytestmark = pytest.mark.django_db

# Unique words that must never leave the app in an email.
ENTRY_MARKER = "Zanzibarquokka"
COMMENT_MARKER = "Quillowmarsh"


class FailingMailServer(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPException("Connection refused by the test")


def create_url(entry):
    return reverse("mentors:comment_create", args=[entry.public_id])


def post_comment(client, entry, body, **extra):
    return client.post(create_url(entry), {"body": body, "form_token": str(uuid.uuid4()), **extra})


def everything_in(message) -> str:
    """Subject, text and HTML of an email, for "never contains" checks."""
    return "\n".join([message.subject, message.body, *(c for c, _ in message.alternatives)])


def prefer(user, frequency):
    NotificationPreference.objects.update_or_create(
        user=user, defaults={"email_frequency": frequency}
    )


@pytest.fixture
def entry(cast, django_capture_on_commit_callbacks):
    """A shared entry whose sharing notices have already gone out."""
    with django_capture_on_commit_callbacks(execute=True):
        shared = write(
            cast.enrolment,
            3,
            title=f"The {ENTRY_MARKER} meeting",
            bodies=[f"{ENTRY_MARKER} partners argued.", "", "", "", ""],
        )
    mail.outbox.clear()
    return shared


class TestWhoIsNotified:
    def test_sharing_an_entry_notifies_the_mentor_after_commit(
        self, cast, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=False):
            write(cast.enrolment, 3)
        before_commit = Notification.objects.count()

        with django_capture_on_commit_callbacks(execute=True):
            write(cast.enrolment, 4)

        assert before_commit == 0
        (notice,) = Notification.objects.all()
        assert (notice.recipient, notice.actor, notice.kind) == (
            cast.mentor,
            cast.candidate,
            NotificationKind.ENTRY_SHARED,
        )
        assert notice.message == "Cat Candidate shared week 4 of their logbook"

    def test_sharing_sends_the_mentor_one_email(self, cast, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            entry = write(cast.enrolment, 3)

        (email,) = mail.outbox
        assert email.to == [cast.mentor.email]
        review = reverse("mentors:entry_review", args=[entry.public_id])
        assert settings.SITE_URL + review in email.body
        assert Notification.objects.get(recipient=cast.mentor).emailed_at is not None

    def test_a_draft_notifies_nobody(self, cast, django_capture_on_commit_callbacks):
        with django_capture_on_commit_callbacks(execute=True):
            write(cast.enrolment, 3, share=False)

        assert Notification.objects.count() == 0
        assert mail.outbox == []

    def test_a_mentor_comment_notifies_the_candidate(
        self, cast, client_for, entry, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            post_comment(client_for(cast.mentor), entry, f"Why {COMMENT_MARKER}?")

        notice = Notification.objects.get(recipient=cast.candidate)
        posted = Comment.objects.get()
        assert notice.kind == NotificationKind.COMMENT
        assert notice.message == "Mo Mentor commented on week 3 of your logbook"
        assert notice.url.endswith(f"#comment-{posted.public_id}")
        (email,) = mail.outbox
        assert email.to == [cast.candidate.email]

    def test_a_candidate_reply_notifies_the_mentor(
        self, cast, client_for, entry, django_capture_on_commit_callbacks
    ):
        question = comment(entry, cast.mentor)
        Notification.objects.all().delete()

        with django_capture_on_commit_callbacks(execute=True):
            post_comment(
                client_for(cast.candidate),
                entry,
                f"Because {COMMENT_MARKER}.",
                parent=str(question.public_id),
            )

        (notice,) = Notification.objects.all()
        assert (notice.recipient, notice.kind) == (cast.mentor, NotificationKind.REPLY)
        assert notice.message == ("Cat Candidate replied to a comment on week 3 of their logbook")
        (email,) = mail.outbox
        assert email.to == [cast.mentor.email]

    def test_marking_reviewed_notifies_the_candidate(
        self, cast, client_for, entry, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            client_for(cast.mentor).post(reverse("mentors:entry_reviewed", args=[entry.public_id]))

        notice = Notification.objects.get(recipient=cast.candidate)
        assert notice.kind == NotificationKind.REVIEWED
        assert len(mail.outbox) == 1

    def test_nobody_is_notified_of_their_own_action(self, cast):
        assert (
            notify(recipient=cast.mentor, actor=cast.mentor, kind="comment", message="x", url="/")
            is None
        )
        assert Notification.objects.count() == 0


class TestEmailContent:
    def test_emails_carry_no_entry_or_comment_text(
        self, cast, client_for, entry, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            write(cast.enrolment, 4, title=f"More {ENTRY_MARKER}")
            post_comment(client_for(cast.mentor), entry, f"What about {COMMENT_MARKER}?")
            post_comment(client_for(cast.candidate), entry, f"The {COMMENT_MARKER} again.")

        assert len(mail.outbox) == 3
        for email in mail.outbox:
            everything = everything_in(email)
            assert ENTRY_MARKER not in everything
            assert COMMENT_MARKER not in everything
            assert settings.SITE_URL + "/conversations/" in email.body
            assert settings.SITE_URL + "/conversations/" in email.alternatives[0][0]

    def test_the_subject_reads_as_plain_text(
        self, cast, client_for, entry, django_capture_on_commit_callbacks
    ):
        cast.candidate.full_name = "Aoife O'Neill & Co"
        cast.candidate.save()

        with django_capture_on_commit_callbacks(execute=True):
            post_comment(client_for(cast.candidate), entry, "A note for my mentor")

        (email,) = mail.outbox
        assert email.subject == (
            "PBAS Logbook: Aoife O'Neill & Co commented on week 3 of their logbook"
        )

    def test_names_are_escaped_in_the_html_email(
        self, cast, client_for, entry, django_capture_on_commit_callbacks
    ):
        cast.candidate.full_name = "Cat <b>Candidate</b>"
        cast.candidate.save()

        with django_capture_on_commit_callbacks(execute=True):
            post_comment(client_for(cast.candidate), entry, "A note for my mentor")

        (email,) = mail.outbox
        assert "<b>Candidate</b>" not in email.alternatives[0][0]
        assert "Cat <b>Candidate</b> commented" in email.body  # plain text, shown as typed


class TestEmailPreferences:
    def test_none_keeps_the_notice_in_the_app_only(
        self, cast, client_for, entry, django_capture_on_commit_callbacks
    ):
        prefer(cast.candidate, EmailFrequency.NONE)

        with django_capture_on_commit_callbacks(execute=True):
            post_comment(client_for(cast.mentor), entry, "A question")
        digests = send_daily_digests()

        assert Notification.objects.filter(recipient=cast.candidate).count() == 1
        assert mail.outbox == []
        assert digests == 0

    def test_daily_sends_one_digest_and_a_second_run_nothing(
        self, cast, client_for, entry, django_capture_on_commit_callbacks
    ):
        prefer(cast.candidate, EmailFrequency.DAILY)
        client = client_for(cast.mentor)
        with django_capture_on_commit_callbacks(execute=True):
            post_comment(client, entry, f"First {COMMENT_MARKER}")
            post_comment(client, entry, "Second question")
        assert mail.outbox == []

        first_run = send_daily_digests()
        second_run = send_daily_digests()

        assert (first_run, second_run) == (1, 0)
        (digest,) = mail.outbox
        assert digest.to == [cast.candidate.email]
        assert digest.subject == "PBAS Logbook: 2 new notices today"
        assert digest.body.count("Mo Mentor commented on week 3 of your logbook") == 2
        assert settings.SITE_URL + "/conversations/" in digest.body
        assert COMMENT_MARKER not in everything_in(digest)
        assert ENTRY_MARKER not in everything_in(digest)

    def test_the_digest_leaves_out_notices_already_read(
        self, cast, client_for, entry, django_capture_on_commit_callbacks
    ):
        prefer(cast.candidate, EmailFrequency.DAILY)
        with django_capture_on_commit_callbacks(execute=True):
            post_comment(client_for(cast.mentor), entry, "A question")
        client_for(cast.candidate).post(reverse("notification_read_all"))

        assert send_daily_digests() == 0
        assert mail.outbox == []

    def test_the_preference_is_saved_from_the_notifications_page(self, cast, client_for):
        client = client_for(cast.candidate)

        response = client.post(
            reverse("notification_preferences"), {"email_frequency": "daily"}, follow=True
        )

        assert NotificationPreference.objects.get(user=cast.candidate).email_frequency == "daily"
        assert "Email preference saved." in text(response)

    def test_an_unknown_preference_is_refused_clearly(self, cast, client_for):
        response = client_for(cast.candidate).post(
            reverse("notification_preferences"), {"email_frequency": "hourly"}, follow=True
        )

        assert not NotificationPreference.objects.filter(user=cast.candidate).exists()
        assert "Choose one of the listed options." in text(response)


class TestFailingMailServer:
    def test_a_failing_mail_server_does_not_fail_the_comment_and_is_logged(
        self, cast, client_for, entry, settings, caplog, django_capture_on_commit_callbacks
    ):
        settings.EMAIL_BACKEND = f"{__name__}.FailingMailServer"

        with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
            response = post_comment(client_for(cast.mentor), entry, "Still posted")

        assert response.status_code == 302
        assert Comment.objects.filter(body="Still posted").exists()
        notice = Notification.objects.get(recipient=cast.candidate)
        assert notice.emailed_at is None
        assert any("Could not send" in r.getMessage() and r.exc_info for r in caplog.records), (
            caplog.text
        )

    def test_a_failing_digest_is_tried_again_next_time(
        self, cast, client_for, entry, settings, django_capture_on_commit_callbacks
    ):
        prefer(cast.candidate, EmailFrequency.DAILY)
        with django_capture_on_commit_callbacks(execute=True):
            post_comment(client_for(cast.mentor), entry, "A question")
        settings.EMAIL_BACKEND = f"{__name__}.FailingMailServer"
        assert send_daily_digests() == 0

        settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"

        assert send_daily_digests() == 1


class TestNotificationPages:
    def test_the_bell_shows_the_unread_count(self, cast, client_for, entry):
        comment(entry, cast.mentor, "One")
        comment(entry, cast.mentor, "Two")

        page = text(client_for(cast.candidate).get(reverse("entries:home")))

        assert "Notifications 2 unread" in page

    def test_the_list_shows_notices_newest_first(self, cast, client_for, entry):
        comment(entry, cast.mentor, "One")
        client_for(cast.mentor).post(reverse("mentors:entry_reviewed", args=[entry.public_id]))

        page = text(client_for(cast.candidate).get(reverse("notifications")))

        assert page.index("marked week 3 of your logbook as reviewed") < page.index(
            "commented on week 3 of your logbook"
        )
        assert "Mark all as read" in page

    def test_opening_a_notice_marks_it_read_and_goes_to_its_page(self, cast, client_for, entry):
        posted = comment(entry, cast.mentor)
        notice = Notification.objects.get(recipient=cast.candidate)

        response = client_for(cast.candidate).post(reverse("notification_open", args=[notice.pk]))

        notice.refresh_from_db()
        assert notice.read_at is not None
        assert response.status_code == 302
        assert response["Location"] == (
            reverse("mentors:entry_review", args=[entry.public_id]) + f"#comment-{posted.public_id}"
        )

    def test_another_persons_notice_is_404(self, cast, client_for, entry):
        comment(entry, cast.mentor)
        notice = Notification.objects.get(recipient=cast.candidate)

        for person in (cast.mentor, cast.candidate2, cast.stranger):
            response = client_for(person).post(reverse("notification_open", args=[notice.pk]))
            assert response.status_code == 404
        notice.refresh_from_db()
        assert notice.read_at is None

    def test_mark_all_read(self, cast, client_for, entry):
        comment(entry, cast.mentor, "One")
        comment(entry, cast.mentor, "Two")
        comment(entry, cast.candidate, "Mine")  # notifies the mentor
        client = client_for(cast.candidate)

        response = client.post(reverse("notification_read_all"), follow=True)

        assert not Notification.objects.filter(recipient=cast.candidate, read_at=None).exists()
        assert Notification.objects.filter(recipient=cast.mentor, read_at=None).exists()
        assert "All notifications marked as read." in text(response)
        assert "unread" not in text(response)

    @pytest.mark.parametrize(
        ("reader", "writer"), [("candidate", "mentor"), ("mentor", "candidate")]
    )
    def test_opening_the_conversation_marks_its_notices_read(
        self, cast, client_for, entry, reader, writer
    ):
        comment(entry, getattr(cast, writer), "On this entry")
        other = write(cast.enrolment, 4)
        comment(other, getattr(cast, writer), "On another entry")

        page = text(
            client_for(getattr(cast, reader)).get(
                reverse("mentors:entry_review", args=[entry.public_id])
            )
        )

        unread = Notification.objects.filter(recipient=getattr(cast, reader), read_at=None)
        (still_unread,) = unread
        assert still_unread.url.startswith(reverse("mentors:entry_review", args=[other.public_id]))
        assert "Notifications 1 unread" in page

    def test_someone_with_no_notices_sees_an_empty_list(self, cast, client_for):
        page = text(client_for(cast.stranger).get(reverse("notifications")))

        assert "No notifications yet." in page
        assert "Mark all as read" not in page


class TestANoticeWhosePageNoLongerOpens:
    """Issue 11, item 10: the mentor's "entry shared" notice of an entry later
    made private (or moved to the bin, or of a mentee moved to another
    mentor) says it is no longer shared, offers no link to a 404, and the
    old address tells its mentor why; for anyone else a 404 stays a 404."""

    @pytest.fixture
    def unshared(self, cast, entry):
        from entries.services import entry_unshare

        entry_unshare(entry=entry)
        return entry

    def test_the_list_says_no_longer_shared_and_offers_no_link(self, cast, client_for, unshared):
        notice = Notification.objects.get(recipient=cast.mentor)

        response = client_for(cast.mentor).get(reverse("notifications"))

        page = text(response)
        assert "shared week 3 of their logbook" in page
        assert "The entry is no longer shared with you" in page
        assert reverse("notification_open", args=[notice.pk]) not in response.content.decode()

    def test_a_shared_entry_keeps_its_link(self, cast, client_for, entry):
        notice = Notification.objects.get(recipient=cast.mentor)

        response = client_for(cast.mentor).get(reverse("notifications"))

        assert reverse("notification_open", args=[notice.pk]) in response.content.decode()
        assert "no longer shared" not in text(response)

    def test_an_entry_in_the_bin_is_no_longer_shared_either(self, cast, client_for, entry):
        from entries.services import entry_delete

        entry_delete(entry=entry)

        assert "The entry is no longer shared with you" in text(
            client_for(cast.mentor).get(reverse("notifications"))
        )

    def test_a_mentor_replaced_meets_no_dead_link(self, cast, client_for, entry):
        from programme import services as core

        core.enrolment_assign_mentor(
            enrolment=cast.enrolment, mentor=cast.mentor2, by=cast.coordinator
        )

        assert "The entry is no longer shared with you" in text(
            client_for(cast.mentor).get(reverse("notifications"))
        )

    def test_opening_the_old_notice_comes_back_to_the_list_saying_why(
        self, cast, client_for, unshared
    ):
        notice = Notification.objects.get(recipient=cast.mentor)

        response = client_for(cast.mentor).post(
            reverse("notification_open", args=[notice.pk]), follow=True
        )

        assert response.redirect_chain == [(reverse("notifications"), 302)]
        assert "The entry is no longer shared with you" in text(response)

    def test_the_old_address_answers_like_a_missing_page_and_points_to_the_notices(
        self, cast, client_for, unshared
    ):
        """The emailed link: the 404 says nothing about this entry (to the
        mentor or anyone else it is the same as for an entry that never
        existed) and sends the person to their notices, which say why."""
        import re

        csrf = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]+(")')
        missing = reverse("mentors:entry_review", args=[uuid.uuid4()])
        for person in (cast.mentor, cast.mentor2, cast.stranger, cast.examiner):
            client = client_for(person)
            theirs = client.get(reverse("mentors:entry_review", args=[unshared.public_id]))
            nothing = client.get(missing)
            assert theirs.status_code == nothing.status_code == 404
            assert csrf.sub("-", theirs.content.decode()) == csrf.sub("-", nothing.content.decode())
            assert "Your notifications say which of them no longer open" in text(theirs)

    def test_the_candidates_own_notice_says_the_entry_is_private_or_in_the_bin(
        self, cast, client_for, entry
    ):
        from entries.services import entry_unshare
        from mentors.services import entry_mark_reviewed

        entry_mark_reviewed(entry=entry, by=cast.mentor)  # the candidate is told
        entry_unshare(entry=entry)

        page = text(client_for(cast.candidate).get(reverse("notifications")))

        assert "marked week 3 of your logbook as reviewed" in page
        assert "The entry is no longer shared: it is private or in the bin" in page

    def test_the_list_costs_one_query_per_kind_of_link(self, cast, client_for, entry):
        from tests.mentors.conftest import queries_for

        for week in range(4, 9):
            write(cast.enrolment, week)
        few = queries_for(client_for(cast.mentor), reverse("notifications"))
        for week in range(9, 15):
            write(cast.enrolment, week)

        assert queries_for(client_for(cast.mentor), reverse("notifications")) == few

    def test_once_listed_a_closed_notice_no_longer_counts_as_unread(
        self, cast, client_for, unshared
    ):
        client = client_for(cast.mentor)

        first = text(client.get(reverse("notifications")))
        second = text(client.get(reverse("notifications")))

        assert "New" in first
        assert "unread" not in second
        assert not Notification.objects.filter(recipient=cast.mentor, read_at=None).exists()

    def test_an_examiner_removed_from_a_submission_meets_no_dead_link(
        self, cast, client_for, entry
    ):
        from examinations import services as exam
        from tests.examinations.conftest import submit, write_paper

        write_paper(cast.enrolment)
        submission = submit(cast.enrolment)
        exam.examiner_assign(submission=submission, examiner=cast.examiner, by=cast.coordinator)
        before = text(client_for(cast.examiner).get(reverse("notifications")))
        exam.examiner_unassign(submission=submission, examiner=cast.examiner, by=cast.coordinator)

        after = text(client_for(cast.examiner).get(reverse("notifications")))

        assert "asked to examine" in before and "no longer open to you" not in before
        assert "This submission is no longer open to you" in after
