"""The ``render_pdfs`` cron job: new submissions' PDFs are laid out in the
background, so the first download is a read like every other one."""

import io

import pytest
from django.core.management import CommandError, call_command

from examinations import pdf
from examinations.models import SubmissionPdf
from tests.examinations.conftest import logbook, submit


def run(*args) -> str:
    out = io.StringIO()
    call_command("render_pdfs", *args, stdout=out)
    return out.getvalue().strip()


@pytest.fixture
def two_submissions(cast):
    logbook(cast.enrolment, [1, 2])
    logbook(cast.enrolment2, [1])
    return submit(cast.enrolment), submit(cast.enrolment2)


def stored(submission) -> set[bool]:
    return set(
        SubmissionPdf.objects.filter(submission=submission).values_list("paper_first", flat=True)
    )


@pytest.mark.django_db
class TestRenderPdfs:
    def test_stores_both_paper_orders_of_every_submission(self, two_submissions):
        assert run() == "Rendered 4 PDF(s); 0 still to render."

        for submission in two_submissions:
            assert stored(submission) == {True, False}
            # The download is now the stored copy, byte for byte.
            row = SubmissionPdf.objects.get(submission=submission, paper_first=True)
            assert pdf.submission_pdf(submission) == bytes(row.content)
            assert bytes(row.content).startswith(b"%PDF")

    def test_a_second_run_renders_nothing(self, two_submissions):
        run()
        rendered_at = set(SubmissionPdf.objects.values_list("rendered_at", flat=True))

        assert run() == "Rendered 0 PDF(s); 0 still to render."
        assert set(SubmissionPdf.objects.values_list("rendered_at", flat=True)) == rendered_at

    def test_the_limit_takes_the_newest_submission_first(self, two_submissions):
        older, newer = two_submissions

        assert run("--limit", "1") == "Rendered 1 PDF(s); 3 still to render."
        assert stored(newer) == {True} and stored(older) == set()
        assert run("--limit", "2") == "Rendered 2 PDF(s); 1 still to render."
        assert stored(older) == {True}

    def test_a_pdf_downloaded_already_is_not_rendered_again(self, two_submissions):
        older, _ = two_submissions
        pdf.submission_pdf(older, paper_first=False)

        assert run() == "Rendered 3 PDF(s); 0 still to render."

    def test_a_copy_in_an_earlier_layout_is_replaced(self, two_submissions, monkeypatch):
        run()
        monkeypatch.setattr(pdf, "layout_fingerprint", lambda: "a-new-layout")

        assert run("--limit", "1") == "Rendered 1 PDF(s); 3 still to render."
        assert SubmissionPdf.objects.filter(layout="a-new-layout").count() == 1
        # The old copy of that one is gone; the others wait for the next run.
        assert SubmissionPdf.objects.count() == 4

    def test_one_that_fails_does_not_stop_the_others(self, two_submissions, monkeypatch, caplog):
        older, newer = two_submissions
        render = pdf.submission_pdf_document

        def fail_for_newer(submission, **kwargs):
            if submission.pk == newer.pk:
                raise ValueError("layout bug")
            return render(submission, **kwargs)

        monkeypatch.setattr(pdf, "submission_pdf_document", fail_for_newer)

        assert run() == "Rendered 2 PDF(s); 2 still to render."
        assert stored(older) == {True, False} and stored(newer) == set()
        assert f"Could not render the PDF of submission {newer.pk}" in caplog.text

    def test_a_limit_below_one_is_refused(self, db):
        with pytest.raises(CommandError, match="--limit must be at least 1."):
            run("--limit", "0")

    def test_queries_per_run_do_not_grow_with_the_submissions_already_stored(
        self, cast, two_submissions, django_assert_max_num_queries
    ):
        run()
        with django_assert_max_num_queries(4):
            run()
