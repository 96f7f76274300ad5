"""``/cases/{case_id}/decision``: record and read the decision."""

from typing import Any

from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from prioritet.api import access, selectors
from prioritet.api.errors import ApiValidationError
from prioritet.api.schemas import CaseOut, DecisionIn, DecisionOut, ReassessmentIn
from prioritet.cases import selectors as case_selectors
from prioritet.cases import services as case_services
from prioritet.cases.models import Case, Decision

from . import responses

router = Router(tags=["Decision"])


@router.get(
    "/cases/{case_id}/decision",
    response=responses({200: DecisionOut}, 403, 404),
    summary="Read the decision",
    description="The case's current decision; 404 while the case is open (undecided or being reassessed).",
    operation_id="get_decision",
)
def get_decision(request: Any, case_id: int) -> Decision:
    case = access.load_case(request, case_id, "decision")
    decision = case_selectors.current_decision(case)
    if decision is None:
        raise HttpError(404, _("The case has no decision."))
    return decision


@router.post(
    "/cases/{case_id}/decision",
    response=responses({201: DecisionOut}, 403, 404, 409, 422),
    summary="Decide the case",
    description=(
        "Record the decision and close the case for changes, with the same rules as the web page: a "
        "`departure_reason` when the chosen alternative is not the one suggested first; `forsvarlighet_confirmed` "
        "and its justification when the choice reduces a service or is to not start, postpone or end; "
        "`child_best_interest` when the case affects children; a `reassessment_due` date after today. Send "
        "the case's `version` and, to be sure the decision rests on what you saw, the judgment's `signature`: "
        "a stale one answers 409. Broken rules answer 422 with one message per field."
    ),
    operation_id="decide_case",
)
def decide_case(request: Any, case_id: int, payload: DecisionIn) -> Status[Decision]:
    case = access.load_case(request, case_id, "decision")  # the service checks the role that decides
    alternative = selectors.alternative_of_municipality(request.municipality, payload.alternative_id)
    if alternative is None:
        raise ApiValidationError({"alternative_id": _("Choose one of the case's alternatives.")})
    case_services.decide(
        case,
        request.user,
        payload.version,
        alternative=alternative,
        priority=payload.priority.value if payload.priority is not None else "",
        justification=payload.justification,
        reassessment_due=payload.reassessment_due,
        departure_reason=payload.departure_reason,
        forsvarlighet_confirmed=payload.forsvarlighet_confirmed,
        forsvarlighet_justification=payload.forsvarlighet_justification,
        child_best_interest=payload.child_best_interest,
        signature=payload.signature,
    )
    decision = case_selectors.current_decision(selectors.get_case(request.municipality, case.pk))
    assert decision is not None, "the case has just been decided"
    return Status(201, decision)


@router.post(
    "/cases/{case_id}/reassessment",
    response=responses({200: CaseOut}, 403, 404, 409, 422),
    summary="Reopen a decided case",
    description=(
        "Start a reassessment (revurdering): the case opens for changes and a new decision, and the earlier "
        "decision is kept unchanged in the case's history. Send the case's `version` and the `reason`."
    ),
    operation_id="reassess_case",
)
def reassess_case(request: Any, case_id: int, payload: ReassessmentIn) -> Case:
    case = access.load_case(request, case_id, "reassessment", work=True)
    case_services.start_reassessment(case, request.user, payload.reason, payload.version)
    return selectors.get_case(request.municipality, case.pk)
