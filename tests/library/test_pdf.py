"""library.pdf: one renderer, and a fetcher that reads only the static files."""

import pytest

from library.pdf import render_pdf, static_only_fetcher, static_root

STYLESHEET = "css/pdf-base.css"


@pytest.fixture
def root():
    return static_root(STYLESHEET)


class TestStaticOnlyFetcher:
    @pytest.mark.parametrize(
        "url",
        [
            "file:///etc/passwd",
            "http://example.org/tracker.png",
            "https://example.org/x.png",
            "http://127.0.0.1:9/x.png",
            "data:image/png;base64,iVBORw0KGgo=",
            "ftp://example.org/x.png",
        ],
    )
    def test_refuses_every_url_outside_the_static_files(self, root, url):
        with pytest.raises(ValueError, match="Not fetched"):
            static_only_fetcher(root).fetch(url)

    def test_refuses_a_path_that_climbs_out_of_the_static_folder(self, root):
        with pytest.raises(ValueError, match="Not fetched"):
            static_only_fetcher(root).fetch(f"file://{root}/css/../../pbas_logbook/settings.py")

    def test_refuses_a_sibling_folder_whose_name_starts_like_the_root(self, tmp_path):
        (tmp_path / "static").mkdir()
        (tmp_path / "static-secrets").mkdir()
        (tmp_path / "static-secrets" / "key.txt").write_text("secret")

        with pytest.raises(ValueError, match="Not fetched"):
            static_only_fetcher(tmp_path / "static").fetch(
                f"file://{tmp_path}/static-secrets/key.txt"
            )

    def test_reads_a_file_under_the_static_folder(self, root):
        response = static_only_fetcher(root).fetch(f"file://{root}/{STYLESHEET}")

        assert b"@page" in response.read()
        response.close()


class TestStaticRoot:
    def test_is_the_folder_the_stylesheet_path_starts_from(self, root):
        assert (root / STYLESHEET).is_file()

    def test_a_missing_stylesheet_is_an_error_not_a_guess(self):
        with pytest.raises(RuntimeError, match="missing"):
            static_root("css/no-such-sheet.css")


class TestRenderPdf:
    def test_lays_out_the_html_with_the_stylesheets(self):
        document = render_pdf("<h1>Week 3</h1><p>Notes</p>", [STYLESHEET])

        assert len(document.pages) == 1
        assert document.write_pdf().startswith(b"%PDF")

    def test_an_outside_image_is_asked_for_through_the_fetcher_and_left_out(self, monkeypatch):
        asked = []
        build = static_only_fetcher

        def spying(root):
            fetcher = build(root)
            real = fetcher.fetch
            fetcher.fetch = lambda url, headers=None: (asked.append(url), real(url, headers))[1]
            return fetcher

        monkeypatch.setattr("library.pdf.static_only_fetcher", spying)

        document = render_pdf(
            '<img src="http://127.0.0.1:9/map.png"><img src="../../etc/hostname">', [STYLESHEET]
        )

        assert document.write_pdf().startswith(b"%PDF")
        assert "http://127.0.0.1:9/map.png" in asked
        assert any(url.endswith("/etc/hostname") for url in asked)
