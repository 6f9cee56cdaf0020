"""The submission PDF: what it contains, its pages, its cost, and that a
link in candidate text never makes the server fetch anything."""

import io
import time
import urllib.request

import pytest

import library.pdf
from examinations import pdf
from examinations.models import Submission, SubmissionPdf
from tests.examinations.conftest import edit, logbook, submit, write, write_paper

try:
    import pypdf
except ImportError:  # optional: the page count is also read from WeasyPrint
    pypdf = None

PARAGRAPH = (
    "The partners met again and the conversation went further than last week. "
    "I noticed that I spoke first and most; next time I will ask and wait. "
    "The quieter partner raised the budget question, which changed the agenda. "
)


def long_logbook(enrolment, weeks: int) -> Submission:
    """``weeks`` full entries (every heading written, several paragraphs)."""
    enrolment.length_weeks = weeks
    enrolment.save()
    logbook(enrolment, [], paper=False)
    for week in range(1, weeks + 1):
        write(
            enrolment,
            week,
            title=f"Week {week}: keeping the partners together",
            aims="- Meet each partner\n- Agree the next step",
            bodies=[f"{PARAGRAPH}\n\n{PARAGRAPH}\n\n{PARAGRAPH}"] * 5,
            phases=["managing"],
            tools=["Partnering conversations"],
        )
    write_paper(enrolment, body="\n\n".join(["## A part of my journey", PARAGRAPH * 6] * 8))
    return submit(enrolment)


def fresh(submission) -> Submission:
    """The submission as a view would load it (nothing cached)."""
    return Submission.objects.get(pk=submission.pk)


@pytest.mark.django_db
class TestSubmissionPdf:
    def test_is_a_pdf_with_a_page_per_entry_plus_cover_contents_and_paper(self, submitted):
        document = pdf.submission_pdf_document(fresh(submitted))
        data = document.write_pdf()

        assert data.startswith(b"%PDF")
        assert len(document.pages) >= submitted.entries.count() + 3
        if pypdf is not None:
            assert len(pypdf.PdfReader(io.BytesIO(data)).pages) == len(document.pages)

    def test_the_outline_lists_contents_paper_and_each_week(self, cast, submitted):
        document = pdf.submission_pdf_document(fresh(submitted))

        labels = [label for label, *_ in document.make_bookmark_tree()]
        week_1 = f"Week 1 · {cast.enrolment.week_start(1).day}"
        assert labels[:2] == ["Contents", "Final paper"]
        assert labels[2].startswith(week_1)
        assert labels[2].endswith("— Week 1 notes")
        assert len(labels) == 2 + 3

    def test_submission_pdf_returns_the_bytes(self, submitted):
        assert pdf.submission_pdf(fresh(submitted), paper_first=False).startswith(b"%PDF")

    def test_twenty_weeks_download_in_under_three_seconds(self, cast):
        """The budget (a 20-week PDF in 3 s) holds for every download but the
        first, which lays the document out (45 dense pages: 1.4 s of CPU on
        one machine, 3-6 s on a slower or busier one, see docs/performance.md).

        A fixed number of seconds for that first render failed on whichever
        machine was slowest, so it is measured against a yardstick taken on
        the same machine a moment before: the same amount of text as plain,
        unstyled HTML. Our layout costs 2.3-2.7 times the yardstick; six times
        is the guard against a stylesheet or template that gets much slower."""
        submission = fresh(long_logbook(cast.enrolment, 20))
        # Importing WeasyPrint and loading the fonts costs about a second,
        # once per process: that is not the cost of a PDF, so it is paid first.
        import weasyprint

        weasyprint.HTML(string="<p>Warm up.</p>").write_pdf()
        weeks = "".join(f"<h2>Week {w}</h2>" + f"<p>{PARAGRAPH}</p>" * 15 for w in range(20))
        paper = f"<h2>A part of my journey</h2><p>{PARAGRAPH * 6}</p>" * 8

        # CPU time, not wall time: steadier when the machine is busy.
        started = time.process_time()
        weasyprint.HTML(string=f"<html><body>{weeks}{paper}</body></html>").write_pdf()
        yardstick = time.process_time() - started
        started = time.process_time()
        first = pdf.submission_pdf(submission)
        first_render = time.process_time() - started
        started = time.perf_counter()
        again = pdf.submission_pdf(fresh(submission))
        download = time.perf_counter() - started

        assert first.startswith(b"%PDF")
        assert again == first
        assert first_render < 6 * yardstick, (
            f"the first render took {first_render:.2f} s of CPU time, "
            f"{first_render / yardstick:.1f} times the plain-text yardstick"
        )
        assert download < 3, f"a download of the stored PDF took {download:.2f} s"

    def test_queries_do_not_grow_with_the_logbook(self, cast, django_assert_num_queries):
        small = long_logbook(cast.enrolment, 3)
        large = long_logbook(cast.enrolment2, 20)

        # The enrolment (for the week dates), the entries, their sections.
        for submission in (fresh(small), fresh(large)):
            with django_assert_num_queries(3):
                pdf.submission_pdf_html(submission)


@pytest.mark.django_db
class TestSubmissionPdfContents:
    def test_the_cover_names_candidate_cohort_version_date_and_hash(self, submitted):
        html = pdf.submission_pdf_html(fresh(submitted))

        assert "Cat Candidate" in html
        assert "Spring intake" in html
        assert "Submitted for examination" in html
        assert f'<dd class="cover-version">{submitted.version}</dd>' in html
        assert submitted.content_hash in html

    def test_each_entry_has_its_week_dates_title_and_sections(self, cast):
        logbook(cast.enrolment, [], paper=False)
        write(
            cast.enrolment,
            2,
            title="Ground rules",
            aims="Agree ground rules.",
            bodies=["Slow start.", "", "", "", "Phone, not email."],
            phases=["scoping", "managing"],
            tools=["Ground rules"],
        )
        write_paper(cast.enrolment)
        submission = submit(cast.enrolment)
        start = cast.enrolment.week_start(2)

        html = pdf.submission_pdf_html(fresh(submission))

        assert f"Week 2 · {start.day}" in html
        assert "Ground rules" in html
        assert "Aims and strategies for this week" in html
        assert "<h3>Issues</h3>" in html
        assert "<p>Slow start.</p>" in html
        assert "<h3>Lessons</h3>" in html
        # Headings left empty are left out of the printed entry.
        assert "<h3>Thoughts</h3>" not in html
        assert "Scoping &amp; building, Managing &amp; maintaining" in html

    def test_partnerships_are_listed(self, cast):
        from entries.models import Partnership

        logbook(cast.enrolment, [], paper=False)
        partnership = Partnership.objects.create(
            enrolment=cast.enrolment, name="River Alliance", position="external"
        )
        write(cast.enrolment, 1, partnerships=[partnership])
        write_paper(cast.enrolment)

        html = pdf.submission_pdf_html(fresh(submit(cast.enrolment)))

        assert "<dt>Partnerships</dt><dd>River Alliance</dd>" in html

    def test_an_entry_edited_after_sharing_carries_the_mark(self, cast):
        entries = logbook(cast.enrolment, [1, 2])
        edit(entries[1], bodies=["Rewritten at length after sharing, with hindsight."] + [""] * 4)

        html = pdf.submission_pdf_html(fresh(submit(cast.enrolment)))

        assert html.count('<span class="entry-edited">Edited after sharing</span>') == 1
        assert html.count("(edited after sharing)") == 1

    def test_drafts_are_not_printed(self, submitted):
        assert "A private draft" not in pdf.submission_pdf_html(fresh(submitted))

    def test_the_contents_link_to_every_entry_and_the_paper(self, submitted):
        html = pdf.submission_pdf_html(fresh(submitted))

        for anchor in ["final-paper", "entry-0", "entry-1", "entry-2"]:
            assert f'href="#{anchor}"' in html
            assert f'id="{anchor}"' in html

    def test_the_paper_comes_first_or_last(self, submitted):
        first = pdf.submission_pdf_html(fresh(submitted), paper_first=True)
        last = pdf.submission_pdf_html(fresh(submitted), paper_first=False)

        assert first.index('id="final-paper"') < first.index('id="entry-0"')
        assert last.index('id="final-paper"') > last.index('id="entry-2"')
        assert "<h2>My journey</h2>" in last


@pytest.mark.django_db
class TestNoFetching:
    HOSTILE = "http://example.com/x.png"

    @pytest.fixture
    def hostile(self, cast):
        logbook(cast.enrolment, [], paper=False)
        write(
            cast.enrolment,
            1,
            bodies=[
                f"Look: ![tracker]({self.HOSTILE})",
                "![local](../../../../etc/hostname)",
                "![secure](https://example.org/y.png)",
                "",
                "",
            ],
        )
        write_paper(cast.enrolment, body=f"A picture: ![x]({self.HOSTILE}?paper)")
        return fresh(submit(cast.enrolment))

    @pytest.fixture
    def network(self, monkeypatch):
        """Every URL that reaches urllib, and every socket connection tried."""
        opened, connected = [], []
        real_open = urllib.request.OpenerDirector.open

        def spy_open(self, url, *args, **kwargs):
            opened.append(url if isinstance(url, str) else url.full_url)
            return real_open(self, url, *args, **kwargs)

        def refuse_connect(*args, **kwargs):
            connected.append(args)
            raise OSError("no network in this test")

        monkeypatch.setattr(urllib.request.OpenerDirector, "open", spy_open)
        monkeypatch.setattr("socket.create_connection", refuse_connect)
        monkeypatch.setattr("socket.socket.connect", refuse_connect)
        return opened, connected

    @pytest.fixture
    def asked(self, monkeypatch):
        """Every URL WeasyPrint asked our fetcher for."""
        urls = []
        build = library.pdf.static_only_fetcher

        def spying_fetcher(static_root):
            fetcher = build(static_root)
            real_fetch = fetcher.fetch

            def fetch(url, headers=None):
                urls.append(url)
                return real_fetch(url, headers)

            fetcher.fetch = fetch
            return fetcher

        monkeypatch.setattr(library.pdf, "static_only_fetcher", spying_fetcher)
        return urls

    def test_an_image_link_in_an_entry_is_never_fetched(self, hostile, network, asked):
        opened, connected = network

        data = pdf.submission_pdf(hostile)

        assert data.startswith(b"%PDF")
        # WeasyPrint did ask for the images, and was refused before any request.
        assert self.HOSTILE in asked
        assert any(url.startswith("https://example.org") for url in asked)
        assert not [url for url in opened if not url.startswith("file:")]
        assert connected == []

    def test_a_relative_link_outside_static_is_not_read(self, hostile, network, asked):
        opened, _ = network

        pdf.submission_pdf(hostile)

        assert any(url.endswith("/etc/hostname") for url in asked)
        assert not [url for url in opened if "hostname" in url]

    def test_the_fetcher_refuses_everything_outside_static(self, tmp_path):
        fetcher = library.pdf.static_only_fetcher(tmp_path)
        outside = tmp_path.parent / "secret.txt"

        for url in [self.HOSTILE, "https://example.org/", f"file://{outside}", "data:,hi"]:
            with pytest.raises(ValueError, match="Not fetched"):
                fetcher.fetch(url)

    def test_the_fetcher_reads_files_under_static(self, tmp_path):
        (tmp_path / "ok.css").write_text("p { color: red }")
        fetcher = library.pdf.static_only_fetcher(tmp_path)

        response = fetcher.fetch(f"file://{tmp_path}/ok.css")

        assert response.read() == b"p { color: red }"
        response.close()


@pytest.mark.django_db
class TestStoredPdf:
    def test_the_second_download_is_the_stored_copy_not_a_new_layout(self, submitted, monkeypatch):
        first = pdf.submission_pdf(fresh(submitted))
        monkeypatch.setattr(
            pdf, "submission_pdf_document", lambda *a, **k: pytest.fail("laid out again")
        )

        assert pdf.submission_pdf(fresh(submitted)) == first
        assert SubmissionPdf.objects.filter(submission=submitted).count() == 1

    def test_each_paper_order_has_its_own_copy(self, submitted):
        paper_first = pdf.submission_pdf(fresh(submitted), paper_first=True)
        paper_last = pdf.submission_pdf(fresh(submitted), paper_first=False)

        assert paper_first != paper_last
        stored = SubmissionPdf.objects.filter(submission=submitted)
        assert sorted(stored.values_list("paper_first", flat=True)) == [False, True]

    def test_each_reading_has_its_own_copy_and_keeps_it(self, submitted):
        """Issue 13 item 5: the PDF's words and times are its reader's, so a
        Spanish reader in Auckland never gets the English copy laid out in
        London, and neither copy replaces the other."""
        from django.utils import timezone, translation

        english = pdf.submission_pdf(fresh(submitted))
        with translation.override("es"), timezone.override("Pacific/Auckland"):
            spanish = pdf.submission_pdf(fresh(submitted))
            again = pdf.submission_pdf(fresh(submitted))

        assert spanish != english and again == spanish
        readings = SubmissionPdf.objects.filter(submission=submitted).values_list(
            "reading", flat=True
        )
        assert sorted(readings) == ["en|Europe/London", "es|Pacific/Auckland"]
        with translation.override("es"):
            html = pdf.submission_pdf_html(fresh(submitted))
        assert '<html lang="es" dir="ltr">' in html

    def test_a_new_layout_renders_afresh_and_drops_the_old_copy(self, submitted, monkeypatch):
        pdf.submission_pdf(fresh(submitted))
        monkeypatch.setattr(pdf, "layout_fingerprint", lambda: "a-new-design")

        data = pdf.submission_pdf(fresh(submitted))

        stored = SubmissionPdf.objects.get(submission=submitted)
        assert stored.layout == "a-new-design"
        assert bytes(stored.content) == data

    def test_the_fingerprint_follows_the_stylesheet(self, monkeypatch, tmp_path):
        before = pdf.layout_fingerprint()
        (tmp_path / "css").mkdir()
        for name in pdf.PDF_STYLESHEETS:
            (tmp_path / name).write_text("body { color: red; }")
        monkeypatch.setattr(pdf, "static_root", lambda stylesheet: tmp_path)
        pdf.layout_fingerprint.cache_clear()
        try:
            assert pdf.layout_fingerprint() != before
        finally:
            pdf.layout_fingerprint.cache_clear()

    @pytest.mark.parametrize("changed", pdf.PDF_STYLESHEETS)
    def test_the_fingerprint_follows_each_stylesheet_it_loads(self, monkeypatch, tmp_path, changed):
        """The shared pdf-base.css is part of a submission's look too."""
        root = pdf.static_root(pdf.PDF_STYLESHEETS[0])
        (tmp_path / "css").mkdir()
        for name in pdf.PDF_STYLESHEETS:
            (tmp_path / name).write_bytes((root / name).read_bytes())
        pdf.layout_fingerprint.cache_clear()
        monkeypatch.setattr(pdf, "static_root", lambda stylesheet: tmp_path)
        try:
            before = pdf.layout_fingerprint()
            with (tmp_path / changed).open("a") as sheet:
                sheet.write("\nbody { color: red; }\n")
            pdf.layout_fingerprint.cache_clear()
            assert pdf.layout_fingerprint() != before
        finally:
            pdf.layout_fingerprint.cache_clear()

    def test_the_fingerprint_follows_the_shared_templates(self, monkeypatch, tmp_path):
        before = pdf.layout_fingerprint()
        changed = tmp_path / "_entry_text.html"
        changed.write_text("<p>another layout</p>")
        shared = [changed if p.name == changed.name else p for p in pdf.PDF_SHARED_TEMPLATES]
        monkeypatch.setattr(pdf, "PDF_SHARED_TEMPLATES", shared)
        pdf.layout_fingerprint.cache_clear()
        try:
            assert pdf.layout_fingerprint() != before
        finally:
            pdf.layout_fingerprint.cache_clear()
