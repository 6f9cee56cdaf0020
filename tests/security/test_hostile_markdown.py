"""Hostile Markdown through every Markdown field (issue 6, item 4).

Each payload of the corpus (tests/entries/xss_payloads.py: the OWASP
filter-evasion set and Markdown's own ways in) is typed, through the real
forms, into every place people write Markdown, in one pass that goes from
writing to examination:

  entry aims and sections (shared from the editor) → the mentor's comment
  and the candidate's reply → the final paper → submitting → the mentor's
  report (and its criterion notes) → the examiner's assessment feedback
  (and notes) → the coordinator's decision feedback, released;

and each stored HTML is parsed, then every page that shows it: the mentor's
review page, the candidate's search and the mentor's filtered list (search
snippets are built from the text), the candidate's examination page and
paper preview, the examiner's reading page with its search and the mentor's
comments shown, the submission PDF's HTML, and the candidate's result page.

Parsed HTML must hold no script, iframe, object, embed, svg, style, math or
form tag, no on* attribute, no style attribute and no javascript:, data: or
vbscript: URL. The pages around it must hold no more of those tags than the
same page around harmless text (the app's own scripts, forms and icon), and
no event handler, style attribute or script URL anywhere.

Each payload runs inside a savepoint that is rolled back, so every one
starts from the same logbook and can be submitted and decided.
"""

import uuid

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from entries.models import Entry
from examinations import marking
from examinations import services as exam
from examinations.models import (
    Assessment,
    Decision,
    FinalPaper,
    MentorReport,
    ProgrammeSetting,
    Submission,
)
from mentors.models import Comment
from tests.entries.xss_payloads import FORBIDDEN_TAGS, XSS_PAYLOADS, tag_counts, unsafe_parts
from tests.security.crawl import pdf_as_html

CHUNK = 16
CHUNKS = [
    list(range(i, min(i + CHUNK, len(XSS_PAYLOADS)))) for i in range(0, len(XSS_PAYLOADS), CHUNK)
]
SEARCH_WORD = "brokering"  # in every text, so search pages show a snippet of it


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user, backend="accounts.backends.EmailBackend")
    return client


def page_shape(html: str) -> dict[str, int]:
    return {tag: n for tag, n in tag_counts(html).items() if tag in FORBIDDEN_TAGS}


class Run:
    """One payload's way from the editor to the result page."""

    def __init__(self, cast, pdfs):
        from entries.services import headings_apply_preset

        self.cast = cast
        self.pdfs = pdfs
        self.candidate = signed_in(cast.candidate)
        self.mentor = signed_in(cast.mentor)
        self.examiner = signed_in(cast.examiner)
        self.coordinator = signed_in(cast.coordinator)
        headings_apply_preset(enrolment=cast.enrolment, key="short")
        setting = ProgrammeSetting.current()
        setting.examiners_see_mentor_comments = True
        setting.save()
        # issue 12: the cohort's marking sheet, every criterion marked.
        self.criteria = marking.scheme_criteria(cast.cohort.marking_scheme)
        self.criterion = self.criteria[0]

    def rubric(self, mark: int) -> dict[str, str]:
        """Every criterion marked ``mark`` out of its own range."""
        return {f"mark_{c.pk}": str(round(c.max_mark * mark / 100)) for c in self.criteria}

    def go(self, text: str) -> tuple[dict[str, str], dict[str, str]]:
        """Write ``text`` everywhere; return (stored HTML by field, pages by name)."""
        c = self.cast
        stored, pages = {}, {}
        answer = self.candidate.post(
            reverse("entries:entry_new_share"),
            {
                "week": "1",
                "title": text[:200],
                "aims": text,
                "section_0": text,
                "section_1": f"{SEARCH_WORD} {text}",
                "section_2": f"{text}\n\n*{SEARCH_WORD}*",
                "other_tools": "",
            },
        )
        assert answer.status_code == 302, answer.content.decode()[:3000]
        entry = Entry.objects.get(enrolment=c.enrolment)
        stored["entry aims"] = entry.aims_html
        for section in entry.sections.all():
            stored[f"section {section.heading_title}"] = section.body_html
        review = reverse("mentors:entry_review", args=[entry.public_id])

        answer = self.mentor.post(
            reverse("mentors:comment_create", args=[entry.public_id]),
            {"body": text, "form_token": str(uuid.uuid4())},
        )
        assert answer.status_code == 302, answer
        comment = Comment.objects.get(entry=entry, author=c.mentor)
        answer = self.candidate.post(
            reverse("mentors:comment_create", args=[entry.public_id]),
            {"body": text, "form_token": str(uuid.uuid4()), "parent": str(comment.public_id)},
        )
        assert answer.status_code == 302, answer
        stored["comment"] = comment.body_html
        stored["reply"] = Comment.objects.get(entry=entry, author=c.candidate).body_html
        pages["review (mentor)"] = self.mentor.get(review)
        pages["review (candidate)"] = self.candidate.get(review)
        pages["mentee list search"] = self.mentor.get(
            reverse("mentors:mentee_logbook", args=[c.enrolment.pk]), {"q": SEARCH_WORD}
        )
        pages["candidate search"] = self.candidate.get(
            reverse("entries:search"), {"q": SEARCH_WORD}
        )

        answer = self.candidate.post(
            reverse("examinations:paper_edit"), {"title": text[:200], "body": text}
        )
        assert answer.status_code == 302, answer.content.decode()[:3000]
        stored["final paper"] = FinalPaper.objects.get(enrolment=c.enrolment).body_html
        pages["examination home"] = self.candidate.get(reverse("examinations:candidate_home"))
        pages["paper preview"] = self.candidate.post(
            reverse("examinations:paper_preview"), {"body": text}
        )

        answer = self.candidate.post(
            reverse("examinations:submit_confirm"), {"expected_version": 1}
        )
        assert answer.status_code == 302, answer
        submission = Submission.objects.get(enrolment=c.enrolment)
        exam.examiner_assign(submission=submission, examiner=c.examiner, by=c.coordinator)
        sid = submission.public_id
        notes = {f"criterion_{self.criterion.pk}": text[:2000]}
        answer = self.mentor.post(
            reverse("examinations:mentor_report", args=[sid]),
            {"body": text, **self.rubric(60), **notes},
        )
        assert answer.status_code == 302, answer.content.decode()[:3000]
        stored["mentor's report"] = MentorReport.objects.get(submission=submission).body_html
        pages["reading"] = self.examiner.get(reverse("examinations:reading", args=[sid]))
        pages["reading search"] = self.examiner.get(
            reverse("examinations:reading", args=[sid]), {"q": SEARCH_WORD}
        )
        self.pdfs.clear()
        assert self.examiner.get(reverse("examinations:pdf", args=[sid])).status_code == 200
        pages["submission PDF"] = self.pdfs[-1]

        answer = self.examiner.post(
            reverse("examinations:assess", args=[sid]),
            {"outcome": "accredited", "feedback": text, **self.rubric(70), **notes},
        )
        assert answer.status_code == 302, answer.content.decode()[:3000]
        stored["assessment feedback"] = Assessment.objects.get(submission=submission).feedback_html
        answer = self.coordinator.post(
            reverse("examinations:decision_record", args=[sid]),
            {"outcome": "accredited", "mark": "70", "feedback": text},
        )
        assert answer.status_code == 302, answer.content.decode()[:3000]
        stored["decision feedback"] = Decision.objects.get(submission=submission).feedback_html
        # issue 12: the candidate reads the result once it is released.
        answer = self.coordinator.post(
            reverse("examinations:result_release", args=[sid]), {"release-when": "now"}
        )
        assert answer.status_code == 302, answer.content.decode()[:3000]
        pages["result"] = self.candidate.get(reverse("examinations:result", args=[sid]))

        texts = {}
        for name, page in pages.items():
            if isinstance(page, str):
                texts[name] = page
            else:
                assert page.status_code == 200, (name, page.status_code)
                texts[name] = page.content.decode()
        return stored, texts

    def in_savepoint(self, text):
        with transaction.atomic():
            result = self.go(text)
            transaction.set_rollback(True)
        return result


@pytest.fixture
def run(cast, monkeypatch):
    return Run(cast, pdf_as_html(monkeypatch))


@pytest.fixture
def shapes(run):
    """Each page's shape around harmless text."""
    _, pages = run.in_savepoint(f"Plain words about the partners, {SEARCH_WORD} well.")
    return {name: page_shape(html) for name, html in pages.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("indexes", CHUNKS, ids=[f"payloads{c[0]:03d}-{c[-1]:03d}" for c in CHUNKS])
def test_every_markdown_field_and_page_stays_safe(run, shapes, indexes):
    problems = []
    for index in indexes:
        payload = XSS_PAYLOADS[index]
        stored, pages = run.in_savepoint(payload)
        for field, html in stored.items():
            for problem in unsafe_parts(html):
                problems.append(f"payload {index} {field}: {problem}")
        for name, html in pages.items():
            for problem in unsafe_parts(html, forbidden_tags=set(), check_rel=False):
                problems.append(f"payload {index} page {name}: {problem}")
            if page_shape(html) != shapes[name]:
                problems.append(
                    f"payload {index} page {name}: tags {page_shape(html)} != {shapes[name]}"
                )
        # The pages show the stored HTML as it was checked, not a re-rendering.
        assert stored["comment"] in pages["review (mentor)"]
        assert stored["reply"] in pages["review (candidate)"]
        assert stored["mentor's report"] in pages["reading"]
        assert stored["decision feedback"] in pages["result"]
        assert stored["assessment feedback"] in pages["result"]

    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:50])


def test_the_corpus_has_at_least_a_hundred_payloads():
    assert len(XSS_PAYLOADS) >= 100
