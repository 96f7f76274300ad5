"""The data object every analysis takes: measures (tiltak) with their assessments and resources."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property

import numpy as np
from numpy.typing import NDArray

from .criteria import CRITERIA, SCALE_MAX, SCALE_MIN, partial_values
from .ordering import id_order, sorted_ids
from .problems import Code, InputError, Problem

FloatArray = NDArray[np.float64]
StrArray = NDArray[np.str_]
IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]


#: Every code point that :meth:`str.strip` removes lies outside (32, 133): U+0009–U+0020, U+0085, …, U+3000.
_NO_SPACE_BETWEEN = (32, 0x85)


_LEVELS = SCALE_MAX - SCALE_MIN + 1
#: Every score profile (benefit, severity, resources), row k for code k = 25·(b−1) + 5·(s−1) + (r−1).
_PROFILES = np.stack(np.unravel_index(np.arange(_LEVELS**3), (_LEVELS,) * 3), axis=1) + SCALE_MIN
_PROFILE_RADIX = np.array([_LEVELS * _LEVELS, _LEVELS, 1])
_PROFILE_OFFSET = SCALE_MIN * int(_PROFILE_RADIX.sum())
#: Each profile's place in the tie-break after value: severity descending, then benefit descending.
_TIEBREAK_LEVELS = _LEVELS * _LEVELS
_TIEBREAK_OF_PROFILE = (SCALE_MAX - _PROFILES[:, 1]) * _LEVELS + (SCALE_MAX - _PROFILES[:, 0])


@cache
def _whitespace() -> BoolArray:
    """Whether each code point up to U+3001 is one that :meth:`str.strip` removes (none above U+3000)."""
    return np.array([chr(c).isspace() for c in range(0x3002)])


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

    Ids given as a numpy string array stay one: ranking 100,000 measures needs their order, not
    100,000 Python strings, so :attr:`ids`, :attr:`names` and :attr:`rows` are made only when asked for.
    """

    #: The ids as given: a tuple of strings, or a read-only numpy string array (see :attr:`ids`).
    _ids: tuple[str, ...] | StrArray
    #: Shape (n, 3), columns in :data:`CRITERIA` order.
    scores: IntArray
    #: Numeric resource columns (e.g. ``cost_nok``, ``fte``), each of shape (n,).
    resources: Mapping[str, FloatArray] = field(default_factory=dict)
    mandatory: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    groups: tuple[str | None, ...] = ()
    requires: tuple[str | None, ...] = ()
    #: The reference row («no action»: not starting, postponing or ending), at most one. It shows the
    #: consequence of doing nothing and is never a candidate: see :attr:`candidates`.
    baseline: BoolArray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    #: As given; None: the names are the ids (:attr:`names`).
    _names: tuple[str, ...] | None = None
    #: As given; None: the rows of a file with a header, 2, 3, … (:attr:`rows`).
    _rows: tuple[int, ...] | None = None

    @classmethod
    def build(
        cls,
        ids: Sequence[str] | StrArray,
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
        """Validated, read-only measures; every problem at once in an :class:`InputError`.

        Arrays are copied (np.array, not np.asarray): they are frozen, and a caller's array must
        neither be frozen nor stay shared, or a later change to it would leave cached values stale.
        A numpy string array of ids is kept as an array, checked and sorted without a Python step
        per id (:meth:`validate`); other ids become a tuple of strings.
        """
        n = len(ids)
        identifiers: tuple[str, ...] | StrArray
        if isinstance(ids, np.ndarray) and ids.dtype.kind == "U" and ids.ndim == 1:
            identifiers = np.array(ids)
        else:
            identifiers = tuple(map(str, ids))
        fractional: list[tuple[int, int, float]] = []
        if isinstance(scores, np.ndarray) and np.can_cast(scores.dtype, np.int64, "safe"):
            # Whole numbers that fit (not uint64: above 2⁶³ it would wrap): only the scale is left.
            score_arr = np.array(scores, dtype=np.int64).reshape(n, len(CRITERIA))
        else:
            raw = np.array(scores, dtype=np.float64).reshape(n, len(CRITERIA))
            # A fractional score must be reported, not truncated (2.5 would silently become 2); a huge
            # one too, before the cast to integers overflows.
            whole = (np.abs(raw) < 1e9) & (raw == np.round(raw))
            fractional = [(int(i), int(j), float(raw[i, j])) for i, j in zip(*np.nonzero(~whole), strict=True)]
            score_arr = np.where(whole, raw, SCALE_MIN).astype(np.int64)
        res = {k: np.array(v, dtype=np.float64) for k, v in (resources or {}).items()}
        mand = np.zeros(n, dtype=bool) if mandatory is None else np.array(mandatory, dtype=bool)
        base = np.zeros(n, dtype=bool) if baseline is None else np.array(baseline, dtype=bool)
        measures = cls(
            _ids=identifiers,
            scores=score_arr,
            resources=res,
            mandatory=mand,
            groups=tuple(groups) if groups is not None else (None,) * n,
            requires=tuple(requires) if requires is not None else (None,) * n,
            baseline=base,
            _names=tuple(names) if names is not None else None,
            _rows=tuple(rows) if rows is not None else None,
        )
        unscaled = [
            Problem(
                Code.SCORE_OUT_OF_SCALE,
                {"criterion": CRITERIA[j], "low": SCALE_MIN, "high": SCALE_MAX, "value": value},
                measures.rows[i],
                CRITERIA[j].value,
            )
            for i, j, value in fractional
        ]
        try:
            measures.validate()
        except InputError as err:
            raise InputError([*unscaled, *err.problems]) from None
        if unscaled:
            raise InputError(unscaled)
        for array in (score_arr, mand, base, *res.values()):
            array.setflags(write=False)
        if isinstance(identifiers, np.ndarray):
            identifiers.setflags(write=False)
        return measures

    @cached_property
    def ids(self) -> tuple[str, ...]:
        """The ids, unique and none blank (:meth:`validate`)."""
        return self._ids if isinstance(self._ids, tuple) else tuple(self._ids.tolist())

    @cached_property
    def names(self) -> tuple[str, ...]:
        return self._names if self._names is not None else self.ids

    @cached_property
    def rows(self) -> tuple[int, ...]:
        """Source row of each measure, used to point at the right line in messages."""
        return self._rows if self._rows is not None else tuple(range(2, len(self) + 2))

    def _id(self, i: int) -> str:
        """One id, without making the tuple of them all."""
        return str(self._ids[i])

    def validate(self) -> None:
        """Raise :class:`InputError` listing every problem; silent when the measures are sound."""
        n = len(self)
        if n == 0:
            raise InputError([Problem(Code.NO_MEASURES)])
        for name, length in (
            ("name", n if self._names is None else len(self._names)),
            ("mandatory", len(self.mandatory)),
            ("group", len(self.groups)),
            ("requires", len(self.requires)),
            ("row", n if self._rows is None else len(self._rows)),
            ("baseline", len(self.baseline)),
            *((col, len(arr)) for col, arr in self.resources.items()),
        ):
            if length != n:
                raise ValueError(f"{name} has {length} entries, expected {n}")
        problems: list[Problem] = []
        seen = self._identified(problems)
        # Each check looks at a whole array first; only an array that fails is visited cell by cell.
        if self.scores.min() < SCALE_MIN or self.scores.max() > SCALE_MAX:
            bad = (self.scores < SCALE_MIN) | (self.scores > SCALE_MAX)
            for i, j in zip(*np.nonzero(bad), strict=True):
                problems.append(
                    Problem(
                        Code.SCORE_OUT_OF_SCALE,
                        {
                            "criterion": CRITERIA[j],
                            "low": SCALE_MIN,
                            "high": SCALE_MAX,
                            "value": int(self.scores[i, j]),
                        },
                        self.rows[i],
                        CRITERIA[j].value,
                    )
                )
        for column, values in self.resources.items():
            if values.min() >= 0 and np.isfinite(values.sum()):  # NaN fails `>=`, ∞ makes the sum ∞
                continue
            for k in np.flatnonzero(~np.isfinite(values) | (values < 0)).tolist():
                problems.append(Problem(Code.RESOURCE_NEGATIVE, {"value": float(values[k])}, self.rows[k], column))
        references = [int(k) for k in np.flatnonzero(self.baseline)]
        if len(references) > 1:
            marked = tuple(str(self.rows[k]) for k in references)
            for k in references[1:]:
                problems.append(Problem(Code.BASELINE_MORE_THAN_ONE, {"rows": marked}, self.rows[k], "baseline"))
        for k in references:
            if self.mandatory[k]:
                problems.append(Problem(Code.BASELINE_MANDATORY, {}, self.rows[k], "mandatory"))
        if self.requires.count(None) < n:
            self._check_requires(problems, seen, {self._id(k) for k in references})
        if problems:
            raise InputError(problems)

    def _check_requires(self, problems: list[Problem], seen: dict[str, int] | None, reference_ids: set[str]) -> None:
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

    def _identified(self, problems: list[Problem]) -> dict[str, int] | None:
        """Report missing and repeated ids; the first row of each id when that took a look at every
        one, None when the ids were found sound at once (unique and none blank: the usual case)."""
        if self._ids_sound():
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

    def _ids_sound(self) -> bool:
        """Whether the ids are unique and none is blank, as a whole: a numpy array of ids is checked
        in its sorted order (:attr:`_by_id`, needed for ranking anyway) and by its first characters."""
        ids = self._ids
        if isinstance(ids, tuple):
            return len(set(ids)) == len(ids) and all(map(str.strip, ids))
        if not self._sorted_ids[1]:
            return False
        # Blank means empty or only whitespace (str.strip): only an id that starts with either can be.
        if not ids.itemsize:
            return False
        first = ids.view(np.uint32)[:: ids.itemsize // 4]
        low, high = _NO_SPACE_BETWEEN
        if first.min() > low and first.max() < high:
            return True
        space = _whitespace()
        doubtful = np.flatnonzero((first == 0) | space[np.minimum(first, len(space) - 1)])
        return all(str(ids[i]).strip() for i in doubtful.tolist())

    @cached_property
    def _sorted_ids(self) -> tuple[IntArray, bool | None]:
        """Measures in ascending id order, and whether no id repeats (None: not looked at yet).

        A numpy array of ids gets both at once (:func:`.ordering.sorted_ids`); a tuple of strings
        is checked by :meth:`_ids_sound` and sorted only when a ranking needs the order.
        """
        if isinstance(self._ids, np.ndarray):
            order, unique = sorted_ids(self._ids)
        else:
            order, unique = id_order(self._ids), None
        order.setflags(write=False)
        return order, unique

    @property
    def _by_id(self) -> IntArray:
        return self._sorted_ids[0]

    @cached_property
    def reference(self) -> Reference | None:
        """The row marked as the reference (no action), or None."""
        marked = np.flatnonzero(self.baseline)
        if len(marked) == 0:
            return None
        i = int(marked[0])
        name = self._id(i) if self._names is None else self._names[i]
        return Reference(self._id(i), name, self.rows[i], tuple(int(s) for s in self.scores[i]))

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
            self._ids[keep] if isinstance(self._ids, np.ndarray) else [self._ids[i] for i in keep],
            None if self._names is None else [self._names[i] for i in keep],
            self.scores[keep],
            resources={column: values[keep] for column, values in self.resources.items()},
            mandatory=self.mandatory[keep],
            groups=[self.groups[i] for i in keep],
            requires=[self.requires[i] for i in keep],
            rows=[self.rows[i] for i in keep],
        )

    def __len__(self) -> int:
        return len(self._ids)

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

        The ids are sorted once (:attr:`_by_id`); a stable sort of a small integer key over that
        order (numpy sorts 8-bit keys by radix, in linear time) adds severity and benefit.
        """
        levels = SCALE_MAX - SCALE_MIN + 1
        by_id = self._by_id
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
        present, _, inverse = self._profile_codes
        return _PROFILES[present], inverse

    @cached_property
    def profile_counts(self) -> IntArray:
        """How many measures have each of :attr:`profiles`."""
        return self._profile_codes[1]

    @cached_property
    def _profile_codes(self) -> tuple[IntArray, IntArray, IntArray]:
        """The codes (rows of :data:`_PROFILES`) of the profiles present, how many measures have
        each, and each measure's index among them."""
        code = self.scores @ _PROFILE_RADIX - _PROFILE_OFFSET
        counts = np.bincount(code, minlength=len(_PROFILES))
        present = np.flatnonzero(counts)
        lookup = np.zeros(len(_PROFILES), dtype=np.int64)
        lookup[present] = np.arange(len(present))
        return present, counts[present], lookup[code]

    def order_by(self, profile_rank: IntArray) -> IntArray:
        """Measures in the order of their profiles' ranks (0 first, one rank per profile of
        :attr:`profiles`, equal ranks allowed), ties broken as in :attr:`tiebreak_order`.

        One stable radix sort of 16-bit keys over the id order: each profile's key is its rank, then
        severity descending, then benefit descending (at most 125 · 25 values); equal keys keep the
        id order. The same order as sorting :attr:`tiebreak_order` stably by rank, one sort fewer.
        """
        present = self._profile_codes[0]
        key = (profile_rank * _TIEBREAK_LEVELS + _TIEBREAK_OF_PROFILE[present]).astype(np.uint16)
        by_id = self._by_id
        order: IntArray = by_id[np.argsort(key[self._profile_by_id], kind="stable")]
        return order

    @cached_property
    def _profile_by_id(self) -> IntArray:
        """Each measure's profile index, in ascending id order."""
        return self._profile_codes[2][self._by_id]

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
