"""Double submits of create forms make one object (finding 12): the one-time form token."""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from prioritet.accounts.models import Role
from prioritet.cases.models import Alternative, Case
from prioritet.core.idempotency import FORM_TOKEN_FIELD


def _case_form(form_token: str) -> dict[str, str]:
    return {
        "level": "individual",
        "title": "Person på 75 år med lårhalsbrudd",
        "description": "",
        "case_reference": "2026/1234",
        "plan_process": "daily_operations",
        "no_action_consequence": "Varig funksjonstap.",
        FORM_TOKEN_FIELD: form_token,
    }


def _token_of(page: str) -> str:
    match = re.search(rf'name="{FORM_TOKEN_FIELD}" value="([^"]+)"', page)
    assert match, "the form carries no one-time token"
    return match.group(1)


def test_the_create_case_form_carries_a_fresh_token_each_time(login_client, caseworker):
    client = login_client(caseworker)
    first = _token_of(client.get(reverse("cases:create")).content.decode())
    second = _token_of(client.get(reverse("cases:create")).content.decode())
    assert first != second


def test_posting_the_same_create_case_form_twice_makes_one_case_and_sends_both_to_it(login_client, caseworker):
    client = login_client(caseworker)
    token = _token_of(client.get(reverse("cases:create")).content.decode())
    first = client.post(reverse("cases:create"), _case_form(token))
    assert first.status_code == 302, first.context["form"].errors
    second = client.post(reverse("cases:create"), _case_form(token))
    assert first.status_code == second.status_code == 302
    case = Case.objects.get()
    assert first["Location"] == second["Location"] == reverse("cases:detail", args=[case.pk])


def test_a_new_form_makes_a_new_case(login_client, caseworker):
    client = login_client(caseworker)
    for _ in range(2):
        token = _token_of(client.get(reverse("cases:create")).content.decode())
        client.post(reverse("cases:create"), _case_form(token))
    assert Case.objects.count() == 2


def test_an_invalid_post_does_not_use_up_the_token(login_client, caseworker):
    client = login_client(caseworker)
    token = _token_of(client.get(reverse("cases:create")).content.decode())
    invalid = client.post(reverse("cases:create"), {**_case_form(token), "title": ""})
    assert invalid.status_code == 200
    assert _token_of(invalid.content.decode()) == token
    assert client.post(reverse("cases:create"), _case_form(token)).status_code == 302
    assert Case.objects.count() == 1


def test_another_users_post_with_the_same_token_is_their_own(login_client, caseworker, user_factory):
    token = _token_of(login_client(caseworker).get(reverse("cases:create")).content.decode())
    login_client(caseworker).post(reverse("cases:create"), _case_form(token))
    other = user_factory(Role.CASEWORKER)
    login_client(other).post(reverse("cases:create"), _case_form(token))
    assert Case.objects.count() == 2


def test_adding_the_same_alternative_twice_adds_it_once(login_client, caseworker):
    client = login_client(caseworker)
    client.post(reverse("cases:create"), _case_form(""))
    case = Case.objects.get()
    url = reverse("cases:alternative_create", args=[case.pk])
    token = _token_of(client.get(url).content.decode())
    body = {"title": "Rehabiliteringsteam i hjemmet", "description": "", FORM_TOKEN_FIELD: token}
    first, second = client.post(url, body), client.post(url, body)
    assert first.status_code == second.status_code == 302
    assert Alternative.objects.filter(case=case, title="Rehabiliteringsteam i hjemmet").count() == 1


#: The test database of SQLite is shared in-memory, where parallel writers get «table is locked»
#: regardless of the code under test; the race is real on PostgreSQL.
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="a real race needs PostgreSQL")


def _in_parallel(count: int, action: Callable[[], Any]) -> list[Any]:
    barrier = threading.Barrier(count)
    results: list[Any] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(action())
        except Exception as error:
            results.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_three_parallel_create_case_posts_make_one_case(caseworker):
    client = Client()
    client.force_login(caseworker)
    token = _token_of(client.get(reverse("cases:create")).content.decode())
    cookies = client.cookies

    def post() -> Any:
        own = Client()
        own.cookies = cookies
        return own.post(reverse("cases:create"), _case_form(token))

    results = _in_parallel(3, post)
    assert [getattr(r, "status_code", r) for r in results] == [302, 302, 302]
    case = Case.objects.get()
    assert {r["Location"] for r in results} == {reverse("cases:detail", args=[case.pk])}


@on_postgresql
@pytest.mark.django_db(transaction=True)
def test_three_parallel_api_posts_with_one_idempotency_key_make_one_case(municipality):
    import json

    from prioritet.api.testing import make_integration_token

    _token, raw = make_integration_token(municipality, role=Role.LEADER)
    body = json.dumps({"level": "service", "title": "Dagtilbud", "no_action_consequence": "Ingen endring."})

    def post() -> Any:
        headers = {"Authorization": f"Bearer {raw}", "Idempotency-Key": "parallel-1"}
        return Client(headers=headers).post("/api/v1/cases", body, content_type="application/json")

    results = _in_parallel(3, post)
    assert [getattr(r, "status_code", r) for r in results] == [201, 201, 201]
    assert Case.objects.count() == 1
    assert len({json.loads(r.content)["id"] for r in results}) == 1
