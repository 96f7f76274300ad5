"""schemathesis against the API: generated requests from the OpenAPI schema, a bounded number per operation.

Every operation, with a valid token of a caseworker who owns a case, is called with up to
:data:`EXAMPLES` generated requests (valid and invalid ones); none may answer a server error, and
every answer must match the schema (status code, content type, headers and body). Not checked: that
every request the schema allows is accepted, since JSON Schema cannot say that a ``date-time``'s UTC
offset stays within ±14:00 or that a case's ``version`` must be the current one. Runs in the
suite on both databases; ``scripts/test.sh`` runs it on PostgreSQL as CI does.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from prioritet.accounts.models import Role
from prioritet.web.tests.world import build_tenant, make_api_token

#: Generated requests per operation: enough to find the edge cases, bounded for the suite's time.
EXAMPLES = 20


@pytest.fixture
def api_schema(db):
    """The schema, served by the WSGI application; its requests stay in the test's transaction.

    As Django's test client does, the handler must not close the database connection at the end of
    a request: that connection holds the test's transaction.
    """
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


#: Operations also run with a leader's token: a caseworker's is refused before it gets far (a leader
#: takes catalogue entries into the service cases it works on).
LEADER_OPERATIONS = ("/catalogue",)


@pytest.fixture
def bearers(db) -> tuple[str, str]:
    """Tokens of a caseworker and of a leader of a municipality with something of everything."""
    tenant = build_tenant("Larvik kommune", "3909", "LARVIKDATA")
    _token, raw = make_api_token(tenant.users[str(Role.CASEWORKER)], name="schemathesis")
    _token, leader = make_api_token(tenant.users[str(Role.LEADER)], name="schemathesis-leder")
    return raw, leader


def _call(operation: Any, bearer: str) -> None:
    """Up to :data:`EXAMPLES` generated requests to ``operation`` with ``bearer``, each validated."""

    @given(case=operation.as_strategy())
    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
    def run(case: schemathesis.Case) -> None:
        case.call_and_validate(
            headers={"Authorization": f"Bearer {bearer}"}, excluded_checks=[checks.positive_data_acceptance]
        )

    run()


def test_the_api_answers_every_generated_request_without_a_server_error_and_as_its_schema_says(api_schema, bearers):
    """One hypothesis run per operation (schemathesis' own pytest plug-in does not run on pytest 9)."""
    failures: dict[str, str] = {}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) > 10
    caseworker, leader = bearers
    runs = [(operation, caseworker) for operation in operations] + [
        (operation, leader) for operation in operations if any(p in operation.path for p in LEADER_OPERATIONS)
    ]
    assert len(runs) > len(operations)

    for operation, bearer in runs:
        try:
            _call(operation, bearer)
        except Exception as error:
            failures[f"{operation.label} ({'leader' if bearer == leader else 'caseworker'})"] = str(error)[:2000]
    assert failures == {}
