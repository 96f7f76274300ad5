"""The maths of a calibration exercise: the group's agreement and each person's distance from it.

Pure functions on a rating matrix, raters as rows and units as columns, ``None`` where a rater gave
no score. No Django here, so the numbers can be checked by hand and reused anywhere.

* Agreement is Krippendorff's alpha for ordinal data, computed by the maintained ``krippendorff``
  library (Krippendorff 2004; 2011, «Computing Krippendorff's Alpha-Reliability»). Alpha is
  undefined with fewer than two raters on any unit, or when every pairable score is the same (the
  expected disagreement is then zero): we say why instead of returning ``nan``.
* Percentage agreement beside alpha: the share of pairs of scores (two raters, one unit) that are
  equal, and that differ by at most one step. Alpha corrects for chance and so falls low when the
  scores vary little (almost everyone says 3 or 4), although people are close; the two shares say how
  close, in words anyone can check.
* A person's distance is the mean absolute difference, in scale steps, between their score and the
  median of the *other* raters' scores on the same unit (leave-one-out, so one person's own score
  never pulls the reference towards them), with a count of the units where they differ by two steps
  or more.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import krippendorff
import numpy as np

#: The scale of every criterion: 1–5, ordered.
SCALE: tuple[int, ...] = (1, 2, 3, 4, 5)

#: A difference from the group of this many scale steps or more is counted as a large one.
LARGE_DIFFERENCE = 2

#: Krippendorff's (2004) thresholds: reliable from 0.800, tentative conclusions from 0.667.
GOOD = 0.8
TENTATIVE = 2 / 3

Matrix = Sequence[Sequence[int | None]]


class Undefined(StrEnum):
    """Why alpha cannot be computed for the data."""

    TOO_FEW_RATERS = "too_few_raters"
    NO_VARIATION = "no_variation"


class Band(StrEnum):
    """How to read an alpha value, after Krippendorff (2004)."""

    GOOD = "good"
    TENTATIVE = "tentative"
    LOW = "low"


@dataclass(frozen=True)
class Alpha:
    """Krippendorff's alpha, or the reason it is undefined (then ``value`` is ``None``)."""

    value: float | None
    raters: int
    units: int
    undefined: Undefined | None = None

    @property
    def band(self) -> Band | None:
        if self.value is None:
            return None
        if self.value >= GOOD:
            return Band.GOOD
        if self.value >= TENTATIVE:
            return Band.TENTATIVE
        return Band.LOW


@dataclass(frozen=True)
class UnitDifference:
    """One rater's score on one unit against the median of the others."""

    unit: int
    score: int
    others_median: float

    @property
    def difference(self) -> float:
        return abs(self.score - self.others_median)


@dataclass(frozen=True)
class Distance:
    """How far one rater is from the rest of the group, over the units both have scored."""

    rater: int
    units: tuple[UnitDifference, ...] = field(default_factory=tuple)

    @property
    def compared(self) -> int:
        return len(self.units)

    @property
    def mean(self) -> float | None:
        """Mean absolute difference in scale steps; ``None`` when nothing could be compared."""
        if not self.units:
            return None
        return math.fsum(u.difference for u in self.units) / len(self.units)

    @property
    def large(self) -> int:
        """How many units differ by :data:`LARGE_DIFFERENCE` steps or more."""
        return sum(1 for u in self.units if u.difference >= LARGE_DIFFERENCE)

    def largest(self, count: int) -> list[UnitDifference]:
        """The units with the largest differences, largest first (ties in unit order)."""
        ranked = sorted(self.units, key=lambda u: (-u.difference, u.unit))
        return [u for u in ranked[:count] if u.difference > 0]


def _check(matrix: Matrix) -> None:
    widths = {len(row) for row in matrix}
    if len(widths) > 1:
        raise ValueError("every rater needs a value (or None) for every unit")
    for row in matrix:
        for score in row:
            if score is not None and score not in SCALE:
                raise ValueError(f"score {score!r} is outside the scale 1–5")


def column(matrix: Matrix, unit: int) -> list[int]:
    """The scores given to ``unit``, missing ones left out."""
    return [score for row in matrix if (score := row[unit]) is not None]


def ordinal_alpha(matrix: Matrix) -> Alpha:
    """Krippendorff's alpha for ordinal data of a raters × units matrix (``None`` = missing)."""
    _check(matrix)
    n_units = len(matrix[0]) if matrix else 0
    # Only units with two or more scores are pairable; the rest carry no information on agreement.
    pairable = [u for u in range(n_units) if len(column(matrix, u)) >= 2]
    raters = sum(1 for row in matrix if any(score is not None for score in row))
    if not pairable:
        return Alpha(None, raters, 0, Undefined.TOO_FEW_RATERS)
    values = {score for u in pairable for score in column(matrix, u)}
    if len(values) < 2:
        return Alpha(None, raters, len(pairable), Undefined.NO_VARIATION)
    data = np.array([[np.nan if s is None else float(s) for s in row] for row in matrix], dtype=float)
    value = float(krippendorff.alpha(reliability_data=data, value_domain=list(SCALE), level_of_measurement="ordinal"))
    return Alpha(value, raters, len(pairable))


#: Within-one-step agreement at or above this share, with alpha below :data:`TENTATIVE`, is read as
#: «the scores vary little», and the page explains why alpha is low although people are close.
CLOSE = 0.8


@dataclass(frozen=True)
class PairAgreement:
    """Percentage agreement: of all pairs of scores on the same unit by two raters, the share that are
    equal (``exact``) and that differ by at most one scale step (``within_one``); ``None`` without pairs."""

    pairs: int
    exact_pairs: int
    within_one_pairs: int

    @property
    def exact(self) -> float | None:
        return self.exact_pairs / self.pairs if self.pairs else None

    @property
    def within_one(self) -> float | None:
        return self.within_one_pairs / self.pairs if self.pairs else None


def pair_agreement(matrix: Matrix) -> PairAgreement:
    """Count every unordered pair of scores on each unit (``m_u·(m_u−1)/2`` pairs on a unit scored ``m_u``
    times) and those that are equal or one step apart."""
    _check(matrix)
    n_units = len(matrix[0]) if matrix else 0
    pairs = exact = within = 0
    for u in range(n_units):
        scores = column(matrix, u)
        for i, a in enumerate(scores):
            for b in scores[i + 1 :]:
                pairs += 1
                exact += a == b
                within += abs(a - b) <= 1
    return PairAgreement(pairs, exact, within)


def varies_little(alpha: Alpha, pairs: PairAgreement) -> bool:
    """Alpha is under the tentative threshold although most pairs are within one step: the scores vary
    too little for alpha to tell agreement from chance, and alpha alone would mislead."""
    within = pairs.within_one
    return alpha.value is not None and alpha.value < TENTATIVE and within is not None and within >= CLOSE


def median(values: Sequence[float]) -> float | None:
    """The median (the mean of the two middle values for an even count), ``None`` for no values."""
    return float(statistics.median(values)) if values else None


def unit_medians(matrix: Matrix) -> list[float | None]:
    """The group's median score of each unit."""
    n_units = len(matrix[0]) if matrix else 0
    return [median(column(matrix, u)) for u in range(n_units)]


def distances(matrix: Matrix) -> list[Distance]:
    """Each rater's leave-one-out distance from the group, in row order."""
    _check(matrix)
    result = []
    for i, row in enumerate(matrix):
        others = [r for j, r in enumerate(matrix) if j != i]
        units = []
        for u, score in enumerate(row):
            reference = median(column(others, u)) if others else None
            if score is not None and reference is not None:
                units.append(UnitDifference(u, score, reference))
        result.append(Distance(i, tuple(units)))
    return result
