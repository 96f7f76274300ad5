"""Reading the plan's measures from CSV or XLSX, exactly as ``prioritet plan`` reads its FILE.

:func:`check` reads the uploaded bytes with :func:`prioritet.tabular.parse_plan_grid` (the command
line's reader: Norwegian semicolons and decimal commas, ``earliest``, ``C_first`` beside a column
``C``, negative amounts for savings) and the web's own rules (text rules on names, length limits),
and returns what the preview shows and the save needs, as JSON: the measures, or every problem with
its row and column. Nothing is saved until the uploader confirms.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from prioritet.core import formatting
from prioritet.core.text import validate_text
from prioritet.engine import CRITERIA, InputError, Problem
from prioritet.tabular import Limits, parse_plan_grid
from prioritet.tabular.grid import read_grid

#: Largest file accepted (bytes), most measures, most columns and a workbook's largest unpacked size.
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
MAX_COLUMNS = 60
MAX_UNPACKED = 20 * 1024 * 1024
#: Longest id, name and group, as the model keeps them.
LENGTHS = {"id": 60, "name": 200, "group": 60, "requires": 60}


def _problem(problem: Problem) -> dict[str, Any]:
    return {"message": formatting.problem_text(problem), "row": problem.row, "column": problem.column}


def _text_problem(text: str, limit: int) -> str | None:
    if len(text) > limit:
        return _("At most %(limit)s characters; this has %(length)s.") % {"limit": limit, "length": len(text)}
    try:
        validate_text(text)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def check(data: bytes, filename: str) -> dict[str, Any]:
    """The preview of a plan file: ``{"measures": [...], "columns": [...], "problems": [...]}``."""
    if len(data) > MAX_BYTES:
        message = _("The file is %(size)s; at most %(limit)s can be imported.") % {
            "size": filesizeformat(len(data)),
            "limit": filesizeformat(MAX_BYTES),
        }
        return {"measures": [], "columns": [], "problems": [{"message": message, "row": None, "column": None}]}
    try:
        grid = read_grid(data, filename, Limits(rows=MAX_ROWS, columns=MAX_COLUMNS, unpacked=MAX_UNPACKED))
        file = parse_plan_grid(grid)
    except InputError as err:
        return {"measures": [], "columns": [], "problems": [_problem(p) for p in err.problems]}
    plan = file.plan
    m = plan.measures
    columns = list(plan.running)
    benefit, severity, resources = (CRITERIA.index(c) for c in ("benefit", "severity", "resources"))
    measures: list[dict[str, Any]] = []
    problems: list[dict[str, Any]] = []
    for i in range(len(m)):
        if m.baseline[i]:
            continue
        row = {
            "id": m.ids[i],
            "name": m.names[i],
            "benefit": int(m.scores[i, benefit]),
            "severity": int(m.scores[i, severity]),
            "resources": int(m.scores[i, resources]),
            "mandatory": bool(m.mandatory[i]),
            "group": m.groups[i] or "",
            "requires": m.requires[i] or "",
            "earliest": plan.earliest[i],
            "running": {c: float(plan.running[c][i]) for c in columns},
            "first": {c: float(plan.first[c][i]) for c in columns},
        }
        for key, limit in LENGTHS.items():
            if (message := _text_problem(str(row[key]), limit)) is not None:
                problems.append({"message": message, "row": int(m.rows[i]), "column": file.headers.get(key, key)})
        measures.append(row)
    if not measures:
        problems.append({"message": _("The file has no measures."), "row": None, "column": None})
    return {"measures": measures, "columns": columns, "problems": problems}


# The yearly frames from a file ----------------------------------------------------------------------

#: Most budget columns a frames file may hold (rows), and most cells in a row (a column name and the years).
MAX_FRAME_ROWS = 60
MAX_FRAME_COLUMNS = 1 + 12


def _frames_problem(message: str, row: int | None = None, column: str | None = None) -> dict[str, Any]:
    return {"message": message, "row": row, "column": column}


def check_frames(data: bytes, filename: str, years: tuple[int, ...]) -> dict[str, Any]:
    """The preview of a frames file: one row per budget column, its name in the first cell and one
    amount under each year of the plan period (the header row names the years)::

        kolonne;2027;2028;2029;2030
        cost_nok;11 000 000;12 000 000;13 000 000;14 000 000

    Read by :func:`prioritet.tabular.grid.read_grid` (semicolons, decimal commas, thousands spaces
    as in every import). Returns ``{"frames": {column: [amount per year]}, "years": [...],
    "problems": [...]}``, each problem with its row and column, in the active language."""
    from prioritet.tabular.grid import cell_text, is_empty
    from prioritet.tabular.values import parse_number

    empty: dict[str, Any] = {"frames": {}, "years": list(years), "problems": []}
    if len(data) > MAX_BYTES:
        message = _("The file is %(size)s; at most %(limit)s can be imported.") % {
            "size": filesizeformat(len(data)),
            "limit": filesizeformat(MAX_BYTES),
        }
        return {**empty, "problems": [_frames_problem(message)]}
    try:
        grid = read_grid(data, filename, Limits(rows=MAX_FRAME_ROWS, columns=MAX_FRAME_COLUMNS, unpacked=MAX_UNPACKED))
    except InputError as err:
        return {**empty, "problems": [_problem(p) for p in err.problems]}
    if not grid.rows:
        return {**empty, "problems": [_frames_problem(_("The file is empty."))]}
    problems: list[dict[str, Any]] = []
    if grid.more_than is not None:
        problems.append(
            _frames_problem(_("The file has more than %(most)s budget columns.") % {"most": grid.more_than})
        )
    header_row, header = grid.rows[0]
    places: dict[int, int] = {}  # year → cell index
    for k, cell in enumerate(header[1:], start=1):
        text = cell_text(cell)
        if not text:
            continue
        year = int(cell) if isinstance(cell, float) and cell.is_integer() else None
        if year is None and text.isdigit():
            year = int(text)
        if year is None or year not in years:
            problems.append(
                _frames_problem(
                    _("«%(text)s» is not a year of the plan period %(first)s–%(last)s.")
                    % {"text": text, "first": years[0], "last": years[-1]},
                    header_row,
                    text,
                )
            )
        elif year in places:
            problems.append(_frames_problem(_("The year %(year)s is named twice.") % {"year": year}, header_row, text))
        else:
            places[year] = k
    for year in years:
        if year not in places:
            problems.append(
                _frames_problem(_("The header has no column for %(year)s.") % {"year": year}, header_row, None)
            )
    frames: dict[str, list[float]] = {}
    for number, cells in grid.rows[1:]:
        name = cell_text(cells[0]) if cells else ""
        if not name:
            problems.append(_frames_problem(_("The budget column has no name."), number, cell_text(header[0]) or None))
            continue
        if (message := _text_problem(name, LENGTHS["group"])) is not None:
            problems.append(_frames_problem(message, number, cell_text(header[0]) or None))
            continue
        if name in frames:
            problems.append(_frames_problem(_("The budget column %(name)s is named twice.") % {"name": name}, number))
            continue
        amounts: list[float] = []
        for year in years:
            place = places.get(year)
            if place is None:
                continue
            cell = cells[place] if place < len(cells) else None
            value: float | None
            if isinstance(cell, float):
                value = cell
            elif isinstance(cell, str) and not is_empty(cell):
                value = parse_number(cell, grid.decimal)
            else:
                value = None
            if value is None:
                problems.append(
                    _frames_problem(
                        _("The frame must be an amount; «%(text)s» is not.") % {"text": cell_text(cell)}
                        if not is_empty(cell)
                        else _("The frame is missing."),
                        number,
                        str(year),
                    )
                )
            elif abs(value) > FRAME_LIMIT:
                problems.append(_frames_problem(_("The amount is too large."), number, str(year)))
            else:
                amounts.append(float(value))
        frames[name] = amounts
    if not frames:
        problems.append(_frames_problem(_("The file has no budget columns.")))
    return {"frames": {} if problems else frames, "years": list(years), "problems": problems}


#: Largest frame accepted (as the frames form: a municipality's budget, with room).
FRAME_LIMIT = 10**12
