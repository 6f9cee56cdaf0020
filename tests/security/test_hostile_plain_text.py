"""Hostile plain text (issue 11, item 3): what people type outside Markdown
is shown as text on every page, never as HTML.

A heading's guidance prompt reached the editor as raw HTML: it is the help
text of the heading's text area, and crispy-forms (like Django) prints help
texts unescaped. The same kind of fault could hide wherever a plain-text
value is printed: heading titles (a text area's label), partnership names,
the candidate's own tags, entry and final-paper titles, and people's names.

Two checks, with the parser of tests/entries/xss_payloads.py:

- ``TestEditorShowsEveryPayloadAsText``: each of the 192 payloads as a
  heading's title and prompt, on the pages that print them as form parts
  (the new-entry editor, an entry's editor and the headings page).
- ``TestEveryPageShowsPlainTextAsText``: a whole logbook with a payload in
  every plain-text field at once, written, shared, commented on, submitted,
  examined and decided; then every page each role reaches (the crawl of
  tests/security/crawl.py from their home page, plus the candidate's pages
  by address), every PDF's HTML and every email. This costs a crawl per
  role, so it runs a subset of payloads, one per HTML context a plain-text
  value can land in (element text, quoted and unquoted attributes, text
  areas and titles, URL attributes, entity-encoded text): escaping defends
  contexts, not filter evasion, so more payloads of the same context would
  test the same thing again. The full corpus runs where the fault was found.

A page passes when it holds exactly the tags of the same page around
harmless text of the same length (so not one tag came from the text), and
no event-handler attribute, style attribute or script URL anywhere.
"""

import re
from urllib.parse import urlencode

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from entries.models import Heading
from entries.services import EntryText, entry_save, headings_apply_preset
from tests.entries.xss_payloads import XSS_PAYLOADS, tag_counts, unsafe_parts

CHUNK = 48
HEADINGS = 5  # in the "short" set
CHUNKS = [
    list(range(i, min(i + CHUNK, len(XSS_PAYLOADS)))) for i in range(0, len(XSS_PAYLOADS), CHUNK)
]


def harmless(text: str) -> str:
    """Text of the same length and word breaks as ``text``, with no markup."""
    return re.sub(r"[^A-Za-z0-9 ]", "x", text)


# The page around harmless text: the tags the page has of its own.
HARMLESS = "Plain words about the partners, and why."
HARMLESS_LONG = "Plain words about the partners and why " * 8


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="accounts.backends.EmailBackend")
    return client


def problems_in(name: str, html: str, shape: dict[str, int]) -> list[str]:
    """What ``html`` holds beyond the page around harmless text."""
    found = [f"{name}: {p}" for p in unsafe_parts(html, forbidden_tags=set(), check_rel=False)]
    counts = tag_counts(html)
    if counts != shape:
        extra = {
            tag: counts.get(tag, 0) - shape.get(tag, 0)
            for tag in set(counts) | set(shape)
            if counts.get(tag, 0) != shape.get(tag, 0)
        }
        found.append(f"{name}: tags differ from the harmless page by {extra}")
    return found


@pytest.mark.django_db
class TestEditorShowsEveryPayloadAsText:
    """Five payloads at a time, one per heading of the "short" set."""

    @pytest.fixture
    def editor(self, cast):
        headings_apply_preset(enrolment=cast.enrolment, key="short")
        headings = list(cast.enrolment.headings.all())
        entry = entry_save(
            enrolment=cast.enrolment,
            text=EntryText(week=1, title="Week one", bodies=["Met the partners."] * len(headings)),
        )
        client = signed_in(cast.candidate)
        pages = {
            "new entry": reverse("entries:entry_new"),
            "entry editor": reverse("entries:entry_edit", args=[entry.public_id]),
            "headings": reverse("entries:headings"),
        }

        def show(texts: list[str]) -> dict[str, str]:
            for position, heading in enumerate(headings):
                # Titles are unique in a logbook, so each carries its place.
                text = texts[position % len(texts)]
                title, prompt = f"{text[:116]} {position}", text[:300]
                Heading.objects.filter(pk=heading.pk).update(title=title, prompt=prompt)
                # The open entry keeps the headings it was written under.
                entry.sections.filter(position=position).update(
                    heading_title=title, heading_prompt=prompt
                )
            shown = {}
            for name, url in pages.items():
                answer = client.get(url)
                assert answer.status_code == 200, (name, answer.status_code)
                shown[name] = answer.content.decode()
            return shown

        return show

    @pytest.mark.parametrize(
        "indexes", CHUNKS, ids=[f"payloads{c[0]:03d}-{c[-1]:03d}" for c in CHUNKS]
    )
    def test_heading_titles_and_prompts_are_shown_as_text(self, editor, indexes):
        shapes = {name: tag_counts(html) for name, html in editor([HARMLESS]).items()}
        problems = []
        for start in range(0, len(indexes), HEADINGS):
            batch = indexes[start : start + HEADINGS]
            for name, html in editor([XSS_PAYLOADS[i] for i in batch]).items():
                problems += [f"payloads {batch} {p}" for p in problems_in(name, html, shapes[name])]

        assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])

    def test_the_prompt_reads_as_the_candidate_wrote_it(self, editor):
        page = editor(['Who said "no" <and> why?'])["new entry"]

        assert (
            '<div id="id_section_0_helptext" class="form-text">'
            "Who said &quot;no&quot; &lt;and&gt; why?</div>"
        ) in page
        assert "Who said &quot;no&quot; &lt;and&gt; why? 0" in page  # the title, its label


# One string that breaks out of every context a plain-text value can be
# printed in, each part under the shortest field's limit where it matters:
# a link or address built from the value (javascript: at its start); double-
# and single-quoted and unquoted attributes; element text; text areas and
# titles (RCDATA); and text already entity-encoded, which must be shown as
# written, never decoded into markup. Tools are cut at 80 characters: the
# address and attribute parts survive.
HOSTILE = (
    "javascript:alert(1)//'\"><img src=x onerror=alert(1)></textarea></title>"
    "<script>alert(1)</script>&lt;b onclick=x&gt;"
)
SEARCH_WORD = "brokering"
ROLES = ["candidate", "mentor", "examiner", "coordinator"]
_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+")


def plant_everywhere(cast, text: str):
    """A logbook with ``text`` in every plain-text field, taken from writing
    to the decision; returns the leak crawl's World for its list of pages."""
    from entries.models import Partnership
    from entries.services import entry_delete
    from examinations import assessing, marking, release
    from examinations import services as exam
    from examinations.models import ProgrammeSetting
    from mentors.services import comment_post
    from pbas_logbook.models import Cohort, User
    from tests.examinations.conftest import marks_for
    from tests.security.conftest import Markers, World

    for person in (cast.candidate, cast.mentor, cast.examiner, cast.coordinator):
        User.objects.filter(pk=person.pk).update(full_name=f"{text[:140]} {person.pk}")
        person.refresh_from_db()
    Cohort.objects.filter(pk=cast.cohort.pk).update(name=text[:120])
    setting = ProgrammeSetting.current()
    setting.examiners_see_mentor_comments = True
    setting.save()
    # issue 12: the criteria are the cohort's marking sheet; one of them
    # carries the text in its name, descriptor and bands.
    criterion = marking.scheme_criteria(cast.cohort.marking_scheme)[0]
    criterion.name, criterion.description = text[:110], text[:300]
    criterion.bands = f"0: {text[:200]}\n{criterion.max_mark // 2}: {text[:200]}"
    criterion.save()
    headings_apply_preset(enrolment=cast.enrolment, key="short")
    headings_apply_preset(enrolment=cast.enrolment2, key="short")
    cast.enrolment.headings.filter(position=0).update(title=text[:120])
    cast.enrolment.headings.update(prompt=text[:300])
    partnership = Partnership.objects.create(
        enrolment=cast.enrolment, name=text[:150], sector_mix=text[:200], position="external"
    )

    def write(week, *, share):
        return entry_save(
            enrolment=cast.enrolment,
            text=EntryText(
                week=week,
                title=text[:200],
                aims=f"Aims for the week, {SEARCH_WORD}.",
                bodies=[f"Met the partners, {SEARCH_WORD} well."] * HEADINGS,
                partnerships=[partnership],
                phases=["scoping"],
                tools=[text[:80], "ground rules"],
            ),
            share=share,
        )

    shared = write(1, share=True)
    draft = write(2, share=False)
    binned = write(3, share=True)
    entry_delete(entry=binned)
    section = shared.sections.get(position=0)
    comment = comment_post(entry=shared, author=cast.mentor, body="Why?", section=section)
    reply = comment_post(entry=shared, author=cast.candidate, body="Because.", parent=comment)
    exam.paper_save(
        enrolment=cast.enrolment, title=text[:200], body=f"My journey, {SEARCH_WORD}.", version=None
    )
    submission = exam.submission_create(
        enrolment=cast.enrolment, by=cast.candidate, expected_version=1
    )
    exam.examiner_assign(submission=submission, examiner=cast.examiner, by=cast.coordinator)
    notes = {str(criterion.pk): "Well argued."}
    # issue 12: marks per criterion; accredited at a total of 40 asks for a
    # reason (plain text), and the decision is released to be seen.
    assessing.mentor_report_save(
        submission=submission, mentor=cast.mentor, body="Worked well.",
        criterion_marks=marks_for(submission, 60), criterion_notes=notes,
    )  # fmt: skip
    assessing.assessment_record(
        submission=submission, examiner=cast.examiner, outcome="accredited",
        criterion_marks=marks_for(submission, 40), outcome_reason=text[:300],
        feedback="Clear.", criterion_notes=notes,
    )  # fmt: skip
    decision = assessing.decision_record(
        submission=submission, by=cast.coordinator, outcome="accredited", mark=70, feedback="Yes."
    )
    release.release_set(decision=decision, by=cast.coordinator)
    return World(cast, Markers(), shared, draft, binned, comment, reply, None, submission)


def extra_urls(world, text: str) -> list[str]:
    """Pages that show the text but that no link may reach as such:
    searches, and a heading's or a tag's page by its name."""
    c = world.cast
    sid = world.submission.public_id
    reading = reverse("examinations:reading", args=[sid])
    return [
        reverse("entries:search") + "?" + urlencode({"q": SEARCH_WORD}),
        reverse("entries:search") + "?" + urlencode({"tool": text[:80]}),
        reverse("entries:heading_across") + "?" + urlencode({"heading": text[:120]}),
        reverse("mentors:mentee_logbook", args=[c.enrolment.pk]) + f"?q={SEARCH_WORD}",
        reverse("mentors:mentee_heading", args=[c.enrolment.pk])
        + "?"
        + urlencode({"heading": text[:120]}),
        reading + f"?q={SEARCH_WORD}",
        reading + "?" + urlencode({"heading": text[:120]}),
    ]


def page_key(url: str) -> str:
    """The page an address names, whatever its ids and query values."""
    path, _, query = url.partition("?")
    names = sorted({part.partition("=")[0] for part in query.split("&") if part})
    return _ID.sub("#", path) + ("?" + "&".join(names) if names else "")


def everything_shown(cast, text: str, monkeypatch, capture) -> dict[str, list[str]]:
    """What each role's pages, the PDFs and the emails show, by page."""
    from django.core import mail

    from programme.services import person_invite
    from tests.security.crawl import crawl, pdf_as_html
    from tests.security.test_leak_crawl import direct_urls

    pdfs = pdf_as_html(monkeypatch)
    mail.outbox.clear()
    with capture(execute=True):
        world = plant_everywhere(cast, text)
        person_invite(email="new@example.test", full_name=text[:150], by=cast.coordinator)
        Client().post(reverse("password_reset"), {"email": cast.candidate.email})
    shown: dict[str, list[str]] = {}
    for role in ROLES:
        client = signed_in(getattr(cast, role))
        visits = crawl(client, ["/"])
        seen = {v.url for v in visits}
        extra = [url for url in direct_urls(world) + extra_urls(world, text) if url not in seen]
        visits += crawl(client, extra, limit=len(extra))
        for visit in visits:
            assert visit.status < 500, (role, visit.url, visit.status)
            if visit.is_html:
                shown.setdefault(f"{role} {page_key(visit.url)}", []).append(visit.text)
    # Emails in the order they were sent, the same in every run.
    for number, message in enumerate(mail.outbox):
        for html, _ in getattr(message, "alternatives", []):
            shown.setdefault(f"email {number}", []).append(html)
    shown["PDF HTML"] = list(pdfs)
    return shown


@pytest.mark.django_db
class TestEveryPageShowsPlainTextAsText:
    @pytest.fixture
    def shown(self, cast, monkeypatch, django_capture_on_commit_callbacks):
        """``shown(text)``: each page around ``text``; the logbook is then
        rolled back, so the next text starts from the same cast."""

        def show(text):
            with transaction.atomic():
                result = everything_shown(
                    cast, text, monkeypatch, django_capture_on_commit_callbacks
                )
                transaction.set_rollback(True)
            for person in (cast.candidate, cast.mentor, cast.examiner, cast.coordinator):
                person.refresh_from_db()
            return result

        return show

    def test_no_tag_or_attribute_comes_from_the_text(self, shown):
        around_harmless = shown(harmless(HOSTILE))
        around_hostile = shown(HOSTILE)

        assert set(around_hostile) == set(around_harmless)
        assert len(around_hostile) > 60, "the crawl reached a real number of pages"
        problems = []
        for key, pages in around_hostile.items():
            own = {p for html in around_harmless[key] for p in unsafe_parts(html, **LOOSE)}
            for html in pages:
                problems += [f"{key}: {p}" for p in unsafe_parts(html, **LOOSE) if p not in own]
            if shapes(pages) != shapes(around_harmless[key]):
                problems.append(f"{key}: its tags differ from the page around harmless text")

        assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])


# The app's own pages have scripts, forms and unsafe-looking links of their own.
LOOSE = {"forbidden_tags": set(), "check_rel": False}


def shapes(pages: list[str]) -> list:
    return sorted(sorted(tag_counts(html).items()) for html in pages)
