"""Who gets what from every URL of the logbook (STYLE.md 18).

Object pages (an entry, a heading, a partnership) answer 404 to everyone but
the candidate who owns them; pages that need a logbook answer 404 to people
without one. Search and export have their own tests (test_search.py,
test_export.py).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import URLPattern, reverse

from entries import urls as entries_urls
from entries.models import Partnership
from entries.services import entry_delete
from entries.vocabulary import BrokerPosition
from tests.entries.helpers import form_data, write

# Scopes: "open" answers every signed-in person; "logbook" needs the
# person's own enrolment; "object" is one of cast.enrolment's objects.
OPEN, LOGBOOK, OBJECT = "open", "logbook", "object"
NO_LOGBOOK = ["mentor", "examiner", "coordinator", "stranger"]
TESTED_ELSEWHERE = {
    "search",
    "heading_across",
    "export",
    "export_markdown",
    "export_zip",
    "export_pdf",
}


@dataclass
class Route:
    name: str
    scope: str
    get: int | None = None  # the owner's GET answer; None for a POST-only view
    post: int | None = None  # the owner's POST answer; None for a GET-only view
    args: Callable = lambda objects: []
    data: Callable = lambda objects: {}
    extra: dict = field(default_factory=dict)

    def url(self, objects) -> str:
        return reverse(f"entries:{self.name}", args=self.args(objects))

    @property
    def id(self) -> str:
        return self.name


ROUTES = [
    Route("home", OPEN, get=200),
    Route("entry_new", LOGBOOK, get=200, post=302, data=lambda o: form_data(3)),
    Route("entry_new_share", LOGBOOK, post=302, data=lambda o: form_data(3)),
    Route("entry_autosave", LOGBOOK, post=200, data=lambda o: form_data(3)),
    Route("preview", OPEN, post=200, data=lambda o: {"text": "*hello*"}),
    Route("entry_detail", OBJECT, get=200, args=lambda o: [o["shared"].public_id]),
    Route(
        "entry_edit",
        OBJECT,
        get=200,
        post=302,
        args=lambda o: [o["shared"].public_id],
        data=lambda o: form_data(3, version=o["shared"].version),
    ),
    Route(
        "entry_share",
        OBJECT,
        post=302,
        args=lambda o: [o["draft"].public_id],
        data=lambda o: {"version": o["draft"].version},
    ),
    Route("entry_unshare", OBJECT, post=302, args=lambda o: [o["shared"].public_id]),
    Route("entry_changes", OBJECT, get=200, args=lambda o: [o["shared"].public_id]),
    Route("headings", LOGBOOK, get=200),
    Route("heading_preset", LOGBOOK, post=302, data=lambda o: {"preset": "gibbs"}),
    Route("heading_add", LOGBOOK, post=302, data=lambda o: {"title": "Next steps"}),
    Route(
        "heading_update",
        OBJECT,
        post=302,
        args=lambda o: [o["heading"].pk],
        data=lambda o: {"title": "Obstacles"},
    ),
    Route(
        "heading_move",
        OBJECT,
        post=302,
        args=lambda o: [o["heading"].pk],
        data=lambda o: {"direction": "down"},
    ),
    Route("heading_delete", OBJECT, post=302, args=lambda o: [o["heading"].pk]),
    Route(
        "partnerships",
        LOGBOOK,
        get=200,
        post=302,
        data=lambda o: {"name": "Delta forum", "position": BrokerPosition.EXTERNAL},
    ),
    Route(
        "partnership_edit",
        OBJECT,
        get=200,
        post=302,
        args=lambda o: [o["partnership"].pk],
        data=lambda o: {"name": "Renamed forum", "position": BrokerPosition.INTERNAL},
    ),
    Route("partnership_delete", OBJECT, post=302, args=lambda o: [o["partnership"].pk]),
    Route("readers", LOGBOOK, get=200),
    Route("entry_history", OBJECT, get=200, args=lambda o: [o["shared"].public_id]),
    Route(
        "entry_history_restore",
        OBJECT,
        post=302,
        args=lambda o: [o["shared"].public_id],
        data=lambda o: {"version": "no-such-version"},
    ),
    Route("entry_delete", OBJECT, get=200, post=302, args=lambda o: [o["draft"].public_id]),
    Route("entry_undelete", OBJECT, post=302, args=lambda o: [o["binned"].public_id]),
    Route("bin", LOGBOOK, get=200),
]
# Autosave of one of the owner's entries: an object page in disguise.
AUTOSAVE_AN_ENTRY = Route(
    "entry_autosave",
    OBJECT,
    post=200,
    data=lambda o: form_data(3, entry=o["draft"], version=o["draft"].version),
)
ALL = [*ROUTES, AUTOSAVE_AN_ENTRY]


def requests(routes):
    """(route, method) pairs for every method each route answers."""
    pairs = []
    for route in routes:
        if route.get is not None:
            pairs.append(pytest.param(route, "get", id=f"{route.name}-GET"))
        if route.post is not None:
            suffix = "-entry" if route is AUTOSAVE_AN_ENTRY else ""
            pairs.append(pytest.param(route, "post", id=f"{route.name}{suffix}-POST"))
    return pairs


@pytest.fixture
def objects(headed):
    """cast.enrolment's objects: a draft, a shared entry, a heading, a
    partnership and an entry in the bin."""
    return {
        "draft": write(headed.enrolment, 2),
        "shared": write(headed.enrolment, 3, share=True),
        "heading": headed.enrolment.headings.get(title="Issues"),
        "partnership": Partnership.objects.create(
            enrolment=headed.enrolment, name="River forum", position=BrokerPosition.EXTERNAL
        ),
        "binned": entry_delete(entry=write(headed.enrolment, 4)),
    }


def send(client, route, method, objects):
    url = route.url(objects)
    if method == "get":
        return client.get(url)
    return client.post(url, route.data(objects))


def test_every_logbook_url_has_an_access_route():
    names = {p.name for p in entries_urls.urlpatterns if isinstance(p, URLPattern)}

    assert names - TESTED_ELSEWHERE == {route.name for route in ROUTES}


@pytest.mark.django_db
class TestAnonymous:
    @pytest.mark.parametrize(("route", "method"), requests(ALL))
    def test_is_sent_to_sign_in(self, client, objects, route, method):
        response = send(client, route, method, objects)

        assert response.status_code == 302
        assert response.url.startswith("/accounts/login/?next=/logbook/")


@pytest.mark.django_db
class TestOwner:
    @pytest.mark.parametrize(("route", "method"), requests(ALL))
    def test_gets_in(self, headed, client_for, objects, route, method):
        response = send(client_for(headed.candidate), route, method, objects)

        assert response.status_code == getattr(route, method)

    @pytest.mark.parametrize("route", [r for r in ROUTES if r.get is None], ids=lambda r: r.name)
    def test_get_on_a_post_only_view_is_405(self, headed, client_for, objects, route):
        response = client_for(headed.candidate).get(route.url(objects))

        assert response.status_code == 405


@pytest.mark.django_db
class TestOtherCandidate:
    @pytest.mark.parametrize(("route", "method"), requests(r for r in ALL if r.scope == OBJECT))
    def test_gets_404_on_the_owners_objects(self, headed, client_for, objects, route, method):
        response = send(client_for(headed.candidate2), route, method, objects)

        assert response.status_code == 404

    @pytest.mark.parametrize(
        "route", [r for r in ROUTES if r.scope in (OPEN, LOGBOOK) and r.get], ids=lambda r: r.name
    )
    def test_sees_only_their_own_logbook(self, headed, client_for, objects, route):
        response = client_for(headed.candidate2).get(route.url(objects))

        html = response.content.decode()
        assert response.status_code == 200
        assert "River forum" not in html
        assert str(objects["draft"].public_id) not in html
        assert str(objects["shared"].public_id) not in html
        assert str(objects["binned"].public_id) not in html
        assert f"/headings/{objects['heading'].pk}/" not in html


@pytest.mark.django_db
class TestPeopleWithoutALogbook:
    @pytest.mark.parametrize("person", NO_LOGBOOK)
    @pytest.mark.parametrize(("route", "method"), requests(r for r in ALL if r.scope != OPEN))
    def test_get_404(self, headed, client_for, objects, route, method, person):
        response = send(client_for(getattr(headed, person)), route, method, objects)

        assert response.status_code == 404

    @pytest.mark.parametrize("person", NO_LOGBOOK)
    def test_the_logbook_home_says_there_is_none(self, headed, client_for, objects, person):
        response = client_for(getattr(headed, person)).get(reverse("entries:home"))

        html = response.content.decode()
        assert response.status_code == 200
        assert "You are not enrolled in a cohort yet" in html
        assert str(objects["shared"].public_id) not in html

    @pytest.mark.parametrize("person", NO_LOGBOOK)
    def test_the_preview_renders_but_reads_nothing_stored(
        self, headed, client_for, objects, person
    ):
        response = client_for(getattr(headed, person)).post(
            reverse("entries:preview"), {"text": "*hi*"}
        )

        assert response.content.decode() == "<p><em>hi</em></p>"

    def test_the_mentor_cannot_open_even_a_shared_entry_here(self, headed, client_for, objects):
        """The mentor reads shared entries in the mentors app; these pages are the writer's."""
        client = client_for(headed.mentor)

        for name in ("entry_detail", "entry_edit", "entry_changes"):
            url = reverse(f"entries:{name}", args=[objects["shared"].public_id])
            assert client.get(url).status_code == 404, name


@pytest.mark.django_db
class TestAnEnrolmentWithoutAMentorYet:
    def test_the_candidate_still_writes(self, headed, client_for):
        headed.enrolment.mentor = None
        headed.enrolment.save()

        response = client_for(headed.candidate).post(reverse("entries:entry_new"), form_data(3))

        assert response.status_code == 302
