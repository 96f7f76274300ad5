"""The agreement coefficient against known results: a published worked example and a hand computation.

The issue's check: «A calibration test with known ratings gives the agreement coefficient that a
hand computation gives.» Both data sets go through the database and the results selector, so what
is tested is what the results page shows.
"""

from __future__ import annotations

import math
from fractions import Fraction

import krippendorff
import numpy as np
import pytest

from prioritet.accounts.models import Role
from prioritet.calibration import agreement, selectors, services
from prioritet.calibration.testing import make_example, make_exercise, submit_matrix
from prioritet.engine import Criterion

N = None

#: Krippendorff (2011), «Computing Krippendorff's Alpha-Reliability», section C: 4 observers × 12
#: units, values 1–5, with missing values. Published: nominal 0.743, ordinal 0.815, interval 0.849.
PUBLISHED: list[list[int | None]] = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, N, N, N],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, N, 3],
    [N, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, N],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, N],
]

#: A small example, 3 raters × 4 units, computed by hand below.
HAND: list[list[int | None]] = [
    [1, 2, 3, 3],
    [1, 2, 3, 2],
    [2, 2, N, 3],
]


def _nan(matrix):
    return np.array([[np.nan if v is None else v for v in row] for row in matrix], dtype=float)


def hand_alpha() -> Fraction:
    """Krippendorff's alpha (ordinal) of HAND, step by step, in exact fractions, without the library.

    1. Pairable values: every unit has at least two scores, so n = 3 + 3 + 2 + 3 = 11.
    2. Coincidence matrix o[c][k] = Σ_u (ordered pairs of different raters with c, k in unit u) / (m_u − 1):
       unit 1 (1, 1, 2): pairs 1-1 ×2, 1-2 ×2, 2-1 ×2, over m−1 = 2 → o11 += 1, o12 += 1, o21 += 1
       unit 2 (2, 2, 2): pairs 2-2 ×6, over 2                      → o22 += 3
       unit 3 (3, 3):    pairs 3-3 ×2, over 1                      → o33 += 2
       unit 4 (3, 2, 3): pairs 3-3 ×2, 3-2 ×2, 2-3 ×2, over 2     → o33 += 1, o32 += 1, o23 += 1
    3. Marginals n_1 = 2, n_2 = 5, n_3 = 4.
    4. Ordinal distance δ²(c, k) = (Σ_{g=c..k} n_g − (n_c + n_k) / 2)²:
       δ²(1,2) = (7 − 3.5)² = 12.25, δ²(2,3) = (9 − 4.5)² = 20.25, δ²(1,3) = (11 − 3)² = 64.
    5. α = 1 − (n − 1) · Σ_{c<k} o_ck δ²_ck / Σ_{c<k} n_c n_k δ²_ck
         = 1 − 10 · (1·12.25 + 0·64 + 1·20.25) / (2·5·12.25 + 2·4·64 + 5·4·20.25)
         = 1 − 10 · 32.5 / 1039.5 = 1429 / 2079 ≈ 0.687350.
    The code below does exactly these steps from the raw data and checks each against the numbers above.
    """
    values = [1, 2, 3]
    units = [[score for row in HAND if (score := row[u]) is not None] for u in range(4)]
    o = {(c, k): Fraction(0) for c in values for k in values}
    for scores in units:
        m = len(scores)
        for i, c in enumerate(scores):
            for j, k in enumerate(scores):
                if i != j:
                    o[c, k] += Fraction(1, m - 1)
    assert o == {
        (1, 1): 1, (1, 2): 1, (1, 3): 0,
        (2, 1): 1, (2, 2): 3, (2, 3): 1,
        (3, 1): 0, (3, 2): 1, (3, 3): 3,
    }  # fmt: skip
    n_c = {c: sum(o[c, k] for k in values) for c in values}
    assert n_c == {1: 2, 2: 5, 3: 4}
    n = sum(n_c.values())
    assert n == 11

    def delta2(c: int, k: int) -> Fraction:
        low, high = min(c, k), max(c, k)
        return (sum(n_c[g] for g in range(low, high + 1)) - Fraction(n_c[c] + n_c[k], 2)) ** 2

    assert (delta2(1, 2), delta2(2, 3), delta2(1, 3)) == (Fraction(49, 4), Fraction(81, 4), 64)
    pairs = [(c, k) for c in values for k in values if c < k]
    observed = sum(o[c, k] * delta2(c, k) for c, k in pairs)
    expected = sum(n_c[c] * n_c[k] * delta2(c, k) for c, k in pairs)
    assert (observed, expected) == (Fraction(65, 2), Fraction(2079, 2))
    return 1 - (n - 1) * observed / expected


def test_the_hand_computation_itself():
    assert hand_alpha() == Fraction(1429, 2079)


def test_pure_function_matches_hand_and_published_values():
    assert agreement.ordinal_alpha(HAND).value == pytest.approx(float(Fraction(1429, 2079)), abs=1e-9)
    published = agreement.ordinal_alpha(PUBLISHED)
    assert published.value is not None
    assert round(published.value, 3) == 0.815
    assert (published.raters, published.units) == (4, 11)  # unit 11 has a single value: not pairable
    # The transcription of the published data is right: the library gives the paper's other levels too.
    assert round(krippendorff.alpha(_nan(PUBLISHED), level_of_measurement="nominal"), 3) == 0.743
    assert round(krippendorff.alpha(_nan(PUBLISHED), level_of_measurement="interval"), 3) == 0.849


@pytest.fixture
def people(municipality, user_factory):
    leader = user_factory(Role.LEADER, username="leder")
    raters = [user_factory(Role.CASEWORKER, username=f"saksbehandler{i}", last_name=f"B{i}") for i in range(4)]
    return leader, raters


def test_selector_gives_published_alpha(municipality, people):
    """2 examples × 2 alternatives × 3 criteria = 12 units, in the paper's order."""
    leader, raters = people
    exercise = make_exercise(municipality, leader, raters)
    assert len(selectors.units_of(exercise)) == 12
    submit_matrix(exercise, raters, PUBLISHED)
    services.close_exercise(exercise, leader, exercise.version)
    result = selectors.results(selectors.get_exercise(municipality, exercise.pk))
    overall = result.overall.value
    assert overall == pytest.approx(0.8153875037548814, abs=1e-9)
    assert overall is not None
    assert round(overall, 3) == 0.815


def test_selector_per_criterion_alpha_equals_hand_computation(municipality, people):
    """The benefit units of 4 alternatives carry HAND; the other criteria are filled with other scores."""
    leader, raters = people
    examples = [make_example(alternatives=((3, 3, 3), (3, 3, 3))), make_example(alternatives=((3, 3, 3), (3, 3, 3)))]
    exercise = make_exercise(municipality, leader, raters[:3], examples)
    units = selectors.units_of(exercise)
    matrix: list[list[int | None]] = []
    for r, row in enumerate(HAND):
        benefit = iter(row)
        matrix.append(
            [next(benefit) if u.criterion == Criterion.BENEFIT else (r + i) % 5 + 1 for i, u in enumerate(units)]
        )
    submit_matrix(exercise, raters[:3], matrix)
    result = selectors.results(selectors.get_exercise(municipality, exercise.pk))
    by_criterion = dict(result.by_criterion)
    assert by_criterion[Criterion.BENEFIT].value == pytest.approx(float(hand_alpha()), abs=1e-9)


def test_one_rater_cannot_give_alpha():
    alpha = agreement.ordinal_alpha([[1, 2, 3, 4]])
    assert alpha.value is None
    assert alpha.undefined == agreement.Undefined.TOO_FEW_RATERS


def test_no_pairable_unit_cannot_give_alpha():
    alpha = agreement.ordinal_alpha([[1, N], [N, 2]])
    assert (alpha.value, alpha.undefined) == (None, agreement.Undefined.TOO_FEW_RATERS)


def test_all_identical_scores_cannot_give_alpha():
    alpha = agreement.ordinal_alpha([[3, 3, 3], [3, 3, 3], [3, N, 3]])
    assert (alpha.value, alpha.undefined) == (None, agreement.Undefined.NO_VARIATION)
    assert alpha.band is None


def test_perfect_agreement_with_variation_is_one():
    assert agreement.ordinal_alpha([[1, 2, 5], [1, 2, 5]]).value == pytest.approx(1.0)


def test_bands_follow_krippendorff_2004():
    assert agreement.Alpha(0.8, 3, 4).band == agreement.Band.GOOD
    assert agreement.Alpha(0.7, 3, 4).band == agreement.Band.TENTATIVE
    assert agreement.Alpha(0.66, 3, 4).band == agreement.Band.LOW


def test_scores_outside_the_scale_are_refused():
    with pytest.raises(ValueError, match="outside the scale"):
        agreement.ordinal_alpha([[0, 2], [1, 2]])


def test_leave_one_out_distances_on_a_known_matrix():
    # Unit medians of the others:
    #   rater 0: unit0 median(2, 5) = 3.5 → |1 − 3.5| = 2.5; unit1 median(3, 3) = 3 → 0;
    #            unit2 median(1) = 1 → |4 − 1| = 3 (rater 2 has no score there)
    #   rater 1: unit0 median(1, 5) = 3 → 1; unit1 median(3, 3) = 3 → 0; unit2 median(4) = 4 → 3
    #   rater 2: unit0 median(1, 2) = 1.5 → 3.5; unit1 median(3, 3) = 3 → 0; no score on unit2
    matrix: list[list[int | None]] = [[1, 3, 4], [2, 3, 1], [5, 3, N]]
    d = agreement.distances(matrix)
    assert [u.others_median for u in d[0].units] == [3.5, 3.0, 1.0]
    assert d[0].mean == pytest.approx((2.5 + 0 + 3) / 3)
    assert d[0].large == 2
    assert d[1].mean == pytest.approx((1 + 0 + 3) / 3)
    assert d[1].large == 1
    assert d[2].compared == 2
    assert d[2].mean == pytest.approx(3.5 / 2)
    assert d[2].large == 1
    assert [(u.unit, u.difference) for u in d[0].largest(5)] == [(2, 3.0), (0, 2.5)]
    assert agreement.unit_medians(matrix) == [2.0, 3.0, 2.5]


def test_distance_of_a_lone_rater_is_empty():
    (only,) = agreement.distances([[1, 2, 3]])
    assert only.mean is None
    assert only.compared == 0
    assert only.large == 0
    assert not math.isnan(only.large)


def test_severity_agreement_is_over_each_examples_need_once(municipality, people):
    """Severity belongs to the need: one unit per example, not one per alternative; benefit and resources
    have one unit per alternative."""
    leader, raters = people
    exercise = make_exercise(municipality, leader, raters[:3])
    units = selectors.units_of(exercise)
    by_kind = {c: [i for i, u in enumerate(units) if u.criterion == c] for c in Criterion}
    assert (len(by_kind[Criterion.SEVERITY]), len(by_kind[Criterion.BENEFIT]), len(by_kind[Criterion.RESOURCES])) == (
        2,
        5,
        5,
    )
    assert all(units[i].alternative is None for i in by_kind[Criterion.SEVERITY])
    matrix = [[(r * 7 + i * 3) % 5 + 1 for i in range(len(units))] for r in range(3)]
    submit_matrix(exercise, raters[:3], matrix)
    result = selectors.results(selectors.get_exercise(municipality, exercise.pk))
    severity = dict(result.by_criterion)[Criterion.SEVERITY]
    expected = agreement.ordinal_alpha([[row[i] for i in by_kind[Criterion.SEVERITY]] for row in matrix])
    assert (severity.value, severity.units) == (expected.value, expected.units)
    assert severity.units == 2
    # The need's reference is the publishing municipality's severity: the median over its alternatives, half up
    # (4, 4, 4 → 4; the older example's 4 and 3 → 3.5 → 4).
    assert [units[i].reference for i in by_kind[Criterion.SEVERITY]] == [4, 4]


def test_pair_agreement_by_hand():
    # HAND: unit 1 (1, 1, 2): 3 pairs, 1 equal, 3 within one; unit 2 (2, 2, 2): 3 equal; unit 3 (3, 3):
    # 1 equal; unit 4 (3, 2, 3): 1 equal, 3 within one. 10 pairs, 6 equal, 10 within one step.
    pairs = agreement.pair_agreement(HAND)
    assert (pairs.pairs, pairs.exact_pairs, pairs.within_one_pairs) == (10, 6, 10)
    assert pairs.exact == pytest.approx(0.6)
    assert pairs.within_one == 1.0


def test_pair_agreement_counts_two_step_differences_as_apart():
    pairs = agreement.pair_agreement([[1, 5], [3, 5], [N, 4]])
    # Unit 1 (1, 3): one pair, two steps apart. Unit 2 (5, 5, 4): 3 pairs, 1 equal, all within one.
    assert (pairs.pairs, pairs.exact_pairs, pairs.within_one_pairs) == (4, 1, 3)


def test_pair_agreement_without_pairs_is_none():
    pairs = agreement.pair_agreement([[1, N], [N, 2]])
    assert pairs.pairs == 0
    assert pairs.exact is None
    assert pairs.within_one is None


#: Nearly every score is 3 or 4, and everyone is within a step: alpha is low all the same.
NARROW: list[list[int | None]] = [
    [3, 3, 4, 3, 3, 4, 3, 3, 3, 4, 3, 3],
    [3, 4, 3, 3, 4, 3, 3, 3, 4, 3, 3, 3],
    [4, 3, 3, 3, 3, 3, 4, 3, 3, 3, 3, 4],
]


def test_low_alpha_with_narrow_scores_varies_little():
    alpha = agreement.ordinal_alpha(NARROW)
    pairs = agreement.pair_agreement(NARROW)
    assert alpha.value is not None
    assert alpha.value < agreement.TENTATIVE
    assert pairs.within_one == 1.0
    assert agreement.varies_little(alpha, pairs)
    # The published data have good agreement: nothing to explain there.
    assert not agreement.varies_little(agreement.ordinal_alpha(PUBLISHED), agreement.pair_agreement(PUBLISHED))
    # Far-apart scores with a low alpha stay «low agreement».
    apart = [[1, 5, 1, 5], [5, 1, 5, 1]]
    assert not agreement.varies_little(agreement.ordinal_alpha(apart), agreement.pair_agreement(apart))
