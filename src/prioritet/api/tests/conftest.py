"""Fixtures for the API tests, on top of ``src/prioritet/conftest.py``."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.core.serializers.json import DjangoJSONEncoder
from django.test import Client

from prioritet.accounts.models import Municipality, Role, User
from prioritet.accounts.testing import make_service_area
from prioritet.api.testing import make_integration_token


class ApiClient:
    """A test client that sends a bearer token and JSON bodies to ``/api/v1/``."""

    def __init__(self, raw_token: str | None, **headers: str) -> None:
        all_headers = dict(headers)
        if raw_token is not None:
            all_headers["Authorization"] = f"Bearer {raw_token}"
        self.client = Client(headers=all_headers)
        self.raw_token = raw_token
        #: The token's row, when the client was made by ``api_as``.
        self.token: Any = None

    @staticmethod
    def url(path: str) -> str:
        return "/api/v1" + path

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(self.url(path), params)

    def _send(self, method: str, path: str, body: Any) -> Any:
        return getattr(self.client, method)(
            self.url(path), json.dumps(body, cls=DjangoJSONEncoder), content_type="application/json"
        )

    def post(self, path: str, body: Any) -> Any:
        return self._send("post", path, body)

    def put(self, path: str, body: Any) -> Any:
        return self._send("put", path, body)

    def patch(self, path: str, body: Any) -> Any:
        return self._send("patch", path, body)


@pytest.fixture
def admin_factory(db: None) -> Callable[[Municipality], User]:
    """The municipal administrator of a municipality (made once per municipality)."""
    admins: dict[int, User] = {}

    def make(municipality: Municipality) -> User:
        if municipality.pk not in admins:
            from prioritet.accounts.testing import make_user

            admins[municipality.pk] = make_user(Role.MUNICIPAL_ADMIN, municipality=municipality)
        return admins[municipality.pk]

    return make


@pytest.fixture
def make_token(admin_factory: Callable[[Municipality], User]) -> Callable[..., tuple[Any, str]]:
    """``make_token(user, name=..., **scope)``: a token of an integration with ``user``'s role and municipality.

    Tokens never act as people: ``user`` only names the role and municipality the integration gets.
    """

    def make(user: User, name: str = "Fagsystem", **scope: Any) -> tuple[Any, str]:
        assert user.municipality is not None
        return make_integration_token(
            user.municipality, role=user.role, name=name, created_by=admin_factory(user.municipality), **scope
        )

    return make


@pytest.fixture
def api_as(make_token: Callable[..., tuple[Any, str]]) -> Callable[..., ApiClient]:
    """``api_as(user)``: an API client with a new token acting as ``user``."""

    def make(user: User, **headers: str) -> ApiClient:
        token, raw = make_token(user)
        client = ApiClient(raw, **headers)
        client.token = token
        return client

    return make


@pytest.fixture
def health_personnel(user_factory: Callable[..., User]) -> User:
    return user_factory(Role.HEALTH_PERSONNEL, username="helsepersonell")


@pytest.fixture
def director(user_factory: Callable[..., User]) -> User:
    return user_factory(Role.DIRECTOR, username="direktor")


@pytest.fixture
def area(municipality: Municipality) -> Any:
    return make_service_area(municipality, "Hjemmetjenester")


def new_case(**overrides: Any) -> dict[str, Any]:
    """A valid ``POST /cases`` body: the seed's hip-fracture case at the individual level."""
    body: dict[str, Any] = {
        "level": "individual",
        "title": "Person på 75 år med lårhalsbrudd",
        "description": "Søker om rehabiliteringsopphold.",
        "case_reference": "2026/1234",
        "no_action_consequence": "Varig funksjonstap uten oppfølging.",
        "severity": 4,
        "severity_justification": "Høy – kan få varig nedsatt funksjon uten oppfølging.",
        "involvement_plan": "Personen og pårørende deltar i kartleggingssamtalen.",
        "alternatives": [
            {"title": "Rehabiliteringsopphold i institusjon"},
            {"title": "Rehabiliteringsteam i hjemmet"},
        ],
    }
    body.update(overrides)
    return body


def scores(benefit: int, resources: int, **extra: Any) -> dict[str, Any]:
    """An assessment's body: benefit and resources (severity is the case's, the need's)."""
    body: dict[str, Any] = {
        "benefit": benefit,
        "resources": resources,
        "knowledge_basis": ["clinical"],
        "certainty": "medium",
    }
    body.update(extra)
    return body


def answer_children(client: ApiClient, case_id: int, *, affected: bool = False) -> None:
    """Answer an individual case's children question (issue 13 §4), which a decision needs first."""
    body = {"children": "affected", "children_assessment": "Vurdert."} if affected else {"children": "none"}
    response = client.put(f"/cases/{case_id}/voice", body)
    assert response.status_code == 201, response.content


def join(case_id: int, *clients: ApiClient) -> None:
    """Put the clients' integrations on the individual case's team, as its responsible caseworker would
    (tjenstlig behov: only the team opens an individual case, through the API too)."""
    from prioritet.cases.models import Case
    from prioritet.cases.testing import on_team

    on_team(Case.objects.get(pk=case_id), *(client.token.integration.user for client in clients))
