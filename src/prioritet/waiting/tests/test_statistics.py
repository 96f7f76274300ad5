"""Waiting statistics per month and the own figures they feed (docs/methods.md §10h)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from prioritet.indicators.models import IndicatorDefinition, IndicatorValue, SourceKind
from prioritet.indicators.own import compute_own_indicators
from prioritet.indicators.suppression import shown
from prioritet.waiting import services
from prioritet.waiting.models import WaitingEntry
from prioritet.waiting.statistics import p90, periods
from prioritet.waiting.testing import make_service, put


def test_p90_is_the_nearest_rank():
    assert p90([5]) == 5
    assert p90(list(range(1, 11))) == 9  # ceil(0.9 × 10) = 9th
    assert p90(list(range(1, 12))) == 10  # ceil(9.9) = 10th
    assert p90([30, 10, 20]) == 30


def _placed(entry: WaitingEntry, since: datetime.date, placed: datetime.date) -> None:
    """Back-date a placement (the service writes today's date): only the dates matter here."""
    WaitingEntry.objects.filter(pk=entry.pk).update(waiting_since=since, status="placed", placed_at=placed)


@pytest.fixture
def history(caseworker, leader):
    today = timezone.localdate()
    month_start = today.replace(day=1)
    last_month_end = month_start - datetime.timedelta(days=1)
    service = make_service(leader, capacity=10)
    services.change_capacity(
        service, leader, amount=Decimal(10), other_use=Decimal(2), valid_from=last_month_end.replace(day=1)
    )
    waits = [3, 10, 20, 40, 60, 90]
    for days in waits:
        entry = put(service, caseworker, 3, 3, 3)
        _placed(entry, last_month_end - datetime.timedelta(days=days), last_month_end)
    for _ in range(4):
        put(service, caseworker, 3, 3, 3, since=last_month_end - datetime.timedelta(days=5))
    return service, waits, last_month_end


@pytest.mark.django_db
def test_a_month_has_its_length_waiting_times_capacity_and_occupancy(history):
    service, _waits, last_month_end = history
    month = next(p for p in periods(service) if p.period == f"{last_month_end.year}M{last_month_end.month:02d}")
    assert month.length == 4
    assert month.placed == 6
    assert month.median_days == Decimal(30)  # (20 + 40) / 2
    assert month.p90_days == 90  # ceil(5.4) = 6th of 6
    assert month.capacity == 10
    assert month.occupancy == Decimal("80.0")  # 6 placed + 2 outside the list, of 10


@pytest.mark.django_db
def test_the_own_figures_reach_the_indicators_with_small_cells_hidden(history, municipality):
    service, _waits, last_month_end = history
    compute_own_indicators(municipality)
    period = f"{last_month_end.year}M{last_month_end.month:02d}"
    definitions = {
        d.key: d
        for d in IndicatorDefinition.objects.filter(owner=municipality, key__startswith=f"waiting-{service.pk}-")
    }
    assert set(definitions) == {
        f"waiting-{service.pk}-{name}" for name in ("length", "median", "p90", "capacity", "occupancy")
    }
    assert all(d.source == SourceKind.OWN for d in definitions.values())

    def value(name: str) -> IndicatorValue:
        return IndicatorValue.objects.get(definition=definitions[f"waiting-{service.pk}-{name}"], period=period)

    assert value("median").value == 30
    assert value("median").persons == 6
    assert value("p90").value == 90
    assert value("occupancy").value == Decimal("80.0")
    length = shown(value("length"))
    assert length.value is None
    assert length.status == ":"
    assert shown(value("median")).value == 30  # six placed: shown
    again = compute_own_indicators(municipality)
    assert again.created == 0
    assert again.updated == 0
