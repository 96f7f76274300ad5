"""Which column of a file is which: known names, Norwegian aliases, resource and text columns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from prioritet.engine import CRITERION_INFO, Code, Criterion, InputError, Problem, parse_criterion

from .grid import Cell, Grid, cell_text, is_empty
from .values import parse_number


class Field(StrEnum):
    """A column with a fixed meaning. The value is the English name used in files and the API."""

    ID = "id"
    NAME = "name"
    BENEFIT = "benefit"
    SEVERITY = "severity"
    RESOURCES = "resources"
    MANDATORY = "mandatory"
    GROUP = "group"
    REQUIRES = "requires"
    #: The reference row («no action»), never ranked: ja/yes/1/true.
    BASELINE = "baseline"
    #: The first year a measure may start in a plan over several years (``prioritet plan``).
    EARLIEST = "earliest"


REQUIRED: tuple[Field, ...] = (Field.ID, Field.NAME, Field.BENEFIT, Field.SEVERITY, Field.RESOURCES)

#: Field of each criterion column (same names as the engine's criteria).
CRITERION_FIELDS: dict[Criterion, Field] = {c: Field(c.value) for c in Criterion}

#: Header (lower case) → field, as listed in messages. Criteria are also looked up with the
#: engine's :func:`parse_criterion`, so that a column and a ``--weights`` option accept the same words.
ALIASES: dict[str, Field] = {
    **{f.value: f for f in Field},
    **{name: CRITERION_FIELDS[c] for c, info in CRITERION_INFO.items() for name in (info.nb, info.nn, info.en)},
    "ressurser": Field.RESOURCES,
    "navn": Field.NAME,
    "obligatorisk": Field.MANDATORY,
    "gruppe": Field.GROUP,
    "krever": Field.REQUIRES,
    "referanse": Field.BASELINE,
    "tidligst": Field.EARLIEST,
    "tidlegast": Field.EARLIEST,
}

#: A resource column ``C`` may have a first-year column ``C_first`` in a plan file: the amount in the
#: year a measure starts (establishment), where ``C`` is the amount in every later year.
FIRST_SUFFIX = "_first"

#: Free-text columns people keep beside the numbers; never read, never reported.
TEXT_COLUMNS = frozenset(
    {
        "description",
        "beskrivelse",
        "comment",
        "comments",
        "kommentar",
        "kommentarer",
        "note",
        "notes",
        "notat",
        "merknad",
        "merknader",
        "begrunnelse",
        "justification",
        "source",
        "kilde",
        "level",
        "nivå",
        "category",
        "kategori",
        "owner",
        "ansvarlig",
        "status",
        # What the web import keeps with a measure (prioritet.portfolio.imports.EXTRA_COLUMNS); the
        # engine and the command line do not use them.
        "legal_basis",
        "lovgrunnlag",
        "hjemmel",
        "affected",
        "berørte",
        "consequence",
        "konsekvens",
    }
)

#: Words in a header that make it a resource column whatever its cells hold, so that a column of
#: amounts is checked even when every amount in it is mistyped. Stems match inside Norwegian
#: compounds («driftskostnader», «lønnsutgift»); short words must stand alone («kr», «fte»).
_RESOURCE_STEMS = ("cost", "kostnad", "utgift", "budsjett", "budget", "årsverk", "stilling", "beløp", "investering")
_RESOURCE_WORDS = frozenset({"fte", "nok", "kr", "kroner", "timer", "hours", "amount"})
_WORD = re.compile(r"[\W_]+")


def field_of(header: str) -> Field | None:
    key = header.strip().lower()
    if key in ALIASES:
        return ALIASES[key]
    try:
        return CRITERION_FIELDS[parse_criterion(key)]
    except InputError:
        return None


def looks_like_resource(header: str) -> bool:
    words = [w for w in _WORD.split(header.lower()) if w]
    return any(w in _RESOURCE_WORDS or any(stem in w for stem in _RESOURCE_STEMS) for w in words)


@dataclass(frozen=True)
class Layout:
    """Where each kind of column is, by position in the row."""

    fields: dict[Field, int]
    resources: dict[str, int]
    #: Headers as written in the file, by position: messages point at what the user sees.
    headers: tuple[str, ...]
    #: Columns neither known nor numeric, left out (known text columns are not listed).
    ignored: tuple[str, ...]

    def field_headers(self) -> dict[str, str]:
        """English field name → the header written in the file."""
        return {f.value: self.headers[k] for f, k in self.fields.items()}


def plan(grid: Grid, problems: list[Problem]) -> Layout:
    """Classify the columns of the header row (see the rule in :mod:`prioritet.tabular`)."""
    header_row, header_cells = grid.rows[0]
    width = max(len(header_cells), len(grid.columns))
    headers = tuple(cell_text(header_cells[k]) if k < len(header_cells) else "" for k in range(width))
    fields: dict[Field, int] = {}
    resources: dict[str, int] = {}
    ignored: list[str] = []
    first_seen: dict[str, int] = {}
    for k, header in enumerate(headers):
        key = header.lower()
        column = grid.column(k)
        if not header:
            if any(not is_empty(c) for c in column):
                from openpyxl.utils import get_column_letter  # rare: not worth openpyxl's import for every CSV

                problems.append(
                    Problem(
                        Code.COLUMN_WITHOUT_HEADER,
                        {},
                        header_row,
                        get_column_letter(k + 1),
                        grid.source,
                    )
                )
            continue
        meaning = field_of(header) or key
        if meaning in first_seen:
            problems.append(
                Problem(
                    Code.COLUMN_DUPLICATE,
                    {"other": headers[first_seen[meaning]]},
                    header_row,
                    header,
                    grid.source,
                )
            )
            continue
        first_seen[meaning] = k
        if isinstance(meaning, Field):
            fields[meaning] = k
        elif key in TEXT_COLUMNS:
            continue
        elif looks_like_resource(header) or any(_is_number(c, grid) for c in column):
            resources[header] = k
        else:
            ignored.append(header)
    for field in REQUIRED:
        if field not in fields:
            problems.append(
                Problem(
                    Code.COLUMN_MISSING,
                    {"field": field.value, "names": tuple(f"«{name}»" for name, f in ALIASES.items() if f is field)},
                    header_row,
                    field.value,
                    grid.source,
                )
            )
    return Layout(fields=fields, resources=resources, headers=headers, ignored=tuple(ignored))


def _is_number(cell: Cell, grid: Grid) -> bool:
    if isinstance(cell, bool) or cell is None:
        return False
    return isinstance(cell, float) or parse_number(cell, grid.decimal) is not None
