"""Sharing a decided service or political case: who may, what the snapshot holds, and what is refused."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.cases import services as case_services
from prioritet.cases.judgment import combined_judgment
from prioritet.cases.models import AlternativeKind, Level
from prioritet.cases.testing import open_case, scores
from prioritet.examples import services
from prioritet.examples.models import Example, SizeClass
from prioritet.weighting.services import create_version


def test_leader_shares_a_decided_service_case_as_it_is(service_case, leader, municipality):
    case, decision = service_case
    example = services.publish_case(case, leader, decision_id=decision.pk)

    assert example.title == "Oppstart av Larvikshjelpa"
    assert example.summary == "Økende pågang fra innbyggere."
    assert example.level == Level.SERVICE
    assert example.service_area == "Hjemmetjenester"
    assert example.source_label == "Larvik kommune"
    assert example.size_class == SizeClass.MEDIUM == SizeClass.of(municipality.population)
    assert example.municipality == municipality
    assert example.source_case == case
    assert example.justification == "Ventetid er en betydelig risikofaktor."
    assert example.decision == "Starte Larvikshjelpa – høy prioritet"
    assert example.priority == "high"
    assert example.published_by == leader
    assert not example.deidentified_confirmed

    judgment = combined_judgment(case)
    expected = [
        (row.alternative.title, row.scores[1], row.scores[0], row.scores[2])
        if row.medians
        else (row.alternative.title, None, None, None)
        for row in judgment.rows
    ]
    got = [(a.title, a.severity, a.benefit, a.resources) for a in example.alternatives.all()]
    assert got == expected
    chosen = example.alternatives.get(chosen=True)
    assert chosen.title == "Starte Larvikshjelpa"
    assert chosen.conclusion == "Valgt med høy prioritet (forslag nr. 1)"
    assert example.alternatives.get(title="Vente et år").conclusion.startswith("Forslag nr. 2, ")
    no_action = example.alternatives.get(no_action=True)
    assert no_action.description == case.alternatives.get(kind=AlternativeKind.NO_ACTION).description
    assert "larvikshjelpa" in example.search_document
    assert example.history.count() == 1


def test_rounded_medians_are_shared_as_the_case_page_shows_them(leader, user_factory):
    """Two assessors give benefit 4 and 5: the median 4.5 is used as 5, as on the case page."""
    second = user_factory(Role.LEADER, username="leder2")
    case = case_services.create_case(
        leader.municipality,
        leader,
        no_action_consequence="Ventetiden øker.",
        level=Level.SERVICE,
        title="To vurderere",
        severity=3,
    )
    alternative = case_services.add_alternative(case, leader, title="Tiltak B")
    case_services.save_assessment(alternative, leader, None, scores(4, 2))
    case_services.save_assessment(alternative, second, None, scores(5, 2))
    case.refresh_from_db()
    case_services.decide(
        case,
        leader,
        case.version,
        alternative=alternative,
        priority="high",
        justification="Begrunnelse.",
        reassessment_due=timezone.localdate() + datetime.timedelta(days=90),
    )
    example = services.publish_case(case, leader)
    shared = example.alternatives.get(title="Tiltak B")
    assert (shared.benefit, shared.severity, shared.resources) == (5, 3, 2)


def test_the_order_is_the_one_the_decision_was_made_with(service_case, leader, municipality):
    """Weights changed after the decision (only resources count now) do not reorder the shared example."""
    case, _ = service_case
    create_version(
        municipality,
        None,
        benefit=Decimal(0),
        severity=Decimal(0),
        resources=Decimal(1),
        reason="Ny politikk",
        decided_by_body="Kommunestyret",
    )
    top = combined_judgment(case).top
    assert top is not None
    assert top.alternative.title == "Vente et år"
    example = services.publish_case(case, leader)
    assert example.alternatives.get(chosen=True).conclusion == "Valgt med høy prioritet (forslag nr. 1)"
    assert [a.title for a in example.alternatives.all()][:2] == ["Starte Larvikshjelpa", "Vente et år"]


def test_director_shares_a_political_case(political_case, director):
    case, _ = political_case
    example = services.publish_case(case, director)
    assert example.level == Level.POLITICAL
    assert example.source_label == "Larvik kommune"


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.DIRECTOR, Role.MUNICIPAL_ADMIN])
def test_other_roles_cannot_share_a_service_case(service_case, user_factory, role):
    case, _ = service_case
    with pytest.raises(PermissionDenied):
        services.publish_case(case, user_factory(role))
    assert not Example.objects.filter(source_case=case).exists()


def test_a_leader_cannot_share_a_political_case(political_case, leader):
    case, _ = political_case
    with pytest.raises(PermissionDenied):
        services.publish_case(case, leader)


def test_a_leader_of_another_municipality_cannot_share(service_case, other_leader):
    case, _ = service_case
    with pytest.raises(PermissionDenied):
        services.publish_case(case, other_leader)


def test_an_undecided_case_is_refused(leader):
    case = open_case(leader, [("Tiltak", (4, 2))], severity=4)
    with pytest.raises(ValidationError) as err:
        services.publish_case(case, leader)
    assert err.value.code == "undecided"
    assert not Example.objects.filter(source_case=case).exists()


def test_a_case_is_in_the_bank_once_until_withdrawn(service_case, leader):
    case, _ = service_case
    first = services.publish_case(case, leader)
    with pytest.raises(ValidationError) as err:
        services.publish_case(case, leader)
    assert err.value.code == "published"
    services.withdraw(first, leader)
    again = services.publish_case(case, leader)
    assert again.pk != first.pk


def test_a_decision_other_than_the_one_seen_is_refused(service_case, leader):
    case, decision = service_case
    with pytest.raises(ValidationError) as err:
        services.publish_case(case, leader, decision_id=decision.pk + 1000)
    assert err.value.code == "stale"
    assert not Example.objects.filter(source_case=case).exists()


# Pages ---------------------------------------------------------------------------------------------


def test_case_page_links_to_sharing_only_when_decided_and_allowed(service_case, leader, caseworker, login_client):
    case, _ = service_case
    url = reverse("examples:publish", args=[case.pk])
    page = login_client(leader).get(reverse("cases:detail", args=[case.pk]))
    assert url in page.content.decode()
    undecided = open_case(leader, [("Tiltak", (4, 2))], severity=4)
    page = login_client(leader).get(reverse("cases:detail", args=[undecided.pk]))
    assert reverse("examples:publish", args=[undecided.pk]) not in page.content.decode()


def test_confirmation_page_shows_the_snapshot_and_publishes_on_post(service_case, leader, login_client):
    case, decision = service_case
    client = login_client(leader)
    url = reverse("examples:publish", args=[case.pk])
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Starte Larvikshjelpa – høy prioritet" in html
    assert "4 – høy" in html
    assert "2 – lite" in html
    assert "Larvik kommune" in html
    assert not Example.objects.filter(source_case=case).exists()

    response = client.post(url, {"decision": decision.pk})
    example = Example.objects.get(source_case=case)
    assert response.status_code == 302
    assert response.url == reverse("examples:detail", args=[example.pk])
    again = client.get(url)
    assert (
        "already in the example bank" in again.content.decode() or "allerede i eksempelbanken" in again.content.decode()
    )


def test_publish_page_is_404_for_another_municipality(service_case, other_leader, login_client):
    case, _ = service_case
    assert login_client(other_leader).get(reverse("examples:publish", args=[case.pk])).status_code == 404


def test_publish_page_is_403_for_a_role_that_does_not_decide_the_level(service_case, caseworker, login_client):
    case, _ = service_case
    assert login_client(caseworker).get(reverse("examples:publish", args=[case.pk])).status_code == 403


def test_undecided_case_page_says_so_and_post_publishes_nothing(leader, login_client):
    case = open_case(leader, [("Tiltak", (4, 2))], severity=4)
    client = login_client(leader)
    url = reverse("examples:publish", args=[case.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"decision": "1"})
    assert not Example.objects.filter(source_case=case).exists()
