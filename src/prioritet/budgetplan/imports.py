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
