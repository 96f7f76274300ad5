"""``/cases/{case_id}/alternatives``: the ways to meet the need that a case weighs."""

from typing import Any

from ninja import Query, Router, Status

from prioritet.api import access, selectors
from prioritet.api.schemas import AlternativeIn, AlternativeOut
from prioritet.cases import services as case_services
from prioritet.cases.models import Alternative

from . import responses

router = Router(tags=["Alternatives"])


@router.get(
    "/cases/{case_id}/alternatives",
    response=responses({200: list[AlternativeOut]}, 403, 404),
    summary="List a case's alternatives",
    description=(
        "The case's alternatives in the order they were added, the «not start, postpone or end» alternative "
        "(`kind` = `no_action`) first. Archived ones only with `include_archived`."
    ),
    operation_id="list_alternatives",
)
def list_alternatives(request: Any, case_id: int, include_archived: Query[bool] = False) -> list[Alternative]:
    case = access.load_case(request, case_id, "alternatives")
    return selectors.alternatives(case, include_archived=include_archived)


@router.post(
    "/cases/{case_id}/alternatives",
    response=responses({201: AlternativeOut}, 403, 404, 409, 422),
    summary="Add an alternative",
    description="Add an alternative to an open case (a decided case answers 409 until it is reassessed).",
    operation_id="create_alternative",
)
def create_alternative(request: Any, case_id: int, payload: AlternativeIn) -> Status[Alternative]:
    case = access.load_case(request, case_id, "alternative", work=True)
    alternative = case_services.add_alternative(
        case,
        request.user,
        title=payload.title,
        description=payload.description,
        reduces_service=payload.reduces_service,
    )
    return Status(201, alternative)
