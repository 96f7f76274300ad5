"""``/cases/{case_id}/judgment``: the combined judgment, computed exactly as on the case page."""

from typing import Any

from ninja import Router

from prioritet.api import access
from prioritet.api.schemas import JudgmentOut
from prioritet.cases import selectors as case_selectors
from prioritet.cases.judgment import CombinedJudgment, combined_judgment, frozen_judgment
from prioritet.engine import CRITERIA, Method

from . import responses

router = Router(tags=["Combined judgment"])


def judgment_body(judgment: CombinedJudgment, case_id: int, case_version: int) -> dict[str, Any]:
    """The judgment of :func:`prioritet.cases.judgment.combined_judgment` as the API's JSON."""
    weights = judgment.weight_version
    rows = []
    for row in judgment.rows:
        medians = None
        if row.medians:
            medians = {
                criterion.value: {"exact": exact, "used": used}
                for criterion, (exact, used) in zip(CRITERIA, row.medians, strict=True)
            }
        rows.append(
            {
                "alternative_id": row.alternative.pk,
                "title": row.alternative.title,
                "kind": row.alternative.kind,
                "assessor_count": len(row.assessments),
                "medians": medians,
                "value": row.value,
                "rank": row.rank,
                "priority_band": row.band.value if row.band is not None else None,
                "is_top": row.is_top,
                "rounded": row.rounded,
                "is_reference": row.is_reference,
            }
        )
    return {
        "case_id": case_id,
        "case_version": case_version,
        "method": (judgment.ranking.method if judgment.ranking is not None else Method.ADDITIVE).value,
        "weights": {
            "id": weights.pk,
            "version": weights.number,
            "benefit": float(weights.benefit),
            "severity": float(weights.severity),
            "resources": float(weights.resources),
            "normalised": weights.normalised(),
            "decided_by_body": weights.decided_by_body,
            "reason": weights.reason,
            "created_at": weights.created_at,
        },
        "alternatives": rows,
        "suggested_alternative_ids": sorted(judgment.top_ids),
        "signature": judgment.signature,
    }


@router.get(
    "/cases/{case_id}/judgment",
    response=responses({200: JudgmentOut}, 403, 404),
    summary="Read the combined judgment",
    description=(
        "The engine's suggested order of the case's alternatives, as the case page shows it: each criterion's "
        "median over the assessors (a half rounded up to the whole score the engine takes), the weighted value "
        "under the municipality's current weights, the rank, and the value read as a priority band. The "
        "alternative «not start, postpone or end» is the reference (`is_reference`): listed last with its medians, "
        "never ranked. A tool's suggestion: the responsible person decides. A decided case's judgment is the one "
        "the decision was made on: its stored snapshot under the decision's weight version (`weights`), whatever "
        "the weights are today."
    ),
    operation_id="get_judgment",
)
def get_judgment(request: Any, case_id: int) -> dict[str, Any]:
    case = access.load_case(request, case_id, "judgment")
    decision = case_selectors.current_decision(case)
    judgment = frozen_judgment(case, decision) if decision is not None else combined_judgment(case)
    return judgment_body(judgment, case.pk, case.version)
