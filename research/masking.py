"""Masking: what a researcher must never read is replaced before they read it.

Masking works in two passes over the text.

1. **Shapes** are found first, as whole spans: web addresses, email
   addresses, phone numbers (Google's libphonenumber, through the
   ``phonenumbers`` package, in international and national forms), a
   name after a title ("Dr. Okafor", "Mama Ngozi") and names of
   organisations by their shape ("Nairobi Water Trust", "Ministry of
   Health"). A span is masked whole, so nothing inside an address is ever
   read as a name: ``kwame.o@gmail.com`` becomes "[email]", never
   "[name].o@gmail.com".
2. **Known words** are then looked up, outside those spans: every person
   the app knows (all accounts; see ``PeopleIndex``), this logbook's
   candidate and mentor (also as their names were when frozen), its
   partnerships, and the words the candidate chose themselves. Matching is

   - case-insensitive and accent-insensitive ("TOMAS" hides "Tomás");
   - whole words only, where a word is a run of letters or digits, so
     names inside punctuation, brackets, possessives and underscores are
     hidden ("(Priya)", "Priya's", "priya_nair") but "Tomasina" is not
     "Tomás";
   - flexible about spaces inside a phrase ("Delta  Mangrove" across a line).

   The longest phrase wins, so a partnership name is one "[partnership]"
   rather than word by word. A single part of the name of someone outside
   this logbook is not masked when written all in lower case: "Will",
   "Hope" or "Mark" as a name is written with a capital, "will", "hope"
   and "mark" are ordinary words; their full names are masked in any case.

Words are looked up in dictionaries, not tried one by one, so masking
costs the same for ten accounts or ten thousand. It runs in Python on the
frozen text every time research text is shown or exported, and the same
masker builds the search index, so every view masks alike.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import phonenumbers

NAME = "name"
EMAIL = "email"
PHONE = "phone"
URL = "url"
ORGANISATION = "organisation"
PARTNERSHIP = "partnership"
OWN = "masked"
MASK_LABELS = (NAME, EMAIL, PHONE, URL, ORGANISATION, PARTNERSHIP, OWN)

# Parts of names too common as ordinary words to hide on their own; the
# full name they belong to is still hidden.
NAME_PARTICLES = {
    "al", "bin", "binti", "da", "das", "de", "del", "della", "der", "des", "di", "do", "dos",
    "du", "el", "la", "le", "st", "van", "von", "y", "zu",
}  # fmt: skip
MIN_PART_CHARS = 2
# Someone else's name parts are masked on their own only from this length:
# "An", "Le" or "Jo" of a person the logbook never mentions would otherwise
# hide words at the start of sentences.
MIN_OTHER_PART_CHARS = 3
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_NAME_SPLIT = re.compile(r"[\s\-'.,]+")
_WORD = re.compile(r"[^\W_]+")
_SPACES = re.compile(r"\s+")


def _fold_char(char: str) -> str:
    """One character for one: its base letter, without accents."""
    base = unicodedata.normalize("NFD", char)[0]
    return base.translate(_APOSTROPHES)


def fold(text: str) -> str:
    """Accent-free text of exactly the same length (positions line up)."""
    return "".join(_fold_char(c) for c in text)


def name_parts(full_name: str, *, min_chars: int = MIN_PART_CHARS) -> list[str]:
    """The full name, and each part long enough to hide on its own."""
    full_name = " ".join(full_name.split())
    if not full_name:
        return []
    parts = [full_name]
    for chunk in full_name.split():
        if "-" in chunk or "'" in chunk.translate(_APOSTROPHES):
            parts.append(chunk)  # "Jean-Pierre", "O'Brien" as written
    for part in _NAME_SPLIT.split(full_name):
        key = fold(part).lower()
        # "Mrs", "Dr" or "PhD" in an account's name is not a name to hide.
        if len(part) >= min_chars and key not in NAME_PARTICLES and key not in _NOT_NAME_PARTS:
            parts.append(part)
    return parts


# --- Shapes: found first, masked whole ----------------------------------------------

_URL_END = ".,;:!?)]}'\"’”"
_SCHEME_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'`]+", re.IGNORECASE)
_WWW_URL = re.compile(r"\bwww\.[^\s<>\"'`]+", re.IGNORECASE)
# Common generic endings and every two-letter country ending but those
# that are also file types people name in a logbook (.md, .py, .sh).
_GENERIC_TLDS = (
    "com|org|net|edu|gov|int|mil|info|biz|io|ngo|ong|africa|asia|eu|app|dev|online|site|"
    "website|xyz|global|world|news|tech|earth|foundation|charity|community|coop|museum"
)
_COUNTRY_TLDS = (
    "ac|ad|ae|af|ag|al|am|ao|ar|at|au|az|ba|bb|bd|be|bf|bg|bh|bi|bj|bn|bo|br|bs|bt|bw|by|bz|"
    "ca|cd|cf|cg|ch|ci|cl|cm|cn|co|cr|cu|cv|cy|cz|de|dj|dk|dm|dz|ec|ee|eg|er|es|et|fi|fj|fm|"
    "fr|ga|gd|ge|gh|gm|gn|gr|gt|gy|hk|hn|hr|ht|hu|id|ie|il|in|iq|ir|is|it|jm|jo|jp|ke|kg|kh|"
    "ki|kr|kw|kz|la|lb|lc|lk|lr|ls|lt|lu|lv|ly|ma|mc|me|mg|mk|ml|mm|mn|mr|mt|mu|mv|mw|mx|my|"
    "mz|na|ne|ng|ni|nl|no|np|nz|om|pa|pe|pg|ph|pk|pl|pt|pw|qa|ro|rs|ru|rw|sa|sb|sc|sd|se|sg|"
    "si|sk|sl|sn|so|sr|ss|sv|sy|sz|td|tg|th|tj|tl|tm|tn|to|tr|tt|tv|tw|tz|ua|ug|uk|us|uy|uz|"
    "vc|ve|vn|vu|ws|ye|za|zm|zw"
)
# A bare address ("oxfam.org.uk/work"): its ending is written in lower
# case, so "partners.It was" (a missing space) is not taken for Italy.
_BARE_URL = re.compile(
    r"(?<![\w.@/-])(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+"
    rf"(?:{_GENERIC_TLDS}|{_COUNTRY_TLDS})(?![\w@-])(?:/[^\s<>\"'`]*)?"
)
_EMAIL = re.compile(
    r"(?<![\w.+-])[\w!#$%&'*+/=?^`{|}~-]+(?:\.[\w!#$%&'*+/=?^`{|}~-]+)*"
    r"\s*(?:@|[\[(]\s*at\s*[\])])\s*"
    r"[^\W_](?:[\w-]*[^\W_])?(?:\.[^\W_](?:[\w-]*[^\W_])?)*\.[^\W\d_]{2,}",
    re.IGNORECASE,
)
# Regions whose national forms are tried besides "+" and "00" numbers:
# "ZZ" reads international forms only; "US" (leniently) the common
# "(021) 555-0134" and "0712 345 678" shapes; the others their own
# national forms, validated, so dates and sums are not taken for numbers.
_PHONE_REGIONS = (
    ("ZZ", phonenumbers.Leniency.POSSIBLE),
    ("US", phonenumbers.Leniency.POSSIBLE),
    ("GB", phonenumbers.Leniency.VALID),
    ("IN", phonenumbers.Leniency.VALID),
    ("ZA", phonenumbers.Leniency.VALID),
    ("AU", phonenumbers.Leniency.VALID),
    ("KE", phonenumbers.Leniency.VALID),
)

_CAPITALISED = r"[^\W\d_][\w'’-]*"
_TITLES = (
    "dr|mr|mrs|ms|mx|miss|prof|professor|sir|dame|rev|hon|mama|mzee|baba|bwana|madam|madame|"
    "mme|mlle|herr|frau|sr|sra|srta|dona|dom|shri|smt|sheikh|pastor|father|sister|councillor|"
    "minister|senator|mayor|ambassador|commissioner|director|chairman|chairwoman|chairperson|"
    "chair|ceo"
)
_TITLED_NAME = re.compile(
    rf"\b(?:{_TITLES})\.?[ \t]+(?P<name>{_CAPITALISED}(?:[ \t]+{_CAPITALISED}){{0,2}})",
    re.IGNORECASE,
)
_ORGANISATION_WORDS = (
    "trust|foundation|council|ministry|agency|association|alliance|coalition|network|"
    "institute|university|college|bank|fund|society|cooperative|co-operative|company|"
    "corporation|group|ltd|limited|inc|plc|llc|gmbh|ngo|authority|commission|initiative|"
    "forum|federation|union|board|consortium|collective|centre|center|hospital|church|"
    "mission|charity|cic|partners|enterprises|industries|holdings|services|utility"
)
_CONNECTORS = {"of", "for", "and", "&", "the", "de", "du", "des", "la", "el", "on", "in"}
_NOT_A_NAME = {
    "the", "a", "an", "our", "their", "this", "that", "these", "those", "each", "every",
    "my", "his", "her", "its", "your", "one", "another", "any", "no", "some", "local",
    "national", "regional", "county", "city", "district", "state", "when", "if", "then",
    "after", "before", "at", "with", "from", "to", "by", "during", "since", "yesterday",
    "today", "tomorrow", "last", "next", "but", "so", "also", "while", "we", "i", "they",
}  # fmt: skip
# "the" only after "of" or "for" ("Bank of the South"), so "After the
# Delta Trust" does not start at "After".
_CONNECTOR_RE = "(?:(?:of|for)(?:[ \\t]+the)?|and|&|de|du|des|la|el|on|in)"
_WORDS_BEFORE = rf"(?:{_CAPITALISED}[ \t]+(?:{_CONNECTOR_RE}[ \t]+)?){{1,5}}?"
_ORGANISATION_BY_END = re.compile(
    rf"\b{_WORDS_BEFORE}(?:{_ORGANISATION_WORDS})\b(?!-)", re.IGNORECASE
)
_ORGANISATION_BY_START = re.compile(
    r"\b(?:Ministry|Department|University|Office|Institute|Bank|Government|Municipality|"
    r"City|County|Province|Republic|Kingdom|Bureau|Secretariat)[ \t]+(?:of|for)[ \t]+"
    rf"(?:the[ \t]+)?{_CAPITALISED}(?:[ \t]+(?:and[ \t]+|&[ \t]+)?{_CAPITALISED}){{0,3}}"
)


_NOT_NAME_PARTS = set(_TITLES.split("|")) | {
    "jr", "jnr", "snr", "ii", "iii", "iv", "phd", "md", "dds", "dvm", "mba", "msc", "bsc", "obe",
    "mbe", "esq",
}  # fmt: skip


def _is_capitalised(word: str) -> bool:
    return word[:1].isupper()


# Words that make a body generic, not named: "the Steering Group", "a Town
# Council" and "Community Foundation" are masked only with a name before them.
_GENERIC = {
    "steering", "working", "advisory", "executive", "management", "reference", "project",
    "programme", "program", "core", "task", "town", "village", "school", "parish",
    "community", "international", "governing", "youth", "women's", "womens", "farmers",
    "water", "health", "partner", "partners", "partnership", "central", "general",
}  # fmt: skip


def _organisation_spans(text: str):
    for match in _ORGANISATION_BY_END.finditer(text):
        words = list(re.finditer(r"\S+", match.group()))
        # The name starts after the last word that cannot be part of it
        # ("we met with Kisumu Water Trust"), and not on "The" or "Our".
        for i in range(len(words) - 1, -1, -1):
            word = words[i].group()
            if not _is_capitalised(word) and word.lower() not in _CONNECTORS:
                words = words[i + 1 :]
                break
        while words and words[0].group().lower() in _NOT_A_NAME | _CONNECTORS:
            words = words[1:]
        naming = [w.group().lower() for w in words[:-1] if w.group().lower() not in _CONNECTORS]
        if words and _is_capitalised(words[-1].group()) and set(naming) - _GENERIC:
            yield match.start() + words[0].start(), match.end(), ORGANISATION
    pos = 0
    while match := _ORGANISATION_BY_START.search(text, pos):
        pos = match.start() + 1
        words = list(re.finditer(r"\S+", match.group()))
        # "Ministry of Health met the River": the name ends at "Health".
        end = 2 + (words[2].group().lower() == "the")
        while end < len(words) and (
            _is_capitalised(words[end].group())
            or (
                words[end].group().lower() in {"and", "&"}
                and end + 1 < len(words)
                and _is_capitalised(words[end + 1].group())
            )
        ):
            end += 1
        if end > 2 and _is_capitalised(words[end - 1].group()):
            pos = match.start() + words[end - 1].end()
            yield match.start(), pos, ORGANISATION


def _titled_name_spans(text: str):
    pos = 0
    while match := _TITLED_NAME.search(text, pos):
        pos = match.start("name")
        title = match.group()[: match.start("name") - match.start()].strip(" .\t")
        kept = []
        for word in re.finditer(r"\S+", match.group("name")):
            if not _is_capitalised(word.group()) or word.group().lower() in _NOT_A_NAME:
                break
            kept.append(word)
        if not kept or not _is_capitalised(title):
            continue  # "chair the meeting", "the director said"
        start = match.start("name")
        end = start + kept[-1].end()
        pos = end
        # "Dr. Okafor's": the possessive stays outside the mark.
        end -= len(re.search(r"(['’]s?)?$", text[start:end]).group())
        yield start, end, NAME


def _url_spans(text: str):
    for regex in (_SCHEME_URL, _WWW_URL, _BARE_URL):
        for match in regex.finditer(text):
            end = match.end()
            while end > match.start() and text[end - 1] in _URL_END:
                end -= 1
            yield match.start(), end, URL


def _phone_spans(text: str):
    if not any(c.isdigit() for c in text):
        return
    for region, leniency in _PHONE_REGIONS:
        for match in phonenumbers.PhoneNumberMatcher(text, region, leniency=leniency):
            yield match.start, match.end, PHONE


def _first_come(found) -> list[tuple[int, int, str]]:
    """Non-overlapping spans: where two overlap the one starting first
    wins, then the longer, then the one listed first."""
    order = sorted(range(len(found)), key=lambda i: (found[i][0], found[i][0] - found[i][1], i))
    spans = []
    last_end = 0
    for i in order:
        start, end, label = found[i]
        if start >= last_end and end > start:
            spans.append((start, end, label))
            last_end = end
    return spans


def address_spans(text: str) -> list[tuple[int, int, str]]:
    """Web addresses, email addresses and phone numbers: masked whole,
    before anything else is looked for (a URL holding an email stays one URL)."""
    return _first_come(
        [
            *_url_spans(text),
            *((m.start(), m.end(), EMAIL) for m in _EMAIL.finditer(text)),
            *_phone_spans(text),
        ]
    )


def _outside(spans, taken):
    """``spans`` that overlap none of ``taken`` (both sorted lists)."""
    for start, end, label in spans:
        if not any(start < t_end and t_start < end for t_start, t_end, _ in taken):
            yield start, end, label


# --- Known words: looked up, outside the shapes -------------------------------------


@dataclass(frozen=True)
class Term:
    text: str
    label: str
    # False for someone else's single name part: not masked when the text
    # has it all in lower case ("will", "hope").
    lower_case_too: bool = True


@dataclass(frozen=True)
class _Phrase:
    words: tuple[str, ...]
    gaps: tuple[str, ...]  # what stands between the words, spaces as one " "
    label: str
    lower_case_too: bool
    length: int  # characters as written in the term, for "longest wins"


def _gap(text: str) -> str:
    return _SPACES.sub(" ", text)


def _phrase(term: Term) -> _Phrase | None:
    folded = fold(" ".join(term.text.split())).lower()
    words = list(_WORD.finditer(folded))
    if not words:
        return None
    return _Phrase(
        words=tuple(w.group() for w in words),
        gaps=tuple(
            _gap(folded[a.end() : b.start()]) for a, b in zip(words, words[1:], strict=False)
        ),
        label=term.label,
        lower_case_too=term.lower_case_too,
        length=words[-1].end() - words[0].start(),
    )


class TermIndex:
    """Phrases by their first word, longest first."""

    def __init__(self, terms: Iterable[Term]):
        self.by_first: dict[str, list[_Phrase]] = {}
        seen = set()
        for term in terms:
            phrase = _phrase(term)
            if phrase is None:
                continue
            key = (phrase.words, phrase.gaps)
            if key in seen:
                continue  # the first term given for a phrase keeps its label
            seen.add(key)
            self.by_first.setdefault(phrase.words[0], []).append(phrase)
        for phrases in self.by_first.values():
            phrases.sort(key=lambda p: (len(p.words), p.length), reverse=True)

    def __bool__(self):
        return bool(self.by_first)

    def longest_at(self, words, i: int, folded: str, text: str):
        """(number of words, label) of the longest phrase starting at word i."""
        for phrase in self.by_first.get(words[i][0], ()):
            n = len(phrase.words)
            if i + n > len(words):
                continue
            if any(words[i + k][0] != phrase.words[k] for k in range(1, n)):
                continue
            if any(
                _gap(folded[words[i + k][2] : words[i + k + 1][1]]) != phrase.gaps[k]
                for k in range(n - 1)
            ):
                continue
            if not phrase.lower_case_too and text[words[i][1] : words[i + n - 1][2]].islower():
                continue
            return n, phrase.label
        return 0, None


EMPTY_INDEX = TermIndex(())


class Masker:
    """Replaces every shape and every known word of one logbook, in one pass."""

    def __init__(self, terms: Iterable[Term], *, people: TermIndex = EMPTY_INDEX):
        self.own = TermIndex(terms)
        self.people = people

    def spans(self, text: str) -> list[tuple[int, int, str]]:
        """What would be masked in (NFC) ``text``: (start, end, label), in order.

        Addresses first; then known words and the shapes of titled names
        and organisations, outside them. Where a known word and a shape
        overlap, the longer wins, and a known word over a shape of the
        same extent ("River Alliance" is this logbook's [partnership]).
        """
        addresses = address_spans(text)
        found = self._known_words(text, addresses) if (self.own or self.people) else []
        found.extend(_outside([*_titled_name_spans(text), *_organisation_spans(text)], addresses))
        return sorted([*addresses, *_first_come(found)])

    def _known_words(self, text: str, addresses) -> list[tuple[int, int, str]]:
        folded = fold(text)
        words = []
        edges = iter(addresses)
        edge = next(edges, None)
        for match in _WORD.finditer(folded):
            while edge is not None and edge[1] <= match.start():
                edge = next(edges, None)
            if edge is not None and match.end() > edge[0]:
                # Inside an address: a break in the run of words, so no
                # phrase reaches across it.
                words.append(("", match.start(), match.end()))
                continue
            words.append((match.group().lower(), match.start(), match.end()))
        found = []
        i = 0
        while i < len(words):
            if not words[i][0]:
                i += 1
                continue
            n, label = self.own.longest_at(words, i, folded, text)
            m, other = self.people.longest_at(words, i, folded, text)
            if m > n:
                n, label = m, other
            if n:
                found.append((words[i][1], words[i + n - 1][2], label))
                i += n
            else:
                i += 1
        return found

    def found(self, text: str) -> list[str]:
        """The labels of what ``mask`` replaces in ``text``, in order."""
        if not text:
            return []
        return [label for _, _, label in self.spans(unicodedata.normalize("NFC", text))]

    def mask(self, text: str, *, markdown: bool = False) -> str:
        """``text`` with every term replaced by "[name]", "[email]" ...

        With ``markdown`` the brackets are escaped, so "[name](x)" in the
        source can never become a link when the result is rendered.
        """
        if not text:
            return ""
        text = unicodedata.normalize("NFC", text)
        out = []
        last = 0
        for start, end, label in self.spans(text):
            out.append(text[last:start])
            out.append(rf"\[{label}\]" if markdown else f"[{label}]")
            last = end
        out.append(text[last:])
        return "".join(out)


def people_index(full_names: Iterable[str]) -> TermIndex:
    """Everyone the app knows, for every logbook: full names in any case,
    single parts (of at least MIN_OTHER_PART_CHARS) when capitalised."""
    terms = []
    for full_name in full_names:
        parts = name_parts(full_name or "", min_chars=MIN_OTHER_PART_CHARS)
        if not parts:
            continue
        whole = len(_WORD.findall(parts[0])) > 1
        terms.append(Term(parts[0], NAME, lower_case_too=whole))
        terms.extend(Term(part, NAME, lower_case_too=False) for part in parts[1:])
    return TermIndex(terms)


def masker_for(
    *,
    names: Iterable[str] = (),
    emails: Iterable[str] = (),
    partnerships: Iterable[str] = (),
    own_words: Iterable[str] = (),
    people: TermIndex = EMPTY_INDEX,
) -> Masker:
    """The masker of one logbook: its own people (any case), partnerships
    and words, over ``people`` (everyone the app knows)."""
    terms = []
    terms.extend(Term(w, OWN) for w in own_words if w and w.strip())
    terms.extend(Term(p, PARTNERSHIP) for p in partnerships if p and p.strip())
    for name in names:
        terms.extend(Term(part, NAME) for part in name_parts(name or ""))
    terms.extend(Term(email, EMAIL) for email in emails if email)
    return Masker(terms, people=people)
