"""Files written the way the programs people use write them."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import openpyxl
import pytest


@pytest.fixture
def write_csv(tmp_path: Path) -> Callable[..., Path]:
    """Write ``text`` as a CSV file in ``encoding``; ``bom`` prepends UTF-8's byte order mark."""

    def write(text: str, *, encoding: str = "utf-8", bom: bool = False, name: str = "tiltak.csv") -> Path:
        path = tmp_path / name
        path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode(encoding))
        return path

    return write


@pytest.fixture
def write_xlsx(tmp_path: Path) -> Callable[[Sequence[Sequence[object]]], Path]:
    """Write rows (None for an empty cell) to the first sheet of a workbook, plus a decoy sheet."""

    def write(rows: Sequence[Sequence[object]]) -> Path:
        book = openpyxl.Workbook()
        sheet = book.active
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(row=r, column=c, value=value)
        book.create_sheet("Notater")["A1"] = "ikke les dette arket"
        path = tmp_path / "tiltak.xlsx"
        book.save(path)
        return path

    return write
