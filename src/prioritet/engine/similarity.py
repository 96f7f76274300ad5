"""Like cases treated alike: the decided cases nearest to a case being concluded, and whether the
conclusion departs from what they got (docs/methods.md §10k).

A case is a point ``x`` in a few dimensions: the need's severity and the benefit and resources of the
alternative the combined judgment suggests first (more dimensions, such as sub-dimensions, where a
caller has them; a missing value is ``NaN``). The distance between a decided case ``x`` and the case
``q`` being concluded is a **standardised weighted Euclidean distance**, taken as a weighted root mean
square over the dimensions both have::

    z_j = (x_j − q_j) / s_j
    d(x, q) = sqrt( Σ_{j ∈ J} w_j z_j²  /  Σ_{j ∈ J} w_j ),   J = { j : x_j and q_j are both given }

* ``s_j`` is the spread of dimension ``j`` among the decided cases (the population standard
  deviation, 1 where every case has the same value): a dimension the assessors use in a narrow band
  counts as much as one they use widely, instead of counting for less only because its numbers
  differ less;
* ``w_j`` are the municipality's own criterion weights (the open, versioned weights the combined
  judgment uses): what the municipality has said weighs more in a priority also weighs more in
  what makes two cases alike;
* Euclidean, not the sum of absolute differences: two cases one step apart on two criteria are
  nearer than two cases two steps apart on one, so one large difference is not hidden by agreement
  elsewhere;
* with no dimension in common the distance is infinite (never among the nearest).

Distances are rounded to 12 decimals, so mathematically equal distances tie exactly, and ties keep
the order the caller gave the cases in (the web gives the newest decision first). The nearest ``k``
are those with the smallest ``(distance, position)``: a brute-force sort gives the same.

Pure and cheap (thousands of cases, a few dimensions: one vectorised pass), so the web computes it
in the request.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .measures import FloatArray, IntArray

#: Distances are compared after rounding to this many decimals (as the ranking rounds its values).
DECIMALS = 12

#: Fewer similar cases than this say too little: no departure is flagged.
MIN_SIMILAR = 5

#: A conclusion departs when fewer than this share of the similar cases got the same outcome.
DEPARTURE_SHARE = 1 / 3


def _problem(message: str) -> ValueError:
    """The inputs come from the application, never from a user's file: a wrong shape is a bug."""
    return ValueError(message)


def _as_points(points: ArrayLike) -> FloatArray:
    array = np.asarray(points, dtype=np.float64)
    if array.ndim != 2:
        raise _problem("the cases must be a table: one row per case, one column per dimension")
    return array


def _as_vector(values: ArrayLike, size: int, what: str) -> FloatArray:
    array = np.asarray(values, dtype=np.float64)
    if array.shape != (size,):
        raise _problem(f"{what} must have one value per dimension ({size})")
    return array


def spread(points: ArrayLike) -> FloatArray:
    """Per dimension, the population standard deviation of the given values; 1 where it is zero or
    nothing is given (the dimension then counts in its own units)."""
    array = _as_points(points)
    scale = np.ones(array.shape[1], dtype=np.float64)
    for j in range(array.shape[1]):
        column = array[:, j]
        given = column[~np.isnan(column)]
        if given.size:
            sd = float(np.std(given))
            if sd > 0:
                scale[j] = sd
    return scale


def distances(points: ArrayLike, query: ArrayLike, weights: ArrayLike, scale: ArrayLike | None = None) -> FloatArray:
    """The standardised weighted Euclidean distance (module docstring) of every row of ``points`` to
    ``query``, rounded to :data:`DECIMALS`; ``inf`` for a row with no dimension in common."""
    array = _as_points(points)
    width = array.shape[1]
    q = _as_vector(query, width, "the case")
    w = _as_vector(weights, width, "the weights")
    if np.any(~np.isfinite(w)) or np.any(w < 0) or not np.any(w > 0):
        raise _problem("the weights must be finite, not negative, and not all zero")
    s = spread(array) if scale is None else _as_vector(scale, width, "the scale")
    if np.any(~np.isfinite(s)) or np.any(s <= 0):
        raise _problem("the scale must be finite and above zero")
    z = (array - q) / s
    given = ~np.isnan(z)
    squared = np.where(given, z * z, 0.0)
    used = np.where(given, w, 0.0)
    total = used.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = np.sqrt((squared * w).sum(axis=1) / total)
    result = np.where(total > 0, result, np.inf)
    return np.round(result, DECIMALS)


@dataclass(frozen=True)
class Neighbours:
    """The ``k`` nearest decided cases: positions in the caller's list and their distances, nearest
    first, with the scale the distances were standardised by."""

    indices: IntArray
    distances: FloatArray
    scale: FloatArray


def nearest(
    points: ArrayLike, query: ArrayLike, k: int, weights: ArrayLike, scale: ArrayLike | None = None
) -> Neighbours:
    """The ``k`` rows of ``points`` nearest to ``query`` (fewer when there are fewer rows), ordered by
    ``(distance, position)``; rows with no dimension in common are never returned."""
    if k < 1:
        raise _problem("k must be at least 1")
    array = _as_points(points)
    s = spread(array) if scale is None else _as_vector(scale, array.shape[1], "the scale")
    d = distances(array, query, weights, s)
    finite = np.flatnonzero(np.isfinite(d))
    # lexsort sorts by the last key first: distance, then position.
    order = finite[np.lexsort((finite, d[finite]))][:k]
    return Neighbours(indices=order.astype(np.int64), distances=d[order], scale=s)


@dataclass(frozen=True)
class Departure:
    """How a conclusion's outcome compares with what the similar cases got.

    ``counts`` is each outcome's count among the similar cases; ``share`` the share that got the
    chosen outcome; ``typical`` the most common outcome (on a tie, the one nearest the chosen, then
    the lower); ``departs`` whether the conclusion departs (:func:`departure`).
    """

    similar: int
    counts: dict[int, int]
    share: float
    typical: int | None
    departs: bool


def departure(
    outcomes: Sequence[int], chosen: int, *, min_similar: int = MIN_SIMILAR, share: float = DEPARTURE_SHARE
) -> Departure:
    """Whether choosing ``chosen`` departs from the similar cases' ``outcomes`` (ordinal codes).

    It departs when there are at least ``min_similar`` similar cases and fewer than ``share`` of them
    got the same outcome: most similar cases were concluded otherwise, and few like this one.
    """
    counts: dict[int, int] = {}
    for outcome in outcomes:
        counts[int(outcome)] = counts.get(int(outcome), 0) + 1
    n = len(outcomes)
    same = counts.get(int(chosen), 0) / n if n else 0.0
    typical = min(counts, key=lambda o: (-counts[o], abs(o - chosen), o)) if counts else None
    departs = n >= min_similar and same < share
    return Departure(similar=n, counts=dict(sorted(counts.items())), share=same, typical=typical, departs=departs)
