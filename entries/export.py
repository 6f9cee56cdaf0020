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
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

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
        return _("Logbook of %(name)s") % {"name": self.candidate_name}

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
        entry.export_heading = (
            # Translators: an entry's heading in the export: "Week 3 · 14–20 Oct — Title".
            _("%(week)s — %(title)s") % {"week": entry.export_week_label, "title": entry.title}
            if entry.title
            else entry.export_week_label
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
        status = _("Shared with mentor on %(day)s") % {"day": _day(entry.shared_at)}
    else:
        status = _("Draft (private)")
    if entry.is_late:
        days = entry.days_after_week
        written = ngettext(
            "written %(day)s, %(days)s day after the week",
            "written %(day)s, %(days)s days after the week",
            days,
        ) % {"day": _day(entry.created_at), "days": days}
    else:
        written = _("written %(day)s") % {"day": _day(entry.created_at)}
    parts = [status, written]
    if entry.edited_after_sharing:
        if entry.substantive_edit_after_sharing:
            parts.append(_("edited after sharing (substantive)"))
        else:
            parts.append(_("edited after sharing (small corrections)"))
    return " · ".join(parts)


def _tags_lines(entry: Entry) -> list[str]:
    lines = []
    if entry.export_partnerships:
        names = ", ".join(entry.export_partnerships)
        lines.append(_("Partnerships: %(names)s") % {"names": names})
    if entry.phases:
        phases = ", ".join(entry.phase_labels)
        lines.append(_("Partnering-cycle phases: %(phases)s") % {"phases": phases})
    if entry.tools:
        tools = ", ".join(entry.tools)
        lines.append(_("Tools and techniques: %(tools)s") % {"tools": tools})
    return lines


def entry_markdown(entry: Entry, *, level: int = 2) -> str:
    """One entry as Markdown; its heading at ``level``, its sections one below.

    The bodies are the candidate's own Markdown source, exactly as written.
    """
    h, sub = "#" * level, "#" * (level + 1)
    out = [f"{h} {entry.export_heading}", "", f"*{_status_line(entry)}*", ""]
    if entry.aims.strip():
        aims_heading = _("Aims and strategies for this week")
        out += [f"{sub} {aims_heading}", "", entry.aims.strip(), ""]
    for section in entry.export_sections:
        out += [f"{sub} {section.heading_title}", "", section.body.strip(), ""]
    tags = _tags_lines(entry)
    if tags:
        # Two trailing spaces: a Markdown line break between the tag lines.
        out += ["  \n".join(tags), ""]
    return "\n".join(out)


def _front_matter(logbook: Logbook) -> list[str]:
    enrolment = logbook.enrolment
    weeks, count = enrolment.length_weeks, len(logbook.entries)
    # Two trailing spaces end each line but the last: a Markdown line break.
    return [
        _("Candidate: %(name)s") % {"name": logbook.candidate_name} + "  ",
        _("Cohort: %(cohort)s") % {"cohort": enrolment.cohort} + "  ",
        ngettext(
            "Programme: %(start)s to %(end)s (%(weeks)s week)",
            "Programme: %(start)s to %(end)s (%(weeks)s weeks)",
            weeks,
        )
        % {"start": _day(enrolment.start_date), "end": _day(enrolment.end_date), "weeks": weeks}
        + "  ",
        ngettext(
            "Exported: %(day)s · %(count)s entry, drafts included",
            "Exported: %(day)s · %(count)s entries, drafts included",
            count,
        )
        % {"day": _day(logbook.exported_on), "count": count},
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
    entries_heading = _("Entries")
    index = [f"# {logbook.title}", "", *_front_matter(logbook), f"## {entries_heading}", ""]
    for entry, name in zip(logbook.entries, names, strict=True):
        if entry.is_shared:
            status = pgettext("an entry's status in the export's index", "shared")
        else:
            status = pgettext("an entry's status in the export's index", "draft")
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
