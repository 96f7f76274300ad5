"""Building measures files for tests and benchmarks: large ones and hostile ones.

Kept in the package (not in a test folder) so that the web app's tests, the tabular tests and the
benchmarks build the same files.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterable, Iterator, Sequence

import openpyxl

HEADER = ("id", "navn", "nytte", "alvorlighet", "ressurs", "kostnad")


def measure_rows(count: int, *, extra_columns: int = 0, text: str = "") -> Iterator[list[object]]:
    """The header and ``count`` sound measures; ``extra_columns`` numeric columns and a
    ``beskrivelse`` of ``text`` make each row as wide and long as wanted."""
    extras = [f"kostnad_{k}" for k in range(extra_columns)]
    yield [*HEADER, *extras, *(["beskrivelse"] if text else [])]
    for n in range(1, count + 1):
        score = 1 + n % 5
        yield [f"T{n}", f"Tiltak {n}", score, 6 - score, 3, 1000 * n, *([n] * extra_columns), *([text] if text else [])]


def workbook_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """An XLSX workbook with ``rows`` on its first sheet, written in openpyxl's streaming mode."""
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet()
    for row in rows:
        sheet.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def csv_bytes(rows: Iterable[Sequence[object]]) -> bytes:
    """The same rows as a semicolon CSV file."""
    return "".join(";".join(str(v) for v in row) + "\n" for row in rows).encode("utf-8")


def padded_workbook(workbook: bytes, unpacked: int) -> bytes:
    """``workbook`` with one more entry of ``unpacked`` zero bytes: small packed (about a
    thousandth), large unpacked, as a zip bomb is."""
    out = io.BytesIO(workbook)
    with zipfile.ZipFile(out, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/media/padding.bin", bytes(unpacked))
    return out.getvalue()
