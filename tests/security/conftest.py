"""Fixtures for the privacy and security proofs (issue 6).

``planted`` builds, through the services, a logbook in which everything
cast.candidate writes carries a unique marker word, so a test can later
look for that word on every page another person can reach.
"""

import secrets
from dataclasses import dataclass, field

import pytest

from entries.models import Entry, Partnership
from entries.services import EntryText, entry_delete, entry_save, headings_apply_preset
from examinations import services as exam
from examinations.models import FinalPaper, Submission
from mentors.models import Comment
from mentors.services import comment_post

# The "short" preset, in order.
HEADINGS = ["Issues", "Thoughts", "Working well!", "Unexpected outcomes", "Lessons"]


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The cast sets nine passwords; these tests are about access, not hashing."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def marker(kind: str) -> str:
    """A word found nowhere else: letters only, so full-text search and
    stemming leave it whole and a case-insensitive scan finds it."""
    return f"leak{kind}{secrets.token_hex(5)}".translate(str.maketrans("0123456789", "ghijklmnop"))


@dataclass
class Markers:
    draft: str = field(default_factory=lambda: marker("draft"))
    shared: str = field(default_factory=lambda: marker("shared"))
    binned: str = field(default_factory=lambda: marker("binned"))
    reply: str = field(default_factory=lambda: marker("reply"))
    paper: str = field(default_factory=lambda: marker("paper"))
    search: str = field(default_factory=lambda: marker("search"))
    partnership: str = field(default_factory=lambda: marker("partner"))
    after: str = field(default_factory=lambda: marker("after"))

    def all(self) -> dict[str, str]:
        return dict(vars(self))


@dataclass
class World:
    cast: object
    marks: Markers
    shared: Entry
    draft: Entry
    binned: Entry
    comment: Comment
    reply: Comment
    paper: FinalPaper
    submission: Submission | None = None


def write(enrolment, week, text, *, share, title="", **tags) -> Entry:
    count = enrolment.headings.count()
    return entry_save(
        enrolment=enrolment,
        text=EntryText(
            week=week,
            title=title,
            aims=f"Aims: {text}",
            bodies=[f"{text} under heading {i}" for i in range(count)],
            **tags,
        ),
        share=share,
    )


def edit(entry: Entry, **changes) -> Entry:
    entry = Entry.objects.get(pk=entry.pk)
    text = EntryText.from_entry(entry)
    for name, value in changes.items():
        setattr(text, name, value)
    return entry_save(enrolment=entry.enrolment, text=text, entry=entry, version=entry.version)


def plant(cast, *, submit: bool, client=None) -> World:
    """Everything cast.candidate writes, each kind with its own marker.

    - a shared entry (week 1), which the mentor may read;
    - a draft (week 2), tagged with a private partnership: nobody else;
    - a shared entry moved to the bin (week 3): nobody else;
    - a reply to the mentor's comment on the shared entry: the mentor;
    - the final paper: the mentor and examiner once submitted;
    - a search of their own logbook (``client`` signed in as the candidate);
    - with ``submit``: the logbook submitted and assigned to cast.examiner,
      then the shared entry edited and a new draft written afterwards
      (the examiner reads the frozen copy, never those).
    cast.candidate2 keeps an ordinary logbook so their pages are not empty.
    """
    m = Markers()
    enrolment = cast.enrolment
    headings_apply_preset(enrolment=enrolment, key="short")
    headings_apply_preset(enrolment=cast.enrolment2, key="short")
    write(cast.enrolment2, 1, "Plain words of someone else.", share=True, title="Other")
    partnership = Partnership.objects.create(
        enrolment=enrolment, name=f"River {m.partnership}", position="external"
    )
    shared = write(enrolment, 1, f"Shared {m.shared}", share=True, title=f"Met {m.shared}")
    draft = write(
        enrolment,
        2,
        f"Draft {m.draft}",
        share=False,
        title=f"Unsure {m.draft}",
        tools=[f"tag{m.draft}"],
        partnerships=[partnership],
    )
    binned = write(enrolment, 3, f"Binned {m.binned}", share=True, title=f"Gone {m.binned}")
    entry_delete(entry=binned)
    comment = comment_post(entry=shared, author=cast.mentor, body="What changed for you?")
    reply = comment_post(
        entry=shared, author=cast.candidate, body=f"I saw {m.reply} in the room.", parent=comment
    )
    paper = exam.paper_save(
        enrolment=enrolment, title=f"Journey {m.paper}", body=f"My journey: {m.paper}", version=None
    )
    if client is not None:
        response = client.get("/logbook/search/", {"q": m.search})
        assert response.status_code == 200
    world = World(cast, m, shared, draft, binned, comment, reply, paper)
    if submit:
        world.submission = exam.submission_create(
            enrolment=enrolment, by=cast.candidate, expected_version=1
        )
        exam.examiner_assign(
            submission=world.submission, examiner=cast.examiner, by=cast.coordinator
        )
        edit(shared, bodies=[f"Later {m.after}"] + [""] * (len(HEADINGS) - 1))
        write(enrolment, 4, f"Draft {m.draft}", share=False)
    return world


@pytest.fixture
def planted(cast, client_for, django_capture_on_commit_callbacks):
    """The world with the logbook submitted (emails and notices sent)."""
    with django_capture_on_commit_callbacks(execute=True):
        return plant(cast, submit=True, client=client_for(cast.candidate))
