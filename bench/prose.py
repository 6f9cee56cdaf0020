"""Generated logbook prose: varied enough that full-text search is honest.

Sentences are built from templates (written in our own words from the
domain notes) whose slots take partnership, organisation, town and people
names, tools, challenges and feelings. Each worker draws a pool of generic
sentences once; each candidate adds a few sentences of their own that name
their partnerships, towns and colleagues, so a search for a partner's name
is as selective as it would be in real logbooks and the vocabulary has a
long tail of proper nouns.

Text carries no Markdown or HTML specials (``* _ # & < > [ ] ` |``), so its
HTML is produced alongside it exactly as ``library.markdown`` would
render it: paragraphs and bullet lists (a test checks the equivalence).
"""

import random
import string

from entries.vocabulary import SUGGESTED_TOOLS


def _words(text: str, separator: str | None = None) -> list[str]:
    """Items of a word list written across several lines."""
    return [" ".join(item.split()) for item in text.split(separator) if item.strip()]


FIRST_NAMES = _words("""Amara Kofi Ines Mateo Priya Tomás Yuki Aroha Leila Dmitri Chidi Sofia Haruto
Nadia Olu Camille Rahul Zanele Mei Farid Lucia Kwame Anya Jonas Fatima Diego Ingrid Tariq Nia
Elif Bruno Sakura Ayesha Pedro Noor Malik Freya Rania Joaquín Hana Emeka Saskia Vikram Lina
Tendai Marta Omar Keiko Rosa Sipho Elena Arjun Wanjiru Felipe Astrid Hamza Mariam Kenji Thandiwe
Beatriz Nikolai Adaeze Luca Sunita Karim Ximena Matías Efua Ravi""")
SURNAMES = _words("""Okafor Silva Nakamura Haddad Petrov Mensah Rossi Kowalski Banerjee Moreau
Ndlovu Tanaka Osei Garcia Lindqvist Rahman Costa Mwangi Chen Dubois Adeyemi Novak Sato Kaplan Ortega
Fischer Appiah Jensen Mahlangu Castro Ibrahim Wójcik Nguyen Bianchi Achebe Larsen Qureshi
Ferreira Kimura Mbeki Santos Hoffmann Owusu Alvarez Karlsson Patel Yilmaz Moyo Reyes Bakker
Sokolova Eze Duarte Hashemi Tembo Romero Nilsson Akhtar Lopes Kariuki Varga""")

_SYLLABLES = _words("""ka ri mo ten sa lu vin dor el ba ne tu ra chi o ma an ko li fe zo um be
ta wa ni go ve ru sha min dal ker po si nu hel yo bar kan de mi tor gu""")
_PLACE_ENDS = ["ville", "bury", "pur", "ton", "dale", "abad", "ney", "ia", "ro", "wick"]
_ORG_KINDS = _words(
    """Water Trust|Health Network|Farmers Cooperative|District Council|Youth Forum|
Chamber of Commerce|Women's Savings Group|Housing Association|Coastal Alliance|Teachers Union|
Energy Company|Community Foundation|Microfinance Bank|Forest Users Group|Refugee Council|
Sanitation Board|University Extension Unit|Fishing Cooperative|Market Traders Association|
Clinic Network""",
    "|",
)
SECTORS = ["business", "local government", "NGOs", "donors", "academia", "community groups"]

# The tools the logbook suggests: the same words as the entry form.
TOOLS = list(SUGGESTED_TOOLS)
OWN_TAGS = _words(
    """stakeholder map|exit plan|budget talks|steering group|site visit|baseline survey|
field trip|co-design workshop|donor report|power analysis|trust building|theory of change|
learning review|media plan|risk register""",
    "|",
)
CHALLENGES = _words(
    """terminology and language|context and culture|equity and power|transparency and trust|
working with the public sector|exit strategies|the donor's wish for control|learning from mistakes|
playing the partnering game|impact versus value|scale and diversity|changes of partner staff|
my own confidence|my bias towards one partner|over-attachment to the project|
decision making without the whole group|unclear roles|slow payments|competing deadlines|
rumours about funding""",
    "|",
)
FEELINGS = _words(
    """uneasy|relieved|frustrated|encouraged|tired but hopeful|out of my depth|
quietly proud|impatient|curious|anxious|energised|torn|surprisingly calm|stretched thin|
grateful""",
    "|",
)
MEETINGS = _words(
    """steering group meeting|one-to-one call|site visit|workshop|budget review|
partner breakfast|online check-in|field day|planning session|review meeting|informal coffee|
public consultation""",
    "|",
)
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "the weekend"]
ACTIONS = _words(
    """asked each partner what success would look like for them|
kept quiet for longer than felt comfortable|summarised the disagreement back to the group|
proposed a smaller first step|wrote up the options on a flip chart|
called the two sides separately before the meeting|shared a draft agreement for comments|
invited the quieter partner to open the discussion|named the tension out loud|
suggested we park the budget question|checked my notes against the ground rules|
drew the partnering cycle and asked where we are|offered to chair the next session|
stepped back and let the partners chair|went through the risks one by one""",
    "|",
)
OUTCOMES = _words(
    """the group agreed a next step|nothing was decided|two partners found common ground|
the tension came out into the open|the timetable slipped again|a new partner asked to join|
the donor softened its position|we lost an hour on process|the mood lifted noticeably|
one partner walked out early|the plan became more realistic|trust seemed a little stronger""",
    "|",
)
LESSONS = _words(
    """listen before proposing|write things down the same day|
ask who is missing from the table|separate interests from positions|
check assumptions with each partner privately|keep the primary purpose visible|
prepare the room as carefully as the agenda|let silence do some of the work|
make my own role explicit|review the ground rules every few weeks|
notice when I take sides|ask for feedback on my brokering""",
    "|",
)

GENERIC_TEMPLATES = [
    "At the {meeting} on {day} I {action}, and {outcome}.",
    "I felt {feeling} after the {meeting}, mostly because of {challenge}.",
    "The hardest part of this week was {challenge}.",
    "Looking back, I should {lesson}.",
    "We used the {tool} for the first time and {outcome}.",
    "My mentor asked why I {action}; I am still thinking about the answer.",
    "Next week I want to {lesson} and see whether anything changes.",
    "It is tempting to fix things myself, but the partners need to own the solution.",
    "I noticed that {challenge} keeps coming back in different forms.",
    "By {day} I was {feeling}, which tells me something about my own limits.",
    "The {tool} helped us talk about {challenge} without blaming anyone.",
    "Someone said the partnership only exists on paper, and nobody disagreed.",
    "I {action} and {outcome}; that felt like real progress.",
    "One thing that worked well was that I {action}.",
    "I wrote these notes on {day}, while the details were still fresh.",
    "Partners from {sector} and {sector2} see the same problem very differently.",
    "There is a risk that {challenge} undermines everything we agreed in the spring.",
    "I am not sure the partners noticed, but {outcome}.",
    "If I had to do the {meeting} again I would {lesson}.",
    "What I learned: {lesson}.",
    "The conversation about {challenge} was overdue.",
    "Working alone this week made me {feeling} and slower to decide.",
    "We agreed to revisit the {tool} at the next {meeting}.",
    "It struck me that {outcome} only after I {action}.",
    "My role as broker was unclear to at least one partner, so I explained it again.",
    "The minutes from the {meeting} say one thing; my memory says another.",
    "I tried to {lesson}, with mixed results.",
    "The budget question is still open, and it is colouring every discussion.",
    "A partner thanked me privately, which I did not expect.",
    "I caught myself defending one partner's position, which is not my job.",
]
PERSONAL_TEMPLATES = [
    "{person} from the {org} raised {challenge} again at the {meeting}.",
    "In {town} the {partnership} partners met without me for the first time.",
    "{person} and {person2} disagree about the timetable for the {partnership}.",
    "I visited {town} on {day} to see the {partnership} work on the ground.",
    "The {org} wants a bigger say in how the {partnership} spends its money.",
    "{person} asked me to chair the {partnership} {meeting}, and I said yes.",
    "For the {partnership}, {challenge} is the issue underneath the other issues.",
    "I called {person} after the meeting in {town}; {outcome}.",
    "The {org} and the {org2} finally sat at the same table.",
    "{person} said the {partnership} feels like it belongs to the donor, not to {town}.",
    "I left {town} {feeling}, unsure whether the {org} will stay in.",
    "{person} suggested we use the {tool}, and {outcome}.",
]
TITLE_TEMPLATES = [
    "{meeting} in {town}",
    "{tool} with the {partnership}",
    "A week of {challenge}",
    "Back in {town}",
    "{person} and the budget",
    "Listening more, talking less",
    "Week of small steps",
    "The {org} steps up",
    "Reworking the {tool}",
    "Who owns the {partnership}?",
    "Feeling {feeling}",
    "After the {meeting}",
]
AIMS_TEMPLATES = [
    "Prepare the {meeting} with the {partnership} and test the {tool}.",
    "Talk to {person} about {challenge} before the {meeting}.",
    "Write up the week's notes on the same day; {lesson}.",
    "Agree a next step with the {org} and check it with {person2}.",
    "Map who wants what in {town} and share it with the partners.",
    "Keep my own role explicit at the {meeting}; {lesson}.",
]
COMMENT_TEMPLATES = [
    "What did you notice about your own reaction when {challenge} came up?",
    "You say {outcome}. What made the difference, do you think?",
    "How would the {org} describe this week, if you asked them?",
    "This is a good example of why we {lesson}. Could you say more about what you did?",
    "I wonder whether the {tool} was the right choice here. What else could you have tried?",
    "You sound {feeling}. How did that shape what you did at the {meeting}?",
    "Who is missing from this account? Is anyone's view not represented?",
    "Try to separate what happened from what you made of it; the analysis is the valuable part.",
]
REPLY_TEMPLATES = [
    "Good question. I think I was {feeling} and it made me rush.",
    "I had not seen it that way. I will ask {person} at the next {meeting}.",
    "Fair point. Looking back, I should {lesson}.",
    "I tried the {tool} again and {outcome}.",
]
PAPER_OPENINGS = [
    "This paper follows my brokering journey through {weeks} weeks of practice.",
    "When I started, I thought brokering was mostly about good facilitation.",
    "Three partnerships shaped my learning over these months.",
]


_FIELDS: dict[str, list[str]] = {}
_SIMPLE_SLOTS = {
    "meeting": MEETINGS,
    "day": DAYS,
    "action": ACTIONS,
    "outcome": OUTCOMES,
    "feeling": FEELINGS,
    "challenge": CHALLENGES,
    "lesson": LESSONS,
    "tool": TOOLS,
    "sector": SECTORS[:3],
    "sector2": SECTORS[3:],
}
_OWN_SLOTS = {
    "town": "towns",
    "org": "orgs",
    "org2": "orgs",
    "person": "people",
    "person2": "people",
    "partnership": "partnerships",
}


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def _pseudo_word(rng: random.Random, syllables=(2, 3)) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(*syllables)))


def town_name(rng: random.Random) -> str:
    return (_pseudo_word(rng) + rng.choice(_PLACE_ENDS)).capitalize()


def org_name(rng: random.Random, town: str) -> str:
    return f"{town} {rng.choice(_ORG_KINDS)}"


class Prose:
    """A worker's text generator (deterministic for a given seed)."""

    def __init__(self, seed: int, pool_size: int = 20_000):
        self.rng = random.Random(seed)
        rng = self.rng
        self.generic = [self._fill(rng.choice(GENERIC_TEMPLATES), {}) for _ in range(pool_size)]
        self.average = sum(map(len, self.generic)) / pool_size + 1

    def _fill(self, template: str, own: dict) -> str:
        """The template with its slots filled (only the slots it uses are drawn)."""
        rng = self.rng
        fields = _FIELDS.get(template)
        if fields is None:
            fields = _FIELDS[template] = [
                name for _, name, _, _ in string.Formatter().parse(template) if name
            ]
        values = {}
        for name in fields:
            if name in _SIMPLE_SLOTS:
                values[name] = rng.choice(_SIMPLE_SLOTS[name])
            elif name in _OWN_SLOTS:
                source = own.get(_OWN_SLOTS[name])
                values[name] = rng.choice(source) if source else self._stand_in(name)
            else:  # weeks
                values[name] = own.get("weeks", 15)
        return template.format(**values)

    def _stand_in(self, name: str) -> str:
        """A proper noun for generic sentences, which have no candidate yet."""
        rng = self.rng
        if name in ("town",):
            return town_name(rng)
        if name in ("org", "org2"):
            return org_name(rng, town_name(rng))
        if name in ("person", "person2"):
            return person_name(rng)
        return "partnership"

    def candidate_world(self, partnerships: list[str]) -> dict:
        """The proper nouns of one candidate's logbook, and the sentences they
        draw on: a few hundred generic ones and a few dozen of their own
        (a writer's recurring themes; about one sentence in eight names
        their own partners, towns or colleagues)."""
        rng = self.rng
        towns = [town_name(rng) for _ in range(rng.randint(2, 4))]
        own = {
            "towns": towns,
            "orgs": [org_name(rng, rng.choice(towns)) for _ in range(rng.randint(3, 5))],
            "people": [person_name(rng) for _ in range(rng.randint(4, 7))],
            "partnerships": partnerships,
        }
        personal = [self._fill(rng.choice(PERSONAL_TEMPLATES), own) for _ in range(40)]
        own["pool"] = rng.sample(self.generic, 280) + personal
        return own

    def sentence(self, template_list, own) -> str:
        return self._fill(self.rng.choice(template_list), own)

    def section(self, own: dict, min_chars=200, max_chars=1500) -> tuple[str, str]:
        """(Markdown text, its HTML) of one section: 1-4 paragraphs, sometimes a list."""
        rng = self.rng
        target = int(rng.triangular(min_chars, max_chars, 550))
        picked = rng.choices(own["pool"], k=max(2, round(target / self.average)))
        while sum(map(len, picked)) + len(picked) < min_chars:
            picked.append(rng.choice(own["pool"]))
        sizes = [rng.randint(2, 5) for _ in picked]
        paragraphs = self._paragraphs(picked, sizes)
        while len(text := "\n\n".join(paragraphs)) > max_chars and len(picked) > 1:
            picked.pop()
            paragraphs = self._paragraphs(picked, sizes)
        html = "\n".join(f"<p>{p}</p>" for p in paragraphs)
        if rng.random() < 0.12 and len(text) < max_chars - 150:
            items = [item.capitalize() for item in rng.sample(LESSONS, 3)]
            text += "\n\n" + "\n".join(f"- {item}" for item in items)
            html += "\n<ul>\n" + "\n".join(f"<li>{item}</li>" for item in items) + "\n</ul>"
        return text, html

    @staticmethod
    def _paragraphs(sentences: list[str], sizes: list[int]) -> list[str]:
        paragraphs, start = [], 0
        for size in sizes:
            if start >= len(sentences):
                break
            paragraphs.append(" ".join(sentences[start : start + size]))
            start += size
        return paragraphs

    def short(self, template_list, own) -> tuple[str, str]:
        """A one-paragraph text (aims, comments) and its HTML."""
        rng = self.rng
        text = " ".join(self.sentence(template_list, own) for _ in range(rng.randint(1, 3)))
        return text, f"<p>{text}</p>"

    def paper(self, own: dict, weeks: int) -> tuple[str, str]:
        rng = self.rng
        paragraphs = [self._fill(rng.choice(PAPER_OPENINGS), {**own, "weeks": weeks})]
        for _ in range(rng.randint(8, 14)):
            paragraphs.append(" ".join(rng.choices(own["pool"], k=rng.randint(3, 7))))
        return "\n\n".join(paragraphs), "\n".join(f"<p>{p}</p>" for p in paragraphs)
