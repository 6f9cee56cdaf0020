"""Reads of the logbook shared by several pages (kept out of views so the
mentor and examination apps can reuse them). Each takes what the access API
(entries.access) returned: a queryset or an entry already reached."""

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import CharField, F, Func, Prefetch

from entries.models import EntrySection
from entries.vocabulary import SUGGESTED_TOOLS
from library.highlight import Headline
from library.tags import with_tags


def entry_list(entries_qs):
    """Entries for a list page: tags and partnerships in two extra queries.
    The candidate comes with the enrolment: lateness is in their zone."""
    return entries_qs.prefetch_related("partnerships").select_related(
        "enrolment", "enrolment__candidate"
    )


def entry_with_sections(entries_qs):
    return entries_qs.prefetch_related(
        Prefetch("sections", queryset=EntrySection.objects.order_by("position")),
        "partnerships",
    )


def search_sections(
    entries_qs,
    *,
    q="",
    heading="",
    phase="",
    tool="",
    partnership=None,
    date_from=None,
    date_to=None,
    config: str,
):
    """Sections of ``entries_qs`` matching the filters, ranked when ``q`` is given,
    each with a highlighted ``snippet`` (safe HTML, see library.highlight).
    ``config``: the logbook's text-search configuration, the one its text
    was indexed with (entries.search_language.logbook_configuration)."""
    entries = with_tags(entries_qs, phases=phase, tools=tool)
    if partnership:
        entries = entries.filter(partnerships=partnership)
    if date_from:
        entries = entries.filter(created_at__date__gte=date_from)
    if date_to:
        entries = entries.filter(created_at__date__lte=date_to)
    sections = EntrySection.objects.filter(entry__in=entries).select_related(
        "entry", "entry__enrolment"
    )
    if heading:
        sections = sections.filter(heading_title__iexact=heading)
    if q:
        query = SearchQuery(q, search_type="websearch", config=config)
        sections = (
            sections.filter(search_vector=query)
            .annotate(
                rank=SearchRank(F("search_vector"), query),
                snippet=snippet("body", query, config),
            )
            .order_by("-rank", "-entry__week")
        )
    else:
        sections = sections.exclude(body="").order_by("-entry__week", "position")
    return sections


def snippet(text, query, config: str) -> Headline:
    """A highlighted snippet of ``text`` (a field name or text expression) for
    a logbook search result: safe HTML, <mark> around the words found."""
    return Headline(text, query, config=config, max_words=35, min_words=15, max_fragments=2)


def tool_choices(queryset) -> list[str]:
    """The suggested tools, then the other tags used in ``queryset`` (entries
    or research extracts: rows with a ``tools`` array), A to Z. One query."""
    used = (
        queryset.annotate(tag=Func(F("tools"), function="unnest", output_field=CharField()))
        .order_by()
        .values_list("tag", flat=True)
        .distinct()
    )
    return [*SUGGESTED_TOOLS, *sorted(set(used) - set(SUGGESTED_TOOLS), key=str.lower)]


def heading_titles(entries_qs):
    """Distinct heading titles used in these entries, for the filter list."""
    return (
        EntrySection.objects.filter(entry__in=entries_qs)
        .values_list("heading_title", flat=True)
        .distinct()
        .order_by("heading_title")
    )


def has_filters(data) -> bool:
    keys = ("q", "heading", "phase", "tool", "partnership", "date_from", "date_to")
    return any(data.get(k) for k in keys)


def sections_under_heading(entries_qs, heading: str) -> list[EntrySection]:
    """Written sections titled ``heading`` (any case) in ``entries_qs``, week
    by week: one heading read across the logbook (the candidate's and the
    mentor's page)."""
    return list(
        EntrySection.objects.filter(entry__in=entries_qs, heading_title__iexact=heading)
        # Sections left empty have no stored HTML: skip them.
        .exclude(body_html="")
        .select_related("entry", "entry__enrolment")
        .order_by("entry__week", "entry__created_at", "position")
    )
