"""The figures of the økonomiplan as pages and the saksframlegg show them: the proposal and the
optimum year by year, what each leaves out, and the chart of frames against use (SVG with a table)."""

from __future__ import annotations

from typing import Any

from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from prioritet.core import charts, formatting
from prioritet.core.columns import ColumnName, column_names
from prioritet.core.records import TaskStatus

from . import analysis, selectors
from .models import EconomyPlan


def _amount(value: float) -> str:
    return formatting.amount(value)


def _chart(plan: EconomyPlan, column: ColumnName, series: list[tuple[str, list[float]]]) -> dict[str, Any]:
    years = [str(y) for y in plan.years]
    title = _("Frames and use per year: %(column)s") % {"column": column}
    description = _("The frame of %(column)s in each year of the plan, and what each plan uses of it.") % {
        "column": column
    }
    svg = charts.line_chart(
        years, series, title=title, description=description, fmt=_amount, id_prefix=f"plan-{column.key}"
    )
    table = charts.data_table(
        title,
        [_("Year"), *(name for name, _values in series)],
        [[year, *(_amount(values[t]) for _name, values in series)] for t, year in enumerate(years)],
        hidden=False,
    )
    # charts escapes every text it draws; unmarked, the page would show the markup as text.
    return {"column": column, "title": title, "svg": mark_safe(svg), "table": mark_safe(table)}


def current_optimisation(plan: EconomyPlan) -> Any:
    """The stored optimum of the plan as it stands now, if there is one (a read)."""
    digest = analysis.fingerprint(plan, selectors.measures(plan), selectors.plan_weights(plan))
    return selectors.current_optimisation(plan, digest)


def plan_context(plan: EconomyPlan, optimisation: Any) -> dict[str, Any]:
    """The figures of the plan page (and the saksframlegg): proposal, optimum, what each leaves out."""
    rows = selectors.measures(plan)
    columns = analysis.columns_of(plan, rows)
    names = column_names(plan.municipality_id, columns)
    result = optimisation.result if optimisation is not None and optimisation.status == TaskStatus.DONE else None
    # The municipality's weights as they are now (a read): the optimum shown was computed with them,
    # since a stored optimum is shown only for the inputs it was computed from.
    values = analysis.measure_values(rows, analysis.weights_of(selectors.plan_weights(plan)))
    proposal = analysis.evaluate(plan, rows, {m.code: m.proposed_start for m in rows}, values)
    optimum = analysis.evaluate(plan, rows, result["start"], values) if result else None
    figures = []
    for column in columns:
        frames = proposal.frames.get(column)
        series: list[tuple[str, list[float]]] = []
        if frames:
            series.append((_("Frame"), frames))
        series.append((_("Proposal"), proposal.used[column]))
        if optimum is not None:
            series.append((_("Optimal plan"), optimum.used[column]))
        figures.append(_chart(plan, names[column], series))
    grid = [
        {
            "measure": m,
            "proposal": [y >= m.proposed_start if m.proposed_start else False for y in plan.years],
            "optimum": [(s := result["start"].get(m.code)) is not None and y >= s for y in plan.years]
            if result
            else None,
            "optimum_start": result["start"].get(m.code) if result else None,
        }
        for m in rows
    ]
    return {
        "rows": rows,
        "columns": columns,
        #: The municipality's names of the budget columns (the ``column_name`` filter reads them).
        "names": names,
        "years": plan.years,
        "proposal": proposal,
        "optimum": optimum,
        "result": result,
        "figures": figures,
        "grid": grid,
        "frame_rows": [(names[c], proposal.frames.get(c, [])) for c in columns],
    }


def innstilling_snapshot(
    plan: EconomyPlan, rows: list[Any], result: analysis.Evaluation, alternative: Any, text: str
) -> dict[str, Any]:
    """What the public page shows of a published innstilling, frozen as it went out: the recommended
    plan's start years and, per budget column, each measure's amount in each year with the total use
    and the frame. Nothing but what the innstilling itself says (no scores, no persons)."""
    years = list(plan.years)
    columns = list(result.used)
    started = [m for m in rows if m.code in result.start]
    return {
        "title": plan.case.title,
        "years": years,
        "recommended": (
            {"kind": "alternative", "name": alternative.name, "party_group": alternative.party_group.name}
            if alternative is not None
            else {"kind": "proposal"}
        ),
        "text": text,
        "measures": [{"name": m.name, "start": result.start[m.code]} for m in started],
        "tables": [
            {
                "column": c,
                "rows": [
                    {"name": m.name, "amounts": [m.amount_in(c, y, result.start[m.code]) for y in years]}
                    for m in started
                ],
                "used": result.used[c],
                "frame": result.frames.get(c, []),
            }
            for c in columns
        ],
        "left_out": [m.name for m in result.left_out],
    }


def innstilling_notice(innstilling: Any) -> Any:
    """The 14-day notice of the innstilling (kommuneloven § 14-3), or None without a meeting date."""
    from django.utils import timezone

    from .notice import notice

    if innstilling is None:
        return None
    published = timezone.localdate(innstilling.published_at) if innstilling.published_at else None
    return notice(innstilling.meeting_date, published, timezone.localdate())


def public_listing(municipality: Any) -> dict[str, Any] | None:
    """The public page's list of published innstillinger to the økonomiplan, or None (a read)."""
    from django.urls import reverse

    found = selectors.published_innstillinger(municipality)
    if not found:
        return None
    return {
        "innstillinger": [
            {
                "title": record.snapshot.get("title", ""),
                "years": record.snapshot.get("years", []),
                "meeting_date": record.meeting_date,
                "published_at": record.published_at,
                "url": reverse("budgetplan:public_innstilling", args=[municipality.slug, record.plan_id]),
            }
            for record in found
        ]
    }
