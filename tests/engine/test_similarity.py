"""Similar decided cases: a distance computed by hand, the k nearest against a brute-force sort in plain
Python (hypothesis, and once on 5,000 generated cases), missing dimensions, and the departure rule."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prioritet.engine.similarity import DECIMALS, departure, distances, nearest, spread


def brute_force(points: list[list[float]], query: list[float], weights: list[float], k: int) -> list[int]:
    """The k nearest by the documented formula, one case at a time in plain Python."""
    width = len(query)
    scale = []
    for j in range(width):
        column = [row[j] for row in points if not math.isnan(row[j])]
        if column:
            mean = sum(column) / len(column)
            sd = math.sqrt(sum((v - mean) ** 2 for v in column) / len(column))
        else:
            sd = 0.0
        scale.append(sd if sd > 0 else 1.0)
    scored = []
    for i, row in enumerate(points):
        both = [j for j in range(width) if not math.isnan(row[j]) and not math.isnan(query[j])]
        total = sum(weights[j] for j in both)
        if total <= 0:
            continue
        d = math.sqrt(sum(weights[j] * ((row[j] - query[j]) / scale[j]) ** 2 for j in both) / total)
        scored.append((round(d, DECIMALS), i))
    return [i for _, i in sorted(scored)[:k]]


scores = st.integers(min_value=1, max_value=5)
weights = st.lists(st.floats(min_value=0.05, max_value=1.0), min_size=3, max_size=3)


def test_a_distance_by_hand() -> None:
    """Scale 1 (given), weights 0.4/0.35/0.25: one step on severity and two on resources:
    sqrt(0.4·1 + 0.25·4) = sqrt(1.4)."""
    d = distances([[3, 3, 3], [4, 3, 5]], [3, 3, 3], [0.4, 0.35, 0.25], scale=[1, 1, 1])
    assert d.tolist() == [0.0, round(math.sqrt(1.4), DECIMALS)]


def test_the_spread_is_the_population_standard_deviation_and_one_when_flat() -> None:
    scale = spread([[1, 2, np.nan], [3, 2, np.nan]])
    assert scale.tolist() == [1.0, 1.0, 1.0]
    assert spread([[1, 1], [5, 1]]).tolist() == [2.0, 1.0]


def test_standardising_lets_a_narrow_dimension_count_as_much_as_a_wide_one() -> None:
    """Severity only 4–5 in the data, benefit 1–5: one step of severity is a large difference here."""
    points = [[4, 1], [5, 5], [4, 3], [5, 1], [4, 5]]
    scale = spread(points)
    assert scale[0] < scale[1]
    d = distances([[5, 3], [4, 4]], [4, 3], [0.5, 0.5], scale)
    assert d[0] > d[1]  # one step of severity is further than one step of benefit


def test_missing_dimensions_are_left_out_and_none_in_common_is_never_near() -> None:
    points = [[3, np.nan], [np.nan, np.nan], [3, 4]]
    found = nearest(points, [3, 2], 3, [0.5, 0.5], scale=[1, 1])
    assert found.indices.tolist() == [0, 2]  # the case with nothing in common is left out
    assert found.distances[0] == 0.0


def test_ties_keep_the_callers_order() -> None:
    found = nearest([[2, 2, 2]] * 4, [2, 2, 2], 3, [1, 1, 1])
    assert found.indices.tolist() == [0, 1, 2]


def test_refusals() -> None:
    with pytest.raises(ValueError, match="one value per dimension"):
        nearest([[1, 2, 3]], [1, 2], 1, [1, 1, 1])
    with pytest.raises(ValueError, match="k must be"):
        nearest([[1, 2, 3]], [1, 2, 3], 0, [1, 1, 1])
    with pytest.raises(ValueError, match="not all zero"):
        distances([[1, 2, 3]], [1, 2, 3], [0, 0, 0])
    with pytest.raises(ValueError, match="above zero"):
        distances([[1, 2, 3]], [1, 2, 3], [1, 1, 1], scale=[1, 0, 1])


@settings(max_examples=150, deadline=None)
@given(
    points=st.lists(st.lists(scores, min_size=3, max_size=3), min_size=1, max_size=80),
    query=st.lists(scores, min_size=3, max_size=3),
    w=weights,
    k=st.integers(min_value=1, max_value=15),
)
def test_the_k_nearest_are_a_brute_force_sort(
    points: list[list[int]], query: list[int], w: list[float], k: int
) -> None:
    as_float = [[float(v) for v in row] for row in points]
    found = nearest(as_float, [float(v) for v in query], k, w)
    assert found.indices.tolist() == brute_force(as_float, [float(v) for v in query], w, k)
    assert list(found.distances) == sorted(found.distances)


@settings(max_examples=80, deadline=None)
@given(
    points=st.lists(
        st.lists(st.one_of(scores.map(float), st.just(math.nan)), min_size=4, max_size=4), min_size=1, max_size=40
    ),
    query=st.lists(st.one_of(scores.map(float), st.just(math.nan)), min_size=4, max_size=4),
    k=st.integers(min_value=1, max_value=10),
)
def test_with_missing_sub_dimensions_too(points: list[list[float]], query: list[float], k: int) -> None:
    w = [0.4, 0.35, 0.25, 0.2]
    assert nearest(points, query, k, w).indices.tolist() == brute_force(points, query, w, k)


def test_five_thousand_generated_cases_against_brute_force() -> None:
    rng = np.random.default_rng(13)
    points = rng.integers(1, 6, size=(5000, 3)).astype(float)
    w = [0.40, 0.35, 0.25]
    for query in rng.integers(1, 6, size=(20, 3)).astype(float):
        for k in (1, 10, 50):
            found = nearest(points, query, k, w)
            assert found.indices.tolist() == brute_force(points.tolist(), query.tolist(), w, k)


def test_departure_needs_enough_similar_cases_and_a_small_share() -> None:
    refused, low, medium, high = 0, 1, 2, 3
    # Eight of ten similar cases were granted medium; a refusal departs.
    outcomes = [medium] * 8 + [low, refused]
    result = departure(outcomes, refused)
    assert result.departs
    assert result.typical == medium
    assert result.share == pytest.approx(0.1)
    assert result.counts == {refused: 1, low: 1, medium: 8}
    assert not departure(outcomes, medium).departs
    # Four similar cases say too little.
    assert not departure([medium] * 4, refused).departs
    # Exactly a third is not fewer than a third.
    assert not departure([high, high, low, low, medium, medium], high).departs
    assert departure([], high).typical is None
    assert not departure([], high).departs


@given(outcomes=st.lists(st.integers(min_value=0, max_value=3), max_size=30), chosen=st.integers(0, 3))
def test_departure_is_the_documented_rule(outcomes: list[int], chosen: int) -> None:
    result = departure(outcomes, chosen)
    same = outcomes.count(chosen)
    assert result.departs == (len(outcomes) >= 5 and same * 3 < len(outcomes))
    if outcomes:
        assert result.counts[result.typical] == max(outcomes.count(o) for o in set(outcomes))
