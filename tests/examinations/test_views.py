"""The candidate's examination pages through the test client: the final
paper editor, the submit page and its confirmation, the receipt, and the
live logbook after submitting."""

import pytest
from django.core import mail
from django.urls import reverse

from entries.models import Entry
from examinations.models import PAPER_MAX_CHARS, FinalPaper, Outcome, Submission
from mentors.services import comment_post
from tests.examinations.conftest import HEADINGS, decide, logbook, write, write_paper
from tests.examinations.pages import buttons, labelled_controls, links, messages_of

CANDIDATE_HOME = reverse("examinations:candidate_home")
PAPER = reverse("examinations:paper_edit")
AUTOSAVE = reverse("examinations:paper_autosave")
PREVIEW = reverse("examinations:paper_preview")
SUBMIT = reverse("examinations:submit")
CONFIRM = reverse("examinations:submit_confirm")


def paper_data(body="## My journey\n\nWhat I learned.", *, title="My journey", version=""):
    return {"title": title, "body": body, "version": str(version)}


def reading_url(submission):
    return reverse("examinations:reading", args=[submission.public_id])


# --- Candidate home ----------------------------------------------------------------------


@pytest.mark.django_db
class TestCandidateHome:
    def test_the_paper_excerpt_shows_ampersands_and_brackets_once_escaped(self, cast, client_for):
        write_paper(cast.enrolment, body="Partners & funders: <em>really</em> 5 > 3")

        page = client_for(cast.candidate).get(CANDIDATE_HOME).content.decode()

        # Raw HTML in Markdown is shown as text, and escaped exactly once.
        assert "Partners &amp; funders: &lt;em&gt;really&lt;/em&gt; 5 &gt; 3" in page
        assert "&amp;amp;" not in page and "&amp;lt;" not in page

    def test_offers_submit_for_examination(self, cast, client_for):
        logbook(cast.enrolment, [1, 2])

        response = client_for(cast.candidate).get(CANDIDATE_HOME)

        assert response.status_code == 200
        assert links(response)["Submit for examination"] == SUBMIT

    def test_offers_it_too_when_something_is_missing_and_says_what(self, cast, client_for):
        logbook(cast.enrolment, [1], paper=False)

        response = client_for(cast.candidate).get(CANDIDATE_HOME)

        assert links(response)["Submit for examination"] == SUBMIT
        assert "Your final paper is missing" in response.content.decode()

    def test_lists_submissions_with_receipt_and_outcome(self, cast, client_for, submitted):
        decide(cast, submitted, Outcome.RESUBMIT)

        response = client_for(cast.candidate).get(CANDIDATE_HOME)

        found = links(response)
        assert found["Receipt"] == reverse("examinations:receipt", args=[submitted.public_id])
        assert found["Outcome and feedback"] == reverse(
            "examinations:result", args=[submitted.public_id]
        )
        assert "Resubmission required" in response.content.decode()

    def test_someone_with_no_enrolment_gets_404(self, cast, client_for):
        assert client_for(cast.examiner).get(CANDIDATE_HOME).status_code == 404


# --- Final paper editor ------------------------------------------------------------------


@pytest.mark.django_db
class TestPaperEdit:
    def test_the_editor_has_labelled_title_and_paper_fields(self, cast, client_for):
        response = client_for(cast.candidate).get(PAPER)

        controls = labelled_controls(response)
        assert controls["Title"][0] == "input"
        assert controls["Final paper: my brokering journey"][0] == "textarea"
        assert "Save paper" in buttons(response)

    def test_saving_creates_the_paper_and_returns_home(self, cast, client_for):
        client = client_for(cast.candidate)

        response = client.post(PAPER, paper_data("## Start\n\nFirst *thoughts*."), follow=True)

        paper = FinalPaper.objects.get(enrolment=cast.enrolment)
        assert paper.title == "My journey"
        assert paper.body_html == "<h2>Start</h2>\n<p>First <em>thoughts</em>.</p>"
        assert response.redirect_chain[-1][0] == CANDIDATE_HOME
        assert "Final paper saved." in messages_of(response)

    def test_the_editor_shows_the_saved_paper_and_its_version(self, cast, client_for):
        paper = write_paper(cast.enrolment, body="Saved words.")

        response = client_for(cast.candidate).get(PAPER)

        controls = labelled_controls(response)
        assert "Saved words." in response.content.decode()
        assert controls["Title"][1]["value"] == "My journey"
        assert f'name="version" value="{paper.version}"' in response.content.decode()

    def test_saving_at_the_current_version_updates_it(self, cast, client_for):
        paper = write_paper(cast.enrolment)

        client_for(cast.candidate).post(PAPER, paper_data("Better.", version=paper.version))

        paper.refresh_from_db()
        assert (paper.body, paper.version) == ("Better.", 2)

    def test_a_stale_version_is_a_409_showing_both_texts(self, cast, client_for):
        paper = write_paper(cast.enrolment, body="Written in the other tab.")
        write_paper(cast.enrolment, body="Written in the other tab, then again.")

        response = client_for(cast.candidate).post(
            PAPER, paper_data("Mine, from the first tab.", version=paper.version)
        )

        page = response.content.decode()
        assert response.status_code == 409
        assert "Written in the other tab, then again." in page
        assert "Mine, from the first tab." in page
        assert "Nothing was overwritten" in page
        assert "Keep my version" in buttons(response)
        paper.refresh_from_db()
        assert paper.body == "Written in the other tab, then again."

    def test_keep_my_version_overwrites_the_version_it_was_shown(self, cast, client_for):
        write_paper(cast.enrolment, body="Other tab.")
        current = write_paper(cast.enrolment, body="Other tab again.")

        response = client_for(cast.candidate).post(
            PAPER, {**paper_data("Mine wins.", version=1), "keep_version": current.version}
        )

        assert response.status_code == 302
        assert FinalPaper.objects.get().body == "Mine wins."

    def test_keep_version_does_not_overwrite_a_newer_save(self, cast, client_for):
        write_paper(cast.enrolment, body="Other tab.")
        write_paper(cast.enrolment, body="Other tab again.")  # now version 2
        write_paper(cast.enrolment, body="And a third save.")  # now version 3

        response = client_for(cast.candidate).post(
            PAPER, {**paper_data("Mine.", version=1), "keep_version": "2"}
        )

        assert response.status_code == 409
        assert FinalPaper.objects.get().body == "And a third save."

    @pytest.mark.parametrize("forged", ["²", "x", "-1", "1e3", "9" * 5000])
    def test_a_forged_keep_version_is_a_conflict_not_an_error(self, cast, client_for, forged):
        write_paper(cast.enrolment, body="Saved.")

        response = client_for(cast.candidate).post(
            PAPER, {**paper_data("Mine."), "keep_version": forged}
        )

        assert response.status_code == 409
        assert FinalPaper.objects.get().body == "Saved."

    def test_more_than_200000_characters_is_refused_and_the_text_kept(self, cast, client_for):
        too_long = "word " * (PAPER_MAX_CHARS // 5) + "extra"

        response = client_for(cast.candidate).post(PAPER, paper_data(too_long))

        page = response.content.decode()
        assert response.status_code == 422
        assert "The paper can be at most 200,000 characters" in page
        assert "your text is still here" in page
        assert too_long.strip() in page
        assert not FinalPaper.objects.exists()


@pytest.mark.django_db
class TestPaperAutosave:
    def test_saves_and_returns_the_new_version(self, cast, client_for):
        response = client_for(cast.candidate).post(AUTOSAVE, paper_data("Draft one."))

        paper = FinalPaper.objects.get()
        page = response.content.decode()
        assert response.status_code == 200
        assert "Saved" in page
        assert f'name="version" id="id_version" value="{paper.version}"' in page
        assert paper.body == "Draft one."

    def test_saves_again_at_the_returned_version(self, cast, client_for):
        client = client_for(cast.candidate)
        client.post(AUTOSAVE, paper_data("Draft one."))

        response = client.post(AUTOSAVE, paper_data("Draft two.", version=1))

        assert response.status_code == 200
        assert FinalPaper.objects.get().version == 2

    def test_a_version_conflict_is_a_409_with_both_versions(self, cast, client_for):
        write_paper(cast.enrolment, body="First save.")
        write_paper(cast.enrolment, body="Saved in another tab.")

        response = client_for(cast.candidate).post(
            AUTOSAVE, paper_data("Typed here meanwhile.", version=1)
        )

        page = response.content.decode()
        assert response.status_code == 409
        assert "Saved in another tab." in page
        # What differs: the saved text struck through, the typed text underlined.
        assert "<del>Saved</del>" in page
        assert "<ins>Typed</ins>" in page
        assert "meanwhile." in page
        assert 'name="keep_version" value="2"' in page
        assert FinalPaper.objects.get().body == "Saved in another tab."

    def test_more_than_200000_characters_is_refused_clearly(self, cast, client_for):
        response = client_for(cast.candidate).post(
            AUTOSAVE, paper_data("x" * (PAPER_MAX_CHARS + 1))
        )

        page = response.content.decode()
        assert response.status_code == 422
        assert "Not saved" in page
        assert "200,000 characters" in page
        assert not FinalPaper.objects.exists()

    def test_get_is_not_allowed(self, cast, client_for):
        assert client_for(cast.candidate).get(AUTOSAVE).status_code == 405


@pytest.mark.django_db
class TestPaperPreview:
    def test_renders_markdown(self, cast, client_for):
        response = client_for(cast.candidate).post(PREVIEW, {"body": "## Journey\n\n*honest*"})

        assert response.content.decode() == "<h2>Journey</h2>\n<p><em>honest</em></p>"

    @pytest.mark.parametrize(
        ("payload", "forbidden"),
        [
            ("<script>alert(1)</script>", "<script"),
            ('<img src="x" onerror="alert(1)">', "<img"),
            ("[click](javascript:alert(1))", "javascript:"),
            ('<a href="#" onclick="steal()">x</a>', "<a "),
            ("<iframe src='https://example.org'></iframe>", "<iframe"),
        ],
    )
    def test_sanitizes(self, cast, client_for, payload, forbidden):
        response = client_for(cast.candidate).post(PREVIEW, {"body": payload})

        assert response.status_code == 200
        assert forbidden not in response.content.decode()

    def test_says_when_there_is_nothing_to_preview(self, cast, client_for):
        response = client_for(cast.candidate).post(PREVIEW, {"body": "  "})

        assert "Nothing to preview yet" in response.content.decode()


# --- Submit page -------------------------------------------------------------------------


@pytest.mark.django_db
class TestSubmitPage:
    def test_shows_what_will_be_submitted(self, cast, client_for):
        logbook(cast.enrolment, [1, 2, 4], drafts=[5, 6])

        response = client_for(cast.candidate).get(SUBMIT)

        page = " ".join(response.content.decode().split())
        assert response.status_code == 200
        assert "3 of 15 programme weeks" in page
        assert "3 will be submitted" in page
        assert "2 — drafts are never submitted" in page
        assert "Present: “My journey”" in page
        assert "Confirm submission" in buttons(response)

    def test_counts_open_comment_threads(self, cast, client_for):
        entries = logbook(cast.enrolment, [1, 2])
        comment_post(entry=entries[0], author=cast.mentor, body="What did the partners say?")
        comment_post(entry=entries[1], author=cast.mentor, body="And here?")

        response = client_for(cast.candidate).get(SUBMIT)

        page = " ".join(response.content.decode().split())
        assert 'Open comment threads</dt><dd class="col-sm-7">2 (they do not block' in page

    def test_offers_to_write_a_missing_paper_and_no_confirm_button(self, cast, client_for):
        logbook(cast.enrolment, [1], paper=False)

        response = client_for(cast.candidate).get(SUBMIT)

        page = response.content.decode()
        assert "Missing" in page
        assert links(response)["write it"] == PAPER
        assert "Your final paper is missing. Write it before submitting." in page
        assert "Confirm submission" not in buttons(response)

    def test_says_there_are_no_shared_entries(self, cast, client_for):
        logbook(cast.enrolment, [], drafts=[1, 2])

        response = client_for(cast.candidate).get(SUBMIT)

        assert "You have no shared entries" in response.content.decode()
        assert "Confirm submission" not in buttons(response)

    def test_a_submission_awaiting_a_decision_blocks_another(self, cast, client_for, submitted):
        response = client_for(cast.candidate).get(SUBMIT)

        assert "Version 1 is already submitted and awaiting examination." in (
            response.content.decode()
        )
        assert "Confirm submission" not in buttons(response)

    def test_the_confirm_form_carries_the_next_version(self, cast, client_for):
        logbook(cast.enrolment, [1])

        response = client_for(cast.candidate).get(SUBMIT)

        assert 'name="expected_version" value="1"' in response.content.decode()


# --- Confirming --------------------------------------------------------------------------


@pytest.mark.django_db
class TestSubmitConfirm:
    def test_creates_version_1_and_shows_the_receipt(self, cast, client_for):
        logbook(cast.enrolment, [1, 2, 3], drafts=[4])

        response = client_for(cast.candidate).post(CONFIRM, {"expected_version": "1"}, follow=True)

        submission = Submission.objects.get()
        page = response.content.decode()
        assert submission.version == 1
        assert [e.week for e in submission.entries.all()] == [1, 2, 3]
        assert response.redirect_chain == [
            (reverse("examinations:receipt", args=[submission.public_id]), 302)
        ]
        assert submission.content_hash in page
        assert f"{submission.submitted_at:%-d %B %Y}" in page
        assert '<dt class="col-sm-4">Version</dt><dd class="col-sm-8">1</dd>' in page

    def test_emails_the_receipt(self, cast, client_for, django_capture_on_commit_callbacks):
        logbook(cast.enrolment, [1])

        with django_capture_on_commit_callbacks(execute=True):
            client_for(cast.candidate).post(CONFIRM, {"expected_version": "1"})

        submission = Submission.objects.get()
        receipts = [m for m in mail.outbox if m.to == [cast.candidate.email]]
        assert len(receipts) == 1
        assert "version 1" in receipts[0].subject
        assert submission.content_hash in receipts[0].body
        assert reverse("examinations:receipt", args=[submission.public_id]) in receipts[0].body

    def test_confirming_twice_creates_one_submission(self, cast, client_for):
        logbook(cast.enrolment, [1, 2])
        client = client_for(cast.candidate)

        first = client.post(CONFIRM, {"expected_version": "1"})
        second = client.post(CONFIRM, {"expected_version": "1"})

        assert Submission.objects.count() == 1
        assert first["Location"] == second["Location"]

    def test_no_shared_entries_is_refused_on_the_page(self, cast, client_for):
        logbook(cast.enrolment, [], drafts=[1])

        response = client_for(cast.candidate).post(CONFIRM, {"expected_version": "1"}, follow=True)

        assert response.redirect_chain[-1][0] == SUBMIT
        assert any("You have no shared entries" in m for m in messages_of(response))
        assert not Submission.objects.exists()

    def test_no_final_paper_is_refused_on_the_page(self, cast, client_for):
        logbook(cast.enrolment, [1], paper=False)

        response = client_for(cast.candidate).post(CONFIRM, {"expected_version": "1"}, follow=True)

        assert "Your final paper is missing. Write it before submitting." in messages_of(response)
        assert not Submission.objects.exists()

    def test_a_submission_awaiting_a_decision_blocks_version_2(self, cast, client_for, submitted):
        response = client_for(cast.candidate).post(CONFIRM, {"expected_version": "2"}, follow=True)

        assert "Version 1 is already submitted and awaiting examination." in (messages_of(response))
        assert Submission.objects.count() == 1

    @pytest.mark.parametrize("forged", ["", "0", "abc", "-3"])
    def test_a_forged_version_is_refused(self, cast, client_for, forged):
        logbook(cast.enrolment, [1])

        response = client_for(cast.candidate).post(
            CONFIRM, {"expected_version": forged}, follow=True
        )

        assert "The submission page was out of date. Please confirm again." in (
            messages_of(response)
        )
        assert not Submission.objects.exists()

    def test_resubmission_required_lets_the_candidate_submit_version_2(
        self, cast, client_for, submitted
    ):
        decide(cast, submitted, Outcome.RESUBMIT)
        write(cast.enrolment, 4, title="Added for version 2")
        client = client_for(cast.candidate)

        page = client.get(SUBMIT)
        response = client.post(CONFIRM, {"expected_version": "2"})

        assert 'name="expected_version" value="2"' in page.content.decode()
        second = Submission.objects.get(version=2)
        assert response["Location"] == reverse("examinations:receipt", args=[second.public_id])
        assert [e.week for e in second.entries.all()] == [1, 2, 3, 4]

    def test_get_is_not_allowed(self, cast, client_for):
        assert client_for(cast.candidate).get(CONFIRM).status_code == 405


# --- Receipt -----------------------------------------------------------------------------


@pytest.mark.django_db
class TestReceipt:
    def test_shows_date_version_and_hash(self, cast, client_for, submitted):
        response = client_for(cast.candidate).get(
            reverse("examinations:receipt", args=[submitted.public_id])
        )

        page = response.content.decode()
        assert submitted.content_hash in page
        assert f"{submitted.submitted_at:%-d %B %Y}" in page
        assert links(response)["Read what you submitted"] == reading_url(submitted)

    def test_tells_the_candidate_a_copy_was_emailed_and_the_mentor_nothing_of_the_kind(
        self, cast, client_for, submitted
    ):
        url = reverse("examinations:receipt", args=[submitted.public_id])

        candidate_page = client_for(cast.candidate).get(url).content.decode()
        mentor_page = client_for(cast.mentor).get(url).content.decode()

        assert "A copy of this receipt was emailed to you." in candidate_page
        assert "Your logbook and final paper" in candidate_page
        assert "emailed to you" not in mentor_page
        assert "Your logbook" not in mentor_page
        assert submitted.content_hash in mentor_page

    def test_another_candidate_gets_404(self, cast, client_for, submitted):
        response = client_for(cast.candidate2).get(
            reverse("examinations:receipt", args=[submitted.public_id])
        )

        assert response.status_code == 404


# --- The live logbook after submitting ----------------------------------------------------


def entry_form_data(entry, bodies, *, title):
    data = {
        "week": str(entry.week),
        "title": title,
        "aims": entry.aims,
        "other_tools": "",
        "version": str(entry.version),
    }
    for index, body in enumerate(bodies):
        data[f"section_{index}"] = body
    return data


@pytest.mark.django_db
class TestEditingAfterSubmission:
    def test_changes_the_live_entry_only(self, cast, client_for, submitted):
        live = Entry.objects.get(enrolment=cast.enrolment, week=2)
        client = client_for(cast.candidate)

        saved = client.post(
            reverse("entries:entry_edit", args=[live.public_id]),
            entry_form_data(live, ["Rewritten with hindsight."] + [""] * 4, title="Hindsight"),
        )
        reading = client.get(reading_url(submitted))

        assert saved.status_code == 302
        live.refresh_from_db()
        assert live.title == "Hindsight"
        assert live.sections.get(position=0).body == "Rewritten with hindsight."
        page = reading.content.decode()
        assert "Week 2: the partners met and talked." in page
        assert "Rewritten with hindsight." not in page
        assert "Hindsight" not in page
        assert Submission.objects.get().content_hash == submitted.content_hash

    def test_the_candidate_keeps_writing_new_entries(self, cast, client_for, submitted):
        client = client_for(cast.candidate)
        data = {"week": "5", "title": "After", "aims": "", "other_tools": ""}
        data.update({f"section_{i}": "Still brokering." if i == 0 else "" for i in range(5)})

        response = client.post(reverse("entries:entry_new"), data)

        assert response.status_code == 302
        assert cast.enrolment.entries.filter(title="After").exists()
        assert submitted.entries.count() == 3
        assert HEADINGS[0] in [s.heading_title for s in submitted.entries.first().sections.all()]
