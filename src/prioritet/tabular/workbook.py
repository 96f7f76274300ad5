"""openpyxl's read-only workbook reader, with one pass less (:func:`prioritet.tabular.grid.read_grid`).

Its own module so that openpyxl, slow to import, is loaded only when a workbook is read: the
command line ranking a CSV file never pays for it.
"""

from __future__ import annotations

from openpyxl.reader.excel import ExcelReader
from openpyxl.worksheet._read_only import ReadOnlyWorksheet


# openpyxl ships no types, so its classes are Any to mypy; these two subclasses change one method each.
class UnsizedSheet(ReadOnlyWorksheet):  # type: ignore[misc]
    """openpyxl's read-only sheet, without looking for its size when the workbook is opened.

    openpyxl reads a sheet's ``<dimension>`` as it opens the workbook; a sheet without one (openpyxl's
    own streaming writer leaves it out, as do other programs) is then parsed to its end only to
    find that it has none — a whole extra pass over the largest part of the file. The size is of no
    use here (it is not trusted anyway), so it is left unknown, as ``reset_dimensions`` leaves it.
    """

    def _get_size(self) -> None:
        return None


class UnsizedReader(ExcelReader):  # type: ignore[misc]
    """openpyxl's workbook reader in read-only mode, whose sheets are :class:`UnsizedSheet`."""

    def read_worksheets(self) -> None:
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files:
                continue
            if "chartsheet" in rel.Type:
                self.read_chartsheet(sheet, rel)
                continue
            ws = UnsizedSheet(self.wb, sheet.name, rel.target, self.shared_strings)
            ws.sheet_state = sheet.state
            self.wb._sheets.append(ws)
