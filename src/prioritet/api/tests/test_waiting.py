"""``GET /waiting-lists`` and ``/waiting-lists/{id}``: the list in the suggested order, by the pages' rules."""

from __future__ import annotations

import pytest

from prioritet.accounts.models import Role
from prioritet.cases.models import CaseAccess
from prioritet.waiting.testing import make_service, put

from .conftest import join


@pytest.mark.django_db
def test_the_api_reads_the_list_in_the_suggested_order_and_logs_each_case(api_as, caseworker, leader):
    service = make_service(leader, capacity=1)
    second = put(service, caseworker, 3, 3, 3, reference="VL-2")
    first = put(service, caseworker, 5, 4, 2, reference="VL-1")
    client = api_as(caseworker)
    services = client.get("/waiting-lists").json()
    assert [(s["name"], s["waiting"], s["free"]) for s in services] == [("Langtidsplass i sykehjem", 2, "1.0")]
    # Only the case team reads an individual case (issue 13 §1): the case system is put on both teams.
    join(first.case_id, client)
    join(second.case_id, client)
    before = CaseAccess.objects.count()
    listed = client.get(f"/waiting-lists/{service.pk}").json()
    assert [row["case_reference"] for row in listed["rows"]] == ["VL-1", "VL-2"]
    assert [row["entry"] for row in listed["rows"]] == [first.pk, second.pk]
    assert listed["rows"][0]["suggested"] is True
    assert listed["rows"][0]["scores"] == {"severity": 5, "benefit": 4, "resources": 2}
    assert CaseAccess.objects.count() == before + 2
    assert set(CaseAccess.objects.filter(page="api:waiting_list").values_list("case_id", flat=True)) == {
        first.case_id,
        second.case_id,
    }


@pytest.mark.django_db
def test_roles_without_individual_cases_get_403(api_as, user_factory, leader):
    service = make_service(leader, capacity=1)
    client = api_as(user_factory(Role.DIRECTOR))
    assert client.get("/waiting-lists").status_code == 403
    assert client.get(f"/waiting-lists/{service.pk}").status_code == 403
