"""The researcher's pages: a role's area, so anyone signed in who is not a
researcher (coordinators included) gets 403 before anything is read, as
on every role's area (pbas_logbook.access.role_required).

The pages only read: the extract index and the pseudonyms are kept up to
date where the corpus changes (a consent given or withdrawn, a new
submission; ``services.corpus_changed``).
"""

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from entries.vocabulary import Phase
from pbas_logbook.access import role_required
from pbas_logbook.models import Role
from research import access as research_access
from research import exports, presenting, reading, selectors, services, stats
from research.forms import CodedFilterForm, CodingForm, ExtractFilterForm, ProjectForm, ThemeForm
from research.models import ExportFormat, pseudonym_label

RESULTS_PER_PAGE = 20
CODINGS_PER_PAGE = 25
AGREEMENT_PER_PAGE = 30
NARROW_CHART = {"label_width": 180, "bar_max": 200}


def _query_string(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


# --- Home and projects ----------------------------------------------------------------


@require_GET
@role_required(Role.RESEARCHER)
def home(request):
    """Researchers: the projects, and how large the consented corpus is."""
    corpus = selectors.corpus()
    # Ordered here: a GROUP BY drops Meta.ordering.
    projects = (
        research_access.projects_for(request.user)
        .annotate(
            theme_count=Count("themes", distinct=True),
            coding_count=Count(
                "codings",
                filter=selectors.consented_sections_q("codings__section__"),
                distinct=True,
            ),
        )
        .order_by("-created_at")
    )
    return render(
        request,
        "research/home.html",
        {
            "projects": projects,
            "logbook_count": corpus.values("enrolment_id").distinct().count(),
            "extract_count": corpus.count(),
        },
    )


@require_http_methods(["GET", "POST"])
@role_required(Role.RESEARCHER)
def project_create(request):
    """Researchers: start a project; its codebook starts from the starter themes."""
    form = ProjectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        project = services.project_create(
            title=form.cleaned_data["title"],
            question=form.cleaned_data["question"],
            by=request.user,
        )
        messages.success(request, "Project started. Its codebook has the starter themes.")
        return redirect("research:project_detail", public_id=project.public_id)
    return render(request, "research/project_form.html", {"form": form})


def _phase_rows(counts):
    found = dict(counts)
    return [(label, found.get(value, 0)) for value, label in Phase.choices]


@require_GET
@role_required(Role.RESEARCHER)
def project_detail(request, public_id):
    """Researchers: counts per theme, per phase and per cohort, as bar charts.

    Queries: project, themes (form), coders
    (form), theme counts, phase counts, cohort counts, corpus sizes (3).
    """
    project = research_access.get_project_for(request.user, public_id)
    coders = list(reading.coders(project))
    form = CodedFilterForm(request.GET or None, project=project, coders=coders)
    coder = theme = None
    if form.is_bound and form.is_valid():
        coder = next((c for c in coders if c.pk == form.cleaned_data["coder"]), None)
        theme = (
            project.themes.filter(pk=form.cleaned_data["theme"]).first()
            if form.cleaned_data["theme"]
            else None
        )
    themes = selectors.theme_counts(project, coder=coder)
    coded = selectors.coded_extracts(project, coder=coder, theme=theme)
    by_phase = _phase_rows(selectors.counts_by(coded, "phases"))
    by_cohort = sorted(selectors.counts_by(coded, "cohort_year"))
    corpus = selectors.corpus()
    return render(
        request,
        "research/project_detail.html",
        {
            "project": project,
            "form": form,
            "coder": coder,
            "theme": theme,
            "theme_chart": stats.bar_chart(
                "Extracts coded with each theme", [(t.name, n) for t, n, _ in themes]
            ),
            "phase_chart": stats.bar_chart(
                "Coded extracts per partnering-cycle phase", by_phase, **NARROW_CHART
            ),
            "cohort_chart": stats.bar_chart(
                "Coded extracts per cohort year",
                [(str(y), n) for y, n in by_cohort],
                **NARROW_CHART,
            ),
            "logbook_count": corpus.values("enrolment_id").distinct().count(),
            "extract_count": corpus.count(),
            "coded_count": selectors.coded_extracts(project).count(),
        },
    )


# --- Search and reading ---------------------------------------------------------------


@require_GET
@role_required(Role.RESEARCHER)
def search(request, public_id):
    """Researchers: full-text search and filters over the consented extracts.

    Queries, whatever the size of the corpus: project, the filter lists
    (tools, years, headings), the count, one page of extracts (ranked,
    highlighted, with pseudonyms), masking facts (3), the reader's codings
    and their themes.
    """
    project = research_access.get_project_for(request.user, public_id)
    extracts = selectors.project_extracts(project)
    choices = selectors.filter_choices(selectors.corpus())
    form = ExtractFilterForm(request.GET or None, choices=choices)
    context = {"project": project, "form": form, "headings": choices["headings"], "searched": False}
    if form.is_bound and form.is_valid():
        filters = form.filters()
        results = selectors.search_extracts(extracts, **filters)
        page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        any_word = False
        if not page.paginator.count and selectors.any_word_query(filters["q"]) is not None:
            # No extract holds every word: offer those holding any, best first.
            any_word = True
            results = selectors.search_extracts(extracts, **filters, any_word=True)
            page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
        context.update(
            searched=True,
            any_word=any_word,
            filters=filters,
            page=page,
            rows=presenting.extract_rows(page, project=project, researcher=request.user),
            query_string=_query_string(request),
        )
    return render(request, "research/search.html", context)


def _entry_page(request, project, extract, form=None, status=200):
    """The whole anonymised entry around ``extract``, with the coding form.
    The candidate's preview shows entries through the same
    ``presenting.anonymised_entry`` and template."""
    entry = extract.entry
    facts = selectors.logbook_facts([extract.enrolment_id])[extract.enrolment_id]
    tokens = reading.entry_tokens(entry)
    shown = presenting.anonymised_entry(entry, reading.entry_sections(entry), facts)
    for section in shown.sections:
        section.token = tokens.get(section.section_id)
        section.current = section.section_id == extract.section_id
    mine = reading.own_coding(project, extract.section_id, request.user)
    if form is None:
        initial = {"themes": list(mine.themes.all()), "memo": mine.memo} if mine else {}
        form = CodingForm(project=project, initial=initial)
    return render(
        request,
        "research/extract_detail.html",
        {
            "project": project,
            "extract": extract,
            "pseudonym": pseudonym_label(extract.pseudonym_number),
            "entry": shown,
            "coding": mine,
            "form": form,
        },
        status=status,
    )


@require_GET
@role_required(Role.RESEARCHER)
def extract_detail(request, public_id, token):
    """Researchers: the whole anonymised entry an extract comes from, and
    the reader's own coding of it (other coders' choices are not shown, so
    each codes independently)."""
    project = research_access.get_project_for(request.user, public_id)
    extract = research_access.get_extract_in(project, token)
    return _entry_page(request, project, extract)


@require_POST
@role_required(Role.RESEARCHER)
def extract_code(request, public_id, token):
    """Researchers: save their themes and memo for one extract."""
    project = research_access.get_project_for(request.user, public_id)
    extract = research_access.get_extract_in(project, token)
    form = CodingForm(request.POST, project=project)
    if not form.is_valid():
        return _entry_page(request, project, extract, form=form, status=422)
    try:
        coding = services.coding_save(
            project=project,
            extract=extract,
            researcher=request.user,
            themes=form.cleaned_data["themes"],
            memo=form.cleaned_data["memo"],
        )
    except ValidationError as error:
        form.add_error("themes", error)
        return _entry_page(request, project, extract, form=form, status=422)
    messages.success(request, "Coding saved." if coding else "Coding removed from this extract.")
    url = reverse("research:extract_detail", args=[project.public_id, extract.token])
    return redirect(f"{url}#extract")


# --- Coding lists, codebook, agreement --------------------------------------------------


@require_GET
@role_required(Role.RESEARCHER)
def coding_list(request, public_id):
    """Researchers: the extracts coded in this project, by one researcher
    (themselves unless they choose), newest first.

    Queries: project, coders, themes (form),
    the count, one page of codings (with extract and pseudonym), their themes.
    """
    project = research_access.get_project_for(request.user, public_id)
    coders = list(reading.coders(project))
    if request.user not in coders:
        coders.append(request.user)
    form = CodedFilterForm(
        request.GET or {"coder": request.user.pk}, project=project, coders=coders, choices=None
    )
    codings = selectors.project_codings(project)
    coder = theme_id = None
    if form.is_valid():
        coder = next((c for c in coders if c.pk == form.cleaned_data["coder"]), None)
        theme_id = form.cleaned_data["theme"]
    if coder is not None:
        codings = codings.filter(researcher=coder)
    if theme_id:
        codings = codings.filter(themes=theme_id)
    codings = (
        codings.select_related("section__research_extract", "researcher")
        .annotate(pseudonym_number=selectors.coding_pseudonym(project))
        .prefetch_related("themes")
        .order_by("-updated_at", "-pk")
    )
    page = Paginator(codings, CODINGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "research/coding_list.html",
        {
            "project": project,
            "form": form,
            "coder": coder,
            "page": page,
            "query_string": _query_string(request),
        },
    )


@require_GET
@role_required(Role.RESEARCHER)
def codebook(request, public_id):
    """Researchers: the project's themes with their counts, and a form to add one."""
    project = research_access.get_project_for(request.user, public_id)
    return render(
        request,
        "research/codebook.html",
        {
            "project": project,
            "themes": selectors.theme_counts(project),
            "form": ThemeForm(),
        },
    )


@require_POST
@role_required(Role.RESEARCHER)
def theme_create(request, public_id):
    """Researchers: add a theme to the project's codebook."""
    project = research_access.get_project_for(request.user, public_id)
    form = ThemeForm(request.POST)
    if form.is_valid():
        try:
            services.theme_create(
                project=project,
                name=form.cleaned_data["name"],
                description=form.cleaned_data["description"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
    if form.errors:
        return render(
            request,
            "research/codebook.html",
            {"project": project, "themes": selectors.theme_counts(project), "form": form},
            status=422,
        )
    messages.success(request, f"Theme “{form.cleaned_data['name'].strip()}” added to the codebook.")
    return redirect("research:codebook", public_id=project.public_id)


@require_GET
@role_required(Role.RESEARCHER)
def agreement(request, public_id):
    """Researchers: where two coders agree, per extract and as Cohen's kappa
    per theme, over the extracts both have coded.

    Queries: project, coders, both coders'
    codings with themes (one), themes, one page of shared extracts.
    """
    project = research_access.get_project_for(request.user, public_id)
    coders = list(reading.coders(project))
    by_pk = {c.pk: c for c in coders}

    def chosen(name, default):
        try:
            return by_pk.get(int(request.GET.get(name, "")), default)
        except ValueError:
            return default

    others = [c for c in coders if c.pk != request.user.pk]
    first = chosen("a", by_pk.get(request.user.pk) or (coders[0] if coders else None))
    second = chosen("b", next((c for c in coders if first and c.pk != first.pk), None))
    context = {"project": project, "coders": coders, "a": first, "b": second, "others": others}
    if first is None or second is None or first.pk == second.pk:
        context["need_two"] = True
        return render(request, "research/agreement.html", context)
    coded = {first.pk: defaultdict(set), second.pk: defaultdict(set)}
    rows = selectors.project_codings(project).filter(researcher__in=[first.pk, second.pk])
    for researcher_id, section_id, theme_id in rows.values_list(
        "researcher_id", "section_id", "themes"
    ):
        themes = coded[researcher_id][section_id]
        if theme_id is not None:
            themes.add(theme_id)
    themes = list(project.themes.order_by("position", "pk"))
    names = {t.pk: t.name for t in themes}
    by_theme = stats.agreement_by_theme(themes, coded[first.pk], coded[second.pk])
    shared = sorted(set(coded[first.pk]) & set(coded[second.pk]))
    page = Paginator(shared, AGREEMENT_PER_PAGE).get_page(request.GET.get("page"))
    extracts = {
        e.section_id: e
        for e in selectors.project_extracts(project).filter(section_id__in=list(page.object_list))
    }
    items = []
    for section_id in page.object_list:
        extract = extracts.get(section_id)
        if extract is None:
            continue
        theirs_a = coded[first.pk][section_id]
        theirs_b = coded[second.pk][section_id]
        items.append(
            {
                "extract": extract,
                "pseudonym": pseudonym_label(extract.pseudonym_number),
                "a": sorted(names[t] for t in theirs_a),
                "b": sorted(names[t] for t in theirs_b),
                "both": sorted(names[t] for t in theirs_a & theirs_b),
                "verdict": stats.extract_agreement(theirs_a, theirs_b),
            }
        )
    verdicts = [stats.extract_agreement(coded[first.pk][s], coded[second.pk][s]) for s in shared]
    context.update(
        by_theme=[row for row in by_theme if row.yes_a or row.yes_b],
        unused=[row.theme for row in by_theme if not (row.yes_a or row.yes_b)],
        shared_count=len(shared),
        agree_count=verdicts.count("agree"),
        partly_count=verdicts.count("partly"),
        disagree_count=verdicts.count("disagree"),
        page=page,
        items=items,
        query_string=_query_string(request),
    )
    return render(request, "research/agreement.html", context)


# --- Export ----------------------------------------------------------------------------------


def _export_form(data, project):
    """The filter form; ``data`` None for an unfiltered page."""
    coders = list(reading.coders(project))
    choices = selectors.filter_choices(selectors.corpus())
    return CodedFilterForm(data, project=project, coders=coders, choices=choices), choices


EXPORT_BUTTONS = [
    ("research:export_csv", "Export CSV", "btn-primary"),
    ("research:export_json", "Export JSON", "btn-outline-primary"),
    ("research:export_summary_csv", "Export theme summary (CSV)", "btn-outline-primary"),
]


def _described(form) -> dict:
    """The filters as a person reads them, for the export log."""
    described = {}
    for name, value in form.filters().items():
        if value in ("", None):
            continue
        field = form.fields[name]
        choices = dict(getattr(field, "choices", []) or [])
        shown = choices.get(value, choices.get(str(value), value))
        described[str(field.label)] = str(shown)
    return described


@require_GET
@role_required(Role.RESEARCHER)
def export(request, public_id):
    """Researchers: the per-theme summary table, the export buttons and the
    log of every export from this project.

    Queries: project, coders, filter lists (3),
    themes (form), themes (summary), codings with themes, the log.
    """
    project = research_access.get_project_for(request.user, public_id)
    form, choices = _export_form(request.GET or None, project)
    valid = not form.is_bound or form.is_valid()
    filters = form.filters() if form.is_bound and valid else {}
    summary_rows = []
    if valid:
        for item in exports.theme_summary(project, filters):
            summary_rows.append(
                {
                    "name": item.theme.name,
                    "extracts": len(item.extracts),
                    "codings": len(item.codings),
                    "coders": len(item.coders),
                    "phases": item.phase_counts(Phase.choices),
                }
            )
    return render(
        request,
        "research/export.html",
        {
            "project": project,
            "form": form,
            "headings": choices["headings"],
            "filters": {k: v for k, v in filters.items() if v not in ("", None)},
            "summary_rows": summary_rows,
            "phases": Phase.choices,
            "export_buttons": EXPORT_BUTTONS,
            "log": project.exports.select_related("researcher")[:20],
        },
    )


def _export_download(request, public_id, format):
    project = research_access.get_project_for(request.user, public_id)
    form, _ = _export_form(request.POST, project)
    if not form.is_valid():
        messages.error(request, "The export filters were not valid; nothing was exported.")
        return redirect("research:export", public_id=project.public_id)
    filters = form.filters()
    response, count = exports.build(project, filters, format=format, by=request.user)
    services.export_record(
        project=project,
        researcher=request.user,
        format=format,
        filters=_described(form),
        row_count=count,
    )
    return response


@require_POST
@role_required(Role.RESEARCHER)
def export_csv(request, public_id):
    """Researchers: download the coded extracts as CSV (pseudonyms only); logged."""
    return _export_download(request, public_id, ExportFormat.CSV)


@require_POST
@role_required(Role.RESEARCHER)
def export_json(request, public_id):
    """Researchers: download the coded extracts as JSON (pseudonyms only); logged."""
    return _export_download(request, public_id, ExportFormat.JSON)


@require_POST
@role_required(Role.RESEARCHER)
def export_summary_csv(request, public_id):
    """Researchers: download the per-theme summary table as CSV; logged."""
    return _export_download(request, public_id, ExportFormat.SUMMARY_CSV)
