"""Ranking: the additive value on hand-computed examples, the tie-break order, monotonicity, TOPSIS
against a loop-based textbook implementation, and the priority bands."""

from __future__ import annotations

import math
import warnings
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritet.engine import Criterion, Measures, Method, Priority, Weights, priority_band, rank

from .oracles import additive_value, naive_order, topsis_closeness
from .strategies import any_weights, plain_measures, positive_weights, weights3

B, S, R = Criterion.BENEFIT, Criterion.SEVERITY, Criterion.RESOURCES


def measures(scores: list[tuple[int, int, int]], ids: list[str] | None = None) -> Measures:
    return Measures.build(ids or [f"m{k}" for k in range(len(scores))], None, scores)


# --- additive: hand-computed -------------------------------------------------------------------------

#   id  b s r   partials (b−1)/4, (s−1)/4, (5−r)/4
#   a   5 5 1   1, 1, 1
#   b   1 1 5   0, 0, 0
#   c   3 4 2   1/2, 3/4, 3/4
#   d   4 2 3   3/4, 1/4, 1/2
HAND = [(5, 5, 1), (1, 1, 5), (3, 4, 2), (4, 2, 3)]


@pytest.mark.parametrize(
    ("weights", "values", "order"),
    [
        # equal: (1+1+1)/3, 0, (1/2+3/4+3/4)/3 = 2/3, (3/4+1/4+1/2)/3 = 1/2
        (None, [1, 0, 2 / 3, 1 / 2], [0, 2, 3, 1]),
        # 2:1:1 → 1/2, 1/4, 1/4: c = 1/4+3/16+3/16 = 5/8, d = 3/8+1/16+1/8 = 9/16
        ({B: 2, S: 1, R: 1}, [1, 0, 5 / 8, 9 / 16], [0, 2, 3, 1]),
        # severity only: the severity partials
        ({S: 1}, [1, 0, 3 / 4, 1 / 4], [0, 2, 3, 1]),
        # benefit only: d (3/4) now before c (1/2)
        ({B: 5}, [1, 0, 1 / 2, 3 / 4], [0, 3, 2, 1]),
        # resources only: c (3/4) before d (1/2)
        ({R: 0.3}, [1, 0, 3 / 4, 1 / 2], [0, 2, 3, 1]),
    ],
)
def test_additive_by_hand(weights: dict[Criterion, float] | None, values: list[float], order: list[int]) -> None:
    r = rank(measures(HAND), Weights(weights) if weights else None)
    np.testing.assert_allclose(r.values, values, atol=1e-15)
    assert r.order.tolist() == order
    assert r.method is Method.ADDITIVE


def test_ranking_reports_normalised_weights_and_ranks() -> None:
    r = rank(measures(HAND), Weights({B: 2, S: 1, R: 1}))
    assert r.weights == pytest.approx({"benefit": 0.5, "severity": 0.25, "resources": 0.25})
    assert r.ranks().tolist() == [1, 4, 2, 3]
    assert rank(measures(HAND)).weights == pytest.approx({c.value: 1 / 3 for c in (B, S, R)})


def test_tie_break_severity_then_benefit_then_id() -> None:
    # Every measure is worth exactly 1/2 under equal weights (computed in floating point, the sums
    # differ in the last bits; the ranking must still see ties):
    #   p (4,2,3): (3/4+1/4+1/2)/3   q (2,4,3): (1/4+3/4+1/2)/3   r, u (3,3,3): (1/2+1/2+1/2)/3
    #   s (5,3,5): (1+1/2+0)/3       t (1,3,1): (0+1/2+1)/3
    scores = [(4, 2, 3), (2, 4, 3), (3, 3, 3), (5, 3, 5), (1, 3, 1), (3, 3, 3)]
    ids = ["p", "q", "zeta", "s", "t", "alfa"]
    r = rank(measures(scores, ids))
    np.testing.assert_allclose(r.values, 0.5, atol=1e-15)
    # severity 4 (q); severity 3 by benefit: s (5), then alfa and zeta (3, by id), t (1); severity 2 (p).
    assert [ids[i] for i in r.order] == ["q", "s", "alfa", "zeta", "t", "p"]


def test_id_order_is_plain_string_order() -> None:
    # Ids are text: "10" sorts before "9", upper case before lower case.
    r = rank(measures([(3, 3, 3)] * 4, ["9", "10", "b", "B"]))
    assert np.asarray(["9", "10", "b", "B"])[r.order].tolist() == ["10", "9", "B", "b"]


@settings(max_examples=150, deadline=None)
@given(plain_measures(max_n=10), any_weights)
def test_additive_matches_the_formula_and_the_naive_sort(m: Measures, w: tuple[float, float, float]) -> None:
    r = rank(m, weights3(w))
    expected = [additive_value(tuple(row), w) for row in m.scores.tolist()]
    np.testing.assert_allclose(r.values, expected, rtol=0, atol=1e-12)
    assert r.order.tolist() == naive_order(expected, m)
    np.testing.assert_array_equal(r.ranks()[r.order], np.arange(1, len(m) + 1))


@settings(max_examples=150, deadline=None)
@given(plain_measures(max_n=10), st.tuples(*[st.integers(0, 10)] * 3).filter(lambda w: sum(w) > 0))
def test_additive_order_is_exact_for_whole_number_weights(m: Measures, w: tuple[int, int, int]) -> None:
    """With whole-number weights the values are exact fractions; ties must be seen as ties however
    the floating-point sums come out."""
    total = sum(w)

    def exact(row: list[int]) -> Fraction:
        b, s, r_ = row
        return (w[0] * Fraction(b - 1, 4) + w[1] * Fraction(s - 1, 4) + w[2] * Fraction(5 - r_, 4)) / total

    keys = {i: (-exact(row), -row[1], -row[0], m.ids[i]) for i, row in enumerate(m.scores.tolist())}
    assert rank(m, weights3(w)).order.tolist() == sorted(keys, key=keys.__getitem__)


# --- monotonicity ---------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(
    plain_measures(max_n=10),
    positive_weights,
    st.data(),
    st.sampled_from(["raise benefit", "raise severity", "lower resources"]),
)
def test_improving_a_measure_never_lowers_its_rank(
    m: Measures, w: tuple[float, float, float], data: st.DataObject, change: str
) -> None:
    column, step = {"raise benefit": (0, 1), "raise severity": (1, 1), "lower resources": (2, -1)}[change]
    i = data.draw(st.integers(0, len(m) - 1))
    scores = m.scores.copy()
    new = int(scores[i, column]) + step
    if not 1 <= new <= 5:
        new = 5 if step > 0 else 1  # already at the best end: nothing changes, the rank must not either
    scores[i, column] = new
    better = Measures.build(m.ids, None, scores)
    before = rank(m, weights3(w)).ranks()[i]
    after = rank(better, weights3(w)).ranks()[i]
    assert after <= before


# --- TOPSIS -------------------------------------------------------------------------------------------


def test_topsis_by_hand() -> None:
    # x = (5,3,1), y = (3,5,5), equal weights. Column norms √34, √34, √26. x is ideal on benefit and
    # resources, y on severity; the distances (times 3) are
    #   S⁺_x = 2/√34, S⁻_x = √(4/34 + 16/26), and for y the two swapped, so C_y = 1 − C_x.
    r = rank(measures([(5, 3, 1), (3, 5, 5)]), method=Method.TOPSIS)
    near, far = 2 / math.sqrt(34), math.sqrt(4 / 34 + 16 / 26)
    np.testing.assert_allclose(r.values, [far / (near + far), near / (near + far)], atol=1e-15)
    assert r.order.tolist() == [0, 1]
    assert r.method is Method.TOPSIS


def test_topsis_ideal_and_anti_ideal() -> None:
    # a is best on every criterion (the ideal point itself), b worst (the anti-ideal).
    r = rank(measures([(3, 3, 3), (5, 5, 1), (1, 1, 5)]), method=Method.TOPSIS)
    assert r.values[1] == 1.0
    assert r.values[2] == 0.0
    assert 0 < r.values[0] < 1
    assert r.order.tolist() == [1, 0, 2]


def test_topsis_all_equal_is_one_half() -> None:
    r = rank(measures([(2, 4, 3)] * 3, ["c", "a", "b"]), method=Method.TOPSIS)
    np.testing.assert_array_equal(r.values, 0.5)
    assert r.order.tolist() == [1, 2, 0]


def test_topsis_equal_on_every_weighted_criterion_is_one_half() -> None:
    # Only benefit carries weight and every benefit is 4.
    r = rank(measures([(4, 1, 1), (4, 5, 5)]), Weights({B: 1}), method=Method.TOPSIS)
    np.testing.assert_array_equal(r.values, 0.5)
    assert r.order.tolist() == [1, 0]  # tie: severity decides


@settings(max_examples=200, deadline=None)
@given(plain_measures(max_n=10), any_weights)
def test_topsis_matches_the_textbook(m: Measures, w: tuple[float, float, float]) -> None:
    r = rank(m, weights3(w), method=Method.TOPSIS)
    expected = topsis_closeness(m.scores.tolist(), w)
    np.testing.assert_allclose(r.values, expected, rtol=0, atol=1e-12)
    assert r.order.tolist() == naive_order(expected, m)
    assert np.all((r.values >= 0) & (r.values <= 1))


def test_topsis_against_pymcdm() -> None:
    """A cross-check against a maintained TOPSIS implementation (the benchmark's peer)."""
    from pymcdm import methods as pymcdm_methods
    from pymcdm import normalizations

    rng = np.random.default_rng(5)
    scores = rng.integers(1, 6, size=(30, 3))
    w = (0.5, 0.3, 0.2)
    topsis = pymcdm_methods.TOPSIS(normalization_function=normalizations.vector_normalization)
    with warnings.catch_warnings():
        # pymcdm warns about dominant and dominated alternatives, which do not trouble TOPSIS.
        warnings.simplefilter("ignore")
        peer = topsis(scores.astype(float), np.array(w), np.array([1, 1, -1]))
    ours = rank(Measures.build([f"m{k}" for k in range(30)], None, scores), weights3(w), Method.TOPSIS)
    np.testing.assert_allclose(ours.values, peer, atol=1e-12)


# --- priority bands -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "band"),
    [
        (1.0, Priority.HIGH),
        (2 / 3, Priority.HIGH),
        (2 / 3 - 1e-8, Priority.MEDIUM),
        (0.5, Priority.MEDIUM),
        (1 / 3, Priority.MEDIUM),
        (1 / 3 - 1e-8, Priority.LOW),
        (0.0, Priority.LOW),
    ],
)
def test_priority_band_thresholds(value: float, band: Priority) -> None:
    assert priority_band(value) is band


def test_priority_band_on_values_the_engine_computes() -> None:
    # (3,3,3) is worth 1/2; (4,4,3) is (3/4+3/4+1/2)/3 = 2/3 exactly in theory, and the engine's float
    # sum must still land in the top band; (2,2,4) is (1/4+1/4+1/4)/3 = 1/4; (3,2,3) is 5/12.
    r = rank(measures([(3, 3, 3), (4, 4, 3), (2, 2, 4), (3, 2, 3), (2, 3, 5)]))
    # (2,3,5) is (1/4+1/2+0)/3 = 1/4 too.
    assert [priority_band(v) for v in r.values] == [
        Priority.MEDIUM,
        Priority.HIGH,
        Priority.LOW,
        Priority.MEDIUM,
        Priority.LOW,
    ]


@settings(deadline=None)
@given(st.floats(0.0, 1.0))
def test_priority_band_is_monotone(v: float) -> None:
    order = [Priority.LOW, Priority.MEDIUM, Priority.HIGH]
    assert order.index(priority_band(v)) <= order.index(priority_band(min(1.0, v + 0.01)))
