"""The submission PDF of the reading room (issue 12 item 7): tagged
(PDF/UA-1), one bookmark per week and one for the final paper, and the
mentor's report on request (``?report=1``) for the readers who may read it,
laid out on demand and never stored.

pypdf is not installed, so the PDF is read here: its object streams are
inflated with zlib and the outline's titles decoded from PDF strings."""

import re
import zlib

import pytest
from django.urls import reverse

from examinations import assessing, pdf, services
from examinations.models import Submission, SubmissionPdf
from tests.examinations.conftest import decide, logbook, marks_for, submit


def pdf_text(data: bytes) -> bytes:
    """The file with every Flate stream inflated beside it (objects live in
    compressed object streams)."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue  # an image or a font: not text we look for
    return b"\n".join(parts)


def _pdf_string(raw: bytes) -> str:
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode())
        return data[2:].decode("utf-16-be") if data[:2] == b"\xfe\xff" else data.decode("latin-1")
    body = raw[1:-1]
    body = re.sub(rb"\\([\\()])", rb"\1", body)
    if body.startswith(b"\xfe\xff"):
        return body[2:].decode("utf-16-be")
    return body.decode("latin-1")


def bookmarks(data: bytes) -> list[str]:
    """The titles of the outline (PDF bookmarks), in the file's order."""
    text = pdf_text(data)
    found = re.findall(rb"/Title\s*(<[0-9a-fA-F]*>|\((?:\\.|[^\\)])*\))", text)
    return [_pdf_string(raw) for raw in found]


def write_report(submission, body="A steady broker who listens."):
    assessing.mentor_report_save(
        submission=submission,
        mentor=submission.enrolment.mentor,
        body=body,
        criterion_marks=marks_for(submission, 60),
        criterion_notes={},
    )


@pytest.fixture
def examined(cast):
    """Weeks 1, 2 and 5 and a paper, assigned to cast.examiner."""
    logbook(cast.enrolment, [1, 2, 5])
    submission = submit(cast.enrolment)
    services.examiner_assign(submission=submission, examiner=cast.examiner, by=cast.coordinator)
    return submission


def pdf_url(submission):
    return reverse("examinations:pdf", args=[submission.public_id])


@pytest.mark.django_db
class TestTaggedPdfWithBookmarks:
    def test_is_pdf_ua_with_a_structure_tree_and_language(self, examined):
        data = pdf.submission_pdf(Submission.objects.get(pk=examined.pk))
        text = pdf_text(data)

        assert data.startswith(b"%PDF-1.7")
        assert b"/StructTreeRoot" in text
        assert b"/MarkInfo" in text
        assert b"pdfuaid:part" in text  # the PDF/UA identification in the metadata
        assert b"/Lang" in text

    def test_one_bookmark_per_week_and_one_for_the_paper(self, cast, examined):
        titles = bookmarks(pdf.submission_pdf(Submission.objects.get(pk=examined.pk)))

        weeks = [t for t in titles if t.startswith("Week ")]
        assert [t.split(" ")[1] for t in weeks] == ["1", "2", "5"]
        assert all(" — Week " in t for t in weeks)  # "Week 1 · dates — its title"
        assert "Final paper" in titles
        assert titles.index("Final paper") < titles.index(weeks[0])  # paper first
        assert "Mentor's report" not in titles

    def test_the_paper_last_is_bookmarked_last(self, examined):
        titles = bookmarks(pdf.submission_pdf(examined, paper_first=False))

        weeks = [t for t in titles if t.startswith("Week ")]
        assert titles.index("Final paper") > titles.index(weeks[-1])

    def test_the_variant_is_part_of_the_stored_layout(self, monkeypatch):
        pdf.layout_fingerprint.cache_clear()
        before = pdf.layout_fingerprint()
        monkeypatch.setattr(pdf, "PDF_VARIANT", "pdf/ua-2")
        pdf.layout_fingerprint.cache_clear()
        try:
            assert pdf.layout_fingerprint() != before
        finally:
            monkeypatch.undo()
            pdf.layout_fingerprint.cache_clear()


@pytest.mark.django_db
class TestPdfWithTheMentorsReport:
    def test_the_examiner_gets_it_with_a_bookmark_and_it_is_not_stored(
        self, cast, client_for, examined
    ):
        write_report(examined)
        client = client_for(cast.examiner)

        answer = client.get(pdf_url(examined), {"report": "1"})

        assert answer.status_code == 200
        assert "with-report" in answer["Content-Disposition"]
        assert "Mentor's report" in bookmarks(answer.content)
        assert not SubmissionPdf.objects.exists()

    def test_the_report_is_in_the_laid_out_text(self, examined):
        write_report(examined, "Listens first 9Z.")
        examined = Submission.objects.select_related("mentor_report").get(pk=examined.pk)

        html = pdf.submission_pdf_html(examined, report=examined.mentor_report)

        assert "Listens first 9Z." in html
        assert "Proposed mark 60/100" in html

    def test_a_stored_pdf_never_holds_the_report(self, cast, client_for, examined):
        write_report(examined)
        client = client_for(cast.examiner)
        client.get(pdf_url(examined), {"report": "1"})

        plain = client_for(cast.candidate).get(pdf_url(examined))

        assert plain.status_code == 200
        assert "Mentor's report" not in bookmarks(plain.content)
        stored = SubmissionPdf.objects.get()
        assert "Mentor's report" not in bookmarks(bytes(stored.content))

    def test_the_mentor_gets_it(self, cast, client_for, examined):
        write_report(examined)

        answer = client_for(cast.mentor).get(pdf_url(examined), {"report": "1"})

        assert answer.status_code == 200
        assert "Mentor's report" in bookmarks(answer.content)

    def test_the_candidate_only_after_the_result(self, cast, client_for, examined):
        write_report(examined)
        client = client_for(cast.candidate)

        before = client.get(pdf_url(examined), {"report": "1"}, follow=True)
        decide(cast, examined)
        after = client.get(pdf_url(examined), {"report": "1"})

        assert before.redirect_chain[-1][1] == 302
        assert before["Content-Type"].startswith("text/html")
        assert "You can read the mentor&#x27;s report once your result is released." in (
            before.content.decode()
        )
        assert after.status_code == 200
        assert "Mentor's report" in bookmarks(after.content)

    def test_without_a_report_says_so_on_the_reading_page(self, cast, client_for, examined):
        client = client_for(cast.examiner)

        answer = client.get(pdf_url(examined), {"report": "1"}, follow=True)

        assert answer.redirect_chain[-1][0] == reverse(
            "examinations:reading", args=[examined.public_id]
        )
        assert "The mentor&#x27;s report has not been written yet" in answer.content.decode()

    def test_the_reading_page_offers_it_only_to_who_may_read_it(self, cast, client_for, examined):
        write_report(examined)
        link = "PDF with the mentor's report"
        reading = reverse("examinations:reading", args=[examined.public_id])

        assert link in client_for(cast.examiner).get(reading).content.decode()
        assert link in client_for(cast.mentor).get(reading).content.decode()
        assert link not in client_for(cast.candidate).get(reading).content.decode()
