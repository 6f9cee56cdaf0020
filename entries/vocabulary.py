"""The profession's vocabulary for tagging entries, and heading presets.

Written in our own words from DOMAIN.md. Phases are a fixed list (a forged
value is refused); tools are a suggested list plus the candidate's own tags.
"""

from django.db import models


class Phase(models.TextChoices):
    SCOPING = "scoping", "Scoping & building"
    MANAGING = "managing", "Managing & maintaining"
    REVIEWING = "reviewing", "Reviewing & revising"
    SUSTAINING = "sustaining", "Sustaining outcomes"


class BrokerPosition(models.TextChoices):
    INTERNAL = "internal", "Internal (inside one partner organisation)"
    EXTERNAL = "external", "External (independent, works for all partners)"


SUGGESTED_TOOLS = [
    "Ground rules",
    "Partnering cycle",
    "Partnering conversations",
    "Partnership planning tool",
    "Interest-based negotiation",
    "Partnering agreement",
    "Partnership review tool",
    "SWOT analysis",
    "Moving-on checklist",
    "Appreciative inquiry",
    "Scoping note",
    "Partner mapping",
    "Role play or games",
    "Charts, posters, story telling",
]

# (key, name, [(title, guidance prompt), ...])
HEADING_PRESETS = [
    (
        "practice",
        "Seven practice themes",
        [
            ("Learning from what I am doing", "What did this week's work teach you?"),
            (
                "Dealing with working in isolation",
                "Where did you feel on your own, and what helped?",
            ),
            (
                "Keeping my focus on the primary purpose",
                "Did the partnership's purpose stay in view?",
            ),
            ("Maintaining a flexible approach", "Where did you have to adapt your plan?"),
            ("Improving my brokering practice", "What would you do differently next time?"),
            ("Maintaining progress against goals", "How far did you get against this week's aims?"),
            (
                "Problem solving and managing issues",
                "Which issues came up and how were they handled?",
            ),
        ],
    ),
    (
        "short",
        "Five short headings",
        [
            ("Issues", "What got in the way?"),
            ("Thoughts", ""),
            ("Working well!", "What went well, and why?"),
            ("Unexpected outcomes", "What surprised you?"),
            ("Lessons", "What will you carry forward?"),
        ],
    ),
    (
        "gibbs",
        "Gibbs' reflective cycle",
        [
            ("Description", "What happened?"),
            ("Feelings", "What were you thinking and feeling?"),
            ("Evaluation", "What was good and bad about the experience?"),
            ("Analysis", "What sense can you make of the situation?"),
            ("Conclusion", "What else could you have done?"),
            ("Action plan", "If it arose again, what would you do?"),
        ],
    ),
    (
        "rolfe",
        "What? / So what? / Now what?",
        [
            ("What?", "Describe the situation and your part in it."),
            ("So what?", "Why does it matter? What does it tell you about your brokering?"),
            ("Now what?", "What will you do next, and what would improve the outcome?"),
        ],
    ),
]
