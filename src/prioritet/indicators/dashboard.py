"""The role dashboards' figures as a page shows them: sparklines, line charts with their tables.

The selectors read (:func:`prioritet.indicators.selectors.dashboard`); this module draws, with
:mod:`prioritet.core.charts`, so the dashboard page and the home page's figures panel draw alike.
A status symbol (a suppressed cell «:» among them) is written as its symbol and breaks a line: it is
never drawn or written as a number.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeData, SafeString, mark_safe
from django.utils.translation import gettext as _

from prioritet.core import charts, formatting

from . import selectors
from .suppression import Shown


def cell_text(value: Shown | None, decimals: int) -> str:
    """A value as text: its number, else its status symbol, else «–» when there is none."""
    if value is None:
        return "–"
    if value.value is None:
        return value.status or ".."
    return formatting.decimal(value.value, decimals)


def value_html(value: Shown | None, decimals: int) -> SafeString | str:
    """A table cell's value: the number at the indicator's decimals, else the status symbol with its
    meaning as the tooltip («:» for a suppressed figure, never a number), else «–»."""
    if value is None:
        return "–"
    if value.value is None:
        return format_html('<abbr title="{}">{}</abbr>', value.get_status_display(), value.status or "...")
    return formatting.plain(value.value, decimals)


def trend(row: selectors.DashboardRow) -> SafeString | None:
    """The own series as a sparkline, or None with fewer than two periods."""
    if len(row.series) < 2:
        return None
    return mark_safe(  # charts escapes every text it draws
        charts.sparkline(
            [selectors.number(v.value, row.definition.decimals) for v in row.series],
            title=_("Trend %(first)s–%(last)s") % {"first": row.series[0].period, "last": row.series[-1].period},
            id_prefix=f"dash-trend-{row.definition.pk}",
        )
    )


@dataclass
class Chart:
    """One indicator's chart on the dashboard: the SVG and the same figures as a table."""

    row: selectors.DashboardRow
    svg: SafeString
    table: SafeString


def chart(row: selectors.DashboardRow, own: str, group: str, names: dict[str, str]) -> Chart | None:
    """The own series against the KOSTRA group's, with the target: None when there is no own value."""
    if not row.series:
        return None
    item = row.definition
    regions = [own, *([group] if group and row.cells.get(group) else [])]
    periods = sorted({period for region in regions for period in row.cells.get(region, {})})

    def values(region: str) -> list[Shown | None]:
        return [row.cells.get(region, {}).get(period) for period in periods]

    svg = charts.line_chart(
        periods,
        [
            (names[region], [selectors.number(v.value, item.decimals) if v else None for v in values(region)])
            for region in regions
        ],
        title=item.name,
        description=_("%(name)s by period against the KOSTRA group and the target; the table has the figures.")
        % {"name": item.name},
        fmt=lambda value: formatting.decimal(value, item.decimals),
        target=float(row.target.value) if row.target else None,
        target_label=_("Target"),
        id_prefix=f"dash-{item.pk}",
        width=480,
    )
    columns: Sequence[list[Shown | None]] = [values(region) for region in regions]
    table = charts.data_table(
        _("%(name)s by period (%(unit)s)") % {"name": item.name, "unit": item.unit},
        [_("Period"), *(names[region] for region in regions)],
        [[period, *(cell_text(column[i], item.decimals) for column in columns)] for i, period in enumerate(periods)],
        hidden=False,
    )
    return Chart(row, mark_safe(svg), mark_safe(table))  # charts escapes every text it draws


@dataclass
class Line:
    """One indicator on the dashboard page: its row of the table and, with a target, its chart."""

    name: str
    url: str
    #: The table's row, written here rather than in the template: a sector's dashboard has some
    #: hundreds of cells, and resolving each through the template's lookups, filters and loops was
    #: most of the page's rendering.
    html: SafeString
    chart: Chart | None
    #: The chart's PNG download ("" without a chart).
    png_url: str


#: The table's row: the indicator, the period of the latest own value, that value, the target (with
#: whether it is reached), the peers' and the KOSTRA group's values in that period, the trend.
ROW = """<tr>
        <th scope="row"><a href="{url}">{name}</a> <span class="pri-muted">({unit})</span></th>
        <td>{period}</td>
        <td>{latest}</td>
        <td>{target}</td>
        {peers}
        <td>{spark}</td>
      </tr>"""


def _escaped(text: SafeString | str) -> str:
    """``text`` in HTML: as it is when it is safe already, else escaped as Django's ``escape`` does
    (the same ``html.escape``, without its lazy-text wrapper: a row has a dozen texts, a page hundreds)."""
    return text if isinstance(text, SafeData) else html.escape(text)


def _target_html(row: selectors.DashboardRow) -> SafeString | str:
    """The target at the indicator's decimals and whether the latest value reaches it, «–» without one."""
    if not row.target:
        return "–"
    target = floatformat(row.target.value, row.definition.decimals)
    met = row.met
    if met is None:
        return target
    colour, word = ("success", _("Reached")) if met else ("warning", _("Not reached"))
    return format_html('{} <span class="ds-tag" data-color="{}">{}</span>', target, colour, word)


def line(row: selectors.DashboardRow, own: str, group: str, names: dict[str, str], query: str) -> Line:
    """``row`` as the dashboard page shows it; ``query`` is the page's own (the leader's chosen area),
    kept on the chart's download. The chart draws the target line: the figures with a target have
    one here, the rest on their page."""
    item = row.definition
    name = item.name
    url = reverse("indicators:detail", args=[item.pk])
    latest = row.latest
    cells = "".join([f"<td>{_escaped(value_html(value, item.decimals))}</td>" for _code, value in row.peers])
    text = ROW.format(
        url=_escaped(url),
        name=_escaped(name),
        unit=_escaped(item.unit),
        period=_escaped((latest.period if latest else "") or "–"),
        latest=_escaped(value_html(latest, item.decimals)),
        target=_escaped(_target_html(row)),
        peers=cells,
        spark=_escaped(trend(row) or "–"),
    )
    drawn = chart(row, own, group, names) if row.target else None
    png = reverse("indicators:dashboard_png", args=[item.pk]) + query if drawn else ""
    return Line(name, url, mark_safe(text), drawn, png)  # every text in the row went through _escaped
