"""Eliciting a group's criterion weights: swing weighting and pairwise questions.

Two ways for a municipality to arrive at the weights it decides, both open about how the numbers
came about (the guideline asks for «åpenhet om prosess og vekting»):

* **Swing weighting** (von Winterfeldt & Edwards 1986; Belton & Stewart 2002). The group ranks the
  criteria by how much the swing from the worst (1) to the best (5) end of each scale matters, gives
  the most important swing 100 points and each other one 0–100 points relative to it. The weights
  are the points divided by their sum (:func:`swing_weights`).
* **Pairwise questions** between two measure profiles, «Hvilket av disse to tiltakene bør komme
  først?». With the additive model, the answer «A before B» says ``w · (p_A − p_B) ≥ 0`` for the
  partial values ``p`` (docs/methods.md §2–3): a half-space through the weight simplex.
  :func:`weights_from_comparisons` takes the weights that satisfy every answer by the widest margin
  (a linear programme, as in the «maximin» or *central* weights of preference programming, Salo &
  Hämäläinen 2001). If no weights satisfy every answer, it sets aside the fewest answers it must
  (and of equally few, those whose weights violate them least in total), follows the rest by the
  widest margin, and names a smallest set of answers that cannot all hold. :func:`informative_pairs` gives
  questions that each trade one criterion against another at a known rate, so that every answer cuts
  the weight simplex.

Profiles are ``(benefit, severity, resources)`` scores 1–5, in :data:`~.criteria.CRITERIA` order.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .criteria import CRITERIA, CRITERION_INFO, SCALE_MAX, SCALE_MIN, Criterion, partial_values
from .problems import Code, InputError, Problem
from .weights import Weights

#: A measure profile: its (benefit, severity, resources) scores 1–5.
Profile = tuple[int, int, int]

#: A margin at or below this counts as zero: the answers then hold only as ties, not strictly.
TOLERANCE = 1e-9
#: How far a later stage of the linear programmes may fall short of an earlier stage's optimum.
_RELAX = 1e-12

_SPAN = SCALE_MAX - SCALE_MIN


@dataclass(frozen=True, slots=True)
class Comparison:
    """One answer: the group put the measure with profile ``before`` ahead of ``after``."""

    before: Profile
    after: Profile


@dataclass(frozen=True)
class ElicitedWeights:
    """Weights derived from pairwise answers, with how well they fit the answers."""

    weights: Weights
    #: The smallest value difference ``w · (p_before − p_after)`` over the answers the weights follow
    #: (all but the overruled ones): positive, or 0 when every answer is overruled.
    margin: float
    #: True when some weights put every answer's «before» strictly ahead of its «after».
    consistent: bool
    #: Indices (into the answers) of a smallest set of answers that cannot all hold: drop any one of
    #: them and the rest can. Empty when the answers are consistent.
    conflicts: tuple[int, ...]
    #: The fewest answers set aside so that the weights can follow all the others. Empty when consistent.
    overruled: tuple[int, ...]
    #: Indices of the answers the weights go against (value of «after» above that of «before»).
    violated: tuple[int, ...]
    #: Σ max(0, −w · (p_before − p_after)): how far, in value, the weights fall short of the answers.
    total_violation: float

    def value_differences(self, comparisons: Sequence[Comparison]) -> NDArray[np.float64]:
        """``w · (p_before − p_after)`` of each answer under the derived weights."""
        return _differences(comparisons) @ self.weights.vector(CRITERIA)


# --- Swing weighting --------------------------------------------------------------------------------


def swing_weights(points: Mapping[Criterion, float]) -> Weights:
    """Swing weights: each criterion's points over the sum of all points.

    ``points`` are the group's points for the swing from worst to best on each criterion, the most
    important swing 100 and the others 0–100 relative to it. Only their ratios matter, so multiplying
    every number by the same positive factor gives the same weights. A criterion left out gets 0.
    """
    problems = [
        Problem(Code.SWING_POINTS_NEGATIVE, {"criterion": c, "value": float(p)})
        for c, p in points.items()
        if not math.isfinite(p) or p < 0
    ]
    if not problems and sum(points.values()) <= 0:
        problems.append(Problem(Code.SWING_ALL_ZERO))
    if problems:
        raise InputError(problems)
    total = math.fsum(points.get(c, 0.0) for c in CRITERIA)
    return Weights({c: points.get(c, 0.0) / total for c in CRITERIA})


# --- Pairwise questions -------------------------------------------------------------------------


def profile_partial_values(profile: Profile) -> NDArray[np.float64]:
    """Partial values of a profile, 1 always best (:func:`.criteria.partial_values`)."""
    return partial_values(np.asarray(profile))


def _profile_problems(profile: Profile, answer: int) -> list[Problem]:
    if len(profile) != len(CRITERIA):
        return [Problem(Code.ANSWER_PROFILE_LENGTH, {"answer": answer, "count": len(profile)})]
    return [
        Problem(
            Code.ANSWER_SCORE,
            {"answer": answer, "criterion": c, "low": SCALE_MIN, "high": SCALE_MAX, "value": str(s)},
        )
        for c, s in zip(CRITERIA, profile, strict=True)
        if isinstance(s, bool) or not isinstance(s, int | np.integer) or not SCALE_MIN <= s <= SCALE_MAX
    ]


def _differences(comparisons: Sequence[Comparison]) -> NDArray[np.float64]:
    """One row ``p_before − p_after`` per answer (validated)."""
    problems: list[Problem] = []
    for k, comparison in enumerate(comparisons, start=1):
        problems += _profile_problems(comparison.before, k)
        problems += _profile_problems(comparison.after, k)
        if not problems and tuple(comparison.before) == tuple(comparison.after):
            problems.append(Problem(Code.ANSWER_IDENTICAL, {"answer": k}))
    if problems:
        raise InputError(problems)
    if not comparisons:
        return np.zeros((0, len(CRITERIA)))
    return np.array([profile_partial_values(c.before) - profile_partial_values(c.after) for c in comparisons])


def _solve(c: NDArray[np.float64], a_ub: NDArray[np.float64], b_ub: NDArray[np.float64]) -> Any:
    """Minimise ``c · x`` subject to ``a_ub x ≤ b_ub``, where the first three variables are a weight
    vector in the simplex and the others are free."""
    k = len(CRITERIA)
    a_eq = np.zeros((1, len(c)))
    a_eq[0, :k] = 1.0
    bounds = [(0.0, 1.0)] * k + [(None, None)] * (len(c) - k)
    from scipy.optimize import linprog  # scipy is slow to import: only the commands that solve load it

    result = linprog(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[1.0], bounds=bounds, method="highs")
    if result.status != 0:  # pragma: no cover - every programme here is feasible and bounded
        raise RuntimeError(f"linprog failed: {result.message}")
    return result


def _max_margin(d: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
    """max t subject to d_k · w ≥ t for every row, w in the simplex."""
    m, k = d.shape
    c = np.zeros(k + 1)
    c[k] = -1.0
    a_ub = np.hstack([-d, np.ones((m, 1))])
    result = _solve(c, a_ub, np.zeros(m))
    return float(-result.fun), np.asarray(result.x[:k], dtype=np.float64)


def _most_balanced(d: NDArray[np.float64], floor: NDArray[np.float64]) -> NDArray[np.float64]:
    """Among weights with d_k · w ≥ floor_k, the one closest to equal weights (smallest largest
    deviation from 1/3): the canonical choice when the answers leave several weight vectors equally good."""
    m, k = d.shape
    n = k + 1  # the weights, then the deviation u
    c = np.zeros(n)
    c[-1] = 1.0
    rows = [np.concatenate([-d[i], [0.0]]) for i in range(m)]  # −d_i · w ≤ −floor_i
    rhs = [-float(f) for f in floor]
    for j in range(k):  # |w_j − 1/k| ≤ u
        for sign in (1.0, -1.0):
            row = np.zeros(n)
            row[j] = sign
            row[-1] = -1.0
            rows.append(row)
            rhs.append(sign / k)
    result = _solve(c, np.array(rows), np.array(rhs))
    return np.asarray(result.x[:k], dtype=np.float64)


def _follow(d: NDArray[np.float64]) -> tuple[float, NDArray[np.float64]]:
    """The widest-margin weights of consistent rows, the most balanced if several; with their margin.
    Without rows (every answer set aside), equal weights."""
    if len(d) == 0:
        return 0.0, np.full(len(CRITERIA), 1 / len(CRITERIA))
    margin, _ = _max_margin(d)
    w = _most_balanced(d, np.full(len(d), margin - _RELAX))
    # Solver round-off (around 1e-12) is no weight: a criterion the answers leave out gets exactly 0.
    w = np.where(w < 1e-10, 0.0, w)
    return margin, w / w.sum()


def _is_consistent(d: NDArray[np.float64]) -> bool:
    return len(d) == 0 or _max_margin(d)[0] > TOLERANCE


def _smallest_conflict(d: NDArray[np.float64], rows: Sequence[int]) -> tuple[int, ...]:
    """A minimal set of ``rows`` that cannot all hold strictly (deletion filter: drop a row whenever
    the others still conflict). Every row left is needed for the conflict."""
    keep = list(rows)
    for i in rows:
        trial = [j for j in keep if j != i]
        if trial and not _is_consistent(d[trial]):
            keep = trial
    return tuple(keep)


def _hitting_sets(sets: list[frozenset[int]], size: int) -> list[tuple[int, ...]]:
    """Every set of ``size`` elements (from the union of ``sets``) that meets each of ``sets``."""
    universe = sorted(frozenset().union(*sets))
    return [h for h in combinations(universe, size) if all(not s.isdisjoint(h) for s in sets)]


def _fewest_overruled(d: NDArray[np.float64]) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """The fewest rows to set aside so that the rest can all hold strictly, and a first conflict found.

    Every such set must contain a row of each conflict (a minimal conflicting set of rows), so the
    search grows a list of conflicts and tries the smallest sets that meet all of them (an implicit
    hitting-set search): when one leaves the rest consistent, none smaller can. Of several equally
    small sets, the one whose remaining answers give the weights with the least total violation
    wins, then the widest margin, then (for reproducibility) the smallest profiles set aside.
    """
    m = len(d)
    conflicts = [frozenset(_smallest_conflict(d, range(m)))]
    first = tuple(sorted(conflicts[0]))
    tried: set[tuple[int, ...]] = set()
    size = 1
    while size <= m:
        best: tuple[tuple[float, float, tuple[float, ...]], tuple[int, ...]] | None = None
        while candidates := [h for h in _hitting_sets(conflicts, size) if h not in tried]:
            for removed in candidates:
                tried.add(removed)
                rest = [i for i in range(m) if i not in removed]
                if rest and not _is_consistent(d[rest]):
                    # A conflict among the rest, which no set tried so far meets: the next sets must.
                    conflicts.append(frozenset(rest[i] for i in _smallest_conflict(d[rest], range(len(rest)))))
                    continue
                margin, w = _follow(d[rest])
                violation = float(np.clip(-(d[list(removed)] @ w), 0.0, None).sum())
                key = (round(violation, 9), round(-margin, 9), tuple(np.round(d[list(removed)].ravel(), 9)))
                if best is None or key < best[0]:
                    best = (key, removed)
        if best is not None:
            return best[1], first
        size += 1
    raise AssertionError("setting every answer aside always leaves a consistent rest")  # pragma: no cover


def weights_from_comparisons(comparisons: Sequence[Comparison]) -> ElicitedWeights:
    """The weights that best agree with the group's answers.

    Each answer «before ahead of after» is the constraint ``w · (p_before − p_after) ≥ t``. If some
    weights meet every answer with ``t > 0``, the result is the weight vector with the largest such
    ``t`` (the widest minimum margin). Otherwise the fewest answers are set aside (``overruled``) so
    that the rest can all hold, choosing among equally few the set whose weights violate the answers
    set aside the least in total, and the weights are the widest-margin weights of the rest; a
    smallest set of conflicting answers is reported too. When several weight vectors are equally
    good, the one closest to equal weights is returned, so the result is reproducible.

    Minimising the total violation alone would not do: weights that turn conflicting answers into
    ties (no weight on the criteria they trade) violate nothing, so a group that contradicted itself
    once would get all the weight on one criterion. Setting the fewest answers aside keeps the
    weights where the other answers put them.
    """
    if not comparisons:
        raise InputError([Problem(Code.NO_ANSWERS)])
    d = _differences(comparisons)
    margin, _ = _max_margin(d)
    consistent = margin > TOLERANCE
    overruled: tuple[int, ...] = ()
    conflicts: tuple[int, ...] = ()
    if not consistent:
        overruled, conflicts = _fewest_overruled(d)
    kept = [i for i in range(len(d)) if i not in overruled]
    _, w = _follow(d[kept])
    weights = Weights({c: float(x) for c, x in zip(CRITERIA, w, strict=True)})
    values = d @ w
    violated = tuple(int(i) for i in np.flatnonzero(values < -TOLERANCE))
    return ElicitedWeights(
        weights=weights,
        margin=float(values[kept].min()) if kept else 0.0,
        consistent=consistent,
        conflicts=conflicts,
        overruled=overruled,
        violated=violated,
        total_violation=float(np.clip(-values, 0.0, None).sum()),
    )


# --- Which questions to ask ----------------------------------------------------------------------

#: Partial values (better side, worse side) of a difference of 1–4 steps on a 1–5 scale.
_LEVELS: dict[int, tuple[float, float]] = {4: (1.0, 0.0), 3: (1.0, 0.25), 2: (0.75, 0.25), 1: (0.75, 0.5)}
#: (steps the first criterion gains, steps the second gains) in each round of questions. Answering
#: «the first» says w_first / w_second > second_steps / first_steps: the rates 1, 2, 1/2, 4, 1/4,
#: 4/3, 3/4, 3 and 1/3 in turn, so each round narrows the ratio of every two criteria.
_ROUNDS: tuple[tuple[int, int], ...] = ((3, 3), (2, 4), (4, 2), (1, 4), (4, 1), (3, 4), (4, 3), (1, 3), (3, 1))
_CRITERION_PAIRS: tuple[tuple[int, int], ...] = ((0, 1), (2, 0), (1, 2))
#: The score of a criterion the two measures share: «moderat».
_SHARED = 3
MAX_PAIRS = len(_ROUNDS) * len(_CRITERION_PAIRS)


def _score(criterion_index: int, partial: float) -> int:
    if CRITERION_INFO[CRITERIA[criterion_index]].higher_is_better:
        return round(SCALE_MIN + _SPAN * partial)
    return round(SCALE_MAX - _SPAN * partial)


def informative_pairs(n: int) -> list[tuple[Profile, Profile]]:
    """``n`` questions (1 ≤ n ≤ 27): pairs of measure profiles, each trading one criterion against another.

    In every pair one measure is better on one criterion, the other on a second criterion, and they
    are equal («moderat») on the third, so neither is better on everything and the answer depends on
    the weights: it tells on which side of ``w_i / w_j = rate`` the group's weights lie. The first
    three questions compare each two criteria at rate 1, the next three at rate 2, then 1/2, 4, 1/4,
    and so on; which measure comes first alternates, so the better-on-the-first-criterion measure is
    not always shown first.
    """
    if not 1 <= n <= MAX_PAIRS:
        raise InputError([Problem(Code.QUESTION_COUNT, {"most": MAX_PAIRS, "count": n})])
    pairs: list[tuple[Profile, Profile]] = []
    for steps_i, steps_j in _ROUNDS:
        for i, j in _CRITERION_PAIRS:
            k = 3 - i - j
            a = [0, 0, 0]
            b = [0, 0, 0]
            hi_i, lo_i = _LEVELS[steps_i]
            hi_j, lo_j = _LEVELS[steps_j]
            a[i], b[i] = _score(i, hi_i), _score(i, lo_i)
            a[j], b[j] = _score(j, lo_j), _score(j, hi_j)
            a[k] = b[k] = _SHARED
            first: Profile = (a[0], a[1], a[2])
            second: Profile = (b[0], b[1], b[2])
            pairs.append((first, second) if len(pairs) % 2 == 0 else (second, first))
            if len(pairs) == n:
                return pairs
    return pairs  # pragma: no cover - n ≤ MAX_PAIRS returns inside the loop
