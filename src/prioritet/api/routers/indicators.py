"""``/indicators``: the indicators' definitions and values (styringsinformasjon).

Reads follow the web pages' rules (:mod:`prioritet.indicators.policy`): the roles that read the
indicators read them here, and every value goes through the small-cell suppression the pages use
(:mod:`prioritet.indicators.suppression`), so a figure about fewer than five people is `:` here too.
Posting values is for the roles that upload figures, into the definitions
:mod:`prioritet.indicators.posted` allows.
"""

import math
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from prioritet.api.errors import ApiValidationError
from prioritet.api.schemas import (
    IndicatorDefinitionOut,
    IndicatorValueBatchIn,
    IndicatorValueBatchOut,
    IndicatorValueFilter,
    IndicatorValuePageOut,
)
from prioritet.indicators import policy, posted, selectors
from prioritet.indicators.models import IndicatorDefinition

from . import responses

router = Router(tags=["Indicators"])

#: Values per page.
PAGE_SIZE = 500


def _check_reader(request: Any) -> None:
    if not policy.can_view(request.user):
        raise PermissionDenied(_("Your role does not use the indicators."))


@router.get(
    "/indicators/definitions",
    response=responses({200: list[IndicatorDefinitionOut]}, 403),
    summary="List the indicators",
    description=(
        "The national indicators and the municipality's own: what each figure is, its unit and source, and "
        "whether the token's municipality may post values to it."
    ),
    operation_id="list_indicator_definitions",
)
def list_definitions(request: Any) -> list[IndicatorDefinition]:
    _check_reader(request)
    return selectors.definitions(request.municipality)


@router.get(
    "/indicators/values",
    response=responses({200: IndicatorValuePageOut}, 403, 422),
    summary="Read indicator values",
    description=(
        "The municipality's values, by indicator, region and period, filtered by `definition` (a key), `region` "
        "and a period range. A figure that describes fewer than five people has no `value` and the status `:` "
        "(hidden for privacy), as on the web pages; SSB's status symbols are kept and never turned into zeros. "
        "500 values per page."
    ),
    operation_id="list_indicator_values",
)
def list_values(request: Any, filters: Query[IndicatorValueFilter]) -> dict[str, Any]:
    _check_reader(request)
    items = None
    if filters.definition:
        item = posted.definition_by_key(request.municipality, filters.definition)
        if item is None:
            raise ApiValidationError(
                {"definition": _("No indicator has the key «%(key)s».") % {"key": filters.definition}}
            )
        items = [item]
    narrow = selectors.ValueFilter(
        definitions=items,
        regions=[filters.region] if filters.region else None,
        period_from=filters.period_from,
        period_to=filters.period_to,
    )
    count, page = selectors.values_page(request.municipality, narrow, page=filters.page, size=PAGE_SIZE)
    keys = {item.pk: item.key for item in selectors.definitions(request.municipality)}
    return {
        "count": count,
        "page": filters.page,
        "pages": max(1, math.ceil(count / PAGE_SIZE)),
        "items": [
            {
                "definition": keys[value.definition_id],
                "region": value.region,
                "period": value.period,
                "period_kind": value.period_kind,
                "value": float(value.value) if value.value is not None else None,
                "status": value.status or None,
                "persons": value.persons,
                "source": value.source,
                "demo": value.demo,
            }
            for value in page
        ],
    }


@router.post(
    "/indicators/values",
    response=responses({200: IndicatorValueBatchOut}, 403, 422),
    summary="Post indicator values",
    description=(
        "Values from another system (the case system's waiting lists, an IPLOS extract): a batch of up to 1,000 "
        "`{definition, region, period, value | status, persons?}`, written all or none. Each item gives a value or "
        "one of SSB's status symbols. Allowed into the municipality's own indicators and the national ones that "
        "are not SSB's; a value SSB's fetch wrote is never overwritten. Any bad item answers 422 with one message "
        "per item and field (`values.3.period`), and nothing is saved. Send an `Idempotency-Key` to retry safely. "
        "For the roles that upload figures (a leader's or the administrator's integration) with a read-write token."
    ),
    operation_id="post_indicator_values",
)
def post_values(request: Any, payload: IndicatorValueBatchIn) -> Status[dict[str, int]]:
    if not policy.can_upload(request.user):
        raise PermissionDenied(_("Only leaders and the municipal administrator upload figures."))
    items = [posted.Item(**item.dict()) for item in payload.values]
    try:
        result = posted.post_values(request.municipality, items)
    except posted.BatchError as error:
        raise ApiValidationError(error.errors) from None
    return Status(200, {"created": result.created, "updated": result.updated, "unchanged": result.unchanged})
