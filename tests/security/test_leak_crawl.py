"""Leak crawl (issue 6, item 2): a marker planted in everything the
candidate writes never reaches a page, download, email or notice that
another person can open, unless their role lets them read it.

Each role signs in, starts at the home page and follows every same-site
link breadth-first (GET only, at most a few hundred pages), then also asks
for the candidate's pages directly (entry, review, submission, PDF and
error pages) in case a link is merely missing. Every answer is searched for
every marker, PDFs through the HTML they are built from and zips file by
file. What each role may read:

- the candidate's mentor: the shared entry, the reply to their comment and,
  once submitted, the final paper; never the draft, the bin or a search;
- the assigned examiner (after submission): the frozen shared entry and the
  paper; never a draft, the live entry as edited after submission, or the
  comment thread;
- everyone else (another candidate, another mentor, an unassigned examiner,
  a coordinator, a researcher, a stranger, anonymous): nothing.
"""

import uuid

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from pbas_logbook.models import AuditEvent, Notification, PendingEmail
from tests.security.conftest import plant
from tests.security.crawl import crawl, pdf_as_html

CRAWLERS = [
    "anonymous",
    "candidate2",
    "mentor",
    "mentor2",
    "examiner",
    "examiner2",
    "coordinator",
    "stranger",
    "researcher",
]
# Markers each role may read; every other marker must never reach them.
MAY_READ_BEFORE_SUBMISSION = {"mentor": {"shared", "reply"}}
MAY_READ_AFTER_SUBMISSION = {
    "mentor": {"shared", "reply", "paper", "after"},
    "examiner": {"shared", "paper"},
}


def person(world, role):
    if role == "anonymous":
        return None
    return getattr(world.cast, role)


def direct_urls(world) -> list[str]:
    """The candidate's pages, asked for by address whether linked or not."""
    urls = [reverse("entries:bin"), reverse("entries:readers"), reverse("entries:export")]
    for entry in (world.shared, world.draft, world.binned):
        for name in ("entry_detail", "entry_edit", "entry_history", "entry_changes"):
            urls.append(reverse(f"entries:{name}", args=[entry.public_id]))
        urls.append(reverse("mentors:entry_review", args=[entry.public_id]))
        urls.append(reverse("mentors:entry_changes", args=[entry.public_id]))
        urls.append(reverse("mentors:entry_edits", args=[entry.public_id]))
    urls += [
        reverse("mentors:mentee_logbook", args=[world.cast.enrolment.pk]),
        reverse("mentors:mentee_heading", args=[world.cast.enrolment.pk]) + "?heading=Issues",
        reverse("mentors:comment_edit", args=[world.reply.public_id]),
        reverse("mentors:comment_edit", args=[world.comment.public_id]),
        reverse("examinations:paper_edit"),
        reverse("examinations:submit"),
        reverse("entries:export_markdown"),
        reverse("entries:export_zip"),
        reverse("entries:export_pdf"),
        reverse("my_data_json"),
        reverse("notifications"),
        # Error pages: an address that does not exist, and one that is not theirs.
        f"/logbook/entries/{uuid.uuid4()}/",
        "/no-such-page/",
    ]
    if world.submission is not None:
        sid = world.submission.public_id
        for name in ("reading", "receipt", "result", "pdf", "assess", "mentor_report"):
            urls.append(reverse(f"examinations:{name}", args=[sid]))
        # Searching words of the text (not the marker: the address would echo it).
        urls.append(reverse("examinations:reading", args=[sid]) + "?q=shared")
        urls.append(reverse("examinations:reading", args=[sid]) + "?heading=Issues")
        urls.append(reverse("examinations:entry_changes", args=[sid, 0]))
        urls.append(reverse("examinations:submission_manage", args=[sid]))
    return urls


def leaks(visits, marks: dict[str, str], allowed: set[str]) -> list[str]:
    found = []
    for visit in visits:
        text = visit.text.lower()
        for kind, mark in marks.items():
            if kind not in allowed and mark in text:
                found.append(f"{kind} marker in {visit.url} ({visit.status})")
    return found


def crawl_as(world, role):
    client = Client()
    user = person(world, role)
    if user is not None:
        client.force_login(user, backend="accounts.backends.EmailBackend")
    visits = crawl(client, ["/"])
    crawled = {v.url for v in visits}
    extra = [url for url in direct_urls(world) if url not in crawled]
    return visits, visits + crawl(client, extra, limit=len(extra))


def check_role(world, role, may_read):
    allowed = may_read.get(role, set())
    linked, visits = crawl_as(world, role)
    marks = world.marks.all()
    problems = leaks(visits, marks, allowed)
    errors = [f"{v.status} from {v.url}" for v in visits if v.status >= 500]
    assert not problems, f"{role} can read what they must not:\n" + "\n".join(problems)
    assert not errors, f"{role} met server errors:\n" + "\n".join(errors)
    return linked, visits


@pytest.mark.django_db
class TestBeforeSubmission:
    @pytest.fixture
    def world(self, cast, client_for, monkeypatch, django_capture_on_commit_callbacks):
        pdf_as_html(monkeypatch)
        with django_capture_on_commit_callbacks(execute=True):
            return plant(cast, submit=False, client=client_for(cast.candidate))

    @pytest.mark.parametrize("role", CRAWLERS)
    def test_nothing_leaks_to(self, world, role):
        check_role(world, role, MAY_READ_BEFORE_SUBMISSION)

    def test_the_mentor_reads_the_shared_entry_and_the_reply(self, world):
        linked, visits = crawl_as(world, "mentor")
        # Reached by following links from the dashboard, not only by address.
        text = " ".join(v.text for v in linked).lower()

        assert world.marks.shared in text
        assert world.marks.reply in text


@pytest.mark.django_db
class TestAfterSubmission:
    @pytest.fixture
    def world(self, planted, monkeypatch):
        pdf_as_html(monkeypatch)
        return planted

    @pytest.mark.parametrize("role", CRAWLERS)
    def test_nothing_leaks_to(self, world, role):
        check_role(world, role, MAY_READ_AFTER_SUBMISSION)

    def test_the_examiner_reads_the_frozen_entry_and_paper_and_its_pdf(self, world):
        linked, visits = check_role(world, "examiner", MAY_READ_AFTER_SUBMISSION)
        text = " ".join(v.text for v in linked).lower()
        pdfs = [v for v in linked if v.content_type == "application/pdf"]

        assert world.marks.shared in text
        assert world.marks.paper in text
        assert pdfs, "the examiner's pages link to the submission PDF"
        assert world.marks.shared in pdfs[0].text.lower()

    def test_the_crawl_reaches_a_real_number_of_pages(self, world):
        """A crawl that stopped at the home page would prove nothing."""
        counts = {role: len(crawl_as(world, role)[0]) for role in ("mentor", "examiner")}
        counts["coordinator"] = len(crawl_as(world, "coordinator")[0])

        assert counts["mentor"] >= 10, counts
        assert counts["examiner"] >= 8, counts
        assert counts["coordinator"] >= 10, counts


@pytest.mark.django_db
class TestWithResearchConsent:
    """Once the candidate consents, a researcher reads masked extracts of the
    latest submission: the frozen shared text, never a draft, the bin, the
    comment thread or what was written after submitting."""

    @pytest.fixture
    def world(self, planted, monkeypatch):
        from research import services as research
        from research.models import ConsentVia

        pdf_as_html(monkeypatch)
        research.consent_set(
            enrolment=planted.cast.enrolment,
            given=True,
            by=planted.cast.candidate,
            via=ConsentVia.SETTINGS,
        )
        planted.project = research.project_create(
            title="Trust", question="", by=planted.cast.researcher
        )
        return planted

    def test_the_researcher_reads_only_the_frozen_text(self, world):
        client = Client()
        client.force_login(world.cast.researcher, backend="accounts.backends.EmailBackend")
        search = reverse("research:search", args=[world.project.public_id])

        visits = crawl(client, ["/", f"{search}?q=shared", f"{search}?q=heading"])

        found = leaks(visits, world.marks.all(), {"shared", "paper"})
        assert not found, "\n".join(found)
        assert [v for v in visits if v.status >= 500] == []
        extracts = [v for v in visits if "/extracts/" in v.url]
        assert extracts, "the crawl reached the extracts"
        assert world.marks.shared in " ".join(v.text for v in extracts).lower()


@pytest.mark.django_db
class TestWhatLeavesTheApp:
    """Emails leave our control, and notices are emailed: neither carries
    a word of anyone's writing. The audit trail names actions, not text."""

    def test_no_email_carries_logbook_text(self, planted):
        assert len(mail.outbox) >= 3  # shared entries, comment and reply, receipt, assignment
        for message in mail.outbox:
            everything = "\n".join(
                [message.subject, message.body]
                + [content for content, _ in getattr(message, "alternatives", [])]
            ).lower()
            for kind, mark in planted.marks.all().items():
                assert mark not in everything, f"{kind} text in the email {message.subject!r}"

    def test_no_notice_audit_line_or_queued_email_carries_it(self, planted):
        stored = [n.message for n in Notification.objects.all()]
        stored += [f"{e.detail} {e.subject_name} {e.actor_name}" for e in AuditEvent.objects.all()]
        stored += [f"{p.subject} {p.text} {p.html}" for p in PendingEmail.objects.all()]
        joined = "\n".join(stored).lower()

        for kind, mark in planted.marks.all().items():
            assert mark not in joined, f"{kind} text stored outside the logbook"


@pytest.mark.django_db
class TestTheCandidateWhileExamined:
    """Issue 11, item 1: until the decision is released (issue 12) the
    candidate learns only that the submission is with the examiners. Nothing they can open (pages,
    downloads, PDFs, "my data", notices, emails) names the examiner or
    carries what the examiner or the mentor recorded; after the decision the
    assessment and report appear as the result page shows them, and the
    examiner is still not named (the result page names nobody)."""

    @pytest.fixture
    def world(self, planted, monkeypatch, client_for, django_capture_on_commit_callbacks):
        from examinations import assessing
        from examinations.models import Outcome
        from tests.examinations.conftest import marks_for
        from tests.security.conftest import marker

        pdf_as_html(monkeypatch)
        c = planted.cast
        planted.examined = {
            "examiner_name": c.examiner.full_name.lower(),
            "feedback": marker("feedback"),
            "report": marker("report"),
        }
        sid = planted.submission.public_id
        with django_capture_on_commit_callbacks(execute=True):
            reader = client_for(c.examiner)
            assert reader.get(reverse("examinations:reading", args=[sid])).status_code == 200
            assert reader.get(reverse("examinations:pdf", args=[sid])).status_code == 200
            # issue 12: marked on the rubric, the totals computed.
            assessing.mentor_report_save(
                submission=planted.submission,
                mentor=c.mentor,
                body=f"Proposed: {planted.examined['report']}",
                criterion_marks=marks_for(planted.submission, 60),
                criterion_notes={},
            )
            assessing.assessment_record(
                submission=planted.submission,
                examiner=c.examiner,
                outcome=Outcome.NOT_ACCREDITED,
                criterion_marks=marks_for(planted.submission, 20),
                feedback=f"Interim: {planted.examined['feedback']}",
                criterion_notes={},
            )
        return planted

    def candidate_sees(self, world) -> str:
        client = Client()
        client.force_login(world.cast.candidate, backend="accounts.backends.EmailBackend")
        visits = crawl(client, ["/"])
        crawled = {v.url for v in visits}
        extra = [url for url in direct_urls(world) if url not in crawled]
        visits += crawl(client, extra, limit=len(extra))
        assert [v.url for v in visits if v.status >= 500] == []
        assert len(visits) >= 20, "the crawl reached the candidate's pages"
        emails = [
            "\n".join([m.subject, m.body] + [body for body, _ in getattr(m, "alternatives", [])])
            for m in mail.outbox
            if world.cast.candidate.email in m.to
        ]
        notices = [n.message for n in Notification.objects.filter(recipient=world.cast.candidate)]
        return "\n".join([v.text for v in visits] + emails + notices).lower()

    def test_before_the_decision_nothing_of_the_examination_reaches_the_candidate(self, world):
        seen = self.candidate_sees(world)

        for kind, mark in world.examined.items():
            assert mark not in seen, f"the candidate met the {kind} before the decision"
        assert "with the examiners" in seen

    def decide(self, world, django_capture_on_commit_callbacks, *, released):
        from examinations import assessing, release
        from examinations.models import Outcome

        with django_capture_on_commit_callbacks(execute=True):
            decision = assessing.decision_record(
                submission=world.submission,
                by=world.cast.coordinator,
                outcome=Outcome.RESUBMIT,
                mark=45,
                feedback="Please resubmit.",
            )
            if released:
                release.release_set(decision=decision, by=world.cast.coordinator)

    def test_a_decision_not_yet_released_reaches_the_candidate_no_more(
        self, world, django_capture_on_commit_callbacks
    ):
        # issue 12: the decision shows to the candidate once released.
        self.decide(world, django_capture_on_commit_callbacks, released=False)

        seen = self.candidate_sees(world)

        for kind, mark in world.examined.items():
            assert mark not in seen, f"the candidate met the {kind} before the release"
        assert "please resubmit" not in seen
        assert "with the examiners" in seen

    def test_after_the_release_it_is_shown_as_the_result_page_shows_it(
        self, world, django_capture_on_commit_callbacks
    ):
        # issue 12: shown once the decision is released.
        self.decide(world, django_capture_on_commit_callbacks, released=True)

        seen = self.candidate_sees(world)

        assert world.examined["feedback"] in seen
        assert world.examined["report"] in seen
        assert world.examined["examiner_name"] not in seen
