"""Turning extracts into what a page or an export shows: masked, pseudonymised.

Everything shown is masked again here, from the frozen text or the stored
index text, with the masking rules as they are now (a candidate's new
words to mask apply at once, even before the index is rebuilt).
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from library.highlight import marked_html, unmarked
from library.markdown import render_markdown
from research import selectors
from research.masking import MASK_LABELS
from research.models import Coding, Extract, position_label, pseudonym_label

PREVIEW_WORDS = 45


# ts_headline cuts a fragment at word edges, so "[name]" at either end of a
# fragment loses a bracket; put it back.
_CUT_OPEN = re.compile(rf"(?<!\[)\b({'|'.join(MASK_LABELS)})\]")
_CUT_CLOSE = re.compile(rf"\[({'|'.join(MASK_LABELS)})\b(?!\])")


def highlighted(snippet: str, masker) -> SafeString:
    """PostgreSQL's marked snippet → safe HTML: cut labels repaired and
    masked as plain text, then escaped and marked by library.highlight."""

    def repaired_and_masked(text: str) -> str:
        return masker.mask(_CUT_CLOSE.sub(r"[\1]", _CUT_OPEN.sub(r"[\1]", text)))

    return marked_html(snippet, transform=repaired_and_masked)


def masked_html(markdown_text: str, masker) -> SafeString:
    """Frozen Markdown → masked → the one sanitizing renderer."""
    return mark_safe(render_markdown(masker.mask(markdown_text, markdown=True)))  # noqa: S308


def plain(text: str, masker) -> str:
    """Masked plain text (a heading, a tool), without our highlight markers."""
    return unmarked(masker.mask(text))


@dataclass
class AnonymisedSection:
    position: int
    heading: str
    html: SafeString
    section_id: int | None = None
    token: object = None  # the extract's, on a researcher's page
    current: bool = False  # the extract being coded


@dataclass
class AnonymisedEntry:
    """One frozen entry exactly as a researcher reads it: the extract page
    and the candidate's preview both show this, through _anonymised_entry.html."""

    week: int
    title: str
    aims_html: SafeString | str
    sections: list[AnonymisedSection]
    tools: list[str]
    phase_labels: list[str]
    position_labels: list[str]
    masked: Counter = field(default_factory=Counter)  # label → how many were masked


def anonymised_entry(entry, sections, facts) -> AnonymisedEntry:
    """``entry`` (a SubmittedEntry, saved or not) and its ``sections`` as
    researchers read them, masked with this logbook's ``facts``."""
    masker = facts.masker
    masked = Counter()
    for text in [entry.title, entry.aims, *entry.tools]:
        masked.update(masker.found(text))
    shown = []
    for section in sections:
        if not section.body:
            continue
        for text in (section.heading_title, section.body):
            masked.update(masker.found(text))
        shown.append(
            AnonymisedSection(
                position=section.position,
                heading=masker.mask(section.heading_title),
                html=masked_html(section.body, masker),
                section_id=section.pk,
            )
        )
    positions = sorted(
        {facts.positions[p.lower()] for p in entry.partnerships if p.lower() in facts.positions}
    )
    return AnonymisedEntry(
        week=entry.week,
        title=masker.mask(entry.title),
        aims_html=masked_html(entry.aims, masker) if entry.aims else "",
        sections=shown,
        tools=[plain(t, masker)[:120] for t in entry.tools],
        phase_labels=entry.phase_labels,
        position_labels=[position_label(p) for p in positions],
        masked=masked,
    )


@dataclass
class ExtractRow:
    extract: Extract
    pseudonym: str
    snippet: SafeString | str
    my_themes: list[str]


def extract_rows(extracts, *, project, researcher) -> list[ExtractRow]:
    """One page of extracts, each masked and with the reader's own themes.
    Five queries whatever the page size: masking facts (3), codings, themes."""
    extracts = list(extracts)
    facts = selectors.logbook_facts(e.enrolment_id for e in extracts)
    mine = (
        {
            coding.section_id: [t.name for t in coding.themes.all()]
            for coding in Coding.objects.filter(
                project=project,
                researcher=researcher,
                section_id__in=[e.section_id for e in extracts],
            ).prefetch_related("themes")
        }
        if extracts
        else {}
    )
    rows = []
    for extract in extracts:
        masker = facts[extract.enrolment_id].masker
        snippet = getattr(extract, "snippet", None)
        if snippet:
            shown = highlighted(snippet, masker)
        else:
            shown = Truncator(masker.mask(extract.text)).words(PREVIEW_WORDS)
        rows.append(
            ExtractRow(
                extract=extract,
                pseudonym=pseudonym_label(getattr(extract, "pseudonym_number", None)),
                snippet=shown,
                my_themes=mine.get(extract.section_id, []),
            )
        )
    return rows
