"""From cells to validated :class:`~prioritet.engine.Measures`, with every problem in one go."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from prioritet.engine import Code, Criterion, InputError, Measures, Problem
from prioritet.engine.criteria import SCALE_MAX, SCALE_MIN
from prioritet.engine.problems import Param

from .columns import CRITERION_FIELDS, Field, Layout, plan
from .grid import COMMAND_LINE_LIMITS, Cell, Grid, Limits, Row, cell_text, is_empty, read_grid
from .values import DecimalMark, parse_flag, parse_number

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
    source = grid.source
    if grid.more_than is not None:
        raise _file_error(source, Code.TOO_MANY_ROWS, limit=grid.more_than)
    problems: list[Problem] = []
    layout = plan(grid, problems)
    cells = _Cells(grid, layout, problems)
    ids = cells.ids()
    headers = layout.field_headers()
    try:
        measures = Measures.build(
            ids,
            [name or ident for name, ident in zip(cells.texts(Field.NAME), ids, strict=True)],
            [[cells.score(row, c) for c in Criterion] for row in cells.rows],
            resources={name: [cells.amount(row, k) for row in cells.rows] for name, k in layout.resources.items()},
            mandatory=[cells.flag(row) for row in cells.rows],
            baseline=[cells.flag(row, Field.BASELINE, Code.BASELINE_FLAG_INVALID) for row in cells.rows],
            groups=[text or None for text in cells.texts(Field.GROUP)],
            # Without ids a reference cannot be checked; the missing id column is reported already.
            requires=[(text or None) if Field.ID in layout.fields else None for text in cells.texts(Field.REQUIRES)],
            rows=[number for number, _ in cells.rows],
        )
    except InputError as err:
        problems.extend(_place(p, source, headers) for p in err.problems)
    if problems:
        # As the user reads the sheet: row by row, left to right.
        position = {header: k for k, header in enumerate(layout.headers)}
        raise InputError(sorted(problems, key=lambda p: (p.row or 0, position.get(p.column or "", -1))))
    return MeasureFile(source=source, measures=measures, ignored=layout.ignored, headers=headers)


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
        k = self.layout.fields.get(field)
        return [cell_text(self._cell(row, k)) for row in self.rows]

    def ids(self) -> list[str]:
        if Field.ID in self.layout.fields:
            return self.texts(Field.ID)
        return [f"rad {number}" for number, _ in self.rows]

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

    def amount(self, row: Row, k: int) -> float:
        """A resource amount; an empty cell means the measure uses none of that resource."""
        cell = self._cell(row, k)
        if is_empty(cell):
            return 0.0
        value = _number(cell, self.grid.decimal)
        if value is None:
            text = cell_text(cell)
            self._report(row, k, _amount_code(text, self.grid), value=text)
            return 0.0
        return value

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
