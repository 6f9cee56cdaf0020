"""The enquiry's part of a person's data (see accounts/personal_data.py).

A candidate: their research choices, the history of them and their words
to mask. Closing the account withdraws consent, so the logbook leaves
every research view and export at once; the consent history is kept (it
is the record of what they agreed to, and when).

A researcher: the projects they started, their codings and their exports.
Closing keeps them: they are the project's research record and name no
candidate.
"""

from accounts.personal_data import ClosureItem
from research import services
from research.models import Coding, ConsentEvent, ConsentVia, ExportLog, Project, ResearchConsent


def export(user) -> dict:
    consents = ResearchConsent.objects.filter(enrolment__candidate=user).select_related(
        "enrolment__cohort"
    )
    events = ConsentEvent.objects.filter(enrolment__candidate=user).select_related(
        "enrolment__cohort"
    )
    codings = (
        Coding.objects.filter(researcher=user)
        .select_related("project")
        .prefetch_related("themes")
        .order_by("created_at")
    )
    return {
        "research_consent": [
            {
                "cohort": c.enrolment.cohort.name,
                "given": c.given,
                "changed_at": c.changed_at.isoformat(),
                "words_to_mask": c.mask_words,
            }
            for c in consents
        ],
        "research_consent_history": [
            {
                "cohort": e.enrolment.cohort.name,
                "given": e.given,
                "at": e.at.isoformat(),
                "where": e.get_via_display(),
                "statement_version": e.statement_version,
            }
            for e in events
        ],
        "research_projects_started": list(
            Project.objects.filter(created_by=user).values_list("title", flat=True)
        ),
        "research_codings": [
            {
                "project": c.project.title,
                "themes": [t.name for t in c.themes.all()],
                "memo": c.memo,
                "coded_at": c.updated_at.isoformat(),
            }
            for c in codings
        ],
        "research_exports": [
            {"project": e.project.title, "at": e.at.isoformat(), "format": e.format}
            for e in ExportLog.objects.filter(researcher=user).select_related("project")
        ],
    }


def closure(user) -> list:
    items = []
    given = ResearchConsent.objects.filter(enrolment__candidate=user, given=True).count()
    if given or ConsentEvent.objects.filter(enrolment__candidate=user).exists():
        items.append(
            ClosureItem(
                "Research consent (withdrawn: your logbook leaves the research enquiry)",
                given,
                False,
            )
        )
        items.append(
            ClosureItem(
                "History of your research consent choices",
                ConsentEvent.objects.filter(enrolment__candidate=user).count(),
                True,
                "the record of what you agreed to, and when",
            )
        )
    codings = Coding.objects.filter(researcher=user).count()
    if codings:
        items.append(
            ClosureItem("Your research codings", codings, True, "the project's research record")
        )
    return items


def close(user) -> None:
    for consent in ResearchConsent.objects.filter(
        enrolment__candidate=user, given=True
    ).select_related("enrolment"):
        services.consent_set(
            enrolment=consent.enrolment, given=False, by=user, via=ConsentVia.ACCOUNT_CLOSED
        )
