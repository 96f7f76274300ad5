"""The worked table «Vurderes samlet» of seed 001 as fixtures, and the engine's agreement with its
conclusions.

Translation of the seed's words to the 1–5 scales (5 = very large benefit / very high severity /
very resource-intensive; the scales' labels are svært lav/liten · lav/liten · moderat · høy/stor ·
svært høy/stor):

=========================  ======================================================  =====
case and criterion          the seed's words                                        score
=========================  ======================================================  =====
Individ: 75 år, lårhals-
brudd, søker rehabilitering
  alvorlighet               «Høy – kan få varig nedsatt funksjon uten oppfølging»     4
  nytte                     «Stor – kan bli selvhjulpen og utsette behov for hjelp»   4
  ressurs, institusjon      «Høy ved institusjon …»                                   4
  ressurs, hjemme           «… moderat ved hjemmerehabilitering»                      3
  konklusjon                «Bør prioritere rehabiliteringsteam i hjemmet»
Tjeneste: Larvikshjelpa
  alvorlighet               «Ventetid er en betydelig risikofaktor. Tilstander kan
                            forverres» — significant risk: high                       4
  nytte                     «Stor – ser fra andre kommuner …»                         4
  ressurs                   «Krever ikke nye ressurser totalt sett, men en
                            omdisponering av eksisterende fagstillinger» — no new
                            money, but staff time is moved: small (liten), not none   2
  konklusjon                «Etablering av Larvikshjelpa bør prioriteres høyt»
Politisk: dagaktivitet
for personer med demens
  alvorlighet               «Høy – risiko for isolasjon og pårørendebelastning»       4
  nytte                     «Stor – bedrer livskvalitet og utsetter sykehjem»         4
  ressurs                   «Moderat til liten kostnad» — the smaller end, liten       2
  konklusjon                «Bør prioriteres høyt»
=========================  ======================================================  =====

By the formulas (partial values (b−1)/4, (s−1)/4, (5−r)/4):
  home rehabilitation (4,4,3): 3/4, 3/4, 1/2 → 3/4·(w_b + w_s) + 1/2·w_r
  institution stay    (4,4,4): 3/4, 3/4, 1/4 → 3/4·(w_b + w_s) + 1/4·w_r
  Larvikshjelpa and day activities (4,4,2): 3/4, 3/4, 3/4 → 3/4 for *every* weighting.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from prioritet.engine import (
    Criterion,
    Measures,
    Method,
    Priority,
    Weights,
    WeightSpace,
    priority_band,
    rank,
    robustness,
)

from .strategies import any_weights, positive_weights, weights3

B, S, R = Criterion.BENEFIT, Criterion.SEVERITY, Criterion.RESOURCES

# The ids sort the institution first, so that the home team never wins on the id tie-break.
INDIVIDUAL = Measures.build(
    ["a-institusjon", "b-hjemmerehabilitering"],
    ["Rehabiliteringsopphold i institusjon", "Rehabiliteringsteam i hjemmet"],
    [(4, 4, 4), (4, 4, 3)],
)
INSTITUTION, HOME = 0, 1

SERVICE_AND_POLITICAL = Measures.build(
    ["larvikshjelpa", "dagaktivitet-demens"],
    ["Etablering av Larvikshjelpa", "Økt dagaktivitetstilbud til personer med demens"],
    [(4, 4, 2), (4, 4, 2)],
)


# --- individual level ---------------------------------------------------------------------------------


def test_home_rehabilitation_ranks_above_the_institution_stay() -> None:
    r = rank(INDIVIDUAL)
    # Equal weights: home (3/4 + 3/4 + 1/2)/3 = 2/3, institution (3/4 + 3/4 + 1/4)/3 = 7/12.
    np.testing.assert_allclose(r.values[[HOME, INSTITUTION]], [2 / 3, 7 / 12], atol=1e-15)
    assert r.order.tolist() == [HOME, INSTITUTION]
    assert rank(INDIVIDUAL, method=Method.TOPSIS).order.tolist() == [HOME, INSTITUTION]


@settings(deadline=None)
@given(positive_weights)
def test_home_rehabilitation_wins_under_every_weighting_that_counts_resources(w: tuple[float, float, float]) -> None:
    """Equal benefit and severity, fewer resources: the difference in value is w_r·(1/2 − 1/4) > 0,
    whatever the other weights. TOPSIS agrees: with two alternatives equal on benefit and severity,
    the home team is the ideal point and the institution the anti-ideal."""
    r = rank(INDIVIDUAL, weights3(w))
    assert r.values[HOME] - r.values[INSTITUTION] == pytest.approx(0.25 * w[2] / sum(w), abs=1e-12)
    assert r.order[0] == HOME
    t = rank(INDIVIDUAL, weights3(w), Method.TOPSIS)
    assert t.values.tolist() == [0.0, 1.0]


@pytest.mark.parametrize("method", list(Method))
@pytest.mark.parametrize(
    "space",
    [
        WeightSpace(),
        WeightSpace(order=(S, B, R)),  # resources counts least, yet still counts
        WeightSpace(bounds={R: (0.0, 0.05)}),  # resources barely counts
        WeightSpace(bounds={B: (0.4, 0.9), S: (0.1, 0.6)}),
    ],
)
def test_the_individual_conclusion_is_robust(method: Method, space: WeightSpace) -> None:
    """Rank acceptability 1 for home rehabilitation first, in every sampled weighting: a flat
    Dirichlet gives the resources weight a positive value with probability 1, and any positive
    resources weight separates two measures equal on benefit and severity."""
    r = robustness(INDIVIDUAL, samples=2000, seed=1, space=space, method=method)
    np.testing.assert_array_equal(r.rank_acceptability[HOME], [1.0, 0.0])
    np.testing.assert_array_equal(r.rank_acceptability[INSTITUTION], [0.0, 1.0])


def test_without_a_resources_weight_the_data_cannot_separate_them() -> None:
    """With resources weighing exactly 0 the two are equal on everything that counts; the engine's
    tie-break (severity, benefit, then id) then orders them by id alone, which is no conclusion."""
    r = rank(INDIVIDUAL, Weights({B: 1, S: 1}))
    assert r.values[HOME] == r.values[INSTITUTION]
    assert r.order.tolist() == [INSTITUTION, HOME]  # «a-institusjon» < «b-hjemmerehabilitering»


# --- service and political level -------------------------------------------------------------------------


def test_larvikshjelpa_and_day_activities_are_high_priority() -> None:
    r = rank(SERVICE_AND_POLITICAL)
    np.testing.assert_allclose(r.values, [0.75, 0.75], atol=1e-15)
    assert [priority_band(v) for v in r.values] == [Priority.HIGH, Priority.HIGH]


@settings(deadline=None)
@given(any_weights)
def test_high_priority_under_every_weighting(w: tuple[float, float, float]) -> None:
    """All three partial values are 3/4, so the value is 3/4 whatever the weights: «bør prioriteres
    høyt» does not hang on how the criteria are weighed."""
    r = rank(SERVICE_AND_POLITICAL, weights3(w))
    np.testing.assert_allclose(r.values, 0.75, atol=1e-12)
    assert {priority_band(v) for v in r.values} == {Priority.HIGH}


@pytest.mark.parametrize(
    ("resources", "weights", "band"),
    [
        # Read as «ingen» (1): 3/4·(w_b + w_s) + w_r ≥ 3/4 → high under every weighting.
        (1, {B: 1, S: 1, R: 1}, Priority.HIGH),
        (1, {R: 1}, Priority.HIGH),
        # Read as «moderat» (3): 3/4·(w_b + w_s) + 1/2·w_r, which is ≥ 2/3 exactly when w_r ≤ 1/3.
        (3, {B: 1, S: 1, R: 1}, Priority.HIGH),  # 2/3: on the boundary, which counts as high
        (3, {B: 1, S: 1, R: 2}, Priority.MEDIUM),  # w_r = 1/2: 3/8 + 1/4 = 5/8
    ],
)
def test_how_much_the_band_hangs_on_the_resources_translation(
    resources: int, weights: dict[Criterion, float], band: Priority
) -> None:
    m = Measures.build(["x"], None, [(4, 4, resources)])
    assert priority_band(float(rank(m, Weights(weights)).values[0])) is band
