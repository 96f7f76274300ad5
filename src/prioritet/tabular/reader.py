"""From cells to validated :class:`~prioritet.engine.Measures`, with every problem in one go."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, cast

import numpy as np

from prioritet.engine import Code, Criterion, InputError, Measures, Problem
from prioritet.engine.criteria import SCALE_MAX, SCALE_MIN
from prioritet.engine.measures import BoolArray, FloatArray, IntArray
from prioritet.engine.problems import Param

from .columns import CRITERION_FIELDS, FIRST_SUFFIX, Field, Layout, plan
from .grid import COMMAND_LINE_LIMITS, Cell, Grid, Limits, Row, cell_text, is_empty, read_grid
from .values import DecimalMark, parse_flag, parse_number, parse_plain_column

if TYPE_CHECKING:
    from prioritet.engine import PlanMeasures

#: Stands in for a cell already reported as wrong, so the remaining checks can still run.
_PLACEHOLDER_SCORE = SCALE_MIN


@dataclass(frozen=True)
class MeasureFile:
    """Measures read from a file, and what a caller needs to talk about that file."""

    source: str
    measures: Measures
    #: Headers of columns that were neither known nor numeric and so not read.
    ignored: tuple[str, ...]
    #: English field name → header as written (``benefit`` → ``nytte``).
    headers: dict[str, str]

    def locate(self, problems: Iterable[Problem]) -> list[Problem]:
        """Point problems the engine found in a row (an exclusive group, say) at this file."""
        return [_place(p, self.source, self.headers) if p.row is not None else p for p in problems]


@dataclass(frozen=True)
class PlanFile:
    """A plan's measures read from a file (:func:`read_plan_file`)."""

    source: str
    plan: PlanMeasures
    ignored: tuple[str, ...]
    headers: dict[str, str]

    def locate(self, problems: Iterable[Problem]) -> list[Problem]:
        """Point problems the engine found in a row at this file."""
        return [_place(p, self.source, self.headers) if p.row is not None else p for p in problems]


def read_file(path: Path, limits: Limits = COMMAND_LINE_LIMITS) -> MeasureFile:
    """Read a measures file; :class:`InputError` names each problem with file, row and column."""
    return parse_bytes(read_bytes(path), str(path), limits)


def read_bytes(path: Path) -> bytes:
    """A file's bytes; :class:`InputError` says why they cannot be read (missing, a folder, …)."""
    source = str(path)
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise _file_error(source, Code.FILE_NOT_FOUND) from None
    except IsADirectoryError:
        raise _file_error(source, Code.FILE_IS_DIRECTORY) from None
    except PermissionError:
        raise _file_error(source, Code.FILE_PERMISSION) from None
    except OSError:
        raise _file_error(source, Code.FILE_UNREADABLE) from None


def parse_bytes(data: bytes, source: str, limits: Limits = COMMAND_LINE_LIMITS) -> MeasureFile:
    """Read measures from the bytes of a file named ``source`` (the name decides CSV or XLSX)."""
    return parse_grid(read_grid(data, source, limits))


def parse_grid(grid: Grid) -> MeasureFile:
    """Measures from cells already read, so that a caller that looks at the cells reads a file once."""
    layout, cells, problems = _begin(grid)
    measures = _measures(cells, {name: cells.amounts(k) for name, k in layout.resources.items()})
    _finish(cells, problems)
    assert measures is not None
    return MeasureFile(source=grid.source, measures=measures, ignored=layout.ignored, headers=layout.field_headers())


def read_plan_file(path: Path, limits: Limits = COMMAND_LINE_LIMITS) -> PlanFile:
    """Read the measures of a plan over several years (``prioritet plan``)."""
    return parse_plan_grid(read_grid(read_bytes(path), str(path), limits))


def parse_plan_grid(grid: Grid) -> PlanFile:
    """A plan's measures: the measures file's columns, ``earliest`` (the first year a measure may
    start; empty: the plan's first year) and, beside a resource column ``C``, an optional ``C_first``
    (the amount in the start year; empty: ``C``). Amounts may be negative here: a saving."""
    from prioritet.engine import PlanMeasures  # the plan's modules only when a plan is read

    layout, cells, problems = _begin(grid)
    first_of: dict[str, str] = {}
    by_name = {name.lower(): name for name in layout.resources}
    for name in layout.resources:
        if name.lower().endswith(FIRST_SUFFIX):
            base = name[: -len(FIRST_SUFFIX)]
            if base.lower() in by_name:
                first_of[by_name[base.lower()]] = name
            else:
                problems.append(
                    Problem(
                        Code.FIRST_WITHOUT_COLUMN, {"column": name, "base": base}, grid.rows[0][0], name, grid.source
                    )
                )
    firsts = set(first_of.values())
    running = {name: cells.amounts(k) for name, k in layout.resources.items() if name not in firsts}
    first = {base: cells.amounts(layout.resources[name], defaults=running[base]) for base, name in first_of.items()}
    earliest = [cells.year(row) for row in cells.rows]
    measures = _measures(cells, {})
    yearly: PlanMeasures | None = None
    if measures is not None:
        try:
            yearly = PlanMeasures.build(measures, running, first, earliest)
        except InputError as err:
            problems.extend(_place(p, grid.source, layout.field_headers()) for p in err.problems)
    _finish(cells, problems)
    assert yearly is not None
    return PlanFile(source=grid.source, plan=yearly, ignored=layout.ignored, headers=layout.field_headers())


def _begin(grid: Grid) -> tuple[Layout, _Cells, list[Problem]]:
    if grid.more_than is not None:
        raise _file_error(grid.source, Code.TOO_MANY_ROWS, limit=grid.more_than)
    problems: list[Problem] = []
    layout = plan(grid, problems)
    return layout, _Cells(grid, layout, problems), problems


def _measures(cells: _Cells, resources: dict[str, FloatArray]) -> Measures | None:
    """The measures of the rows, or None with their problems recorded.

    Column by column, so that a file of 100,000 plain rows takes no Python step per row; a column
    with a cell that needs a closer look is read cell by cell, which words each problem."""
    layout, ids = cells.layout, cells.ids()
    names = cells.texts(Field.NAME)
    try:
        return Measures.build(
            ids,
            [name or ident for name, ident in zip(names, ids, strict=True)] if "" in names else names,
            np.column_stack([cells.scores(c) for c in Criterion]).reshape(len(cells.rows), len(Criterion)),
            resources=resources,
            mandatory=cells.flags(Field.MANDATORY, Code.FLAG_INVALID),
            baseline=cells.flags(Field.BASELINE, Code.BASELINE_FLAG_INVALID),
            groups=cells.optional_texts(Field.GROUP),
            # Without ids a reference cannot be checked; the missing id column is reported already.
            requires=cells.optional_texts(Field.REQUIRES) if Field.ID in layout.fields else None,
            rows=list(map(itemgetter(0), cells.rows)),
        )
    except InputError as err:
        cells.problems.extend(_place(p, cells.grid.source, layout.field_headers()) for p in err.problems)
        return None


def _finish(cells: _Cells, problems: list[Problem]) -> None:
    """Every problem at once, as the user reads the sheet: row by row, left to right."""
    if problems:
        position = {header: k for k, header in enumerate(cells.layout.headers)}
        raise InputError(sorted(problems, key=lambda p: (p.row or 0, position.get(p.column or "", -1))))


def _file_error(source: str, code: Code, **params: int) -> InputError:
    return InputError([Problem(code, params, source=source)])


def _place(problem: Problem, source: str, headers: dict[str, str]) -> Problem:
    column = headers.get(problem.column, problem.column) if problem.column else None
    return replace(problem, source=problem.source or source, column=column)


class _Cells:
    """Typed values of the data rows, reporting each cell that is not what its column needs."""

    def __init__(self, grid: Grid, layout: Layout, problems: list[Problem]) -> None:
        self.grid = grid
        self.layout = layout
        self.problems = problems
        self.rows = grid.rows[1:]

    def _cell(self, row: Row, k: int | None) -> Cell:
        _, cells = row
        return cells[k] if k is not None and k < len(cells) else None

    def _report(self, row: Row, k: int, code: Code, **params: Param) -> None:
        self.problems.append(Problem(code, params, row[0], self.layout.headers[k], self.grid.source))

    def texts(self, field: Field) -> list[str]:
        """A column's cells as text (stripped; an empty cell or a missing column: "")."""
        k = self.layout.fields.get(field)
        if k is None:
            return [""] * len(self.rows)
        column = self.column(k)
        if set(map(type, column)) == {str}:
            return list(map(str.strip, cast("tuple[str, ...]", column)))
        return list(map(cell_text, column))

    def optional_texts(self, field: Field) -> list[str | None]:
        """A column's cells as text, None for an empty one (no group, no requirement)."""
        if field not in self.layout.fields:
            return [None] * len(self.rows)
        return [text or None for text in self.texts(field)]

    def ids(self) -> list[str]:
        if Field.ID in self.layout.fields:
            return self.texts(Field.ID)
        return [f"rad {number}" for number, _ in self.rows]

    def column(self, k: int) -> tuple[Cell, ...]:
        return self.grid.column(k)

    def scores(self, criterion: Criterion) -> IntArray:
        """A criterion's scores: a column of plain whole numbers 1–5 at once, any other cell by cell."""
        k = self.layout.fields.get(CRITERION_FIELDS[criterion])
        plain = None if k is None else parse_plain_column(self.column(k), None)
        # NaN (an empty cell) fails every comparison, so a column with one is read cell by cell.
        if plain is not None and bool(((plain >= SCALE_MIN) & (plain <= SCALE_MAX) & (plain == np.round(plain))).all()):
            return plain.astype(np.int64)
        return np.array([self.score(row, criterion) for row in self.rows], dtype=np.int64)

    def amounts(self, k: int, defaults: FloatArray | None = None) -> FloatArray:
        """A resource column's amounts (an empty cell: its ``defaults`` entry, else 0); a column of
        plain numbers is read at once, any other cell by cell."""
        fallback = defaults if defaults is not None else np.zeros(len(self.rows))
        plain = parse_plain_column(self.column(k), self.grid.decimal)
        if plain is not None:
            empty = np.isnan(plain)
            return np.where(empty, fallback, plain) if empty.any() else plain
        return np.array([self.amount(row, k, d) for row, d in zip(self.rows, fallback.tolist(), strict=True)])

    def flags(self, field: Field, invalid: Code) -> BoolArray:
        """A yes/no column (``mandatory`` or ``baseline``; a missing column is no everywhere): a column
        of known words at once, any other cell by cell."""
        k = self.layout.fields.get(field)
        if k is None:
            return np.zeros(len(self.rows), dtype=bool)
        column = self.column(k)
        if set(map(type, column)) == {str}:
            words = list(map(str.lower, map(str.strip, cast("tuple[str, ...]", column))))
            meaning = {word: parse_flag(word) for word in set(words)}
            if None not in meaning.values():
                return np.fromiter(map(meaning.__getitem__, words), dtype=bool, count=len(words))
        return np.array([self.flag(row, field, invalid) for row in self.rows], dtype=bool)

    def score(self, row: Row, criterion: Criterion) -> int:
        k = self.layout.fields.get(CRITERION_FIELDS[criterion])
        if k is None:
            return _PLACEHOLDER_SCORE
        cell = self._cell(row, k)
        scale: dict[str, Param] = {"criterion": criterion, "low": SCALE_MIN, "high": SCALE_MAX}
        if is_empty(cell):
            self._report(row, k, Code.SCORE_MISSING, **scale)
            return _PLACEHOLDER_SCORE
        value = _number(cell, None)
        if value is None or not value.is_integer() or not SCALE_MIN <= value <= SCALE_MAX:
            self._report(row, k, Code.SCORE_CELL_INVALID, **scale, value=cell_text(cell))
            return _PLACEHOLDER_SCORE
        return int(value)

    def amount(self, row: Row, k: int, default: float = 0.0) -> float:
        """A resource amount; an empty cell means ``default`` (none of that resource, or in a plan's
        first-year column the running amount)."""
        cell = self._cell(row, k)
        if is_empty(cell):
            return default
        value = _number(cell, self.grid.decimal)
        if value is None:
            text = cell_text(cell)
            self._report(row, k, _amount_code(text, self.grid), value=text)
            return 0.0
        return value

    def year(self, row: Row) -> int | None:
        """The ``earliest`` year; an empty cell (or no column) is None, the plan's first year."""
        k = self.layout.fields.get(Field.EARLIEST)
        cell = self._cell(row, k)
        if k is None or is_empty(cell):
            return None
        value = _number(cell, None)
        if value is None or not value.is_integer() or not 1 <= value <= 9999:
            self._report(row, k, Code.EARLIEST_INVALID, value=cell_text(cell))
            return None
        return int(value)

    def flag(self, row: Row, field: Field = Field.MANDATORY, invalid: Code = Code.FLAG_INVALID) -> bool:
        """A yes/no column (``mandatory`` or ``baseline``); a missing column is no everywhere."""
        k = self.layout.fields.get(field)
        if k is None:
            return False
        cell = self._cell(row, k)
        if isinstance(cell, bool):
            return cell
        flag = parse_flag(cell_text(cell))
        if flag is None:
            self._report(row, k, invalid, value=cell_text(cell))
            return False
        return flag


def _number(cell: Cell, decimal: DecimalMark) -> float | None:
    if isinstance(cell, bool) or cell is None:
        return None
    if isinstance(cell, float):
        return cell
    return parse_number(cell, decimal)


def _amount_code(text: str, grid: Grid) -> Code:
    """Not a number; with a hint at the file's decimal mark when the other one is in the text."""
    if grid.decimal == "," and "." in text:
        return Code.AMOUNT_USE_DECIMAL_COMMA
    if grid.decimal == "." and "," in text:
        return Code.AMOUNT_USE_DECIMAL_POINT
    return Code.AMOUNT_INVALID
