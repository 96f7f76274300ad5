"""JSON-stat 2.0 datasets (Statistics Norway's output format) read into one tidy table.

A small reader of our own (pyjstat would bring pandas): pure Python, no Django, used by the command
line (``prioritet indicators``) and, later, the indicator apps and the PxWebApi fetcher
(:mod:`prioritet.tabular.pxweb`).

What is read (https://json-stat.org/full/)
    ``class`` ``dataset`` (or no ``class``, as JSON-stat 1.x responses had), ``id`` and ``size``
    (the dimensions in order), ``dimension`` with each dimension's ``label`` and ``category``:
    ``index`` as an array of codes or an object {code: position}, or no index when the dimension
    has a single category (then ``label`` names it), and the categories' ``label``s (a code without
    a label is its own label); ``role`` (time, geo, metric); ``value`` as an array of
    size₁ × … × sizeₙ cells or a sparse object {"cell number": value}; ``status`` as a string (for
    every cell), an array (one per cell; an array of one applies to every cell) or a sparse object;
    the dataset's ``label`` and ``updated``.

The tidy table
    One row per cell in JSON-stat's row-major order (the last dimension varies fastest):
    ``{dimension: code, …, "value": number | None, "status": str | None}``. A missing or null value
    is None, never 0; SSB's status symbols — ``..`` (not available), ``.`` (not applicable), ``:``
    (suppressed for privacy), ``-`` (nil), ``…`` — are kept as they are.

Anything malformed raises :class:`JsonStatError` with one sentence saying what is wrong.

A CSV or XLSX file in the same tidy shape (columns: the dimension ids, ``value``, ``status``) is read
by :func:`parse_tidy` with the measures reader's file machinery (:mod:`.grid`).
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .grid import COMMAND_LINE_LIMITS, Cell, Limits, cell_text, is_empty, read_grid
from .values import parse_number

#: A cell of the tidy table: a code, a value or a status.
TidyCell = str | float | None
#: One row of the tidy table.
TidyRow = dict[str, TidyCell]

#: SSB's status symbols (the «…» both as one character and as three points).
SSB_SYMBOLS = ("..", ".", ":", "-", "…", "...")

#: Names a dimension may not have, since they are the tidy table's own columns.
RESERVED = frozenset({"value", "status"})


class JsonStatError(ValueError):
    """A JSON-stat (or tidy CSV) input that cannot be read; the message says why, in English."""


class TidyRowError(JsonStatError):
    """One row of a tidy file that cannot be read: its row number and column, for a preview to point at."""

    def __init__(self, message: str, row: int, column: str | None) -> None:
        super().__init__(message)
        self.row, self.column = row, column


@dataclass(frozen=True)
class Dataset:
    """A JSON-stat dataset as one tidy table."""

    #: Dimension ids in the dataset's order.
    dimensions: tuple[str, ...]
    #: Each dimension's categories in order, {code: label}.
    labels: dict[str, dict[str, str]]
    rows: tuple[TidyRow, ...]
    label: str | None = None
    updated: str | None = None
    #: Each dimension's own label, when it has one.
    dimension_labels: dict[str, str] = field(default_factory=dict)
    #: ``role`` as given: {"time": [ids], "geo": [ids], "metric": [ids]}.
    roles: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: Decimals a category's values are published with (``category.unit[code].decimals``, which SSB
    #: gives for every content code): {dimension: {code: decimals}}, only where given.
    decimals: dict[str, dict[str, int]] = field(default_factory=dict)
    #: The file's row number of each row (a tidy CSV/XLSX file's; empty for JSON-stat).
    row_numbers: tuple[int, ...] = ()

    def places(self, row: TidyRow) -> int | None:
        """The decimals ``row``'s value is published with, when one of its categories says."""
        for dimension, given in self.decimals.items():
            code = row.get(dimension)
            if isinstance(code, str) and code in given:
                return given[code]
        return None

    def as_json(self) -> dict[str, Any]:
        """The command line's JSON contract."""
        return {
            "label": self.label,
            "updated": self.updated,
            "dimensions": list(self.dimensions),
            "labels": {d: dict(self.labels[d]) for d in self.dimensions},
            "rows": [dict(row) for row in self.rows],
        }


def parse_jsonstat(data: str | bytes) -> Dataset:
    """Read a JSON-stat 2.0 dataset from its text."""
    try:
        document = json.loads(data)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise JsonStatError(f"not JSON: {err}") from None
    return dataset_from(document)


def dataset_from(document: object) -> Dataset:
    """Read a JSON-stat 2.0 dataset already parsed from JSON."""
    if not isinstance(document, dict):
        raise JsonStatError("not a JSON-stat dataset: the top level is not an object")
    kind = document.get("class", "dataset")
    if kind != "dataset":
        raise JsonStatError(f"not a JSON-stat dataset: class is {kind!r}, expected 'dataset'")
    for key in ("id", "size", "dimension", "value"):
        if key not in document:
            raise JsonStatError(f"not a JSON-stat dataset: {key!r} is missing")
    ids = _ids(document["id"])
    sizes = _sizes(document["size"])
    if len(ids) != len(sizes):
        raise JsonStatError(f"'id' names {len(ids)} dimensions but 'size' gives {len(sizes)} sizes")
    dimensions = document["dimension"]
    if not isinstance(dimensions, dict):
        raise JsonStatError("'dimension' must be an object")
    labels: dict[str, dict[str, str]] = {}
    dimension_labels: dict[str, str] = {}
    decimals: dict[str, dict[str, int]] = {}
    for name, size in zip(ids, sizes, strict=True):
        if name not in dimensions:
            raise JsonStatError(f"dimension {name!r} is in 'id' but not in 'dimension'")
        labels[name], own = _dimension(name, dimensions[name], size)
        if own is not None:
            dimension_labels[name] = own
        places = _decimals(dimensions[name]["category"], labels[name])
        if places:
            decimals[name] = places
    cells = math.prod(sizes)
    values = _values(document["value"], cells)
    statuses = _statuses(document.get("status"), cells)
    codes = [list(labels[name]) for name in ids]
    rows = tuple(
        {**dict(zip(ids, combination, strict=True)), "value": value, "status": status}
        for combination, value, status in zip(itertools.product(*codes), values, statuses, strict=True)
    )
    return Dataset(
        dimensions=ids,
        labels=labels,
        rows=rows,
        label=_optional_text(document, "label"),
        updated=_optional_text(document, "updated"),
        dimension_labels=dimension_labels,
        roles=_roles(document.get("role"), ids),
        decimals=decimals,
    )


def _ids(given: object) -> tuple[str, ...]:
    if not isinstance(given, list) or not all(isinstance(x, str) and x for x in given):
        raise JsonStatError("'id' must be an array of dimension names")
    if len(set(given)) != len(given):
        raise JsonStatError("'id' names a dimension twice")
    reserved = RESERVED.intersection(given)
    if reserved:
        raise JsonStatError(f"a dimension may not be called {sorted(reserved)[0]!r}")
    return tuple(given)


def _sizes(given: object) -> tuple[int, ...]:
    if not isinstance(given, list) or not all(_whole(x) and x >= 0 for x in given):
        raise JsonStatError("'size' must be an array of whole numbers ≥ 0")
    return tuple(given)


def _whole(x: object) -> bool:
    return isinstance(x, int) and not isinstance(x, bool)


def _dimension(name: str, given: object, size: int) -> tuple[dict[str, str], str | None]:
    """A dimension's categories {code: label} in index order, and its own label."""
    if not isinstance(given, dict) or not isinstance(given.get("category"), dict):
        raise JsonStatError(f"dimension {name!r} has no 'category' object")
    category: dict[str, Any] = given["category"]
    own = given.get("label")
    if own is not None and not isinstance(own, str):
        raise JsonStatError(f"dimension {name!r}: 'label' must be text")
    names = category.get("label", {})
    if not isinstance(names, dict) or not all(isinstance(v, str) for v in names.values()):
        raise JsonStatError(f"dimension {name!r}: category 'label' must be an object of texts")
    index = category.get("index")
    codes: list[str]
    if index is None:
        if len(names) != 1:
            raise JsonStatError(
                f"dimension {name!r} has no category 'index', "
                "which only a dimension with one labelled category may leave out"
            )
        codes = list(names)
    elif isinstance(index, list):
        if not all(isinstance(c, str) for c in index) or len(set(index)) != len(index):
            raise JsonStatError(f"dimension {name!r}: category 'index' must be an array of distinct codes")
        codes = list(index)
    elif isinstance(index, dict):
        positions = list(index.values())
        if not all(_whole(p) for p in positions) or sorted(positions) != list(range(len(positions))):
            raise JsonStatError(f"dimension {name!r}: category 'index' positions must be 0 to {len(positions) - 1}")
        codes = sorted(index, key=lambda code: index[code])
    else:
        raise JsonStatError(f"dimension {name!r}: category 'index' must be an array or an object")
    if len(codes) != size:
        raise JsonStatError(f"dimension {name!r} has {len(codes)} categories but its size is {size}")
    unknown = [code for code in names if code not in codes]
    if unknown:
        raise JsonStatError(f"dimension {name!r}: category label for {unknown[0]!r}, which is not in its index")
    return {code: names.get(code, code) for code in codes}, own


def _decimals(category: Mapping[str, object], codes: Mapping[str, str]) -> dict[str, int]:
    """``unit[code].decimals`` of the categories that give a whole number ≥ 0 there; a unit is
    information for display, so anything else in it is left alone rather than refused."""
    units = category.get("unit")
    if not isinstance(units, dict):
        return {}
    out: dict[str, int] = {}
    for code in codes:
        unit = units.get(code)
        places = unit.get("decimals") if isinstance(unit, dict) else None
        if isinstance(places, int) and not isinstance(places, bool) and 0 <= places <= 15:
            out[code] = places
    return out


def _positions(given: Mapping[str, object], cells: int, what: str) -> dict[int, object]:
    """A sparse object's cells by number, each checked to be a cell of the dataset."""
    out: dict[int, object] = {}
    for key, item in given.items():
        if not key.isdigit() or not 0 <= int(key) < cells:
            raise JsonStatError(f"'{what}' has an entry for cell {key!r}, outside 0 to {cells - 1}")
        out[int(key)] = item
    return out


def _values(given: object, cells: int) -> list[float | None]:
    if isinstance(given, list):
        if len(given) != cells:
            raise JsonStatError(f"'value' has {len(given)} cells but the sizes make {cells}")
        items: Sequence[object] = given
    elif isinstance(given, dict):
        sparse = _positions(given, cells, "value")
        items = [sparse.get(i) for i in range(cells)]
    else:
        raise JsonStatError("'value' must be an array or an object")
    out: list[float | None] = []
    for number, item in enumerate(items):
        if item is None or (isinstance(item, int | float) and not isinstance(item, bool) and math.isfinite(item)):
            out.append(item)
        else:
            raise JsonStatError(f"'value' cell {number} is {item!r}, not a number or null")
    return out


def _statuses(given: object, cells: int) -> list[str | None]:
    items: Sequence[object]
    if given is None:
        items = [None] * cells
    elif isinstance(given, str):
        items = [given] * cells
    elif isinstance(given, list):
        if len(given) == 1:
            items = given * cells
        elif len(given) == cells:
            items = given
        else:
            raise JsonStatError(f"'status' has {len(given)} cells but the sizes make {cells}")
    elif isinstance(given, dict):
        sparse = _positions(given, cells, "status")
        items = [sparse.get(i) for i in range(cells)]
    else:
        raise JsonStatError("'status' must be text, an array or an object")
    out: list[str | None] = []
    for number, item in enumerate(items):
        if item is not None and not isinstance(item, str):
            raise JsonStatError(f"'status' cell {number} is {item!r}, not text or null")
        out.append(item)
    return out


def _roles(given: object, ids: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    if given is None:
        return {}
    if not isinstance(given, dict):
        raise JsonStatError("'role' must be an object")
    roles: dict[str, tuple[str, ...]] = {}
    for role, names in given.items():
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise JsonStatError(f"role {role!r} must be an array of dimension names")
        unknown = [n for n in names if n not in ids]
        if unknown:
            raise JsonStatError(f"role {role!r} names {unknown[0]!r}, which is not in 'id'")
        roles[role] = tuple(names)
    return roles


def _optional_text(document: Mapping[str, object], key: str) -> str | None:
    text = document.get(key)
    if text is not None and not isinstance(text, str):
        raise JsonStatError(f"'{key}' must be text")
    return text


def to_jsonstat(dataset: Dataset, *, sparse: bool = False) -> dict[str, Any]:
    """``dataset`` written as JSON-stat 2.0: values and statuses as arrays, or as sparse objects
    with only the cells that have one. The rows must be the full table in row-major order."""
    ids = list(dataset.dimensions)
    expected = list(itertools.product(*(list(dataset.labels[d]) for d in ids)))
    got = [tuple(row[d] for d in ids) for row in dataset.rows]
    if got != expected:
        raise JsonStatError("the rows are not every combination of the categories in row-major order")
    values = [row["value"] for row in dataset.rows]
    statuses = [row["status"] for row in dataset.rows]
    document: dict[str, Any] = {"version": "2.0", "class": "dataset"}
    if dataset.label is not None:
        document["label"] = dataset.label
    if dataset.updated is not None:
        document["updated"] = dataset.updated
    document["id"] = ids
    document["size"] = [len(dataset.labels[d]) for d in ids]
    if dataset.roles:
        document["role"] = {role: list(names) for role, names in dataset.roles.items()}
    document["dimension"] = {
        d: {
            **({"label": dataset.dimension_labels[d]} if d in dataset.dimension_labels else {}),
            "category": {
                "index": list(dataset.labels[d]),
                "label": dict(dataset.labels[d]),
                **(
                    {"unit": {code: {"decimals": n} for code, n in dataset.decimals[d].items()}}
                    if dataset.decimals.get(d)
                    else {}
                ),
            },
        }
        for d in ids
    }
    if sparse:
        document["value"] = {str(i): v for i, v in enumerate(values) if v is not None}
        marked = {str(i): s for i, s in enumerate(statuses) if s is not None}
        if marked:
            document["status"] = marked
    else:
        document["value"] = values
        if any(s is not None for s in statuses):
            document["status"] = statuses
    return document


def parse_tidy(
    data: bytes, source: str, limits: Limits = COMMAND_LINE_LIMITS, problems: list[TidyRowError] | None = None
) -> Dataset:
    """A tidy CSV (or XLSX) file: a header of dimension ids, ``value`` and ``status`` (optional),
    then one row per cell (a cell twice is an error). A value cell that holds one of SSB's symbols
    instead of a number (as SSB's own CSV does) is a missing value with that status. Codes are
    their own labels. A status written «'-» (as every export writes text that a spreadsheet
    would take for a formula) is SSB's «-», so what ``prioritet indicators --format csv`` writes
    reads back the same.

    File-level problems (encoding, empty file, too many columns) come as the measures reader's
    :class:`~prioritet.engine.InputError`; a file that is no tidy table as :class:`JsonStatError`.
    An optional ``persons`` column says how many people each row's figure describes (a whole
    number; the row gets a ``persons`` entry). A row that cannot be read raises :class:`TidyRowError`,
    or, when a ``problems`` list is handed in (an import's preview, which shows every problem at
    once), is added to it and left out.
    """
    grid = read_grid(data, source, limits)
    if grid.more_than is not None:
        raise JsonStatError(f"more than {grid.more_than} rows")
    (_, header_cells), *body = grid.rows
    header = [cell_text(c) for c in header_cells]
    lowered = [h.lower() for h in header]
    if "value" not in lowered:
        raise JsonStatError("the header has no 'value' column")
    if any(not h for h in header):
        raise JsonStatError("a column has no header")
    if len(set(lowered)) != len(lowered):
        raise JsonStatError("the header names a column twice")
    value_at = lowered.index("value")
    status_at = lowered.index("status") if "status" in lowered else None
    persons_at = lowered.index("persons") if "persons" in lowered else None
    dims = [(k, h) for k, h in enumerate(header) if k not in (value_at, status_at, persons_at)]
    if not dims:
        raise JsonStatError("the header has no dimension columns besides 'value' and 'status'")
    labels: dict[str, dict[str, str]] = {name: {} for _, name in dims}
    rows: list[TidyRow] = []
    numbers: list[int] = []
    seen: dict[tuple[str, ...], int] = {}
    for number, cells in body:
        try:
            row = _tidy_row(cells, number, dims, value_at, status_at, grid.decimal, seen)
            if persons_at is not None:
                row["persons"] = _persons(cells[persons_at] if persons_at < len(cells) else None, number)
        except TidyRowError as error:
            if problems is None:
                raise
            problems.append(error)
            continue
        for name, code in row.items():
            if name in labels:
                labels[name].setdefault(str(code), str(code))
        rows.append(row)
        numbers.append(number)
    return Dataset(
        dimensions=tuple(name for _, name in dims), labels=labels, rows=tuple(rows), row_numbers=tuple(numbers)
    )


def _tidy_row(
    cells: Sequence[Cell],
    number: int,
    dims: list[tuple[int, str]],
    value_at: int,
    status_at: int | None,
    decimal: Any,
    seen: dict[tuple[str, ...], int],
) -> TidyRow:
    """One body row of a tidy file as a tidy row (TidyRowError when it cannot be read)."""

    def at(k: int) -> Cell:
        return cells[k] if k < len(cells) else None

    row: TidyRow = {}
    for k, name in dims:
        code = cell_text(at(k))
        if not code:
            raise TidyRowError(f"row {number}: no code in column {name!r}", number, name)
        row[name] = code
    cell = tuple(str(row[name]) for _, name in dims)
    if cell in seen:
        raise TidyRowError(f"row {number} is the same cell as row {seen[cell]}", number, None)
    status = None if status_at is None or is_empty(at(status_at)) else _symbol(cell_text(at(status_at)))
    row["value"], row["status"] = _tidy_value(at(value_at), status, decimal, number)
    seen[cell] = number
    return row


def _persons(cell: Cell, number: int) -> float | None:
    """The optional «persons» cell: how many people the row's figure describes (a whole number, or empty)."""
    if is_empty(cell):
        return None
    text = cell_text(cell)
    if not text.isdigit():
        raise TidyRowError(f"row {number}: persons {text!r} is not a whole number", number, "persons")
    return int(text)


def _symbol(text: str) -> str:
    """A status as written, or the SSB symbol an export kept from being a formula («'-» is «-»)."""
    return text[1:] if text.startswith("'") and text[1:] in SSB_SYMBOLS else text


def _tidy_value(cell: Cell, status: str | None, decimal: Any, number: int) -> tuple[float | None, str | None]:
    if is_empty(cell):
        return None, status
    if isinstance(cell, float):
        return cell, status
    text = cell_text(cell)
    parsed = parse_number(text, decimal)
    if parsed is not None:
        return (int(parsed) if parsed.is_integer() and "," not in text and "." not in text else parsed), status
    if text in SSB_SYMBOLS and status in (None, text):
        return None, text
    raise TidyRowError(f"row {number}: value {text!r} is not a number", number, "value")
