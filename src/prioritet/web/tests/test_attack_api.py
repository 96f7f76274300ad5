"""Every operation of the JSON API, attacked with tokens of another municipality.

The list comes from the OpenAPI schema, so a new operation is attacked the day it is added; an
operation whose path parameter or request body this module does not know fails
:func:`test_every_operation_can_be_attacked`, naming it. With a token of every role of the attacking
municipality, an operation that names the victim's object answers 403 or 404, shows none of the
victim's data and changes nothing; an operation without one shows none of the victim's data and,
given the victim's objects in its body, changes nothing either.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from prioritet.accounts.models import MUNICIPAL_ROLES

from .world import Tenant, build_world, changed, fingerprint, make_api_token, row_counts

#: Operations that show any municipality's data by design, and why.
SHARED_BY_DESIGN = {
    "get_example": "the national example bank is shared by every municipality",
    "search_examples": "the national example bank is shared by every municipality",
}
#: What each path parameter names, as a function of a tenant.
PATH_PARAMETERS: dict[str, Callable[[Tenant], list[Any]]] = {
    "case_id": lambda t: [case.pk for case in t.cases],
    "alternative_id": lambda t: [t.alternative.pk],
    "round_id": lambda t: [t.round.pk],
    "example_id": lambda t: [t.example.pk],
    "service_id": lambda t: [getattr(t.waiting_service, "pk", 0)],
    "entry_id": lambda t: [t.extra["catalogue_entry"].pk],
}
#: A request body that passes validation, naming the victim's objects where the body may name one.
BODIES: dict[str, Callable[[Tenant], dict[str, Any]]] = {
    "create_case": lambda v: {
        "level": "service",
        "title": "Angrepssak",
        "no_action_consequence": "Ingen",
        "service_area": v.service_area.pk,
    },
    "update_case": lambda v: {"version": 1, "title": "Overskrevet"},
    "create_alternative": lambda v: {"title": "Innsmuglet alternativ"},
    "save_my_assessment": lambda v: {"benefit": 1, "resources": 1},
    "decide_case": lambda v: {"version": 1, "alternative_id": v.alternative.pk, "justification": "Overstyrt"},
    "reassess_case": lambda v: {"version": 1, "reason": "Gjenåpnet"},
    "save_voice": lambda v: {
        "what_matters": "Overskrevet",
        "children": "none",
        "views": [{"alternative_id": v.alternative.pk, "view": "Overskrevet"}],
    },
    "recommend_case": lambda v: {
        "version": 1,
        "alternative_id": v.alternative.pk,
        "proposed_resolution": "Overstyrt",
        "justification": "Overstyrt",
    },
    # The victim's entry (the path) into the victim's open service case.
    "use_catalogue_entry_as_alternative": lambda v: {"case_id": v.service_case.pk, "version": 1},
    "use_catalogue_entry_as_measure": lambda v: {
        "case_id": v.service_case.pk,
        "version": 1,
        "code": "angrep",
        "benefit": 5,
        "severity": 5,
        "resources": 1,
    },
    # The victim's own indicator, for the victim's region: another municipality's key is no key.
    "post_indicator_values": lambda v: {
        "values": [
            {
                "definition": getattr(v.indicator, "key", ""),
                "region": v.municipality.number,
                "period": "2024",
                "value": 1,
            }
        ]
    },
}


def operations() -> Iterator[tuple[str, str, dict[str, Any]]]:
    """``(method, path, operation)`` for every operation of the schema."""
    schema = Client().get("/api/v1/openapi.json").json()
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield method, path, operation


def path_parameters(operation: dict[str, Any]) -> list[str]:
    return [p["name"] for p in operation.get("parameters", []) if p["in"] == "path"]


def attacked_paths(path: str, parameters: list[str], attacker: Tenant, victim: Tenant) -> Iterator[str]:
    """Every parameter the victim's (each of its cases); and the attacker's own first object with the victim's rest."""
    victim_values = {name: PATH_PARAMETERS[name](victim) for name in parameters}
    for first in victim_values[parameters[0]]:
        yield fill(path, parameters, [first, *(victim_values[name][0] for name in parameters[1:])])
    if len(parameters) > 1:
        own = PATH_PARAMETERS[parameters[0]](attacker)[0]
        yield fill(path, parameters, [own, *(victim_values[name][0] for name in parameters[1:])])


def fill(path: str, parameters: list[str], values: list[Any]) -> str:
    for name, value in zip(parameters, values, strict=True):
        path = path.replace("{" + name + "}", str(value))
    return path


@pytest.fixture
def world(db) -> tuple[Tenant, Tenant]:
    return build_world()


def test_every_operation_can_be_attacked(world):
    """A new operation with a path parameter or a body this module does not know fails here, naming it."""
    unknown = []
    for method, path, operation in operations():
        unknown += [
            f"{method} {path}: path parameter {p}" for p in path_parameters(operation) if p not in PATH_PARAMETERS
        ]
        if "requestBody" in operation and operation["operationId"] not in BODIES:
            unknown.append(f"{method} {path}: no body for {operation['operationId']}")
    assert unknown == []


def test_another_municipalitys_tokens_get_404_or_403_on_every_operation_and_change_nothing(world):
    attacker, victim = world
    marker = victim.marker.encode()
    problems: list[str] = []
    for role in MUNICIPAL_ROLES:
        _token, raw = make_api_token(attacker.users[str(role)], name=f"Angriper {role}")
        client = Client(headers={"Authorization": f"Bearer {raw}"})
        before = fingerprint()
        for method, path, operation in operations():
            operation_id = operation["operationId"]
            parameters = path_parameters(operation)
            paths = list(attacked_paths(path, parameters, attacker, victim)) if parameters else [path]
            body = json.dumps(BODIES[operation_id](victim)) if operation_id in BODIES else None
            for concrete in paths:
                counts = row_counts()
                if body is None:
                    response = getattr(client, method)(concrete)
                else:
                    response = getattr(client, method)(concrete, body, content_type="application/json")
                where = f"{role} {method.upper()} {concrete} ({operation_id})"
                if response.status_code >= 500:
                    problems.append(f"{where}: {response.status_code}")
                if operation_id in SHARED_BY_DESIGN:
                    continue
                if parameters and response.status_code not in {403, 404}:
                    problems.append(f"{where}: {response.status_code}, not 403/404")
                if marker in response.content:
                    problems.append(f"{where}: shows the other municipality's data")
                if row_counts() != counts:
                    problems.append(f"{where}: added or deleted rows in {changed(counts, row_counts())}")
        after = fingerprint()
        if after != before:
            problems.append(f"{role}: changed rows in {changed(before, after)}")
    assert problems == []
