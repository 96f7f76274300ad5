"""A cited figure or need projection as the case page, the saksframlegg and the public page show it:
from its snapshot only.

Everything drawn here comes from :attr:`~.models.Citation.snapshot`, never from the live values, so
what the decision saw is what every later reader sees: the same numbers, status symbols, region
names, source and date. A cited need projection (:func:`projection_figure`) is drawn the same way:
the projected users per year against today's capacity, and a table with users, årsverk, cost and
the gaps per year; counts of too few people were hidden when it was cited and show as «:». The
chart is :func:`prioritet.core.charts.line_chart` (server-rendered SVG, gaps at status symbols) and
the table beside it carries the same figures as text.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from prioritet.core import charts, formatting

from .models import AGE_GROUPS, AdjustmentKind, SourceKind, Status


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
    """The indicator's name, as cited, in the active language (bokmål when the language has none); a
    need projection's name, with its scenario's when one was cited."""
    if snapshot.get("kind") == PROJECTION:
        return projection_name(snapshot)
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


# Need projections ---------------------------------------------------------------------------------

#: The ``kind`` of a need projection's snapshot (:func:`prioritet.indicators.selectors.projection_snapshot`).
PROJECTION = "need_projection"


def projection_name(snapshot: dict[str, Any]) -> str:
    source = snapshot.get("source") or {}
    name = str(source.get("projection", ""))
    if source.get("scenario"):
        return _("%(projection)s, scenario «%(scenario)s»") % {"projection": name, "scenario": source["scenario"]}
    return _("%(projection)s, baseline") % {"projection": name}


def describe_adjustment(adjustment: dict, groups: dict[str, str]) -> str:
    """An adjustment in words: «Coverage, 80–89 years: −2 percentage points, 2025–2030»."""
    kind = AdjustmentKind(adjustment["kind"])
    percent = formatting.decimal(100 * float(adjustment["amount"]), 1)
    if kind == AdjustmentKind.COVERAGE:
        size = _("%(amount)s percentage points") % {"amount": percent}
        named = [groups.get(key, key) for key in adjustment.get("groups") or []]
        what = _("Coverage, %(groups)s") % {"groups": ", ".join(named) or _("every age group")}
    else:
        # The kind's name without its unit in brackets: the size says the unit.
        what = str(kind.label).split(" (")[0]
        size = (
            _("%(amount)s %% a year") % {"amount": percent}
            if kind == AdjustmentKind.COST_GROWTH
            else f"{percent}\u00a0%"
        )
    start = adjustment.get("from_year") or _("the base year")
    stop = adjustment.get("by_year") or _("the end year")
    return _("%(what)s: %(size)s, from %(start)s until %(stop)s") % {
        "what": what,
        "size": size,
        "start": start,
        "stop": stop,
    }


@dataclass(frozen=True)
class CitedProjection:
    """A cited need projection ready to draw: what and whence, the inputs in words, the chart and table."""

    name: str
    service: str
    first: int
    last: int
    population_source: str
    coverage_source: str
    cited: datetime.date | None
    demo: bool
    scenario: str
    adjustments: list[str]
    #: (age group, coverage in the base year)
    coverage: list[tuple[str, str]]
    fte_per_user: str
    cost_per_user: str
    #: (what, today's figure) for capacity, årsverk and budget, where the projection gives them
    today: list[tuple[str, str]]
    columns: list[str]
    #: (year, cells in :attr:`columns` order)
    rows: list[tuple[str, list[Cell]]]
    suppressed: bool
    svg: SafeString


def _amount(values: list[Any] | None, i: int, places: int) -> Cell:
    if values is None:
        return Cell("–")
    value = values[i]
    if value is None:
        return Cell(Status.SUPPRESSED, str(Status.SUPPRESSED.label))
    return Cell(formatting.decimal(value, places))


def projection_figure(snapshot: dict[str, Any], id_prefix: str) -> CitedProjection:
    """A need projection's snapshot as a chart of users per year against today's capacity (and, for a
    scenario, the baseline beside it) and a table of users, årsverk, cost and the gaps per year."""
    source = snapshot.get("source") or {}
    inputs = snapshot.get("inputs") or {}
    years = [str(year) for year in snapshot.get("years", [])]
    gap = snapshot.get("gap") or {}
    name = projection_name(snapshot)
    line = str(source.get("scenario") or pgettext("need projection", "Baseline"))
    lines: list[tuple[str, list[float | None]]] = [(line, list(snapshot.get("users") or []))]
    baseline = snapshot.get("baseline")
    if baseline:
        lines.append((pgettext("need projection", "Baseline"), list(baseline.get("users") or [])))
    capacity = inputs.get("capacity_users")
    svg = charts.line_chart(
        years,
        lines,
        title=_("Projected users per year, %(name)s") % {"name": name},
        description=_("Projected users per year from %(first)s to %(last)s as cited; the table has the figures.")
        % {"first": years[0] if years else "", "last": years[-1] if years else ""},
        fmt=lambda value: formatting.decimal(value, 0),
        target=float(capacity) if capacity is not None else None,
        target_label=_("Today's capacity"),
        id_prefix=id_prefix,
        width=480,
    )
    columns = [_("Users"), _("Årsverk"), _("Cost (kr)")]
    figures: list[tuple[list[Any] | None, int]] = [
        (snapshot.get("users"), 0),
        (snapshot.get("fte"), 1),
        (snapshot.get("cost"), 0),
    ]
    for key, label, places in (
        ("users", _("Users above capacity"), 0),
        ("fte", _("Årsverk above today's"), 1),
        ("cost", _("Cost above budget (kr)"), 0),
    ):
        if gap.get(key) is not None:
            columns.append(label)
            figures.append((gap[key], places))
    labels = {group.key: str(group.label) for group in AGE_GROUPS}
    today = []
    for key, label, places in (
        ("capacity_users", _("Today's capacity (places or users)"), 0),
        ("capacity_fte", _("Today's årsverk"), 1),
        ("budget", _("Today's budget (kr)"), 0),
    ):
        if inputs.get(key) is not None:
            today.append((label, formatting.decimal(inputs[key], places)))
    date = snapshot.get("date")
    return CitedProjection(
        name=name,
        service=str(source.get("service", "")),
        first=int(inputs.get("base_year") or 0),
        last=int(inputs.get("end_year") or 0),
        population_source=str(source.get("population", "")),
        coverage_source=str(source.get("coverage", "")),
        cited=datetime.date.fromisoformat(date) if date else None,
        demo=bool(source.get("demo")),
        scenario=str(source.get("scenario") or ""),
        adjustments=[describe_adjustment(item, labels) for item in inputs.get("adjustments", [])],
        coverage=[
            (labels.get(group["key"], group["key"]), formatting.percent(group["coverage"], 1))
            for group in inputs.get("age_groups", [])
        ],
        fte_per_user=formatting.amount(inputs.get("fte_per_user")),
        cost_per_user=formatting.amount(inputs.get("cost_per_user")),
        today=today,
        columns=columns,
        rows=[(year, [_amount(values, i, places) for values, places in figures]) for i, year in enumerate(years)],
        suppressed=bool(snapshot.get("suppressed_years")),
        svg=mark_safe(svg),  # charts escapes every text it draws
    )
