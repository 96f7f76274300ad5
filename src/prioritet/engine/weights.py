"""Criterion weights: parsing, normalisation and the space of uncertain weights."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from .criteria import CRITERIA, CRITERION_INFO, Criterion
from .problems import Code, InputError, Problem

#: Norwegian and English names accepted wherever a criterion is named in text.
_ALIASES: dict[str, Criterion] = {}
for _c, _info in CRITERION_INFO.items():
    for _name in {_c.value, _info.nb, _info.nn, _info.en}:
        _ALIASES[_name] = _c
_ALIASES["ressurser"] = Criterion.RESOURCES
_ALIASES["alvor"] = Criterion.SEVERITY


def parse_criterion(text: str) -> Criterion:
    try:
        return _ALIASES[text.strip().lower()]
    except KeyError:
        raise InputError([Problem(Code.UNKNOWN_CRITERION, {"name": text.strip()})]) from None


@dataclass(frozen=True)
class Weights:
    """Non-negative weights of the criteria, normalised to sum 1 over the criteria in use."""

    values: Mapping[Criterion, float]

    @classmethod
    def equal(cls, criteria: Iterable[Criterion] = CRITERIA) -> Weights:
        return cls(dict.fromkeys(criteria, 1.0))

    @classmethod
    def parse(cls, text: str) -> Weights:
        """Parse ``benefit=2,severity=1`` or ``nytte=0,6;alvorlighet=0,4``. Criteria left out weigh nothing."""
        problems: list[Problem] = []
        values: dict[Criterion, float] = {}
        # With semicolons between weights, commas are decimal commas, as Norwegians write them.
        parts = text.replace(",", ".").split(";") if ";" in text else text.split(",")
        for part in filter(None, (p.strip() for p in parts)):
            name, sep, number = part.partition("=")
            if not sep:
                problems.append(Problem(Code.WEIGHT_FORM, {"text": part}))
                continue
            try:
                criterion = parse_criterion(name)
            except InputError as err:
                problems.extend(err.problems)
                continue
            if criterion in values:
                problems.append(Problem(Code.WEIGHT_TWICE, {"criterion": criterion}))
                continue
            try:
                values[criterion] = float(number)
            except ValueError:
                problems.append(Problem(Code.WEIGHT_NOT_NUMBER, {"criterion": criterion, "value": number}))
        if problems:
            raise InputError(problems)
        return cls(values)

    def __post_init__(self) -> None:
        problems = [
            Problem(Code.WEIGHT_NEGATIVE, {"criterion": c, "value": float(w)})
            for c, w in self.values.items()
            if not math.isfinite(w) or w < 0
        ]
        if not problems and sum(self.values.values()) <= 0:
            problems.append(Problem(Code.WEIGHTS_ALL_ZERO))
        if problems:
            raise InputError(problems)

    def vector(self, criteria: Iterable[Criterion] = CRITERIA) -> NDArray[np.float64]:
        """Weights in ``criteria`` order, normalised to sum 1."""
        w = np.array([self.values.get(c, 0.0) for c in criteria], dtype=np.float64)
        total = w.sum()
        if total <= 0:
            raise InputError([Problem(Code.WEIGHTS_ALL_ZERO)])
        return w / total

    def as_dict(self, criteria: Iterable[Criterion] = CRITERIA) -> dict[str, float]:
        criteria = tuple(criteria)
        return {c.value: float(w) for c, w in zip(criteria, self.vector(criteria), strict=True)}


@dataclass(frozen=True)
class WeightSpace:
    """The weights considered possible when they are uncertain.

    Uniform over every weight vector that sums to 1, narrowed by optional bounds per criterion and by
    an order (``severity ≥ benefit ≥ resources``). This is the usual SMAA assumption when a group
    knows little, or only the ranking, of its weights (Lahdelma & Salminen 2001; Tervonen 2014).
    """

    criteria: tuple[Criterion, ...] = CRITERIA
    bounds: Mapping[Criterion, tuple[float, float]] = field(default_factory=dict)
    #: Criteria from most to least important; each weight is at least the next one's.
    order: tuple[Criterion, ...] = ()

    def __post_init__(self) -> None:
        problems: list[Problem] = []
        for c, (lo, hi) in self.bounds.items():
            if c not in self.criteria:
                problems.append(Problem(Code.BOUND_UNUSED, {"criterion": c}))
            if not (0.0 <= lo <= hi <= 1.0):
                problems.append(Problem(Code.BOUND_RANGE, {"criterion": c, "low": float(lo), "high": float(hi)}))
        for c in self.order:
            if c not in self.criteria:
                problems.append(Problem(Code.ORDER_UNUSED, {"criterion": c}))
        upper = [self.bounds.get(c, (0.0, 1.0))[1] for c in self.order]
        if any(u <= 0 < later for k, u in enumerate(upper) for later in upper[k + 1 :]):
            problems.append(Problem(Code.ORDER_AFTER_ZERO))
        if all(self.bounds.get(c, (0.0, 1.0))[1] <= 0 for c in self.criteria):
            problems.append(Problem(Code.ALL_BOUNDED_TO_ZERO))
        if len(set(self.order)) != len(self.order):
            problems.append(Problem(Code.ORDER_REPEATED))
        if problems:
            raise InputError(problems)

    @classmethod
    def parse(
        cls, criteria: tuple[Criterion, ...], bounds: Iterable[str] = (), order: str | None = None
    ) -> WeightSpace:
        """Parse ``severity=0.2:0.6`` bounds and a ``severity>benefit>resources`` order."""
        parsed: dict[Criterion, tuple[float, float]] = {}
        problems: list[Problem] = []
        for text in bounds:
            name, _, span = text.partition("=")
            lo, sep, hi = span.partition(":")
            try:
                parsed[parse_criterion(name)] = (float(lo), float(hi))
                if not sep:
                    raise ValueError
            except InputError as err:
                problems.extend(err.problems)
            except ValueError:
                problems.append(Problem(Code.BOUND_FORM, {"text": text}))
        chain: tuple[Criterion, ...] = ()
        if order:
            try:
                chain = tuple(parse_criterion(p) for p in order.replace(">=", ">").split(">"))
            except InputError as err:
                problems.extend(err.problems)
        if problems:
            raise InputError(problems)
        return cls(criteria=criteria, bounds=parsed, order=chain)

    def sample(self, n: int, rng: np.random.Generator, max_rounds: int = 200) -> NDArray[np.float64]:
        """Draw ``n`` weight vectors (rows, in ``criteria`` order) uniformly from the space.

        A flat Dirichlet is uniform on the simplex and exchangeable, so sorting the ordered criteria's
        components places them uniformly in the ordered region; bounds are met by rejection.
        """
        k = len(self.criteria)
        lo = np.array([self.bounds.get(c, (0.0, 1.0))[0] for c in self.criteria])
        hi = np.array([self.bounds.get(c, (0.0, 1.0))[1] for c in self.criteria])
        # A criterion bounded to 0 takes no part: sample the others, so the bound is met exactly.
        free = np.flatnonzero(hi > 0)
        chain = [self.criteria.index(c) for c in self.order]
        positions = [int(np.searchsorted(free, i)) for i in chain if hi[i] > 0]
        bounded = bool(np.any(lo[free] > 0) or np.any(hi[free] < 1))
        kept: list[NDArray[np.float64]] = []
        have = 0
        for _ in range(max_rounds):
            batch = rng.exponential(size=(max(n - have, 1) * (4 if bounded else 1) + 16, len(free)))
            batch /= batch.sum(axis=1, keepdims=True)
            if len(positions) > 1:
                batch[:, positions] = -np.sort(-batch[:, positions], axis=1)
            if bounded:
                batch = batch[np.all((batch >= lo[free]) & (batch <= hi[free]), axis=1)]
            kept.append(batch)
            have += len(batch)
            if have >= n:
                full = np.zeros((n, k))
                full[:, free] = np.concatenate(kept)[:n]
                return full
        raise InputError([Problem(Code.WEIGHT_SPACE_EMPTY)])
