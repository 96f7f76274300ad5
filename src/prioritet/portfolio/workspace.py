"""The portfolio workspace as its page shows it: measure rows, use of the budget, the budget slider.

The page answers one question, «what do we get for this budget?»: the level chosen on the budget
control (a step of the frontier) gives the summary, the marked point of the frontier chart, what
enters and leaves one step up and down, and which measures the table shows as selected or left out.

A presenter over the selectors' reads, so the view only parses the request, adds its forms and
renders. Nothing here writes, and nothing knows of the request. Every figure of a level comes from
the stored :class:`~prioritet.portfolio.analysis.Frontier`, so a budget change is a look-up.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from prioritet.core import formatting

from . import selectors
from .bands import ResourceCheck, resource_checks
from .frontier_chart import frontier_figure
from .models import Measure, Portfolio
from .selectors import Frontier, Optimum, PortfolioData, RobustnessResult


@dataclass
class MeasureRow:
    """One measure in the workspace table: its amounts, whether the optimum takes it, value and robustness."""

    measure: Measure
    amounts: list[float]
    selected: bool
    value: float | None
    core: float | None
    robustness: str | None
    problems: list[str]
    #: The resource score beside the one the amounts give with the municipality's bands.
    resources: ResourceCheck | None = None
    #: Whether the best selection at the level chosen on the budget control takes it (None: no level).
    at_level: bool | None = None


def workspace(portfolio: Portfolio, data: PortfolioData, best: Optimum, robustness: RobustnessResult) -> dict[str, Any]:
    """The workspace's figures: every measure's row, the use of each resource column, what is left out."""
    classes = robustness.classes() if robustness.ready else {}
    selected = set(best.selected)
    values = best.values if best.ok else selectors.measure_values(data)
    checks = resource_checks(data)
    rows = [
        MeasureRow(
            measure=m,
            amounts=[data.amount(m, c) for c in data.columns],
            selected=m.code in selected,
            value=values.get(m.code),
            core=robustness.core.get(m.code) if robustness.ready else None,
            robustness=classes.get(m.code),
            problems=data.measure_problems.get(m.pk, []),
            resources=checks.get(m.pk),
        )
        for m in data.rows
    ]
    use = [
        {
            "column": c,
            "used": best.used.get(c.key) if best.ok else None,
            "total": sum(r.amounts[k] for r in rows),
            "budget": data.budget.get(c.key),
            "free": (data.budget[c.key] - best.used.get(c.key, 0.0)) if best.ok and c.key in data.budget else None,
        }
        for k, c in enumerate(data.columns)
    ]
    return {
        "portfolio": portfolio,
        "case": portfolio.case,
        "data": data,
        "optimum": best,
        "rows": rows,
        "use": use,
        "selected_rows": [r for r in rows if r.selected],
        "left_out": selectors.left_out_by_severity((m for m in data.rows if m.code not in selected), values)
        if best.ok
        else [],
        "robustness": robustness,
        "scenario_checks": [(s, selectors.check_scenario(data, s)) for s in selectors.scenarios_of(portfolio)],
        "weights": data.weight_version,
        "weights_shares": best.weights if best.ok else {},
        "banded": any(c.derived is not None for c in checks.values()),
        "resource_warnings": sum(1 for c in checks.values() if c.differs),
    }


def budget_amount(value: float | None) -> str:
    """A budget level or use as the workspace writes it: no øre from 100 up, decimals below (FTEs)."""
    if value is None:
        return formatting.EMPTY
    return formatting.decimal(value, 0) if abs(value) >= 100 else formatting.amount(value)


def slider(data: PortfolioData, best: Optimum, column: str | None, point: int | None) -> dict[str, Any]:
    """The budget slider's state: column, frontier, chosen step, and the step's comparison with the optimum.

    ``column`` and ``point`` are what the user asked for; an unusable column falls back to the
    default one, a step out of range to the one nearest the portfolio's budget.
    """
    usable = selectors.frontier_columns(data)
    choices = [(c.key, str(c)) for c in data.columns if c.key in usable]
    if column not in usable:
        column = selectors.default_frontier_column(data)
    if column is None:
        return {"column": None, "choices": choices}
    front = selectors.page_frontier(data, column)
    if point is None or not 0 <= point < len(front.steps):
        point = front.nearest(data.budget.get(column))
    context = {
        "column": column,
        "column_obj": data.column_by_key[column],
        "choices": choices,
        "frontier": front,
        "point": point,
        "labels": [budget_amount(s.budget[column]) for s in front.steps],
        "column_budget": data.budget.get(column),
    }
    if front.ok:
        context.update(_step(data, best, front, point))
    return context


def _step(data: PortfolioData, best: Optimum, front: Frontier, point: int) -> dict[str, Any]:
    step = front.steps[point]
    chosen = set(step.selected)
    baseline = set(best.selected) if best.ok else set()
    values = best.values if best.ok else selectors.measure_values(data)
    by_code = data.by_code
    left_out = selectors.left_out_by_severity((m for m in data.rows if m.code not in chosen), values)
    return {
        "step": step,
        "step_number": point + 1,
        "step_used": step.used.get(front.column, 0.0),
        "step_budget": step.budget[front.column],
        "entering": [by_code[c] for c in step.selected if c not in baseline],
        "leaving": selectors.left_out_by_severity((by_code[c] for c in baseline if c not in chosen), values),
        "step_entered": [by_code[c] for c in step.entered],
        "step_left": [by_code[c] for c in step.left],
        "step_left_out": left_out,
        "has_baseline": best.ok,
        "values": values,
        "step_moves": [
            {"key": "down", "step": _neighbour(front, point - 1, data, values, up=False)},
            {"key": "up", "step": _neighbour(front, point + 1, data, values, up=True)},
        ],
        "chart": frontier_figure(
            data, front, step.used.get(front.column, 0.0), step.value, id_prefix="workspace-frontier", at_budget=False
        ),
    }


def _neighbour(
    front: Frontier, index: int, data: PortfolioData, values: dict[str, float], *, up: bool
) -> dict[str, Any] | None:
    """What enters and leaves one budget step up (``index`` = chosen + 1) or down (chosen - 1)."""
    if not 0 <= index < len(front.steps):
        return None
    by_code = data.by_code
    # A step's ``entered`` and ``left`` are compared with the step below it: going down, they swap.
    changed = front.steps[index] if up else front.steps[index + 1]
    enter, leave = (changed.entered, changed.left) if up else (changed.left, changed.entered)
    return {
        "index": index,
        "budget": front.steps[index].budget[front.column],
        "value": front.steps[index].value,
        "enter": [by_code[c] for c in enter],
        "leave": selectors.left_out_by_severity((by_code[c] for c in leave), values),
    }


# The measures table: tabs, filter and sort ------------------------------------------------------------

#: The table's tabs: the measures selected at the chosen level, those left out, the mandatory ones, all.
TABS: dict[str, Any] = {
    "selected": _("Selected"),
    "left": _("Left out"),
    "mandatory": _("Mandatory"),
    "all": _("All"),
}
#: Sort orders: the label and the key (ascending); the portfolio's own order breaks ties.
SORTS: dict[str, tuple[Any, Callable[[MeasureRow], Any]]] = {
    "order": (_("The portfolio's order"), lambda r: 0),
    "value": (_("Value, highest first"), lambda r: -(r.value or 0.0)),
    "severity": (_("Severity, most severe first"), lambda r: (-r.measure.severity, -(r.value or 0.0))),
    "robustness": (_("Robustness, most robust first"), lambda r: -(r.core if r.core is not None else -1.0)),
    "name": (_("Name"), lambda r: r.measure.name.casefold()),
}
#: The longest filter text read; the rest is ignored.
QUERY_LIMIT = 100
#: Rows of the measures table per page: a budget change re-renders one page, not 2,000 rows.
PAGE_SIZE = 50


def clean_query(text: str | None) -> str:
    """The filter text as searched: at most :data:`QUERY_LIMIT` characters, no control characters."""
    text = "".join(ch for ch in (text or "")[:QUERY_LIMIT] if unicodedata.category(ch)[0] != "C")
    return " ".join(text.split())


def _tab_of(row: MeasureRow, tab: str) -> bool:
    if tab == "selected":
        return bool(row.at_level)
    if tab == "left":
        return row.at_level is False
    if tab == "mandatory":
        return row.measure.mandatory
    return True


def _matches(row: MeasureRow, words: list[str]) -> bool:
    m = row.measure
    haystack = " ".join((m.code, m.name, m.affected or "", m.legal_basis or "", m.group or "")).casefold()
    return all(w in haystack for w in words)


def measure_table(
    rows: list[MeasureRow], tab: str | None, query: str | None, sort: str | None, page: str | int | None = None
) -> dict[str, Any]:
    """The rows the table shows: those of ``tab`` matching every word of ``query``, in ``sort`` order,
    :data:`PAGE_SIZE` at a time (``page`` from 1; out of range or unreadable: the nearest page).

    Unknown tabs and sorts fall back to the first tab with rows (selected, else all) and the
    portfolio's order. The counts on the tabs are of the filtered rows, so a filter says at once
    where its matches are.
    """
    query = clean_query(query)
    words = query.casefold().split()
    found = [r for r in rows if _matches(r, words)] if words else list(rows)
    has_level = any(r.at_level is not None for r in rows)
    tabs = [key for key in TABS if has_level or key in ("mandatory", "all")]
    if tab not in tabs:
        tab = "selected" if has_level and any(r.at_level for r in rows) else "all"
    if sort not in SORTS:
        sort = "order"
    key = SORTS[sort][1]
    shown = sorted((r for r in found if _tab_of(r, tab)), key=key)  # stable: the portfolio's order
    pages = max(1, -(-len(shown) // PAGE_SIZE))
    try:
        number = min(max(1, int(page or 1)), pages)
    except (TypeError, ValueError):
        number = 1
    first = (number - 1) * PAGE_SIZE
    return {
        "table_page": number,
        "table_pages": pages,
        "table_total": len(shown),
        "table_first": first + 1,
        "table_last": min(first + PAGE_SIZE, len(shown)),
        "table_tab": tab,
        "table_tabs": [(k, TABS[k], sum(1 for r in found if _tab_of(r, k))) for k in tabs],
        "table_query": query,
        "table_sort": sort,
        "table_sorts": [(k, label) for k, (label, _key) in SORTS.items()],
        "table_rows": shown[first : first + PAGE_SIZE],
    }


def at_level(rows: Iterable[MeasureRow], selected: Iterable[str] | None) -> list[MeasureRow]:
    """The rows, each marked with whether the chosen level's selection takes it."""
    chosen = set(selected) if selected is not None else None
    out = list(rows)
    for row in out:
        row.at_level = None if chosen is None else row.measure.code in chosen
    return out


def summary(data: PortfolioData, best: Optimum, level: dict[str, Any]) -> dict[str, Any]:
    """The sticky summary: the value, what is used, how many are left out and what is mandatory.

    Of the level chosen on the budget control when there is one, else of the optimum at the budget.
    """
    mandatory = [m for m in data.rows if m.mandatory]
    step = level.get("step")
    if step is not None:
        column = level["frontier"].column
        return {
            "value": step.value,
            "used": level["step_used"],
            "limit": level["step_budget"],
            "unit": level["column_obj"].unit,
            "column": level["column_obj"],
            "selected": len(step.selected),
            "left_out": len(data.rows) - len(step.selected),
            "mandatory": len(mandatory),
            "mandatory_use": level["frontier"].start if column else None,
        }
    if not best.ok:
        return {"mandatory": len(mandatory)}
    return {
        "value": best.value,
        "selected": len(best.selected),
        "left_out": len(data.rows) - len(best.selected),
        "mandatory": len(mandatory),
    }
