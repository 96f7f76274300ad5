"""``/cases/{case_id}/decision``: record and read the decision."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Router, Status
from ninja.errors import HttpError

from prioritet.api import access, selectors
from prioritet.api.errors import ApiValidationError
from prioritet.api.schemas import (
    CaseOut,
    DecisionIn,
    DecisionOut,
    ReassessmentIn,
    RecommendationIn,
    RecommendationOut,
    ServiceAreaOut,
)
from prioritet.cases import policy, political
from prioritet.cases import selectors as case_selectors
from prioritet.cases import services as case_services
from prioritet.cases.models import Case, Decision, Level, Recommendation

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
    if case.level == Level.POLITICAL:
        _record_vedtak(request, case, alternative, payload)
    else:
        _decide(request, case, alternative, payload)
    decision = case_selectors.current_decision(selectors.get_case(request.municipality, case.pk))
    assert decision is not None, "the case has just been decided"
    return Status(201, decision)


def _record_vedtak(request: Any, case: Case, alternative: Any, payload: DecisionIn) -> None:
    """A political case: the body's vedtak after the innstilling (:func:`prioritet.cases.political.record_vedtak`)."""
    if not policy.can_decide(request.user, case):
        raise PermissionDenied(_("Your role cannot record decisions at this level."))
    facts = payload.vedtak
    if facts is None:
        raise ApiValidationError(
            {"vedtak": _("A political case's vedtak is recorded with the body, the meeting and its case number.")}
        )
    body = case_selectors.decision_bodies(request.municipality).filter(pk=facts.body_id).first()
    political.record_vedtak(
        case,
        request.user,
        payload.version,
        body=body,
        meeting_date=facts.meeting_date,
        saksnummer=facts.saksnummer,
        alternative=alternative,
        priority=payload.priority.value if payload.priority is not None else "",
        adopted_text=facts.adopted_text,
        departure_description=facts.departure_description,
        unanimous=facts.unanimous,
        votes_for=facts.votes_for,
        votes_against=facts.votes_against,
        amendments=[a.dict() for a in facts.amendments],
        reassessment_due=payload.reassessment_due,
        forsvarlighet_confirmed=payload.forsvarlighet_confirmed,
        forsvarlighet_justification=payload.forsvarlighet_justification,
        child_best_interest=payload.child_best_interest,
        signature=payload.signature,
    )


def _decide(request: Any, case: Case, alternative: Any, payload: DecisionIn) -> None:
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
        similar_departure_reason=payload.similar_departure_reason,
        similar_acknowledged=payload.similar_acknowledged,
    )


@router.get(
    "/cases/{case_id}/recommendation",
    response=responses({200: RecommendationOut}, 403, 404),
    summary="Read the innstilling",
    description="A political case's current innstilling by the municipal director; 404 when there is none.",
    operation_id="get_recommendation",
)
def get_recommendation(request: Any, case_id: int) -> Recommendation:
    case = access.load_case(request, case_id, "recommendation")
    recommendation = case_selectors.current_recommendation(case)
    if recommendation is None:
        raise HttpError(404, _("The case has no innstilling."))
    return recommendation


@router.post(
    "/cases/{case_id}/recommendation",
    response=responses({201: RecommendationOut}, 403, 404, 409, 422),
    summary="Make the innstilling",
    description=(
        "The municipal director's innstilling on a political case, with the `proposed_resolution` (forslag til "
        "vedtak): the same rules for the choice as a decision. A later innstilling before the vedtak replaces it. "
        "Send the case's `version` and the judgment's `signature`."
    ),
    operation_id="recommend_case",
)
def recommend_case(request: Any, case_id: int, payload: RecommendationIn) -> Status[Recommendation]:
    case = access.load_case(request, case_id, "recommendation")
    alternative = selectors.alternative_of_municipality(request.municipality, payload.alternative_id)
    if alternative is None:
        raise ApiValidationError({"alternative_id": _("Choose one of the case's alternatives.")})
    recommendation = political.recommend(
        case,
        request.user,
        payload.version,
        alternative=alternative,
        priority=payload.priority.value if payload.priority is not None else "",
        proposed_resolution=payload.proposed_resolution,
        justification=payload.justification,
        departure_reason=payload.departure_reason,
        forsvarlighet_confirmed=payload.forsvarlighet_confirmed,
        forsvarlighet_justification=payload.forsvarlighet_justification,
        child_best_interest=payload.child_best_interest,
        signature=payload.signature,
    )
    return Status(201, recommendation)


@router.get(
    "/decision-bodies",
    response=responses({200: list[ServiceAreaOut]}),
    summary="List decision bodies",
    description="The municipality's political bodies in use (kommunestyret, formannskapet …): a vedtak's `body_id`.",
    operation_id="list_decision_bodies",
)
def list_decision_bodies(request: Any) -> Any:
    return list(case_selectors.decision_bodies(request.municipality, active_only=True))


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
