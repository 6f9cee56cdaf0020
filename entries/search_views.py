"""Looking back over the logbook: full-text search and one heading across weeks.

Both pages are for the candidate who owns the logbook, and read only their
current enrolment's entries (drafts included: it is their own text). Anyone
without a logbook (mentors, examiners, coordinators, strangers) gets a 404
from ``entries.access.get_logbook_for``; anonymous people are sent to sign in by
LoginRequiredMiddleware.
"""

from django import forms
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.paginator import Paginator
from django.db.models import F, Func, TextField
from django.shortcuts import render
from django.views.decorators.http import require_GET

from entries import access as entry_access
from entries import selectors
from entries.forms import SearchForm
from entries.search_language import logbook_configuration
from pbas_logbook.models import Role

RESULTS_PER_PAGE = 20
# Title and aims hits are shown above the section results, on the first page.
ENTRY_HITS_SHOWN = 10
HEADING_MAX_CHARS = 120


def _logbook_entries(request):
    """The candidate's current logbook and its entries, drafts included."""
    enrolment = entry_access.get_logbook_for(request.user)
    return enrolment, entry_access.entries_for(
        request.user, as_=Role.CANDIDATE, enrolment=enrolment
    )


def _tool_choices(entries_qs):
    """The suggested tools plus the candidate's own tags, one query."""
    return [("", "Any tool or tag"), *((t, t) for t in selectors.tool_choices(entries_qs))]


def _search_form(request, enrolment, entries_qs, titles):
    form = SearchForm(request.GET or None, enrolment=enrolment)
    # The form validates free text for heading and tool; offering the
    # headings and tags this logbook actually uses as lists saves typing
    # and makes the filters discoverable. An unknown value still validates
    # (it simply matches nothing), so an old bookmark never errors.
    heading = request.GET.get("heading", "")
    heading_choices = [("", "Any heading"), *((t, t) for t in titles)]
    if heading and heading not in titles:
        heading_choices.append((heading, heading))
    form.fields["heading"].widget = forms.Select(choices=heading_choices)
    tool_choices = _tool_choices(entries_qs)
    tool = request.GET.get("tool", "")
    if tool and tool not in dict(tool_choices):
        tool_choices.append((tool, tool))
    form.fields["tool"].widget = forms.Select(choices=tool_choices)
    # Clearer words than Django's "Select a valid choice" for forged values.
    form.fields["phase"].error_messages["invalid_choice"] = (
        "Choose a phase from the list; that one is not a partnering-cycle phase."
    )
    form.fields["partnership"].error_messages["invalid_choice"] = (
        "Choose one of your own partnerships; that one is not in your list."
    )
    form.fields["date_from"].error_messages["invalid"] = "Enter a start date like 2025-10-14."
    form.fields["date_to"].error_messages["invalid"] = "Enter an end date like 2025-10-20."
    return form


def _filtered_entries(entries_qs, data):
    """The entry-level filters of ``search_sections``, for title and aims hits."""
    if data.get("phase"):
        entries_qs = entries_qs.filter(phases__contains=[data["phase"]])
    if data.get("tool"):
        entries_qs = entries_qs.filter(tools__contains=[data["tool"]])
    if data.get("partnership"):
        entries_qs = entries_qs.filter(partnerships=data["partnership"])
    if data.get("date_from"):
        entries_qs = entries_qs.filter(created_at__date__gte=data["date_from"])
    if data.get("date_to"):
        entries_qs = entries_qs.filter(created_at__date__lte=data["date_to"])
    return entries_qs


class EntrySearchText(Func):
    """The text an entry is found by (its search vector: title, aims and
    tools), so the snippet can show the words that matched wherever they
    are: "title — aims — Tools: a, b", leaving out the parts that are empty."""

    output_field = TextField()

    def __init__(self):
        super().__init__(F("title"), F("aims"), F("tools"))

    def as_sql(self, compiler, connection, **extra_context):
        compiled = [compiler.compile(part) for part in self.get_source_expressions()]
        (title, aims, tools), params = zip(*compiled, strict=True)
        sql = (
            f"concat_ws(' — ', NULLIF({title}, ''), NULLIF({aims}, ''), "
            f"'Tools: ' || NULLIF(array_to_string({tools}, ', '), ''))"
        )
        return sql, [param for part in params for param in part]


def _entry_hits(entries_qs, data, config):
    """Entries whose title, aims or tools match ``q``, best first, with a
    snippet of that text.

    The snippet is built like the section snippets (selectors.snippet).
    """
    query = SearchQuery(data["q"], search_type="websearch", config=config)
    ids = _filtered_entries(entries_qs, data).values("pk")
    return list(
        entries_qs.filter(pk__in=ids, search_vector=query)
        .select_related("enrolment")
        .annotate(
            rank=SearchRank(F("search_vector"), query),
            snippet=selectors.snippet(EntrySearchText(), query, config),
        )
        .order_by("-rank", "-week")[:ENTRY_HITS_SHOWN]
    )


@require_GET
def search(request):
    """Candidates: search their own logbook, with filters.

    Queries (fixed, whatever the size of the logbook): enrolment, the
    partnership choices, heading titles, tags in use, then with filters the
    result count, one page of sections (with their entries), and with words
    the title/aims hits.
    """
    enrolment, entries_qs = _logbook_entries(request)
    titles = list(selectors.heading_titles(entries_qs))
    form = _search_form(request, enrolment, entries_qs, titles)
    context = {"enrolment": enrolment, "form": form, "searched": False}
    if form.is_bound and form.is_valid() and selectors.has_filters(form.cleaned_data):
        data = form.cleaned_data
        config = logbook_configuration(enrolment)
        sections = selectors.search_sections(
            entries_qs,
            q=data["q"],
            heading=data["heading"],
            phase=data["phase"],
            tool=data["tool"],
            partnership=data["partnership"],
            date_from=data["date_from"],
            date_to=data["date_to"],
            config=config,
        )
        # A last tie-break keeps pages stable when ranks are equal.
        sections = sections.order_by(*sections.query.order_by, "-pk")
        page = Paginator(sections, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        entry_hits = []
        if data["q"] and not data["heading"] and page.number == 1:
            entry_hits = _entry_hits(entries_qs, data, config)
        for section in page:
            section.week_label = section.entry.enrolment.week_label(section.entry.week)
        for entry in entry_hits:
            entry.week_label = enrolment.week_label(entry.week)
        query_string = request.GET.copy()
        query_string.pop("page", None)
        context.update(
            searched=True,
            q=data["q"],
            page=page,
            entry_hits=entry_hits,
            query_string=query_string.urlencode(),
        )
    return render(request, "entries/search.html", context)


@require_GET
def heading_across(request):
    """Candidates: every section written under one heading, oldest week first.

    Queries: enrolment, heading titles, the sections (with their entries).
    """
    enrolment, entries_qs = _logbook_entries(request)
    titles = list(selectors.heading_titles(entries_qs))
    heading = request.GET.get("heading", "").strip()[:HEADING_MAX_CHARS]
    if not heading and titles:
        heading = titles[0]
    # Show the heading as the candidate wrote it, whatever case was asked for.
    heading = next((t for t in titles if t.lower() == heading.lower()), heading)
    sections = []
    if heading:
        sections = selectors.sections_under_heading(entries_qs, heading)
    for section in sections:
        section.week_label = section.entry.enrolment.week_label(section.entry.week)
    return render(
        request,
        "entries/heading_across.html",
        {
            "enrolment": enrolment,
            "heading": heading,
            "titles": titles,
            "known_heading": any(t.lower() == heading.lower() for t in titles),
            "sections": sections,
        },
    )
