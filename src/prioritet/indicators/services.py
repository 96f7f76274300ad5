"""Writes of the indicators: a JSON-stat2 dataset (fetched or uploaded) or a tidy CSV into values.

:func:`import_dataset` maps the dataset's dimensions onto a definition's values: the geographic
dimension gives the region code, the time dimension the period, the content (metric) dimension is
narrowed to the definition's content code, and any other dimension (sex, age) to the definition's
selection, so every remaining cell is one region and period. It writes atomically — every cell or
none — and keeps SSB's status symbols: a cell without a number is stored with its symbol and an
empty value, never as zero.

:func:`create_projection`, :func:`edit_projection` and the scenario functions write need
projections and their scenarios as every edited record is written: validated by the model, under
optimistic concurrency, into the history.
An uploaded file goes through :class:`~prioritet.indicators.models.IndicatorImport`
(:mod:`prioritet.indicators.uploads`); its check and its save use :func:`cells_for`, :func:`plan`
and :func:`write`.

:func:`cite` freezes a series as a case's evidence (:class:`~.models.Citation`) and
:func:`cite_projection` freezes a need projection (or one of its scenarios) the same way, and
:func:`remove_citation` takes either out again, all only while the case is open.

:func:`refresh` fetches the municipality's followed SSB definitions with the PxWebApi fetcher
(:mod:`prioritet.tabular.pxweb`); it runs only when ``INDICATORS_FETCH`` is on (off in development
and tests), and tests hand in a fake transport.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from prioritet.accounts.models import Municipality, User
from prioritet.cases import services as case_services
from prioritet.cases.models import Case
from prioritet.core import formatting
from prioritet.core.concurrency import edit_versioned, save_with_history
from prioritet.engine import InputError
from prioritet.tabular.grid import Limits
from prioritet.tabular.jsonstat import (
    Dataset,
    JsonStatError,
    TidyRow,
    TidyRowError,
    parse_jsonstat,
    parse_tidy,
)
from prioritet.tabular.pxweb import FetchError, PxWebClient, Transport, urllib_transport

from . import policy, selectors
from .models import (
    PERIOD,
    REGION,
    Citation,
    CitationKind,
    IndicatorDefinition,
    IndicatorValue,
    NeedProjection,
    PeerGroup,
    ProjectionScenario,
    SourceKind,
    Status,
    as_decimal,
    period_kind,
)

#: Largest file a user may upload (it is read by a background task, not the request).
MAX_BYTES = 20 * 1024 * 1024
#: Most rows of an uploaded CSV/XLSX.
MAX_ROWS = 50_000
#: Dimension ids that are time, region or content when the dataset gives no role (SSB's names).
TIME_NAMES = ("tid", "time", "year", "period", "år", "periode")
GEO_NAMES = ("region", "kokkommuneregion0000", "geo", "kommune", "municipality")
METRIC_NAMES = ("contentscode", "content", "statistikkvariabel", "metric")
SYMBOLS = {status.value for status in Status} | {"..."}


class ImportProblemError(ValueError):
    """What is wrong with a dataset or file, in the user's language."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


def _find(dataset: Dataset, role: str, names: Sequence[str]) -> str | None:
    given = dataset.roles.get(role) or ()
    if given:
        return given[0]
    for dimension in dataset.dimensions:
        if dimension.lower() in names:
            return dimension
    return None


@dataclass(frozen=True)
class Problem:
    """One problem with a file, in the user's language, with the row and column it is in when it has them."""

    message: str
    row: int | None = None
    column: str | None = None


def cells_for(
    definition: IndicatorDefinition,
    dataset: Dataset,
    problems: list[Problem] | None = None,
) -> list[TidyRow]:
    """The dataset's rows that are ``definition``'s: one per region and period.

    Every problem found is added to ``problems`` (the rows with one are left out), so an import's
    preview shows them all at once; without a list, the first problem raises ImportProblemError.
    """
    found: list[Problem] = []
    cells = _cells(definition, dataset, found)
    if problems is not None:
        problems.extend(found)
    elif found:
        raise ImportProblemError(found[0].message)
    return cells


def _cells(definition: IndicatorDefinition, dataset: Dataset, problems: list[Problem]) -> list[TidyRow]:
    geo = _find(dataset, "geo", GEO_NAMES)
    time = _find(dataset, "time", TIME_NAMES)
    if geo is None or time is None:
        problems.append(
            Problem(
                _(
                    "The file needs a region column and a period column (for example «Region» and «Tid»); "
                    "it has %(columns)s."
                )
                % {"columns": ", ".join(f"«{d}»" for d in dataset.dimensions)}
            )
        )
        return []
    metric = _find(dataset, "metric", METRIC_NAMES)
    numbers: Sequence[int | None] = dataset.row_numbers or [None] * len(dataset.rows)
    rows = list(zip(numbers, dataset.rows, strict=True))
    if metric is not None and metric not in (geo, time):
        codes = list(dataset.labels.get(metric, {}))
        code = definition.ssb_content_code
        if code:
            if code not in codes:
                problems.append(
                    Problem(
                        _("The column «%(column)s» has no «%(code)s», the indicator's content code; it has %(codes)s.")
                        % {"column": metric, "code": code, "codes": ", ".join(f"«{c}»" for c in codes)},
                        column=metric,
                    )
                )
                return []
            rows = [(n, row) for n, row in rows if row.get(metric) == code]
        elif len(codes) > 1:
            problems.append(
                Problem(
                    _("The column «%(column)s» holds several figures (%(codes)s); the indicator names none of them.")
                    % {"column": metric, "codes": ", ".join(f"«{c}»" for c in codes)},
                    column=metric,
                )
            )
            return []
    summed: dict[str, list[str]] = {}
    for dimension in dataset.dimensions:
        if dimension in (geo, time, metric):
            continue
        chosen = definition.ssb_selection.get(dimension)
        chosen = [chosen] if isinstance(chosen, str) else list(chosen or [])
        if chosen:
            rows = [(n, row) for n, row in rows if row.get(dimension) in chosen]
        if len(chosen) > 1:
            summed[dimension] = chosen
            continue
        present = {row.get(dimension) for _, row in rows}
        if len(present) > 1:
            problems.append(
                Problem(
                    _("The column «%(column)s» has several categories (%(codes)s); a file for one indicator has one.")
                    % {"column": dimension, "codes": ", ".join(f"«{c}»" for c in sorted(map(str, present)))},
                    column=dimension,
                )
            )
            return []
    if summed:
        rows = _summed(rows, geo, time, summed, problems)
    out = []
    for number, row in rows:
        region, period = str(row.get(geo) or ""), str(row.get(time) or "")
        status = row.get("status")
        if not REGION.match(region):
            problems.append(
                Problem(_("The region «%(code)s» is not a region code (such as 3909).") % {"code": region}, number, geo)
            )
        elif not PERIOD.match(period):
            problems.append(
                Problem(
                    _("The period «%(code)s» is not a year (2024), quarter (2024K1) or month (2024M01).")
                    % {"code": period},
                    number,
                    time,
                )
            )
        elif status is not None and status not in SYMBOLS:
            problems.append(
                Problem(
                    _("The status «%(status)s» is not one of SSB's symbols (.. . : - …).") % {"status": status},
                    number,
                    "status",
                )
            )
        else:
            out.append(
                {
                    "region": region,
                    "period": period,
                    "value": row.get("value"),
                    "status": status,
                    "persons": row.get("persons"),
                }
            )
    return out


def _summed(
    rows: list[tuple[int | None, TidyRow]],
    geo: str,
    time: str,
    summed: dict[str, list[str]],
    problems: list[Problem],
) -> list[tuple[int | None, TidyRow]]:
    """One row per region and period: the total over the categories a definition chooses several of.

    A definition such as «inhabitants aged 80 and over» chooses every age from 80 (SSB's 07459 has
    one category per year of age); left unchosen, SSB would give the all-ages total instead. A total
    is only as good as its parts: a part without a number makes the total that part's symbol, a
    missing part is a problem, and the persons count only when every part has them.
    """
    groups: dict[tuple[str, str], list[tuple[int | None, TidyRow]]] = {}
    for number, row in rows:
        groups.setdefault((str(row.get(geo) or ""), str(row.get(time) or "")), []).append((number, row))
    out: list[tuple[int | None, TidyRow]] = []
    for (region, period), parts in groups.items():
        lacking = [
            (dimension, [code for code in chosen if code not in {row.get(dimension) for _, row in parts}])
            for dimension, chosen in summed.items()
        ]
        dimension, codes = next(((d, c) for d, c in lacking if c), ("", []))
        if codes:
            problems.append(
                Problem(
                    _("Region «%(region)s», period «%(period)s» lacks %(codes)s in «%(column)s», so it has no total.")
                    % {
                        "region": region,
                        "period": period,
                        "codes": ", ".join(f"«{code}»" for code in codes),
                        "column": dimension,
                    },
                    parts[0][0],
                    dimension,
                )
            )
            continue
        numbers = [row.get("value") for _, row in parts]
        gap = next((row for _, row in parts if not isinstance(row.get("value"), (int, float))), None)
        persons = [row.get("persons") for _, row in parts]
        counts = [p for p in persons if isinstance(p, (int, float))]
        total: TidyRow = {
            geo: region,
            time: period,
            "value": None if gap is not None else float(sum(v for v in numbers if isinstance(v, (int, float)))),
            "status": None if gap is None else (gap.get("status") or ".."),
            "persons": int(sum(counts)) if len(counts) == len(persons) else None,
        }
        out.append((parts[0][0], total))
    return out


def stored_value(cell: TidyRow) -> tuple[Decimal | None, str]:
    """A cell's value as stored and its status: SSB's symbol when there is no number, never zero."""
    raw = cell["value"]
    value = as_decimal(float(raw)) if isinstance(raw, (int, float)) else None
    status = "" if value is not None else ("…" if cell["status"] == "..." else str(cell["status"] or ".."))
    return value, status


@dataclass
class Plan:
    """What writing a definition's cells would do: the values to create and to change, and how many stay."""

    created: list[IndicatorValue] = field(default_factory=list)
    changed: list[IndicatorValue] = field(default_factory=list)
    unchanged: int = 0


#: A value as it is stored: region, period, the number (None when a symbol stands instead), the
#: symbol, and how many people it describes (None when unknown).
Figure = tuple[str, str, Decimal | None, str, int | None]


def figures(cells: Sequence[TidyRow]) -> list[Figure]:
    """Cells of :func:`cells_for` as the values they would be stored as."""
    out: list[Figure] = []
    for cell in cells:
        value, status = stored_value(cell)
        persons = cell.get("persons")
        out.append(
            (str(cell["region"]), str(cell["period"]), value, status, persons if isinstance(persons, int) else None)
        )
    return out


def plan(
    municipality: Municipality,
    definition: IndicatorDefinition,
    values: Sequence[Figure],
    *,
    source: str,
    demo: bool = False,
) -> Plan:
    """Compare ``values`` with ``definition``'s values as they are now, writing nothing."""
    existing = {
        (value.region, value.period): value
        for value in IndicatorValue.objects.for_municipality(municipality).filter(definition=definition)
    }
    result = Plan()
    for region, period, value, status, persons in values:
        key = (region, period)
        old = existing.get(key)
        if old is None:
            existing[key] = IndicatorValue(
                municipality=municipality,
                definition=definition,
                region=key[0],
                period=key[1],
                period_kind=period_kind(key[1]),
                value=value,
                status=status,
                persons=persons,
                source=source,
                demo=demo,
            )
            result.created.append(existing[key])
        elif old.value != value or old.status != status or old.persons != persons:
            old.value, old.status, old.persons, old.source, old.demo = value, status, persons, source, demo
            result.changed.append(old)
        else:
            result.unchanged += 1
    return result


def write(planned: Plan) -> ImportResult:
    """Carry out a :class:`Plan` (inside the caller's transaction)."""
    IndicatorValue.objects.bulk_create(planned.created)
    for item in planned.changed:
        item.save(update_fields=["value", "status", "persons", "source", "demo", "updated_at"])
    return ImportResult(len(planned.created), len(planned.changed), planned.unchanged)


@transaction.atomic
def import_dataset(
    municipality: Municipality,
    definition: IndicatorDefinition,
    dataset: Dataset,
    *,
    source: str = SourceKind.SSB,
    demo: bool = False,
) -> ImportResult:
    """Write ``dataset``'s cells for ``definition`` as ``municipality``'s values, all or none."""
    return write(plan(municipality, definition, figures(cells_for(definition, dataset)), source=source, demo=demo))


@transaction.atomic
def delete_definition(definition: IndicatorDefinition) -> None:
    """Delete a municipality's own definition with its values and targets (ProtectedError when
    something that must stay, such as a case's citation, refers to it)."""
    if definition.is_national:
        raise ValueError("national definitions are not deleted")
    definition.delete()


def _reader_problem(error: JsonStatError) -> Problem:
    """What the JSON-stat and tidy readers say (in English), in the user's language."""
    text = str(error)
    if isinstance(error, TidyRowError):
        patterns: tuple[tuple[str, str], ...] = (
            (r"row \d+: no code in column '(.*)'$", _("The column «%(0)s» is empty; it needs a code.")),
            (
                r"row \d+: value '(.*)' is not a number$",
                _("The value «%(0)s» is not a number or one of SSB's symbols (.. . : - …)."),
            ),
            (r"row \d+ is the same cell as row (\d+)$", _("The same region and period as row %(0)s.")),
            (
                r"row \d+: persons '(.*)' is not a whole number$",
                _("The number of persons «%(0)s» is not a whole number of 0 or more."),
            ),
        )
    else:
        patterns = (
            (
                r"the header has no 'value' column$",
                _(
                    "The first row must name the columns: the dimensions (such as Region and Tid), "
                    "«value» and, if needed, «status»."
                ),
            ),
            (r"more than (\d+) rows$", _("The file has more than %(0)s rows.")),
        )
    row, column = (error.row, error.column) if isinstance(error, TidyRowError) else (None, None)
    for pattern, message in patterns:
        match = re.match(pattern, text)
        if match:
            return Problem(message % {str(k): group for k, group in enumerate(match.groups())}, row, column)
    return Problem(
        _("The file is not a JSON-stat2 dataset or a tidy CSV/XLSX table: %(reason)s") % {"reason": text}, row, column
    )


def read_upload(data: bytes, filename: str, problems: list[Problem] | None = None) -> tuple[Dataset, bool]:
    """An uploaded file as a dataset, and whether it was a table (CSV/XLSX) rather than JSON-stat.

    A file that cannot be read at all raises ImportProblemError. The rows of a table that cannot
    be read are added to ``problems`` and left out when a list is given, else the first one raises.
    """
    if len(data) > MAX_BYTES:
        raise ImportProblemError(_("The file is larger than %(mb)s MB.") % {"mb": MAX_BYTES // (1024 * 1024)})
    is_json = filename.lower().endswith(".json") or data.lstrip()[:1] == b"{"
    rows: list[TidyRowError] | None = [] if problems is not None else None
    try:
        if is_json:
            return parse_jsonstat(data), False
        dataset = parse_tidy(data, filename, Limits(rows=MAX_ROWS, columns=50, unpacked=50 * MAX_BYTES), rows)
    except InputError as error:
        raise ImportProblemError(" ".join(formatting.located_problem(p) for p in error.problems)) from None
    except JsonStatError as error:
        raise ImportProblemError(_reader_problem(error).message) from None
    if problems is not None:
        problems.extend(_reader_problem(error) for error in rows or ())
    return dataset, True


# The SSB fetch ----------------------------------------------------------------------------------


@dataclass
class RefreshResult:
    fetched: dict[str, ImportResult] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)
    skipped: bool = False


def default_transport() -> Transport:
    """The network transport (swapped for a fake one in tests)."""
    return urllib_transport


def client(transport: Transport | None = None) -> PxWebClient:
    cache = Path(settings.INDICATORS_SSB_CACHE) if settings.INDICATORS_SSB_CACHE else None
    return PxWebClient(
        base_url=settings.INDICATORS_SSB_BASE_URL,
        cache=cache,
        stale_if_error=True,
        transport=transport or default_transport(),
    )


def followed(group: PeerGroup) -> list[IndicatorDefinition]:
    """The SSB definitions the municipality refreshes: those it follows, else every national one."""
    ssb = IndicatorDefinition.objects.visible_to(group.municipality).filter(source=SourceKind.SSB).exclude(ssb_table="")
    if group.followed:
        ssb = ssb.filter(key__in=group.followed)
    return list(ssb)


#: The whole country's code by the table's region variable: «EAK» in SSB's KOSTRA tables, «0» in
#: the population tables (docs/methods.md §10e), so the comparison always has the country beside it.
COUNTRY_BY_REGION_VARIABLE = {"KOKkommuneregion0000": "EAK", "Region": "0"}


def selection_for(
    definition: IndicatorDefinition, regions: Sequence[str], years: int = 10
) -> dict[str, list[str] | str]:
    """The PxWebApi selection of ``definition``'s table: its own choices, ``regions`` and the country,
    its content code and the latest ``years`` periods."""
    selection: dict[str, list[str] | str] = dict(definition.ssb_selection)
    variable = definition.ssb_region_variable or "Region"
    country = COUNTRY_BY_REGION_VARIABLE.get(variable)
    selection[variable] = list(dict.fromkeys([*regions, *([country] if country else [])]))
    if definition.ssb_content_code:
        selection["ContentsCode"] = [definition.ssb_content_code]
    selection["Tid"] = f"top({years})"
    return selection


def refresh(group: PeerGroup, *, transport: Transport | None = None) -> RefreshResult:
    """Fetch each followed SSB table for the municipality, its peers, its KOSTRA group and the country.

    Does nothing when ``INDICATORS_FETCH`` is off and no transport is handed in. One table that
    cannot be fetched or read is reported and the others still are.
    """
    if transport is None and not settings.INDICATORS_FETCH:
        return RefreshResult(skipped=True)
    municipality = group.municipality
    fetcher = client(transport)
    result = RefreshResult()
    for definition in followed(group):
        try:
            dataset = fetcher.fetch(definition.ssb_table, selection_for(definition, group.regions(municipality.number)))
            result.fetched[definition.key] = import_dataset(municipality, definition, dataset)
        except (FetchError, JsonStatError, ImportProblemError, ValueError) as error:
            result.failed[definition.key] = str(error)
    return result


# Need projections -------------------------------------------------------------------------------


def create_projection(municipality: Municipality, user: User, **fields: Any) -> NeedProjection:
    """A new need projection of ``municipality`` (validated by the model, recorded in its history)."""
    projection = NeedProjection(municipality=municipality, created_by=user, **fields)
    save_with_history(projection, user)
    return projection


@transaction.atomic
def edit_projection(projection: NeedProjection, user: User, version: int, **fields: Any) -> NeedProjection:
    """Change a projection's fields (the population entered too), if nobody saved it since ``version``."""
    return edit_versioned(NeedProjection, projection.pk, version, user, fields)


def create_scenario(projection: NeedProjection, user: User, **fields: Any) -> ProjectionScenario:
    scenario = ProjectionScenario(
        municipality_id=projection.municipality_id, projection=projection, created_by=user, **fields
    )
    save_with_history(scenario, user)
    return scenario


@transaction.atomic
def edit_scenario(scenario: ProjectionScenario, user: User, version: int, **fields: Any) -> ProjectionScenario:
    return edit_versioned(ProjectionScenario, scenario.pk, version, user, fields)


@transaction.atomic
def delete_scenario(scenario: ProjectionScenario, user: User) -> None:
    """Remove a scenario (its history keeps what it was and who removed it)."""
    scenario._history_user = user
    scenario.delete()


# Citations --------------------------------------------------------------------------------------


def _open_case(case: Case, user: Any) -> Case:
    """The case row locked for the write, once the user may cite in it and it is still open."""
    if not policy.can_cite(user, case):
        raise PermissionDenied(_("Only those who work on the case cite figures in it, until it is decided."))
    locked = Case.objects.select_for_update().get(pk=case.pk)
    case_services.require_open(locked)
    return locked


@transaction.atomic
def cite(
    case: Case,
    user: Any,
    definition: IndicatorDefinition,
    *,
    regions: Sequence[str],
    first: str = "",
    last: str = "",
    note: str = "",
) -> Citation:
    """Freeze ``definition``'s figures for ``regions`` and the periods ``first``–``last`` into the case.

    The snapshot is the series as the indicator's page shows it now; it is never changed afterwards.
    """
    locked = _open_case(case, user)
    if not IndicatorDefinition.objects.visible_to(locked.municipality).filter(pk=definition.pk).exists():
        raise PermissionDenied(_("This indicator is not the municipality's to cite."))
    snapshot = selectors.citation_snapshot(locked.municipality, definition, regions, first, last)
    if not snapshot["periods"]:
        raise ValidationError(
            {"definition": _("The indicator has no figures for the chosen places and periods; nothing to cite.")}
        )
    citation = Citation(
        municipality_id=locked.municipality_id,
        case=locked,
        kind=CitationKind.INDICATOR,
        definition=definition,
        snapshot=snapshot,
        note=note,
        created_by=user,
    )
    save_with_history(citation, user)
    return citation


@transaction.atomic
def cite_projection(
    case: Case,
    user: Any,
    projection: NeedProjection,
    scenario: ProjectionScenario | None = None,
    *,
    note: str = "",
) -> Citation:
    """Freeze ``projection`` (its baseline, or ``scenario``) into the case: source, date, years, yearly
    users, årsverk and cost, the gap to today's capacity and budget and the scenario's adjustments
    (:func:`.selectors.projection_citation_snapshot`). The snapshot is never changed afterwards.
    """
    if not policy.can_cite_projection(user, case):
        raise PermissionDenied(_("Only those who work on the case and read the need projections cite one in it."))
    locked = _open_case(case, user)
    if projection.municipality_id != locked.municipality_id or (
        scenario is not None and (scenario.projection_id != projection.pk)
    ):
        raise PermissionDenied(_("This need projection is not the municipality's to cite."))
    try:
        snapshot = selectors.projection_citation_snapshot(projection, scenario)
    except selectors.IncompleteProjectionError:
        raise ValidationError(
            {"projection": _("The projection cannot be computed yet (its population is missing); nothing to cite.")}
        ) from None
    citation = Citation(
        municipality_id=locked.municipality_id,
        case=locked,
        kind=CitationKind.PROJECTION,
        snapshot=snapshot,
        note=note,
        created_by=user,
    )
    save_with_history(citation, user)
    return citation


@transaction.atomic
def remove_citation(citation: Citation, user: Any) -> None:
    """Take a citation out of its case (the case's history keeps that it was cited and removed)."""
    _open_case(citation.case, user)
    citation._history_user = user
    citation.delete()
