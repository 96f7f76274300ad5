"""Paging and time filters have bounds: past them the API answers 422, not a 500 (found by schemathesis)."""

from __future__ import annotations

import pytest

from prioritet.api.schemas import MAX_PAGE

from .conftest import ApiClient


@pytest.mark.parametrize("path", ["/cases", "/examples"])
def test_a_page_number_past_the_ceiling_answers_422(api_as, caseworker, path):
    api: ApiClient = api_as(caseworker)
    assert api.get(path, page=1208232003752892389140725760).status_code == 422
    assert api.get(path, page=MAX_PAGE + 1).status_code == 422
    assert api.get(path, page=MAX_PAGE).status_code == 200


@pytest.mark.parametrize(
    "updated_since",
    ["2026-01-01T00:00:00+21:20", "0785-12-01T23:54:29+23:44", "2026-01-01T00:00:00-14:01", "0001-01-01"],
)
def test_a_time_no_time_zone_has_answers_422(api_as, caseworker, updated_since):
    api: ApiClient = api_as(caseworker)
    response = api.get("/cases", updated_since=updated_since)
    assert response.status_code == 422, response.content


def test_the_widest_real_offsets_are_accepted(api_as, caseworker):
    api: ApiClient = api_as(caseworker)
    for updated_since in ("2026-01-01T00:00:00+14:00", "2026-01-01T00:00:00-12:00", "1900-01-01T00:00:00"):
        assert api.get("/cases", updated_since=updated_since).status_code == 200
