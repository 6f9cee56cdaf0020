"""Partnerships: the candidate's short list to tag entries with."""

import re

import pytest
from django.urls import reverse

from entries.models import Partnership
from entries.vocabulary import BrokerPosition
from tests.entries.helpers import write

LIST = reverse("entries:partnerships")


def add(client, name, position=BrokerPosition.EXTERNAL, sector_mix=""):
    return client.post(LIST, {"name": name, "position": position, "sector_mix": sector_mix})


def names(enrolment):
    return list(enrolment.partnerships.values_list("name", flat=True))


@pytest.mark.django_db
class TestPartnerships:
    def test_lists_only_the_candidates_own(self, headed, client_for):
        Partnership.objects.create(
            enrolment=headed.enrolment2, name="Not mine", position=BrokerPosition.INTERNAL
        )

        response = client_for(headed.candidate).get(LIST)

        assert response.status_code == 200
        assert "No partnerships yet." in response.content.decode()
        assert "Not mine" not in response.content.decode()

    def test_a_partnership_is_added(self, headed, client_for):
        response = add(
            client_for(headed.candidate), "Delta water forum", sector_mix="NGOs, local government"
        )

        partnership = headed.enrolment.partnerships.get()
        assert response.status_code == 302
        assert (partnership.name, partnership.position, partnership.sector_mix) == (
            "Delta water forum",
            BrokerPosition.EXTERNAL,
            "NGOs, local government",
        )

    def test_the_position_offers_the_two_positions_and_none_is_chosen(self, headed, client_for):
        html = client_for(headed.candidate).get(LIST).content.decode()

        radios = re.findall(r'<input type="radio"[^>]*name="position"[^>]*>', html)
        values = [re.search(r'value="([^"]*)"', radio)[1] for radio in radios]
        assert values == ["internal", "external"]
        assert "---------" not in html
        assert not any("checked" in radio for radio in radios)

    def test_a_name_and_a_position_are_needed(self, headed, client_for):
        response = client_for(headed.candidate).post(LIST, {"name": "", "position": ""})

        assert response.status_code == 422
        assert "This field is required." in response.content.decode()
        assert not Partnership.objects.exists()

    def test_a_forged_position_is_a_clear_error(self, headed, client_for):
        response = add(client_for(headed.candidate), "Forum", position="overlord")

        assert response.status_code == 422
        assert "Select a valid choice." in response.content.decode()

    @pytest.mark.parametrize(
        "again", ["Delta water forum", "delta WATER forum", " Delta water forum "]
    )
    def test_a_duplicate_name_in_any_case_is_a_clear_error(self, headed, client_for, again):
        client = client_for(headed.candidate)
        add(client, "Delta water forum")

        response = add(client, again)

        assert response.status_code == 422
        assert "You already have a partnership with this name." in response.content.decode()
        assert names(headed.enrolment) == ["Delta water forum"]

    def test_a_name_that_only_lowercases_to_a_duplicate_is_a_clear_error(self, headed, client_for):
        # KELVIN SIGN lowercases to "k", as the database's unique index
        # compares names, though it does not uppercase to "K".
        client = client_for(headed.candidate)
        add(client, "Kiln makers' network")

        response = add(client, "\u212ailn makers' network")

        assert response.status_code == 422
        assert "You already have a partnership with this name." in response.content.decode()

    def test_another_candidate_may_use_the_same_name(self, headed, client_for):
        add(client_for(headed.candidate), "Delta water forum")

        response = add(client_for(headed.candidate2), "Delta water forum")

        assert response.status_code == 302
        assert names(headed.enrolment2) == ["Delta water forum"]


@pytest.mark.django_db
class TestPartnershipEdit:
    @pytest.fixture
    def forum(self, headed):
        return Partnership.objects.create(
            enrolment=headed.enrolment, name="Delta water forum", position=BrokerPosition.EXTERNAL
        )

    def test_a_partnership_is_renamed(self, headed, forum, client_for):
        response = client_for(headed.candidate).post(
            reverse("entries:partnership_edit", args=[forum.pk]),
            {"name": "Delta basin forum", "position": BrokerPosition.INTERNAL},
        )

        forum.refresh_from_db()
        assert response.status_code == 302
        assert (forum.name, forum.position) == ("Delta basin forum", BrokerPosition.INTERNAL)

    def test_renaming_to_another_partnerships_name_is_a_clear_error(
        self, headed, forum, client_for
    ):
        other = Partnership.objects.create(
            enrolment=headed.enrolment, name="Schools compact", position=BrokerPosition.INTERNAL
        )

        response = client_for(headed.candidate).post(
            reverse("entries:partnership_edit", args=[other.pk]),
            {"name": "DELTA water forum", "position": BrokerPosition.INTERNAL},
        )

        other.refresh_from_db()
        assert response.status_code == 422
        assert "You already have a partnership with this name." in response.content.decode()
        assert other.name == "Schools compact"

    def test_another_candidates_partnership_is_404(self, headed, forum, client_for):
        url = reverse("entries:partnership_edit", args=[forum.pk])

        client = client_for(headed.candidate2)

        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "Mine", "position": "internal"}).status_code == 404
        forum.refresh_from_db()
        assert forum.name == "Delta water forum"

    def test_removing_a_partnership_keeps_the_entries_it_tagged(self, headed, forum, client_for):
        entry = write(headed.enrolment, 3, partnerships=[forum])

        response = client_for(headed.candidate).post(
            reverse("entries:partnership_delete", args=[forum.pk])
        )

        assert response.status_code == 302
        assert not Partnership.objects.exists()
        entry.refresh_from_db()
        assert list(entry.partnerships.all()) == []
        assert entry.sections.get(position=0).body.startswith("Week 3")

    def test_another_candidate_cannot_remove_it(self, headed, forum, client_for):
        url = reverse("entries:partnership_delete", args=[forum.pk])

        assert client_for(headed.candidate2).post(url).status_code == 404
        assert Partnership.objects.filter(pk=forum.pk).exists()
