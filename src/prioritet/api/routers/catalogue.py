"""``/catalogue``: the municipality's measures catalogue, read, and taken into a case.

The rules are the catalogue's web pages' (:mod:`prioritet.catalogue.policy`): the roles that prepare
cases read the catalogue; an entry is taken into an open service or political case that the token's
role works on, as an alternative or as a measure of the case's budget portfolio, by the catalogue's
services. The catalogue is kept by the municipal administrator on its pages: an integration is never
an administrator (:data:`prioritet.api.models.INTEGRATION_ROLES`), so the API does not change entries.
"""

# No ``from __future__ import annotations`` here: django-ninja reads the operations' annotations at import.

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Query, Router, Status
from ninja.pagination import paginate

from prioritet.accounts.tenancy import get_for_municipality_or_404
from prioritet.api import access
from prioritet.api.errors import ApiValidationError
from prioritet.api.schemas import (
    AlternativeOut,
    CatalogueEntryOut,
    CatalogueFilter,
    CatalogueMeasureIn,
    CatalogueMeasureOut,
    CatalogueUseIn,
)
from prioritet.cases.models import Alternative
from prioritet.catalogue import policy, selectors, services
from prioritet.catalogue.models import CatalogueEntry
from prioritet.portfolio.models import Measure

from . import Pagination, responses

router = Router(tags=["Measures catalogue"])

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


def _check_reader(request: Any) -> None:
    if not policy.can_read(request.user):
        raise PermissionDenied(_("Your role does not use the measures catalogue."))


def _entry(request: Any, entry_id: int) -> CatalogueEntry:
    _check_reader(request)
    return get_for_municipality_or_404(
        CatalogueEntry.objects.select_related("service_area"), request.municipality, pk=entry_id
    )


@router.get(
    "/catalogue",
    response=responses({200: list[CatalogueEntryOut]}, 403, 422),
    summary="List the measures catalogue",
    description=(
        "The municipality's services and measures (tiltakskatalog) with their typical yearly resources, in name "
        "order, one page at a time. `q` searches the name and description; `service_area` (an id or a name) and "
        "`archived` filter, as on the catalogue's page. Pages: `page` (from 1) and `page_size` (default 50, at "
        "most 200); the answer has the page's `items` and the `count` of all matches. For the roles that prepare "
        "cases (caseworker, health personnel, leader, director); a politician's integration answers 403."
    ),
    operation_id="list_catalogue_entries",
)
@paginate(Pagination, page_size=PAGE_SIZE, max_page_size=MAX_PAGE_SIZE)
def list_entries(request: Any, filters: Query[CatalogueFilter]) -> Any:
    _check_reader(request)
    return selectors.entries(
        request.municipality,
        query=filters.q,
        service_area=access.service_area(request.municipality, filters.service_area),
        archived=filters.archived,
    )


@router.get(
    "/catalogue/{entry_id}",
    response=responses({200: CatalogueEntryOut}, 403, 404),
    summary="Read a catalogue entry",
    description="One entry of the municipality's catalogue, archived or not; another municipality's answers 404.",
    operation_id="get_catalogue_entry",
)
def get_entry(request: Any, entry_id: int) -> CatalogueEntry:
    return _entry(request, entry_id)


@router.post(
    "/catalogue/{entry_id}/alternatives",
    response=responses({201: AlternativeOut}, 403, 404, 409, 422),
    summary="Take an entry into a case as an alternative",
    description=(
        "Copy the entry (its name and description) into `case_id` as a new alternative, which the case owns from "
        "then on: a later change to the catalogue does not change it. The case must be an open service or "
        "political case that the token's role works on (a leader's service cases, a director's political ones); "
        "an individual case, a decided case or an archived entry answers 403. Send the entry's `version`: an "
        "entry changed since you read it answers 409 and nothing is copied. A `case_id` that is not the "
        "municipality's answers 422. Send an `Idempotency-Key` to retry safely."
    ),
    operation_id="use_catalogue_entry_as_alternative",
)
def use_as_alternative(request: Any, entry_id: int, payload: CatalogueUseIn) -> Status[Alternative]:
    entry = _entry(request, entry_id)
    case = access.case_in_body(request, payload.case_id, "catalogue", work=True)
    alternative = services.use_as_alternative(entry, case, request.user, version=payload.version)
    return Status(201, alternative)


@router.post(
    "/catalogue/{entry_id}/measures",
    response=responses({201: CatalogueMeasureOut}, 403, 404, 409, 422),
    summary="Take an entry into a case's portfolio as a measure",
    description=(
        "Copy the entry into the budget portfolio of `case_id` as a new measure with the entry's typical yearly "
        "amounts, under the id `code` (unique in the portfolio) and with the case's own scores for benefit, "
        "severity and resources (1–5). The same rules as taking it as an alternative; a case without a portfolio "
        "answers 422 under `case_id`, a `code` the portfolio already has 422 too."
    ),
    operation_id="use_catalogue_entry_as_measure",
)
def use_as_measure(request: Any, entry_id: int, payload: CatalogueMeasureIn) -> Status[Measure]:
    entry = _entry(request, entry_id)
    case = access.case_in_body(request, payload.case_id, "catalogue", work=True)
    portfolio = selectors.portfolio_of(case)
    if portfolio is None:
        raise ApiValidationError({"case_id": _("The case has no budget portfolio: make one on the case's page.")})
    scores = payload.model_dump(include={"code", "benefit", "severity", "resources"})
    measure = services.use_as_measure(entry, portfolio, request.user, version=payload.version, **scores)
    return Status(201, measure)
