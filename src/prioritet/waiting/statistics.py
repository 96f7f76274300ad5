"""Waiting-list statistics per service and month (docs/methods.md §10h), and the own figures they feed.

For a period (a month ``2026M03`` or a year ``2026``) whose last day is *end* (today for the period
under way):

* **length**: the people waiting at *end* — on the list from ``waiting_since`` until placed (or until
  taken off the list); its ``persons`` is that number;
* **median and p90 waiting days**: over the people *placed* in the period, the days from
  ``waiting_since`` to ``placed_at``; the median is the usual one (the mean of the two middle values
  for an even count), p90 the nearest rank — the smallest waiting time that at least 90 % of them
  waited no longer than, ``sorted[ceil(0.9 n) − 1]``; their ``persons`` is the number placed;
* **capacity**: places or hours per week in force at *end*;
* **occupancy**: what was in use at *end* (placed through the list and still there, plus what the
  capacity row counts as used by people placed outside it) as a share of the capacity, in per cent.

A figure about fewer than ``INDICATORS_SUPPRESS_BELOW`` people is shown as «:», here as everywhere
(:mod:`prioritet.indicators.suppression`); capacity and occupancy describe places, not people.
"""

from __future__ import annotations

import calendar
import datetime
import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils import timezone

from prioritet.indicators.models import Status
from prioritet.indicators.sources import Figure, OwnDefinition
from prioritet.indicators.suppression import too_few

from .models import CapacityChange, EntryStatus, Unit, WaitingEntry, WaitingService


def p90(values: Sequence[int]) -> int:
    """The nearest-rank 90th percentile."""
    ordered = sorted(values)
    return ordered[math.ceil(0.9 * len(ordered)) - 1]


def _months(first: datetime.date, last: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    out = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        start = datetime.date(year, month, 1)
        end = datetime.date(year, month, calendar.monthrange(year, month)[1])
        out.append((f"{year}M{month:02d}", start, min(end, last)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _years(first: datetime.date, last: datetime.date) -> list[tuple[str, datetime.date, datetime.date]]:
    return [
        (str(year), datetime.date(year, 1, 1), min(datetime.date(year, 12, 31), last))
        for year in range(first.year, last.year + 1)
    ]


@dataclass(frozen=True)
class Period:
    period: str
    end: datetime.date
    length: int
    waits: tuple[int, ...]
    capacity: Decimal | None
    in_use: Decimal

    @property
    def placed(self) -> int:
        return len(self.waits)

    @property
    def median_days(self) -> Decimal | None:
        return Decimal(str(statistics.median(self.waits))) if self.waits else None

    @property
    def p90_days(self) -> int | None:
        return p90(self.waits) if self.waits else None

    @property
    def occupancy(self) -> Decimal | None:
        if not self.capacity:
            return None
        return (self.in_use / self.capacity * 100).quantize(Decimal("0.1"))


def _waiting_ended(entry: WaitingEntry) -> datetime.date | None:
    if entry.placed_at is not None:
        return entry.placed_at
    if entry.status == EntryStatus.WITHDRAWN:
        return entry.ended_at
    return None


def _capacity_at(changes: list[CapacityChange], day: datetime.date) -> CapacityChange | None:
    """The newest row in force on ``day`` (``changes`` sorted by valid_from, id)."""
    current = None
    for change in changes:
        if change.valid_from <= day:
            current = change
    return current


def periods(service: WaitingService, today: datetime.date | None = None, *, years: bool = False) -> list[Period]:
    """The service's figures per month (or year) from its first entry or capacity to ``today``."""
    today = today or timezone.localdate()
    entries = list(service.entries.all())
    changes = sorted(service.capacities.all(), key=lambda c: (c.valid_from, c.pk))
    starts = [e.waiting_since for e in entries] + [c.valid_from for c in changes]
    if not starts or min(starts) > today:
        return []
    out = []
    for name, start, end in (_years if years else _months)(min(starts), today):
        length = sum(
            1 for e in entries if e.waiting_since <= end and ((ended := _waiting_ended(e)) is None or ended > end)
        )
        waits = tuple(
            sorted(
                (e.placed_at - e.waiting_since).days
                for e in entries
                if e.placed_at is not None and start <= e.placed_at <= end
            )
        )
        placed_amount = sum(
            (
                e.amount
                for e in entries
                if e.placed_at is not None
                and e.placed_at <= end
                and not (e.status == EntryStatus.LEFT and e.ended_at is not None and e.ended_at <= end)
            ),
            Decimal(0),
        )
        change = _capacity_at(changes, end)
        out.append(
            Period(
                period=name,
                end=end,
                length=length,
                waits=waits,
                capacity=change.amount if change else None,
                in_use=placed_amount + (change.other_use if change else Decimal(0)),
            )
        )
    return out


def shown_months(service: WaitingService) -> list[dict[str, Any]]:
    """The months newest first as the statistics page shows them: a figure about too few people is «:»."""
    rows = []
    for item in reversed(periods(service)):
        hide_length = too_few(item.length) and item.length > 0
        hide_waits = too_few(item.placed) and item.placed > 0
        rows.append(
            {
                "period": item.period,
                # A day of the month, for the page to name it («desember 2026», not the code 2026M12).
                "month": item.end,
                "length": None if hide_length else item.length,
                "placed": None if hide_waits else item.placed,
                "median": None if hide_waits else item.median_days,
                "p90": None if hide_waits else item.p90_days,
                "capacity": item.capacity,
                "occupancy": item.occupancy,
                "length_hidden": hide_length,
                "waits_hidden": hide_waits,
            }
        )
    return rows


def _count(region: str, period: str, n: int) -> Figure:
    return (region, period, Decimal(n), "", n) if n else (region, period, None, Status.NIL, 0)


def definitions(service: WaitingService) -> dict[str, OwnDefinition]:
    """The service's own indicator definitions, by figure."""
    unit = "timer per uke" if service.unit == Unit.HOURS else "plasser"
    area = service.service_area_id
    key = f"waiting-{service.pk}"

    def spec(figure: str, nb: str, nn: str, en: str, unit: str, better: bool | None, decimals: int) -> OwnDefinition:
        return OwnDefinition(
            key=f"{key}-{figure}",
            name_nb=f"{nb}: {service.name}",
            name_nn=f"{nn}: {service.name}",
            name_en=f"{en}: {service.name}",
            unit=unit,
            higher_is_better=better,
            decimals=decimals,
            service_area_id=area,
            description="Beregnet fra ventelisten i Prioritet (docs/methods.md §10h).",
        )

    return {
        "length": spec(
            "length",
            "Venteliste, antall som venter",
            "Venteliste, tal som ventar",
            "Waiting list, people waiting",
            "personer",
            False,
            0,
        ),
        "median": spec(
            "median",
            "Ventetid, median (dager)",
            "Ventetid, median (dagar)",
            "Waiting time, median (days)",
            "dager",
            False,
            1,
        ),
        "p90": spec(
            "p90",
            "Ventetid, 90-prosentil (dager)",
            "Ventetid, 90-prosentil (dagar)",
            "Waiting time, 90th percentile (days)",
            "dager",
            False,
            0,
        ),
        "capacity": spec("capacity", "Kapasitet", "Kapasitet", "Capacity", unit, None, 1),
        "occupancy": spec("occupancy", "Belegg", "Belegg", "Occupancy", "prosent", None, 1),
    }


def own_figures(municipality: Any, today: datetime.date) -> list[tuple[OwnDefinition, list[Figure]]]:
    """Every service's figures per month and year, as the own values of :mod:`prioritet.indicators.sources`."""
    region = municipality.number
    out: list[tuple[OwnDefinition, list[Figure]]] = []
    for service in WaitingService.objects.for_municipality(municipality).order_by("pk"):
        specs = definitions(service)
        series: dict[str, list[Figure]] = {name: [] for name in specs}
        for item in periods(service, today) + periods(service, today, years=True):
            series["length"].append(_count(region, item.period, item.length))
            if item.waits:
                series["median"].append((region, item.period, item.median_days, "", item.placed))
                series["p90"].append((region, item.period, Decimal(item.p90_days or 0), "", item.placed))
            if item.capacity is not None:
                series["capacity"].append((region, item.period, item.capacity, "", None))
                occupancy = item.occupancy
                series["occupancy"].append(
                    (region, item.period, occupancy, "", None)
                    if occupancy is not None
                    else (region, item.period, None, Status.NOT_APPLICABLE, None)
                )
        out.extend((specs[name], values) for name, values in series.items() if values)
    return out
