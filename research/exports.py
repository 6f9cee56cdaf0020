"""Exports of a project: coded extracts as CSV or JSON, and the per-theme summary.

Candidates appear only as the project's pseudonyms; extract ids are
project-specific codes (an HMAC of project and section), so exports of two
projects cannot be joined on them. The text is masked again from the
frozen section, with the masking rules as they are at export time.
Spreadsheet formulas are defused (library.spreadsheets).
"""

import json
from collections import defaultdict
from dataclasses import dataclass, field

from django.http import HttpResponse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from entries.vocabulary import Phase
from library.spreadsheets import csv_download
from research import selectors
from research.models import ExportFormat, position_label, pseudonym_label


def extract_code(project, section_id) -> str:
    digest = salted_hmac("research.extract", f"{project.pk}:{section_id}").hexdigest()
    return f"X{digest[:10].upper()}"


def filtered_codings(project, filters: dict):
    """The project's codings of consented extracts matching ``filters``."""
    codings = selectors.project_codings(project)
    extract_filters = {key: filters.get(key) or "" for key in selectors.FILTER_KEYS}
    if any(extract_filters.values()):
        matching = selectors.search_extracts(selectors.corpus(), ranked=False, **extract_filters)
        codings = codings.filter(section_id__in=matching.values("section_id"))
    if filters.get("coder"):
        codings = codings.filter(researcher_id=filters["coder"])
    if filters.get("theme"):
        codings = codings.filter(themes=filters["theme"])
    return codings


@dataclass
class ThemeSummary:
    theme: object
    extracts: set = field(default_factory=set)
    codings: set = field(default_factory=set)
    coders: set = field(default_factory=set)
    by_phase: dict = field(default_factory=lambda: defaultdict(set))

    def phase_counts(self, phases) -> list[int]:
        return [len(self.by_phase[value]) for value, _ in phases]


def theme_summary(project, filters: dict) -> list[ThemeSummary]:
    """Per theme: extracts coded with it, codings, coders, extracts per phase.
    Two queries (themes, one row per coding and theme)."""
    summary = {t.pk: ThemeSummary(theme=t) for t in project.themes.order_by("position", "pk")}
    rows = filtered_codings(project, filters).values_list(
        "pk", "themes", "section_id", "researcher_id", "section__research_extract__phases"
    )
    for coding_id, theme_id, section_id, researcher_id, phases in rows:
        if theme_id not in summary:
            continue
        item = summary[theme_id]
        item.extracts.add(section_id)
        item.codings.add(coding_id)
        item.coders.add(researcher_id)
        for phase in phases or []:
            item.by_phase[phase].add(section_id)
    return list(summary.values())


def _coded_rows(project, filters):
    """One dict per coding, masked and pseudonymised, in a fixed number of queries."""
    codings = list(
        filtered_codings(project, filters)
        .select_related("section", "section__research_extract", "researcher")
        .annotate(pseudonym_number=selectors.coding_pseudonym(project))
        .prefetch_related("themes")
        .order_by(
            "section__research_extract__cohort_year",
            "section__research_extract__week",
            "section__research_extract__position",
            "section_id",
            "researcher__full_name",
            "pk",
        )
    )
    facts = selectors.logbook_facts(c.section.research_extract.enrolment_id for c in codings)
    rows = []
    for coding in codings:
        extract = coding.section.research_extract
        masker = facts[extract.enrolment_id].masker
        rows.append(
            {
                "extract": extract_code(project, coding.section_id),
                "pseudonym": pseudonym_label(coding.pseudonym_number),
                "cohort_year": extract.cohort_year,
                "week": extract.week,
                "heading": masker.mask(coding.section.heading_title),
                "phases": extract.phase_labels,
                "tools": [masker.mask(t) for t in extract.tools],
                "broker_position": [position_label(p) for p in extract.positions],
                "coded_by": coding.researcher.full_name or coding.researcher.email,
                "themes": sorted(t.name for t in coding.themes.all()),
                "memo": coding.memo,
                "coded_at": coding.updated_at.isoformat(timespec="seconds"),
                "text": masker.mask(coding.section.body),
            }
        )
    return rows


# What describes an extract, and what one coding of it adds: the CSV has a
# row per coding with both; the JSON nests the codings under each extract.
EXTRACT_FIELDS = (
    "extract",
    "pseudonym",
    "cohort_year",
    "week",
    "heading",
    "phases",
    "tools",
    "broker_position",
)
CODING_FIELDS = ("coded_by", "themes", "memo", "coded_at")
CSV_COLUMNS = [*EXTRACT_FIELDS, *CODING_FIELDS, "text"]


def _filename(project, suffix: str) -> str:
    return f"enquiry-{str(project.public_id)[:8]}-{timezone.localdate():%Y%m%d}-{suffix}"


def build(project, filters: dict, *, format: str, by) -> tuple[HttpResponse, int]:
    """The download for ``format`` and how many rows it holds."""
    if format == ExportFormat.SUMMARY_CSV:
        summary = theme_summary(project, filters)
        header = ["theme", "group", "description", "extracts", "codings", "researchers"]
        header += [f"extracts_{value}" for value, _ in Phase.choices]
        table = [header] + [
            [
                s.theme.name,
                s.theme.group,
                s.theme.description,
                len(s.extracts),
                len(s.codings),
                len(s.coders),
                *s.phase_counts(Phase.choices),
            ]
            for s in summary
        ]
        return csv_download(table, _filename(project, "themes.csv")), len(summary)
    rows = _coded_rows(project, filters)
    if format == ExportFormat.CSV:
        table = [CSV_COLUMNS] + [
            ["; ".join(row[c]) if isinstance(row[c], list) else row[c] for c in CSV_COLUMNS]
            for row in rows
        ]
        return csv_download(table, _filename(project, "coded.csv")), len(rows)
    extracts = {}
    for row in rows:
        item = extracts.setdefault(
            row["extract"],
            {key: row[key] for key in (*EXTRACT_FIELDS, "text")} | {"codings": []},
        )
        item["codings"].append({key: row[key] for key in CODING_FIELDS})
    summary = theme_summary(project, filters)
    document = {
        "project": {"title": project.title, "question": project.question},
        "exported_at": timezone.now().isoformat(timespec="seconds"),
        "exported_by": by.full_name or by.email,
        "filters": {k: v for k, v in filters.items() if v not in ("", None)},
        "themes": [
            {
                "name": s.theme.name,
                "group": s.theme.group,
                "description": s.theme.description,
                "extracts": len(s.extracts),
                "codings": len(s.codings),
                "researchers": len(s.coders),
                "extracts_by_phase": dict(
                    zip([v for v, _ in Phase.choices], s.phase_counts(Phase.choices), strict=True)
                ),
            }
            for s in summary
        ],
        "extracts": list(extracts.values()),
    }
    body = json.dumps(document, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(project, "coded.json")}"'
    return response, len(rows)
