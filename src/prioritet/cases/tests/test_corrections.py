"""Recorded corrections: a wrongly entered personal detail leaves the case and its history, on the record."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client

from prioritet.accounts.models import Role
from prioritet.cases import services
from prioritet.cases.models import Alternative, Case
from prioritet.cases.selectors import case_timeline
from prioritet.cases.testing import scores
from prioritet.core.audit import Correction, verify

URL = "/cases/corrections/"
NAME = "Per Pasientsen"
VALID_FNR = "01019010046"  # a valid fødselsnummer (check digits hold)


@pytest.fixture
def named_case(caseworker, make_case):
    """An individual case with a name typed into its title, description, an alternative and an assessment."""
    case = make_case(caseworker, title=f"Rehabilitering for {NAME}", description=f"{NAME} bor alene.")
    case = services.update_case(case, caseworker, case.version, description=f"{NAME} bor alene i Larvik.")
    alternative = services.add_alternative(case, caseworker, title=f"Opphold for {NAME}")
    services.save_assessment(alternative, caseworker, None, scores(4, 2, benefit_justification=f"{NAME} trenger det"))
    case.refresh_from_db()
    return case


def post(client, case, **fields):
    data = {"case": case.pk, "wrong": NAME, "replacement": "brukeren", "reason": "Navn ført inn ved en feil."}
    data.update(fields)
    return client.post(URL, data)


def holds_name(case) -> bool:
    texts = [
        *Case.history.filter(id=case.pk).values_list("title", "description"),
        *Case.objects.filter(pk=case.pk).values_list("title", "description"),
        *Alternative.history.filter(case_id=case.pk).values_list("title", "description"),
        *Alternative.objects.filter(case=case).values_list("title", "description"),
        *case.alternatives.values_list("assessments__benefit_justification", flat=False),
    ]
    return any(NAME in (t or "") for row in texts for t in row)


def test_an_administrator_removes_a_name_from_the_case_and_its_history_on_the_record(
    named_case, municipal_admin, login_client
):
    assert holds_name(named_case)
    response = post(login_client(municipal_admin), named_case)
    assert response.status_code == 302
    assert not holds_name(named_case)
    named_case.refresh_from_db()
    assert named_case.title == "Rehabilitering for brukeren"
    correction = Correction.objects.get()
    assert (correction.corrected_by, correction.case_id, correction.reason) == (
        municipal_admin,
        named_case.pk,
        "Navn ført inn ved en feil.",
    )
    assert correction.rows >= 6
    assert "case.title" in correction.field_name
    assert NAME not in str(Correction.objects.values().get()), "the wrong text is kept nowhere"
    assert not list(verify())
    call_command("verify_audit")


def test_two_corrections_of_the_same_rows_still_verify_and_a_later_hand_edit_is_found(
    named_case, municipal_admin, login_client
):
    client = login_client(municipal_admin)
    post(client, named_case)
    post(client, named_case, wrong="brukeren", replacement="pasienten")
    assert Correction.objects.count() == 2
    assert not list(verify())
    first = Case.history.filter(id=named_case.pk).earliest("history_date")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL prioritet.purge = 'on'")
        cursor.execute("UPDATE cases_historicalcase SET title = 'x' WHERE history_id = %s", [first.pk])
    with pytest.raises(CommandError, match=f"cases.historicalcase row {first.pk}"):
        call_command("verify_audit")


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.LEADER, Role.DIRECTOR])
def test_no_other_role_may_correct(named_case, user_factory, login_client, role):
    client = login_client(user_factory(role, username=f"u-{role}"))
    assert client.get(URL).status_code == 403
    assert post(client, named_case).status_code == 403
    assert holds_name(named_case)
    assert not Correction.objects.exists()


def test_another_municipalitys_administrator_cannot_correct_the_case(
    named_case, other_municipality, user_factory, login_client
):
    theirs = user_factory(Role.MUNICIPAL_ADMIN, username="annen-admin", municipality=other_municipality)
    response = post(login_client(theirs), named_case)
    assert response.status_code == 200
    assert "Det finnes ingen sak med dette nummeret i kommunen din." in response.content.decode()
    assert holds_name(named_case)
    assert not Correction.objects.exists()


def test_the_page_shows_none_of_the_case_texts(named_case, municipal_admin, login_client):
    client = login_client(municipal_admin)
    post(client, named_case, replacement="brukeren")
    page = client.get(URL).content.decode()
    assert "Rehabilitering" not in page
    assert f"#{named_case.pk}" in page
    assert "Navn ført inn ved en feil." in page


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reason", f"Feil {VALID_FNR}", "fødselsnummer"),
        ("replacement", "Ola\u202eNordmann", "kontrolltegn"),
        ("wrong", "Kari\x07", "kontrolltegn"),
        ("reason", "x" * 2001, "2000"),
        ("wrong", "x" * 201, "200"),
        ("wrong", "ab", "3"),
        ("wrong", "Finnes ikke", "ble ikke funnet"),
    ],
)
def test_the_form_refuses_identity_numbers_control_characters_overlong_and_unknown_text(
    named_case, municipal_admin, login_client, field, value, message
):
    response = post(login_client(municipal_admin), named_case, **{field: value})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert holds_name(named_case)
    assert not Correction.objects.exists()


def test_a_national_administrator_and_an_anonymous_visitor_cannot_correct(named_case, national_admin, login_client):
    assert post(Client(), named_case).status_code == 302  # to the login page
    client = login_client(national_admin)
    assert client.get(URL).status_code == 403
    assert post(client, named_case).status_code == 403
    assert holds_name(named_case)
    assert not Correction.objects.exists()


def test_the_case_history_shows_who_corrected_it_and_why(named_case, municipal_admin, login_client):
    post(login_client(municipal_admin), named_case)
    newest = case_timeline(named_case)[0]
    assert (newest.user, newest.note) == (municipal_admin, "Navn ført inn ved en feil.")
    assert not any(NAME in change.new or NAME in change.old for e in case_timeline(named_case) for change in e.changes)
