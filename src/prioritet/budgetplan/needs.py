"""The need projections of the styringsinformasjon beside the økonomiplan (read-only).

The municipality's need projections (:mod:`prioritet.indicators`) say what a service will need year
by year; the plan says what it will get. For the plan years, each projection is shown as a case
shows a cited one — the chart of users and the table of users, årsverk and cost — with the same
suppression of small counts (:func:`prioritet.indicators.selectors.projection_citation_snapshot`
hides every year with too few users, and its årsverk and cost, which would give the count back).

Which projections: those of a service area whose name is one of the plan's budget columns, or the
case's own service area; when none match, every projection of the municipality.
"""

from __future__ import annotations

from typing import Any

from prioritet.indicators import selectors as indicator_selectors
from prioritet.indicators.citations import projection_figure

from .models import EconomyPlan

#: The yearly lists of a projection snapshot that are cut to the plan years.
_YEARLY = ("users", "fte", "cost")


def _within(snapshot: dict[str, Any], years: tuple[int, ...]) -> dict[str, Any] | None:
    """``snapshot`` cut to the plan ``years`` it reaches, or None when it reaches none of them."""
    keep = [i for i, year in enumerate(snapshot.get("years", [])) if year in years]
    if not keep:
        return None

    def cut(values: list[Any] | None) -> list[Any] | None:
        return None if values is None else [values[i] for i in keep]

    out = dict(snapshot)
    out["years"] = [snapshot["years"][i] for i in keep]
    for key in _YEARLY:
        out[key] = cut(snapshot.get(key))
    out["gap"] = {key: cut(value) for key, value in (snapshot.get("gap") or {}).items()}
    inputs = dict(snapshot.get("inputs") or {})
    inputs["base_year"], inputs["end_year"] = out["years"][0], out["years"][-1]
    out["inputs"] = inputs
    out["suppressed_years"] = [y for y in snapshot.get("suppressed_years", []) if y in years]
    return out


def _matching(plan: EconomyPlan, items: list[Any], columns: list[str]) -> tuple[list[tuple[Any, str]], bool]:
    """(projection, the column or area it matches) for the projections that match the plan, and
    whether they matched (False: the municipality's projections, none matched)."""
    names = {c.casefold(): c for c in columns}
    area_id = getattr(plan.case, "service_area_id", None)
    matched: list[tuple[Any, str]] = []
    for item in items:
        area = item.service_area
        if area is None:
            continue
        if area.name.casefold() in names:
            matched.append((item, names[area.name.casefold()]))
        elif area_id is not None and area.pk == area_id:
            matched.append((item, area.name))
    if matched:
        return matched, True
    return [(item, item.service_area.name if item.service_area else "") for item in items], False


def projections_beside(plan: EconomyPlan, columns: list[str]) -> dict[str, Any] | None:
    """The need projections to show beside the plan for its years, or None when there are none."""
    items = indicator_selectors.projections(plan.municipality)
    if not items:
        return None
    chosen, matched = _matching(plan, items, columns)
    figures = []
    for item, label in chosen:
        try:
            snapshot = indicator_selectors.projection_citation_snapshot(item)
        except indicator_selectors.IncompleteProjectionError:
            continue
        cut = _within(snapshot, plan.years)
        if cut is None:
            continue
        figures.append({"label": label, "figure": projection_figure(cut, f"plan-projection-{item.pk}")})
    if not figures:
        return None
    return {"figures": figures, "matched": matched}
