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

HOMES = {
    "candidate": "/logbook/",
    "candidate2": "/logbook/",
    "mentor": "/mentees/",
    "mentor2": "/mentees/",
    "examiner": "/examine/",
    "examiner2": "/examine/",
    "coordinator": "/coordinator/cohorts/",
}


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


ACCESS_MATRIX: dict[str, Row] = {
    # --- pbas_logbook: home, roles, health --------------------------------
    "home": Row(answers(anonymous=LOGIN, stranger=200, **HOMES)),
    "role_switch": Row(POST_ONLY, post=answers("/", anonymous=LOGIN)),
    "health": Row(PUBLIC),
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
    "coordinator:person_list": Row(COORDINATOR_ONLY),
    "coordinator:person_invite": Row(COORDINATOR_ONLY),
    "coordinator:person_detail": Row(COORDINATOR_ONLY, args=lambda cast: [cast.stranger.pk]),
    "coordinator:person_reinvite": Row(
        POST_ONLY,
        args=lambda cast: [cast.stranger.pk],
        post=answers(403, anonymous=LOGIN, coordinator="/coordinator/people/{cast.stranger.pk}/"),
    ),
    "coordinator:enrolment_create": Row(COORDINATOR_ONLY),
    "coordinator:enrolment_mentor": Row(COORDINATOR_ONLY, args=lambda cast: [cast.enrolment.pk]),
    # --- entries: the candidate's logbook --------------------------------
    "entries:home": Row(SIGNED_IN),
    # --- mentors ----------------------------------------------------------
    "mentors:dashboard": Row(SIGNED_IN),
    # --- examinations -----------------------------------------------------
    "examinations:home": Row(EXAMINER_ONLY),
}
