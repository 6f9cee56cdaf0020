"""Demo enquiry, in our own words (see pbas_logbook/demo.py for the order).

After the examinations demo has submitted Priya's and Tomás's logbooks:

- both candidates agree to research use (Priya also masks a word of her own);
- researcher@example.org (in DEMO_PEOPLE) starts a project on conflict and
  power, and codes a dozen extracts;
- researcher2@example.org codes the same extracts independently, agreeing
  on some and not others, so the agreement page has something to show.

Idempotent: consent already given is left alone, the project is found by
its title, and codings are only added to a project that has none.
"""

from pbas_logbook.demo import DEMO_PASSWORD
from pbas_logbook.models import User
from research import services
from research.models import ConsentVia, Extract, Project, Theme

SECOND_RESEARCHER = ("researcher2@example.org", "Jonas Berg")
CONSENTING = {
    "priya@example.org": ["Bengali"],
    "tomas@example.org": [],
}
PROJECT_TITLE = "Conflict, power and difficult partners"
PROJECT_QUESTION = (
    "How do brokers notice and handle conflict and imbalances of power between partners, "
    "and what do they learn about their own part in it?"
)
CONFLICT = "Conflict and difficult partners"
POWER = "Power and fairness"
DOUBTS = "The broker's own doubts and leanings"
# candidate, week, heading, first researcher's themes, second's themes, first's memo
CODINGS = [
    (
        "priya@example.org",
        4,
        "Description",
        [CONFLICT, POWER],
        [CONFLICT],
        "A walk-out over old land disputes; the broker lets the silence sit instead of smoothing it over.",
    ),
    (
        "priya@example.org",
        4,
        "Analysis",
        [CONFLICT, "Culture and setting"],
        [CONFLICT, "Culture and setting"],
        "History comes into the room; ground rules only give it a safer way in.",
    ),
    (
        "priya@example.org",
        11,
        "Description",
        [CONFLICT, POWER],
        [CONFLICT],
        "Two councils competing for the first planting site.",
    ),
    (
        "priya@example.org",
        11,
        "Analysis",
        [POWER],
        [POWER],
        "Fairness as a sequence over time rather than one split.",
    ),
    (
        "priya@example.org",
        8,
        "Evaluation",
        ["Funders steering", "Repeating mistakes"],
        ["Funders steering", DOUBTS],
        "Drafting the funder's logframe alone: a habit the broker recognises.",
    ),
    (
        "priya@example.org",
        1,
        "Analysis",
        [POWER, "Mapping partners and interests"],
        ["Mapping partners and interests"],
        "The people the partnership is for are missing from the map.",
    ),
    (
        "priya@example.org",
        14,
        "Analysis",
        [POWER, "Words and meanings"],
        [POWER],
        "Voice follows confidence and language, not only formal status.",
    ),
    (
        "priya@example.org",
        15,
        "Analysis",
        [DOUBTS, "Leaving well"],
        ["Leaving well"],
        "Over-attachment named as the broker's own risk.",
    ),
    (
        "tomas@example.org",
        2,
        "So what?",
        ["Words and meanings"],
        ["Words and meanings"],
        "Surplus, waste or donations: the word decides who is accountable.",
    ),
    (
        "tomas@example.org",
        3,
        "So what?",
        ["Government partners", "People moving on"],
        ["Government partners", "People moving on"],
        "The partnership lived in one official's notebook.",
    ),
    (
        "tomas@example.org",
        4,
        "So what?",
        ["Trust and openness", CONFLICT],
        ["Trust and openness"],
        "Competitors will not share volumes in front of each other.",
    ),
    (
        "tomas@example.org",
        6,
        "So what?",
        [DOUBTS, POWER],
        [DOUBTS],
        "The internal broker's bind: employer's interest against the partnership's.",
    ),
]


def _researchers(demo) -> tuple[User, User]:
    first = demo.people["researcher@example.org"]
    email, full_name = SECOND_RESEARCHER
    second = User.objects.filter(email__iexact=email).first()
    if second is None:
        second = User.objects.create_user(
            email, DEMO_PASSWORD, full_name=full_name, is_researcher=True
        )
    demo.people[email] = second
    return first, second


def _consent(demo) -> None:
    for email, words in CONSENTING.items():
        enrolment = demo.enrolments.get(email)
        if enrolment is None or not enrolment.submissions.exists():
            continue
        candidate = enrolment.candidate
        if words:
            consent = getattr(enrolment, "research_consent", None)
            if consent is None or not consent.mask_words:
                services.mask_words_set(enrolment=enrolment, words=words, by=candidate)
        services.consent_set(enrolment=enrolment, given=True, by=candidate, via=ConsentVia.DEMO)


def _code(project, first, second, demo) -> None:
    themes = {t.name: t for t in Theme.objects.filter(project=project)}
    for email, week, heading, themes_a, themes_b, memo in CODINGS:
        enrolment = demo.enrolments.get(email)
        if enrolment is None:
            continue
        extract = Extract.objects.filter(
            enrolment=enrolment, week=week, heading__iexact=heading
        ).first()
        if extract is None:
            continue
        services.coding_save(
            project=project,
            extract=extract,
            researcher=first,
            themes=[themes[name] for name in themes_a],
            memo=memo,
        )
        services.coding_save(
            project=project,
            extract=extract,
            researcher=second,
            themes=[themes[name] for name in themes_b],
            memo="",
        )


def seed(demo) -> None:
    first, second = _researchers(demo)
    _consent(demo)
    project = Project.objects.filter(title=PROJECT_TITLE).first()
    if project is None:
        project = services.project_create(title=PROJECT_TITLE, question=PROJECT_QUESTION, by=first)
    if not project.codings.exists():
        _code(project, first, second, demo)
