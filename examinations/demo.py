"""Demo examinations, in our own words (see pbas_logbook/demo.py for the order).

candidate@example.org stays mid-programme: her logbook is the main demo and
is not submitted. An earlier cohort ("Demo cohort, earlier intake", started
twenty weeks ago, so its fifteen weeks are over) brings two more candidates
mentored by mentor2@example.org:

- Priya Nair (priya@example.org): submitted, assigned to
  examiner@example.org, mentor's report written, awaiting assessment.
- Tomás Ortega (tomas@example.org): submitted, assessed by both examiners,
  accredited by the coordinator with feedback; he keeps writing afterwards.

Both sign in with the demo password. Idempotent: an enrolment that already
has a submission is left alone. Submissions are frozen, so their dates are
the day the demo was seeded.
"""

import datetime

from django.utils import timezone

from entries import services as entry_services
from entries.models import Entry, Partnership
from entries.vocabulary import BrokerPosition
from examinations import services
from examinations.models import AssessmentCriterion, Outcome
from pbas_logbook.demo import DEMO_PASSWORD
from pbas_logbook.models import Cohort, Enrolment, User

# No season or year in the name: the dates move with the day of seeding.
COHORT_NAME = "Demo cohort, earlier intake"
COHORT_WEEKS_AGO = 20
PROGRAMME_WEEKS = 15

# --- Priya: Gibbs' cycle (Description, Feelings, Evaluation, Analysis,
# Conclusion, Action plan); an external broker for a mangrove partnership.

PRIYA = ("priya@example.org", "Priya Nair")
PRIYA_PARTNERSHIPS = [
    (
        "mangrove",
        "Delta Mangrove Restoration Partnership",
        "fisheries department, shrimp-farming company, two village councils, conservation NGO",
        BrokerPosition.EXTERNAL,
    ),
    (
        "schools",
        "Coastal Schools Water Programme",
        "district education office, water charity, parents' associations",
        BrokerPosition.EXTERNAL,
    ),
]
# week, title, aims, [six bodies], phases, tools, partnership keys
PRIYA_WEEKS = [
    (
        1,
        "Who is at the table, and who is not",
        "Meet each partner of the mangrove partnership separately and draw a first map of interests.",
        [
            "Five meetings in four days. The fisheries department wants replanting targets met; the shrimp company wants its licence renewed without a fight; the village councils want fishing grounds back.",
            "Energised, and a little daunted: everyone was friendly and nobody said what they needed.",
            "The separate meetings worked; people said more than they would have in a group.",
            "The women who collect crabs in the mangroves were mentioned by everyone and invited by no one.",
            "A map that only shows organisations misses the people the partnership is for.",
            "Ask the village councils how the crab collectors can take part in their own right.",
        ],
        ["scoping"],
        ["Partner mapping", "Partnering conversations"],
        ["mangrove"],
    ),
    (
        2,
        "A scoping note nobody read",
        "Circulate a two-page scoping note and get written comments from every partner.",
        [
            "I sent the scoping note on Monday. By Friday one partner had replied, with a question about the logo.",
            "Irritated, then embarrassed: two pages in English for partners who mostly work in Bengali.",
            "The note itself was sound. The format was wrong for half the readers.",
            "I wrote for the donor's eyes. The partners noticed.",
            "A document is only a tool if the partners can use it.",
            "Walk through the note out loud at the next meeting, with a translated one-page summary.",
        ],
        ["scoping"],
        ["Scoping note"],
        ["mangrove"],
    ),
    (
        3,
        "Reading the note together",
        "Walk the partners through the scoping note and agree three questions to settle first.",
        [
            "Reading it aloud took an hour and produced more comments than a week of email.",
            "Relief. The room felt like a partnership for the first time.",
            "",
            "Saying things aloud let the councils challenge the company without writing anything down, which felt safer to them.",
            "The medium changes who can speak.",
            "Keep decisions in the room and send short written records afterwards.",
        ],
        ["scoping"],
        ["Scoping note", "Partnering conversations"],
        ["mangrove"],
    ),
    (
        4,
        "Ground rules and a walk-out",
        "Agree ground rules, including how disagreements are raised.",
        [
            "The company's manager walked out when a council member called the ponds 'theft of the coast'. He came back after twenty minutes.",
            "My stomach dropped. My first instinct was to smooth it over, which would have buried the issue.",
            "I let the silence sit, then asked both to say what they needed from the other. That held.",
            "The walk-out was about history, not about the ground rules. Twenty years of land disputes came into the room.",
            "Ground rules cannot remove history; they can give it a safer way in.",
            "Add a rule on naming past grievances, and propose a separate session on land history.",
        ],
        ["scoping"],
        ["Ground rules"],
        ["mangrove"],
    ),
    (
        5,
        "Starting a second partnership",
        "Scope the schools water programme: who owns the school taps once they are installed?",
        [
            "A smaller partnership: the education office, a water charity and parents' associations in eight schools.",
            "More comfortable here: the partners already trust each other.",
            "Maybe too comfortable. Nobody has asked who pays for repairs in year three.",
            "Easy agreement early can mean the hard questions have not been asked yet.",
            "",
            "Put maintenance on the agenda before the first tap goes in.",
        ],
        ["scoping"],
        ["Scoping note", "Partner mapping"],
        ["schools"],
    ),
    (
        6,
        "Interests behind the licence",
        "Understand what the shrimp company needs, beyond the licence.",
        [
            "A long lunch with the company's manager. Their buyers in Europe now ask for proof that farms do not clear mangroves.",
            "Surprised, and hopeful: their interest and the partnership's purpose overlap more than I thought.",
            "Meeting one-to-one was the right call; he would not have said this in front of the councils.",
            "What looked like a fixed position (protect the ponds) was an interest (keep the buyers). Interests can be met in more than one way.",
            "Look for the pressure a partner is under, not only what they say they want.",
            "Propose that replanting data doubles as evidence the company can give its buyers.",
        ],
        ["scoping", "managing"],
        ["Interest-based negotiation"],
        ["mangrove"],
    ),
    (
        7,
        "A planning day that worked",
        "Run a planning day and leave with a one-page plan all partners can sign.",
        [
            "We used the partnership planning tool on a large wall chart. The crab collectors sent two representatives; one spoke about where the young trees die.",
            "Proud of the day, and wary of how good it felt.",
            "The plan is realistic. The budget column is still empty.",
            "The crab collectors' knowledge changed the replanting map. Inclusion was not a courtesy; it improved the work.",
            "",
            "Budget session next, with the donor in the room this time.",
        ],
        ["managing"],
        ["Partnership planning tool", "Charts, posters, story telling"],
        ["mangrove"],
    ),
    (
        8,
        "The donor wants a logframe",
        "Keep the plan the partners' own while meeting the donor's reporting format.",
        [
            "The donor asked for a logframe with indicators by the end of the month.",
            "Torn. I understand why they need it, and I can see the plan becoming the donor's.",
            "I drafted the logframe alone to save the partners time. That was a mistake I have made before.",
            "Donors' control arrives through paperwork more often than through decisions.",
            "Saving people time can take away their ownership.",
            "Take the draft back to the partners as a draft, and let them change the indicators.",
        ],
        ["managing"],
        ["Partnership planning tool"],
        ["mangrove"],
    ),
    (
        10,
        "Catching up after a missed week",
        "Find out what happened in the schools programme while I was away.",
        [
            "I missed a week through illness. The schools partners carried on and chose a tap supplier without me.",
            "A flash of being left out, then the realisation that this is a good sign.",
            "The choice was sensible and the process was fair.",
            "A partnership that can decide without its broker is healthier than one that waits for me.",
            "My job is to make myself less necessary.",
            "Ask the schools partners what support they still want from me, and what they no longer need.",
        ],
        ["managing"],
        ["Partnering conversations"],
        ["schools"],
    ),
    (
        11,
        "The councils disagree with each other",
        "Help the two village councils agree where the first planting goes.",
        [
            "The two councils want the first planting on their own shore. Both have good reasons.",
            "Tired. This is the third week of the same argument.",
            "My proposal of a coin toss was rejected as disrespectful, and they were right.",
            "Equity here means visible fairness over time, not one perfect split now.",
            "A fair sequence can matter more than a fair split.",
            "Propose alternating sites each season, written into the agreement.",
        ],
        ["managing"],
        ["Interest-based negotiation", "Partnering agreement"],
        ["mangrove"],
    ),
    (
        12,
        "A partnership agreement, signed",
        "Finalise the partnering agreement with the alternating-sites rule.",
        [
            "All five partners signed. The crab collectors' association signed as a partner, not as a beneficiary.",
            "Moved. Also aware that signatures are the easy part.",
            "The agreement is short and plain; everyone could explain it back to me.",
            "Naming the collectors as a partner shifted power on paper. Whether it shifts in meetings is the real test.",
            "",
            "Watch who speaks at the next three meetings, and keep count.",
        ],
        ["managing"],
        ["Partnering agreement"],
        ["mangrove"],
    ),
    (
        13,
        "Reviewing the schools programme",
        "Run a short review with the schools partners, using the review tool.",
        [
            "Seven of eight schools have working taps. One parents' association feels the charity decides everything.",
            "Defensive at first, since I had called this partnership the healthy one.",
            "The review tool made a quiet complaint visible, which is what it is for.",
            "I had mistaken comfort for equity. The charity holds the money and the contacts.",
            "Healthy-looking partnerships need reviewing too.",
            "Suggest the parents' associations chair the next two meetings.",
        ],
        ["reviewing"],
        ["Partnership review tool"],
        ["schools"],
    ),
    (
        14,
        "Counting who speaks",
        "Keep the promise from week 12: notice who speaks and who decides.",
        [
            "Over three meetings the crab collectors spoke eleven times; the company, forty. Better than before, far from equal.",
            "Mixed: encouraged by the change, uneasy that I keep score.",
            "Counting was crude but honest; it gave me something to show partners rather than an impression.",
            "Voice follows confidence and language as much as formal status.",
            "Data about the process can be shared with partners, not only data about results.",
            "Share the numbers at the next review and ask the partners what they make of them.",
        ],
        ["reviewing", "managing"],
        ["Partnership review tool", "Charts, posters, story telling"],
        ["mangrove"],
    ),
    (
        15,
        "Thinking about moving on",
        "Start a conversation about how the partnership runs without an external broker.",
        [
            "I raised my own exit at the steering meeting. The fisheries department asked me to stay another year.",
            "Flattered, which is exactly why I should be careful.",
            "The partnership has a signed agreement, a plan and a review rhythm. It needs a convenor, not me.",
            "Over-attachment is a risk for the broker as much as for the partners.",
            "Plan the exit from the start, not at the end.",
            "Use the moving-on checklist with the partners next month and agree who convenes after me.",
        ],
        ["sustaining"],
        ["Moving-on checklist"],
        ["mangrove", "schools"],
    ),
]
PRIYA_EDIT_WEEK = 8
PRIYA_EDITED_ANALYSIS = (
    "Donors' control arrives through paperwork more often than through decisions. "
    "My mentor asked whether I would have drafted the logframe alone for a partner who paid me; "
    "I am not sure I would have."
)
PRIYA_PAPER = (
    "Delta and classrooms: learning to step back",
    """## Where I started

I came to the programme as an external consultant used to delivering reports. In the first weeks I treated the mangrove partnership as a project to manage: I wrote the scoping note, I drafted the logframe, I proposed the compromise. Each time, the partners were polite and the work stalled.

## What changed

Three moments changed how I work. Reading the scoping note aloud (week 3) showed me that the format of a document decides who can take part. The walk-out (week 4) taught me that history comes into the room whether or not the ground rules allow it. And the week I was ill (week 10) showed me that the schools partnership was stronger when I was not there.

## Power and voice

The crab collectors were the people the mangrove partnership was for, and at first they were not in it. Bringing them in improved the replanting map, but counting who spoke (week 14) showed that being a signatory does not make a partner equal. I now think that a broker's main task on equity is to make the imbalance visible to the partners, so they can decide what to do about it.

## What I still find hard

I still reach for the pen. Twice I saved people time by writing for them and took away their ownership. My action plan for the next year is simple: draft nothing alone, and plan my exit from the first meeting.
""",
)
PRIYA_REPORT = (
    """Priya's logbook is honest and gets more analytical as the weeks go on. She names her own habit of writing for the partners and catches it twice.

She missed week 9 through illness and reflected on it well the week after. Her weekly aims are clear throughout.

I would like the examiner to look especially at weeks 4, 6 and 14.""",
    72,
    [
        "A clear thread from 'managing a project' to 'brokering a partnership'.",
        "Aims are set every week and revisited.",
        "Candid about her own habits; could go further on her position as an outsider.",
        "Good use of the planning and review tools, adapted to the setting.",
    ],
)

# --- Tomás: Rolfe's What? / So what? / Now what?; an internal broker at a
# food bank network.

TOMAS = ("tomas@example.org", "Tomás Ortega")
TOMAS_PARTNERSHIPS = [
    (
        "surplus",
        "City Food Surplus Partnership",
        "food bank network, three supermarkets, municipality, logistics company",
        BrokerPosition.INTERNAL,
    ),
]
# week, title, aims, [three bodies], phases, tools
TOMAS_WEEKS = [
    (
        1,
        "Broker and employee",
        "Tell each partner plainly that I work for the food bank network, and what that means for my role.",
        [
            "First round of meetings with the supermarkets, the city and the logistics company.",
            "Two partners assumed I would speak for the food bank. It is my employer; they had every reason to.",
            "Open each meeting by naming my position and inviting partners to call me out when I slip.",
        ],
        ["scoping"],
        ["Partner mapping"],
    ),
    (
        2,
        "What counts as waste",
        "Agree a shared definition of surplus food.",
        [
            "The supermarkets say 'surplus', the city says 'waste', the food bank says 'donations'. Each word carries a different responsibility.",
            "Terminology is not a detail: it decides who is accountable for what.",
            "Write a one-paragraph glossary with all partners and use it in every document.",
        ],
        ["scoping"],
        ["Ground rules", "Partnering conversations"],
    ),
    (
        3,
        "The city goes quiet",
        "Find out why the municipality missed the second meeting.",
        [
            "The city's contact has moved to another department. Her replacement had never heard of us.",
            "Relying on one person in a public body is fragile. The partnership lives in her notebook, not in the institution.",
            "Ask for a written mandate from the city and a named deputy.",
        ],
        ["scoping"],
        ["Partnering conversations"],
    ),
    (
        4,
        "Ground rules",
        "Draft ground rules together, including on data sharing.",
        [
            "The supermarkets will not share volumes in a meeting where their competitors sit.",
            "Trust between competitors is the real issue, not trust in me.",
            "Propose that the logistics company aggregates the data and only totals are shared.",
        ],
        ["scoping"],
        ["Ground rules"],
    ),
    (
        5,
        "A neutral pair of hands",
        "Test the idea of the logistics company holding the data.",
        [
            "All three supermarkets accepted. The logistics company was pleased to be more than a truck.",
            "Giving a quieter partner a visible role rebalanced the group.",
            "Write the data arrangement into the draft agreement.",
        ],
        ["scoping", "managing"],
        ["Interest-based negotiation"],
    ),
    (
        6,
        "My boss wants credit",
        "Handle my director's request to put the food bank's logo first on the launch material.",
        [
            "My director asked for our logo to lead. The supermarkets want equal billing.",
            "This is the internal broker's bind: my employer's interest against the partnership's. I felt it in my stomach.",
            "Explain to my director that equal billing protects our relationships, and put the question to the partners rather than deciding it myself.",
        ],
        ["managing"],
        ["Partnering conversations"],
    ),
    (
        7,
        "Launch day",
        "Launch the pilot in two districts.",
        [
            "The pilot started: two supermarkets, two districts, four hundred kilos in the first week.",
            "A success on the numbers. The volunteers at the depots were not asked about the timing and are stretched.",
            "Add the depot coordinators to the steering group.",
        ],
        ["managing"],
        ["Partnership planning tool"],
    ),
    (
        8,
        "Volunteers in the room",
        "Bring depot coordinators into the steering group.",
        [
            "Two depot coordinators joined. They changed the collection times within ten minutes of the meeting starting.",
            "The people who do the work know what will break first.",
            "Keep a standing slot for the depots at the top of each agenda.",
        ],
        ["managing"],
        ["Partnering conversations"],
    ),
    (
        9,
        "A supermarket wants out",
        "Understand why one supermarket is thinking of leaving.",
        [
            "Its head office prefers a national partner with one contract for all stores.",
            "Not a failure of the partnership; a change of strategy upstream. Still, I took it personally.",
            "Ask what a graceful exit would look like for them, and what they would need to stay in one district.",
        ],
        ["managing", "reviewing"],
        ["Interest-based negotiation"],
    ),
    (
        10,
        "Staying in one district",
        "Agree a reduced role for the departing supermarket.",
        [
            "They will stay in one district for six months and then review.",
            "A partial exit can keep a relationship that a full exit would end.",
            "Use the moving-on checklist early, not only at the end.",
        ],
        ["reviewing"],
        ["Moving-on checklist"],
    ),
    (
        11,
        "Review with the partners",
        "Run a mid-pilot review using the partnership review tool.",
        [
            "The review was frank. The city feels it gives legitimacy and gets little visibility.",
            "Every partner needs to see its own value in the partnership, not only the shared value.",
            "Ask the city to present the results at the next council meeting.",
        ],
        ["reviewing"],
        ["Partnership review tool", "SWOT analysis"],
    ),
    (
        12,
        "Numbers and stories",
        "Prepare a short report for the council that shows impact and value.",
        [
            "Twelve tonnes redistributed. The depot coordinators told stories that moved the councillors more than the tonnes did.",
            "Impact and value are different: the tonnes are impact; the new working relationships are the value.",
            "Keep collecting both, and say which is which.",
        ],
        ["reviewing"],
        ["Charts, posters, story telling"],
    ),
    (
        13,
        "A new partner asks to join",
        "Decide with the partners how a fourth supermarket could join.",
        [
            "A discount chain asked to join. Two partners worry about their brand.",
            "Scale brings diversity, and diversity brings friction. The ground rules need an entry process.",
            "Draft a joining procedure and let the partners decide the first case with it.",
        ],
        ["scoping", "managing"],
        ["Ground rules", "Partnering agreement"],
    ),
    (
        14,
        "The agreement, renewed",
        "Renew the partnering agreement for a second year.",
        [
            "Renewed with the discount chain in, the joining procedure attached and the data rule unchanged.",
            "The partnership now has rules of its own that do not depend on me.",
            "Hand the steering group's chair to the city for the second year.",
        ],
        ["sustaining"],
        ["Partnering agreement"],
    ),
    (
        15,
        "Looking back at the broker I was",
        "Write down what I would tell myself in week 1.",
        [
            "I read my first entries again. I was defending the food bank's interests without noticing.",
            "Naming my position did not remove my bias; it let others correct it.",
            "Keep writing this logbook after the programme: the habit of reflection is the part I want to keep.",
        ],
        ["sustaining", "reviewing"],
        ["Partnership review tool"],
    ),
]
TOMAS_PAPER = (
    "An insider in the middle",
    """## The question I started with

Can someone employed by one partner broker fairly between all of them? In week 1 I thought that naming my position would be enough. By week 6, when my director asked for our logo to lead, I knew it was not.

## What I learned

**Position is not a confession, it is an invitation.** Saying "I work for the food bank" at the start of each meeting did not make me neutral. It gave the partners permission to challenge me, and they did, usefully, several times.

**Trust between partners matters more than trust in me.** The supermarkets did not distrust me; they distrusted each other. Giving the logistics company the data role (weeks 4–5) solved a problem I could never have solved by being more trustworthy.

**The people who do the work belong in the room.** The depot coordinators changed the plan in ten minutes (week 8). I should have invited them in week 1.

## What I would do differently

I would plan exits and entries from the start. The departing supermarket (weeks 9–10) and the joining discount chain (week 13) both tested rules we had not written yet.

## After the programme

I will keep the logbook. The habit of writing each week, honestly, is the most useful tool the programme gave me.
""",
)
TOMAS_REPORT = (
    """Tomás has worked through the hardest question for an internal broker, his own position, with real honesty. The week 6 entry is the turning point.

The logbook is concise. Some weeks could go deeper, but every week has clear aims and a clear next step.""",
    76,
    [
        "A clear story from week 1 to week 15.",
        "Aims are specific and always followed up.",
        "Strong on his own bias as an internal broker.",
        "Good range of tools, used with judgement.",
    ],
)
TOMAS_ASSESSMENTS = [
    (
        "examiner@example.org",
        Outcome.ACCREDITED,
        74,
        """A well-kept logbook by a broker who knows where he stands.

**Strengths**

- The tension of being an internal broker is faced directly (weeks 1, 6, 15).
- Aims and next steps are concrete every week.
- Good judgement in giving the data role to a neutral partner.

**To develop**

- Some entries describe rather than analyse; the *So what?* sections could go further.
- The final paper could say more about power between the supermarkets and the city.""",
        [
            "Coherent and easy to follow.",
            "Consistently clear.",
            "Honest and increasingly analytical.",
            "Tools chosen well for the situation.",
        ],
    ),
    (
        "examiner2@example.org",
        Outcome.ACCREDITED,
        71,
        """I agree with the mentor's view: honest, practical and clear.

The reflection on the departing supermarket (weeks 9–10) is a good example of learning from something that felt like failure. I would have liked more on the depot volunteers' experience.""",
        [
            "Clear narrative.",
            "Aims set and revisited.",
            "Good self-criticism in weeks 6 and 15.",
            "Sound use of the review tool.",
        ],
    ),
]
TOMAS_DECISION = (
    Outcome.ACCREDITED,
    73,
    """Congratulations: you are accredited as a partnership broker.

Both examiners found your logbook honest and clear, and your reflection on working as an internal broker stood out. Their main suggestion for your practice: push your *So what?* further, especially on power between partners.""",
)
# The week is filled in when seeding: whatever week it is now.
TOMAS_AFTER = (
    "Still writing after the programme",
    "Keep the weekly habit going.",
    [
        "The city chaired its first steering meeting. I said less than ever.",
        "Writing weekly still helps me notice when I slip back into speaking for my employer.",
        "Next: ask the city whether it wants help with the annual review, or not.",
    ],
    ["sustaining"],
    [],
)


# --- Seeding ------------------------------------------------------------------------


def _person(email: str, full_name: str) -> User:
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email, DEMO_PASSWORD, full_name=full_name)
    return user


def _written_at(enrolment: Enrolment, week: int) -> datetime.datetime:
    """The evening after the week's last day: written in good time."""
    day = enrolment.week_start(week) + datetime.timedelta(days=7)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(20, 0)))


def _backdate(entry: Entry, when: datetime.datetime) -> None:
    Entry.objects.filter(pk=entry.pk).update(
        created_at=when, updated_at=when, shared_at=when, first_shared_at=when
    )


def _write(enrolment, week, title, aims, bodies, phases, tools, partnerships=(), share=True):
    return entry_services.entry_save(
        enrolment=enrolment,
        text=entry_services.EntryText(
            week=week,
            title=title,
            aims=aims,
            bodies=list(bodies),
            partnerships=list(partnerships),
            phases=list(phases),
            tools=list(tools),
        ),
        share=share,
    )


def _notes(notes: list[str]) -> dict[str, str]:
    """Notes against the programme's criteria, in the criteria's order."""
    criteria = AssessmentCriterion.objects.order_by("position", "pk")
    return {str(c.pk): note for c, note in zip(criteria, notes, strict=False)}


def _seed_priya(demo, enrolment: Enrolment) -> None:
    entry_services.headings_apply_preset(enrolment=enrolment, key="gibbs")
    partnerships = {
        key: Partnership.objects.create(
            enrolment=enrolment, name=name, sector_mix=sectors, position=position
        )
        for key, name, sectors, position in PRIYA_PARTNERSHIPS
    }
    for week, title, aims, bodies, phases, tools, keys in PRIYA_WEEKS:
        entry = _write(
            enrolment, week, title, aims, bodies, phases, tools, [partnerships[k] for k in keys]
        )
        if week == PRIYA_EDIT_WEEK:
            # A substantive edit after sharing: the reading view and the PDF
            # carry the "edited after sharing" mark for this week.
            text = entry_services.EntryText.from_entry(entry)
            text.bodies[3] = PRIYA_EDITED_ANALYSIS
            entry = entry_services.entry_save(
                enrolment=enrolment, text=text, entry=entry, version=entry.version
            )
        _backdate(entry, _written_at(enrolment, week))
    title, body = PRIYA_PAPER
    services.paper_save(enrolment=enrolment, title=title, body=body, version=None)
    candidate = enrolment.candidate
    submission = services.submission_create(enrolment=enrolment, by=candidate, expected_version=1)
    services.examiner_assign(
        submission=submission,
        examiner=demo.people["examiner@example.org"],
        by=demo.people["coordinator@example.org"],
    )
    body, mark, notes = PRIYA_REPORT
    services.mentor_report_save(
        submission=submission,
        mentor=enrolment.mentor,
        body=body,
        proposed_mark=mark,
        criterion_notes=_notes(notes),
    )


def _seed_tomas(demo, enrolment: Enrolment) -> None:
    entry_services.headings_apply_preset(enrolment=enrolment, key="rolfe")
    _key, name, sectors, position = TOMAS_PARTNERSHIPS[0]
    partnership = Partnership.objects.create(
        enrolment=enrolment, name=name, sector_mix=sectors, position=position
    )
    for week, title, aims, bodies, phases, tools in TOMAS_WEEKS:
        entry = _write(enrolment, week, title, aims, bodies, phases, tools, [partnership])
        _backdate(entry, _written_at(enrolment, week))
    title, body = TOMAS_PAPER
    services.paper_save(enrolment=enrolment, title=title, body=body, version=None)
    submission = services.submission_create(
        enrolment=enrolment, by=enrolment.candidate, expected_version=1
    )
    coordinator = demo.people["coordinator@example.org"]
    for email, *_ in TOMAS_ASSESSMENTS:
        services.examiner_assign(submission=submission, examiner=demo.people[email], by=coordinator)
    body, mark, notes = TOMAS_REPORT
    services.mentor_report_save(
        submission=submission,
        mentor=enrolment.mentor,
        body=body,
        proposed_mark=mark,
        criterion_notes=_notes(notes),
    )
    for email, outcome, mark, feedback, notes in TOMAS_ASSESSMENTS:
        services.assessment_record(
            submission=submission,
            examiner=demo.people[email],
            outcome=outcome,
            mark=mark,
            feedback=feedback,
            criterion_notes=_notes(notes),
        )
    outcome, mark, feedback = TOMAS_DECISION
    services.decision_record(
        submission=submission, by=coordinator, outcome=outcome, mark=mark, feedback=feedback
    )
    # The logbook is his: he keeps writing after accreditation (a draft,
    # never part of the submission).
    title, aims, bodies, phases, tools = TOMAS_AFTER
    week = enrolment.current_week(demo.today)
    _write(enrolment, week, title, aims, bodies, phases, tools, [partnership], share=False)


def seed(demo) -> None:
    monday = demo.today - datetime.timedelta(days=demo.today.weekday())
    cohort, _ = Cohort.objects.get_or_create(
        name=COHORT_NAME,
        defaults={"start_date": monday - datetime.timedelta(weeks=COHORT_WEEKS_AGO)},
    )
    mentor = demo.people["mentor2@example.org"]
    for (email, full_name), fill in ((PRIYA, _seed_priya), (TOMAS, _seed_tomas)):
        candidate = _person(email, full_name)
        demo.people[email] = candidate
        enrolment, _ = Enrolment.objects.get_or_create(
            candidate=candidate,
            cohort=cohort,
            defaults={
                "mentor": mentor,
                "start_date": cohort.start_date,
                "length_weeks": PROGRAMME_WEEKS,
            },
        )
        demo.enrolments[email] = enrolment
        if enrolment.submissions.exists() or enrolment.entries.exists():
            continue
        fill(demo, enrolment)
