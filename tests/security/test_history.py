"""Nothing lost (issue 6, item 7): every save keeps the text it replaced,
at the database level; earlier versions can be read and restored; deleting
is a soft delete for 30 days, then a purge removes the entry and its history.
"""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from entries.history import entry_versions
from entries.models import Entry, EntrySection
from entries.services import headings_apply_preset
from examinations.models import FinalPaper
from mentors.services import comment_post
from pbas_logbook.models import AuditAction, AuditEvent, TextRevision
from tests.security.conftest import HEADINGS, marker, write


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="accounts.backends.EmailBackend")
    return client


def revisions(table, row_id):
    return list(TextRevision.objects.filter(table_name=table, row_id=row_id).order_by("id"))


def save_through_editor(client, entry, *, title, first_section):
    entry = Entry.objects.get(pk=entry.pk)
    data = {
        "week": str(entry.week),
        "title": title,
        "aims": entry.aims,
        "version": str(entry.version),
        "other_tools": "",
    }
    for index, section in enumerate(entry.sections.all()):
        data[f"section_{index}"] = first_section if index == 0 else section.body
    response = client.post(reverse("entries:entry_edit", args=[entry.public_id]), data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def logbook(cast):
    headings_apply_preset(enrolment=cast.enrolment, key="short")
    return cast


@pytest.mark.django_db
class TestTheDatabaseKeepsEveryEarlierText:
    def test_a_raw_sql_update_of_a_section_is_captured(self, logbook):
        entry = write(logbook.enrolment, 1, "The first words", share=False)
        section = entry.sections.first()

        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE entries_entrysection SET body = 'rewritten by hand' WHERE id = %s",
                [section.pk],
            )

        [kept] = revisions("entries_entrysection", section.pk)
        assert kept.operation == "UPDATE"
        assert kept.old_row["body"] == "The first words under heading 0"

    def test_a_bulk_update_and_a_raw_delete_are_captured(self, logbook):
        entry = write(logbook.enrolment, 1, "Bulk", share=False)
        EntrySection.objects.filter(entry=entry).update(body="all the same")
        section = entry.sections.last()
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM entries_entrysection WHERE id = %s", [section.pk])

        kept = revisions("entries_entrysection", section.pk)
        assert [r.operation for r in kept] == ["UPDATE", "DELETE"]
        assert kept[0].old_row["body"] == "Bulk under heading 4"
        assert kept[1].old_row["body"] == "all the same"
        assert TextRevision.objects.filter(operation="UPDATE").count() == len(HEADINGS)

    def test_entry_title_and_aims_are_captured_other_columns_are_not(self, logbook):
        entry = write(logbook.enrolment, 1, "Aimed", share=True, title="Old title")
        Entry.objects.filter(pk=entry.pk).update(reviewed_at=timezone.now(), comment_count=3)
        assert revisions("entries_entry", entry.pk) == []

        Entry.objects.filter(pk=entry.pk).update(title="New title")

        [kept] = revisions("entries_entry", entry.pk)
        assert kept.old_row["title"] == "Old title"
        assert kept.old_row["aims"] == "Aims: Aimed"

    def test_a_comment_edit_is_captured(self, logbook):
        entry = write(logbook.enrolment, 1, "Shared", share=True)
        comment = comment_post(entry=entry, author=logbook.mentor, body="First thought")

        response = signed_in(logbook.mentor).post(
            reverse("mentors:comment_edit", args=[comment.public_id]), {"body": "Second thought"}
        )

        assert response.status_code == 302
        [kept] = revisions("mentors_comment", comment.pk)
        assert kept.old_row["body"] == "First thought"

    def test_final_paper_edits_are_captured(self, logbook):
        client = signed_in(logbook.candidate)
        url = reverse("examinations:paper_edit")
        client.post(url, {"title": "Draft one", "body": "My first go."})
        paper = FinalPaper.objects.get()
        client.post(url, {"title": "Draft two", "body": "My second go.", "version": paper.version})
        paper.refresh_from_db()
        client.post(url, {"title": "Draft three", "body": "Third.", "version": paper.version})

        # The first save creates the row empty, then writes the text.
        kept = revisions("examinations_finalpaper", paper.pk)
        assert [(r.old_row["title"], r.old_row["body"]) for r in kept] == [
            ("", ""),
            ("Draft one", "My first go."),
            ("Draft two", "My second go."),
        ]


@pytest.mark.django_db(transaction=True)
class TestEarlierVersions:
    """Each save is its own transaction here: a version is one transaction's changes."""

    @pytest.fixture
    def edited(self, logbook):
        entry = write(logbook.enrolment, 1, "Version one", share=False, title="One")
        client = signed_in(logbook.candidate)
        save_through_editor(client, entry, title="Two", first_section="Version two")
        save_through_editor(client, entry, title="Three", first_section="Version three")
        return client, Entry.objects.get(pk=entry.pk)

    def test_the_versions_are_rebuilt_newest_first(self, edited):
        _, entry = edited

        versions = entry_versions(entry)

        assert [(v.title, v.sections[0][1]) for v in versions] == [
            ("Three", "Version three"),
            ("Two", "Version two"),
            ("One", "Version one under heading 0"),
        ]
        assert [v.number for v in versions] == [3, 2, 1]
        # Untouched sections are the same in every version.
        assert {v.sections[4][1] for v in versions} == {"Version one under heading 4"}

    def test_the_history_page_lists_them(self, edited):
        client, entry = edited

        response = client.get(reverse("entries:entry_history", args=[entry.public_id]))

        page = response.content.decode()
        assert response.status_code == 200
        assert page.count("Restore this version") == 2

    def test_restoring_makes_an_old_version_current_and_keeps_the_replaced_text(self, edited):
        client, entry = edited
        oldest = entry_versions(entry)[-1]

        response = client.post(
            reverse("entries:entry_history_restore", args=[entry.public_id]),
            {"version": oldest.key},
        )

        assert response.status_code == 302
        entry.refresh_from_db()
        assert entry.title == "One"
        assert entry.sections.first().body == "Version one under heading 0"
        titles = [v.title for v in entry_versions(entry)]
        assert titles == ["One", "Three", "Two", "One"]
        [event] = AuditEvent.objects.filter(action=AuditAction.ENTRY_RESTORED)
        assert event.actor_id == event.subject_id == entry.enrolment.candidate_id

    def test_an_unknown_version_is_a_clear_message(self, edited):
        client, entry = edited

        response = client.post(
            reverse("entries:entry_history_restore", args=[entry.public_id]),
            {"version": "1999-01-01T00:00:00+00:00"},
            follow=True,
        )

        assert "That version no longer exists" in response.content.decode()
        entry.refresh_from_db()
        assert entry.title == "Three"

    def test_another_candidate_cannot_read_or_restore_them(self, edited, logbook):
        _, entry = edited
        other = signed_in(logbook.candidate2)

        assert (
            other.get(reverse("entries:entry_history", args=[entry.public_id])).status_code == 404
        )
        restore = other.post(
            reverse("entries:entry_history_restore", args=[entry.public_id]),
            {"version": entry_versions(entry)[-1].key},
        )
        assert restore.status_code == 404


@pytest.mark.django_db
class TestTheBin:
    @pytest.fixture
    def binned(self, logbook, django_capture_on_commit_callbacks):
        mark = marker("bin")
        entry = write(logbook.enrolment, 2, f"Binned {mark}", share=True, title=f"Gone {mark}")
        write(logbook.enrolment, 1, "Another week", share=True)
        return entry, mark

    def pages(self, cast, entry):
        """Every page that shows entries, for the candidate and the mentor."""
        candidate, mentor = signed_in(cast.candidate), signed_in(cast.mentor)
        return {
            "logbook": candidate.get(reverse("entries:home")),
            "search": candidate.get(reverse("entries:search"), {"q": "binned"}),
            "heading": candidate.get(reverse("entries:heading_across"), {"heading": "Issues"}),
            "export": candidate.get(reverse("entries:export_markdown")),
            "submit": candidate.get(reverse("examinations:submit")),
            "mentee": mentor.get(reverse("mentors:mentee_logbook", args=[cast.enrolment.pk])),
            "mentee search": mentor.get(
                reverse("mentors:mentee_logbook", args=[cast.enrolment.pk]), {"q": "binned"}
            ),
            "mentee heading": mentor.get(
                reverse("mentors:mentee_heading", args=[cast.enrolment.pk]), {"heading": "Issues"}
            ),
            "dashboard": mentor.get(reverse("mentors:dashboard")),
            "review": mentor.get(reverse("mentors:entry_review", args=[entry.public_id])),
            "detail": candidate.get(reverse("entries:entry_detail", args=[entry.public_id])),
        }

    def test_a_deleted_entry_is_gone_from_every_page_and_comes_back(self, logbook, binned):
        entry, mark = binned
        before = self.pages(logbook, entry)
        assert all(
            mark in r.content.decode()
            for n, r in before.items()
            if n not in ("submit", "dashboard")
        )
        assert before["submit"].context["preview"].shared_count == 2
        client = signed_in(logbook.candidate)

        response = client.post(reverse("entries:entry_delete", args=[entry.public_id]))

        assert response.status_code == 302
        after = self.pages(logbook, entry)
        for name, page in after.items():
            assert mark not in page.content.decode(), name
        assert after["review"].status_code == after["detail"].status_code == 404
        assert after["submit"].context["preview"].shared_count == 1
        assert mark in client.get(reverse("entries:bin")).content.decode()

        client.post(reverse("entries:entry_undelete", args=[entry.public_id]))

        again = self.pages(logbook, entry)
        for name, page in again.items():
            if name not in ("submit", "dashboard"):
                assert mark in page.content.decode(), name
        assert again["submit"].context["preview"].shared_count == 2

    def test_a_submission_made_while_it_is_in_the_bin_leaves_it_out(self, logbook, binned):
        from examinations import services as exam

        entry, mark = binned
        exam.paper_save(enrolment=logbook.enrolment, title="P", body="Paper.", version=None)
        client = signed_in(logbook.candidate)
        client.post(reverse("entries:entry_delete", args=[entry.public_id]))

        submission = exam.submission_create(
            enrolment=logbook.enrolment, by=logbook.candidate, expected_version=1
        )

        assert [e.title for e in submission.entries.all()] == [""]

    def days_ago(self, entry, days):
        Entry.all_objects.filter(pk=entry.pk).update(
            deleted_at=timezone.now() - datetime.timedelta(days=days)
        )

    def test_after_30_days_it_cannot_be_restored(self, logbook, binned):
        entry, _ = binned
        self.days_ago(entry, 31)

        response = signed_in(logbook.candidate).post(
            reverse("entries:entry_undelete", args=[entry.public_id]), follow=True
        )

        assert "more than 30 days ago" in response.content.decode()
        assert Entry.all_objects.get(pk=entry.pk).deleted_at is not None

    def test_the_purge_removes_old_bin_entries_with_their_history(self, logbook, binned):
        entry, mark = binned
        kept = write(logbook.enrolment, 3, "Recently binned", share=False)
        comment = comment_post(entry=entry, author=logbook.mentor, body=f"On {mark}")
        EntrySection.objects.filter(entry=entry).update(body=f"edited {mark}")
        self.days_ago(entry, 31)
        self.days_ago(kept, 29)
        section_ids = list(entry.sections.values_list("pk", flat=True))
        assert TextRevision.objects.filter(row_id__in=section_ids).exists()

        call_command("purge_deleted_entries", stdout=io.StringIO())

        assert not Entry.all_objects.filter(pk=entry.pk).exists()
        assert not EntrySection.objects.filter(pk__in=section_ids).exists()
        assert not type(comment).objects.filter(pk=comment.pk).exists()
        leftovers = [r for r in TextRevision.objects.all() if mark in str(r.old_row)]
        assert leftovers == []
        assert Entry.all_objects.filter(pk=kept.pk).exists()

    def test_a_thread_on_a_binned_entry_is_gone_too(self, logbook, binned):
        entry, mark = binned
        thread = comment_post(entry=entry, author=logbook.candidate, body=f"Note {mark}")
        signed_in(logbook.candidate).post(reverse("entries:entry_delete", args=[entry.public_id]))
        mentor = signed_in(logbook.mentor)

        edit = mentor.get(reverse("mentors:comment_edit", args=[thread.public_id]))
        resolve = mentor.post(reverse("mentors:thread_resolve", args=[thread.public_id]))
        own = signed_in(logbook.candidate).get(
            reverse("mentors:comment_edit", args=[thread.public_id])
        )

        assert edit.status_code == resolve.status_code == own.status_code == 404
        thread.refresh_from_db()
        assert thread.resolved_at is None
