"""library.spreadsheets: one CSV download, every cell defused."""

import csv
import io

import pytest

from library.spreadsheets import csv_download, safe_cell


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ('=HYPERLINK("http://evil")', '\'=HYPERLINK("http://evil")'),
        ("+44 20", "'+44 20"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Ana María", "Ana María"),
        (None, ""),
        (62, "62"),
    ],
)
def test_a_formula_is_kept_as_text(value, cell):
    assert safe_cell(value) == cell


def test_the_download_is_an_attachment_of_defused_rows():
    response = csv_download([["name", "mark"], ["=cmd", 5]], "marks.csv")
    assert response["Content-Disposition"] == 'attachment; filename="marks.csv"'
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [["name", "mark"], ["'=cmd", "5"]]
