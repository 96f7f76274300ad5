"""Reads of the indicators: the municipality's list with latest values, one indicator's series, and
need projections computed with the engine (:func:`compute`), also as a snapshot to cite
(:func:`projection_snapshot`), and what a case cites (the snapshot of a series as shown, the case's
citations, whether newer figures exist).

Every value leaves here as :class:`~.suppression.Shown` — small cells already hidden as «:» — so
pages, charts, exports, the API and a case's citations cannot show a number suppression has removed.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import pgettext

from prioritet import engine
from prioritet.accounts.models import Municipality, Role, ServiceArea, User
from prioritet.cases.models import Case, Level, Status
from prioritet.core import formatting
from prioritet.engine.measures import FloatArray

from .models import (
    AGE_GROUPS,
    AgeGroup,
    Citation,
    CitationKind,
    IndicatorDefinition,
    IndicatorImport,
    IndicatorTarget,
    IndicatorValue,
    NeedProjection,
    PeerGroup,
    ProjectionScenario,
    period_order,
)
from .suppression import Shown, shown_all, shown_rows, threshold


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


def own_definition(municipality: Municipality, pk: int) -> IndicatorDefinition:
    """One of the municipality's own definitions (DoesNotExist for a national one or another's)."""
    return IndicatorDefinition.objects.get(owner=municipality, pk=pk)


def value_count(municipality: Municipality, item: IndicatorDefinition) -> int:
    return IndicatorValue.objects.for_municipality(municipality).filter(definition=item).count()


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
    for value in sorted(shown_all(own), key=lambda value: period_order(value.period)):
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
    regions = comparison_regions(municipality)
    query = IndicatorValue.objects.for_municipality(municipality).filter(definition=item, region__in=regions)
    cells: dict[str, dict[str, Shown]] = {region: {} for region in regions}
    periods: set[str] = set()
    demo = False
    for value in shown_all(query):
        cells[value.region][value.period] = value
        periods.add(value.period)
        demo = demo or value.demo
    targets = list(IndicatorTarget.objects.for_municipality(municipality).filter(definition=item))
    return Series(item, regions, sorted(periods, key=period_order), cells, targets, demo)


@dataclass(frozen=True)
class ValueFilter:
    """Which of the municipality's values to read: by definition, region and period range.

    Periods compare as text, which orders SSB's forms within a kind (2023 < 2024, 2024K1 < 2024K2);
    ``period_to="2024"`` keeps 2024's quarters and months too.
    """

    definitions: Sequence[IndicatorDefinition] | None = None
    regions: Sequence[str] | None = None
    period_from: str | None = None
    period_to: str | None = None

    def query(self, municipality: Municipality) -> QuerySet[IndicatorValue]:
        query = IndicatorValue.objects.for_municipality(municipality)
        if self.definitions is not None:
            query = query.filter(definition__in=self.definitions)
        if self.regions is not None:
            query = query.filter(region__in=self.regions)
        if self.period_from:
            query = query.filter(period__gte=self.period_from)
        if self.period_to:
            query = query.filter(period__lt=self.period_to + "~")
        return query.order_by("definition__order", "definition__key", "region", "period")


def values(municipality: Municipality, narrow: ValueFilter | None = None) -> list[Shown]:
    """The municipality's values as they may be shown, narrowed by ``narrow``."""
    return shown_all((narrow or ValueFilter()).query(municipality))


def values_page(municipality: Municipality, narrow: ValueFilter, *, page: int, size: int) -> tuple[int, list[Shown]]:
    """How many values ``narrow`` selects, and the ``page``-th ``size`` of them as they may be shown."""
    query = narrow.query(municipality)
    start = (page - 1) * size
    return query.count(), shown_all(query[start : start + size])


def own_value(municipality: Municipality, item: IndicatorDefinition, period: str = "") -> Shown | None:
    """The municipality's own figure for ``period`` as it may be shown (a number or a status symbol), or,
    without a period, its latest figure that has a number; None when there is none."""
    own = {v.period: v for v in values(municipality, ValueFilter(definitions=[item], regions=[municipality.number]))}
    if period:
        return own.get(period)
    numbered = [own[key] for key in sorted(own, key=period_order) if own[key].value is not None]
    return numbered[-1] if numbered else None


@dataclass
class ComparisonRow:
    """One indicator against the peers: the period compared and each region's value in it."""

    definition: IndicatorDefinition
    period: str | None
    #: One per region of :attr:`Comparison.regions`, None where the region has no value then.
    cells: list[Shown | None]


@dataclass
class Comparison:
    regions: list[str]
    rows: list[ComparisonRow]
    demo: bool


def comparison(municipality: Municipality) -> Comparison:
    """Every indicator in its latest own period (else the latest anyone has), for the municipality,
    its peers and its KOSTRA group."""
    group = PeerGroup.objects.for_municipality(municipality).first()
    regions = group.regions(municipality.number) if group else [municipality.number]
    cells: dict[int, dict[str, dict[str, Shown]]] = {}
    demo = False
    for value in values(municipality, ValueFilter(regions=regions)):
        cells.setdefault(value.definition_id, {}).setdefault(value.region, {})[value.period] = value
        demo = demo or value.demo
    rows = []
    for item in definitions(municipality):
        by_region = cells.get(item.pk, {})
        own = by_region.get(municipality.number, {})
        periods = own or {period for region in by_region.values() for period in region}
        # The latest in time, not as text: «2024M10» is after «2024M9», «2025» after «2024K4».
        period = max(periods, key=period_order) if periods else None
        rows.append(
            ComparisonRow(
                item, period, [by_region.get(region, {}).get(period) if period else None for region in regions]
            )
        )
    return Comparison(regions, rows, demo)


#: Names of region codes that are no tenant: KOSTRA groups, the country, and the demo's peers.
KNOWN_REGIONS = {
    "0": "Hele landet",
    "EAK": "Hele landet",
    "EAKUO": "Landet uten Oslo",
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


# Need projections -------------------------------------------------------------------------------
#
# Computed in the request: a projection is a few age groups × at most 40 years, a handful of numpy
# operations per scenario (microseconds), so nothing is stored and nothing waits for a task.


def projections(municipality: Municipality) -> list[NeedProjection]:
    return list(
        NeedProjection.objects.for_municipality(municipality)
        .select_related("service_area")
        .prefetch_related("scenarios")
    )


def projection_population_is_demo(municipality: Municipality) -> bool:
    """Whether the population projection the municipality holds is made up (the demo's)."""
    keys = [group.definition_key for group in AGE_GROUPS]
    return (
        IndicatorValue.objects.for_municipality(municipality)
        .filter(definition__owner__isnull=True, definition__key__in=keys, demo=True)
        .exists()
    )


def projection(municipality: Municipality, pk: int) -> NeedProjection:
    """One of the municipality's projections (DoesNotExist otherwise, also for another municipality's)."""
    return NeedProjection.objects.for_municipality(municipality).select_related("service_area").get(pk=pk)


def projection_scenario(projection: NeedProjection, pk: int) -> ProjectionScenario:
    """One scenario of ``projection`` (DoesNotExist for any other projection's)."""
    return ProjectionScenario.objects.for_municipality(projection.municipality_id).get(projection=projection, pk=pk)


def age_groups(item: NeedProjection) -> list[AgeGroup]:
    """The age groups the projection gives a coverage rate for, in :data:`AGE_GROUPS` order."""
    return [group for group in AGE_GROUPS if group.key in item.coverage]


@dataclass
class Population:
    """The population by age group and year a projection is computed from, and where each figure came
    from: entered on the projection (first), else the national projection definition's value."""

    groups: list[AgeGroup]
    years: list[int]
    #: {age group key: {year: persons}}; a missing figure is absent.
    cells: dict[str, dict[int, float]]
    #: The (group, year) figures entered on the projection.
    entered: set[tuple[str, int]]
    #: The (group, year) figures SSB's values give (shown as placeholders in the form).
    from_values: dict[tuple[str, int], float]
    demo: bool

    @property
    def missing(self) -> list[tuple[AgeGroup, int]]:
        return [(group, year) for group in self.groups for year in self.years if year not in self.cells[group.key]]

    def matrix(self) -> list[list[float]]:
        return [[self.cells[group.key][year] for year in self.years] for group in self.groups]


def population(item: NeedProjection, groups: Sequence[AgeGroup] | None = None) -> Population:
    """The projection's population by age group and year (:class:`Population`); ``groups``: every
    group the projection uses, or those given (the population form shows all four)."""
    groups = list(groups) if groups is not None else age_groups(item)
    years = list(item.years)
    keys = {group.definition_key: group.key for group in groups}
    definitions = dict(IndicatorDefinition.objects.filter(owner__isnull=True, key__in=keys).values_list("pk", "key"))
    values = IndicatorValue.objects.for_municipality(item.municipality_id).filter(
        definition__in=definitions,
        region=item.municipality.number,
        period__in=[str(year) for year in years],
        value__isnull=False,
    )
    from_values: dict[tuple[str, int], float] = {}
    demo = False
    # Through the suppression gate like every figure shown: a hidden one counts as missing.
    for value in shown_rows(values.order_by(), dated=False):
        if value.value is not None:
            from_values[(keys[definitions[value.definition_id]], int(value.period))] = float(value.value)
            demo = demo or value.demo
    cells: dict[str, dict[int, float]] = {group.key: {} for group in groups}
    entered: set[tuple[str, int]] = set()
    for group in groups:
        for year in years:
            typed = (item.population or {}).get(group.key, {}).get(str(year))
            if typed is not None:
                cells[group.key][year] = float(typed)
                entered.add((group.key, year))
            elif (group.key, year) in from_values:
                cells[group.key][year] = from_values[(group.key, year)]
    used = any((group.key, year) not in entered for group in groups for year in years)
    return Population(groups, years, cells, entered, from_values, demo=demo and used)


def engine_adjustments(scenario: ProjectionScenario, groups: Sequence[AgeGroup]) -> list[engine.Adjustment]:
    """The scenario's stored adjustments as the engine's, its age groups as indices into ``groups``.

    A coverage change for age groups the projection no longer has a rate for changes nothing (it is
    left out, rather than falling back to «every group»).
    """
    index = {group.key: i for i, group in enumerate(groups)}
    out = []
    for item in scenario.adjustments:
        named = list(item.get("groups") or [])
        chosen = tuple(index[key] for key in named if key in index)
        if named and not chosen:
            continue
        out.append(
            engine.Adjustment(
                engine.AdjustmentKind(item["kind"]),
                float(item["amount"]),
                by_year=item.get("by_year"),
                from_year=item.get("from_year"),
                groups=chosen,
            )
        )
    return out


@dataclass
class ScenarioResult:
    """One line of a projection: the baseline (``scenario`` None) or a scenario, and its figures."""

    name: str
    scenario: ProjectionScenario | None
    result: engine.Projection


@dataclass
class Computed:
    """A projection computed: its population, and the baseline and each scenario, or why it cannot be."""

    projection: NeedProjection
    population: Population
    results: list[ScenarioResult] = field(default_factory=list)
    #: The engine's problems, worded (none when the model's rules held).
    problems: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return bool(self.results)


def _inputs(item: NeedProjection, people: Population) -> engine.ProjectionInput:
    def optional(amount: Decimal | None) -> float | None:
        return None if amount is None else float(amount)

    return engine.ProjectionInput.build(
        item.base_year,
        item.end_year,
        people.matrix(),
        [float(item.coverage[group.key]) for group in people.groups],
        fte_per_user=float(item.fte_per_user),
        cost_per_user=float(item.cost_per_user),
        capacity_users=optional(item.capacity_users),
        capacity_fte=optional(item.capacity_fte),
        budget=optional(item.budget),
    )


def compute(item: NeedProjection, scenarios: Sequence[ProjectionScenario] | None = None) -> Computed:
    """The baseline and ``scenarios`` (default: all of the projection's) year by year; nothing when a
    population figure is missing (:attr:`Population.missing` says which)."""
    people = population(item)
    computed = Computed(item, people)
    if people.missing or not people.groups:
        return computed
    chosen = list(item.scenarios.all()) if scenarios is None else list(scenarios)
    try:
        inputs = _inputs(item, people)
        computed.results.append(ScenarioResult(pgettext("need projection", "Baseline"), None, engine.project(inputs)))
        for scenario in chosen:
            result = engine.project(inputs, engine_adjustments(scenario, people.groups))
            computed.results.append(ScenarioResult(scenario.name, scenario, result))
    except engine.InputError as error:
        computed.results = []
        computed.problems = [formatting.problem_text(problem) for problem in error.problems]
    return computed


class IncompleteProjectionError(ValueError):
    """The projection cannot be computed: a population figure is missing or an input is out of range."""


def _numbers(values: FloatArray | None, places: int) -> list[float] | None:
    return None if values is None else [round(float(v), places) for v in values]


def projection_snapshot(scenario: ProjectionScenario | None, *, projection: NeedProjection | None = None) -> dict:
    """A scenario's figures as a plain dict to keep (a citation in a case, a saksframlegg): the
    projection's source, the date, every input and the yearly users, årsverk, cost and gaps.

    ``scenario=None, projection=p`` gives the baseline of ``p``. Only JSON types (str, int, float,
    None, lists and dicts), made afresh on every call, so a stored copy never changes with the
    projection. Raises :class:`IncompleteProjectionError` when the projection cannot be computed.
    """
    item = scenario.projection if scenario is not None else projection
    if item is None:
        raise ValueError("a scenario or a projection is needed")
    computed = compute(item, [scenario] if scenario is not None else [])
    if not computed.complete:
        missing = ", ".join(f"{group.key} {year}" for group, year in computed.population.missing)
        raise IncompleteProjectionError("; ".join(computed.problems) or f"population missing: {missing}")
    result = computed.results[-1].result
    people = computed.population
    return {
        "kind": "need_projection",
        "source": {
            "projection_id": item.pk,
            "projection": item.name,
            "service": item.service,
            "scenario_id": scenario.pk if scenario is not None else None,
            "scenario": scenario.name if scenario is not None else None,
            "population": "SSB 14746 (hovedalternativet, MMMM)",
            "population_entered": sorted(f"{key} {year}" for key, year in people.entered),
            "coverage": item.sources,
            "demo": people.demo,
            "version": item.version,
            "scenario_version": scenario.version if scenario is not None else None,
        },
        "date": timezone.localdate().isoformat(),
        "inputs": {
            "base_year": item.base_year,
            "end_year": item.end_year,
            "age_groups": [
                {
                    "key": group.key,
                    "coverage": float(item.coverage[group.key]),
                    "population": [round(people.cells[group.key][year], 1) for year in people.years],
                }
                for group in people.groups
            ],
            "fte_per_user": float(item.fte_per_user),
            "cost_per_user": float(item.cost_per_user),
            "capacity_users": None if item.capacity_users is None else float(item.capacity_users),
            "capacity_fte": None if item.capacity_fte is None else float(item.capacity_fte),
            "budget": None if item.budget is None else float(item.budget),
            "adjustments": [dict(adjustment) for adjustment in (scenario.adjustments if scenario else [])],
        },
        "years": [int(year) for year in result.years],
        "users": _numbers(result.users, 1),
        "fte": _numbers(result.fte, 2),
        "cost": _numbers(result.cost, 0),
        "gap": {
            "users": _numbers(result.users_gap, 1),
            "fte": _numbers(result.fte_gap, 2),
            "cost": _numbers(result.cost_gap, 0),
        },
    }


#: The yearly figures of a projection snapshot that follow from its projected users (users × a unit figure).
_PER_USER = ("users", "fte", "cost")


def _hide_small_counts(snapshot: dict[str, Any]) -> dict[str, Any]:
    """``snapshot`` with every projected count of fewer people than the suppression threshold hidden.

    A year whose projected users are too few loses its users, årsverk, cost and gaps (the others are
    the users times a unit figure the snapshot shows, so they would give the count back); an age
    group's population below the threshold is hidden too. Hidden figures become ``None`` and the
    years are listed in ``suppressed_years``, so every place that draws the snapshot shows «:».
    """
    below = threshold()
    hidden = [i for i, users in enumerate(snapshot["users"]) if users is not None and users < below]
    for i in hidden:
        for key in _PER_USER:
            snapshot[key][i] = None
        for key in _PER_USER:
            if snapshot["gap"][key] is not None:
                snapshot["gap"][key][i] = None
    baseline = snapshot.get("baseline")
    if baseline:
        for i, users in enumerate(baseline["users"]):
            if users is not None and users < below:
                for key in _PER_USER:
                    baseline[key][i] = None
    for group in snapshot["inputs"]["age_groups"]:
        group["population"] = [None if p is not None and p < below else p for p in group["population"]]
    snapshot["suppressed_years"] = [snapshot["years"][i] for i in hidden]
    return snapshot


def projection_citation_snapshot(item: NeedProjection, scenario: ProjectionScenario | None = None) -> dict[str, Any]:
    """What a case keeps when it cites ``item`` (its baseline) or one of its scenarios.

    :func:`projection_snapshot` — source, date, inputs, the scenario's adjustments, yearly users,
    årsverk, cost and the gap to today's capacity and budget — with the layout's version, the
    baseline's yearly figures beside a scenario's (the chart draws both) and counts of too few people
    hidden (:func:`_hide_small_counts`), so no later reader sees a number suppression removed.
    Raises :class:`IncompleteProjectionError` when the projection cannot be computed.
    """
    if scenario is not None and scenario.projection_id != item.pk:
        raise ValueError("the scenario belongs to another projection")
    snapshot = projection_snapshot(scenario, projection=item)
    snapshot["version"] = SNAPSHOT_VERSION
    if scenario is not None:
        base = projection_snapshot(None, projection=item)
        snapshot["baseline"] = {key: base[key] for key in _PER_USER}
    return _hide_small_counts(snapshot)


@dataclass(frozen=True)
class BudgetHint:
    """What a need projection's baseline says a service costs in one year, and how far that is above
    (or below) the service's budget today: a hint beside a budget, never a budget itself."""

    projection: NeedProjection
    year: int
    cost: float
    #: Cost minus today's budget; None when the projection gives no budget.
    gap: float | None
    demo: bool

    @property
    def gap_size(self) -> float | None:
        return None if self.gap is None else abs(self.gap)


def budget_hints(municipality: Municipality, service_area_id: int | None, year: int) -> list[BudgetHint]:
    """The baseline cost in ``year`` of each of the service area's projections that reaches it."""
    if service_area_id is None:
        return []
    hints = []
    chosen = NeedProjection.objects.for_municipality(municipality).filter(
        service_area_id=service_area_id, base_year__lte=year, end_year__gte=year
    )
    for item in chosen:
        computed = compute(item, [])
        if not computed.complete:
            continue
        result = computed.results[0].result
        index = year - item.base_year
        gap = None if result.cost_gap is None else float(result.cost_gap[index])
        hints.append(BudgetHint(item, year, float(result.cost[index]), gap, computed.population.demo))
    return hints


@dataclass
class DashboardRow:
    """One indicator on a dashboard: its own series, latest value and target, and where the peers stood then."""

    definition: IndicatorDefinition
    series: list[Shown]
    target: IndicatorTarget | None
    #: (region, its value in the period of the latest own value) for the peers and the KOSTRA group.
    peers: list[tuple[str, Shown | None]]
    #: {region: {period: value}} for the charts (the own region and the KOSTRA group).
    cells: dict[str, dict[str, Shown]]

    @property
    def latest(self) -> Shown | None:
        return self.series[-1] if self.series else None

    @property
    def met(self) -> bool | None:
        return target_met(self.definition, self.latest, self.target)

    @property
    def demo(self) -> bool:
        return any(value.demo for value in self.series)


@dataclass
class Dashboard:
    """The figures of a dashboard: the rows, the regions compared and the KOSTRA group's code."""

    rows: list[DashboardRow]
    regions: list[str]
    kostra_group: str

    @property
    def demo(self) -> bool:
        return any(row.demo for row in self.rows)


def dashboard(municipality: Municipality, items: Sequence[IndicatorDefinition], *, compare: bool = True) -> Dashboard:
    """``items`` with the municipality's series, its target and (``compare``) where the peers stood.

    The table may hold every municipality's figures as region rows, so only what is shown is read,
    through the unique (municipality, definition, region, period) index: the targets first, then the
    own region's series (the trend) with the KOSTRA group's series of the indicators with a target
    (the charts, which draw the target line), then the peers' and the KOSTRA group's values in each
    indicator's latest own period. Without ``compare`` (the home page's key figures) the own series
    only. The rows are read without their dates (:func:`~.suppression.shown_rows`): no dashboard shows them.
    """
    group = PeerGroup.objects.for_municipality(municipality).first() if compare else None
    own = municipality.number
    regions = group.regions(own) if group else [own]
    kostra = group.kostra_group if group else ""
    targets = _targets(municipality)
    wanted = [item.pk for item in items]
    charted = [pk for pk in wanted if pk in targets]
    cells: dict[int, dict[str, dict[str, Shown]]] = {pk: {} for pk in wanted}
    values = IndicatorValue.objects.for_municipality(municipality).filter(definition_id__in=wanted)
    series = Q(region=own) | Q(region=kostra, definition_id__in=charted) if kostra and charted else Q(region=own)
    for value in shown_rows(values.filter(series).order_by("definition_id", "region", "period"), dated=False):
        cells[value.definition_id].setdefault(value.region, {})[value.period] = value
    latest = {pk: list(by_region[own])[-1] for pk, by_region in cells.items() if by_region.get(own)}
    others = [region for region in regions if region != own]
    if others and latest:
        # No order: the model's ordering would join the definitions for nothing.
        chosen = values.filter(region__in=others, period__in=set(latest.values())).order_by()
        for value in shown_rows(chosen, dated=False):
            if value.period == latest.get(value.definition_id):
                cells[value.definition_id].setdefault(value.region, {})[value.period] = value
    rows = []
    for item in items:
        by_region = cells[item.pk]
        own_series = list(by_region.get(own, {}).values())
        at = latest.get(item.pk)
        compared = [(region, by_region.get(region, {}).get(at) if at else None) for region in regions[1:]]
        rows.append(
            DashboardRow(
                item,
                own_series,
                current_target(targets.get(item.pk, []), own_series[-1] if own_series else None),
                compared,
                by_region,
            )
        )
    return Dashboard(rows, regions, kostra)


@dataclass
class Scope:
    """What a role's dashboard shows: the indicators, and (a leader's) the service areas they belong to."""

    items: list[IndicatorDefinition]
    areas: list[ServiceArea]


def leader_areas(municipality: Municipality, user: User) -> list[ServiceArea]:
    """A leader's service areas: those of the cases the leader has under way (no other link names them)."""
    ids = (
        Case.objects.for_municipality(municipality)
        .filter(created_by=user, archived=False, service_area__isnull=False)
        .values("service_area")
    )
    return list(ServiceArea.objects.for_municipality(municipality).filter(pk__in=ids))


def scope(municipality: Municipality, user: User, area: ServiceArea | None = None) -> Scope:
    """The indicators a role's dashboard shows.

    * The municipal director (and the administrator) see the whole health and care sector: every
      indicator the municipality reads.
    * A leader sees the national indicators (the sector's common figures, which name no service
      area) and their service areas' own: the area chosen, else those of the leader's cases.
    * A politician sees the key figures: those the municipality has set a target for (all when none has one).
    """
    items = definitions(municipality)
    if user.role == Role.LEADER:
        areas = [area] if area is not None else leader_areas(municipality, user)
        ids = {a.pk for a in areas}
        return Scope([item for item in items if item.service_area_id is None or item.service_area_id in ids], areas)
    if user.role == Role.POLITICIAN:
        targeted = set(IndicatorTarget.objects.for_municipality(municipality).values_list("definition_id", flat=True))
        return Scope([item for item in items if item.pk in targeted] or items, [])
    return Scope(items, [])


def indicator_import(municipality: Municipality, pk: int) -> IndicatorImport:
    """An upload of figures of the municipality, or 404 (another municipality's); without its file."""
    return get_object_or_404(
        IndicatorImport.objects.for_municipality(municipality).select_related("definition").defer("data"), pk=pk
    )


#: The KOSTRA coverage figures a projection's rates are usually taken from, and what turns their
#: unit into a share (per 1,000 → ÷ 1,000; per cent → ÷ 100).
COVERAGE_SOURCES = {"home_care_67_79": 1000, "home_care_80": 100, "nursing_home_80": 100}


@dataclass(frozen=True)
class CoverageHint:
    """The municipality's latest own value of a KOSTRA coverage figure, and the same as a share."""

    definition: IndicatorDefinition
    value: Shown
    share: float


def coverage_hints(municipality: Municipality) -> list[CoverageHint]:
    """The latest own value of each KOSTRA coverage figure the municipality has, as a share (0–1),
    shown beside the projection form's coverage fields (suppressed figures are left out)."""
    definitions = {
        item.pk: item for item in IndicatorDefinition.objects.filter(owner__isnull=True, key__in=COVERAGE_SOURCES)
    }
    latest: dict[int, Shown] = {}
    values = IndicatorValue.objects.for_municipality(municipality).filter(
        definition__in=definitions, region=municipality.number
    )
    for value in sorted(shown_all(values), key=lambda value: period_order(value.period)):
        if value.value is not None:
            latest[value.definition_id] = value
    return [
        CoverageHint(item, latest[pk], float(latest[pk].value or 0) / COVERAGE_SOURCES[item.key])
        for pk, item in sorted(definitions.items(), key=lambda pair: pair[1].order)
        if pk in latest
    ]


@dataclass
class ProjectionLine:
    """A need projection as a dashboard row: its baseline, and the open political cases of its service area."""

    computed: Computed
    cases: list[Case]

    @property
    def baseline(self) -> engine.Projection | None:
        return self.computed.results[0].result if self.computed.complete else None


def dashboard_projections(municipality: Municipality, user: User, areas: Sequence[ServiceArea]) -> list[ProjectionLine]:
    """The need projections a role's dashboard shows, each with its baseline computed.

    A leader's are those of the leader's service areas (and those of none); the director's and a
    politician's are all the municipality's. For a politician each names the political cases before
    the council in its service area, the cases the projection is the background for.
    """
    # Only the baseline is computed here: the scenarios are not read.
    items = list(NeedProjection.objects.for_municipality(municipality).select_related("service_area", "municipality"))
    if user.role == Role.LEADER:
        ids = {area.pk for area in areas}
        items = [item for item in items if item.service_area_id is None or item.service_area_id in ids]
    before: dict[int, list[Case]] = {}
    if user.role == Role.POLITICIAN:
        for case in (
            Case.objects.for_municipality(municipality)
            .filter(level=Level.POLITICAL, status=Status.OPEN, archived=False, service_area__isnull=False)
            .order_by("created_at", "id")
        ):
            before.setdefault(case.service_area_id, []).append(case)
    return [
        ProjectionLine(
            compute(item, scenarios=[]), before.get(item.service_area_id, []) if item.service_area_id else []
        )
        for item in items
    ]


# Citations ---------------------------------------------------------------------------------------

#: The snapshot's layout; a later layout keeps reading the earlier ones.
SNAPSHOT_VERSION = 1


def comparison_regions(municipality: Municipality) -> list[str]:
    """The municipality's own code, its peers' and its KOSTRA group's, as the series pages show them."""
    group = PeerGroup.objects.for_municipality(municipality).first()
    return group.regions(municipality.number) if group else [municipality.number]


def citation_snapshot(
    municipality: Municipality,
    item: IndicatorDefinition,
    regions: Sequence[str],
    first: str = "",
    last: str = "",
) -> dict[str, Any]:
    """The figures of ``item`` for ``regions`` and the periods from ``first`` to ``last`` (either may be
    empty: open-ended), exactly as the series page shows them — status symbols kept, small cells already
    hidden — with the names, source and dates needed to show them again without the live values.

    Values are written as text, so a decimal comes back as it was cited.
    """
    data = series(municipality, item)
    chosen = [region for region in data.regions if region in set(regions)]
    start, stop = period_order(first), period_order(last)
    periods = [
        p for p in data.periods if (not first or period_order(p) >= start) and (not last or period_order(p) <= stop)
    ]
    cells: dict[str, dict[str, dict[str, str | None]]] = {}
    updated: datetime.datetime | None = None
    demo = False
    for region in chosen:
        for period in periods:
            value = data.cells[region].get(period)
            if value is None:
                continue
            shown = None if value.value is None else str(value.value)
            cells.setdefault(region, {})[period] = {"value": shown, "status": value.status}
            if value.updated_at is not None and (updated is None or value.updated_at > updated):
                updated = value.updated_at
            demo = demo or value.demo
    periods = [p for p in periods if any(p in cells.get(region, {}) for region in chosen)]
    target = target_for(data.targets, periods[-1]) if periods else None
    names = region_names(municipality, chosen)
    return {
        "version": SNAPSHOT_VERSION,
        "key": item.key,
        "names": {"nb": item.name_nb, "nn": item.name_nn, "en": item.name_en},
        "unit": item.unit,
        "decimals": item.decimals,
        "higher_is_better": item.higher_is_better,
        "source": item.source,
        "ssb_table": item.ssb_table,
        "ssb_content_code": item.ssb_content_code,
        "own": municipality.number,
        "regions": [{"code": region, "name": names[region]} for region in chosen],
        "periods": periods,
        "cells": cells,
        "target": {"period": periods[-1], "value": str(target.value)} if target else None,
        "updated": updated.isoformat() if updated else None,
        "demo": demo,
    }


def citations_of(case: Case) -> QuerySet[Citation]:
    return Citation.objects.filter(case=case, municipality_id=case.municipality_id).select_related("created_by")


def get_citation(case: Case, pk: int) -> Citation:
    """The case's citation (DoesNotExist for another case's or municipality's)."""
    return citations_of(case).get(pk=pk)


def newer_figures(citations: Sequence[Citation]) -> set[int]:
    """The ids of the citations whose figures have changed or grown since they were cited.

    A cited need projection is newer when the projection or its scenario has been saved since (a
    later version), or its population figures have been updated since the day it was cited.
    Otherwise newer means a value of the cited indicator and regions updated after the snapshot's date, or a
    period after the last one cited: the case then says so, and the snapshot stays as it was.
    """
    out = set()
    for citation in citations:
        snapshot = citation.snapshot
        if citation.kind == CitationKind.PROJECTION:
            if _projection_changed(citation):
                out.add(citation.pk)
            continue
        if citation.definition_id is None or not snapshot.get("periods"):
            continue
        values = IndicatorValue.objects.filter(
            municipality_id=citation.municipality_id,
            definition_id=citation.definition_id,
            region__in=[region["code"] for region in snapshot["regions"]],
        )
        changed = Q(period__gt=snapshot["periods"][-1])
        if snapshot.get("updated"):
            changed |= Q(updated_at__gt=datetime.datetime.fromisoformat(snapshot["updated"]))
        if values.filter(changed).exists():
            out.add(citation.pk)
    return out


def _projection_changed(citation: Citation) -> bool:
    """Whether the cited projection (or scenario) has changed since: a later version or newer population."""
    source = citation.snapshot.get("source") or {}
    item = NeedProjection.objects.for_municipality(citation.municipality_id).filter(pk=source.get("projection_id"))
    current = item.values_list("version", flat=True).first()
    if current is None:
        return False  # removed since: nothing newer to cite
    if current != source.get("version"):
        return True
    if source.get("scenario_id") is not None:
        scenario = ProjectionScenario.objects.filter(pk=source["scenario_id"], projection_id=source["projection_id"])
        version = scenario.values_list("version", flat=True).first()
        if version is not None and version != source.get("scenario_version"):
            return True
    cited = datetime.date.fromisoformat(citation.snapshot["date"]) if citation.snapshot.get("date") else None
    if cited is None:
        return False
    keys = [group.definition_key for group in AGE_GROUPS]
    return (
        IndicatorValue.objects.for_municipality(citation.municipality_id)
        .filter(definition__owner__isnull=True, definition__key__in=keys, updated_at__date__gt=cited)
        .exists()
    )


def cited_projection(municipality: Municipality, snapshot: dict[str, Any]) -> NeedProjection | None:
    """The projection a snapshot was cited from, if it is still there (for a link to it today)."""
    source = snapshot.get("source") or {}
    return NeedProjection.objects.for_municipality(municipality).filter(pk=source.get("projection_id")).first()
