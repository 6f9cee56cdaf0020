"""Query budgets of the key pages (issue 7, STYLE.md 19): at most 12 queries
each, the same number for a programme of 20 candidates as for one of 100
(five times the people, entries, sections, comments and submissions, and
other subjects: a different candidate, mentee and submission).

The counts are what ``make bench`` reports: every statement of a warm
request, transaction control included (SAVEPOINT/RELEASE here stand where
BEGIN/COMMIT stand in production). Every signed-in page pays three:
  the session; the user; the session's touch (one UPDATE, accounts/sessions.py)
and every full page one more, the navigation (roles and unread notices in
one query, accounts/context_processors.py). On top of that:

- candidate home (10): the enrolment; the strip's rows; the entries; their
  partnerships; their sections; "has headings?"
- entry page (10): the entry through the access check; the entry again
  with its sections and partnerships; entries in the same week; its edits
- autosave (12, no navigation): the entry through the access check; its
  sections (for the form, and handed to the save); the posted partnership
  tags (the form checks they are the candidate's); SAVEPOINT; the entry
  locked; UPDATE entry (search vector included); UPDATE sections (the
  same); its partnerships; RELEASE
- search (11): the enrolment; heading titles; the partnership choices; the
  tags in use; the result count; one page of sections; title and aims hits
- mentor dashboard (7): mentees; their shared-entry rows; unanswered threads
- mentee logbook (11): the mentee; "read in the last half hour?" (audit);
  the partnership choices; entries; their partnerships; open threads;
  heading titles
- reading view (12): the submission with its decision and report; the
  audit check; entries; sections; programme setting; criteria; the
  examiner's assessment; the previous version
- submission PDF (6, no navigation): the submission; the download in the
  audit trail; the stored PDF
- its first render (12): the same, the stored PDF not found; the
  enrolment; entries; sections; in one transaction (BEGIN, COMMIT) the PDF
  stored and copies in an older layout dropped
- cohort page (6): the cohort; its enrolments with candidates and mentors
"""

import pytest

from bench import measure, pages
from tests.performance.conftest import seed

BUDGET = 12
SIZES = [20, 100]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


_measured: dict[int, dict[str, list[str]]] = {}


def counts_at(candidates: int) -> dict[str, list[str]]:
    """The statements of each key page at this size (measured once per run:
    seeding and twenty-week PDFs take a few seconds)."""
    if candidates not in _measured:
        _measured[candidates] = _count(candidates)
    return _measured[candidates]


def _count(candidates: int) -> dict[str, list[str]]:
    seed(candidates)
    subjects = pages.find_subjects()
    # The draft carries a partnership tag, so its autosave also validates the
    # posted tags: the most an autosave costs.
    subjects.draft.partnerships.set(subjects.enrolment.partnerships.all()[:1])
    return {
        page.key: measure.count_queries(
            page, warm_up=1 if page.key.startswith("submission_pdf") else 2
        )
        for page in pages.key_pages(subjects)
    }


@pytest.mark.django_db
@pytest.mark.parametrize("candidates", SIZES, ids=[f"{n} candidates" for n in SIZES])
def test_every_key_page_stays_within_twelve_queries(candidates):
    counts = counts_at(candidates)

    over = {key: len(sql) for key, sql in counts.items() if len(sql) > BUDGET}
    assert over == {}, "\n\n".join("\n".join(counts[key]) for key in over)


@pytest.mark.django_db
def test_no_key_page_costs_more_queries_with_five_times_the_data():
    small = {key: len(sql) for key, sql in counts_at(SIZES[0]).items()}
    large = {key: len(sql) for key, sql in counts_at(SIZES[1]).items()}

    assert large == small
    assert small == {
        "candidate_home": 10,
        "entry_page": 9,  # 10 before the access API fetched the entry with its sections
        "autosave": 12,
        "search": 11,
        "mentor_dashboard": 7,
        "mentee_logbook": 11,
        "reading_view": 12,
        "submission_pdf": 6,
        "submission_pdf_first": 12,
        "cohort_page": 6,
    }
