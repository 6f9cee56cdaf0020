"""Demo logbooks, in our own words (see pbas_logbook/demo.py for the order).

candidate@example.org: ten weeks under her own headings, two partnerships,
eight entries shared, two drafts, one written late. candidate2@example.org:
a few entries under the short preset. Idempotent: a logbook that already
has entries is left alone.
"""

import datetime

from django.utils import timezone

from entries import services
from entries.models import Entry, Heading, Partnership
from entries.vocabulary import BrokerPosition

CAMILLE_HEADINGS = [
    ("Learning from what I am doing", "What did this week's work teach you about brokering?"),
    ("Working in isolation", "Where were you on your own, and what helped?"),
    ("Keeping the primary purpose in view", "Did the partnership's purpose stay in sight?"),
    ("Improving my brokering practice", "What would you do differently next time?"),
    ("Lessons", "What will you carry forward?"),
]

# week, title, aims, [one body per heading], phases, tools, partnership keys, shared, days late
CAMILLE_WEEKS = [
    (
        1,
        "Getting my bearings",
        "Meet the three lead partners of the river clean-up alliance one by one; map who wants what.",
        [
            "Three conversations, three different stories about why the alliance exists. The water "
            "utility sees compliance, the fishing cooperative sees livelihoods, the district council "
            "sees an election year. I need to hold all three without picking one.",
            "Nobody to debrief with after the council meeting. I wrote notes on the bus home, which "
            "helped more than I expected.",
            "The stated purpose on paper is *cleaner water by 2028*. Nobody said it aloud this week.",
            "I talked too much in the first meeting. Next time: ask, then wait.",
            "Map interests before positions.",
        ],
        ["scoping"],
        ["Partner mapping", "Partnering conversations"],
        ["river"],
        True,
        0,
    ),
    (
        2,
        "Ground rules, first draft",
        "Draft ground rules with the partners; test them on a small decision.",
        [
            "Drafting ground rules together took twice as long as planned, and that was the point: "
            "the arguing *was* the trust-building.",
            "",
            "The cooperative asked why we need rules at all. Good question; I answered with purpose.",
            "I wrote the first draft myself to save time. It was rejected, rightly.",
            "- Co-write, don't pre-write.\n- Slow is fine in week two.",
        ],
        ["scoping"],
        ["Ground rules"],
        ["river"],
        True,
        1,
    ),
    (
        3,
        "A partner goes quiet",
        "Find out why the utility has missed two calls; keep the others moving.",
        [
            "The utility's lead has been moved to another project. Nobody told us. Changes of partner "
            "personnel are exactly the risk the training warned about.",
            "Felt exposed: I am external, so I have no colleague inside who can explain what happened.",
            "Kept the monthly meeting on the calendar so the alliance did not stall.",
            "I should have asked each partner for a second contact in week one.",
            "Always have two contacts per partner.",
        ],
        ["scoping", "managing"],
        ["Partnering conversations"],
        ["river"],
        True,
        2,
    ),
    (
        4,
        "Interests, not positions",
        "Run an interest-based session on the water-testing budget.",
        [
            "The budget fight dissolved once we listed what each partner needed the tests *for*. "
            "Two of them needed the same data for different reports.",
            "",
            "",
            "Used a flip chart with three columns; people argued with the chart, not each other.",
            "Make disagreements visible and impersonal.",
        ],
        ["managing"],
        ["Interest-based negotiation", "Charts, posters, story telling"],
        ["river"],
        True,
        0,
    ),
    (
        5,
        "Second partnership begins",
        "Scope the youth employment partnership: who should be at the table?",
        [
            "A very different partnership: a bank, two training NGOs and the city's labour office. "
            "Here I am internal: the bank employs me. I notice I defend the bank's view by reflex.",
            "",
            "Purpose is not settled yet; the NGOs want reach, the bank wants placements.",
            "Declare my position at the start of each meeting, so partners can discount for it.",
            "Internal brokers need to name their bias out loud.",
        ],
        ["scoping"],
        ["Scoping note", "Partner mapping"],
        ["youth"],
        True,
        0,
    ),
    (
        6,
        "Late write-up of a hard week",
        "Keep both partnerships moving through a week of travel.",
        [
            "Writing this ten days late and the details are already blurry. What I remember: the "
            "council asked for the alliance's logo to be theirs. I said yes too quickly.",
            "Travelling alone for five days; no space to think between meetings.",
            "The logo question is about credit, which is about the election. Purpose drifted.",
            "Block thirty minutes after each meeting to write, wherever I am.",
            "Write the logbook in the week, not after it.",
        ],
        ["managing"],
        [],
        ["river", "youth"],
        True,
        17,
    ),
    (
        7,
        "Reviewing the alliance",
        "Use the partnership review tool with all river partners.",
        [
            "The review surfaced that the cooperative feels like a junior partner. They supply the "
            "volunteers and get the smallest voice in decisions.",
            "",
            "Equity and power, not budget, is the real issue.",
            "I had assumed silence meant agreement. It meant disengagement.",
            "Ask the quietest partner first.",
        ],
        ["reviewing"],
        ["Partnership review tool", "SWOT analysis"],
        ["river"],
        True,
        0,
    ),
    (
        8,
        "Rebalancing voice",
        "Propose a rotating chair for the alliance.",
        [
            "The rotating chair was accepted, with the cooperative chairing first. The utility was "
            "lukewarm but did not block it.",
            "My mentor's question from last week (*who benefits from the current set-up?*) stayed "
            "with me all week.",
            "",
            "Let the partners own the proposal; I only framed the options.",
            "Structure can shift power more than speeches can.",
        ],
        ["reviewing", "managing"],
        ["Partnering agreement"],
        ["river"],
        True,
        0,
    ),
    (
        9,
        "Draft: youth partnership stalls",
        "Get the labour office to name a lead.",
        [
            "Still no named lead from the labour office. I am starting to wonder whether the public "
            "sector partner can commit at all before the budget cycle.",
            "",
            "",
            "",
            "",
        ],
        ["scoping"],
        [],
        ["youth"],
        False,
        0,
    ),
    (
        10,
        "",
        "Prepare the moving-on conversation for the river alliance's first phase.",
        [
            "Half-formed thoughts: the alliance may not need me in the same way after the summer. "
            "What does a good exit look like?",
            "",
            "",
            "",
            "",
        ],
        ["sustaining"],
        ["Moving-on checklist"],
        ["river"],
        False,
        0,
    ),
]

KWAME_WEEKS = [
    (
        1,
        "Starting out",
        "Introduce myself to the health partnership's partners.",
        [
            "Slow start; two partners did not reply.",
            "Everyone is polite and nobody commits.",
            "It went well that the clinic director offered a room.",
            "",
            "Follow up by phone, not email.",
        ],
        ["scoping"],
        ["Partner mapping"],
        True,
    ),
    (
        2,
        "Terminology",
        "Agree what 'community health worker' means across partners.",
        [
            "Three partners, three definitions.",
            "",
            "",
            "The donor's definition wins by default; is that fair?",
            "Agree words before plans.",
        ],
        ["scoping"],
        ["Ground rules"],
        True,
    ),
    (
        3,
        "Draft thoughts",
        "",
        ["Donor wants a logframe by Friday.", "", "", "", ""],
        ["managing"],
        [],
        False,
    ),
]


def _backdate(entry: Entry, *, written: datetime.datetime, shared: bool) -> None:
    Entry.objects.filter(pk=entry.pk).update(
        created_at=written,
        updated_at=written,
        shared_at=written if shared else None,
        first_shared_at=written if shared else None,
    )


def _week_end_evening(enrolment, week: int, days_late: int) -> datetime.datetime:
    day = enrolment.week_start(week) + datetime.timedelta(days=6 + days_late)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(19, 30)))


def _seed_camille(enrolment) -> None:
    if Heading.objects.filter(enrolment=enrolment).exists() or enrolment.entries.exists():
        return
    for i, (title, prompt) in enumerate(CAMILLE_HEADINGS):
        Heading.objects.create(enrolment=enrolment, position=i, title=title, prompt=prompt)
    partnerships = {
        "river": Partnership.objects.create(
            enrolment=enrolment,
            name="River Clean-up Alliance",
            sector_mix="water utility, fishing cooperative, district council",
            position=BrokerPosition.EXTERNAL,
        ),
        "youth": Partnership.objects.create(
            enrolment=enrolment,
            name="Youth Employment Compact",
            sector_mix="bank, two training NGOs, city labour office",
            position=BrokerPosition.INTERNAL,
        ),
    }
    for week, title, aims, bodies, phases, tools, keys, shared, days_late in CAMILLE_WEEKS:
        entry = services.entry_save(
            enrolment=enrolment,
            text=services.EntryText(
                week=week,
                title=title,
                aims=aims,
                bodies=bodies,
                partnerships=[partnerships[k] for k in keys],
                phases=phases,
                tools=tools,
            ),
            share=shared,
        )
        _backdate(entry, written=_week_end_evening(enrolment, week, days_late), shared=shared)


def _seed_kwame(enrolment) -> None:
    if Heading.objects.filter(enrolment=enrolment).exists() or enrolment.entries.exists():
        return
    services.headings_apply_preset(enrolment=enrolment, key="short")
    for week, title, aims, bodies, phases, tools, shared in KWAME_WEEKS:
        entry = services.entry_save(
            enrolment=enrolment,
            text=services.EntryText(
                week=week, title=title, aims=aims, bodies=bodies, phases=phases, tools=tools
            ),
            share=shared,
        )
        _backdate(entry, written=_week_end_evening(enrolment, week, 1), shared=shared)


def seed(demo) -> None:
    _seed_camille(demo.enrolments["candidate@example.org"])
    _seed_kwame(demo.enrolments["candidate2@example.org"])
