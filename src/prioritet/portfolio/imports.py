"""Importing measures from CSV or XLSX: read exactly as the command line reads them, shown first.

:func:`preview` reads the file with :mod:`prioritet.tabular`, the reader of the
``prioritet`` command (Norwegian Excel's semicolon and decimal comma included), checks the rules the
engine adds (two mandatory measures in one exclusive group) and the web's own limits, and returns
everything the preview page shows: the file's rows with the problem cells marked, every problem by
row and column, which measures are new and which update existing ones, and which resource columns
the municipality does not have yet. Nothing is saved until the user confirms; then
:func:`prioritet.portfolio.services.import_measures` saves all of it in one transaction, or nothing.

The check runs as a background task; :meth:`ImportPreview.stored` is what it keeps (JSON, in the
:class:`~prioritet.portfolio.models.MeasureImport`) and :func:`from_stored` the preview again, with
the portfolio's measures and resource columns as they are when it is read (the confirmation and
the save read it then), so the file is read once.

Besides the columns the command line reads, the web reads these optional text columns (a file
without them keeps what was typed in the web): ``description``/``beskrivelse``,
``legal_basis``/``lovgrunnlag``/``hjemmel``, ``affected``/``berørte``/``hvem berøres``,
``consequence``/``konsekvens`` and ``kind``/``type`` (new/ny, changed/endret, continued/videreført,
ended/avsluttet).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl.utils import column_index_from_string

from prioritet.core import formatting
from prioritet.core.text import TEXT_MAX, validate_text
from prioritet.engine import InputError, PortfolioModel, Problem
from prioritet.tabular import Limits, parse_grid
from prioritet.tabular.columns import Field, plan
from prioritet.tabular.grid import cell_text, read_grid

from .models import KEY_VALIDATOR, Measure, MeasureKind, Portfolio, ResourceColumn

#: Largest file accepted (bytes) and most measures in one file.
MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
#: Most columns, and the largest size a workbook may unpack to (bytes): 5 000 measures with
#: 1 000-character descriptions unpack to about 6 MB; a workbook past the cap is refused unparsed,
#: so that reading a file up to MAX_BYTES takes a couple of seconds at most.
MAX_COLUMNS = 100
MAX_UNPACKED = 20 * 1024 * 1024
#: Rows shown in the preview table; rows with problems are always shown.
PREVIEW_ROWS = 200

_LENGTHS = {Field.ID: 60, Field.NAME: 200, Field.GROUP: 60}

#: Web-only text columns and the headers that name them (lower case).
EXTRA_COLUMNS: dict[str, frozenset[str]] = {
    "description": frozenset({"description", "beskrivelse", "beskriving"}),
    "legal_basis": frozenset({"legal_basis", "legal basis", "lovgrunnlag", "hjemmel", "lovhjemmel", "rettsgrunnlag"}),
    "affected": frozenset({"affected", "berørte", "berørt", "hvem berøres", "kven vert råka", "målgruppe"}),
    "consequence": frozenset({"consequence", "konsekvens", "konsekvens hvis utelatt", "konsekvens om utelate"}),
    "kind": frozenset({"kind", "type", "art"}),
}

_KIND_WORDS: dict[str, str] = {
    **dict.fromkeys(("new", "ny", "nytt", "nye", "nytt tiltak"), MeasureKind.NEW),
    **dict.fromkeys(("changed", "endret", "endra", "endring"), MeasureKind.CHANGED),
    **dict.fromkeys(("continued", "videreført", "vidareført", "videreføring", "vidareføring"), MeasureKind.CONTINUED),
    **dict.fromkeys(("ended", "avsluttet", "avslutta", "avvikles", "avvikla", "avvikling"), MeasureKind.ENDED),
}


@dataclass(frozen=True)
class FileProblem:
    """One problem with the file: the spreadsheet row (header = 1) and the column as headed."""

    message: str
    row: int | None = None
    column: str | None = None


@dataclass(frozen=True)
class PreviewCell:
    text: str
    problem: bool = False


@dataclass(frozen=True)
class PreviewRow:
    number: int
    cells: tuple[PreviewCell, ...]
    problem: bool = False
    #: «new» or «update» when the file is sound.
    status: str = ""


@dataclass(frozen=True)
class ColumnChoice:
    """A resource column of the file: the municipality's column it fills, or a proposal for a new one."""

    header: str
    column: ResourceColumn | None
    key: str
    label: str


@dataclass(frozen=True)
class ImportRow:
    """One measure of a sound file, ready to save."""

    row: int
    code: str
    name: str
    benefit: int
    severity: int
    resources: int
    mandatory: bool
    group: str
    requires: str | None
    #: {header as written: amount}.
    amounts: dict[str, float]
    #: Web-only text fields present in the file and not empty.
    extras: dict[str, str] = field(default_factory=dict)
    existing: Measure | None = None

    def fields(self) -> dict[str, Any]:
        """The measure's fields as the file gives them (``requires`` is set separately)."""
        return {
            "name": self.name,
            "benefit": self.benefit,
            "severity": self.severity,
            "resources": self.resources,
            "mandatory": self.mandatory,
            "group": self.group,
            **self.extras,
        }

    @property
    def legal_basis(self) -> str:
        return self.extras.get("legal_basis") or (self.existing.legal_basis if self.existing else "")


@dataclass(frozen=True)
class ImportPreview:
    filename: str
    size: int
    headers: tuple[str, ...] = ()
    #: The spreadsheet row of the header (1 unless the file starts with blank rows).
    header_row: int = 1
    rows: tuple[PreviewRow, ...] = ()
    total_rows: int = 0
    problems: tuple[FileProblem, ...] = ()
    measures: tuple[ImportRow, ...] = ()
    columns: tuple[ColumnChoice, ...] = ()
    ignored: tuple[str, ...] = ()
    #: «,» when the file is read with decimal comma (semicolon CSV, XLSX text cells), else «.».
    decimal: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.measures)

    @property
    def created(self) -> int:
        return sum(1 for m in self.measures if m.existing is None)

    @property
    def updated(self) -> int:
        return sum(1 for m in self.measures if m.existing is not None)

    @property
    def needs_legal_basis(self) -> tuple[ImportRow, ...]:
        """Mandatory measures with no legal basis in the file or the portfolio: the user gives one."""
        return tuple(m for m in self.measures if m.mandatory and not m.legal_basis.strip())

    @property
    def new_columns(self) -> tuple[ColumnChoice, ...]:
        return tuple(c for c in self.columns if c.column is None)

    @property
    def problem_rows(self) -> int:
        return len({p.row for p in self.problems if p.row is not None})

    @property
    def shown_all(self) -> bool:
        return len(self.rows) == self.total_rows

    def stored(self) -> dict[str, Any]:
        """What an import keeps of the check, as JSON: the page's preview and the rows to save.

        The matches with the portfolio (which measures exist, which resource columns the
        municipality has) are left out: :func:`from_stored` finds them again when it is read.
        """
        return {
            "filename": self.filename,
            "size": self.size,
            "headers": list(self.headers),
            "header_row": self.header_row,
            "rows": [
                [row.number, row.problem, row.status, [[c.text, c.problem] for c in row.cells]] for row in self.rows
            ],
            "total_rows": self.total_rows,
            "problems": [[p.message, p.row, p.column] for p in self.problems],
            "measures": [
                {
                    "row": m.row,
                    "code": m.code,
                    "name": m.name,
                    "scores": [m.benefit, m.severity, m.resources],
                    "mandatory": m.mandatory,
                    "group": m.group,
                    "requires": m.requires,
                    "amounts": m.amounts,
                    "extras": m.extras,
                }
                for m in self.measures
            ],
            "resource_headers": [c.header for c in self.columns],
            "ignored": list(self.ignored),
            "decimal": self.decimal,
        }


def from_stored(portfolio: Portfolio, stored: dict[str, Any]) -> ImportPreview:
    """The preview an import kept (:meth:`ImportPreview.stored`), matched with the portfolio as it is now."""
    existing = {m.code: m for m in Measure.objects.filter(portfolio=portfolio)} if stored["measures"] else {}
    measures = tuple(
        ImportRow(
            row=m["row"],
            code=m["code"],
            name=m["name"],
            benefit=m["scores"][0],
            severity=m["scores"][1],
            resources=m["scores"][2],
            mandatory=m["mandatory"],
            group=m["group"],
            requires=m["requires"],
            amounts=m["amounts"],
            extras=m["extras"],
            existing=existing.get(m["code"]),
        )
        for m in stored["measures"]
    )
    columns = match_columns(portfolio.municipality, tuple(stored["resource_headers"])) if measures else ()
    status = {r.row: ("update" if r.existing else "new") for r in measures}
    return ImportPreview(
        filename=stored["filename"],
        size=stored["size"],
        headers=tuple(stored["headers"]),
        header_row=stored["header_row"],
        rows=tuple(
            PreviewRow(
                number=number,
                cells=tuple(PreviewCell(text, marked) for text, marked in cells),
                problem=problem,
                status=status.get(number, row_status),
            )
            for number, problem, row_status, cells in stored["rows"]
        ),
        total_rows=stored["total_rows"],
        problems=tuple(FileProblem(message, row, column) for message, row, column in stored["problems"]),
        measures=measures,
        columns=columns,
        ignored=tuple(stored["ignored"]),
        decimal=stored["decimal"],
    )


def _file_problem(problem: Problem) -> FileProblem:
    """A problem the file reader or the engine found, in the reader's language."""
    return FileProblem(formatting.problem_text(problem), problem.row, problem.column)


def _text_problem(text: str, limit: int) -> str | None:
    """What is wrong with a cell's text by the length and the text rules, or ``None``."""
    if len(text) > limit:
        return _("At most %(limit)s characters; this has %(length)s.") % {"limit": limit, "length": len(text)}
    try:
        validate_text(text)
    except ValidationError as error:
        return " ".join(error.messages)
    return None


def preview(portfolio: Portfolio, data: bytes, filename: str) -> ImportPreview:
    """Read ``data`` as the command line would and say what importing it would do."""
    size = len(data)
    if size > MAX_BYTES:
        message = _("The file is %(size)s; at most %(limit)s can be imported.") % {
            "size": filesizeformat(size),
            "limit": filesizeformat(MAX_BYTES),
        }
        return ImportPreview(filename, size, problems=(FileProblem(message),))
    try:
        grid = read_grid(data, filename, Limits(rows=MAX_ROWS, columns=MAX_COLUMNS, unpacked=MAX_UNPACKED))
    except InputError as err:
        return ImportPreview(filename, size, problems=tuple(_file_problem(p) for p in err.problems))
    header_row, header_cells = grid.rows[0]
    width = max(len(cells) for _, cells in grid.rows)
    headers = tuple(cell_text(header_cells[k]) if k < len(header_cells) else "" for k in range(width))
    body = grid.rows[1:]
    if grid.more_than is not None:
        message = _("The file has more than %(limit)s rows of measures; at most %(limit)s can be imported at once.") % {
            "limit": grid.more_than,
        }
        return ImportPreview(
            filename,
            size,
            headers=headers,
            header_row=header_row,
            total_rows=len(body),
            problems=(FileProblem(message),),
        )

    problems: list[FileProblem] = []
    measure_file = None
    try:
        measure_file = parse_grid(grid)
    except InputError as err:
        problems += [_file_problem(p) for p in err.problems]
    if measure_file is not None:
        try:
            PortfolioModel(measure_file.measures, ())
        except InputError as err:
            problems += [_file_problem(p) for p in measure_file.locate(err.problems)]

    layout = plan(grid, [])
    field_col = dict(layout.fields)
    extra_col = _extra_columns(headers, layout)
    extras_by_row: dict[int, dict[str, str]] = {}
    for number, cells in body:
        values: dict[str, str] = {}
        for name, k in extra_col.items():
            text = cell_text(cells[k]) if k < len(cells) else ""
            if not text:
                continue
            if name == "kind":
                kind = _KIND_WORDS.get(text.lower()) or _kind_label(text)
                if kind is None:
                    problems.append(
                        FileProblem(
                            _(
                                "Unknown kind «%(value)s»; write new, changed, continued or ended (ny, endret, "
                                "videreført, avsluttet)."
                            )
                            % {"value": text},
                            number,
                            headers[k],
                        )
                    )
                    continue
                text = kind
            else:
                problem = _text_problem(text, TEXT_MAX)
                if problem:
                    problems.append(FileProblem(problem, number, headers[k]))
                    continue
            values[name] = text
        for f, limit in _LENGTHS.items():
            col = field_col.get(f)
            if col is None:  # the file has no such column
                continue
            text = cell_text(cells[col]) if col < len(cells) else ""
            problem = _text_problem(text, limit)
            if problem:
                problems.append(FileProblem(problem, number, headers[col]))
        extras_by_row[number] = values

    problems.sort(key=lambda p: (p.row or 0, _index(headers, p.column) if p.column else -1))
    existing = {m.code: m for m in Measure.objects.filter(portfolio=portfolio)}
    measures: tuple[ImportRow, ...] = ()
    columns: tuple[ColumnChoice, ...] = ()
    if measure_file is not None and not problems:
        m = measure_file.measures
        measures = tuple(
            ImportRow(
                row=m.rows[i],
                code=m.ids[i],
                name=m.names[i],
                benefit=int(m.scores[i, 0]),
                severity=int(m.scores[i, 1]),
                resources=int(m.scores[i, 2]),
                mandatory=bool(m.mandatory[i]),
                group=m.groups[i] or "",
                requires=m.requires[i],
                amounts={header: float(values[i]) for header, values in m.resources.items()},
                extras=extras_by_row.get(m.rows[i], {}),
                existing=existing.get(m.ids[i]),
            )
            for i in range(len(m))
        )
        columns = match_columns(portfolio.municipality, tuple(m.resources))
    status = {r.row: ("update" if r.existing else "new") for r in measures}
    return ImportPreview(
        filename=filename,
        size=size,
        headers=headers,
        header_row=header_row,
        rows=_preview_rows(body, headers, problems, status),
        total_rows=len(body),
        problems=tuple(problems),
        measures=measures,
        columns=columns,
        ignored=tuple(h for h in layout.ignored if h.lower() not in _ALL_EXTRA),
        decimal=grid.decimal,
    )


_ALL_EXTRA = frozenset().union(*EXTRA_COLUMNS.values())


def _extra_columns(headers: tuple[str, ...], layout) -> dict[str, int]:
    taken = set(layout.fields.values()) | set(layout.resources.values())
    found: dict[str, int] = {}
    for k, header in enumerate(headers):
        if k in taken:
            continue
        for name, aliases in EXTRA_COLUMNS.items():
            if header.strip().lower() in aliases and name not in found:
                found[name] = k
    return found


def _kind_label(text: str) -> str | None:
    for value, label in MeasureKind.choices:
        if str(label).lower() == text.lower():
            return value
    return None


def _index(headers: tuple[str, ...], column: str) -> int:
    """Position of a problem's column: the header as written, else a column letter, else -1."""
    if column in headers:
        return headers.index(column)
    lowered = [h.lower() for h in headers]
    if column.lower() in lowered:
        return lowered.index(column.lower())
    if re.fullmatch(r"[A-Z]{1,3}", column):
        k = column_index_from_string(column) - 1
        if k < len(headers):
            return k
    return -1


def _preview_rows(body, headers, problems: list[FileProblem], status: dict[int, str]) -> tuple[PreviewRow, ...]:
    marked: dict[int, set[int]] = {}
    flagged: set[int] = set()
    for p in problems:
        if p.row is None:
            continue
        flagged.add(p.row)
        if p.column:
            k = _index(headers, p.column)
            if k >= 0:
                marked.setdefault(p.row, set()).add(k)
    width = len(headers)
    out = []
    for position, (number, cells) in enumerate(body):
        if position >= PREVIEW_ROWS and number not in flagged:
            continue
        texts = [cell_text(c) for c in cells] + [""] * (width - len(cells))
        out.append(
            PreviewRow(
                number=number,
                cells=tuple(PreviewCell(t, k in marked.get(number, ())) for k, t in enumerate(texts)),
                problem=number in flagged,
                status=status.get(number, ""),
            )
        )
    return tuple(out)


def header_problems(preview: ImportPreview) -> set[int]:
    """Header cells with a problem (a duplicate column, say), by position."""
    marked = set()
    for p in preview.problems:
        if p.row == preview.header_row and p.column:
            k = _index(preview.headers, p.column)
            if k >= 0:
                marked.add(k)
    return marked


def match_columns(municipality, headers: tuple[str, ...]) -> tuple[ColumnChoice, ...]:
    """Each resource header of a file matched to the municipality's column with that key or label
    (case does not matter), or a proposed key for a new column."""
    existing = list(ResourceColumn.objects.for_municipality(municipality).order_by("position", "id"))
    names: dict[str, ResourceColumn] = {}
    for c in existing:
        for name in (c.key, c.label, f"{c.label} ({c.unit})" if c.unit else c.label):
            names.setdefault(name.strip().lower(), c)
    keys = {c.key for c in existing}
    out = []
    for header in headers:
        column = names.get(header.strip().lower())
        if column is not None:
            out.append(ColumnChoice(header, column, column.key, column.label))
            continue
        key = propose_key(header, keys)
        keys.add(key)
        out.append(ColumnChoice(header, None, key, header.strip()[:80]))
    return tuple(out)


def propose_key(header: str, taken: set[str]) -> str:
    """A valid, unused key from a header: «Timer per uke» → ``timer_per_uke``."""
    text = header.lower().replace("å", "aa").replace("æ", "ae").replace("ø", "o")
    base = slugify(text).replace("-", "_")[:36] or "kolonne"
    if not base[0].isalpha():
        base = f"k_{base}"[:36]
    try:
        KEY_VALIDATOR(base)
    except Exception:  # slugify leaves only a–z, 0–9, _ and -, so this is a safety net
        base = "kolonne"
    key, n = base, 2
    while key in taken:
        key = f"{base}_{n}"
        n += 1
    return key
