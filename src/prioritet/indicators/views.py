"""Thin views: load with selectors, check the role rules in policy, render."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from prioritet.accounts.tenancy import municipality_required

from . import policy, selectors
from .demo import DEMO_LABEL
from .models import IndicatorDefinition, Status

#: What each status symbol means, shown wherever a symbol stands instead of a number.
SYMBOLS = [(status.value, status.label) for status in Status]


def _require_view(request: HttpRequest) -> None:
    if not policy.can_view(request.user):
        raise PermissionDenied(_("Your role does not use the indicators."))


@municipality_required
def indicator_list(request: HttpRequest) -> HttpResponse:
    _require_view(request)
    rows = selectors.overview(request.municipality)
    return render(
        request,
        "indicators/list.html",
        {
            "rows": rows,
            "symbols": SYMBOLS,
            "demo": any(row.demo for row in rows),
            "demo_label": DEMO_LABEL,
            "can_upload": policy.can_upload(request.user),
        },
    )


@municipality_required
def indicator_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_view(request)
    try:
        item = selectors.definition(request.municipality, pk)
    except IndicatorDefinition.DoesNotExist:
        raise Http404 from None
    data = selectors.series(request.municipality, item)
    table = [
        (
            period,
            [data.cells[region].get(period) for region in data.regions],
            selectors.target_for(data.targets, period),
        )
        for period in data.periods
    ]
    return render(
        request,
        "indicators/detail.html",
        {
            "item": item,
            "series": data,
            "table": table,
            "own": request.municipality.number,
            "symbols": SYMBOLS,
            "demo": data.demo,
            "demo_label": DEMO_LABEL,
        },
    )
