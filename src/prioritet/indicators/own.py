"""The municipality's own figures, computed from its cases in Prioritet (``source=own``).

Per month (``2025M03``) and per year (``2025``), for the municipality as a whole, from its
individual-level cases (archived ones too: an application received stays received):

* ``own_applications``: cases created in the period — each is an application received;
* ``own_decisions``: decisions made in the period (a reassessed case can be decided again);
* ``own_processing_days``: the median number of days from a case's creation to its first decision,
  over the cases first decided in the period;
* ``own_reassessments``: reassessments started in the period.

Days are Norway's calendar days. The national definitions are for the whole municipality; the same
four figures per service area are the municipality's own definitions (``own-<figure>-area-<pk>``,
with the area set, so a leader's dashboard shows their own areas'). Every value carries how many
cases it rests on in ``persons``, so the small-cell rule hides a figure about fewer than five
(:mod:`.suppression`); a period with none is SSB's «-» (nil).

The apps built on the indicators add figures of their own through :mod:`.sources` (the waiting lists:
length, median and 90th-percentile waiting days, capacity and occupancy per service); they are written
here too, as the municipality's own definitions.

:func:`compute_own_indicators` writes them (all or none) and is idempotent: a second run changes only
what the cases changed. It reads only the database, so it works offline.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from prioritet.accounts.models import Municipality, ServiceArea
from prioritet.cases.models import Case, Decision, Level, Reassessment

from . import services
from .models import IndicatorDefinition, IndicatorValue, SourceKind, Status
from .sources import OwnDefinition, own_sources

KEYS = ("own_applications", "own_decisions", "own_processing_days", "own_reassessments")


def _day(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def _periods(day: date) -> tuple[str, str]:
    """The month and the year ``day`` falls in, as SSB writes them."""
    return f"{day.year}M{day.month:02d}", str(day.year)


def _all_periods(first: date, last: date) -> list[str]:
    """Every month and year from ``first``'s to ``last``'s."""
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year}M{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months + [str(y) for y in range(first.year, last.year + 1)]


def _counted(days: Iterable[date]) -> Counter[str]:
    counts: Counter[str] = Counter()
    for day in days:
        counts.update(_periods(day))
    return counts


def figures(
    municipality: Municipality, today: date | None = None, *, area: ServiceArea | None = None
) -> dict[str, list[services.Figure]]:
    """Each own figure's values by period (reads only), from the first case's month to this one:
    of the whole municipality, or of the cases of one service ``area``."""
    cases = Case.objects.for_municipality(municipality).filter(level=Level.INDIVIDUAL)
    if area is not None:
        cases = cases.filter(service_area=area)
    received = {pk: _day(created) for pk, created in cases.values_list("pk", "created_at")}
    if not received:
        return {key: [] for key in KEYS}
    decided = list(Decision.objects.filter(case__in=cases).order_by("decided_at").values_list("case_id", "decided_at"))
    started = Reassessment.objects.filter(case__in=cases).values_list("started_at", flat=True)
    first_decision: dict[int, date] = {}
    for case_id, moment in decided:
        first_decision.setdefault(case_id, _day(moment))
    waits: defaultdict[str, list[int]] = defaultdict(list)
    for case_id, day in first_decision.items():
        for period in _periods(day):
            waits[period].append((day - received[case_id]).days)
    counts = {
        "own_applications": _counted(received.values()),
        "own_decisions": _counted(_day(moment) for _case, moment in decided),
        "own_reassessments": _counted(_day(moment) for moment in started),
    }
    region = municipality.number
    out: dict[str, list[services.Figure]] = {key: [] for key in KEYS}
    for period in _all_periods(min(received.values()), today or timezone.localdate()):
        for key, counted in counts.items():
            n = counted[period]
            out[key].append((region, period, Decimal(n), "", n) if n else (region, period, None, Status.NIL, 0))
        if waits[period]:
            median = Decimal(str(statistics.median(waits[period])))
            out["own_processing_days"].append((region, period, median, "", len(waits[period])))
    return out


def area_figures(
    municipality: Municipality, national: dict[str, IndicatorDefinition], today: date | None = None
) -> list[tuple[OwnDefinition, list[services.Figure]]]:
    """The four figures per service area that has individual cases, as the municipality's own
    definitions named after the national one and the area («Vedtak fattet på individnivå: Hjemmetjenester»)."""
    areas = ServiceArea.objects.for_municipality(municipality).filter(
        pk__in=Case.objects.for_municipality(municipality).filter(level=Level.INDIVIDUAL).values("service_area")
    )
    out = []
    for area in areas:
        for key, series in figures(municipality, today, area=area).items():
            base = national.get(key)
            if base is None or not series:
                continue
            spec = OwnDefinition(
                key=f"{key.replace('_', '-')}-area-{area.pk}",
                name_nb=f"{base.name_nb}: {area.name}",
                name_nn=f"{base.name_nn}: {area.name}",
                name_en=f"{base.name_en}: {area.name}",
                unit=base.unit,
                higher_is_better=base.higher_is_better,
                decimals=base.decimals,
                service_area_id=area.pk,
                description="Beregnet fra sakene i tjenesteområdet i Prioritet (docs/methods.md §10e).",
                order=base.order,
            )
            out.append((spec, series))
    return out


@transaction.atomic
def compute_own_indicators(municipality: Municipality, *, demo: bool | None = None) -> services.ImportResult:
    """Write the municipality's own figures (every value or none); what changed, in counts.

    ``demo`` labels them made-up; by default they are when the municipality holds made-up figures
    already (the demo municipality's cases are made up too).
    """
    if demo is None:
        demo = IndicatorValue.objects.for_municipality(municipality).filter(demo=True).exists()
    definitions = {d.key: d for d in IndicatorDefinition.objects.filter(owner__isnull=True, key__in=KEYS)}
    total = services.ImportResult()
    for key, values in figures(municipality).items():
        if key not in definitions:
            continue
        done = services.write(services.plan(municipality, definitions[key], values, source=SourceKind.OWN, demo=demo))
        total.created += done.created
        total.updated += done.updated
        total.unchanged += done.unchanged
    today = timezone.localdate()
    declared = [spec_and_series for source in own_sources() for spec_and_series in source(municipality, today)]
    for spec, series in [*area_figures(municipality, definitions, today), *declared]:
        definition = _own_definition(municipality, spec)
        done = services.write(services.plan(municipality, definition, series, source=SourceKind.OWN, demo=demo))
        total.created += done.created
        total.updated += done.updated
        total.unchanged += done.unchanged
    return total


def _own_definition(municipality: Municipality, spec: OwnDefinition) -> IndicatorDefinition:
    """The municipality's definition for ``spec``, created or brought up to date (names follow the source)."""
    fields = {
        "name_nb": spec.name_nb[:200],
        "name_nn": spec.name_nn[:200],
        "name_en": spec.name_en[:200],
        "unit": spec.unit[:40],
        "higher_is_better": spec.higher_is_better,
        "decimals": spec.decimals,
        "service_area_id": spec.service_area_id,
        "description": spec.description[:2000],
        "order": spec.order,
        "source": SourceKind.OWN,
    }
    definition, created = IndicatorDefinition.objects.get_or_create(owner=municipality, key=spec.key, defaults=fields)
    if not created and any(getattr(definition, name) != value for name, value in fields.items()):
        for name, value in fields.items():
            setattr(definition, name, value)
        definition.save()
    return definition
