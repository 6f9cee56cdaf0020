"""Reads for the research pages of one object already reached through the
access API: an extract inside its anonymised entry (research.access), and
the candidate's consent page for their own logbooks (pbas_logbook.access)."""

from examinations.models import Submission, SubmittedSection
from pbas_logbook.models import User
from research.models import Coding, ConsentEvent, Extract, ResearchConsent
from research.selectors import project_codings


def entry_tokens(entry) -> dict[int, str]:
    """Each section of ``entry`` that is an extract: section id → token."""
    return dict(Extract.objects.filter(entry=entry).values_list("section_id", "token"))


def entry_sections(entry):
    return SubmittedSection.objects.filter(entry=entry).order_by("position")


def own_coding(project, section_id, researcher) -> Coding | None:
    """The researcher's own coding of one section (others' are never shown)."""
    return (
        Coding.objects.filter(project=project, section_id=section_id, researcher=researcher)
        .prefetch_related("themes")
        .first()
    )


def coders(project):
    """Researchers who have coded in this project (for filters)."""
    return User.objects.filter(pk__in=project_codings(project).values("researcher_id")).order_by(
        "full_name", "pk"
    )


def consent_facts(enrolment_ids, *, events_each: int):
    """For the consent page, three queries: each logbook's consent, its
    latest submission, and its most recent consent events."""
    consents = {
        c.enrolment_id: c for c in ResearchConsent.objects.filter(enrolment_id__in=enrolment_ids)
    }
    latest = {}
    for submission in Submission.objects.filter(enrolment_id__in=enrolment_ids).order_by("version"):
        latest[submission.enrolment_id] = submission
    events = list(
        ConsentEvent.objects.filter(enrolment_id__in=enrolment_ids)[
            : events_each * len(enrolment_ids)
        ]
    )
    return consents, latest, events


def consent_of(enrolment) -> ResearchConsent | None:
    return ResearchConsent.objects.filter(enrolment=enrolment).first()
