"""The administrators' pages: who may open them, and what they change."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from prioritet.accounts.models import Municipality, Role, ServiceArea, User

pytestmark = pytest.mark.django_db

MUNICIPAL_ADMIN_PAGES = [
    "accounts:user_list",
    "accounts:user_create",
    "accounts:service_area_list",
    "accounts:service_area_create",
]
NATIONAL_ADMIN_PAGES = ["accounts:municipality_list", "accounts:municipality_create"]


@pytest.mark.parametrize("url_name", MUNICIPAL_ADMIN_PAGES)
@pytest.mark.parametrize(
    "role", [Role.CASEWORKER, Role.HEALTH_PERSONNEL, Role.LEADER, Role.DIRECTOR, Role.NATIONAL_ADMIN]
)
def test_only_municipal_admins_open_municipal_admin_pages(
    url_name: str, role: Role, user_factory: Callable[..., User], login_client: Callable[[User], Client]
) -> None:
    client = login_client(user_factory(role))
    assert client.get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("url_name", MUNICIPAL_ADMIN_PAGES)
def test_municipal_admin_opens_municipal_admin_pages(
    url_name: str, municipal_admin: User, login_client: Callable[[User], Client]
) -> None:
    assert login_client(municipal_admin).get(reverse(url_name)).status_code == 200


@pytest.mark.parametrize("url_name", NATIONAL_ADMIN_PAGES)
@pytest.mark.parametrize("role", [Role.MUNICIPAL_ADMIN, Role.CASEWORKER, Role.DIRECTOR])
def test_only_national_admins_open_national_pages(
    url_name: str, role: Role, user_factory: Callable[..., User], login_client: Callable[[User], Client]
) -> None:
    assert login_client(user_factory(role)).get(reverse(url_name)).status_code == 403


@pytest.mark.parametrize("url_name", MUNICIPAL_ADMIN_PAGES + NATIONAL_ADMIN_PAGES + ["home", "password_change"])
def test_anonymous_visitors_are_sent_to_login(url_name: str, client: Client) -> None:
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_forbidden_page_is_friendly(caseworker: User, login_client: Callable[[User], Client]) -> None:
    response = login_client(caseworker).get(reverse("accounts:user_list"))
    assert response.status_code == 403
    assert "Du har ikke tilgang til denne siden" in response.content.decode()


def test_municipal_admin_adds_a_user(municipal_admin: User, login_client: Callable[[User], Client]) -> None:
    client = login_client(municipal_admin)
    response = client.post(
        reverse("accounts:user_create"),
        {
            "username": "ny.leder",
            "first_name": "Nora",
            "last_name": "Leder",
            "email": "nora@larvik.kommune.no",
            "role": Role.LEADER,
            "password1": "et-langt-og-godt-passord",
            "password2": "et-langt-og-godt-passord",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="ny.leder")
    assert user.municipality == municipal_admin.municipality
    assert user.role == Role.LEADER
    assert user.check_password("et-langt-og-godt-passord")


def test_user_without_password_can_only_use_oidc(municipal_admin: User, login_client: Callable[[User], Client]) -> None:
    client = login_client(municipal_admin)
    client.post(reverse("accounts:user_create"), {"username": "oidc.bruker", "role": Role.CASEWORKER})
    assert not User.objects.get(username="oidc.bruker").has_usable_password()


def test_municipal_admin_cannot_make_a_national_admin(
    municipal_admin: User, login_client: Callable[[User], Client]
) -> None:
    response = login_client(municipal_admin).post(
        reverse("accounts:user_create"), {"username": "hacker", "role": Role.NATIONAL_ADMIN}
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="hacker").exists()


def test_new_user_form_shows_errors(municipal_admin: User, login_client: Callable[[User], Client]) -> None:
    response = login_client(municipal_admin).post(
        reverse("accounts:user_create"),
        {"username": "kommuneadmin", "role": Role.CASEWORKER, "password1": "kort", "password2": "annet"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "ds-error-summary" in html
    assert 'aria-invalid="true"' in html
    assert "De to passordene er ikke like." in html


def test_user_is_deactivated_not_deleted(
    municipal_admin: User, caseworker: User, login_client: Callable[[User], Client]
) -> None:
    client = login_client(municipal_admin)
    response = client.post(
        reverse("accounts:user_edit", args=[caseworker.pk]),
        {"first_name": "Kari", "last_name": "Nordmann", "email": "", "role": Role.HEALTH_PERSONNEL},
    )
    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.role == Role.HEALTH_PERSONNEL
    assert not caseworker.is_active


def test_admin_cannot_demote_or_deactivate_themselves(
    municipal_admin: User, login_client: Callable[[User], Client]
) -> None:
    client = login_client(municipal_admin)
    url = reverse("accounts:user_edit", args=[municipal_admin.pk])
    response = client.post(url, {"role": Role.CASEWORKER, "is_active": "on"})
    assert response.status_code == 200
    response = client.post(url, {"role": Role.MUNICIPAL_ADMIN})
    assert response.status_code == 200
    municipal_admin.refresh_from_db()
    assert municipal_admin.role == Role.MUNICIPAL_ADMIN
    assert municipal_admin.is_active


def test_service_areas_are_added_and_renamed(municipal_admin: User, login_client: Callable[[User], Client]) -> None:
    client = login_client(municipal_admin)
    assert client.post(reverse("accounts:service_area_create"), {"name": "Psykisk helse og rus"}).status_code == 302
    area = ServiceArea.objects.get(name="Psykisk helse og rus")
    assert area.municipality == municipal_admin.municipality
    duplicate = client.post(reverse("accounts:service_area_create"), {"name": "psykisk helse og rus"})
    assert duplicate.status_code == 200
    assert ServiceArea.objects.count() == 1
    response = client.post(reverse("accounts:service_area_edit", args=[area.pk]), {"name": "Psykisk helse"})
    assert response.status_code == 302
    area.refresh_from_db()
    assert area.name == "Psykisk helse"


def test_national_admin_adds_a_municipality_and_its_admin(
    national_admin: User, login_client: Callable[[User], Client]
) -> None:
    client = login_client(national_admin)
    response = client.post(
        reverse("accounts:municipality_create"), {"name": "Tønsberg kommune", "number": "3905", "population": "58000"}
    )
    assert response.status_code == 302
    municipality = Municipality.objects.get(number="3905")
    assert municipality.slug == "tonsberg-kommune"
    response = client.post(
        reverse("accounts:municipal_admin_create", args=[municipality.pk]),
        {"username": "admin.tonsberg", "email": "admin@tonsberg.kommune.no"},
    )
    assert response.status_code == 302
    admin = User.objects.get(username="admin.tonsberg")
    assert admin.municipality == municipality
    assert admin.role == Role.MUNICIPAL_ADMIN
    page = client.get(reverse("accounts:municipality_edit", args=[municipality.pk])).content.decode()
    assert "admin.tonsberg" in page


def test_municipality_number_must_be_four_digits_and_unique(
    national_admin: User, municipality: Municipality, login_client: Callable[[User], Client]
) -> None:
    client = login_client(national_admin)
    bad = client.post(reverse("accounts:municipality_create"), {"name": "Feil", "number": "39"})
    assert bad.status_code == 200
    taken = client.post(
        reverse("accounts:municipality_create"), {"name": "Larvik igjen", "number": municipality.number}
    )
    assert taken.status_code == 200
    assert Municipality.objects.count() == 1


def test_dashboard_shows_role_and_municipality(caseworker: User, login_client: Callable[[User], Client]) -> None:
    html = login_client(caseworker).get(reverse("home")).content.decode()
    assert "Larvik kommune" in html
    assert "saksbehandler" in html


def test_dashboard_links_admin_pages_for_admins_only(
    municipal_admin: User, caseworker: User, login_client: Callable[[User], Client]
) -> None:
    users_url = reverse("accounts:user_list")
    assert users_url in login_client(municipal_admin).get(reverse("home")).content.decode()
    assert users_url not in login_client(caseworker).get(reverse("home")).content.decode()


def test_the_administrator_ties_a_leader_to_service_areas(
    municipal_admin: User,
    leader: User,
    other_municipality: Municipality,
    login_client: Callable[[User], Client],
) -> None:
    """A leader is on the case team of the individual cases of the service areas set here."""
    home = ServiceArea.objects.create(municipality=municipal_admin.municipality, name="Hjemmetjenester")
    nursing = ServiceArea.objects.create(municipality=municipal_admin.municipality, name="Sykehjem")
    theirs = ServiceArea.objects.create(municipality=other_municipality, name="Deres område")
    client = login_client(municipal_admin)
    url = reverse("accounts:user_edit", args=[leader.pk])
    page = client.get(url).content.decode()
    assert "Hjemmetjenester" in page
    assert "Deres område" not in page
    form = {"first_name": "Marte", "last_name": "Lie", "email": "", "role": Role.LEADER, "is_active": "on"}
    refused = client.post(url, {**form, "service_areas": [home.pk, theirs.pk]})
    assert refused.status_code == 200
    assert not leader.service_areas.exists()
    assert client.post(url, {**form, "service_areas": [home.pk, nursing.pk]}).status_code == 302
    assert set(leader.service_areas.all()) == {home, nursing}
    assert client.post(url, {**form, "service_areas": [nursing.pk]}).status_code == 302
    assert list(leader.service_areas.all()) == [nursing]
    checked = client.get(url).content.decode()
    assert (
        f'value="{nursing.pk}" checked' in checked or f'checked value="{nursing.pk}"' in checked or "checked" in checked
    )
