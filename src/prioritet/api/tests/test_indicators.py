"""``/indicators``: definitions and values read with suppression applied; values posted from other systems."""

from __future__ import annotations

from decimal import Decimal

import pytest

from prioritet.api.models import Access
from prioritet.indicators.models import IndicatorDefinition, IndicatorValue, PeriodKind, SourceKind

from .conftest import ApiClient


@pytest.fixture
def waiting(municipality):
    return IndicatorDefinition.objects.create(
        owner=municipality,
        key="waiting_days",
        name_nb="Ventetid",
        name_nn="Ventetid",
        name_en="Waiting time",
        unit="dager",
        source=SourceKind.OWN,
    )


@pytest.fixture
def coverage(db):
    return IndicatorDefinition.objects.get(owner=None, key="nursing_home_80")


def _value(municipality, definition, period, value, persons=None, source=SourceKind.OWN, region=None):
    return IndicatorValue.objects.create(
        municipality=municipality,
        definition=definition,
        region=region or municipality.number,
        period=period,
        period_kind=PeriodKind.YEAR,
        value=value,
        persons=persons,
        source=source,
    )


def test_a_leader_reads_the_national_and_own_definitions_and_which_it_may_write(api_as, leader, waiting):
    response = api_as(leader).get("/indicators/definitions")
    assert response.status_code == 200
    items = {item["key"]: item for item in response.json()}
    assert items["waiting_days"]["national"] is False
    assert items["waiting_days"]["writable"] is True
    assert items["nursing_home_80"]["writable"] is False  # SSB's


def test_values_are_read_with_small_cells_hidden(api_as, leader, municipality, waiting):
    _value(municipality, waiting, "2023", Decimal("73.913"), persons=3)
    _value(municipality, waiting, "2024", Decimal("41.5"), persons=30)
    response = api_as(leader).get("/indicators/values", definition="waiting_days")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    hidden, shown = body["items"]
    assert (hidden["value"], hidden["status"], hidden["persons"]) == (None, ":", None)
    assert (shown["value"], shown["status"], shown["persons"]) == (41.5, None, 30)
    assert "73.9" not in response.content.decode()


def test_values_filter_by_region_and_period_range(api_as, leader, municipality, waiting):
    for year in ("2020", "2021", "2022"):
        _value(municipality, waiting, year, Decimal("1"))
    _value(municipality, waiting, "2021", Decimal("2"), region="EKG13")
    client = api_as(leader)
    body = client.get("/indicators/values", region="EKG13").json()
    assert [(v["region"], v["period"]) for v in body["items"]] == [("EKG13", "2021")]
    body = client.get("/indicators/values", region=municipality.number, period_from="2021", period_to="2021").json()
    assert [v["period"] for v in body["items"]] == ["2021"]
    assert client.get("/indicators/values", definition="nothing").status_code == 422


def test_a_leader_posts_a_batch_that_is_written_and_then_unchanged(api_as, leader, municipality, waiting):
    client = api_as(leader)
    batch = {
        "values": [
            {
                "definition": "waiting_days",
                "region": municipality.number,
                "period": "2024",
                "value": 12.5,
                "persons": 40,
            },
            {"definition": "waiting_days", "region": municipality.number, "period": "2024K1", "status": ".."},
        ]
    }
    response = client.post("/indicators/values", batch)
    assert response.status_code == 200, response.content
    assert response.json() == {"created": 2, "updated": 0, "unchanged": 0}
    assert client.post("/indicators/values", batch).json() == {"created": 0, "updated": 0, "unchanged": 2}
    stored = IndicatorValue.objects.get(period="2024")
    assert (stored.value, stored.persons, stored.source) == (Decimal("12.5"), 40, SourceKind.IMPORT)
    assert IndicatorValue.objects.get(period="2024K1").period_kind == PeriodKind.QUARTER


def test_a_bad_item_refuses_the_batch_with_a_message_per_item_and_nothing_saved(api_as, leader, municipality, waiting):
    response = api_as(leader).post(
        "/indicators/values",
        {
            "values": [
                {"definition": "waiting_days", "region": municipality.number, "period": "2024", "value": 1},
                {"definition": "waiting_days", "region": municipality.number, "period": "2024X1", "value": 1},
                {"definition": "waiting_days", "region": municipality.number, "period": "2023"},
                {"definition": "waiting_days", "region": municipality.number, "period": "2022", "status": "0"},
                {"definition": "nursing_home_80", "region": municipality.number, "period": "2024", "value": 1},
                {"definition": "waiting_days", "region": municipality.number, "period": "2024", "value": 2},
            ]
        },
    )
    assert response.status_code == 422
    errors = response.json()["errors"]
    assert set(errors) == {
        "values.1.period",
        "values.2.value",
        "values.3.status",
        "values.4.definition",
        "values.5.period",
    }
    assert "SSB" in errors["values.4.definition"]
    assert not IndicatorValue.objects.exists()


def test_a_value_ssb_fetched_is_never_overwritten(api_as, leader, municipality, waiting):
    _value(municipality, waiting, "2024", Decimal("5"), source=SourceKind.SSB)
    response = api_as(leader).post(
        "/indicators/values",
        {"values": [{"definition": "waiting_days", "region": municipality.number, "period": "2024", "value": 9}]},
    )
    assert response.status_code == 422
    assert set(response.json()["errors"]) == {"values.0.period"}
    assert IndicatorValue.objects.get().value == Decimal("5")


def test_a_retry_with_the_idempotency_key_is_replayed(api_as, leader, municipality, waiting):
    client = api_as(leader, **{"Idempotency-Key": "iplos-2024-1"})
    batch = {"values": [{"definition": "waiting_days", "region": municipality.number, "period": "2024", "value": 3}]}
    first = client.post("/indicators/values", batch)
    again = client.post("/indicators/values", batch)
    assert first.json() == again.json() == {"created": 1, "updated": 0, "unchanged": 0}
    assert again["Idempotent-Replayed"] == "true"


@pytest.mark.parametrize("role", ["caseworker", "politician", "director"])
def test_only_leaders_and_the_administrator_post_values(api_as, request, role, municipality, waiting):
    response = api_as(request.getfixturevalue(role)).post(
        "/indicators/values",
        {"values": [{"definition": "waiting_days", "region": municipality.number, "period": "2024", "value": 3}]},
    )
    assert response.status_code == 403
    assert not IndicatorValue.objects.exists()


def test_a_caseworker_does_not_read_the_indicators(api_as, caseworker):
    client = api_as(caseworker)
    assert client.get("/indicators/definitions").status_code == 403
    assert client.get("/indicators/values").status_code == 403


def test_a_read_only_token_cannot_post(make_token, leader, municipality, waiting):
    _token, raw = make_token(leader, access=Access.READ)
    response = ApiClient(raw).post(
        "/indicators/values",
        {"values": [{"definition": "waiting_days", "region": municipality.number, "period": "2024", "value": 3}]},
    )
    assert response.status_code == 403


def test_another_municipalitys_definitions_and_values_stay_out_of_reach(
    api_as, leader, user_factory, municipality, other_municipality, waiting, coverage
):
    theirs = IndicatorDefinition.objects.create(
        owner=other_municipality, key="theirs", name_nb="Deres", name_nn="Dykkar", name_en="Theirs", unit="stk"
    )
    _value(other_municipality, coverage, "2024", Decimal("77.7"), region=other_municipality.number)
    _value(other_municipality, theirs, "2024", Decimal("66.6"), region=other_municipality.number)
    client = api_as(leader)
    assert "theirs" not in {item["key"] for item in client.get("/indicators/definitions").json()}
    assert client.get("/indicators/values").json()["count"] == 0
    assert client.get("/indicators/values", definition="theirs").status_code == 422
    response = client.post(
        "/indicators/values",
        {"values": [{"definition": "theirs", "region": other_municipality.number, "period": "2024", "value": 1}]},
    )
    assert response.status_code == 422
    assert IndicatorValue.objects.filter(definition=theirs).get().value == Decimal("66.6")
