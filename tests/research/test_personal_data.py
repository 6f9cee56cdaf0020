"""The enquiry's part of a person's data: download, and closing the account."""

import pytest
from django.urls import reverse

from accounts import personal_data
from pbas_logbook.models import AuditAction, AuditEvent
from research import services
from research.models import ConsentEvent, ConsentVia, Extract
from tests.research.conftest import extract_of


@pytest.mark.django_db
class TestPersonalData:
    def test_the_download_holds_choices_history_and_words(self, corpus):
        data = personal_data.export(corpus.candidate)

        assert data["research_consent"][0]["given"] is True
        assert data["research_consent"][0]["words_to_mask"] == ["Tidewater"]
        assert [e["given"] for e in data["research_consent_history"]] == [True]

    def test_a_researchers_download_holds_their_codings(self, corpus, project):
        extract = extract_of(corpus.enrolment, 2, "What?")
        services.coding_save(
            project=project, extract=extract, researcher=corpus.researcher, themes=[], memo="Note"
        )

        data = personal_data.export(corpus.researcher)

        assert data["research_codings"][0]["memo"] == "Note"

    def test_closing_the_account_withdraws_consent(self, corpus, project, client_for):
        assert Extract.objects.filter(enrolment=corpus.enrolment).exists()

        personal_data.close_account(corpus.candidate)

        assert not Extract.objects.filter(enrolment=corpus.enrolment).exists()
        last = ConsentEvent.objects.filter(enrolment=corpus.enrolment).first()
        assert last.given is False and last.via == ConsentVia.ACCOUNT_CLOSED
        page = client_for(corpus.researcher).get(
            reverse("research:search", args=[project.public_id]), {"q": "council"}
        )
        assert page.context["page"].paginator.count == 0

    def test_closure_says_what_happens_to_research(self, corpus):
        items = {item.what: item for item in personal_data.closure(corpus.candidate)}

        assert not items[
            "Research consent (withdrawn: your logbook leaves the research enquiry)"
        ].kept
        assert items["History of your research consent choices"].kept


@pytest.mark.django_db
class TestAuditTrail:
    def test_consent_changes_are_in_the_audit_trail(self, corpus):
        event = AuditEvent.objects.get(action=AuditAction.CONSENT_CHANGED)

        assert event.actor == corpus.candidate and event.subject == corpus.candidate
        assert "Agreed" in event.detail

    def test_exports_are_in_the_audit_trail(self, corpus, project, client_for):
        client_for(corpus.researcher).post(reverse("research:export_csv", args=[project.public_id]))

        event = AuditEvent.objects.get(action=AuditAction.EXPORTED)
        assert event.actor == corpus.researcher and event.actor_role == "researcher"
        assert "Research export (CSV of coded extracts" in event.detail
