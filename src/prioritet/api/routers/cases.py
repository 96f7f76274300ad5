"""``/cases``: list, create, read and change priority cases; ``/service-areas``."""

# No ``from __future__ import annotations`` here: django-ninja reads the operations' annotations at import.

from typing import Any

from django.utils import timezone
from ninja import Query, Router, Status
from ninja.pagination import paginate

from prioritet.api import access, selectors
from prioritet.api.schemas import CaseFilter, CaseIn, CaseOut, CasePatch, CaseSummaryOut, ServiceAreaOut
from prioritet.cases import services as case_services
from prioritet.cases.models import Case
from prioritet.cases.selectors import service_areas

from . import Pagination, responses

router = Router(tags=["Cases"])

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


@router.get(
    "/cases",
    response=responses({200: list[CaseSummaryOut]}, 422),
    summary="List cases",
    description=(
        "The municipality's cases at the levels the token's role may read, newest first, one page at a time. "
        "Filter by `level`, `phase`, `case_reference` and `updated_since` (to fetch what changed since the last "
        "synchronisation). Pages: `page` (from 1) and `page_size` (default 50, at most 200); the answer has the "
        "page's `items` and the `count` of all matches. The list leaves out descriptions: read a case for them. "
        "Individual cases are listed only to their case team (the integration's system user on it), by their "
        "case reference in `title`: a list shows nothing that could identify the person."
    ),
    operation_id="list_cases",
)
@paginate(Pagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_cases(request: Any, filters: Query[CaseFilter]) -> Any:
    updated_since = filters.updated_since
    if updated_since is not None and timezone.is_naive(updated_since):
        updated_since = timezone.make_aware(updated_since)
    return selectors.cases(
        request.municipality,
        request.user,
        level=filters.level,
        phase=filters.phase,
        updated_since=updated_since,
        case_reference=filters.case_reference,
        archived=filters.archived,
    )


@router.post(
    "/cases",
    response=responses({201: CaseOut}, 403, 422),
    summary="Create a case",
    description=(
        "Create a priority case at a level the token's role works at, with the alternative «not start, "
        "postpone or end» (described by `no_action_consequence`) and any `alternatives` given. The case starts "
        "in the phase «prepare» and is moved on to `phase` if another is given. An individual case can name "
        "its `responsible` caseworker (a caseworker or health worker of the municipality) and its `district`. "
        "All or nothing: on an error, nothing is saved."
    ),
    operation_id="create_case",
)
def create_case(request: Any, payload: CaseIn) -> Status[Case]:
    municipality, user = request.municipality, request.user
    area = access.service_area(municipality, payload.service_area)
    responsible = access.person(municipality, payload.responsible, "responsible")
    case = case_services.open_case(
        municipality,
        user,
        no_action_consequence=payload.no_action_consequence,
        alternatives=[alternative.model_dump() for alternative in payload.alternatives],
        phase=payload.phase,
        level=payload.level,
        title=payload.title,
        description=payload.description,
        service_area=area,
        plan_process=payload.plan_process,
        case_reference=payload.case_reference,
        district=payload.district,
        responsible=responsible,
        child_affected=payload.child_affected,
        severity=payload.severity,
        severity_justification=payload.severity_justification,
        involvement_plan=payload.involvement_plan,
        management_information=payload.management_information,
    )
    return Status(201, access.load_case(request, case.pk, "create"))


@router.get(
    "/cases/{case_id}",
    response=responses({200: CaseOut}, 403, 404),
    summary="Read a case",
    description="One case of the municipality. Reads of individual-level cases are written to the access log.",
    operation_id="get_case",
)
def get_case(request: Any, case_id: int) -> Case:
    return access.load_case(request, case_id, "detail")


@router.patch(
    "/cases/{case_id}",
    response=responses({200: CaseOut}, 403, 404, 409, 422),
    summary="Change a case",
    description=(
        "Change the fields given, move the case to another `phase`, or archive it. Send the `version` you read: "
        "if the case has changed since, the answer is 409 Conflict and nothing is saved. A decided case keeps "
        "its content (409) until a reassessment reopens it; its phase and archive flag can still change."
    ),
    operation_id="update_case",
)
def update_case(request: Any, case_id: int, payload: CasePatch) -> Case:
    case = access.load_case(request, case_id, "edit", work=True)
    changes = payload.model_dump(exclude_unset=True)
    if "service_area" in changes:
        changes["service_area"] = access.service_area(request.municipality, changes["service_area"])
    case_services.edit_case(
        case,
        request.user,
        changes.pop("version"),
        phase=changes.pop("phase", None),
        phase_note=changes.pop("phase_note", ""),
        archived=changes.pop("archived", None),
        **changes,
    )
    return selectors.get_case(request.municipality, case.pk)


@router.get(
    "/service-areas",
    response=responses({200: list[ServiceAreaOut]}),
    summary="List service areas",
    description="The municipality's service areas (tjenesteområder), for `service_area` of a case.",
    operation_id="list_service_areas",
    tags=["Service areas"],
)
def list_service_areas(request: Any) -> Any:
    return service_areas(request.municipality)
