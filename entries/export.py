"""The candidate's own logbook, exported: Markdown, a zip of Markdown files, PDF.

Exports read the entries once (sections and partnerships prefetched), oldest
week first, drafts included: it is the candidate's own data. The views decide
who may export (the candidate only); this module only builds the files.

The PDF is made by library.pdf from a template and static/css/pdf-base.css
+ pdf.css, read from the filesystem, with a URL fetcher that refuses anything
outside the static folder, so an image link in an entry never makes the
server fetch from the network (or read other local files).
"""

import datetime
import io
import zipfile
from dataclasses import dataclass

from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import dateformat, timezone
from django.utils.text import slugify

from entries.models import Entry, EntrySection
from library.pdf import render_pdf
from pbas_logbook.models import Enrolment

# The shared look of both PDFs, then the export's own.
PDF_STYLESHEETS = ["css/pdf-base.css", "css/pdf.css"]
SLUG_MAX_CHARS = 50


@dataclass
class Logbook:
    """What an export needs: the enrolment, its candidate and the entries."""

    enrolment: Enrolment
    candidate_name: str
    entries: list[Entry]
    exported_on: datetime.date

    @property
    def title(self) -> str:
        return f"Logbook of {self.candidate_name}"

    def filename(self, extension: str) -> str:
        who = slugify(self.candidate_name) or "candidate"
        return f"pbas-logbook-{who}-{self.exported_on:%Y-%m-%d}.{extension}"


def logbook_for_export(*, user, enrolment: Enrolment) -> Logbook:
    """The candidate's logbook for export: three queries, whatever its size
    (entries, their sections, their partnerships)."""
    entries = list(
        Entry.objects.owned_by(user)
        .filter(enrolment=enrolment)
        .prefetch_related(
            Prefetch("sections", queryset=EntrySection.objects.order_by("position")),
            "partnerships",
        )
        .order_by("week", "created_at", "pk")
    )
    for entry in entries:
        # The enrolment is already loaded; sharing it saves a query per entry.
        entry.enrolment = enrolment
        entry.export_week_label = enrolment.week_label(entry.week)
        entry.export_heading = entry.export_week_label + (
            f" — {entry.title}" if entry.title else ""
        )
        entry.export_sections = [s for s in entry.sections.all() if s.body.strip()]
        entry.export_partnerships = [p.name for p in entry.partnerships.all()]
    return Logbook(
        enrolment=enrolment,
        candidate_name=user.full_name or user.email,
        entries=entries,
        exported_on=timezone.localdate(),
    )


# --- Markdown -------------------------------------------------------------------


def _day(value) -> str:
    """ "14 Oct 2025" for a date or an aware datetime (in local time)."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return dateformat.format(value, "j M Y")


def _status_line(entry: Entry) -> str:
    if entry.is_shared:
        status = f"Shared with mentor on {_day(entry.shared_at)}"
    else:
        status = "Draft (private)"
    written = f"written {_day(entry.created_at)}"
    if entry.is_late:
        written += f", {entry.days_after_week} days after the week"
    parts = [status, written]
    if entry.edited_after_sharing:
        kind = "substantive" if entry.substantive_edit_after_sharing else "small corrections"
        parts.append(f"edited after sharing ({kind})")
    return " · ".join(parts)


def _tags_lines(entry: Entry) -> list[str]:
    lines = []
    if entry.export_partnerships:
        lines.append("Partnerships: " + ", ".join(entry.export_partnerships))
    if entry.phases:
        lines.append("Partnering-cycle phases: " + ", ".join(entry.phase_labels))
    if entry.tools:
        lines.append("Tools and techniques: " + ", ".join(entry.tools))
    return lines


def entry_markdown(entry: Entry, *, level: int = 2) -> str:
    """One entry as Markdown; its heading at ``level``, its sections one below.

    The bodies are the candidate's own Markdown source, exactly as written.
    """
    h, sub = "#" * level, "#" * (level + 1)
    out = [f"{h} {entry.export_heading}", "", f"*{_status_line(entry)}*", ""]
    if entry.aims.strip():
        out += [f"{sub} Aims and strategies for this week", "", entry.aims.strip(), ""]
    for section in entry.export_sections:
        out += [f"{sub} {section.heading_title}", "", section.body.strip(), ""]
    tags = _tags_lines(entry)
    if tags:
        # Two trailing spaces: a Markdown line break between the tag lines.
        out += ["  \n".join(tags), ""]
    return "\n".join(out)


def _front_matter(logbook: Logbook) -> list[str]:
    enrolment = logbook.enrolment
    return [
        f"Candidate: {logbook.candidate_name}  ",
        f"Cohort: {enrolment.cohort}  ",
        f"Programme: {_day(enrolment.start_date)} to {_day(enrolment.end_date)} "
        f"({enrolment.length_weeks} weeks)  ",
        f"Exported: {_day(logbook.exported_on)} · {len(logbook.entries)} "
        f"entr{'y' if len(logbook.entries) == 1 else 'ies'}, drafts included",
        "",
    ]


def logbook_markdown(logbook: Logbook) -> str:
    """The whole logbook as one Markdown file, oldest entry first."""
    out = [f"# {logbook.title}", "", *_front_matter(logbook)]
    for entry in logbook.entries:
        out += ["---", "", entry_markdown(entry, level=2)]
    return "\n".join(out).rstrip() + "\n"


# --- Zip --------------------------------------------------------------------------


def entry_filenames(entries: list[Entry]) -> list[str]:
    """``week-03-title.md`` per entry, unique within the zip."""
    names, seen = [], set()
    for entry in entries:
        slug = slugify(entry.title)[:SLUG_MAX_CHARS].strip("-") or "entry"
        base = f"week-{entry.week:02d}-{slug}"
        name, n = f"{base}.md", 2
        while name in seen:
            name, n = f"{base}-{n}.md", n + 1
        seen.add(name)
        names.append(name)
    return names


def logbook_zip(logbook: Logbook) -> bytes:
    """A zip with index.md and one Markdown file per entry."""
    names = entry_filenames(logbook.entries)
    index = [f"# {logbook.title}", "", *_front_matter(logbook), "## Entries", ""]
    for entry, name in zip(logbook.entries, names, strict=True):
        status = "shared" if entry.is_shared else "draft"
        index.append(f"- [{entry.export_heading}]({name}) · {status}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.md", "\n".join(index) + "\n")
        for entry, name in zip(logbook.entries, names, strict=True):
            stamp = timezone.localtime(entry.updated_at).timetuple()[:6]
            info = zipfile.ZipInfo(name, date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, entry_markdown(entry, level=1))
    return buffer.getvalue()


# --- PDF --------------------------------------------------------------------------


def logbook_pdf_document(logbook: Logbook):
    """The laid-out WeasyPrint document (tests count its pages)."""
    html = render_to_string(
        "entries/pdf/logbook.html",
        {"logbook": logbook, "enrolment": logbook.enrolment, "entries": logbook.entries},
    )
    return render_pdf(html, PDF_STYLESHEETS)


def logbook_pdf(logbook: Logbook) -> bytes:
    return logbook_pdf_document(logbook).write_pdf()
