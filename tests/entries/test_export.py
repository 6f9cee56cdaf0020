"""Export of the candidate's own logbook: Markdown, zip, PDF, and the export page."""

import io
import re
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from entries import export
from entries.models import Entry, Partnership
from entries.services import EntryText, entry_save, headings_apply_preset
from entries.vocabulary import Phase
from library.pdf import static_only_fetcher, static_root

PAGE = reverse("entries:export")
MARKDOWN = reverse("entries:export_markdown")
ZIP = reverse("entries:export_zip")
PDF = reverse("entries:export_pdf")
DOWNLOADS = [MARKDOWN, ZIP, PDF]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The cast's passwords are hashed per test; the real hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def write(enrolment, week, *, title="", aims="", bodies=None, share=False, **tags):
    """An entry under the short headings (Issues, Thoughts, Working well!,
    Unexpected outcomes, Lessons)."""
    bodies = (bodies or [f"Issues of week {week}."]) + [""] * 5
    return entry_save(
        enrolment=enrolment,
        text=EntryText(week=week, title=title, aims=aims, bodies=bodies[:5], **tags),
        share=share,
    )


@pytest.fixture
def logbook(cast):
    headings_apply_preset(enrolment=cast.enrolment, key="short")
    headings_apply_preset(enrolment=cast.enrolment2, key="short")
    partnership = Partnership.objects.create(
        enrolment=cast.enrolment, name="Upland water trust", position="external"
    )
    cast.entries = [
        write(
            cast.enrolment,
            1,
            title="Scoping the water partnership",
            aims="Meet each partner once.",
            bodies=["Mayor was late.", "", "Good first meeting.", "", "Listen first."],
            partnerships=[partnership],
            phases=[Phase.SCOPING],
            tools=["Partner mapping", "kitchen-table talks"],
            share=True,
        ),
        write(cast.enrolment, 2, bodies=["An untitled draft about budgets."]),
        write(
            cast.enrolment,
            3,
            title="Ground rules agreed",
            bodies=["", "Secret doubts about the donor.", "", "", "Write it down."],
        ),
    ]
    write(cast.enrolment2, 1, title="Someone else", bodies=["Another candidate's worry."])
    return cast


def download(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return response


# --- Export page --------------------------------------------------------------------


@pytest.mark.django_db
class TestExportPage:
    def test_lists_the_three_downloads(self, logbook, client_for):
        response = client_for(logbook.candidate).get(PAGE)

        html = response.content.decode()
        assert response.status_code == 200
        for url in DOWNLOADS:
            assert f'href="{url}"' in html
        assert "all 3 entries" in html


# --- Markdown -----------------------------------------------------------------------


@pytest.mark.django_db
class TestMarkdown:
    def test_contains_every_entry_including_drafts_oldest_first(self, logbook, client_for):
        response = download(client_for(logbook.candidate), MARKDOWN)

        text = response.content.decode()
        assert response["Content-Type"] == "text/markdown; charset=utf-8"
        assert 'filename="pbas-logbook-cat-candidate-' in response["Content-Disposition"]
        assert text.startswith("# Logbook of Cat Candidate\n")
        assert "Candidate: Cat Candidate" in text
        assert "Cohort: Spring intake" in text
        for snippet in [
            "Mayor was late.",
            "Good first meeting.",
            "Listen first.",
            "An untitled draft about budgets.",
            "Secret doubts about the donor.",
            "Write it down.",
            "Meet each partner once.",
        ]:
            assert snippet in text
        positions = [text.index(f"## Week {n} · ") for n in (1, 2, 3)]
        assert positions == sorted(positions)
        assert re.search(r"^## Week 1 · .+ — Scoping the water partnership$", text, re.M)
        assert "### Aims and strategies for this week" in text
        assert "### Working well!" in text
        assert "Draft (private)" in text
        assert "Shared with mentor on" in text
        assert "Partnerships: Upland water trust" in text
        assert "Partnering-cycle phases: Scoping & building" in text
        assert "Tools and techniques: Partner mapping, kitchen-table talks" in text

    def test_an_entry_written_late_says_so(self, logbook, client_for):
        # The cast's programme started ten weeks ago: week 1 written today is late.
        text = download(client_for(logbook.candidate), MARKDOWN).content.decode()

        week_one = text.split("## Week 1")[1].split("## Week 2")[0]
        assert re.search(r"written .+, \d+ days after the week", week_one)

    def test_empty_sections_are_left_out(self, logbook, client_for):
        text = download(client_for(logbook.candidate), MARKDOWN).content.decode()

        week_two = text.split("## Week 2")[1].split("## Week 3")[0]
        assert "### Issues" in week_two
        assert "### Lessons" not in week_two

    def test_another_candidates_entries_are_not_included(self, logbook, client_for):
        text = download(client_for(logbook.candidate), MARKDOWN).content.decode()

        assert "Someone else" not in text
        assert "Another candidate" not in text

    def test_entries_in_the_bin_are_not_exported(self, logbook, client_for):
        Entry.all_objects.filter(pk=logbook.entries[2].pk).update(deleted_at=timezone.now())

        text = download(client_for(logbook.candidate), MARKDOWN).content.decode()

        assert "Secret doubts about the donor." not in text
        assert "Mayor was late." in text

    def test_the_other_candidate_gets_only_their_own(self, logbook, client_for):
        text = download(client_for(logbook.candidate2), MARKDOWN).content.decode()

        assert "Another candidate's worry." in text
        assert "Mayor was late." not in text

    def test_the_text_is_exported_as_written(self, logbook, client_for):
        write(logbook.enrolment, 4, bodies=["<script>x</script> **bold** [a](http://e.org)"])

        text = download(client_for(logbook.candidate), MARKDOWN).content.decode()

        assert "<script>x</script> **bold** [a](http://e.org)" in text

    def test_an_empty_logbook_still_exports(self, cast, client_for):
        text = download(client_for(cast.candidate), MARKDOWN).content.decode()

        assert "0 entries" in text


# --- Zip ----------------------------------------------------------------------------


@pytest.mark.django_db
class TestZip:
    def test_one_file_per_entry_plus_an_index(self, logbook, client_for):
        response = download(client_for(logbook.candidate), ZIP)

        assert response["Content-Type"] == "application/zip"
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        assert archive.testzip() is None
        assert sorted(archive.namelist()) == [
            "index.md",
            "week-01-scoping-the-water-partnership.md",
            "week-02-entry.md",
            "week-03-ground-rules-agreed.md",
        ]
        index = archive.read("index.md").decode()
        assert "(week-02-entry.md) · draft" in index
        assert "(week-01-scoping-the-water-partnership.md) · shared" in index
        week_three = archive.read("week-03-ground-rules-agreed.md").decode()
        assert week_three.startswith("# Week 3 · ")
        assert "## Thoughts\n\nSecret doubts about the donor." in week_three

    def test_two_entries_with_the_same_week_and_title_get_distinct_names(self, logbook, client_for):
        write(logbook.enrolment, 3, title="Ground rules agreed", bodies=["Second go."])

        response = download(client_for(logbook.candidate), ZIP)

        names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
        assert "week-03-ground-rules-agreed.md" in names
        assert "week-03-ground-rules-agreed-2.md" in names
        assert len(names) == 5


# --- PDF ----------------------------------------------------------------------------


@pytest.mark.django_db
class TestPdf:
    def test_is_a_pdf_download(self, logbook, client_for):
        response = download(client_for(logbook.candidate), PDF)

        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert response["Content-Disposition"].endswith('.pdf"')

    def test_has_a_cover_a_contents_page_and_a_page_per_entry(self, logbook):
        # pypdf is not a dependency; WeasyPrint's own laid-out document
        # gives the page count and text of the same PDF.
        book = export.logbook_for_export(user=logbook.candidate, enrolment=logbook.enrolment)

        document = export.logbook_pdf_document(book)

        assert len(document.pages) >= len(book.entries) + 2
        cover, contents = (page_text(p) for p in document.pages[:2])
        assert "Cat Candidate" in cover
        assert "Spring intake" in cover
        assert "Contents" in contents
        # The contents lists each entry with the page it starts on.
        assert re.search(r"Scoping the water partnership\W+3\b", contents)
        assert re.search(r"Ground rules agreed\s+\(draft\)\W+5\b", contents)
        assert "Secret doubts about the donor." in page_text(document.pages[4])

    def test_never_fetches_anything_outside_the_static_files(self, tmp_path):
        root = static_root(export.PDF_STYLESHEETS[0])
        fetcher = static_only_fetcher(root)
        for url in [
            "http://127.0.0.1:9/tracker.png",
            "https://example.org/x.png",
            "file:///etc/passwd",
            f"file://{root}/../pbas_logbook/settings.py",
            "data:image/png;base64,iVBORw0KGgo=",
        ]:
            with pytest.raises(ValueError):
                fetcher.fetch(url)
        assert fetcher.fetch(f"file://{root}/css/pdf.css") is not None

    def test_an_image_link_in_an_entry_does_not_break_the_pdf(self, logbook, client_for):
        write(logbook.enrolment, 4, bodies=["![map](http://127.0.0.1:9/map.png) and text"])

        response = download(client_for(logbook.candidate), PDF)

        assert response.content.startswith(b"%PDF")


def page_text(page) -> str:
    """The text laid out on one WeasyPrint page."""
    words = []

    def walk(box):
        if hasattr(box, "text"):
            words.append(box.text)
        for child in getattr(box, "children", []):
            walk(child)

    walk(page._page_box)
    return " ".join(words)


# --- Access -------------------------------------------------------------------------


@pytest.mark.django_db
class TestAccess:
    @pytest.mark.parametrize("url", [PAGE, *DOWNLOADS])
    def test_anonymous_is_sent_to_sign_in(self, client, url):
        response = client.get(url)

        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/")

    @pytest.mark.parametrize("url", [PAGE, *DOWNLOADS])
    @pytest.mark.parametrize("person", ["mentor", "mentor2", "examiner", "coordinator", "stranger"])
    def test_people_without_a_logbook_get_404(self, logbook, client_for, url, person):
        response = client_for(getattr(logbook, person)).get(url)

        assert response.status_code == 404
        assert b"Mayor was late" not in response.content

    @pytest.mark.parametrize("url", [PAGE, *DOWNLOADS])
    def test_post_is_not_allowed(self, logbook, client_for, url):
        assert client_for(logbook.candidate).post(url).status_code == 405


# --- Query counts -----------------------------------------------------------------


@pytest.mark.django_db
class TestQueryCounts:
    # The same number at 3 and at 30 entries: 1 session, 2 user,
    # 3 enrolment (with cohort, mentor), 4 entries, 5 their sections,
    # 6 their partnerships, 7 the audit event for the export, and the
    # session saved on every request: 8 SAVEPOINT, 9 UPDATE, 10 RELEASE.
    # A download renders no page, so the navigation's queries do not run.
    def test_markdown_export_is_constant(self, cast, client_for, django_assert_max_num_queries):
        headings_apply_preset(enrolment=cast.enrolment, key="short")
        partnership = Partnership.objects.create(
            enrolment=cast.enrolment, name="Harbour", position="internal"
        )
        client = client_for(cast.candidate)
        counts = []
        for weeks, total in ((range(1, 4), 3), (range(4, 31), 30)):
            for week in weeks:
                write(cast.enrolment, week, title=f"Entry {week}", partnerships=[partnership])

            with django_assert_max_num_queries(10) as queries:
                response = client.get(MARKDOWN)

            counts.append(len(queries))
            assert response.content.decode().count("Partnerships: Harbour") == total
        assert counts[0] == counts[1]
