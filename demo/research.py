"""The demo enquiry (content/research.toml), after the examinations step has
submitted the earlier intake's logbooks. Consent already given is left
alone, the project is found by its title, and codings are only added to a
project that has none."""

from demo.content import load
from demo.people import person
from pbas_logbook.models import User
from research import services
from research.models import ConsentVia, Extract, Project, Theme

_CONTENT = load("research")
PROJECT_TITLE: str = _CONTENT["project"]["title"]


def _researchers(demo) -> tuple[User, User]:
    first = demo.people["researcher@example.org"]
    second_content = _CONTENT["second_researcher"]
    email = second_content["email"]
    second = person(email, second_content["full_name"], is_researcher=True)
    demo.people[email] = second
    return first, second


def _consent(demo) -> None:
    for consent_content in _CONTENT["consents"]:
        enrolment = demo.enrolments.get(consent_content["candidate"])
        if enrolment is None or not enrolment.submissions.exists():
            continue
        candidate = enrolment.candidate
        words = consent_content["mask_words"]
        if words:
            consent = getattr(enrolment, "research_consent", None)
            if consent is None or not consent.mask_words:
                services.mask_words_set(enrolment=enrolment, words=words, by=candidate)
        services.consent_set(enrolment=enrolment, given=True, by=candidate, via=ConsentVia.DEMO)


def _code(project, first, second, demo) -> None:
    themes = {t.name: t for t in Theme.objects.filter(project=project)}
    for coding in _CONTENT["codings"]:
        enrolment = demo.enrolments.get(coding["candidate"])
        if enrolment is None:
            continue
        extract = Extract.objects.filter(
            enrolment=enrolment, week=coding["week"], heading__iexact=coding["heading"]
        ).first()
        if extract is None:
            continue
        services.coding_save(
            project=project,
            extract=extract,
            researcher=first,
            themes=[themes[name] for name in coding["first_researcher"]],
            memo=coding["memo"],
        )
        services.coding_save(
            project=project,
            extract=extract,
            researcher=second,
            themes=[themes[name] for name in coding["second_researcher"]],
            memo="",
        )


def seed(demo) -> None:
    first, second = _researchers(demo)
    _consent(demo)
    project = Project.objects.filter(title=PROJECT_TITLE).first()
    if project is None:
        project = services.project_create(
            title=PROJECT_TITLE, question=_CONTENT["project"]["question"], by=first
        )
    if not project.codings.exists():
        _code(project, first, second, demo)
