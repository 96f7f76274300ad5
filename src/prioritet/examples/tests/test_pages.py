"""Reading the bank (every signed-in user, no tenancy), withdrawing, navigation and the demo."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from prioritet.accounts.models import MUNICIPAL_ROLES, Municipality, Role
from prioritet.cases.models import Level
from prioritet.core.navigation import items_for
from prioritet.examples import selectors, services
from prioritet.examples.models import Example
from prioritet.examples.testing import make_example


@pytest.fixture
def shared(service_case, leader):
    case, _ = service_case
    return services.publish_case(case, leader)


def test_anonymous_visitors_are_sent_to_log_in(shared):
    for url in (reverse("examples:search"), reverse("examples:detail", args=[shared.pk])):
        response = Client().get(url)
        assert response.status_code == 302
        assert "/login" in response.url


@pytest.mark.parametrize("role", [*MUNICIPAL_ROLES, Role.NATIONAL_ADMIN])
def test_every_signed_in_user_reads_the_bank(shared, other_municipality, role, login_client):
    from prioritet.accounts.testing import make_user

    user = make_user(role, municipality=None if role == Role.NATIONAL_ADMIN else other_municipality)
    client = login_client(user)
    search = client.get(reverse("examples:search"), {"q": "Larvikshjelpa"})
    assert search.status_code == 200
    assert reverse("examples:detail", args=[shared.pk]) in search.content.decode()
    assert client.get(reverse("examples:detail", args=[shared.pk])).status_code == 200
    assert any(item.key == "example_bank" for item in items_for(user))


def test_detail_shows_the_guideline_table_with_scale_words(shared, caseworker, login_client):
    html = login_client(caseworker).get(reverse("examples:detail", args=[shared.pk])).content.decode()
    for text in ("Alvorlighet", "Nytte", "Ressurs", "4 – høy", "4 – stor", "2 – lite", "Larvik kommune"):
        assert text in html
    assert "Bruk som mal" in html  # the caseworker creates cases
    assert "Trekk tilbake" not in html


def test_individual_example_never_shows_the_municipality(empty_bank, municipality, caseworker, login_client):
    example = make_example("Anonymt", level=Level.INDIVIDUAL, municipality=municipality)
    html = login_client(caseworker).get(reverse("examples:detail", args=[example.pk])).content.decode()
    assert "Larvik" not in html.split("<main", 1)[-1]


def test_search_page_filters_and_paginates(empty_bank, caseworker, login_client):
    for n in range(27):
        make_example(f"Eksempel {n:02d}", level=Level.POLITICAL if n % 2 else Level.SERVICE)
    client = login_client(caseworker)
    first = client.get(reverse("examples:search")).content.decode()
    assert first.count('class="pri-example-result"') == 25
    second = client.get(reverse("examples:search"), {"page": 2}).content.decode()
    assert second.count('class="pri-example-result"') == 2
    political = client.get(reverse("examples:search"), {"level": Level.POLITICAL}).content.decode()
    assert political.count('class="pri-example-result"') == 13
    assert "Eksempel 00" not in political


def test_search_page_finds_words(empty_bank, caseworker, login_client):
    make_example("Dagaktivitet for personer med demens")
    make_example("Nattpatrulje")
    html = login_client(caseworker).get(reverse("examples:search"), {"q": "demens"}).content.decode()
    assert "Dagaktivitet for personer med demens" in html
    assert "Nattpatrulje" not in html


# Withdrawing -------------------------------------------------------------------------------------------


def test_the_publishing_leader_withdraws_and_it_is_kept_in_history(shared, leader, login_client):
    response = login_client(leader).post(reverse("examples:withdraw", args=[shared.pk]))
    assert response.status_code == 302
    shared.refresh_from_db()
    assert shared.withdrawn
    assert shared.history.filter(withdrawn=True, history_user=leader).exists()
    assert shared not in selectors.search()
    assert login_client(leader).get(reverse("examples:detail", args=[shared.pk])).status_code == 404


def test_others_cannot_withdraw(shared, other_leader, director, caseworker, login_client):
    for user in (other_leader, director, caseworker):
        with pytest.raises(PermissionDenied):
            services.withdraw(shared, user)
        assert login_client(user).post(reverse("examples:withdraw", args=[shared.pk])).status_code == 403
    shared.refresh_from_db()
    assert not shared.withdrawn


def test_a_national_admin_withdraws_any_example(shared, national_admin):
    services.withdraw(shared, national_admin)
    shared.refresh_from_db()
    assert shared.withdrawn


def test_the_worked_cases_can_be_withdrawn_only_by_a_national_admin(leader, national_admin):
    example = make_example("Veilederens eksempel")
    with pytest.raises(PermissionDenied):
        services.withdraw(example, leader)
    services.withdraw(example, national_admin)


# Demo ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_load_demo_shares_a_service_and_a_political_case_once():
    call_command("load_demo", stdout=StringIO())
    demo = Municipality.objects.get(number="9999")
    first = set(Example.objects.filter(municipality=demo).values_list("source_case", "level"))
    call_command("load_demo", stdout=StringIO())
    assert set(Example.objects.filter(municipality=demo).values_list("source_case", "level")) == first
    assert {level for _, level in first} == {Level.SERVICE, Level.POLITICAL}
    assert Example.objects.filter(municipality=demo, source_label=demo.name).count() == 2


# The case's history ---------------------------------------------------------------------------------------


def test_the_case_history_tells_when_it_was_shared_and_withdrawn(shared, leader, national_admin):
    from prioritet.cases.extensions import extra_entries

    services.withdraw(shared, national_admin)
    entries = [e for e in extra_entries(shared.source_case) if "Oppstart av Larvikshjelpa" in e.subject]
    assert [(e.subject, e.action, e.user) for e in entries] == [
        ("Eksempelet «Oppstart av Larvikshjelpa»", "delt i eksempelbanken", leader),
        ("Eksempelet «Oppstart av Larvikshjelpa»", "trukket tilbake fra eksempelbanken", national_admin),
    ]
