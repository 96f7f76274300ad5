"""Need projections: a small example computed by hand, the refusals, and the formulas' properties
(no adjustment is population × rate exactly, users scale with the population, coverage never goes
below zero, the gap is the projection minus today's capacity)."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from prioritet.engine import Adjustment, AdjustmentKind, Code, ProjectionInput, project
from prioritet.engine.projection import ramp

from .refusals import refused

# Two age groups over 2025–2027:
#   67–79: 1 000, 1 100, 1 200 inhabitants, 10 % use the service
#   80+:     500,   550,   600 inhabitants, 30 % use it
# 0.5 årsverk and 400 000 kr per user; today 250 places, 120 årsverk and 100 million kr.
SMALL = ProjectionInput.build(
    2025,
    2027,
    [[1000, 1100, 1200], [500, 550, 600]],
    [0.1, 0.3],
    fte_per_user=0.5,
    cost_per_user=400_000,
    capacity_users=250,
    capacity_fte=120,
    budget=100_000_000,
)


def test_the_small_example_without_adjustments_by_hand() -> None:
    """Users 100 + 150 = 250, 110 + 165 = 275, 120 + 180 = 300; årsverk half of that; cost × 400 000."""
    result = project(SMALL)
    assert result.years.tolist() == [2025, 2026, 2027]
    assert result.users.tolist() == [250, 275, 300]
    assert result.users_by_group.tolist() == [[100, 110, 120], [150, 165, 180]]
    assert result.fte.tolist() == [125, 137.5, 150]
    assert result.cost.tolist() == [100_000_000, 110_000_000, 120_000_000]
    assert result.users_gap is not None
    assert result.users_gap.tolist() == [0, 25, 50]
    assert result.fte_gap is not None
    assert result.fte_gap.tolist() == [5, 17.5, 30]
    assert result.cost_gap is not None
    assert result.cost_gap.tolist() == [0, 10_000_000, 20_000_000]


def test_the_small_example_with_a_scenario_by_hand() -> None:
    """80+ coverage falls 2 points by 2027 (0.30, 0.29, 0.28): 80+ users 150, 159.5, 168, in all
    250, 269.5, 288. Cost per user grows 1 % a year: 400 000, 404 000, 408 040 → 100 000 000,
    108 878 000, 117 515 520. Årsverk per user falls 5 % by 2027: 0.5, 0.4875, 0.475 → 125,
    131.38125, 136.8."""
    result = project(
        SMALL,
        [
            Adjustment(AdjustmentKind.COVERAGE, -0.02, by_year=2027, groups=(1,)),
            Adjustment(AdjustmentKind.COST_GROWTH, 0.01),
            Adjustment(AdjustmentKind.FTE_PER_USER, -0.05, by_year=2027),
        ],
    )
    np.testing.assert_allclose(result.coverage, [[0.1, 0.1, 0.1], [0.3, 0.29, 0.28]])
    np.testing.assert_allclose(result.users, [250, 269.5, 288])
    np.testing.assert_allclose(result.cost_per_user, [400_000, 404_000, 408_040])
    np.testing.assert_allclose(result.cost, [100_000_000, 108_878_000, 117_515_520])
    np.testing.assert_allclose(result.fte, [125, 131.38125, 136.8])
    assert result.users_gap is not None
    np.testing.assert_allclose(result.users_gap, [0, 19.5, 38])


def test_a_ramp_starts_after_its_from_year_and_holds_after_its_by_year() -> None:
    years = np.arange(2024, 2031)
    assert ramp(years, 2025, 2029).tolist() == [0, 0, 0.25, 0.5, 0.75, 1, 1]
    assert ramp(years, 2027, 2027).tolist() == [0, 0, 0, 1, 1, 1, 1]


def test_a_relative_change_of_cost_per_user_and_no_capacities_give_no_gaps() -> None:
    inputs = ProjectionInput.build(2025, 2026, [[100, 100]], [0.5], fte_per_user=1, cost_per_user=10)
    result = project(inputs, [Adjustment(AdjustmentKind.COST_PER_USER, 0.1)])
    np.testing.assert_allclose(result.cost, [500, 550])
    assert result.users_gap is None
    assert result.fte_gap is None
    assert result.cost_gap is None


def test_a_rate_above_one_years_out_of_order_and_a_wrong_population_are_refused_together() -> None:
    with refused(Code.PROJECTION_YEARS, Code.PROJECTION_POPULATION, Code.PROJECTION_RATE) as excinfo:
        ProjectionInput.build(2030, 2025, [[1, 2]], [1.2], fte_per_user=1, cost_per_user=1)
    assert excinfo.value.problems[2].params == {"group": 1, "value": 1.2}


def test_negative_population_and_negative_units_are_refused() -> None:
    with refused(Code.PROJECTION_POPULATION, Code.PROJECTION_UNIT, Code.PROJECTION_UNIT):
        ProjectionInput.build(2025, 2025, [[-1]], [0.1], fte_per_user=-1, cost_per_user=1, budget=-5)


def test_an_adjustment_out_of_range_is_refused_by_its_number() -> None:
    bad = [
        Adjustment(AdjustmentKind.COVERAGE, -0.02),
        Adjustment(AdjustmentKind.COVERAGE, -0.02, groups=(5,)),
        Adjustment(AdjustmentKind.FTE_PER_USER, -1.5),
        Adjustment(AdjustmentKind.COST_GROWTH, 0.01, from_year=2027, by_year=2026),
        Adjustment(AdjustmentKind.COST_PER_USER, 0.1, groups=(0,)),
    ]
    with refused(*[Code.PROJECTION_ADJUSTMENT] * 4) as excinfo:
        project(SMALL, bad)
    assert [p.params["number"] for p in excinfo.value.problems] == [2, 3, 4, 5]


# Properties -------------------------------------------------------------------------------------

GROUPS = st.integers(1, 4)
YEARS = st.integers(1, 16)
PEOPLE = st.floats(0, 50_000, allow_nan=False)
RATE = st.floats(0, 1, allow_nan=False)


@st.composite
def inputs(draw: st.DrawFn) -> ProjectionInput:
    groups, years = draw(GROUPS), draw(YEARS)
    base = draw(st.integers(2020, 2030))
    return ProjectionInput.build(
        base,
        base + years - 1,
        [draw(st.lists(PEOPLE, min_size=years, max_size=years)) for _ in range(groups)],
        draw(st.lists(RATE, min_size=groups, max_size=groups)),
        fte_per_user=draw(st.floats(0, 3, allow_nan=False)),
        cost_per_user=draw(st.floats(0, 2_000_000, allow_nan=False)),
        capacity_users=draw(st.none() | st.floats(0, 50_000, allow_nan=False)),
        capacity_fte=draw(st.none() | st.floats(0, 50_000, allow_nan=False)),
        budget=draw(st.none() | st.floats(0, 1e9, allow_nan=False)),
    )


@st.composite
def adjustments(draw: st.DrawFn, projection: ProjectionInput) -> list[Adjustment]:
    groups = len(projection.coverage)
    out = []
    for _ in range(draw(st.integers(0, 4))):
        kind = draw(st.sampled_from(list(AdjustmentKind)))
        start = draw(st.integers(projection.base_year - 2, projection.end_year))
        stop = draw(st.integers(start, projection.end_year + 2))
        if kind == AdjustmentKind.COVERAGE:
            chosen = draw(st.lists(st.integers(0, groups - 1), unique=True, max_size=groups))
            out.append(Adjustment(kind, draw(st.floats(-1, 1)), stop, start, tuple(chosen)))
        else:
            out.append(Adjustment(kind, draw(st.floats(-0.9, 0.5)), stop, start))
    return out


@given(inputs())
def test_without_adjustments_users_are_population_times_rate_exactly(projection: ProjectionInput) -> None:
    result = project(projection)
    assert np.array_equal(result.users_by_group, projection.population * projection.coverage[:, None])
    assert np.array_equal(result.users, result.users_by_group.sum(axis=0))
    assert np.all(result.fte_per_user == projection.fte_per_user)
    assert np.all(result.cost_per_user == projection.cost_per_user)


@given(st.data(), st.floats(0, 10, allow_nan=False))
def test_scaling_the_population_scales_users_årsverk_and_cost(data: st.DataObject, factor: float) -> None:
    projection = data.draw(inputs())
    changes = data.draw(adjustments(projection))
    scaled = ProjectionInput.build(
        projection.base_year,
        projection.end_year,
        projection.population * factor,
        projection.coverage,
        fte_per_user=projection.fte_per_user,
        cost_per_user=projection.cost_per_user,
    )
    before, after = project(projection, changes), project(scaled, changes)
    np.testing.assert_allclose(after.users, before.users * factor, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(after.fte, before.fte * factor, rtol=1e-9, atol=1e-6)
    np.testing.assert_allclose(after.cost, before.cost * factor, rtol=1e-9, atol=1e-3)


@given(st.data())
def test_no_adjustment_makes_coverage_leave_zero_to_one_or_users_negative(data: st.DataObject) -> None:
    projection = data.draw(inputs())
    result = project(projection, data.draw(adjustments(projection)))
    assert np.all((result.coverage >= 0) & (result.coverage <= 1))
    assert np.all(result.users >= 0)
    assert np.all(result.users_by_group <= projection.population + 1e-9)
    assert np.all(result.fte >= 0)
    assert np.all(result.cost >= 0)


@given(st.data())
def test_the_gap_is_the_projection_minus_todays_capacity(data: st.DataObject) -> None:
    projection = data.draw(inputs())
    result = project(projection, data.draw(adjustments(projection)))
    for gap, projected, today in (
        (result.users_gap, result.users, projection.capacity_users),
        (result.fte_gap, result.fte, projection.capacity_fte),
        (result.cost_gap, result.cost, projection.budget),
    ):
        if today is None:
            assert gap is None
        else:
            assert gap is not None
            assert np.array_equal(gap, projected - today)


@given(st.data())
def test_an_adjustment_changes_nothing_before_its_from_year(data: st.DataObject) -> None:
    projection = data.draw(inputs())
    changes = data.draw(adjustments(projection))
    start = min([c.from_year for c in changes if c.from_year is not None], default=projection.end_year + 1)
    plain, adjusted = project(projection), project(projection, changes)
    before = plain.years < start
    np.testing.assert_allclose(adjusted.users[before], plain.users[before])
    np.testing.assert_allclose(adjusted.cost[before], plain.cost[before])
