"""The profession's vocabulary for tagging entries, and heading presets.

Written in our own words from DOMAIN.md. Phases are a fixed list (a forged
value is refused); tools are a suggested list plus the candidate's own tags.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Phase(models.TextChoices):
    SCOPING = "scoping", _("Scoping & building")
    MANAGING = "managing", _("Managing & maintaining")
    REVIEWING = "reviewing", _("Reviewing & revising")
    SUSTAINING = "sustaining", _("Sustaining outcomes")


class BrokerPosition(models.TextChoices):
    INTERNAL = "internal", _("Internal (inside one partner organisation)")
    EXTERNAL = "external", _("External (independent, works for all partners)")


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
        _("Seven practice themes"),
        [
            (_("Learning from what I am doing"), _("What did this week's work teach you?")),
            (
                _("Dealing with working in isolation"),
                _("Where did you feel on your own, and what helped?"),
            ),
            (
                _("Keeping my focus on the primary purpose"),
                _("Did the partnership's purpose stay in view?"),
            ),
            (_("Maintaining a flexible approach"), _("Where did you have to adapt your plan?")),
            (_("Improving my brokering practice"), _("What would you do differently next time?")),
            (
                _("Maintaining progress against goals"),
                _("How far did you get against this week's aims?"),
            ),
            (
                _("Problem solving and managing issues"),
                _("Which issues came up and how were they handled?"),
            ),
        ],
    ),
    (
        "short",
        _("Five short headings"),
        [
            (_("Issues"), _("What got in the way?")),
            (_("Thoughts"), ""),
            (_("Working well!"), _("What went well, and why?")),
            (_("Unexpected outcomes"), _("What surprised you?")),
            (_("Lessons"), _("What will you carry forward?")),
        ],
    ),
    (
        "gibbs",
        _("Gibbs' reflective cycle"),
        [
            (_("Description"), _("What happened?")),
            (_("Feelings"), _("What were you thinking and feeling?")),
            (_("Evaluation"), _("What was good and bad about the experience?")),
            (_("Analysis"), _("What sense can you make of the situation?")),
            (_("Conclusion"), _("What else could you have done?")),
            (_("Action plan"), _("If it arose again, what would you do?")),
        ],
    ),
    (
        "rolfe",
        _("What? / So what? / Now what?"),
        [
            (_("What?"), _("Describe the situation and your part in it.")),
            (_("So what?"), _("Why does it matter? What does it tell you about your brokering?")),
            (_("Now what?"), _("What will you do next, and what would improve the outcome?")),
        ],
    ),
]
