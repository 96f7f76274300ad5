"""Eliciting weights: swing weighting, weights from pairwise answers (maximin margin, least violation,
smallest conflicting set) and the design of informative questions. Hand-computed examples first,
then properties: answers generated from a hidden true weight vector are always reproduced, swing
points are scale-invariant, and the least-violation weights are never beaten by other weights."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from prioritet.engine import (
    CRITERIA,
    Code,
    Comparison,
    Criterion,
    InputError,
    Measures,
    Profile,
    informative_pairs,
    profile_partial_values,
    rank,
    swing_weights,
    weights_from_comparisons,
)
from prioritet.engine.elicitation import MAX_PAIRS, TOLERANCE

from .refusals import refused

B, S, R = Criterion.BENEFIT, Criterion.SEVERITY, Criterion.RESOURCES

SCORE = st.integers(1, 5)
PROFILE = st.tuples(SCORE, SCORE, SCORE)
#: A hidden true weight vector: positive, normalised (a flat Dirichlet, by normalised exponentials).
TRUE_WEIGHTS = st.tuples(*[st.floats(0.01, 10.0, allow_nan=False)] * 3).map(lambda w: np.array(w) / sum(w))


def diff(before: Profile, after: Profile) -> np.ndarray:
    return profile_partial_values(before) - profile_partial_values(after)


def answer(w: np.ndarray, a: Profile, b: Profile) -> Comparison:
    """The answer a group with weights ``w`` gives to «a or b first?»."""
    return Comparison(a, b) if diff(a, b) @ w > 0 else Comparison(b, a)


def violation(comparisons: list[Comparison], w: np.ndarray) -> float:
    return float(sum(max(0.0, -(diff(c.before, c.after) @ w)) for c in comparisons))


# --- swing weighting --------------------------------------------------------------------------------


def test_swing_weights_by_hand() -> None:
    # Severity's swing matters most (100); benefit's is worth 60 of it, resources' 40: sum 200.
    weights = swing_weights({S: 100, B: 60, R: 40})
    assert weights.vector() == pytest.approx([0.3, 0.5, 0.2])
    assert sum(weights.values.values()) == pytest.approx(1.0)


def test_swing_weights_leave_out_a_criterion() -> None:
    assert swing_weights({B: 100, S: 50}).vector() == pytest.approx([2 / 3, 1 / 3, 0.0])
    assert swing_weights({B: 100, S: 0, R: 0}).vector() == pytest.approx([1.0, 0.0, 0.0])


@pytest.mark.parametrize("points", [{B: -1.0, S: 100.0}, {B: math.nan, S: 100.0}, {B: 0.0, S: 0.0, R: 0.0}, {}])
def test_swing_weights_refuse_bad_points(points: dict[Criterion, float]) -> None:
    with pytest.raises(InputError):
        swing_weights(points)


POINTS = st.tuples(*[st.floats(0.0, 100.0, allow_nan=False)] * 3).filter(lambda p: max(p) > 1e-6)


@given(POINTS, st.floats(1e-3, 1e3))
def test_swing_points_are_scale_invariant(points: tuple[float, float, float], factor: float) -> None:
    base = swing_weights(dict(zip(CRITERIA, points, strict=True))).vector()
    scaled = swing_weights({c: p * factor for c, p in zip(CRITERIA, points, strict=True)}).vector()
    assert scaled == pytest.approx(base, rel=1e-12, abs=1e-15)


@given(POINTS)
def test_swing_weights_keep_the_order_and_ratios_of_the_points(points: tuple[float, float, float]) -> None:
    w = swing_weights(dict(zip(CRITERIA, points, strict=True))).vector()
    assert w.sum() == pytest.approx(1.0)
    assert (w >= 0).all()
    top = int(np.argmax(points))
    for i, j in itertools.permutations(range(3), 2):
        if points[i] > points[j]:
            assert w[i] > w[j]
        # Relative to the most important swing, each weight is exactly its points' share.
        assert w[i] * points[top] == pytest.approx(w[top] * points[i], rel=1e-9, abs=1e-12)


# --- weights from pairwise answers: by hand -----------------------------------------------------


def test_one_answer_puts_all_weight_where_the_margin_is_widest() -> None:
    # (5,2,3) before (2,5,3): d = (0.75, −0.75, 0); max t with 0.75 (w_b − w_s) ≥ t: w = (1, 0, 0), t = 0.75.
    result = weights_from_comparisons([Comparison((5, 2, 3), (2, 5, 3))])
    assert result.weights.vector() == pytest.approx([1.0, 0.0, 0.0])
    assert result.margin == pytest.approx(0.75)
    assert result.consistent
    assert (result.conflicts, result.violated, result.total_violation) == ((), (), 0.0)


def test_two_answers_by_hand() -> None:
    # Benefit before severity: d1 = (0.75, −0.75, 0). Resources before benefit: (2,3,2) vs (5,3,5),
    # d2 = (−0.75, 0, 0.75). Severity only lowers both margins, so w_s = 0 and w_b + w_r = 1;
    # 0.75 w_b = 0.75 (w_r − w_b) gives w_b = 1/3, w_r = 2/3 and the margin 0.75/3 = 0.25.
    result = weights_from_comparisons([Comparison((5, 2, 3), (2, 5, 3)), Comparison((2, 3, 2), (5, 3, 5))])
    assert result.weights.vector() == pytest.approx([1 / 3, 0.0, 2 / 3], abs=1e-9)
    assert result.margin == pytest.approx(0.25, abs=1e-9)
    assert result.consistent
    assert not result.conflicts


def test_the_nine_default_questions_recover_the_true_weights() -> None:
    # With w = (0.3, 0.5, 0.2), the nine default questions bound every ratio on both sides but
    # severity/resources (2.5 > 2), and the widest-margin point is the true vector itself.
    w = np.array([0.3, 0.5, 0.2])
    comparisons = [answer(w, a, b) for a, b in informative_pairs(9)]
    result = weights_from_comparisons(comparisons)
    assert result.weights.vector() == pytest.approx(w, abs=1e-9)
    assert result.margin == pytest.approx(0.05, abs=1e-9)


def test_a_cycle_conflicts_and_one_answer_is_set_aside() -> None:
    # Benefit before severity, severity before resources, resources before benefit, each at rate 1:
    # the three margins sum to 0, so no weights hold all three. Setting any one aside leaves two
    # that hold; the three choices are symmetric.
    cycle = [
        Comparison((5, 2, 3), (2, 5, 3)),
        Comparison((3, 5, 5), (3, 2, 2)),
        Comparison((2, 3, 2), (5, 3, 5)),
    ]
    result = weights_from_comparisons(cycle)
    assert not result.consistent
    assert result.conflicts == (0, 1, 2)
    assert len(result.overruled) == 1
    kept = [k for k in range(3) if k not in result.overruled]
    assert (result.value_differences(cycle)[kept] > 0).all()
    assert result.margin > 0


def test_an_answer_and_its_reverse_conflict() -> None:
    a, b = (5, 2, 3), (2, 5, 3)
    result = weights_from_comparisons([Comparison((4, 3, 1), (3, 4, 5)), Comparison(a, b), Comparison(b, a)])
    assert not result.consistent
    assert result.conflicts == (1, 2)
    assert result.overruled in {(1,), (2,)}


def test_the_outvoted_answer_is_set_aside() -> None:
    # Two answers say severity before benefit (at rate 1, and at rate 2: w_s > 2 w_b), one says
    # benefit before severity at rate 1. Both conflicts, {0, 2} and {1, 2}, contain answer 2, so
    # setting it aside is enough. The other two hold by the widest margin with all weight on
    # severity: d0 · w = 0.75, d1 · w = 0.5, so the margin is 0.5 and answer 2 is violated by 0.75.
    comparisons = [
        Comparison((2, 5, 3), (5, 2, 3)),  # severity before benefit, rate 1
        Comparison((1, 4, 3), (5, 2, 3)),  # severity (2 steps) before benefit (4 steps): w_s > 2 w_b
        Comparison((5, 2, 3), (2, 5, 3)),  # benefit before severity, rate 1
    ]
    result = weights_from_comparisons(comparisons)
    assert not result.consistent
    assert result.conflicts in {(0, 2), (1, 2)}
    assert result.overruled == (2,)
    assert result.violated == (2,)
    assert result.weights.vector() == pytest.approx([0.0, 1.0, 0.0], abs=1e-9)
    assert result.margin == pytest.approx(0.5, abs=1e-9)
    assert result.total_violation == pytest.approx(0.75, abs=1e-9)


def test_one_mistaken_answer_among_nine_does_not_move_the_weights_to_a_corner() -> None:
    # The weights (0.3, 0.5, 0.2) answer the nine default questions; flip the last answer (severity
    # before resources at rate 1/2). Only that answer is set aside, and the weights stay where the
    # other eight put them, instead of all weight on one criterion (which makes the conflicting
    # answers ties and so «violates» nothing).
    w = np.array([0.3, 0.5, 0.2])
    comparisons = [answer(w, a, b) for a, b in informative_pairs(9)]
    comparisons[8] = Comparison(comparisons[8].after, comparisons[8].before)
    result = weights_from_comparisons(comparisons)
    assert not result.consistent
    assert result.overruled == (8,)
    assert 8 in result.conflicts
    assert result.weights.vector() == pytest.approx(w, abs=1e-9)


def test_an_answer_against_dominance_conflicts_on_its_own() -> None:
    # (1,1,5) is worse than (5,5,1) on every criterion: no weights can put it first.
    result = weights_from_comparisons([Comparison((4, 3, 2), (2, 3, 4)), Comparison((1, 1, 5), (5, 5, 1))])
    assert not result.consistent
    assert result.conflicts == (1,)
    assert result.overruled == (1,)
    assert result.violated == (1,)


def test_when_every_answer_goes_against_dominance_the_weights_are_equal() -> None:
    result = weights_from_comparisons([Comparison((1, 1, 5), (5, 5, 1))])
    assert result.overruled == (0,)
    assert result.weights.vector() == pytest.approx([1 / 3] * 3)


@pytest.mark.parametrize(
    ("comparisons", "code"),
    [
        ([], Code.NO_ANSWERS),
        ([Comparison((3, 3, 3), (3, 3, 3))], Code.ANSWER_IDENTICAL),
        ([Comparison((0, 3, 3), (3, 3, 3))], Code.ANSWER_SCORE),
        ([Comparison((3, 3, 6), (3, 3, 3))], Code.ANSWER_SCORE),
        ([Comparison((3, 3), (3, 3, 3))], Code.ANSWER_PROFILE_LENGTH),  # type: ignore[arg-type]
    ],
)
def test_bad_answers_are_refused(comparisons: list[Comparison], code: Code) -> None:
    with refused(code) as excinfo:
        weights_from_comparisons(comparisons)
    assert excinfo.value.problems[0].params.get("answer", 1) == 1


# --- weights from pairwise answers: properties ---------------------------------------------------

PAIRS = st.lists(st.tuples(PROFILE, PROFILE).filter(lambda p: p[0] != p[1]), min_size=1, max_size=10)


@settings(max_examples=150, deadline=None)
@given(TRUE_WEIGHTS, PAIRS)
def test_answers_from_hidden_true_weights_are_always_satisfied(true_w: np.ndarray, pairs: list) -> None:
    comparisons = [answer(true_w, a, b) for a, b in pairs]
    true_margin = min(diff(c.before, c.after) @ true_w for c in comparisons)
    assume(true_margin > 1e-6)  # answers the true weights hold strictly (not ties)
    result = weights_from_comparisons(comparisons)
    assert result.consistent
    assert result.violated == ()
    assert result.conflicts == ()
    assert result.total_violation == 0.0
    # The widest minimum margin is at least the true weights' margin, which are feasible.
    assert result.margin >= true_margin - 1e-9
    assert (result.value_differences(comparisons) > 0).all()
    # And the engine's own ranking puts each «before» first under the derived weights.
    for c in comparisons:
        ranking = rank(Measures.build(["b", "a"], None, [c.after, c.before]), result.weights)
        assert ranking.order[0] == 1


@settings(max_examples=100, deadline=None)
@given(TRUE_WEIGHTS, st.integers(3, MAX_PAIRS))
def test_informative_questions_recover_the_order_of_the_criteria(true_w: np.ndarray, n: int) -> None:
    ratios = [true_w[i] / true_w[j] for i, j in itertools.permutations(range(3), 2)]
    assume(all(abs(r - 1) > 1e-6 for r in ratios))
    comparisons = [answer(true_w, a, b) for a, b in informative_pairs(n)]
    assume(min(diff(c.before, c.after) @ true_w for c in comparisons) > 1e-6)
    derived = weights_from_comparisons(comparisons).weights.vector()
    # The first three questions compare every two criteria at rate 1, so the order is the true one.
    assert list(np.argsort(-derived)) == list(np.argsort(-true_w))


SOME_PAIRS = st.lists(st.tuples(PROFILE, PROFILE).filter(lambda p: p[0] != p[1]), min_size=1, max_size=7)
#: Weight vectors on a grid of steps of 1/20, where other weights are tried.
GRID = [np.array([a, b, 20 - a - b]) / 20 for a in range(21) for b in range(21 - a)]


@settings(max_examples=100, deadline=None)
@given(SOME_PAIRS, st.data())
def test_any_answers_give_weights_that_follow_as_many_answers_as_any_weights(pairs: list, data: st.DataObject) -> None:
    comparisons = [Comparison(a, b) for a, b in pairs]
    result = weights_from_comparisons(comparisons)
    w = result.weights.vector()
    values = result.value_differences(comparisons)
    assert (w >= 0).all()
    assert w.sum() == pytest.approx(1.0)
    assert result.total_violation == pytest.approx(violation(comparisons, w), abs=1e-9)
    assert result.consistent == (not result.overruled) == (not result.conflicts)
    assert set(result.violated) == {k for k, v in enumerate(values) if v < -TOLERANCE}
    assert set(result.violated) <= set(result.overruled)
    kept = [k for k in range(len(comparisons)) if k not in result.overruled]
    assert (values[kept] > TOLERANCE).all()
    if kept:
        assert result.margin == pytest.approx(values[kept].min())
    # No other weights put more answers strictly ahead (a grid and random points).
    followed = len(kept)
    for other in [*GRID, *(data.draw(TRUE_WEIGHTS) for _ in range(5))]:
        assert sum(diff(c.before, c.after) @ other > TOLERANCE for c in comparisons) <= followed
        if result.consistent:
            assert result.margin >= min(diff(c.before, c.after) @ other for c in comparisons) - 1e-9


@settings(max_examples=60, deadline=None)
@given(SOME_PAIRS)
def test_the_conflict_is_a_smallest_set_of_answers_that_cannot_all_hold(pairs: list) -> None:
    comparisons = [Comparison(a, b) for a, b in pairs]
    result = weights_from_comparisons(comparisons)
    if result.consistent:
        return
    subset = [comparisons[k] for k in result.conflicts]
    assert not weights_from_comparisons(subset).consistent
    for drop in range(len(subset)):
        rest = subset[:drop] + subset[drop + 1 :]
        assert not rest or weights_from_comparisons(rest).consistent
    # The answers set aside meet every conflict: the rest hold together.
    kept = [c for k, c in enumerate(comparisons) if k not in result.overruled]
    assert not kept or weights_from_comparisons(kept).consistent
    assert set(result.overruled) & set(result.conflicts)


@settings(max_examples=60, deadline=None)
@given(SOME_PAIRS, st.randoms(use_true_random=False))
def test_the_order_of_the_answers_does_not_matter(pairs: list, random) -> None:
    comparisons = [Comparison(a, b) for a, b in pairs]
    shuffled = comparisons[:]
    random.shuffle(shuffled)
    one, other = weights_from_comparisons(comparisons), weights_from_comparisons(shuffled)
    assert one.consistent == other.consistent
    assert len(one.overruled) == len(other.overruled)
    assert one.margin == pytest.approx(other.margin, abs=1e-9)
    assert one.total_violation == pytest.approx(other.total_violation, abs=1e-9)
    assert one.weights.vector() == pytest.approx(other.weights.vector(), abs=1e-9)


# --- informative pairs ---------------------------------------------------------------------------


@pytest.mark.parametrize("n", [0, -1, MAX_PAIRS + 1])
def test_informative_pairs_refuse_a_bad_count(n: int) -> None:
    with pytest.raises(InputError):
        informative_pairs(n)


def test_informative_pairs_by_hand() -> None:
    # Rate 1 for benefit/severity, resources/benefit and severity/resources, the shown-first measure alternating.
    assert informative_pairs(3) == [
        ((5, 2, 3), (2, 5, 3)),
        ((5, 3, 4), (2, 3, 1)),
        ((3, 5, 4), (3, 2, 1)),
    ]


def test_every_informative_pair_trades_two_criteria() -> None:
    pairs = informative_pairs(MAX_PAIRS)
    assert len(set(pairs)) == MAX_PAIRS
    rates = set()
    for n in range(1, MAX_PAIRS + 1):
        assert informative_pairs(n) == pairs[:n]
    for a, b in pairs:
        assert all(1 <= s <= 5 for s in a + b)
        d = diff(a, b)
        assert (d > 0).sum() == 1
        assert (d < 0).sum() == 1
        assert (d == 0).sum() == 1
        k = int(np.flatnonzero(d == 0)[0])
        assert a[k] == b[k] == 3
        # Each answer alone is possible, and so is the other: the answer cuts the weight simplex.
        assert weights_from_comparisons([Comparison(a, b)]).consistent
        assert weights_from_comparisons([Comparison(b, a)]).consistent
        rates.add(round(float(-d[d < 0][0] / d[d > 0][0]), 6))
    assert rates == {round(r, 6) for r in (1, 2, 1 / 2, 4, 1 / 4, 4 / 3, 3 / 4, 3, 1 / 3)}
    first = informative_pairs(3)
    assert {frozenset(np.flatnonzero(diff(a, b) != 0)) for a, b in first} == {
        frozenset({0, 1}),
        frozenset({0, 2}),
        frozenset({1, 2}),
    }
