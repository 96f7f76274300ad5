"""Ranking measures by the additive priority matrix or by TOPSIS."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from numpy.typing import NDArray

from .criteria import CRITERIA, HIGHER_IS_BETTER, partial_values
from .measures import FloatArray, IntArray, Measures
from .weights import Weights

#: Values are rounded before ordering so that sums computed in different orders still tie.
_DECIMALS = 12


class Method(StrEnum):
    ADDITIVE = "additive"
    TOPSIS = "topsis"


@dataclass(frozen=True)
class Ranking:
    method: Method
    weights: dict[str, float]
    #: Measure indices in rank order (best first).
    order: IntArray
    #: Value of each measure, indexed like the measures (not like ``order``).
    values: FloatArray

    def ranks(self) -> IntArray:
        """1-based rank of each measure, indexed like the measures."""
        r = np.empty(len(self.order), dtype=np.int64)
        r[self.order] = np.arange(1, len(self.order) + 1)
        return r


def additive_values(partial: FloatArray, weights: NDArray[np.float64]) -> NDArray[np.float64]:
    """Σ weight × partial value; ``weights`` may be one vector or one vector per row of a matrix."""
    return weights @ partial.T if weights.ndim == 2 else partial @ weights


def topsis_values(
    scores: NDArray[np.float64], weights: NDArray[np.float64], counts: IntArray | None = None
) -> NDArray[np.float64]:
    """Relative closeness to the ideal point (Hwang & Yoon 1981), vector normalisation.

    ``counts`` lets a caller pass distinct score profiles with how many measures share each: the
    column norms are those of the full set, so the result equals computing on every measure.
    ``weights`` may be a matrix of weight vectors (one per row); the result then has a row each.
    """
    multiplicity = np.ones(len(scores)) if counts is None else counts.astype(np.float64)
    norms = np.sqrt(multiplicity @ scores**2)
    r = scores / norms
    best = np.where(HIGHER_IS_BETTER, r.max(axis=0), r.min(axis=0))
    worst = np.where(HIGHER_IS_BETTER, r.min(axis=0), r.max(axis=0))
    w2 = weights**2
    d_best = np.sqrt(additive_values((r - best) ** 2, w2))
    d_worst = np.sqrt(additive_values((r - worst) ** 2, w2))
    total = d_best + d_worst
    # Every measure equal on every weighted criterion: all are equally close to the ideal.
    closeness: NDArray[np.float64] = np.divide(d_worst, total, out=np.full_like(total, 0.5), where=total > 0)
    return closeness


def profile_values(
    method: Method, profiles: IntArray, counts: IntArray, weights: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Values of distinct score profiles (``counts`` measures each) under one weight vector, or
    one per row of a weight matrix."""
    if method is Method.ADDITIVE:
        return additive_values(partial_values(profiles), weights)
    return topsis_values(profiles.astype(np.float64), weights, counts)


def rank(measures: Measures, weights: Weights | None = None, method: Method = Method.ADDITIVE) -> Ranking:
    weights = weights or Weights.equal()
    w = weights.vector(CRITERIA)
    profiles, inverse = measures.profiles
    per_profile = profile_values(method, profiles, measures.profile_counts, w)
    # At most 125 profiles: rank them (equal rounded values share a rank), then every measure by its
    # profile's rank, ties broken by severity, benefit and id (exact ties).
    _, profile_rank = np.unique(-np.round(per_profile, _DECIMALS), return_inverse=True)
    return Ranking(
        method=method,
        weights=weights.as_dict(CRITERIA),
        order=measures.order_by(profile_rank.reshape(-1)),
        values=per_profile[inverse],
    )


class Priority(StrEnum):
    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"


def priority_band(value: float) -> Priority:
    """Prioritet's convention for reading an additive value in [0, 1] as high, medium or low.

    The guideline gives no numbers; thirds of the scale put "high severity, large benefit, small or
    moderate cost" (the seed's «bør prioriteres høyt») in the top band and "all moderate" in the
    middle. It is a suggestion shown beside the engine's order; the person concludes.
    """
    if value >= 2 / 3 - 1e-9:
        return Priority.HIGH
    if value >= 1 / 3 - 1e-9:
        return Priority.MEDIUM
    return Priority.LOW
