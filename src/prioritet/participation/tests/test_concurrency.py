"""Two requests of one form at the same moment (a double click) store one answer, on PostgreSQL.

SQLite serialises writers on its own (and has no row locks), so the race is only run on PostgreSQL,
where it is real: the invitation's row lock and the unique form key must hold.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from prioritet.participation import services
from prioritet.participation.models import Response

from .conftest import answer_data

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks are PostgreSQL's")


def _race(action) -> list[object]:
    barrier = threading.Barrier(2)
    results: list[object] = []

    def run() -> None:
        try:
            barrier.wait()
            results.append(action())
        except Exception as err:
            results.append(err)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def _data(case):
    return answer_data(case, (4, 4, 2))


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_double_submit_of_an_invitation_stores_one_answer(opened, service_case):
    _, links = opened
    key = services.new_token()
    results = _race(
        lambda: services.answer_invitation(links[0].invitation, key=key, data=_data(service_case), submit=True)
    )
    responses = [r for r in results if isinstance(r, Response)]
    assert len(responses) == 2, results
    assert responses[0].pk == responses[1].pk
    assert Response.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_concurrent_double_submit_of_the_public_form_stores_one_answer(opened, service_case):
    round_, _ = opened
    key = services.new_token()
    results = _race(lambda: services.answer_public(round_, key=key, data=_data(service_case), submit=True))
    assert all(isinstance(r, Response) for r in results), results
    assert Response.objects.count() == 1
