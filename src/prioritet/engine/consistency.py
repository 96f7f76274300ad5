"""How a service's outcomes follow the scores: an ordinal logistic regression (docs/methods.md §10k).

The outcome of an individual decision is ordinal (refused < granted low < medium < high priority), so
the model is the proportional-odds (ordinal logit) model, fitted by maximum likelihood with
statsmodels' ``OrderedModel``::

    P(outcome ≤ c | x) = logistic(θ_c − x·β)

``β`` says how much each score moves the outcome (positive: a higher score, a better outcome; one
coefficient per score, the same at every step, which is what makes it explainable), ``θ_c`` are the
cut points between outcome levels. The fit is shown as the coefficients with standard errors and
p-values, McFadden's pseudo-R² (1 − log L / log L₀, L₀ the model with cut points only) and the
likelihood-ratio test against that model.

* **Furthest from the pattern**: the cases whose actual outcome the model found least likely
  (lowest fitted probability of the outcome they got).
* **Differences by group for equal scores** (district, caseworker): the model again with one
  indicator per group (the largest group the reference), and the likelihood-ratio test of the groups
  together; a group's coefficient below zero means lower outcomes than the reference group for the
  same scores (stricter). Per group, also the mean of (actual − expected outcome), expected from the
  scores-only model: below zero, stricter than the scores say.

Groups with fewer than ``min_cell`` cases are never shown nor modelled on their own: their cases go
into one pooled group, itself hidden when it too is small (the small-cell rule).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from .measures import FloatArray, IntArray

#: The pooled group of the groups too small to show (never a real district's or caseworker's key).
POOLED = "\x00small"


class FitError(ValueError):
    """The model cannot be fitted; ``code`` says why (:data:`FIT_ERRORS`)."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


#: Why a fit can fail: the input's shape, one outcome only, no score that varies, too few cases for
#: the terms, or the optimiser did not converge.
FIT_ERRORS = ("shape", "one_outcome", "no_variation", "too_few", "no_convergence")


@dataclass(frozen=True)
class Term:
    name: str
    coefficient: float
    standard_error: float
    p_value: float


@dataclass(frozen=True)
class OrdinalFit:
    """A fitted proportional-odds model: its terms, cut points, fit and fitted probabilities."""

    terms: list[Term]
    #: The outcome codes, in order; the columns of :attr:`probabilities`.
    levels: list[int]
    cut_points: list[float]
    n: int
    log_likelihood: float
    null_log_likelihood: float
    #: Likelihood-ratio test against the cut-points-only model.
    lr_statistic: float
    lr_p_value: float
    #: Per case, the fitted probability of each level.
    probabilities: FloatArray
    #: Names dropped before fitting because they did not vary.
    dropped: list[str]

    @property
    def pseudo_r2(self) -> float:
        """McFadden's pseudo-R²: 0 the scores explain nothing, towards 1 they explain much."""
        if self.null_log_likelihood == 0:
            return 0.0
        return 1.0 - self.log_likelihood / self.null_log_likelihood

    def expected(self) -> FloatArray:
        """Per case, the expected outcome code under the model: Σ level × probability."""
        return np.asarray(self.probabilities @ np.asarray(self.levels, dtype=np.float64), dtype=np.float64)

    def probability_of(self, outcomes: ArrayLike) -> FloatArray:
        """Per case, the fitted probability of the outcome it actually got."""
        y = np.asarray(outcomes, dtype=np.int64)
        columns = np.searchsorted(np.asarray(self.levels), y)
        return np.asarray(self.probabilities[np.arange(len(y)), columns], dtype=np.float64)


def _null_log_likelihood(y: IntArray) -> float:
    _, counts = np.unique(y, return_counts=True)
    shares = counts / counts.sum()
    return float((counts * np.log(shares)).sum())


def fit_ordinal(x: ArrayLike, outcomes: ArrayLike, names: Sequence[str]) -> OrdinalFit:
    """Fit the proportional-odds model of ``outcomes`` (integer codes) on the columns of ``x``."""
    from scipy import stats
    from statsmodels.miscmodels.ordinal_model import OrderedModel

    y = np.asarray(outcomes, dtype=np.int64)
    if y.size == 0:
        raise FitError("too_few")
    matrix = np.asarray(x, dtype=np.float64)
    if matrix.ndim != 2 or matrix.shape[0] != y.shape[0] or matrix.shape[1] != len(names):
        raise FitError("shape")
    levels = sorted({int(v) for v in y})
    if len(levels) < 2:
        raise FitError("one_outcome")
    keep = [j for j in range(matrix.shape[1]) if np.ptp(matrix[:, j]) > 0]
    dropped = [names[j] for j in range(matrix.shape[1]) if j not in keep]
    if not keep:
        raise FitError("no_variation")
    if y.shape[0] < len(keep) + len(levels) + 2:
        raise FitError("too_few")
    used = matrix[:, keep]
    # Codes 0..L-1 in order, so the model's levels are the outcome levels even when one is missing.
    coded = np.searchsorted(np.asarray(levels), y)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        model = OrderedModel(coded, used, distr="logit")
        result = model.fit(method="bfgs", disp=False, maxiter=500)
    k = len(keep)
    params = np.asarray(result.params, dtype=np.float64)
    bse = np.asarray(result.bse, dtype=np.float64)
    pvalues = np.asarray(result.pvalues, dtype=np.float64)
    if not np.all(np.isfinite(params[:k])):
        raise FitError("no_convergence")
    thresholds = model.transform_threshold_params(params)[1:-1]
    probabilities = np.asarray(result.predict(), dtype=np.float64)
    llf = float(result.llf)
    null = _null_log_likelihood(coded)
    lr = max(0.0, 2.0 * (llf - null))
    terms = [
        Term(names[j], float(params[i]), float(bse[i]), float(pvalues[i]) if np.isfinite(pvalues[i]) else math.nan)
        for i, j in enumerate(keep)
    ]
    return OrdinalFit(
        terms=terms,
        levels=levels,
        cut_points=[float(t) for t in thresholds],
        n=int(y.shape[0]),
        log_likelihood=llf,
        null_log_likelihood=null,
        lr_statistic=lr,
        lr_p_value=float(stats.chi2.sf(lr, k)),
        probabilities=probabilities,
        dropped=dropped,
    )


@dataclass(frozen=True)
class GroupRow:
    """One group's cases: how many, and the mean of (actual − expected outcome) for its scores; its
    coefficient against the reference group (``None`` for the reference and when not modelled)."""

    key: str
    n: int
    mean_residual: float
    coefficient: float | None
    p_value: float | None
    reference: bool


@dataclass(frozen=True)
class GroupEffect:
    """Whether outcomes differ between groups for equal scores."""

    rows: list[GroupRow]
    #: Likelihood-ratio test of the group indicators together (``None``: fewer than two groups to compare).
    lr_statistic: float | None
    lr_p_value: float | None


def group_effect(
    x: ArrayLike, outcomes: ArrayLike, names: Sequence[str], groups: Sequence[str], *, min_cell: int, base: OrdinalFit
) -> GroupEffect:
    """Compare the groups for equal scores (module docstring); ``base`` is the scores-only fit."""
    from scipy import stats

    y = np.asarray(outcomes, dtype=np.int64)
    keys = np.asarray(list(groups), dtype=object)
    counts: dict[str, int] = {}
    for key in keys:
        counts[str(key)] = counts.get(str(key), 0) + 1
    pooled = np.asarray([str(k) if counts[str(k)] >= min_cell else POOLED for k in keys], dtype=object)
    sizes: dict[str, int] = {}
    for key in pooled:
        sizes[str(key)] = sizes.get(str(key), 0) + 1
    residual = y - base.expected()
    shown = sorted((k for k in sizes if k != POOLED or sizes[k] >= min_cell), key=lambda k: (-sizes[k], k))
    modelled = [k for k in shown if sizes[k] >= min_cell]
    coefficients: dict[str, tuple[float, float]] = {}
    lr_stat = lr_p = None
    reference = modelled[0] if modelled else None
    if len(modelled) >= 2:
        others = modelled[1:]
        mask = np.isin(pooled, modelled)
        dummies = np.column_stack([(pooled[mask] == k).astype(np.float64) for k in others])
        matrix = np.asarray(x, dtype=np.float64)[mask]
        restricted = base if mask.all() else fit_ordinal(matrix, y[mask], names)
        try:
            full = fit_ordinal(np.column_stack([matrix, dummies]), y[mask], [*names, *others])
        except FitError:
            full = None
        if full is not None:
            for term in full.terms:
                if term.name in others:
                    coefficients[term.name] = (term.coefficient, term.p_value)
            lr_stat = max(0.0, 2.0 * (full.log_likelihood - restricted.log_likelihood))
            df = len([t for t in full.terms if t.name in others])
            lr_p = float(stats.chi2.sf(lr_stat, df)) if df else None
    rows = [
        GroupRow(
            key=k,
            n=sizes[k],
            mean_residual=float(residual[pooled == k].mean()),
            coefficient=coefficients[k][0] if k in coefficients else None,
            p_value=coefficients[k][1] if k in coefficients else None,
            reference=k == reference,
        )
        for k in shown
    ]
    return GroupEffect(rows=rows, lr_statistic=lr_stat, lr_p_value=lr_p)
