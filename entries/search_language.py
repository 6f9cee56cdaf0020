"""Search in the writer's language (issue 13 item 4).

A logbook is indexed and searched with the PostgreSQL text-search
configuration of its candidate's language, so a Spanish logbook stems in
Spanish ("reuniones" finds "reunión"). The candidate's profile language is
the logbook's language; no choice (follow the browser) is English, the
programme's own. Both sides use the same configuration: saving
(entries.services) and searching (the candidate's search, the mentor's
search of a mentee's shared entries).

Changing the language re-indexes that candidate's logbooks in two UPDATEs
(sections, then entries), computed by the database from the stored text.
"""

from django.conf import settings
from django.contrib.postgres.search import SearchVector
from django.db.models import F, Func, TextField, Value

from entries.models import Entry, EntrySection

# Every shipped language has a configuration in PostgreSQL 15 and later.
CONFIGURATIONS = {
    "en": "english",
    "es": "spanish",
    "fr": "french",
    "pt": "portuguese",
    "ar": "arabic",
}
DEFAULT = CONFIGURATIONS[settings.LANGUAGE_CODE.split("-")[0]]


def configuration_for(language: str) -> str:
    """The text-search configuration for a language code ("" or unknown:
    the programme's default)."""
    return CONFIGURATIONS.get((language or "").split("-")[0], DEFAULT)


def logbook_configuration(enrolment) -> str:
    """The configuration of ``enrolment``'s logbook: its candidate's
    language. Reads ``enrolment.candidate``: select it with the enrolment."""
    return configuration_for(enrolment.candidate.language)


def section_vector(heading, body, config: str) -> SearchVector:
    """A section's vector: its heading (weight B) and its text (A).
    ``heading`` and ``body`` are expressions: Value(...) for text being
    saved, F(...) for the stored text."""
    return SearchVector(heading, weight="B", config=config) + SearchVector(
        body, weight="A", config=config
    )


def entry_vector(title, aims, tools, config: str) -> SearchVector:
    """An entry's own vector: title (A), aims (B) and tools (C)."""
    return (
        SearchVector(title, weight="A", config=config)
        + SearchVector(aims, weight="B", config=config)
        + SearchVector(tools, weight="C", config=config)
    )


def reindex_logbooks_of(candidate) -> None:
    """Re-index every logbook of ``candidate`` in their language now, bin
    included (a restored entry is found as the rest are)."""
    config = configuration_for(candidate.language)
    EntrySection.objects.filter(entry__enrolment__candidate=candidate).update(
        search_vector=section_vector(F("heading_title"), F("body"), config)
    )
    tools = Func(F("tools"), Value(" "), function="array_to_string", output_field=TextField())
    Entry.all_objects.filter(enrolment__candidate=candidate).update(
        search_vector=entry_vector(F("title"), F("aims"), tools, config)
    )
