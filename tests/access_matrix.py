"""Who gets what from every URL of the project (STYLE.md 18).

``tests/core/test_urls_covered.py`` walks every URL pattern (the Django admin
aside) and fails when a named URL has no row here, or a row names a URL that
no longer exists. It then requests each row as each member of the shared
cast (tests/conftest.py) and checks the answer.

HOW TO ADD A ROW (one per URL name, in the block of your app)
------------------------------------------------------------
    "entries:entry_detail": Row(
        answers(404, anonymous=LOGIN, candidate=200, mentor=200),
        args=lambda cast: {"public_id": make_shared_entry(cast.enrolment).public_id},
    ),

- The key is the name you give ``reverse()``: "namespace:name", or just
  "name" for project-level URLs.
- ``answers(default, **by_role)`` is what a GET returns to each role; roles
  you do not name get ``default``. Roles are the keys of ``ROLES`` below.
  Build objects around ``cast.enrolment`` (candidate + mentor); then
  candidate2 and mentor2 are the *unrelated* people, who must get 404.
- An answer is a status (200, 403, 404, 405, 410 ...), ``LOGIN`` (302 to
  the login page with ?next=), or a path such as "/logbook/" (302 there;
  "{cast.enrolment.pk}"-style placeholders are filled from the cast).
- ``args``: for a URL with parameters, a function of the cast returning the
  ``reverse()`` args (a list) or kwargs (a dict). It runs once per row and
  may create objects. Without ``args`` such a URL is not requested here, and
  ``note`` must say which test module covers its access instead.
- ``post``: for a POST-only view, also what an empty POST returns to each
  role (GET is then 405 for everyone signed in). Leave it out for GET+POST
  views: the GET answer already proves who gets in.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.tokens import default_token_generator
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

# Role name -> the attribute of the cast signed in for it (None: anonymous).
ROLES = {
    "anonymous": None,
    "candidate": "candidate",  # enrolled in cast.enrolment, mentored by "mentor"
    "candidate2": "candidate2",  # same cohort, other enrolment: unrelated to cast.enrolment
    "mentor": "mentor",  # mentor of cast.enrolment
    "mentor2": "mentor2",  # mentor of cast.enrolment2 only
    "examiner": "examiner",
    "examiner2": "examiner2",
    "coordinator": "coordinator",
    "stranger": "stranger",  # signed in, holds no role
    "researcher": "researcher",  # the researcher flag only (issue 8)
}

LOGIN = "login"  # 302 to /accounts/login/?next=<the requested path>

Answer = int | str


def answers(default: Answer | None = None, **by_role: Answer) -> dict[str, Answer]:
    """The answer for every role: those named, and ``default`` for the rest."""
    unknown = set(by_role) - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles {sorted(unknown)}; roles are {list(ROLES)}")
    missing = [role for role in ROLES if role not in by_role]
    if default is None and missing:
        raise ValueError(f"No answer for {missing}; name them or give a default")
    return {role: by_role.get(role, default) for role in ROLES}


@dataclass(frozen=True)
class Row:
    get: dict[str, Answer]
    args: Callable | None = None
    post: dict[str, Answer] | None = None
    note: str = ""


# Shorthands for the common shapes.
PUBLIC = answers(200)
SIGNED_IN = answers(200, anonymous=LOGIN)
COORDINATOR_ONLY = answers(403, anonymous=LOGIN, coordinator=200)
EXAMINER_ONLY = answers(403, anonymous=LOGIN, examiner=200, examiner2=200)
POST_ONLY = answers(405, anonymous=LOGIN)
# An old path of a page that moved (library.moved): 308 to the new one.
MOVED = answers(308, anonymous=LOGIN)

HOMES = {
    "candidate": "/logbook/",
    "candidate2": "/logbook/",
    "mentor": "/mentees/",
    "mentor2": "/mentees/",
    "examiner": "/examine/",
    "examiner2": "/examine/",
    "coordinator": "/coordinator/cohorts/",
    "researcher": "/enquiry/",
}


def _email_change_args(cast):
    from pbas_logbook.models import EmailChange

    token, token_hash = EmailChange.new_token()
    EmailChange.objects.create(
        user=cast.candidate, new_email="candidate.new@example.test", token_hash=token_hash
    )
    return [token]


def _reset_link_args(cast):
    # Someone outside the cast: signing in changes last_login, which would
    # invalidate the token of anyone the test signs in as.
    from tests.factories import UserFactory

    person = UserFactory()
    return [
        urlsafe_base64_encode(force_bytes(person.pk)),
        default_token_generator.make_token(person),
    ]


def _invitation_args(cast):
    from pbas_logbook.models import Invitation

    token, token_hash = Invitation.new_token()
    Invitation.objects.create(
        user=cast.stranger, token_hash=token_hash, expires_at=timezone.now() + timedelta(days=1)
    )
    return [token]


def _submission(cast, *, version=1):
    """A submission of cast.enrolment (one shared entry and a paper), assigned
    to cast.examiner. ``version=2`` first decides version 1 "resubmit"."""
    from entries.services import EntryText, entry_save, headings_apply_preset
    from examinations import services as exam
    from examinations.models import Outcome
    from tests.examinations.conftest import decide

    enrolment = cast.enrolment
    if not enrolment.headings.exists():
        headings_apply_preset(enrolment=enrolment, key="short")
        entry_save(
            enrolment=enrolment,
            text=EntryText(week=1, title="Access", bodies=["text", "", "", "", ""]),
            share=True,
        )
        exam.paper_save(enrolment=enrolment, title="Paper", body="My journey.", version=None)
    submission = exam.submission_create(enrolment=enrolment, by=cast.candidate, expected_version=1)
    if version == 2:
        decide(cast, submission, Outcome.RESUBMIT)
        submission = exam.submission_create(
            enrolment=enrolment, by=cast.candidate, expected_version=2
        )
    exam.examiner_assign(submission=submission, examiner=cast.examiner, by=cast.coordinator)
    cast.submission = submission  # for answers naming "{cast.submission.public_id}"
    return submission


def _submission_args(cast):
    return [_submission(cast).public_id]


def _notification_args(cast):
    from pbas_logbook.models import Notification

    notice = Notification.objects.create(
        recipient=cast.candidate, kind="comment", message="A notice", url="/logbook/"
    )
    return [notice.pk]


def _logbook(cast):
    """cast.enrolment with headings, a partnership, a shared and a draft entry."""
    from entries.models import Entry, Partnership
    from entries.services import EntryText, entry_save, headings_apply_preset

    enrolment = cast.enrolment
    if not enrolment.headings.exists():
        headings_apply_preset(enrolment=enrolment, key="short")
        Partnership.objects.create(enrolment=enrolment, name="River", position="external")
        entry_save(
            enrolment=enrolment,
            text=EntryText(week=1, title="Shared", bodies=["text", "", "", "", ""]),
            share=True,
        )
        entry_save(
            enrolment=enrolment,
            text=EntryText(week=2, title="Draft", bodies=["draft", "", "", "", ""]),
        )
    entries = Entry.objects.filter(enrolment=enrolment)
    return {
        "shared": entries.get(title="Shared"),
        "draft": entries.get(title="Draft"),
        "heading": enrolment.headings.first(),
        "partnership": enrolment.partnerships.first(),
    }


def _shared_entry_args(cast):
    return [_logbook(cast)["shared"].public_id]


def _binned_entry_args(cast):
    from entries.services import entry_delete

    entry = _logbook(cast)["draft"]
    entry_delete(entry=entry)
    return [entry.public_id]


# Pages about one of cast.candidate's objects: the owner only.
OWNER_ONLY = answers(404, anonymous=LOGIN, candidate=200)
OWNER_POST = answers(404, anonymous=LOGIN, candidate=302)
# Forms of a person's own current logbook, posted empty: a clear error (422).
OWN_LOGBOOK_POST_INVALID = answers(404, anonymous=LOGIN, candidate=422, candidate2=422)
# A form about one of cast.candidate's objects, posted empty: the owner gets
# the page again with the error (422); everyone else, 404.
OWNER_POST_INVALID = answers(404, anonymous=LOGIN, candidate=422)


def _research_extract(cast):
    """cast.enrolment's submission in the research corpus (its candidate
    consents) and a project: kept as cast.research_project and
    cast.research_extract so answers can name their pages."""
    from research import services as research
    from research.models import ConsentVia, Extract

    if getattr(cast, "research_extract", None) is None:
        _submission(cast)
        research.consent_set(
            enrolment=cast.enrolment, given=True, by=cast.candidate, via=ConsentVia.SETTINGS
        )
        cast.research_project = research.project_create(
            title="Access", question="", by=cast.researcher
        )
        cast.research_extract = Extract.objects.get(enrolment=cast.enrolment)
    return cast.research_extract


def _research_project_args(cast):
    _research_extract(cast)
    return [cast.research_project.public_id]


def _research_extract_args(cast):
    extract = _research_extract(cast)
    return [cast.research_project.public_id, extract.token]


# Readers of a frozen submission: its candidate, their mentor, the assigned examiner.
SUBMISSION_READERS = answers(404, anonymous=LOGIN, candidate=200, mentor=200, examiner=200)
# Pages of the candidate's own (current) logbook: 404 for people with none.
OWN_LOGBOOK = answers(404, anonymous=LOGIN, candidate=200, candidate2=200)


def _review_entry(cast):
    """A shared entry of cast.enrolment, kept on the cast so answers can name
    its pages ("{cast.review_entry.public_id}")."""
    from entries.services import EntryText, entry_save, headings_apply_preset

    headings_apply_preset(enrolment=cast.enrolment, key="short")
    bodies = ["The partners met."] + [""] * (cast.enrolment.headings.count() - 1)
    cast.review_entry = entry_save(
        enrolment=cast.enrolment, text=EntryText(week=3, bodies=bodies), share=True
    )
    return cast.review_entry


def _review_comment(cast):
    """A comment by cast.mentor on a shared entry (kept as cast.review_comment)."""
    from mentors.services import comment_post

    cast.review_comment = comment_post(
        entry=_review_entry(cast), author=cast.mentor, body="What changed?"
    )
    return cast.review_comment


REVIEW = "/conversations/{cast.review_entry.public_id}/"
# A role's area answers 403 to other roles, as COORDINATOR_ONLY and
# EXAMINER_ONLY do (it was 404 here, the one role area that differed).
RESEARCHER_ONLY = answers(403, anonymous=LOGIN, researcher=200)
RESEARCH_EXTRACT = (
    "/enquiry/projects/{cast.research_project.public_id}/extracts/{cast.research_extract.token}/"
)
THREAD = REVIEW + "#comment-{cast.review_comment.public_id}"


ACCESS_MATRIX: dict[str, Row] = {
    # --- pbas_logbook: home, roles, health --------------------------------
    "home": Row(answers(anonymous=LOGIN, stranger=200, **HOMES)),
    "role_switch": Row(POST_ONLY, post=answers("/", anonymous=LOGIN)),
    "health": Row(PUBLIC),
    "session_keepalive": Row(POST_ONLY, post=answers(204, anonymous=LOGIN)),
    # Who is signed in now, for a page whose session may have been replaced.
    "session_status": Row(PUBLIC),
    "session_signed_in": Row(answers(200, anonymous=LOGIN)),
    # Languages (issue 13): the sign-in page's switcher sets the cookie by
    # POST only; the scripts' messages are read before anyone signs in.
    "set_language": Row(answers(405), post=answers("/")),
    "javascript_catalog": Row(PUBLIC),
    # --- pbas_logbook: sign-in (Django's views in our templates) ----------
    "login": Row(answers("/", anonymous=200)),
    "logout": Row(POST_ONLY, post=answers("/accounts/login/", anonymous=LOGIN)),
    "password_change": Row(SIGNED_IN),
    "password_change_done": Row(SIGNED_IN),
    "password_reset": Row(PUBLIC),
    "password_reset_done": Row(PUBLIC),
    # A valid link moves its token into the session and redirects.
    "password_reset_confirm": Row(answers(302), args=_reset_link_args),
    "password_reset_complete": Row(PUBLIC),
    "invitation_accept": Row(PUBLIC, args=_invitation_args),
    # --- pbas_logbook: the coordinator's pages ------------------------------
    "coordinator:cohort_list": Row(COORDINATOR_ONLY),
    "coordinator:cohort_create": Row(COORDINATOR_ONLY),
    "coordinator:cohort_detail": Row(COORDINATOR_ONLY, args=lambda cast: [cast.cohort.pk]),
    "examinations:cohort_progress": Row(COORDINATOR_ONLY, args=lambda cast: [cast.cohort.pk]),
    "examinations:cohort_progress_csv": Row(COORDINATOR_ONLY, args=lambda cast: [cast.cohort.pk]),
    "coordinator:person_list": Row(COORDINATOR_ONLY),
    "coordinator:person_invite": Row(COORDINATOR_ONLY),
    "coordinator:person_detail": Row(COORDINATOR_ONLY, args=lambda cast: [cast.stranger.pk]),
    "coordinator:person_reinvite": Row(
        POST_ONLY,
        args=lambda cast: [cast.stranger.pk],
        post=answers(403, anonymous=LOGIN, coordinator="/coordinator/people/{cast.stranger.pk}/"),
    ),
    "coordinator:enrolment_create": Row(COORDINATOR_ONLY),
    "coordinator:audit_trail": Row(COORDINATOR_ONLY),
    "coordinator:enrolment_mentor": Row(COORDINATOR_ONLY, args=lambda cast: [cast.enrolment.pk]),
    # --- entries: the candidate's logbook --------------------------------
    "entries:home": Row(SIGNED_IN),
    # Without headings, "New entry" sends the candidate to choose them first.
    "entries:entry_new": Row(answers(404, anonymous=LOGIN, candidate=302, candidate2=302)),
    "entries:entry_new_share": Row(POST_ONLY, post=OWN_LOGBOOK_POST_INVALID),
    "entries:entry_autosave": Row(POST_ONLY, post=OWN_LOGBOOK_POST_INVALID),
    # The preview renders posted text only; it reads nothing stored.
    "entries:preview": Row(POST_ONLY, post=answers(200, anonymous=LOGIN)),
    "entries:entry_detail": Row(OWNER_ONLY, args=_shared_entry_args),
    "entries:entry_edit": Row(OWNER_ONLY, args=_shared_entry_args),
    "entries:entry_changes": Row(OWNER_ONLY, args=_shared_entry_args),
    "entries:entry_history": Row(OWNER_ONLY, args=_shared_entry_args),
    "entries:entry_delete": Row(OWNER_ONLY, args=_shared_entry_args),
    "entries:entry_share": Row(POST_ONLY, args=_shared_entry_args, post=OWNER_POST),
    "entries:entry_unshare": Row(POST_ONLY, args=_shared_entry_args, post=OWNER_POST),
    "entries:entry_history_restore": Row(POST_ONLY, args=_shared_entry_args, post=OWNER_POST),
    "entries:entry_undelete": Row(POST_ONLY, args=_binned_entry_args, post=OWNER_POST),
    "entries:bin": Row(OWN_LOGBOOK),
    "entries:readers": Row(OWN_LOGBOOK),
    "entries:headings": Row(OWN_LOGBOOK),
    "entries:heading_preset": Row(
        POST_ONLY, post=answers(404, anonymous=LOGIN, candidate=302, candidate2=302)
    ),
    "entries:heading_add": Row(POST_ONLY, post=OWN_LOGBOOK_POST_INVALID),
    "entries:heading_update": Row(
        POST_ONLY, args=lambda cast: [_logbook(cast)["heading"].pk], post=OWNER_POST_INVALID
    ),
    "entries:heading_move": Row(
        POST_ONLY, args=lambda cast: [_logbook(cast)["heading"].pk], post=OWNER_POST
    ),
    "entries:heading_delete": Row(
        POST_ONLY, args=lambda cast: [_logbook(cast)["heading"].pk], post=OWNER_POST
    ),
    "entries:partnerships": Row(OWN_LOGBOOK),
    "entries:partnership_edit": Row(
        OWNER_ONLY, args=lambda cast: [_logbook(cast)["partnership"].pk]
    ),
    "entries:partnership_delete": Row(
        POST_ONLY, args=lambda cast: [_logbook(cast)["partnership"].pk], post=OWNER_POST
    ),
    "entries:search": Row(OWN_LOGBOOK),
    "entries:heading_across": Row(OWN_LOGBOOK),
    "entries:export": Row(OWN_LOGBOOK),
    "entries:export_markdown": Row(OWN_LOGBOOK),
    "entries:export_zip": Row(OWN_LOGBOOK),
    "entries:export_pdf": Row(OWN_LOGBOOK),
    # --- mentors ----------------------------------------------------------
    "mentors:dashboard": Row(SIGNED_IN),
    "mentors:mentee_logbook": Row(
        answers(404, anonymous=LOGIN, mentor=200), args=lambda cast: [cast.enrolment.pk]
    ),
    "mentors:mentee_heading": Row(
        answers(404, anonymous=LOGIN, mentor=200), args=lambda cast: [cast.enrolment.pk]
    ),
    "mentors:entry_review": Row(
        answers(404, anonymous=LOGIN, candidate=200, mentor=200),
        args=lambda cast: [_review_entry(cast).public_id],
    ),
    # An empty comment is refused with a message on the review page.
    "mentors:comment_create": Row(
        POST_ONLY,
        args=lambda cast: [_review_entry(cast).public_id],
        post=answers(404, anonymous=LOGIN, candidate=REVIEW, mentor=REVIEW),
    ),
    "mentors:entry_reviewed": Row(
        POST_ONLY,
        args=lambda cast: [_review_entry(cast).public_id],
        post=answers(404, anonymous=LOGIN, candidate=403, mentor="/mentees/{cast.enrolment.pk}/"),
    ),
    "mentors:entry_changes": Row(
        answers(404, anonymous=LOGIN, candidate=403, mentor=200),
        args=lambda cast: [_review_comment(cast).entry.public_id],
    ),
    # Every change since first shared: the entry's mentor and its candidate.
    "mentors:entry_edits": Row(
        answers(404, anonymous=LOGIN, candidate=200, mentor=200),
        args=lambda cast: [_review_entry(cast).public_id],
    ),
    "mentors:comment_edit": Row(
        answers(404, anonymous=LOGIN, candidate=403, mentor=200),
        args=lambda cast: [_review_comment(cast).public_id],
    ),
    "mentors:thread_resolve": Row(
        POST_ONLY,
        args=lambda cast: [_review_comment(cast).public_id],
        post=answers(404, anonymous=LOGIN, candidate=THREAD, mentor=THREAD),
    ),
    "mentors:thread_reopen": Row(
        POST_ONLY,
        args=lambda cast: [_review_comment(cast).public_id],
        post=answers(404, anonymous=LOGIN, candidate=THREAD, mentor=THREAD),
    ),
    # Old paths of the conversation (until December 2026): a 308 to the new
    # path for everyone signed in, whose view then decides; sign-in first for
    # anyone else, as everywhere (tests/core/test_moved_pages.py).
    "mentors:moved_conversation": Row(
        MOVED, args=lambda cast: {"rest": f"{_review_entry(cast).public_id}/"}
    ),
    "mentors:moved_comment": Row(
        MOVED, args=lambda cast: {"rest": f"{_review_comment(cast).public_id}/edit/"}
    ),
    # --- examinations -----------------------------------------------------
    "examinations:home": Row(EXAMINER_ONLY),
    "examinations:candidate_home": Row(OWN_LOGBOOK),
    "examinations:mentor_home": Row(SIGNED_IN),
    "examinations:paper_edit": Row(OWN_LOGBOOK),
    "examinations:paper_autosave": Row(POST_ONLY, post=OWN_LOGBOOK),
    "examinations:paper_preview": Row(POST_ONLY, post=OWN_LOGBOOK),
    "examinations:submit": Row(OWN_LOGBOOK),
    "examinations:submit_confirm": Row(
        POST_ONLY,
        post=answers(404, anonymous=LOGIN, candidate=302, candidate2=302),
    ),
    "examinations:reading": Row(SUBMISSION_READERS, args=_submission_args),
    "examinations:receipt": Row(
        answers(404, anonymous=LOGIN, candidate=200, mentor=200, examiner=403),
        args=_submission_args,
    ),
    "examinations:result": Row(SUBMISSION_READERS, args=_submission_args),
    "examinations:pdf": Row(SUBMISSION_READERS, args=_submission_args),
    # The reading room (issue 12 item 7; tests/examinations/test_reading_room.py):
    # only an assigned examiner keeps a position and notes. An empty POST is
    # "no such week" (400) for the position, "clear the note" (302) for a note.
    "examinations:reading_position": Row(
        POST_ONLY,
        args=_submission_args,
        post=answers(404, anonymous=LOGIN, candidate=403, mentor=403, examiner=400),
    ),
    "examinations:examiner_note": Row(
        POST_ONLY,
        args=lambda cast: [_submission(cast).public_id, "paper"],
        post=answers(404, anonymous=LOGIN, candidate=403, mentor=403, examiner=302),
    ),
    "examinations:compare": Row(
        SUBMISSION_READERS, args=lambda cast: [_submission(cast, version=2).public_id]
    ),
    "examinations:entry_changes": Row(
        SUBMISSION_READERS,
        args=lambda cast: {"public_id": _submission(cast).public_id, "position": 0},
    ),
    "examinations:assess": Row(
        answers(404, anonymous=LOGIN, candidate=403, mentor=403, examiner=200),
        args=_submission_args,
    ),
    "examinations:mentor_report": Row(
        answers(404, anonymous=LOGIN, candidate=403, mentor=200, examiner=403),
        args=_submission_args,
    ),
    "examinations:submission_list": Row(COORDINATOR_ONLY),
    "examinations:criteria": Row(COORDINATOR_ONLY),
    "examinations:marking_scheme": Row(COORDINATOR_ONLY, args=lambda cast: [cast.cohort.pk]),
    # An empty POST: "choose when" (a cohort) or "record the decision first".
    "examinations:cohort_release": Row(
        POST_ONLY,
        args=lambda cast: [cast.cohort.pk],
        post=answers(403, anonymous=LOGIN, coordinator="/coordinator/cohorts/{cast.cohort.pk}/"),
    ),
    "examinations:marks_csv": Row(COORDINATOR_ONLY, args=lambda cast: [cast.cohort.pk]),
    "examinations:result_release": Row(
        POST_ONLY,
        args=_submission_args,
        post=answers(
            403, anonymous=LOGIN, coordinator="/examine/manage/{cast.submission.public_id}/"
        ),
    ),
    "examinations:submission_manage": Row(COORDINATOR_ONLY, args=_submission_args),
    "examinations:decision_record": Row(
        POST_ONLY,
        args=_submission_args,
        post=answers(403, anonymous=LOGIN, coordinator=422),
    ),
    "examinations:examiner_unassign": Row(
        POST_ONLY,
        args=lambda cast: [_submission(cast).public_id, cast.examiner.pk],
        post=answers(403, anonymous=LOGIN, coordinator=302),
    ),
    # Issue 12 items 4 and 5 (tests/examinations/test_deadlines.py and
    # test_resubmission_examiners.py): an empty POST is refused on the field.
    "examinations:overdue": Row(COORDINATOR_ONLY),
    "examinations:due_date_set": Row(
        POST_ONLY,
        args=lambda cast: [_submission(cast).public_id, cast.examiner.pk],
        post=answers(403, anonymous=LOGIN, coordinator=422),
    ),
    "examinations:examiners_keep": Row(
        POST_ONLY,
        args=lambda cast: [_submission(cast, version=2).public_id],
        post=answers(403, anonymous=LOGIN, coordinator=422),
    ),
    # --- research (issue 8): researchers only, 404 for everyone else -------
    "research:home": Row(RESEARCHER_ONLY),
    "research:project_create": Row(RESEARCHER_ONLY),
    "research:project_detail": Row(RESEARCHER_ONLY, args=_research_project_args),
    "research:search": Row(RESEARCHER_ONLY, args=_research_project_args),
    "research:extract_detail": Row(RESEARCHER_ONLY, args=_research_extract_args),
    # An empty coding removes the researcher's coding and goes back to the extract.
    "research:extract_code": Row(
        POST_ONLY,
        args=_research_extract_args,
        post=answers(403, anonymous=LOGIN, researcher=RESEARCH_EXTRACT + "#extract"),
    ),
    "research:coding_list": Row(RESEARCHER_ONLY, args=_research_project_args),
    "research:codebook": Row(RESEARCHER_ONLY, args=_research_project_args),
    # An empty theme is refused with a message on the codebook page.
    "research:theme_create": Row(
        POST_ONLY,
        args=_research_project_args,
        post=answers(403, anonymous=LOGIN, researcher=422),
    ),
    "research:agreement": Row(RESEARCHER_ONLY, args=_research_project_args),
    "research:export": Row(RESEARCHER_ONLY, args=_research_project_args),
    # Downloads (an empty POST exports everything); each is logged.
    "research:export_csv": Row(POST_ONLY, args=_research_project_args, post=RESEARCHER_ONLY),
    "research:export_json": Row(POST_ONLY, args=_research_project_args, post=RESEARCHER_ONLY),
    "research:export_summary_csv": Row(
        POST_ONLY, args=_research_project_args, post=RESEARCHER_ONLY
    ),
    # --- research: the candidate's own consent (404 for anyone else's) -------
    "research:consent": Row(OWN_LOGBOOK),
    "research:consent_update": Row(
        POST_ONLY,
        args=lambda cast: [cast.enrolment.pk],
        post=answers(404, anonymous=LOGIN, candidate="/research-consent/"),
    ),
    "research:mask_words_update": Row(
        POST_ONLY,
        args=lambda cast: [cast.enrolment.pk],
        post=answers(
            404, anonymous=LOGIN, candidate="/research-consent/#words-{cast.enrolment.pk}"
        ),
    ),
    "research:consent_preview": Row(
        answers(404, anonymous=LOGIN, candidate=200), args=lambda cast: [cast.enrolment.pk]
    ),
    # The consent's old path (until December 2026), as the conversation's.
    "research:moved_consent": Row(MOVED, args=lambda cast: {"rest": ""}),
    # --- a person's own data ------------------------------------------------
    "my_data": Row(SIGNED_IN),
    "my_data_json": Row(SIGNED_IN),
    "close_account": Row(SIGNED_IN),
    # The profile (issue 13; tests/core/test_profile.py): everyone's own, no id
    # in the URL. An empty POST is refused on the form (422); the banner's
    # time zone and the language may be posted from any role's pages.
    "profile": Row(SIGNED_IN),
    "profile_name": Row(POST_ONLY, post=answers(422, anonymous=LOGIN)),
    "profile_email": Row(POST_ONLY, post=answers(422, anonymous=LOGIN)),
    "profile_time_zone": Row(POST_ONLY, post=answers(422, anonymous=LOGIN)),
    # An empty language is "follow my browser", a valid choice.
    "profile_language": Row(POST_ONLY, post=answers("/profile/#language", anonymous=LOGIN)),
    # The candidate's link: theirs to open, refused (403) to anyone else
    # signed in, never naming whose it is.
    "profile_email_confirm": Row(
        answers(403, anonymous=LOGIN, candidate=200), args=_email_change_args
    ),
    # --- notifications (everyone's own) --------------------------------------
    "notifications": Row(SIGNED_IN),
    "notification_open": Row(
        POST_ONLY,
        args=_notification_args,
        post=answers(404, anonymous=LOGIN, candidate="/logbook/"),
    ),
    "notification_read_all": Row(POST_ONLY, post=answers("/notifications/", anonymous=LOGIN)),
    "notification_preferences": Row(POST_ONLY, post=answers("/notifications/", anonymous=LOGIN)),
}
