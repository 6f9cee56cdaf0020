"""CSV downloads, written one way: every cell defused, one header shape.

A cell a spreadsheet would read as a formula (OWASP "CSV injection": one
starting with = + - @, a tab or a carriage return) is kept as text with a
leading apostrophe, so a candidate's name or a theme typed as "=HYPERLINK(…)"
never runs in the coordinator's or researcher's spreadsheet.
"""

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_download(rows: Iterable[list], filename: str) -> HttpResponse:
    """``rows`` (the header first) as an attachment named ``filename``."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
