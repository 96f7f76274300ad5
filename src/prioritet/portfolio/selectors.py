"""Reads of the portfolio app, every one scoped to a municipality or to one portfolio.

Other apps (reports, API) read portfolios through this module:

* :func:`portfolio_for_case`, :func:`get_portfolio`, :func:`portfolios_for`: the portfolio rows;
* :func:`portfolio_data`: the measures, amounts, budget and weights, converted to the engine's
  :class:`~prioritet.engine.Measures` (the single conversion);
* :func:`optimum`, :func:`frontier`, :func:`robustness`: the engine's answers, cached
  (:mod:`prioritet.portfolio.analysis`); :func:`page_optimum` and :func:`page_frontier`: the same as
  the workspace reads them, a large portfolio's stored by a background task (pending until they are);
* :func:`scenarios_of`, :func:`check_selection`, :func:`check_scenario`, :func:`compare_scenarios`:
  scenarios with their value, cost per column, broken rules and what each leaves out.

None of these writes, except that :func:`portfolio_data` makes the municipality's first weight
version (equal weights) if it has none, as every analysis in Prioritet does.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from prioritet.accounts.tenancy import get_for_municipality_or_404
from prioritet.cases.models import Case
from prioritet.core.columns import ColumnName

from . import policy
from .analysis import (
    Frontier,
    FrontierStep,
    Inclusion,
    Optimum,
    RobustnessResult,
    RobustnessStatus,
    default_frontier_column,
    frontier,
    frontier_columns,
    inclusion,
    measure_values,
    optimum,
    page_frontier,
    page_optimum,
    robustness,
)
from .conversion import (
    PortfolioData,
    active_measures,
    build_measures,
    engine_measures,
    portfolio_data,
    resource_columns,
)
from .models import DEFAULT_COLUMNS, Measure, MeasureImport, Portfolio, ResourceColumn, Scenario

__all__ = [
    "ComparedScenario",
    "Comparison",
    "Frontier",
    "FrontierStep",
    "Inclusion",
    "Optimum",
    "PortfolioData",
    "RobustnessResult",
    "RobustnessStatus",
    "SelectionCheck",
    "active_measures",
    "build_measures",
    "cases_for_portfolios",
    "check_scenario",
    "check_selection",
    "compare_scenarios",
    "default_frontier_column",
    "engine_measures",
    "frontier",
    "frontier_columns",
    "get_measure",
    "get_portfolio",
    "get_scenario",
    "inclusion",
    "left_out_by_severity",
    "measure_values",
    "optimum",
    "page_frontier",
    "page_optimum",
    "portfolio_data",
    "portfolio_for_case",
    "portfolios_for",
    "resource_columns",
    "robustness",
    "scenario_budget",
    "scenarios_of",
]


# Portfolios and their rows -----------------------------------------------------------------------


def portfolios_for(municipality) -> QuerySet[Portfolio]:
    """The municipality's portfolios, newest first, with their cases."""
    return Portfolio.objects.for_municipality(municipality).select_related("case", "case__service_area")


def cases_for_portfolios(municipality, *, archived: bool = False) -> QuerySet[Case]:
    """Service-level and political-level cases of the municipality (those that can have a portfolio)."""
    return (
        Case.objects.for_municipality(municipality)
        .filter(level__in=policy.PORTFOLIO_LEVELS, archived=archived)
        .select_related("service_area", "portfolio")
        .order_by("-created_at", "-id")
    )


def get_portfolio(municipality, pk: int) -> Portfolio:
    """The portfolio, or 404 when it belongs to another municipality (or does not exist)."""
    return get_for_municipality_or_404(
        Portfolio.objects.select_related("case", "case__service_area", "municipality"), municipality, pk=pk
    )


def measure_import(portfolio: Portfolio, pk: int) -> MeasureImport:
    """A background import of the portfolio, or 404 (another portfolio's, or another municipality's)."""
    return get_object_or_404(
        MeasureImport.objects.for_municipality(portfolio.municipality).defer("data"), portfolio=portfolio, pk=pk
    )


def portfolio_for_case(case: Case) -> Portfolio | None:
    """The case's portfolio, if it has one."""
    return Portfolio.objects.filter(case=case, municipality_id=case.municipality_id).first()


def get_measure(portfolio: Portfolio, pk: int) -> Measure:
    """A measure of this portfolio (archived ones too), else 404."""
    return get_object_or_404(Measure.objects.select_related("requires"), portfolio=portfolio, pk=pk)


def scenarios_of(portfolio: Portfolio, *, include_archived: bool = False) -> list[Scenario]:
    """The portfolio's scenarios in the order they were made, with their selected measures loaded."""
    qs = portfolio.scenarios.all() if include_archived else portfolio.scenarios.filter(archived=False)
    return list(qs.select_related("created_by").prefetch_related("measures").order_by("created_at", "id"))


def get_scenario(portfolio: Portfolio, pk: int) -> Scenario:
    """A scenario of this portfolio, else 404."""
    return get_object_or_404(
        Scenario.objects.select_related("created_by").prefetch_related("measures"), portfolio=portfolio, pk=pk
    )


def scenario_budget(scenario: Scenario) -> dict[str, float]:
    """The scenario's budget snapshot as the engine's limits ({column key: amount}, limits only)."""
    out: dict[str, float] = {}
    for key, amount in (scenario.budget or {}).items():
        if amount in (None, ""):
            continue
        try:
            out[key] = float(Decimal(str(amount)))
        except (InvalidOperation, ValueError):
            continue
    return out


# Scenario checks and comparison ---------------------------------------------------------------------


def left_out_by_severity(measures: Iterable[Measure], values: dict[str, float] | None = None) -> list[Measure]:
    """Measures in the order the consequence of leaving them out matters: most severe first."""
    values = values or {}
    return sorted(measures, key=lambda m: (-m.severity, -values.get(m.code, 0.0), m.position, m.pk))


@dataclass(frozen=True)
class SelectionCheck:
    """A selection of measures held against the portfolio's rules, with its value and costs.

    ``missing_mandatory`` are the mandatory measures left out, and the measures a mandatory one
    requires (the legal floor: such a selection is never saved). Over-budget, group and *requires*
    breaks are shown, not refused: a political alternative may deliberately spend more.
    """

    selected: tuple[Measure, ...]
    value: float
    #: {column key: amount used by the selected measures}, every column.
    used: dict[str, float]
    #: {column key: limit}, the columns that have one.
    budget: dict[str, float]
    #: {column key: amount over the limit}.
    over: dict[str, float]
    #: (group, the selected measures in it) for every group with more than one selected.
    group_conflicts: tuple[tuple[str, tuple[Measure, ...]], ...]
    #: (selected measure, the measure it requires that is not selected).
    broken_requires: tuple[tuple[Measure, Measure], ...]
    missing_mandatory: tuple[Measure, ...]
    #: Active measures not selected, most severe consequence first.
    left_out: tuple[Measure, ...]
    #: Selected measures that have been archived since (they count in nothing above).
    archived: tuple[Measure, ...] = ()
    values: dict[str, float] = field(default_factory=dict)

    @property
    def breaks_rules(self) -> bool:
        return bool(self.over or self.group_conflicts or self.broken_requires or self.missing_mandatory)

    @property
    def can_be_saved(self) -> bool:
        """Forsvarlighet is the floor: no selection without every mandatory measure is saved."""
        return not self.missing_mandatory

    @property
    def selected_codes(self) -> frozenset[str]:
        return frozenset(m.code for m in self.selected)


def check_selection(data: PortfolioData, selected: Iterable[Measure | int], budget: dict[str, float]) -> SelectionCheck:
    """Hold ``selected`` (measures or their pks) against ``budget`` and the portfolio's rules."""
    chosen_pks = {m.pk if isinstance(m, Measure) else int(m) for m in selected}
    rows = data.rows
    active = [m for m in rows if m.pk in chosen_pks]
    archived_pks = chosen_pks - {m.pk for m in rows}
    archived = tuple(Measure.objects.filter(pk__in=archived_pks).order_by("position", "id")) if archived_pks else ()
    values = measure_values(data)
    used = {c.key: sum(data.amount(m, c) for m in active) for c in data.columns}
    over = {key: used.get(key, 0.0) - limit for key, limit in budget.items() if used.get(key, 0.0) > limit + 1e-9}
    groups: dict[str, list[Measure]] = {}
    for m in active:
        if m.group:
            groups.setdefault(m.group, []).append(m)
    by_pk = {m.pk: m for m in rows}
    broken = []
    for m in active:
        if m.requires_id and m.requires_id not in chosen_pks:
            target = by_pk.get(m.requires_id) or Measure.objects.get(pk=m.requires_id)
            broken.append((m, target))
    forced = _forced(data)
    return SelectionCheck(
        selected=tuple(active),
        value=sum(values.get(m.code, 0.0) for m in active),
        used=used,
        budget=dict(budget),
        over=over,
        group_conflicts=tuple((g, tuple(ms)) for g, ms in groups.items() if len(ms) > 1),
        broken_requires=tuple(broken),
        missing_mandatory=tuple(m for m in rows if m.pk in forced and m.pk not in chosen_pks),
        left_out=tuple(left_out_by_severity((m for m in rows if m.pk not in chosen_pks), values)),
        archived=archived,
        values=values,
    )


def _forced(data: PortfolioData) -> set[int]:
    """Pks of the mandatory measures and of everything they require, directly or through others."""
    by_pk = {m.pk: m for m in data.rows}
    forced: set[int] = set()
    stack = [m.pk for m in data.rows if m.mandatory]
    while stack:
        pk = stack.pop()
        if pk in forced:
            continue
        forced.add(pk)
        target = by_pk.get(pk)
        if target is not None and target.requires_id and target.requires_id in by_pk:
            stack.append(target.requires_id)
    return forced


def check_scenario(data: PortfolioData, scenario: Scenario) -> SelectionCheck:
    """A scenario's selection held against its own budget snapshot and the portfolio's rules."""
    return check_selection(data, scenario.measures.all(), scenario_budget(scenario))


@dataclass(frozen=True)
class ComparedScenario:
    scenario: Scenario
    check: SelectionCheck


@dataclass(frozen=True)
class Comparison:
    """Scenarios side by side: a row per measure (selected in which), and each scenario's check."""

    scenarios: tuple[ComparedScenario, ...]
    #: (measure, [selected in scenario k]) for every active measure, then archived ones still selected.
    rows: tuple[tuple[Measure, tuple[bool, ...]], ...]
    #: Column keys that any scenario's budget or any measure uses, in column order.
    columns: tuple[str, ...]


def compare_scenarios(data: PortfolioData, scenarios: Sequence[Scenario]) -> Comparison:
    """Value, cost per column, broken rules and what each leaves out, for ``scenarios`` side by side."""
    compared = tuple(ComparedScenario(s, check_scenario(data, s)) for s in scenarios)
    selections = [{m.pk for m in s.measures.all()} for s in scenarios]
    measures = list(data.rows)
    seen = {m.pk for m in measures}
    for c in compared:
        for m in c.check.archived:
            if m.pk not in seen:
                measures.append(m)
                seen.add(m.pk)
    rows = tuple((m, tuple(m.pk in chosen for chosen in selections)) for m in measures)
    return Comparison(scenarios=compared, rows=rows, columns=tuple(c.key for c in data.columns))


def column_names(municipality_id: int) -> dict[str, ColumnName]:
    """The municipality's resource columns by key, as other apps name their amounts (the portfolio's
    ``column_names`` source, :mod:`prioritet.core.columns`). The default columns have their words
    before the first portfolio makes them: the key ``cost_nok`` is «Kostnad» everywhere."""
    names = {key: ColumnName(key, gettext(label), gettext(unit)) for key, label, unit in DEFAULT_COLUMNS}
    for column in ResourceColumn.objects.filter(municipality_id=municipality_id).only("key", "label", "unit"):
        names[column.key] = ColumnName(column.key, column.label, column.unit)
    return names
