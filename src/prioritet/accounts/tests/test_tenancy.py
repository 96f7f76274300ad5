"""Tenant isolation: another municipality's objects are invisible (404), roles gate the views (403)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.urls import reverse

from prioritet.accounts.models import Municipality, Role, ServiceArea, User
from prioritet.accounts.tenancy import (
    MunicipalityMiddleware,
    get_for_municipality_or_404,
    municipality_required,
    role_required,
)
from prioritet.accounts.testing import make_service_area, make_user

pytestmark = pytest.mark.django_db


def test_for_municipality_returns_only_that_municipalitys_rows(
    municipality: Municipality, other_municipality: Municipality
) -> None:
    mine = make_service_area(municipality, "Hjemmetjenester")
    make_service_area(other_municipality, "Hjemmetjenester")
    assert list(ServiceArea.objects.for_municipality(municipality)) == [mine]
    assert list(ServiceArea.objects.for_municipality(None)) == []


@pytest.mark.parametrize("source", ["model", "manager", "queryset"])
def test_get_for_municipality_or_404(source: str, municipality: Municipality, other_municipality: Municipality) -> None:
    mine = make_service_area(municipality)
    theirs = make_service_area(other_municipality)
    queryset = {"model": ServiceArea, "manager": ServiceArea.objects, "queryset": ServiceArea.objects.all()}[source]
    assert get_for_municipality_or_404(queryset, municipality, pk=mine.pk) == mine
    with pytest.raises(Http404):
        get_for_municipality_or_404(queryset, municipality, pk=theirs.pk)
    with pytest.raises(Http404):
        get_for_municipality_or_404(queryset, None, pk=mine.pk)


def test_other_municipalitys_service_area_edit_url_is_404(
    municipal_admin: User, other_municipality: Municipality, login_client: Callable[[User], Client]
) -> None:
    theirs = make_service_area(other_municipality, "Sykehjem")
    client = login_client(municipal_admin)
    url = reverse("accounts:service_area_edit", args=[theirs.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"name": "Overtatt"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Sykehjem"


def test_other_municipalitys_user_edit_url_is_404(
    municipal_admin: User, other_municipality: Municipality, login_client: Callable[[User], Client]
) -> None:
    stranger = make_user(Role.CASEWORKER, municipality=other_municipality, username="fremmed")
    client = login_client(municipal_admin)
    url = reverse("accounts:user_edit", args=[stranger.pk])
    assert client.get(url).status_code == 404
    response = client.post(url, {"role": Role.MUNICIPAL_ADMIN, "is_active": "on"})
    assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.role == Role.CASEWORKER


def test_lists_show_only_own_municipality(
    municipal_admin: User, other_municipality: Municipality, login_client: Callable[[User], Client]
) -> None:
    make_service_area(municipal_admin.municipality, "Rehabilitering")
    make_service_area(other_municipality, "Helsestasjon")
    make_user(Role.LEADER, municipality=other_municipality, username="fremmed-leder")
    client = login_client(municipal_admin)
    areas = client.get(reverse("accounts:service_area_list")).content.decode()
    assert "Rehabilitering" in areas
    assert "Helsestasjon" not in areas
    users = client.get(reverse("accounts:user_list")).content.decode()
    assert "kommuneadmin" in users
    assert "fremmed-leder" not in users


def _request(user: object) -> HttpRequest:
    request = RequestFactory().get("/somewhere/")
    request.user = user
    MunicipalityMiddleware(lambda r: HttpResponse())(request)
    return request


def test_middleware_sets_request_municipality(caseworker: User, national_admin: User) -> None:
    assert _request(caseworker).municipality == caseworker.municipality
    assert _request(national_admin).municipality is None
    assert _request(AnonymousUser()).municipality is None


def _ok(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


def test_municipality_required(caseworker: User, national_admin: User) -> None:
    view = municipality_required(_ok)
    assert view(_request(caseworker)).status_code == 200
    with pytest.raises(PermissionDenied):
        view(_request(national_admin))
    anonymous = view(_request(AnonymousUser()))
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("login"))


def test_role_required(caseworker: User, leader: User, national_admin: User) -> None:
    view = role_required(Role.LEADER, Role.DIRECTOR)(_ok)
    assert view(_request(leader)).status_code == 200
    for user in (caseworker, national_admin):
        with pytest.raises(PermissionDenied):
            view(_request(user))
    assert view(_request(AnonymousUser())).status_code == 302


def test_role_required_needs_roles() -> None:
    with pytest.raises(ValueError, match="at least one role"):
        role_required()
