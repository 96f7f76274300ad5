"""Properties of the agreement statistics on generated rating matrices.

The oracle is Krippendorff's definition written out in exact fractions (coincidence matrix and the
ordinal metric, Krippendorff 2011, sections A and E), independent of the library the product uses.
"""

from __future__ import annotations

import random
from fractions import Fraction

from hypothesis import given, reject
from hypothesis import strategies as st

from prioritet.calibration import agreement

SCORES = st.one_of(st.none(), st.integers(1, 5))


@st.composite
def matrices(draw: st.DrawFn) -> list[list[int | None]]:
    raters = draw(st.integers(2, 5))
    units = draw(st.integers(1, 6))
    return [[draw(SCORES) for _ in range(units)] for _ in range(raters)]


def alpha_by_definition(matrix: list[list[int | None]]) -> Fraction:
    """Ordinal alpha = 1 − D_o / D_e from the coincidence matrix, exactly."""
    coincidence: dict[tuple[int, int], Fraction] = {}
    for u in range(len(matrix[0])):
        values = agreement.column(matrix, u)
        m = len(values)
        if m < 2:
            continue
        for i, c in enumerate(values):
            for j, k in enumerate(values):
                if i != j:
                    coincidence[(c, k)] = coincidence.get((c, k), Fraction(0)) + Fraction(1, m - 1)
    n_c = {c: sum((v for (a, _), v in coincidence.items() if a == c), Fraction(0)) for c in agreement.SCALE}
    n = sum(n_c.values())

    def delta2(c: int, k: int) -> Fraction:
        low, high = min(c, k), max(c, k)
        between = sum((n_c[g] for g in range(low, high + 1)), Fraction(0))
        return (between - (n_c[c] + n_c[k]) / 2) ** 2

    observed = sum((v * delta2(c, k) for (c, k), v in coincidence.items()), Fraction(0))
    expected = sum((n_c[c] * n_c[k] * delta2(c, k) for c in agreement.SCALE for k in agreement.SCALE), Fraction(0))
    return 1 - (n - 1) * observed / expected


@given(matrices())
def test_alpha_is_krippendorffs_definition_whenever_it_is_defined(matrix: list[list[int | None]]) -> None:
    value = agreement.ordinal_alpha(matrix).value
    if value is None:
        reject()
    assert abs(value - float(alpha_by_definition(matrix))) < 1e-9
    assert value <= 1 + 1e-12


@given(matrices(), st.randoms(use_true_random=False))
def test_alpha_does_not_depend_on_the_order_of_raters_or_units(
    matrix: list[list[int | None]], rnd: random.Random
) -> None:
    raters = list(matrix)
    rnd.shuffle(raters)
    units = list(range(len(matrix[0])))
    rnd.shuffle(units)
    shuffled = [[row[u] for u in units] for row in raters]
    before, after = agreement.ordinal_alpha(matrix), agreement.ordinal_alpha(shuffled)
    assert before.undefined == after.undefined
    if before.value is not None and after.value is not None:
        assert abs(before.value - after.value) < 1e-9


@given(st.lists(st.integers(1, 5), min_size=2, max_size=6), st.integers(2, 5))
def test_raters_who_agree_on_everything_have_alpha_one_and_no_distance(row: list[int], raters: int) -> None:
    matrix: list[list[int | None]] = [list(row) for _ in range(raters)]
    result = agreement.ordinal_alpha(matrix)
    if len(set(row)) < 2:
        assert result.value is None
        assert result.undefined is agreement.Undefined.NO_VARIATION
    else:
        assert result.value == 1.0
    assert all(d.mean == 0 and d.large == 0 for d in agreement.distances(matrix))


@given(matrices())
def test_a_distance_is_within_the_scale_and_counts_only_compared_units(matrix: list[list[int | None]]) -> None:
    for d in agreement.distances(matrix):
        own = sum(1 for s in matrix[d.rater] if s is not None)
        assert d.compared <= own
        if d.mean is not None:
            assert 0 <= d.mean <= 4
            assert d.large <= d.compared
