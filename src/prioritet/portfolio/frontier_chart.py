"""The value-for-money frontier as a figure: one builder for the saksframlegg (HTML and PDF) and the
workspace page, so the chart a committee reads is the chart the case worker moved the slider on.

The chart itself is :func:`prioritet.core.charts.frontier_chart` (server-rendered SVG, no script);
this module turns a portfolio's :class:`~prioritet.portfolio.analysis.Frontier` into its points,
texts and the same figures as a table. A read: nothing here writes.
"""

from __future__ import annotations

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from prioritet.core import charts, formatting
from prioritet.core.charts import Figure

from .analysis import Frontier
from .conversion import PortfolioData


def short_amount(value: float) -> str:
    """Axis ticks: millions as «1,5 mill.», thousands grouped."""
    if abs(value) >= 1_000_000:
        return _("%(amount)s mill.") % {"amount": formatting.decimal(value / 1_000_000, 1 if value % 1e6 else 0)}
    return formatting.amount(value)


def column_label(column) -> str:
    """«Kostnad (kr per år)»; just «Årsverk» when the unit only repeats the label."""
    if column.unit and column.unit.strip().lower() != column.label.strip().lower():
        return f"{column.label} ({column.unit})"
    return column.label


def frontier_figure(
    data: PortfolioData,
    result: Frontier,
    chosen_used: float,
    chosen_value: float,
    *,
    id_prefix: str,
    at_budget: bool = True,
) -> Figure | None:
    """The best value reachable for each amount spent, with one point marked.

    The marked point is the budget's own optimum (``at_budget``, the report) or the level chosen on
    the workspace's budget control; its label says which, so it is not told apart by colour alone.
    """
    if not result.ok:
        return None
    column = data.column_by_key.get(result.column)
    if column is None:
        return None
    points: dict[float, float] = {}
    for step in result.steps:
        used = round(float(step.used.get(result.column, 0.0)), 6)
        points[used] = max(points.get(used, 0.0), float(step.value))
    chosen_key = round(float(chosen_used), 6)
    points[chosen_key] = max(points.get(chosen_key, 0.0), float(chosen_value))
    if len(points) < 2:
        return None
    ordered = sorted(points.items())
    chosen = next(i for i, (x, _y) in enumerate(ordered) if x == chosen_key)
    label = column_label(column)
    title = _("Value for money: the best value reachable for each amount spent")
    figures = {"amount": formatting.amount(chosen_used), "value": formatting.decimal(chosen_value, 2)}
    if at_budget:
        chosen_text = _("The budget: %(amount)s, value %(value)s") % figures
        marked = _("The budget's optimum")
        caption = _(
            "Each point is the best selection of measures the engine finds for a budget level of %(column)s, the "
            "other budgets held; the marked point is the portfolio's own budget. Where the line flattens, more "
            "money buys little more value."
        ) % {"column": column.label}
    else:
        chosen_text = _("The chosen level: %(amount)s, value %(value)s") % figures
        marked = _("The chosen level")
        caption = _(
            "Each point is the best selection of measures for a budget level of %(column)s, the other budgets "
            "held; the marked point is the level chosen above. Where the line flattens, more money buys little "
            "more value."
        ) % {"column": column.label}
    description = (
        _("%(column)s against the total value of the best selection of measures.") % {"column": label}
        + " "
        + "; ".join(f"{formatting.amount(x)}: {formatting.decimal(y, 2)}" for x, y in ordered)
        + ". "
        + chosen_text
        + "."
    )
    svg = charts.frontier_chart(
        ordered,
        title=title,
        description=description,
        x_label=label,
        y_label=_("Total value"),
        chosen=chosen,
        chosen_label=chosen_text,
        x_fmt=short_amount,
        y_fmt=lambda v: formatting.decimal(v, 1),
        id_prefix=id_prefix,
    )
    table = charts.data_table(
        title,
        [label, _("Total value"), marked],
        [
            [formatting.amount(x), formatting.decimal(y, 2), _("yes") if i == chosen else ""]
            for i, (x, y) in enumerate(ordered)
        ],
    )
    return Figure("frontier", title, mark_safe(svg), mark_safe(table), caption)  # escaped in charts
