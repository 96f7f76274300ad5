"""Privacy headers: Permissions-Policy everywhere, Cache-Control: no-store on everything private."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from prioritet.accounts.models import Municipality, User
from prioritet.cases.models import Level

pytestmark = pytest.mark.django_db


def no_store(response: object) -> bool:
    return "no-store" in response.headers.get("Cache-Control", "")  # type: ignore[attr-defined]


def test_every_response_has_a_permissions_policy(caseworker: User, login_client: Callable[[User], Client]) -> None:
    for response in (
        Client().get(reverse("login")),
        Client().get("/api/v1/openapi.json"),
        Client().get("/this-page-does-not-exist/"),
        login_client(caseworker).get(reverse("home")),
    ):
        assert "camera=()" in response.headers["Permissions-Policy"]
        assert "geolocation=()" in response.headers["Permissions-Policy"]


def test_a_signed_in_users_pages_and_reports_are_not_stored(
    leader: User, login_client: Callable[[User], Client], make_case: Callable[..., object]
) -> None:
    case = make_case(leader, level=Level.SERVICE)
    client = login_client(leader)
    for url in (
        reverse("home"),
        reverse("cases:detail", args=[case.pk]),  # type: ignore[attr-defined]
        reverse("reports:saksframlegg", args=[case.pk]),  # type: ignore[attr-defined]
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert no_store(response), url


def test_api_responses_are_not_stored() -> None:
    assert no_store(Client().get("/api/v1/cases"))
    assert no_store(Client().get("/api/v1/openapi.json"))


def test_a_public_page_for_an_anonymous_visitor_may_be_cached(municipality: Municipality) -> None:
    response = Client().get(reverse("public:municipality", args=[municipality.slug]))
    assert response.status_code == 200
    assert not no_store(response)
