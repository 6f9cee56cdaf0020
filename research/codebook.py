"""The starting codebook of a new project, and the consent statement.

Both are written in our own words from the programme's lists of what gets
in a broker's way and what brokers do (see DOMAIN.md, "Typical challenges"
and "Tools and techniques"). Researchers add their own themes per project.
"""

CHALLENGE = "What gets in the way"
ACTIVITY = "What brokers do"

# (group, name, description)
STARTER_THEMES = [
    (
        CHALLENGE,
        "Words and meanings",
        "Partners use the same words differently, or jargon and translation get in the way.",
    ),
    (
        CHALLENGE,
        "Culture and setting",
        "Organisational, sector or national culture shapes what the partnership can do.",
    ),
    (
        CHALLENGE,
        "Power and fairness",
        "Unequal money, voice or leadership between partners; who decides and who is heard.",
    ),
    (
        CHALLENGE,
        "Trust and openness",
        "Trust built, tested or lost; partners sharing or holding back information.",
    ),
    (
        CHALLENGE,
        "Government partners",
        "The pace, rules and politics of working with public bodies.",
    ),
    (
        CHALLENGE,
        "Leaving well",
        "Planning how a partner or the broker steps back, and what stays behind.",
    ),
    (
        CHALLENGE,
        "Funders steering",
        "Donors or funders setting the agenda, often through reporting and paperwork.",
    ),
    (
        CHALLENGE,
        "Repeating mistakes",
        "Lessons not learned, by the partnership or by the broker.",
    ),
    (
        CHALLENGE,
        "Going through the motions",
        "Partners take part in name only, or play partnering as a game to win.",
    ),
    (
        CHALLENGE,
        "Results versus value",
        "Tension between the impact on the cause and the value each partner gets.",
    ),
    (
        CHALLENGE,
        "Size and variety",
        "Many partners, or very different ones, pulling the work in several directions.",
    ),
    (
        CHALLENGE,
        "People moving on",
        "A partner's contact leaves or changes role and continuity suffers.",
    ),
    (
        CHALLENGE,
        "Conflict and difficult partners",
        "Disagreement, walk-outs, blocking or hostility between partners.",
    ),
    (
        CHALLENGE,
        "The broker's own doubts and leanings",
        "Competence, confidence, bias or becoming too attached to the partnership.",
    ),
    (
        ACTIVITY,
        "Mapping partners and interests",
        "Finding out who is involved, what each needs and who is missing.",
    ),
    (
        ACTIVITY,
        "Agreeing how to work together",
        "Ground rules, partnering agreements and decision rules.",
    ),
    (
        ACTIVITY,
        "Conversations and negotiation",
        "Partnering conversations, one-to-one meetings and interest-based negotiation.",
    ),
    (
        ACTIVITY,
        "Planning together",
        "Joint plans, planning tools and budgets owned by the partners.",
    ),
    (
        ACTIVITY,
        "Reviewing the partnership",
        "Health checks, review tools and acting on what they show.",
    ),
    (
        ACTIVITY,
        "Making things visible",
        "Charts, posters, stories, games or data that help partners see the same picture.",
    ),
]

CONSENT_STATEMENT_VERSION = "2026-1"
