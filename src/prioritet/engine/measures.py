"""The data object every analysis takes: measures (tiltak) with their assessments and resources."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from .criteria import CRITERIA, SCALE_MAX, SCALE_MIN, partial_values
from .ordering import id_order
from .problems import Code, InputError, Problem

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class Reference:
    """The reference row of a measures file: «no action», the consequence of doing nothing.

    The guideline's severity question is *what is the consequence of not starting, postponing or
    ending?*; the answer is the reference, not a candidate, so it has no rank and no value.
    """

    id: str
    name: str
    row: int
    #: Its scores in :data:`CRITERIA` order, as written in the file.
    scores: tuple[int, ...]


@dataclass(frozen=True, eq=False)
class Measures:
    """Measures to compare, each assessed on benefit, severity and resources (integers 1–5).

    Build with :meth:`build`, which validates everything and reports all problems at once. Arrays are
    read-only so that a cached derived value can never go stale.
    """

    ids: tuple[str, ...]
    names: tuple[str, ...]
    #: Shape (n, 3), columns in :data:`CRITERIA` order.
    scores: IntArray
    #: Numeric resource columns (e.g. ``cost_nok``, ``fte``), each of shape (n,).
    resources: Mapping[str, FloatArray] = field(default_factory=dict)
    mandatory: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    groups: tuple[str | None, ...] = ()
    requires: tuple[str | None, ...] = ()
    #: Source row of each measure, used to point at the right line in messages.
    rows: tuple[int, ...] = ()
    #: The reference row («no action»: not starting, postponing or ending), at most one. It shows the
    #: consequence of doing nothing and is never a candidate: see :attr:`candidates`.
    baseline: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))

    @classmethod
    def build(
        cls,
        ids: Sequence[str],
        names: Sequence[str] | None,
        scores: Sequence[Sequence[int]] | IntArray,
        *,
        resources: Mapping[str, Sequence[float] | FloatArray] | None = None,
        mandatory: Sequence[bool] | BoolArray | None = None,
        groups: Sequence[str | None] | None = None,
        requires: Sequence[str | None] | None = None,
        rows: Sequence[int] | None = None,
        baseline: Sequence[bool] | BoolArray | None = None,
    ) -> Measures:
        n = len(ids)
        row_of = tuple(rows) if rows is not None else tuple(range(2, n + 2))
        # Copies (np.array, not np.asarray): the arrays are frozen below, and a caller's array must
        # neither be frozen nor stay shared, or a later change to it would leave cached values stale.
        raw = np.array(scores, dtype=np.float64).reshape(n, len(CRITERIA))
        # A fractional score must be reported, not truncated (2.5 would silently become 2); a huge
        # one too, before the cast to integers overflows.
        whole = (np.abs(raw) < 1e9) & (raw == np.round(raw))
        fractional = [
            Problem(
                Code.SCORE_OUT_OF_SCALE,
                {"criterion": CRITERIA[j], "low": SCALE_MIN, "high": SCALE_MAX, "value": float(raw[i, j])},
                row_of[i],
                CRITERIA[j].value,
            )
            for i, j in zip(*np.nonzero(~whole), strict=True)
        ]
        score_arr = np.where(whole, raw, SCALE_MIN).astype(np.int64)
        res = {k: np.array(v, dtype=np.float64) for k, v in (resources or {}).items()}
        mand = np.zeros(n, dtype=bool) if mandatory is None else np.array(mandatory, dtype=bool)
        grp = tuple(groups) if groups is not None else (None,) * n
        req = tuple(requires) if requires is not None else (None,) * n
        base = np.zeros(n, dtype=bool) if baseline is None else np.array(baseline, dtype=bool)
        identifiers = tuple(map(str, ids))
        measures = cls(
            ids=identifiers,
            names=tuple(names) if names is not None else identifiers,
            scores=score_arr,
            resources=res,
            mandatory=mand,
            groups=grp,
            requires=req,
            rows=row_of,
            baseline=base,
        )
        try:
            measures.validate()
        except InputError as err:
            raise InputError([*fractional, *err.problems]) from None
        if fractional:
            raise InputError(fractional)
        for array in (score_arr, mand, base, *res.values()):
            array.setflags(write=False)
        return measures

    def validate(self) -> None:
        """Raise :class:`InputError` listing every problem; silent when the measures are sound."""
        n = len(self.ids)
        if n == 0:
            raise InputError([Problem(Code.NO_MEASURES)])
        for name, length in (
            ("name", len(self.names)),
            ("mandatory", len(self.mandatory)),
            ("group", len(self.groups)),
            ("requires", len(self.requires)),
            ("row", len(self.rows)),
            ("baseline", len(self.baseline)),
            *((col, len(arr)) for col, arr in self.resources.items()),
        ):
            if length != n:
                raise ValueError(f"{name} has {length} entries, expected {n}")
        problems: list[Problem] = []
        seen = self._identified(problems)
        bad = (self.scores < SCALE_MIN) | (self.scores > SCALE_MAX)
        for i, j in zip(*np.nonzero(bad), strict=True):
            problems.append(
                Problem(
                    Code.SCORE_OUT_OF_SCALE,
                    {"criterion": CRITERIA[j], "low": SCALE_MIN, "high": SCALE_MAX, "value": int(self.scores[i, j])},
                    self.rows[i],
                    CRITERIA[j].value,
                )
            )
        for column, values in self.resources.items():
            # Checked as a whole column (100,000 measures in a blink); only the wrong cells are visited.
            for i in np.flatnonzero(~np.isfinite(values) | (values < 0)).tolist():
                problems.append(Problem(Code.RESOURCE_NEGATIVE, {"value": float(values[i])}, self.rows[i], column))
        references = [int(k) for k in np.flatnonzero(self.baseline)]
        if len(references) > 1:
            marked = tuple(str(self.rows[k]) for k in references)
            for k in references[1:]:
                problems.append(Problem(Code.BASELINE_MORE_THAN_ONE, {"rows": marked}, self.rows[k], "baseline"))
        for k in references:
            if self.mandatory[k]:
                problems.append(Problem(Code.BASELINE_MANDATORY, {}, self.rows[k], "mandatory"))
        reference_ids = {self.ids[k] for k in references}
        for i, target in enumerate(self.requires):
            if target is None:
                continue
            if seen is None:
                seen = dict(zip(self.ids, self.rows, strict=True))
            if target == self.ids[i]:
                problems.append(Problem(Code.REQUIRES_ITSELF, {}, self.rows[i], "requires"))
            elif target in reference_ids:
                problems.append(Problem(Code.BASELINE_REQUIRED, {"id": target}, self.rows[i], "requires"))
            elif target not in seen:
                problems.append(
                    Problem(
                        Code.REQUIRES_UNKNOWN,
                        {"id": target},
                        self.rows[i],
                        "requires",
                    )
                )
        if problems:
            raise InputError(problems)

    def _identified(self, problems: list[Problem]) -> dict[str, int] | None:
        """Report missing and repeated ids; the first row of each id when that took a look at every
        one, None when the ids were found sound at once (unique and none blank: the usual case)."""
        if len(set(self.ids)) == len(self.ids) and all(map(str.strip, self.ids)):
            return None
        seen: dict[str, int] = {}
        for ident, row in zip(self.ids, self.rows, strict=True):
            if not ident.strip():
                problems.append(Problem(Code.ID_MISSING, {}, row, "id"))
            elif ident in seen:
                problems.append(Problem(Code.ID_DUPLICATE, {"id": ident, "first_row": seen[ident]}, row, "id"))
            else:
                seen[ident] = row
        return seen

    @cached_property
    def reference(self) -> Reference | None:
        """The row marked as the reference (no action), or None."""
        marked = np.flatnonzero(self.baseline)
        if len(marked) == 0:
            return None
        i = int(marked[0])
        return Reference(self.ids[i], self.names[i], self.rows[i], tuple(int(s) for s in self.scores[i]))

    @cached_property
    def candidates(self) -> Measures:
        """The measures without the reference row: what is ranked, optimised and sampled.

        The reference shows the consequence of doing nothing; it never gets a rank, a value or a place
        in a portfolio, so leaving it out changes nothing for the others (the values of TOPSIS, which
        depend on the whole set, included). Without a reference this is the measures themselves.
        """
        if not self.baseline.any():
            return self
        keep = np.flatnonzero(~self.baseline)
        return Measures.build(
            [self.ids[i] for i in keep],
            [self.names[i] for i in keep],
            self.scores[keep],
            resources={column: values[keep] for column, values in self.resources.items()},
            mandatory=self.mandatory[keep],
            groups=[self.groups[i] for i in keep],
            requires=[self.requires[i] for i in keep],
            rows=[self.rows[i] for i in keep],
        )

    def __len__(self) -> int:
        return len(self.ids)

    @cached_property
    def index(self) -> dict[str, int]:
        return {ident: i for i, ident in enumerate(self.ids)}

    @cached_property
    def partial_values(self) -> FloatArray:
        """Scores mapped to [0, 1] where 1 is always best (:func:`.criteria.partial_values`)."""
        p = partial_values(self.scores)
        p.setflags(write=False)
        return p

    @cached_property
    def tiebreak_order(self) -> IntArray:
        """Measures in the order that breaks ties in value: severity desc, then benefit desc, then id.

        The ids are sorted once (:func:`.ordering.id_order`); a stable sort of a small integer key
        over that order (numpy sorts 8-bit keys by radix, in linear time) adds severity and benefit.
        """
        levels = SCALE_MAX - SCALE_MIN + 1
        by_id = id_order(self.ids)
        key = ((SCALE_MAX - self.scores[:, 1]) * levels + (SCALE_MAX - self.scores[:, 0])).astype(np.uint8)
        order = by_id[np.argsort(key[by_id], kind="stable")]
        order.setflags(write=False)
        return order

    @cached_property
    def tiebreak(self) -> IntArray:
        """Position of each measure in :attr:`tiebreak_order`."""
        key = np.empty(len(self), dtype=np.int64)
        key[self.tiebreak_order] = np.arange(len(self))
        key.setflags(write=False)
        return key

    @cached_property
    def profiles(self) -> tuple[IntArray, IntArray]:
        """Distinct score profiles (at most 125) and each measure's profile index.

        Measures with the same profile always get bit-identical values, so the sampling analyses
        compute values per profile: exact ties and a fraction of the work.
        """
        levels = SCALE_MAX - SCALE_MIN + 1
        code = (self.scores - SCALE_MIN) @ np.array([levels * levels, levels, 1])
        present = np.flatnonzero(np.bincount(code, minlength=levels**3))
        lookup = np.zeros(levels**3, dtype=np.int64)
        lookup[present] = np.arange(len(present))
        unique = np.stack([present // (levels * levels), present // levels % levels, present % levels], axis=1)
        return unique + SCALE_MIN, lookup[code]

    def resource(self, column: str) -> FloatArray:
        """A resource column, or an :class:`InputError` that names the columns there are."""
        try:
            return self.resources[column]
        except KeyError:
            if not self.resources:
                raise InputError([Problem(Code.NO_RESOURCE_COLUMNS, {"column": column})]) from None
            known = tuple(sorted(self.resources))
            raise InputError([Problem(Code.UNKNOWN_RESOURCE_COLUMN, {"column": column, "known": known})]) from None

    def required_closure(self) -> BoolArray:
        """Mandatory measures and everything they require, directly or through others."""
        forced = self.mandatory.copy()
        stack = [int(i) for i in np.flatnonzero(forced)]
        while stack:
            target = self.requires[stack.pop()]
            if target is not None:
                j = self.index[target]
                if not forced[j]:
                    forced[j] = True
                    stack.append(j)
        return forced
