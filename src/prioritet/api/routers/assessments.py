"""``/alternatives/{alternative_id}/assessments/mine``: the token user's own assessment."""

from typing import Any

from django.http import Http404
from ninja import Router, Status

from prioritet.api import access
from prioritet.api.schemas import AssessmentIn, AssessmentOut
from prioritet.cases import selectors as case_selectors
from prioritet.cases import services as case_services
from prioritet.cases.models import Assessment, KnowledgeBasis

from . import responses

router = Router(tags=["Assessments"])


@router.get(
    "/alternatives/{alternative_id}/assessments/mine",
    response=responses({200: AssessmentOut}, 403, 404),
    summary="Read your assessment",
    description="The token user's assessment of the alternative; 404 when they have not assessed it.",
    operation_id="get_my_assessment",
)
def get_my_assessment(request: Any, alternative_id: int) -> Assessment:
    alternative = access.load_alternative(request, alternative_id, "assessment")
    assessment = case_selectors.own_assessment(alternative, request.user)
    if assessment is None:
        raise Http404
    return assessment


@router.put(
    "/alternatives/{alternative_id}/assessments/mine",
    response=responses({200: AssessmentOut, 201: AssessmentOut}, 403, 404, 409, 422),
    summary="Save your assessment",
    description=(
        "Create (201) or replace (200) the token user's assessment of the alternative: benefit (the gain "
        "compared with no action) and resources 1–5 with justifications, knowledge basis and certainty. Leave "
        "out `version` the first time; to replace, send the `version` you read (a stale one answers 409). Each "
        "assessor has one assessment per alternative; the combined judgment takes the median of all assessors. "
        "Severity belongs to the need: it is the case's `severity`, and an assessment carrying one is refused (422)."
    ),
    operation_id="save_my_assessment",
)
def save_my_assessment(request: Any, alternative_id: int, payload: AssessmentIn) -> Status[Assessment]:
    alternative = access.load_alternative(request, alternative_id, "assessment", work=True)
    basis = set(payload.knowledge_basis)
    data = {
        "benefit": payload.benefit,
        "resources": payload.resources,
        "benefit_justification": payload.benefit_justification,
        "resources_justification": payload.resources_justification,
        "basis_research": KnowledgeBasis.RESEARCH in basis,
        "basis_clinical": KnowledgeBasis.CLINICAL in basis,
        "basis_user": KnowledgeBasis.USER in basis,
        "certainty": payload.certainty,
    }
    assessment = case_services.save_assessment(alternative, request.user, payload.version, data)
    return Status(201 if payload.version is None else 200, assessment)
