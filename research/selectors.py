"""Reads for the enquiry, for pages research.access has already let in.

Access rules (research.access says who reaches a page and a project):
- research pages: people with the researcher flag; everyone else gets 403,
  coordinators included (they grant the flag, they do not read the corpus);
- the corpus: extracts of logbooks whose consent is given *now*; the
  consent join is repeated in every query, so a withdrawal counts even if
  an index row were somehow left behind;
- codings, counts and exports: only for sections still in that corpus.
"""

import re
import uuid
from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.core.cache import cache
from django.db.models import CharField, Count, F, Func, OuterRef, Q, Subquery

from entries.models import Partnership
from entries.selectors import tool_choices
from examinations.models import Submission, SubmittedEntry, SubmittedSection
from examinations.selectors import frozen_copies
from library.highlight import Headline
from library.tags import with_tags
from pbas_logbook.models import Enrolment, User
from research.masking import Masker, TermIndex, masker_for, people_index
from research.models import Coding, Extract, Project, Pseudonym, Theme

SEARCH_CONFIG = "english"


def researchers():
    return User.objects.filter(is_researcher=True, is_active=True).order_by("full_name", "pk")


# --- The corpus ---------------------------------------------------------------------


def corpus():
    """Extracts of logbooks whose candidate consents now."""
    return Extract.objects.filter(enrolment__research_consent__given=True)


def project_extracts(project: Project):
    """The corpus as one project sees it: each extract with its pseudonym."""
    number = Pseudonym.objects.filter(project=project, enrolment=OuterRef("enrolment")).values(
        "number"
    )[:1]
    return corpus().annotate(pseudonym_number=Subquery(number))


def coding_pseudonym(project: Project):
    """A subquery for codings: the pseudonym of the coded extract's logbook."""
    return Subquery(
        Pseudonym.objects.filter(
            project=project, enrolment=OuterRef("section__research_extract__enrolment")
        ).values("number")[:1]
    )


def consented_sections_q(prefix: str = "section__") -> Q:
    """Codings (or anything with a section) whose section is in the corpus now."""
    return Q(**{f"{prefix}research_extract__enrolment__research_consent__given": True})


def project_codings(project: Project):
    return Coding.objects.filter(consented_sections_q(), project=project)


# --- Masking ---------------------------------------------------------------------------


PEOPLE_CACHE_KEY = "research:people"
# With a shared cache (Redis) a new or renamed account is masked at once:
# saving a user forgets the list (see apps.py). With the in-process
# default, other worker processes learn of it within this many seconds.
PEOPLE_CACHE_SECONDS = 60
_people_built: dict[str, TermIndex] = {}


def people_forget(**kwargs) -> None:
    """Signal receiver: an account was saved or deleted."""
    cache.delete(PEOPLE_CACHE_KEY)


def people() -> TermIndex:
    """Everyone the app knows, for masking every logbook: each account's
    name now and every candidate's name as frozen in a submission.

    Two queries when the cached list has expired or an account changed,
    none otherwise; the looked-up index is built once per list, per process.
    """
    cached = cache.get(PEOPLE_CACHE_KEY)
    if cached is None:
        names = set(User.objects.exclude(full_name="").values_list("full_name", flat=True))
        names.update(Submission.objects.values_list("candidate_name", flat=True).distinct())
        cached = (uuid.uuid4().hex, sorted(names))
        cache.set(PEOPLE_CACHE_KEY, cached, PEOPLE_CACHE_SECONDS)
    version, names = cached
    index = _people_built.get(version)
    if index is None:
        index = people_index(names)
        _people_built.clear()  # one list at a time
        _people_built[version] = index
    return index


@dataclass
class LogbookFacts:
    """What masking and the broker's position need to know about a logbook."""

    masker: Masker
    positions: dict[str, str] = field(default_factory=dict)  # partnership name (lower) → position


def logbook_facts(enrolment_ids) -> dict[int, LogbookFacts]:
    """Maskers for these logbooks, in three queries whatever their number
    (and two more when the list of people is not cached, see ``people``).

    Everyone the app knows is masked in every logbook (``people``); this
    logbook's candidate and mentor are masked in any case and by every
    part of their names, as they are now and as frozen in each
    submission; partnerships come from every frozen entry and from the
    live list, so a later rename does not unmask the old name.
    """
    enrolment_ids = list(set(enrolment_ids))
    if not enrolment_ids:
        return {}
    names = defaultdict(set)
    emails = defaultdict(set)
    partnerships = defaultdict(set)
    own_words = defaultdict(list)
    positions = defaultdict(dict)
    enrolments = Enrolment.objects.filter(pk__in=enrolment_ids).select_related(
        "candidate", "mentor", "research_consent"
    )
    for enrolment in enrolments:
        names[enrolment.pk].add(enrolment.candidate.full_name)
        emails[enrolment.pk].add(enrolment.candidate.email)
        if enrolment.mentor is not None:
            names[enrolment.pk].add(enrolment.mentor.full_name)
            emails[enrolment.pk].add(enrolment.mentor.email)
        consent = getattr(enrolment, "research_consent", None)
        if consent is not None:
            own_words[enrolment.pk] = list(consent.mask_words)
    frozen = SubmittedEntry.objects.filter(submission__enrolment_id__in=enrolment_ids).values_list(
        "submission__enrolment_id", "submission__candidate_name", "partnerships"
    )
    for enrolment_id, candidate_name, entry_partnerships in frozen:
        names[enrolment_id].add(candidate_name)
        partnerships[enrolment_id].update(entry_partnerships)
    live = Partnership.objects.filter(enrolment_id__in=enrolment_ids).values_list(
        "enrolment_id", "name", "position"
    )
    for enrolment_id, name, position in live:
        partnerships[enrolment_id].add(name)
        positions[enrolment_id][name.lower()] = position
    everyone = people()
    return {
        pk: LogbookFacts(
            masker=masker_for(
                names=names[pk],
                emails=emails[pk],
                partnerships=partnerships[pk],
                own_words=own_words[pk],
                people=everyone,
            ),
            positions=positions[pk],
        )
        for pk in enrolment_ids
    }


# --- The candidate's preview ----------------------------------------------------------


def preview_entries(enrolment) -> tuple[Submission | None, list]:
    """What researchers would read of this logbook: (the latest submission,
    [(entry, sections), ...]). Before any submission, the shared entries as
    submitting now would freeze them (``examinations.selectors.frozen_copies``,
    as ``submission_create`` stores them). Three queries.
    """
    submission = Submission.objects.filter(enrolment=enrolment).order_by("-version").first()
    if submission is not None:
        sections = defaultdict(list)
        for section in SubmittedSection.objects.filter(entry__submission=submission).order_by(
            "entry_id", "position"
        ):
            sections[section.entry_id].append(section)
        entries = SubmittedEntry.objects.filter(submission=submission).order_by("position")
        return submission, [(entry, sections[entry.pk]) for entry in entries]
    return None, frozen_copies(enrolment)


# --- Search -------------------------------------------------------------------------


FILTER_KEYS = ("q", "heading", "phase", "tool", "position", "cohort")


def heading_words_query(heading: str) -> SearchQuery | None:
    """Every word of ``heading`` as a prefix ("less" finds "Lessons"), with
    short words kept ("So what?"): the heading vector holds the words as
    written ('simple') and their stems ('english')."""
    words = re.findall(r"\w+", heading.lower())
    if not words:
        return None
    return SearchQuery(" & ".join(f"{w}:*" for w in words), search_type="raw", config="simple")


def any_word_query(q: str) -> SearchQuery | None:
    """For plain words only (no quotes, "or" or "-word"): a query matching
    any of them, used when no extract holds them all. None otherwise."""
    if '"' in q or re.search(r"(^|\s)(-|or\s)", q, re.IGNORECASE):
        return None
    words = re.findall(r"\w[\w'’]*", q)
    if len(words) < 2:
        return None
    query = SearchQuery(words[0], search_type="plain", config=SEARCH_CONFIG)
    for word in words[1:]:
        query |= SearchQuery(word, search_type="plain", config=SEARCH_CONFIG)
    return query


def search_extracts(
    extracts,
    *,
    q="",
    heading="",
    phase="",
    tool="",
    position="",
    cohort=None,
    ranked=True,
    any_word=False,
):
    """Filter and rank extracts. With words, best first and each with a
    ``snippet`` (plain text marked with library.highlight's markers, *not yet*
    HTML: presenting.highlighted masks it again first); the snippet is cut
    from the stored masked text, so it never holds a name.
    Every filter has an index (see Extract.Meta.indexes)."""
    heading_query = heading_words_query(heading)
    if heading_query is not None:
        extracts = extracts.filter(heading_vector=heading_query)
    extracts = with_tags(extracts, phases=phase, tools=tool, positions=position)
    if cohort:
        extracts = extracts.filter(cohort_year=cohort)
    if q:
        query = SearchQuery(q, search_type="websearch", config=SEARCH_CONFIG)
        if any_word:
            query = any_word_query(q) or query
        if not ranked:
            return extracts.filter(search_vector=query)
        return (
            extracts.filter(search_vector=query)
            .annotate(
                rank=SearchRank(F("search_vector"), query),
                snippet=Headline(
                    "text",
                    query,
                    config=SEARCH_CONFIG,
                    html=False,
                    max_words=40,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
            .order_by("-rank", "-cohort_year", "week", "position", "pk")
        )
    return extracts.order_by("-cohort_year", "week", "position", "pk")


def filter_choices(extracts) -> dict:
    """Tools, cohort years and headings in the corpus (three queries)."""
    years = extracts.order_by("-cohort_year").values_list("cohort_year", flat=True).distinct()
    headings = (
        extracts.order_by("heading").values_list("heading", flat=True).distinct()[:HEADINGS_LISTED]
    )
    return {"tools": tool_choices(extracts), "years": list(years), "headings": list(headings)}


HEADINGS_LISTED = 300


# --- Counts --------------------------------------------------------------------------


def coded_extracts(project: Project, *, coder=None, theme=None):
    """Extracts of the corpus coded in this project (by ``coder``, with ``theme``)."""
    codings = project_codings(project)
    if coder is not None:
        codings = codings.filter(researcher=coder)
    if theme is not None:
        codings = codings.filter(themes=theme)
    return corpus().filter(section_id__in=codings.values("section_id"))


def theme_counts(project: Project, *, coder=None) -> list[tuple[Theme, int, int]]:
    """(theme, extracts coded with it, codings using it), codebook order; one query."""
    consented = Q(codings__project=project) & consented_sections_q("codings__section__")
    if coder is not None:
        consented &= Q(codings__researcher=coder)
    themes = project.themes.annotate(
        extracts=Count("codings__section", filter=consented, distinct=True),
        uses=Count("codings", filter=consented),
    ).order_by("position", "pk")
    return [(t, t.extracts, t.uses) for t in themes]


def counts_by(extracts, field: str) -> list[tuple[object, int]]:
    """Coded extracts per phase (an extract in two phases counts in both) or per cohort year."""
    if field == "phases":
        rows = (
            extracts.annotate(value=Func(F("phases"), function="unnest", output_field=CharField()))
            .order_by()
            .values("value")
            .annotate(n=Count("pk", distinct=True))
        )
    else:
        rows = extracts.order_by().values(value=F(field)).annotate(n=Count("pk"))
    return [(row["value"], row["n"]) for row in rows]
