"""``/waiting-lists``: the municipality's waiting lists, in the suggested order (read only).

The rules are the web pages' (:mod:`prioritet.waiting.policy`): the roles that read individual cases
read the lists; a row names its case (id and pseudonymous reference) only when the token's role may
read that case, and each case so named is written to the access log (``api:waiting_list``).
"""

# No ``from __future__ import annotations`` here: django-ninja reads the operations' annotations at import.

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from ninja import Router, Schema

from prioritet.cases import services as case_services
from prioritet.waiting import policy, selectors

from . import responses

router = Router(tags=["Waiting lists"])


class WaitingServiceOut(Schema):
    id: int
    name: str
    unit: str
    service_area: int | None
    active: bool
    capacity: Decimal
    in_use: Decimal
    free: Decimal
    waiting: int


class ScoresOut(Schema):
    severity: int
    benefit: int
    resources: int


class WaitingRowOut(Schema):
    entry: int
    position: int | None
    case: int | None
    case_reference: str | None
    urgency: int
    waiting_since: datetime.date
    waiting_days: int
    amount: Decimal
    scores: ScoresOut | None
    value: float | None
    suggested: bool
    under_reassessment: bool


class WaitingListOut(Schema):
    service: WaitingServiceOut
    weight_version: int
    rows: list[WaitingRowOut]


def _check_reader(request: Any) -> None:
    if not policy.can_view(request.user):
        raise PermissionDenied(policy.NOT_A_READER)


def _service_out(service: Any, waiting: int) -> dict[str, Any]:
    used = selectors.occupancy(service)
    return {
        "id": service.pk,
        "name": service.name,
        "unit": service.unit,
        "service_area": service.service_area_id,
        "active": service.active,
        "capacity": used.capacity,
        "in_use": used.in_use,
        "free": used.free,
        "waiting": waiting,
    }


@router.get(
    "/waiting-lists",
    response=responses({200: list[WaitingServiceOut]}, 403),
    summary="List the waiting lists",
    description="The municipality's services with a waiting list: capacity in force today, what is in use and free.",
    operation_id="list_waiting_lists",
)
def list_waiting_lists(request: Any) -> list[dict[str, Any]]:
    _check_reader(request)
    return [
        _service_out(service, service.entries.filter(status="waiting").count())
        for service in selectors.services_of(request.municipality)
    ]


@router.get(
    "/waiting-lists/{service_id}",
    response=responses({200: WaitingListOut}, 403, 404),
    summary="Read a waiting list",
    description=(
        "The people waiting for the service in the suggested order (docs/methods.md §10h: the combined "
        "assessment of each current vedtak under the municipality's current weights, then urgency and waiting "
        "time), with the list's suggestion for what is free. A row names its case only when the token's role may "
        "read it; each case named is written to the access log."
    ),
    operation_id="get_waiting_list",
)
def get_waiting_list(request: Any, service_id: int) -> dict[str, Any]:
    _check_reader(request)
    service = selectors.get_service(request.municipality, service_id)
    listed = selectors.waiting_list(service)
    rows = []
    for row in listed.rows:
        case = row.entry.case
        visible = policy.can_open_case(request.user, case)
        if visible:
            case_services.record_access(case, request.user, "api:waiting_list")
        rows.append(
            {
                "entry": row.entry.pk,
                "position": row.position,
                "case": case.pk if visible else None,
                "case_reference": case.case_reference if visible else None,
                "urgency": row.entry.urgency,
                "waiting_since": row.entry.waiting_since,
                "waiting_days": row.waiting_days,
                "amount": row.entry.amount,
                "scores": row.scores,
                "value": None if row.value is None else round(row.value, 6),
                "suggested": row.suggested,
                "under_reassessment": row.under_reassessment,
            }
        )
    return {
        "service": _service_out(service, len(listed.rows)),
        "weight_version": listed.weights.number,
        "rows": rows,
    }
