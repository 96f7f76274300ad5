"""Need projections: population by age × coverage by age → users, årsverk and cost per year.

The figure a municipality's plan starts with (docs/methods.md §10f). For every year ``t`` of the
plan period and every age group ``g``:

* users ``U[g, t] = P[g, t] × r[g, t]``, where ``P`` is the population (SSB's projection) and ``r``
  the coverage rate, the share of the age group that uses the service (KOSTRA or own data);
* årsverk ``F[t] = U[t] × f[t]`` and cost ``C[t] = U[t] × c[t]``, with ``f`` årsverk per user and
  ``c`` cost per user (base-year kroner);
* the gap to today's capacity and budget: ``U[t] − K``, ``F[t] − A``, ``C[t] − B``; above zero, the
  projection needs more than there is today.

Without adjustments ``r``, ``f`` and ``c`` stay at their base-year values. Each of a scenario's
adjustments (:class:`Adjustment`) moves one of them over time, along a linear ramp from
``from_year`` ``s`` (default: the base year) to ``by_year`` ``T`` (default: the end year),
``ramp(t) = clip((t − s) / (T − s), 0, 1)`` (a step at ``T`` when ``s = T``):

* :attr:`AdjustmentKind.COVERAGE` adds ``amount × ramp(t)`` to the coverage of its age groups (all
  when none are named): ``−0.02`` is «two percentage points lower by ``by_year``». Several add up;
  the rate is then held within 0–1, so users are never negative;
* :attr:`AdjustmentKind.FTE_PER_USER` and :attr:`AdjustmentKind.COST_PER_USER` multiply årsverk or
  cost per user by ``1 + amount × ramp(t)``: ``−0.05`` is «5 % fewer årsverk per user by ``by_year``»;
* :attr:`AdjustmentKind.COST_GROWTH` multiplies cost per user by ``(1 + amount) ** ((T − s) × ramp(t))``:
  real growth of ``amount`` a year, compounded, from ``s`` until ``T``.

Pure and cheap (a few age groups × a few decades of years), so the web computes it in the request.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np

from .measures import FloatArray, IntArray
from .problems import Code, InputError, Problem

#: The longest plan period a projection covers (SSB projects to 2050 and beyond, plans to 2040).
MAX_YEARS = 60


class AdjustmentKind(StrEnum):
    """What a scenario's adjustment changes (the value is stable: it is stored)."""

    COVERAGE = "coverage"
    FTE_PER_USER = "fte_per_user"
    COST_PER_USER = "cost_per_user"
    COST_GROWTH = "cost_growth"


@dataclass(frozen=True)
class Adjustment:
    """One documented change of a scenario (see the module's formulas).

    ``amount`` is a share: percentage points as a share of the age group for coverage (``−0.02``),
    a relative change for årsverk or cost per user (``−0.05``), a yearly rate for cost growth
    (``0.01``). ``groups`` are indices into the age groups (coverage only; empty: every group).
    """

    kind: AdjustmentKind
    amount: float
    by_year: int | None = None
    from_year: int | None = None
    groups: tuple[int, ...] = ()


@dataclass(frozen=True)
class ProjectionInput:
    """What a projection is computed from.

    ``population`` has one row per age group and one column per year from ``base_year`` to
    ``end_year``; ``coverage`` one share (0–1) per age group. The capacities are optional: without
    one there is no gap for it.
    """

    base_year: int
    end_year: int
    population: FloatArray
    coverage: FloatArray
    fte_per_user: float
    cost_per_user: float
    capacity_users: float | None = None
    capacity_fte: float | None = None
    budget: float | None = None

    @classmethod
    def build(
        cls,
        base_year: int,
        end_year: int,
        population: Sequence[Sequence[float]] | FloatArray,
        coverage: Sequence[float] | FloatArray,
        *,
        fte_per_user: float,
        cost_per_user: float,
        capacity_users: float | None = None,
        capacity_fte: float | None = None,
        budget: float | None = None,
    ) -> ProjectionInput:
        """Validate everything and report every problem at once (:class:`InputError`)."""
        problems: list[Problem] = []
        if not (end_year >= base_year and end_year - base_year < MAX_YEARS):
            problems.append(Problem(Code.PROJECTION_YEARS, {"first": base_year, "last": end_year, "most": MAX_YEARS}))
        rates = np.asarray(coverage, dtype=np.float64).reshape(-1)
        people = np.asarray(population, dtype=np.float64)
        years = max(0, end_year - base_year + 1)
        shaped = people.ndim == 2 and people.shape == (len(rates), years)
        if not (shaped and np.all(np.isfinite(people)) and np.all(people >= 0)):
            problems.append(Problem(Code.PROJECTION_POPULATION, {"groups": len(rates), "years": years}))
        for group, rate in enumerate(rates.tolist()):
            if not (math.isfinite(rate) and 0 <= rate <= 1):
                problems.append(Problem(Code.PROJECTION_RATE, {"group": group + 1, "value": rate}))
        for amount in (fte_per_user, cost_per_user, capacity_users, capacity_fte, budget):
            if amount is not None and not (math.isfinite(amount) and amount >= 0):
                problems.append(Problem(Code.PROJECTION_UNIT, {"value": float(amount)}))
        if problems:
            raise InputError(problems)
        return cls(
            base_year,
            end_year,
            people,
            rates,
            float(fte_per_user),
            float(cost_per_user),
            capacity_users,
            capacity_fte,
            budget,
        )

    @property
    def years(self) -> IntArray:
        return np.arange(self.base_year, self.end_year + 1, dtype=np.int64)


@dataclass(frozen=True)
class Projection:
    """The projected figures per year (arrays over :attr:`years`; by group: one row per age group)."""

    years: IntArray
    coverage: FloatArray
    users_by_group: FloatArray
    users: FloatArray
    fte_per_user: FloatArray
    cost_per_user: FloatArray
    fte: FloatArray
    cost: FloatArray
    #: Projection minus today's capacity (places or users), årsverk and budget; None without one.
    users_gap: FloatArray | None
    fte_gap: FloatArray | None
    cost_gap: FloatArray | None


def ramp(years: IntArray, start: int, stop: int) -> FloatArray:
    """0 up to ``start``, rising linearly to 1 at ``stop`` and 1 after (a step at ``stop`` when they meet)."""
    if stop <= start:
        return (years >= stop).astype(np.float64)
    return np.clip((years - start) / (stop - start), 0.0, 1.0).astype(np.float64)


def _check(inputs: ProjectionInput, adjustments: Sequence[Adjustment]) -> None:
    problems = []
    groups = len(inputs.coverage)
    for number, adjustment in enumerate(adjustments, start=1):
        start = inputs.base_year if adjustment.from_year is None else adjustment.from_year
        stop = inputs.end_year if adjustment.by_year is None else adjustment.by_year
        amount = adjustment.amount
        lowest = -1.0 if adjustment.kind != AdjustmentKind.COST_GROWTH else -0.99
        wrong = (
            not math.isfinite(amount)
            or stop < start
            or any(not 0 <= g < groups for g in adjustment.groups)
            or (adjustment.kind == AdjustmentKind.COVERAGE and not -1 <= amount <= 1)
            or (adjustment.kind != AdjustmentKind.COVERAGE and amount < lowest)
            or (adjustment.kind != AdjustmentKind.COVERAGE and adjustment.groups)
        )
        if wrong:
            problems.append(Problem(Code.PROJECTION_ADJUSTMENT, {"number": number}))
    if problems:
        raise InputError(problems)


def project(inputs: ProjectionInput, adjustments: Sequence[Adjustment] = ()) -> Projection:
    """Users, årsverk and cost per year under ``adjustments`` (none: the base year's rates held)."""
    _check(inputs, adjustments)
    years = inputs.years
    coverage = np.repeat(inputs.coverage[:, None], len(years), axis=1)
    fte_factor = np.ones(len(years))
    cost_factor = np.ones(len(years))
    for adjustment in adjustments:
        start = inputs.base_year if adjustment.from_year is None else adjustment.from_year
        stop = inputs.end_year if adjustment.by_year is None else adjustment.by_year
        share = ramp(years, start, stop)
        if adjustment.kind == AdjustmentKind.COVERAGE:
            rows = list(adjustment.groups) or list(range(len(inputs.coverage)))
            coverage[rows, :] += adjustment.amount * share
        elif adjustment.kind == AdjustmentKind.FTE_PER_USER:
            fte_factor *= 1 + adjustment.amount * share
        elif adjustment.kind == AdjustmentKind.COST_PER_USER:
            cost_factor *= 1 + adjustment.amount * share
        else:
            cost_factor *= (1 + adjustment.amount) ** ((stop - start) * share)
    coverage = np.clip(coverage, 0.0, 1.0)
    by_group = inputs.population * coverage
    users = by_group.sum(axis=0)
    fte_per_user = inputs.fte_per_user * fte_factor
    cost_per_user = inputs.cost_per_user * cost_factor
    fte, cost = users * fte_per_user, users * cost_per_user

    def gap(projected: FloatArray, today: float | None) -> FloatArray | None:
        return None if today is None else projected - float(today)

    return Projection(
        years=years,
        coverage=coverage,
        users_by_group=by_group,
        users=users,
        fte_per_user=fte_per_user,
        cost_per_user=cost_per_user,
        fte=fte,
        cost=cost,
        users_gap=gap(users, inputs.capacity_users),
        fte_gap=gap(fte, inputs.capacity_fte),
        cost_gap=gap(cost, inputs.budget),
    )
