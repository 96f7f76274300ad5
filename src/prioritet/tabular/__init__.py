"""Reading measures (tiltak) from the files municipalities keep them in: CSV and XLSX.

Used by the command line and the web import alike, so problems come back as structured
:class:`~prioritet.engine.Problem` objects (file, spreadsheet row with the header as row 1, column
as written in the header, and a code with parameters that the caller words in its reader's
language, :mod:`prioritet.core.messages`), all of them in one
:class:`~prioritet.engine.InputError`, never one at a time.

Files
    ``.csv`` in UTF-8, with or without byte order mark, else Windows-1252 (what Norwegian Excel
    writes for «CSV (semikolondelt)»). The delimiter is a semicolon when the header line has more
    semicolons than commas, else a comma. ``.xlsx``/``.xlsm``: the first sheet. The first non-blank
    row is the header; blank rows are skipped (their numbers still count, so row numbers match what
    the spreadsheet shows).

Limits (:class:`Limits`; the command line's defaults, the web's are smaller)
    A workbook whose entries unpack to more than ``unpacked`` bytes is refused before it is parsed
    (a zip bomb included); reading stops after ``rows`` + 1 rows of data, and a file with more than
    ``rows`` is an error; a file with a value in the column after ``columns`` is an error, and
    nothing to the right of that column is read. So no file holds a process for long.

Columns (header names are case-insensitive; surrounding spaces are ignored)
    1. Known columns, in English or Norwegian: ``id``; ``name``/``navn``; ``benefit``/``nytte``,
       ``severity``/``alvorlighet``, ``resources``/``ressurs``/``ressurser`` (integers 1–5) — all
       required; ``mandatory``/``obligatorisk``, ``group``/``gruppe``, ``requires``/``krever``,
       ``baseline``/``referanse`` — optional. ``baseline`` (ja/yes/1/true, any case) marks the one
       reference row, «no action»: the consequence of doing nothing, which is never ranked or
       chosen (:attr:`~prioritet.engine.Measures.candidates`); two marked rows are an error naming
       both. Two headers that mean the same thing are an error. ``earliest``/``tidligst`` (a year)
       is read only for a plan over several years (:func:`read_plan_file`).
    2. Text columns, never read: ``description``/``beskrivelse``, ``comment``/``kommentar``,
       ``note``/``notat``/``merknad``, ``begrunnelse``, ``source``/``kilde``, ``level``/``nivå``,
       ``category``/``kategori``, ``owner``/``ansvarlig``, ``status``.
    3. **Resource columns.** Every other column is a resource column, named by its header as
       written (``cost_nok``, ``fte``, ``kostnad``), when *either* its header contains a resource
       word (cost, kostnad, utgift, budsjett, budget, årsverk, stilling, beløp, investering — also
       inside compounds like «driftskostnader» — or the whole words fte, nok, kr, kroner, timer,
       hours, amount) *or* at least one of its cells is a number. Every non-empty cell of a resource
       column must then be a number ≥ 0 and anything else is reported; an empty cell is 0 (the
       measure uses none of it). So a typo in one amount makes an error, not a dropped column.
    4. Any other column (a header that is no resource word, and not one number below it) is
       ignored and listed in :attr:`MeasureFile.ignored` so that the caller can say so.
       A column with values but no header is an error.

Plan files (:func:`read_plan_file`, ``prioritet plan``)
    The same columns, plus ``earliest`` (the first year a measure may start; empty: the plan's first
    year) and, beside a resource column ``C``, an optional ``C_first`` (the amount in the year the
    measure starts, e.g. establishment; an empty cell: ``C``). ``C`` is the amount in every later
    year. Amounts may be negative (a saving). A ``C_first`` without a column ``C`` is an error.

Values
    Scores: an integer 1–5; ``4``, ``4,0`` and ``4.0`` are 4, ``4,5`` is an error.
    Amounts: in a semicolon file and in text cells of a workbook, decimal comma and space or
    no-break space between thousands (``1 250 000,50``); in a comma file, decimal point. A number
    with the other separator («1.250» in a semicolon file: 1,25 or 1 250?) is an error, never
    guessed. ``mandatory``: ja/nei, true/false, yes/no, 1/0, any case; empty is false. ``name``:
    empty means the id is shown. ``group``/``requires``: empty means none.
"""

from .grid import Limits
from .reader import MeasureFile, PlanFile, parse_bytes, parse_grid, parse_plan_grid, read_file, read_plan_file

__all__ = [
    "Limits",
    "MeasureFile",
    "PlanFile",
    "parse_bytes",
    "parse_grid",
    "parse_plan_grid",
    "read_file",
    "read_plan_file",
]
