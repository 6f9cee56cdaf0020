"""Writes for the enquiry: consent, the extract index, projects, coding, exports.

Each public function is one transaction. The extract index is rebuilt in a
fixed number of queries however many logbooks change, so a research page
that finds the index stale (a new submission since the last build) can
bring it up to date without its query count growing with the corpus.
"""

import unicodedata

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import F, Func, OuterRef, Q, Subquery, TextField, Value
from django.utils import timezone

from examinations.models import Submission, SubmittedSection
from library.highlight import unmarked
from pbas_logbook.models import AuditAction, Enrolment, User
from records import audit
from research import selectors
from research.codebook import CONSENT_STATEMENT_VERSION, STARTER_THEMES
from research.masking import MASK_LABELS
from research.models import (
    MASK_WORD_MAX_CHARS,
    MASK_WORDS_MAX,
    Coding,
    ConsentEvent,
    ExportFormat,
    ExportLog,
    Extract,
    IndexedLogbook,
    Project,
    ResearchConsent,
    Theme,
)
from research.selectors import SEARCH_CONFIG

# --- Consent ---------------------------------------------------------------------------


@transaction.atomic
def consent_set(*, enrolment: Enrolment, given: bool, by: User, via: str) -> ResearchConsent:
    """Record the candidate's choice. Giving consent adds their latest
    submission to the corpus now; withdrawing removes it now."""
    if enrolment.candidate_id != by.pk:
        raise PermissionDenied("Only the candidate can decide about their own logbook.")
    consent, created = ResearchConsent.objects.select_for_update().get_or_create(
        enrolment=enrolment
    )
    if consent.given == given and not created:
        return consent
    now = timezone.now()
    consent.given = given
    consent.changed_at = now
    consent.save(update_fields=["given", "changed_at"])
    ConsentEvent.objects.create(
        enrolment=enrolment,
        given=given,
        at=now,
        by=by,
        via=via,
        statement_version=CONSENT_STATEMENT_VERSION,
    )
    if given:
        corpus_changed(enrolment_ids=[enrolment.pk])
    else:
        extracts_remove(enrolment_ids=[enrolment.pk])
    audit.record(
        actor=by,
        action=AuditAction.CONSENT_CHANGED,
        subject=enrolment.candidate,
        detail=(
            "Agreed to anonymised research use of the submitted logbook"
            if given
            else "Withdrew the submitted logbook from research use"
        ),
        role="candidate",
    )
    return consent


def clean_mask_words(text: str) -> list[str]:
    """One word or phrase per line; blank lines and repeats dropped."""
    words = []
    seen = set()
    for line in text.splitlines():
        word = " ".join(line.split())
        if not word or word.lower() in seen:
            continue
        if len(word) < 2:
            raise ValidationError(
                f"“{word}” is too short to mask: single letters would hide too much text. "
                "Use whole words or names."
            )
        if len(word) > MASK_WORD_MAX_CHARS:
            raise ValidationError(
                f"Each word or phrase can be at most {MASK_WORD_MAX_CHARS} characters; "
                f"“{word[:30]}…” is longer."
            )
        seen.add(word.lower())
        words.append(word)
    if len(words) > MASK_WORDS_MAX:
        raise ValidationError(f"You can mask up to {MASK_WORDS_MAX} words or phrases.")
    return words


@transaction.atomic
def mask_words_set(*, enrolment: Enrolment, words: list[str], by: User) -> ResearchConsent:
    if enrolment.candidate_id != by.pk:
        raise PermissionDenied("Only the candidate can change the words masked in their logbook.")
    consent, _ = ResearchConsent.objects.select_for_update().get_or_create(enrolment=enrolment)
    consent.mask_words = words
    consent.save(update_fields=["mask_words"])
    if consent.given:
        extracts_rebuild(enrolment_ids=[enrolment.pk])
    return consent


# --- The extract index ------------------------------------------------------------------


def _clean(text: str) -> str:
    """Stored text never carries our highlight markers."""
    return unmarked(text)


def _unmarked(field: str):
    """The column without "[name]"-style marks, so searching "name" or
    "email" does not find every extract where something was masked."""
    return Func(
        F(field),
        Value(r"\[(" + "|".join(MASK_LABELS) + r")\]"),
        Value(" "),
        Value("g"),
        function="regexp_replace",
        output_field=TextField(),
    )


def extracts_remove(*, enrolment_ids) -> None:
    Extract.objects.filter(enrolment_id__in=enrolment_ids).delete()
    IndexedLogbook.objects.filter(enrolment_id__in=enrolment_ids).delete()


@transaction.atomic
def extracts_rebuild(*, enrolment_ids) -> None:
    """Rebuild the extracts of these logbooks from their latest submission.

    Eight queries whatever the number of logbooks: consenting latest
    submissions, stale rows out, the sections, the masking facts (three),
    the upsert, the search vectors, the index markers.
    """
    enrolment_ids = list(set(enrolment_ids))
    latest = list(
        Submission.objects.filter(
            enrolment_id__in=enrolment_ids, enrolment__research_consent__given=True
        )
        .order_by("enrolment_id", "-version")
        .distinct("enrolment_id")
        .values_list("pk", "enrolment_id")
    )
    latest_ids = [pk for pk, _ in latest]
    built = {enrolment_id for _, enrolment_id in latest}
    Extract.objects.filter(enrolment_id__in=enrolment_ids).exclude(
        entry__submission_id__in=latest_ids
    ).delete()
    IndexedLogbook.objects.filter(enrolment_id__in=set(enrolment_ids) - built).delete()
    if not latest:
        return
    sections = list(
        SubmittedSection.objects.filter(entry__submission_id__in=latest_ids)
        .exclude(body="")
        .select_related("entry__submission__enrolment__cohort")
        .order_by()
    )
    facts = selectors.logbook_facts(built)
    rows = []
    for section in sections:
        entry = section.entry
        enrolment = entry.submission.enrolment
        logbook = facts[enrolment.pk]
        mask = logbook.masker.mask
        positions = sorted(
            {
                logbook.positions[p.lower()]
                for p in entry.partnerships
                if p.lower() in logbook.positions
            }
        )
        text = _clean(mask(section.body))
        if not text.strip():
            continue
        rows.append(
            Extract(
                section=section,
                entry=entry,
                enrolment=enrolment,
                position=section.position,
                week=entry.week,
                cohort_year=enrolment.cohort.start_date.year,
                heading=_clean(mask(section.heading_title))[:200],
                text=text,
                phases=list(entry.phases),
                tools=[_clean(mask(t))[:120] for t in entry.tools],
                positions=positions,
            )
        )
    Extract.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["section"],
        update_fields=[
            "entry",
            "enrolment",
            "position",
            "week",
            "cohort_year",
            "heading",
            "text",
            "phases",
            "tools",
            "positions",
        ],
    )
    Extract.objects.filter(enrolment_id__in=built).update(
        search_vector=SearchVector(_unmarked("heading"), weight="B", config=SEARCH_CONFIG)
        + SearchVector(_unmarked("text"), weight="A", config=SEARCH_CONFIG),
        heading_vector=SearchVector("heading", config="simple")
        + SearchVector("heading", config=SEARCH_CONFIG),
    )
    now = timezone.now()
    IndexedLogbook.objects.bulk_create(
        [
            IndexedLogbook(enrolment_id=enrolment_id, submission_id=pk, built_at=now)
            for pk, enrolment_id in latest
        ],
        update_conflicts=True,
        unique_fields=["enrolment"],
        update_fields=["submission", "built_at"],
    )


def stale_logbooks() -> list[int]:
    """Logbooks whose extracts do not match consent and the latest submission
    (one query): consenting with a newer (or first) submission, or indexed
    without consent."""
    latest = (
        Submission.objects.filter(enrolment=OuterRef("pk")).order_by("-version").values("pk")[:1]
    )
    return list(
        Enrolment.objects.annotate(latest=Subquery(latest), indexed=F("research_index__submission"))
        .filter(
            Q(research_consent__given=True, latest__isnull=False)
            & (Q(indexed__isnull=True) | ~Q(indexed=F("latest")))
            | Q(indexed__isnull=False) & ~Q(research_consent__given=True)
        )
        .values_list("pk", flat=True)
    )


def extracts_sync() -> None:
    """Bring the index up to date; one query when it already is.

    The corpus is kept current where it changes (corpus_changed); this
    catches up a database changed behind the app's back (a restore, a bulk
    load): ``manage.py research_index``.
    """
    stale = stale_logbooks()
    if stale:
        extracts_rebuild(enrolment_ids=stale)


# --- Projects and pseudonyms -----------------------------------------------------------


_PSEUDONYMS_INSERT = """
INSERT INTO research_pseudonym (project_id, enrolment_id, number)
SELECT %s, missing.enrolment_id, base.n + row_number() OVER (ORDER BY random())
FROM (
    SELECT DISTINCT e.enrolment_id FROM research_extract e
    WHERE NOT EXISTS (
        SELECT 1 FROM research_pseudonym p
        WHERE p.project_id = %s AND p.enrolment_id = e.enrolment_id
    )
) AS missing,
(SELECT COALESCE(MAX(number), 0) AS n FROM research_pseudonym WHERE project_id = %s) AS base
ON CONFLICT DO NOTHING
"""


def pseudonyms_ensure(project: Project) -> None:
    """Give every logbook in the corpus a pseudonym in this project.

    Numbers are handed out in random order, so "Broker 1" says nothing
    about who submitted or consented first. One query when nothing is
    missing; the project row is locked while numbers are handed out.
    """
    missing = selectors.corpus().exclude(enrolment_id__in=project.pseudonyms.values("enrolment_id"))
    if not missing.exists():
        return
    with transaction.atomic():
        Project.objects.select_for_update().filter(pk=project.pk).first()
        with connection.cursor() as cursor:
            cursor.execute(_PSEUDONYMS_INSERT, [project.pk, project.pk, project.pk])


def corpus_changed(*, enrolment_ids) -> None:
    """A logbook's consent or latest submission changed: bring its extracts
    up to date and give any logbook new to the corpus a pseudonym in every
    project. Called where the change is written (consent_set, and the
    examination's submission_made signal), so research pages only read."""
    stale = set(stale_logbooks()) & set(enrolment_ids)
    if stale:
        extracts_rebuild(enrolment_ids=sorted(stale))
    for project in Project.objects.order_by("pk"):
        pseudonyms_ensure(project)


@transaction.atomic
def project_create(*, title: str, question: str, by: User) -> Project:
    if not by.is_researcher:
        raise PermissionDenied("Only researchers can start a research project.")
    project = Project.objects.create(title=title.strip(), question=question.strip(), created_by=by)
    Theme.objects.bulk_create(
        Theme(project=project, group=group, name=name, description=description, position=i)
        for i, (group, name, description) in enumerate(STARTER_THEMES)
    )
    pseudonyms_ensure(project)
    return project


@transaction.atomic
def theme_create(*, project: Project, name: str, description: str, by: User) -> Theme:
    if not by.is_researcher:
        raise PermissionDenied("Only researchers can change a codebook.")
    name = " ".join(unicodedata.normalize("NFC", name).split())
    if not name:
        raise ValidationError({"name": "Give the theme a name."})
    if project.themes.filter(name__iexact=name).exists():
        raise ValidationError({"name": f"The codebook already has a theme called “{name}”."})
    last = project.themes.order_by("-position").values_list("position", flat=True).first()
    return Theme.objects.create(
        project=project,
        name=name,
        description=description.strip(),
        group="Added by researchers",
        position=(last or 0) + 1,
    )


# --- Coding --------------------------------------------------------------------------------


@transaction.atomic
def coding_save(
    *, project: Project, extract: Extract, researcher: User, themes, memo: str
) -> Coding | None:
    """Save one researcher's themes and memo for an extract; with neither,
    the coding is removed. Themes must come from the project's codebook."""
    if not researcher.is_researcher:
        raise PermissionDenied("Only researchers can code extracts.")
    themes = list(themes)
    if any(theme.project_id != project.pk for theme in themes):
        raise ValidationError("That theme is not in this project's codebook.")
    memo = memo.strip()
    lookup = {"project": project, "section_id": extract.section_id, "researcher": researcher}
    if not themes and not memo:
        Coding.objects.filter(**lookup).delete()
        return None
    now = timezone.now()
    coding, created = Coding.objects.get_or_create(
        **lookup, defaults={"memo": memo, "created_at": now, "updated_at": now}
    )
    if not created:
        coding.memo = memo
        coding.updated_at = now
        coding.save(update_fields=["memo", "updated_at"])
    coding.themes.set(themes)
    return coding


def export_record(
    *, project: Project, researcher: User, format: str, filters: dict, row_count: int
) -> ExportLog:
    """Log a download in the project's export log and the audit trail."""
    audit.record(
        actor=researcher,
        action=AuditAction.EXPORTED,
        detail=f"Research export ({ExportFormat(format).label}, {row_count} rows)",
        role="researcher",
    )
    return ExportLog.objects.create(
        project=project,
        researcher=researcher,
        format=format,
        filters={k: v for k, v in filters.items() if v not in ("", None)},
        row_count=row_count,
    )
