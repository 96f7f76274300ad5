"""Reads of the indicators: the municipality's list with latest values, one indicator's series.

Every value leaves here as :class:`~.suppression.Shown` — small cells already hidden as «:» — so
pages, charts, exports and the API cannot show a number suppression has removed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from prioritet.accounts.models import Municipality

from .models import IndicatorDefinition, IndicatorTarget, IndicatorValue, PeerGroup
from .suppression import Shown, shown_all


@dataclass
class Row:
    """One indicator in the list: its latest own value (or status) and the target for that period."""

    definition: IndicatorDefinition
    latest: Shown | None
    target: IndicatorTarget | None
    series: list[Shown] = field(default_factory=list)
    demo: bool = False

    @property
    def met(self) -> bool | None:
        """Whether the latest value reaches the target; None when either is missing or neither
        direction is better (a coverage rate is not good or bad in itself)."""
        return target_met(self.definition, self.latest, self.target)


def target_met(definition: IndicatorDefinition, value: Shown | None, target: IndicatorTarget | None) -> bool | None:
    if value is None or value.value is None or target is None or definition.higher_is_better is None:
        return None
    return value.value >= target.value if definition.higher_is_better else value.value <= target.value


def definitions(municipality: Municipality) -> list[IndicatorDefinition]:
    return list(IndicatorDefinition.objects.visible_to(municipality))


def definition(municipality: Municipality, pk: int) -> IndicatorDefinition:
    """One definition the municipality may read (DoesNotExist otherwise)."""
    return IndicatorDefinition.objects.visible_to(municipality).get(pk=pk)


def target_for(targets: Sequence[IndicatorTarget], period: str) -> IndicatorTarget | None:
    """The period's own target, else the latest from-year target that applies."""
    exact = [t for t in targets if t.period == period]
    if exact:
        return exact[0]
    running = [t for t in targets if t.from_year is not None and t.applies_to(period)]
    return max(running, key=lambda t: t.from_year or 0) if running else None


def _targets(municipality: Municipality) -> dict[int, list[IndicatorTarget]]:
    out: dict[int, list[IndicatorTarget]] = {}
    for target in IndicatorTarget.objects.for_municipality(municipality):
        out.setdefault(target.definition_id, []).append(target)
    return out


def current_target(targets: Sequence[IndicatorTarget], latest: Shown | None) -> IndicatorTarget | None:
    if latest is not None:
        return target_for(targets, latest.period)
    return targets[-1] if targets else None


def overview(municipality: Municipality) -> list[Row]:
    """Every definition the municipality reads, with its own series, latest value and target."""
    own = IndicatorValue.objects.for_municipality(municipality).filter(region=municipality.number)
    series: dict[int, list[Shown]] = {}
    for value in shown_all(own.order_by("period")):
        series.setdefault(value.definition_id, []).append(value)
    targets = _targets(municipality)
    rows = []
    for item in definitions(municipality):
        values = series.get(item.pk, [])
        latest = values[-1] if values else None
        rows.append(
            Row(
                item,
                latest,
                current_target(targets.get(item.pk, []), latest),
                values,
                demo=any(v.demo for v in values),
            )
        )
    return rows


@dataclass
class Series:
    definition: IndicatorDefinition
    regions: list[str]
    periods: list[str]
    #: {region: {period: value}}
    cells: dict[str, dict[str, Shown]]
    targets: list[IndicatorTarget]
    demo: bool


def series(municipality: Municipality, item: IndicatorDefinition) -> Series:
    """The indicator's values for the municipality, its peers and its KOSTRA group, by period."""
    group = PeerGroup.objects.for_municipality(municipality).first()
    regions = group.regions(municipality.number) if group else [municipality.number]
    query = IndicatorValue.objects.for_municipality(municipality).filter(definition=item, region__in=regions)
    cells: dict[str, dict[str, Shown]] = {region: {} for region in regions}
    periods: set[str] = set()
    demo = False
    for value in shown_all(query):
        cells[value.region][value.period] = value
        periods.add(value.period)
        demo = demo or value.demo
    targets = list(IndicatorTarget.objects.for_municipality(municipality).filter(definition=item))
    return Series(item, regions, sorted(periods), cells, targets, demo)


def values(
    municipality: Municipality,
    *,
    definitions: Sequence[IndicatorDefinition] | None = None,
    regions: Sequence[str] | None = None,
    period_from: str | None = None,
    period_to: str | None = None,
) -> list[Shown]:
    """The municipality's values as they may be shown, narrowed by definition, region and period.

    Periods compare as text, which orders SSB's forms within a kind (2023 < 2024, 2024K1 < 2024K2);
    ``period_to="2024"`` keeps 2024's quarters and months too.
    """
    query = IndicatorValue.objects.for_municipality(municipality)
    if definitions is not None:
        query = query.filter(definition__in=definitions)
    if regions is not None:
        query = query.filter(region__in=regions)
    if period_from:
        query = query.filter(period__gte=period_from)
    if period_to:
        query = query.filter(period__lt=period_to + "~")
    return shown_all(query.order_by("definition__order", "definition__key", "region", "period"))


#: Names of region codes that are no tenant: KOSTRA groups, the country, and the demo's peers.
KNOWN_REGIONS = {
    "0": "Hele landet",
    "EAK": "Landet uten Oslo",
    "3907": "Sandefjord",
    "3905": "Tønsberg",
    "4204": "Kristiansand",
}


def region_names(municipality: Municipality, codes: Sequence[str]) -> dict[str, str]:
    """A readable name per region code: the municipality's own, a tenant's, a KOSTRA group's, else the code."""
    names = {code: KNOWN_REGIONS.get(code, code) for code in codes}
    for code in codes:
        if code.startswith("EKG") and code[3:].isdigit():
            names[code] = f"KOSTRA-gruppe {int(code[3:])}"
    for number, name in Municipality.objects.filter(number__in=codes).values_list("number", "name"):
        names[number] = name
    names[municipality.number] = municipality.name
    return names


def number(value: Decimal | None, decimals: int) -> float | None:
    return None if value is None else round(float(value), decimals)
