"""Weights: criterion names (Norwegian and English), parsing, normalisation, and the space of
uncertain weights with its sampler (bounds, order, uniformity)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from prioritet.engine import (
    CRITERIA,
    VALUE_CRITERIA,
    Code,
    Criterion,
    Weights,
    WeightSpace,
    parse_criterion,
)

from .refusals import refused

B, S, R = Criterion.BENEFIT, Criterion.SEVERITY, Criterion.RESOURCES


# --- criterion names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "criterion"),
    [
        ("benefit", B),
        ("nytte", B),
        ("severity", S),
        ("alvorlighet", S),
        ("alvor", S),  # nynorsk
        ("resources", R),
        ("ressurs", R),
        ("ressurser", R),
        ("  Nytte ", B),
        ("ALVORLIGHET", S),
        ("Ressurs\t", R),
    ],
)
def test_parse_criterion_aliases(text: str, criterion: Criterion) -> None:
    assert parse_criterion(text) is criterion


@pytest.mark.parametrize("text", ["kostnad", "", "nytt", "benefits"])
def test_parse_criterion_unknown(text: str) -> None:
    with refused(Code.UNKNOWN_CRITERION) as excinfo:
        parse_criterion(text)
    assert excinfo.value.problems[0].params == {"name": text.strip()}


# --- Weights ---------------------------------------------------------------------------------------


def test_parse_with_norwegian_names_and_semicolons() -> None:
    w = Weights.parse("nytte=2; alvorlighet=1 ;ressurs=1")
    assert dict(w.values) == {B: 2.0, S: 1.0, R: 1.0}
    np.testing.assert_allclose(w.vector(), [0.5, 0.25, 0.25])


def test_parse_leaves_out_criteria_weigh_nothing() -> None:
    w = Weights.parse("benefit=2,severity=1")
    np.testing.assert_allclose(w.vector(), [2 / 3, 1 / 3, 0.0])
    assert w.as_dict() == pytest.approx({"benefit": 2 / 3, "severity": 1 / 3, "resources": 0.0})


def test_parse_reports_every_problem() -> None:
    with refused(Code.WEIGHT_FORM, Code.UNKNOWN_CRITERION, Code.WEIGHT_NOT_NUMBER) as excinfo:
        Weights.parse("benefit, kostnad=2, severity=mye")
    assert [p.params for p in excinfo.value.problems] == [
        {"text": "benefit"},
        {"name": "kostnad"},
        {"criterion": S, "value": "mye"},
    ]


@pytest.mark.parametrize("bad", [-1.0, math.nan, math.inf])
def test_weight_must_be_finite_and_non_negative(bad: float) -> None:
    with refused(Code.WEIGHT_NEGATIVE) as excinfo:
        Weights({B: bad, S: 1.0})
    assert excinfo.value.problems[0].params["criterion"] is B


@pytest.mark.parametrize("text", ["", "benefit=0,severity=0", "resources=0"])
def test_at_least_one_weight_positive(text: str) -> None:
    with refused(Code.WEIGHTS_ALL_ZERO):
        Weights.parse(text)


def test_equal() -> None:
    np.testing.assert_allclose(Weights.equal().vector(), [1 / 3, 1 / 3, 1 / 3])
    np.testing.assert_allclose(Weights.equal(VALUE_CRITERIA).vector(), [0.5, 0.5, 0.0])
    np.testing.assert_allclose(Weights.equal(VALUE_CRITERIA).vector(VALUE_CRITERIA), [0.5, 0.5])


def test_vector_over_criteria_without_weight() -> None:
    with refused(Code.WEIGHTS_ALL_ZERO):
        Weights({R: 1.0}).vector(VALUE_CRITERIA)


@settings(deadline=None)
@given(st.tuples(*[st.floats(0.0, 1e6)] * 3).filter(lambda w: sum(w) > 1e-6))
def test_normalisation_sums_to_one_and_keeps_proportions(w: tuple[float, float, float]) -> None:
    v = Weights(dict(zip(CRITERIA, w, strict=True))).vector()
    assert v.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.all(v >= 0)
    np.testing.assert_allclose(v * sum(w), w, rtol=1e-9, atol=1e-9)


@settings(deadline=None)
@given(st.floats(1e-3, 1e3))
def test_scaling_does_not_change_the_weights(k: float) -> None:
    w = {B: 3.0, S: 2.0, R: 1.0}
    np.testing.assert_allclose(Weights({c: k * x for c, x in w.items()}).vector(), Weights(w).vector(), rtol=1e-12)


# --- WeightSpace: validation -----------------------------------------------------------------------


def test_space_bound_on_unused_criterion() -> None:
    with refused(Code.BOUND_UNUSED) as excinfo:
        WeightSpace(criteria=VALUE_CRITERIA, bounds={R: (0.0, 0.5)})
    assert excinfo.value.problems[0].params == {"criterion": R}


@pytest.mark.parametrize("span", [(0.6, 0.4), (-0.1, 0.5), (0.2, 1.5)])
def test_space_bound_out_of_order_or_range(span: tuple[float, float]) -> None:
    with refused(Code.BOUND_RANGE) as excinfo:
        WeightSpace(bounds={S: span})
    assert excinfo.value.problems[0].params == {"criterion": S, "low": span[0], "high": span[1]}


def test_space_order_unused_and_repeated() -> None:
    with refused(Code.ORDER_UNUSED):
        WeightSpace(criteria=VALUE_CRITERIA, order=(S, R))
    with refused(Code.ORDER_REPEATED):
        WeightSpace(order=(S, B, S))


def test_space_order_cannot_put_a_zero_weight_first() -> None:
    # severity ≥ benefit with severity bounded to 0 would force benefit to 0 too.
    with refused(Code.ORDER_AFTER_ZERO):
        WeightSpace(bounds={S: (0.0, 0.0)}, order=(S, B))
    # The other way round is fine: benefit ≥ severity = 0.
    WeightSpace(bounds={S: (0.0, 0.0)}, order=(B, S))


def test_space_needs_one_weight_that_can_be_positive() -> None:
    with refused(Code.ALL_BOUNDED_TO_ZERO):
        WeightSpace(criteria=VALUE_CRITERIA, bounds={B: (0.0, 0.0), S: (0.0, 0.0)})


def test_space_parse() -> None:
    space = WeightSpace.parse(CRITERIA, ["alvorlighet=0.2:0.6", "nytte = 0:0.5"], "severity >= nytte > ressurs")
    assert space.bounds == {S: (0.2, 0.6), B: (0.0, 0.5)}
    assert space.order == (S, B, R)
    assert space.criteria == CRITERIA


@pytest.mark.parametrize("text", ["severity=0.2", "severity=a:b", "severity", "severity=0.1:"])
def test_space_parse_malformed_bound(text: str) -> None:
    with refused(Code.BOUND_FORM) as excinfo:
        WeightSpace.parse(CRITERIA, [text])
    assert excinfo.value.problems[0].params == {"text": text}


def test_space_parse_collects_every_problem() -> None:
    with refused(Code.UNKNOWN_CRITERION, Code.BOUND_FORM, Code.UNKNOWN_CRITERION) as excinfo:
        WeightSpace.parse(CRITERIA, ["kost=0:1", "severity=x"], "severity>kvalitet")
    assert [p.params for p in excinfo.value.problems] == [
        {"name": "kost"},
        {"text": "severity=x"},
        {"name": "kvalitet"},
    ]


def test_space_with_no_room_is_an_input_error() -> None:
    # Three weights of at most 0.2 cannot sum to 1.
    space = WeightSpace(bounds=dict.fromkeys(CRITERIA, (0.0, 0.2)))
    with refused(Code.WEIGHT_SPACE_EMPTY):
        space.sample(10, np.random.default_rng(0))


# --- WeightSpace: sampling -------------------------------------------------------------------------


@st.composite
def spaces(draw: st.DrawFn) -> WeightSpace:
    """Spaces on two or three criteria with random feasible bounds and a random (partial) order."""
    criteria = draw(st.sampled_from([CRITERIA, VALUE_CRITERIA]))
    bounds: dict[Criterion, tuple[float, float]] = {}
    for c in criteria:
        if draw(st.booleans()):
            lo = draw(st.floats(0.0, 0.4))
            hi = draw(st.floats(lo + 0.1, 1.0))
            bounds[c] = (lo, hi)
    order = tuple(draw(st.permutations(criteria)))[: draw(st.integers(0, len(criteria)))]
    return WeightSpace(criteria=criteria, bounds=bounds, order=order)


def feasible_fraction(space: WeightSpace) -> float:
    """Share of the unconstrained simplex the space covers, by plain Monte Carlo (independent of the
    engine's sampler), so that the test skips spaces the rejection sampler may reasonably refuse."""
    rng = np.random.default_rng(1)
    w = rng.dirichlet(np.ones(len(space.criteria)), size=20_000)
    ok = np.ones(len(w), dtype=bool)
    for k, c in enumerate(space.criteria):
        lo, hi = space.bounds.get(c, (0.0, 1.0))
        ok &= (w[:, k] >= lo) & (w[:, k] <= hi)
    for a, b in zip(space.order, space.order[1:], strict=False):
        ok &= w[:, space.criteria.index(a)] >= w[:, space.criteria.index(b)]
    return float(ok.mean())


@settings(max_examples=60, deadline=None)
@given(spaces(), st.integers(1, 300), st.integers(0, 2**32 - 1))
def test_samples_satisfy_bounds_and_order_and_sum_to_one(space: WeightSpace, n: int, seed: int) -> None:
    assume(feasible_fraction(space) > 0.01)
    w = space.sample(n, np.random.default_rng(seed))
    assert w.shape == (n, len(space.criteria))
    np.testing.assert_allclose(w.sum(axis=1), 1.0, atol=1e-12)
    assert np.all(w >= 0)
    for k, c in enumerate(space.criteria):
        lo, hi = space.bounds.get(c, (0.0, 1.0))
        assert np.all((w[:, k] >= lo) & (w[:, k] <= hi)), c
    for a, b in zip(space.order, space.order[1:], strict=False):
        assert np.all(w[:, space.criteria.index(a)] >= w[:, space.criteria.index(b)]), (a, b)


def test_sampling_is_reproducible() -> None:
    space = WeightSpace(order=(S, B))
    a = space.sample(50, np.random.default_rng(7))
    np.testing.assert_array_equal(a, space.sample(50, np.random.default_rng(7)))
    assert not np.array_equal(a, space.sample(50, np.random.default_rng(8)))


# Moments of the flat Dirichlet on three criteria, worked out by hand. Each component is Beta(1, 2):
# mean 1/3, P(w < 1/2) = 1 − (1/2)² = 3/4. Sorted, the expected k-th largest of a uniform point of
# the 2-simplex is (1/3)·Σ_{j≥k} 1/j: 11/18, 5/18, 2/18.
N_STAT = 40_000
#: Five standard errors of a mean of N_STAT values with standard deviation at most 0.25.
TOL_STAT = 5 * 0.25 / math.sqrt(N_STAT)


def test_unconstrained_samples_are_uniform_on_the_simplex() -> None:
    w = WeightSpace().sample(N_STAT, np.random.default_rng(2024))
    np.testing.assert_allclose(w.mean(axis=0), [1 / 3] * 3, atol=TOL_STAT)
    np.testing.assert_allclose((w < 0.5).mean(axis=0), [0.75] * 3, atol=TOL_STAT)


def test_ordered_samples_are_uniform_on_the_ordered_region() -> None:
    w = WeightSpace(order=(S, B, R)).sample(N_STAT, np.random.default_rng(2025))
    np.testing.assert_allclose(w.mean(axis=0), [5 / 18, 11 / 18, 2 / 18], atol=TOL_STAT)


def test_partial_order_leaves_the_rest_exchangeable() -> None:
    # severity ≥ resources only: severity is the larger of two exchangeable components. Given the
    # third, w1 = (1 − w3)·U with U uniform, so E|w1 − w2| = E[1 − w3]·E|2U − 1| = (2/3)(1/2) = 1/3;
    # with E[max] + E[min] = 2/3 the means are 1/2 and 1/6. Benefit is untouched (1/3).
    w = WeightSpace(order=(S, R)).sample(N_STAT, np.random.default_rng(2026))
    np.testing.assert_allclose(w.mean(axis=0), [1 / 3, 1 / 2, 1 / 6], atol=TOL_STAT)


def test_bounded_samples_are_uniform_on_the_bounded_region() -> None:
    # Two criteria: benefit is uniform on [0, 1]; bounded to [0.5, 1] it is uniform there, mean 0.75.
    w = WeightSpace(criteria=VALUE_CRITERIA, bounds={B: (0.5, 1.0)}).sample(N_STAT, np.random.default_rng(3))
    assert w[:, 0].mean() == pytest.approx(0.75, abs=TOL_STAT)
    assert (w[:, 0] < 0.75).mean() == pytest.approx(0.5, abs=TOL_STAT)


def test_a_criterion_bounded_to_zero_gets_weight_zero() -> None:
    w = WeightSpace(bounds={R: (0.0, 0.0)}).sample(500, np.random.default_rng(4))
    assert np.all(w[:, 2] == 0.0)
    np.testing.assert_allclose(w.sum(axis=1), 1.0)


def test_parse_refuses_a_criterion_given_twice() -> None:
    with refused(Code.WEIGHT_TWICE) as err:
        Weights.parse("nytte=1,benefit=2")
    assert err.value.problems[0].params == {"criterion": B}
