"""The økonomiplan in the saksframlegg (a case section): the administration's proposal and the optimum
year by year, what each leaves out with its consequence, each submitted alternative budget with its
balance and endringsforslag, the chart of frames against use, the forsvarlighet statement
(whether every mandatory measure, the legal minimum, runs from its first possible year) and the
budget questions whose answers are approved, so the council has them with the plan."""

from __future__ import annotations

from typing import Any

from . import analysis, selectors
from .models import PlanAlternative
from .presentation import current_optimisation, plan_context


def section_context(case: Any, user: Any, place: Any) -> dict[str, Any] | None:
    plan = selectors.plan_for_case(case)
    if plan is None:
        return None
    plan.case = case
    context = plan_context(plan, current_optimisation(plan))
    rows = context["rows"]
    if not rows:
        return None
    values = analysis.measure_values(rows, analysis.weights_of(selectors.plan_weights(plan)))
    alternatives = []
    for alt in PlanAlternative.objects.filter(
        plan=plan, municipality_id=plan.municipality_id, submitted_at__isnull=False
    ).select_related("party_group"):
        alt.plan = plan
        alternatives.append(
            {
                "alternative": alt,
                "evaluation": analysis.evaluate(plan, rows, alt.starts, values),
                "amendments": analysis.amendments(rows, alt.starts),
            }
        )
    mandatory = [m for m in rows if m.mandatory]
    return {
        **context,
        "plan": plan,
        "alternatives": alternatives,
        "mandatory": mandatory,
        "questions": selectors.approved_questions(plan),
    }
