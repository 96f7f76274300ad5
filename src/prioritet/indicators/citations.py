"""A cited figure as the case page, the saksframlegg and the public page show it: from its snapshot only.

Everything drawn here comes from :attr:`~.models.Citation.snapshot`, never from the live values, so
what the decision saw is what every later reader sees: the same numbers, status symbols, region
names, source and date. The chart is :func:`prioritet.core.charts.line_chart` (server-rendered SVG,
gaps at status symbols) and the table beside it carries the same figures as text.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from prioritet.core import charts, formatting

from .models import SourceKind, Status


@dataclass(frozen=True)
class Cell:
    """One figure as text: the number, or the status symbol with its meaning, or «–» when SSB gave none."""

    text: str
    meaning: str = ""


@dataclass(frozen=True)
class CitedFigure:
    name: str
    unit: str
    source: str
    updated: datetime.datetime | None
    demo: bool
    regions: list[str]
    #: (period, cells in the regions' order)
    rows: list[tuple[str, list[Cell]]]
    target: str
    target_period: str
    svg: SafeString


def name_of(snapshot: dict[str, Any]) -> str:
    """The indicator's name, as cited, in the active language (bokmål when the language has none)."""
    names = snapshot.get("names") or {}
    return str(names.get(formatting.language()) or names.get("nb") or snapshot.get("key", ""))


def source_text(kind: str, table: str = "") -> str:
    """Where figures came from: SSB's table, the product's own data or an imported file."""
    label = str(SourceKind(kind).label) if kind in SourceKind.values else kind
    if table:
        return _("%(source)s, table %(table)s") % {"source": label, "table": table}
    return label


def source_of(snapshot: dict[str, Any]) -> str:
    return source_text(snapshot.get("source", ""), snapshot.get("ssb_table", ""))


def _number(text: str | None) -> float | None:
    return None if text is None else float(Decimal(text))


def _cell(cell: dict[str, Any] | None, decimals: int) -> Cell:
    if cell is None:
        return Cell("–")
    if cell.get("value") is None:
        symbol = cell.get("status") or Status.NOT_AVAILABLE
        meaning = str(Status(symbol).label) if symbol in Status.values else ""
        return Cell(symbol, meaning)
    return Cell(formatting.decimal(Decimal(cell["value"]), decimals))


def figure(snapshot: dict[str, Any], id_prefix: str) -> CitedFigure:
    """The snapshot as a chart and a table, with its name, unit, source and date."""
    decimals = int(snapshot.get("decimals", 1))
    periods: list[str] = list(snapshot.get("periods", []))
    regions = [(region["code"], region["name"]) for region in snapshot.get("regions", [])]
    cells: dict[str, dict[str, Any]] = snapshot.get("cells", {})
    name = name_of(snapshot)
    target = snapshot.get("target")
    svg = charts.line_chart(
        periods,
        [
            (label, [_number((cells.get(code, {}).get(period) or {}).get("value")) for period in periods])
            for code, label in regions
        ],
        title=name,
        description=_("%(name)s by period as cited; the table has the figures.") % {"name": name},
        fmt=lambda value: formatting.decimal(value, decimals),
        target=_number(target["value"]) if target else None,
        target_label=_("Target"),
        id_prefix=id_prefix,
        width=480,
    )
    updated = snapshot.get("updated")
    return CitedFigure(
        name=name,
        unit=str(snapshot.get("unit", "")),
        source=source_of(snapshot),
        updated=datetime.datetime.fromisoformat(updated) if updated else None,
        demo=bool(snapshot.get("demo")),
        regions=[label for _code, label in regions],
        rows=[
            (period, [_cell(cells.get(code, {}).get(period), decimals) for code, _label in regions])
            for period in periods
        ],
        target=formatting.decimal(Decimal(target["value"]), decimals) if target else "",
        target_period=target["period"] if target else "",
        svg=mark_safe(svg),  # charts escapes every text it draws
    )
