"""«Del lærdommen i eksempelbanken»: a followed-up case's lesson shared in one step."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_user
from prioritet.cases import services as case_services
from prioritet.cases.models import Case, CaseAccess, Outcome, Phase
from prioritet.examples import services
from prioritet.examples.models import Example
from prioritet.examples.tests.conftest import REFERENCE
from prioritet.examples.tests.test_deidentify import clean_alternatives, clean_texts

LESSON = "Et lavterskeltilbud nådde flere enn ventet; bemanningen må følge etterspørselen."


def _followed_up(case, user, note=LESSON):
    """The case in «følge opp» (set directly: the phases' own checks are tested in the cases app), followed up."""
    Case.objects.filter(pk=case.pk).update(phase=Phase.FOLLOW_UP)
    case = Case.objects.get(pk=case.pk)
    case_services.follow_up(case, user, case.version, outcome=Outcome.CONTINUE, note=note)
    return Case.objects.get(pk=case.pk)


def test_sharing_the_lesson_of_a_service_case_shares_the_case_with_its_lesson(empty_bank, service_case, leader):
    case = _followed_up(service_case[0], leader)
    example = services.share_lesson(case, leader)
    assert example.source_case == case
    assert example.lesson == LESSON
    assert "lavterskeltilbud" in Example.objects.get().search_document


def test_the_lesson_is_added_to_the_example_already_shared(empty_bank, service_case, leader):
    case = service_case[0]
    example = services.publish_case(case, leader)
    case = _followed_up(case, leader)
    assert services.share_lesson(case, leader).pk == example.pk
    assert Example.objects.get().lesson == LESSON


def test_a_case_without_a_follow_up_has_no_lesson_to_share(empty_bank, service_case, leader):
    with pytest.raises(ValidationError):
        services.share_lesson(service_case[0], leader)
    assert not Example.objects.exists()


def test_an_individual_case_shares_its_lesson_only_after_it_is_shared_de_identified(
    empty_bank, individual_case, caseworker, leader
):
    case = _followed_up(individual_case[0], caseworker, note="Hjemmerehabilitering ga raskere funksjon.")
    with pytest.raises(ValidationError) as error:
        services.share_lesson(case, leader)
    assert error.value.code == "individual"
    assert not Example.objects.exists()
    services.publish_case(
        case, leader, texts=clean_texts(), alternative_texts=clean_alternatives(case), deidentified_confirmed=True
    )
    assert services.share_lesson(case, leader).lesson == "Hjemmerehabilitering ga raskere funksjon."


def test_an_individual_lesson_that_names_the_case_reference_is_refused(empty_bank, individual_case, caseworker, leader):
    case = _followed_up(individual_case[0], caseworker, note=f"Lærdom fra sak {REFERENCE}.")
    services.publish_case(
        case, leader, texts=clean_texts(), alternative_texts=clean_alternatives(case), deidentified_confirmed=True
    )
    with pytest.raises(ValidationError):
        services.share_lesson(case, leader)
    assert Example.objects.get().lesson == ""


def test_the_share_page_shares_in_one_step_and_the_example_shows_the_lesson(
    empty_bank, service_case, leader, login_client
):
    case = _followed_up(service_case[0], leader)
    client = login_client(leader)
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/cases/{case.pk}/example-bank/lesson/"' in page
    assert LESSON in client.get(f"/cases/{case.pk}/example-bank/lesson/").content.decode()
    response = client.post(f"/cases/{case.pk}/example-bank/lesson/")
    example = Example.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/eksempelbank/{example.pk}/"
    assert LESSON in client.get(f"/eksempelbank/{example.pk}/").content.decode()


def test_the_case_page_offers_the_lesson_only_after_the_follow_up(empty_bank, service_case, leader, login_client):
    case = service_case[0]
    page = login_client(leader).get(f"/cases/{case.pk}/").content.decode()
    assert "/example-bank/lesson/" not in page


def test_reading_the_share_page_of_an_individual_case_is_logged(
    empty_bank, individual_case, caseworker, leader, login_client
):
    case = _followed_up(individual_case[0], caseworker)
    response = login_client(leader).get(f"/cases/{case.pk}/example-bank/lesson/")
    assert response.status_code == 200
    assert CaseAccess.objects.filter(case=case, user=leader, page="share-lesson").exists()


def test_another_municipality_gets_404_and_a_role_that_does_not_share_gets_403(
    empty_bank, service_case, leader, other_leader, user_factory, login_client
):
    case = _followed_up(service_case[0], leader)
    assert login_client(other_leader).post(f"/cases/{case.pk}/example-bank/lesson/").status_code == 404
    worker = user_factory(Role.CASEWORKER, username="saksbehandler-2")
    assert login_client(worker).get(f"/cases/{case.pk}/example-bank/lesson/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.share_lesson(case, worker)
    director = make_user(Role.DIRECTOR, municipality=leader.municipality, username="direktor-2")
    assert login_client(director).post(f"/cases/{case.pk}/example-bank/lesson/").status_code == 403
    assert not Example.objects.exists()
