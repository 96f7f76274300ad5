"""An uploaded file of figures read into a preview, saving nothing: the check of an import.

The preview holds every value the file would save (so the save does not read the file again),
what saving it would do now — how many values it creates, changes and leaves as they are — the
first rows as the page shows them, and every problem with its row and column, in the user's
language. A file with a problem is checked too, and cannot be confirmed.

:func:`check_import` and :func:`run_import` are the bodies of the check and save tasks
(:mod:`prioritet.indicators.tasks`); the request's steps, which queue them, are
:mod:`prioritet.indicators.uploads`.

One file holds one indicator, chosen on the upload form, or several: then its «indicator» column
names each row's by its key, as a municipality's case system writes its IPLOS figures
(``docs/methods.md`` §10e, and the template files :func:`template_rows`).
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from prioritet.accounts.models import Municipality
from prioritet.core.records import TaskStatus
from prioritet.tabular.jsonstat import Dataset, TidyRow

from . import services
from .models import IndicatorDefinition, IndicatorImport, SourceKind
from .services import Figure, ImportProblemError, ImportResult, Problem

logger = logging.getLogger(__name__)

#: Rows of the file the preview page shows.
PREVIEW_ROWS = 20
#: The column naming each row's indicator (by its key), in a file of several.
INDICATOR_COLUMNS = ("indicator", "indikator")


@dataclass
class Preview:
    """What a file would save, what that would change, and what is wrong with it."""

    #: {definition id: [figure, …]}: every value the file would save.
    values: dict[int, list[Figure]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    counts: ImportResult = field(default_factory=ImportResult)
    #: The first rows as shown: indicator name, region, period, value, symbol, what saving does to it.
    first: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """Sound and not empty: it may be confirmed."""
        return not self.problems and self.counts.total > 0

    def stored(self) -> dict[str, Any]:
        """As kept in :attr:`prioritet.indicators.models.IndicatorImport.preview` (JSON)."""
        return {
            "values": {
                str(pk): [[r, p, None if v is None else str(v), s, n] for r, p, v, s, n in figures]
                for pk, figures in self.values.items()
            },
            "problems": [dataclasses.asdict(problem) for problem in self.problems],
            "counts": dataclasses.asdict(self.counts),
            "first": self.first,
        }


def from_stored(data: dict[str, Any]) -> Preview:
    """A preview from what :meth:`Preview.stored` kept."""
    return Preview(
        values={
            int(pk): [(r, p, None if v is None else Decimal(v), s, n) for r, p, v, s, n in figures]
            for pk, figures in data.get("values", {}).items()
        },
        problems=[Problem(**problem) for problem in data.get("problems", ())],
        counts=ImportResult(**data.get("counts", {})),
        first=list(data.get("first", ())),
    )


def _definitions(municipality: Municipality, keys: set[str]) -> dict[str, IndicatorDefinition]:
    """The definitions ``municipality`` reads by key; its own before a national one with the same key."""
    found: dict[str, IndicatorDefinition] = {}
    for item in IndicatorDefinition.objects.visible_to(municipality).filter(key__in=keys).order_by("owner_id"):
        if item.key not in found or item.owner_id is not None:
            found[item.key] = item
    return found


def _split(
    municipality: Municipality,
    chosen: IndicatorDefinition | None,
    dataset: Dataset,
    problems: list[Problem],
) -> list[tuple[IndicatorDefinition, Dataset]]:
    """The dataset's rows for each indicator: all of them the chosen one's, or by the «indicator» column."""
    column = next((d for d in dataset.dimensions if d.lower() in INDICATOR_COLUMNS), None)
    if column is None:
        if chosen is None:
            problems.append(Problem(_("Choose the indicator, or name each row's in an «indicator» column.")))
            return []
        return [(chosen, dataset)]
    numbers: Sequence[int | None] = dataset.row_numbers or [None] * len(dataset.rows)
    keys = {str(row.get(column)) for row in dataset.rows}
    known = _definitions(municipality, keys)
    parts: dict[str, tuple[list[int], list[TidyRow]]] = {}
    for number, row in zip(numbers, dataset.rows, strict=True):
        key = str(row.get(column))
        if key not in known:
            problems.append(
                Problem(_("«%(key)s» is not the key of an indicator you can import to.") % {"key": key}, number, column)
            )
        elif chosen is not None and known[key] != chosen:
            problems.append(
                Problem(
                    _("«%(key)s» is another indicator than the one chosen (%(chosen)s).")
                    % {"key": key, "chosen": chosen.key},
                    number,
                    column,
                )
            )
        else:
            rest = {name: code for name, code in row.items() if name != column}
            part = parts.setdefault(key, ([], []))
            part[0].append(number or 0)
            part[1].append(rest)
    dimensions = tuple(d for d in dataset.dimensions if d != column)
    labels = {d: codes for d, codes in dataset.labels.items() if d != column}
    return [
        (
            known[key],
            dataclasses.replace(
                dataset,
                dimensions=dimensions,
                labels=labels,
                rows=tuple(rows),
                row_numbers=tuple(numbers) if dataset.row_numbers else (),
            ),
        )
        for key, (numbers, rows) in parts.items()
    ]


def preview(municipality: Municipality, chosen: IndicatorDefinition | None, data: bytes, filename: str) -> Preview:
    """Read and check ``data`` as the import page shows it; reads the values, writes nothing."""
    result = Preview()
    try:
        dataset, _table = services.read_upload(data, filename, result.problems)
    except ImportProblemError as error:
        result.problems.append(Problem(str(error)))
        return result
    for definition, part in _split(municipality, chosen, dataset, result.problems):
        values = services.figures(services.cells_for(definition, part, result.problems))
        planned = services.plan(municipality, definition, values, source=SourceKind.IMPORT)
        result.values[definition.pk] = values
        result.counts.created += len(planned.created)
        result.counts.updated += len(planned.changed)
        result.counts.unchanged += planned.unchanged
        new = {(v.region, v.period) for v in planned.created}
        changed = {(v.region, v.period) for v in planned.changed}
        for region, period, value, status, persons in values[: PREVIEW_ROWS - len(result.first)]:
            result.first.append(
                {
                    "indicator": definition.name,
                    "region": region,
                    "period": period,
                    "value": None if value is None else str(value),
                    "status": status,
                    "persons": persons,
                    "change": "new" if (region, period) in new else "changed" if (region, period) in changed else "",
                }
            )
    result.problems.sort(key=lambda problem: (problem.row or 0, problem.column or ""))
    return result


# The check and the save (the tasks' bodies) ---------------------------------------------------------


def check_import(record: IndicatorImport) -> IndicatorImport:
    """Read and check an uploaded file as the preview shows it, keep the outcome, empty the file.

    The check task's body; it writes no values. Problems are worded in the uploader's language.
    """
    if record.status != TaskStatus.CHECKING:
        return record  # a task run twice checks once
    with translation.override(record.language or None):
        try:
            stored = preview(record.municipality, record.definition, bytes(record.data), record.filename).stored()
        except Exception:  # the worker logs the task's traceback too; the page must not wait for ever
            logger.exception("indicators import %s could not be checked", record.pk)
            record.fail(errors=[_("The file could not be checked. Nothing was saved.")], data=b"")
            return record
    IndicatorImport.objects.filter(pk=record.pk, status=TaskStatus.CHECKING).update(
        status=TaskStatus.CHECKED, preview=stored, data=b""
    )
    record.refresh_from_db()
    return record


def run_import(record: IndicatorImport) -> IndicatorImport:
    """Save a confirmed import from its stored check, every value or none; record the outcome.

    The values are compared again with the indicator's values as they are now (another import or
    the SSB fetch may have changed them while the preview waited), so the counts are the save's.
    """
    if not record.start():
        return record  # a task run twice (a worker restarted) does the work once
    with translation.override(record.language or None):
        checked = from_stored(record.preview)
        definitions = IndicatorDefinition.objects.visible_to(record.municipality).in_bulk(list(checked.values))
        if not checked.ok or len(definitions) != len(checked.values):
            record.fail(errors=[_("The file has problems. Nothing was saved.")], preview={})
            return record
        total = ImportResult()
        try:
            with transaction.atomic():
                for pk, values in checked.values.items():
                    planned = services.plan(record.municipality, definitions[pk], values, source=SourceKind.IMPORT)
                    done = services.write(planned)
                    total.created, total.updated = total.created + done.created, total.updated + done.updated
                    total.unchanged += done.unchanged
        except Exception:  # the worker logs the task's traceback too; the page must not wait for ever
            logger.exception("indicators import %s could not be saved", record.pk)
            record.fail(errors=[_("The figures could not be saved. Nothing was saved.")], preview={})
            return record
    record.finish(result=dataclasses.asdict(total), preview={}, data=b"")
    return record


# The template files ---------------------------------------------------------------------------------

#: The columns of a tidy file of several indicators, as the template files show them.
TEMPLATE_COLUMNS = ("indicator", "Region", "Tid", "value", "status", "persons")
#: Example rows (made-up figures): IPLOS function scores, users and hours per week per service, each
#: with the number of users it describes.
TEMPLATE_ROWS: tuple[tuple[str, str, Decimal | None, str, int | None], ...] = (
    ("iplos_function_home_nursing", "2025", Decimal("2.31"), "", 412),
    ("users_home_nursing", "2025", Decimal("412"), "", 412),
    ("hours_home_nursing", "2025", Decimal("3.9"), "", 412),
    ("iplos_function_practical_help", "2025", Decimal("1.87"), "", 3),
    ("users_practical_help", "2025", None, ":", None),
    ("hours_practical_help", "2025", Decimal("2.2"), "", 3),
    ("iplos_function_nursing_home", "2025", Decimal("3.64"), "", 118),
    ("users_nursing_home", "2025", Decimal("118"), "", 118),
)


def template_csv(region: str) -> bytes:
    """The template as a CSV file for Norwegian Excel: semicolons, decimal commas, a byte-order mark."""
    lines = [";".join(TEMPLATE_COLUMNS)]
    for key, period, value, status, persons in TEMPLATE_ROWS:
        shown = "" if value is None else str(value).replace(".", ",")
        lines.append(";".join((key, region, period, shown, status, "" if persons is None else str(persons))))
    return ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8")


def template_xlsx(region: str) -> bytes:
    """The template as an Excel workbook: one sheet, the header and the example rows, numbers as numbers."""
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "data"
    sheet.append(TEMPLATE_COLUMNS)
    for key, period, value, status, persons in TEMPLATE_ROWS:
        sheet.append((key, region, period, None if value is None else float(value), status or None, persons))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
