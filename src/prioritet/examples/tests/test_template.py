"""«Use as a template»: a new open case in the user's municipality, made through the cases services."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_service_area, make_user
from prioritet.cases.models import AlternativeKind, Assessment, Case, Level, Status
from prioritet.examples import services
from prioritet.examples.testing import make_example


@pytest.fixture
def shared(service_case, leader):
    """Larvik's shared service example (with the no-action alternative of the case)."""
    case, _ = service_case
    return services.publish_case(case, leader)


def test_template_makes_a_case_in_the_users_municipality(shared, other_leader, other_municipality):
    make_service_area(other_municipality, "hjemmetjenester")
    case = services.case_from_example(shared, other_leader)

    assert case.municipality == other_municipality
    assert case.created_by == other_leader
    assert case.status == Status.OPEN
    assert not case.decisions.exists()
    assert case.title == "Oppstart av Larvikshjelpa"
    assert case.level == Level.SERVICE
    assert case.description.startswith("Økende pågang fra innbyggere.")
    assert "Utgangspunkt: eksempel «Oppstart av Larvikshjelpa» fra eksempelbanken." in case.description
    assert case.service_area.name == "hjemmetjenester"  # matched by name in the user's own municipality
    measures = case.alternatives.filter(kind=AlternativeKind.MEASURE).order_by("id")
    assert [a.title for a in measures] == [a.title for a in shared.alternatives.filter(no_action=False)]
    no_action = case.alternatives.filter(kind=AlternativeKind.NO_ACTION)
    assert no_action.count() == 1
    assert no_action.get().description == shared.alternatives.get(no_action=True).description
    assert not Assessment.objects.filter(alternative__case=case).exists()


def test_the_worked_cases_need_the_consequence_of_doing_nothing(empty_bank, leader):
    example = make_example("Oppstart", alternatives=[("Etablere", "Omdisponering.", (4, 4, 2), True)])
    with pytest.raises(ValidationError):
        services.case_from_example(example, leader)
    assert not Case.objects.exists()
    case = services.case_from_example(example, leader, no_action_consequence="Ventetiden øker.")
    assert case.alternatives.get(kind=AlternativeKind.NO_ACTION).description == "Ventetiden øker."
    assert list(case.alternatives.filter(kind=AlternativeKind.MEASURE).values_list("title", flat=True)) == ["Etablere"]


def test_the_level_must_be_one_the_user_works_at(shared, caseworker):
    with pytest.raises(PermissionDenied):
        services.case_from_example(shared, caseworker)  # a service example, a caseworker
    case = services.case_from_example(shared, caseworker, level=Level.INDIVIDUAL)
    assert case.level == Level.INDIVIDUAL
    assert case.case_reference == ""


def test_roles_that_create_no_cases_cannot_use_templates(shared, municipal_admin, national_admin, login_client):
    for user in (municipal_admin, national_admin):
        with pytest.raises(PermissionDenied):
            services.case_from_example(shared, user)
    assert login_client(municipal_admin).get(reverse("examples:template", args=[shared.pk])).status_code == 403


def test_template_page_creates_and_redirects_to_the_case(shared, other_municipality, login_client):
    leader_b = make_user(Role.LEADER, municipality=other_municipality, username="leder-b2")
    client = login_client(leader_b)
    url = reverse("examples:template", args=[shared.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Oppstart av Larvikshjelpa" in page.content.decode()
    response = client.post(
        url, {"title": "Vår Larvikshjelpa", "level": Level.SERVICE, "no_action_consequence": "Lengre ventetid."}
    )
    case = Case.objects.get(municipality=other_municipality)
    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[case.pk])
    assert case.title == "Vår Larvikshjelpa"
    assert client.get(response.url).status_code == 200
