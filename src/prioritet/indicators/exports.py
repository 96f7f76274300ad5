"""The indicators as files: an indicator's series and the peer comparison as CSV and XLSX, a chart as PNG.

The tables are built from what the selectors hand out — :class:`~.suppression.Shown` values, small
cells already «:» — so an export holds exactly what the page shows and never a suppressed number.
The writers are the project's (:mod:`prioritet.tabular.sheets`): CSV for Norwegian Excel, XLSX with
string cells, and user text (an indicator's or a region's name) never read as a formula.

The functions take rows and series, not requests, so the dashboards export with them too.
Column labels are Norwegian: bokmål, or nynorsk when that is the user's language.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal

import cairosvg
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from prioritet.tabular import sheets
from prioritet.tabular.sheets import Column, Table

from . import dashboard, selectors
from .demo import DEMO_LABEL
from .models import IndicatorDefinition
from .suppression import Shown

CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PNG_TYPE = "image/png"


def _language() -> str:
    current = (translation.get_language() or "nb")[:2]
    return current if current in ("nb", "nn") else "nb"


def _flag(value: bool) -> str:
    return _("yes") if value else _("no")


def rounded(value: Decimal | None, decimals: int) -> Decimal | None:
    """A value at the indicator's decimals, as the page shows it."""
    return None if value is None else value.quantize(Decimal(1).scaleb(-decimals))


def _cell(value: Shown | None, decimals: int) -> object:
    """A wide table's cell: the number, else the status symbol, else empty."""
    if value is None:
        return None
    return rounded(value.value, decimals) if value.value is not None else value.status or ".."


def values_table(
    values: Sequence[Shown],
    items: Mapping[int, IndicatorDefinition],
    names: Mapping[str, str],
    *,
    targets: Mapping[tuple[int, str, str], Decimal] | None = None,
    title: str = "",
) -> Table:
    """Values one per row (tidy): indicator, region, period, value or status and its meaning.

    ``items`` maps definition ids to definitions; ``targets`` maps (definition id, region, period)
    to the municipality's target for that row.
    """
    with translation.override(_language()):
        columns = [
            Column(_("Indicator")),
            Column(_("Unit")),
            Column(_("Region code")),
            Column(_("Region")),
            Column(_("Period")),
            Column(_("Value"), "number"),
            Column(_("Status symbol")),
            Column(_("Meaning of the symbol")),
            Column(_("Target"), "number"),
            Column(DEMO_LABEL, "flag"),
        ]
        rows: list[list[object]] = []
        for value in values:
            item = items[value.definition_id]
            target = (targets or {}).get((value.definition_id, value.region, value.period))
            rows.append(
                [
                    item.name,
                    item.unit,
                    value.region,
                    names.get(value.region, value.region),
                    value.period,
                    rounded(value.value, item.decimals),
                    value.status or None,
                    value.get_status_display() or None,
                    rounded(target, item.decimals),
                    value.demo,
                ]
            )
        return Table("values", title or _("Values"), columns, rows)


def series_table(data: selectors.Series, names: Mapping[str, str], own: str) -> Table:
    """One indicator's values for the municipality and those it compares itself with, by region and
    period, with the municipality's target on its own rows."""
    item = data.definition
    values = [data.cells[region][period] for region in data.regions for period in sorted(data.cells[region])]
    targets = {
        (item.pk, own, period): target.value
        for period in data.periods
        if (target := selectors.target_for(data.targets, period)) is not None
    }
    return values_table(values, {item.pk: item}, names, targets=targets, title=item.name)


def comparison_table(data: selectors.Comparison, names: Mapping[str, str]) -> Table:
    """Each indicator in its compared period, one column per region (a status symbol where no number)."""
    with translation.override(_language()):
        columns = [
            Column(_("Indicator")),
            Column(_("Unit")),
            Column(_("Period")),
            *(Column(names.get(region, region), "number") for region in data.regions),
        ]
        rows: list[list[object]] = [
            [
                row.definition.name,
                row.definition.unit,
                row.period,
                *(_cell(cell, row.definition.decimals) for cell in row.cells),
            ]
            for row in data.rows
        ]
        return Table("comparison", _("Comparison"), columns, rows)


def _trend(row: selectors.DashboardRow) -> str | None:
    """The own series as the dashboard's sparkline spans it: «first period–last period: value → value»
    (a status symbol where there is no number); None with fewer than two periods (no sparkline)."""
    if len(row.series) < 2:
        return None
    first, last = row.series[0], row.series[-1]
    decimals = row.definition.decimals
    return (
        f"{first.period}–{last.period}: {dashboard.cell_text(first, decimals)} → {dashboard.cell_text(last, decimals)}"
    )


def dashboard_table(
    data: selectors.Dashboard, names: Mapping[str, str], headings: Mapping[int, str], title: str
) -> Table:
    """The dashboard's table of indicators as the page shows it: each indicator under its heading
    (``headings`` by definition id), its latest own period and value, the target and whether it is
    reached, where the peers and the KOSTRA group stood in that period, and the trend."""
    own, *others = data.regions
    with translation.override(_language()):
        columns = [
            Column(pgettext("dashboard heading", "Area")),
            Column(_("Indicator")),
            Column(_("Unit")),
            Column(_("Period")),
            Column(names.get(own, own), "number"),
            Column(_("Target"), "number"),
            Column(_("Target reached")),
            *(Column(names.get(region, region), "number") for region in others),
            Column(_("Trend")),
            Column(DEMO_LABEL, "flag"),
        ]
        rows: list[list[object]] = []
        for row in data.rows:
            item = row.definition
            met = None if row.met is None else _flag(row.met)
            rows.append(
                [
                    headings.get(item.pk, ""),
                    item.name,
                    item.unit,
                    row.latest.period if row.latest else None,
                    _cell(row.latest, item.decimals),
                    rounded(row.target.value, item.decimals) if row.target else None,
                    met,
                    *(_cell(value, item.decimals) for _region, value in row.peers),
                    _trend(row),
                    row.demo,
                ]
            )
        return Table("dashboard", title, columns, rows)


def dashboard_values(data: selectors.Dashboard, names: Mapping[str, str]) -> Table:
    """Every value the dashboard's trends and charts draw, one per row: each indicator's own series
    and, for the charted indicators, the KOSTRA group's."""
    items = {row.definition.pk: row.definition for row in data.rows}
    values = [
        value
        for row in data.rows
        for region in (data.regions[0], data.kostra_group)
        if region and (region == data.regions[0] or row.target)
        for value in row.cells.get(region, {}).values()
    ]
    with translation.override(_language()):
        return values_table(values, items, names, title=_("Trend"))


def csv_bytes(table: Table) -> bytes:
    with translation.override(_language()):
        return sheets.csv_bytes(table, flag=_flag)


def xlsx_bytes(tables: Sequence[Table]) -> bytes:
    with translation.override(_language()):
        return sheets.workbook(tables, flag=_flag)


def png_bytes(svg: str, *, scale: float = 2) -> bytes:
    """A server-rendered SVG chart as a PNG on white, ``scale`` times its size (sharp on paper)."""
    return bytes(cairosvg.svg2png(bytestring=svg.encode("utf-8"), scale=scale, background_color="white"))
