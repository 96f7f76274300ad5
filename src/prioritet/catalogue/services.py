"""Keeping the catalogue (the municipal administrator) and taking an entry into a case or a portfolio.

Taking an entry copies it: the case's alternative and the portfolio's measure are the case's own from
then on, so a later change to the catalogue never changes what a case was decided on.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from prioritet.cases import services as case_services
from prioritet.cases.models import Alternative, Case
from prioritet.core.concurrency import ConcurrentEditError, edit_versioned, save_with_history
from prioritet.portfolio import services as portfolio_services
from prioritet.portfolio.models import Measure, Portfolio, ResourceColumn

from . import policy
from .models import CatalogueEntry

ENTRY_FIELDS = ("name", "description", "kind", "service_area")


def _require_edit(user, municipality) -> None:
    if not policy.can_edit(user) or user.municipality_id != municipality.pk:
        raise PermissionDenied(_("Only the municipal administrator keeps the measures catalogue."))


def _clean_resources(municipality, resources: Mapping[str, Decimal | None]) -> dict[str, str]:
    """The typical amounts as stored: only the municipality's columns, amounts ≥ 0, empty ones left out."""
    keys = set(ResourceColumn.objects.for_municipality(municipality).values_list("key", flat=True))
    unknown = set(resources) - keys
    if unknown:
        raise ValidationError(_("Unknown resource column: %(keys)s") % {"keys": ", ".join(sorted(unknown))})
    cleaned = {}
    for key, amount in resources.items():
        if amount is None:
            continue
        if amount < 0:
            raise ValidationError(_("An amount must be 0 or more."))
        cleaned[key] = f"{Decimal(amount).normalize():f}"
    return cleaned


def _check_area(municipality, fields: Mapping[str, Any]) -> None:
    area = fields.get("service_area")
    if area is not None and area.municipality_id != municipality.pk:
        raise PermissionDenied(_("The service area belongs to another municipality."))


@transaction.atomic
def create_entry(
    municipality, user, *, resources: Mapping[str, Decimal | None] | None = None, **fields: Any
) -> CatalogueEntry:
    """Add a service or measure to the municipality's catalogue."""
    _require_edit(user, municipality)
    _check_area(municipality, fields)
    entry = CatalogueEntry(
        municipality=municipality,
        created_by=user,
        resources=_clean_resources(municipality, resources or {}),
        **{k: fields[k] for k in ENTRY_FIELDS if k in fields},
    )
    save_with_history(entry, user)
    return entry


@transaction.atomic
def update_entry(
    entry: CatalogueEntry,
    user,
    version: int,
    *,
    resources: Mapping[str, Decimal | None] | None = None,
    **fields: Any,
) -> CatalogueEntry:
    """Change an entry under optimistic concurrency (a concurrent save loses with the current entry)."""
    _require_edit(user, entry.municipality)
    _check_area(entry.municipality, fields)
    changes = {k: fields[k] for k in ENTRY_FIELDS if k in fields}
    if resources is not None:
        changes["resources"] = _clean_resources(entry.municipality, resources)
    return edit_versioned(CatalogueEntry, entry.pk, version, user, changes)


@transaction.atomic
def set_archived(entry: CatalogueEntry, user, archived: bool) -> CatalogueEntry:
    """Archive an entry (it leaves the list and the picker; cases that used it keep their copy) or restore it."""
    _require_edit(user, entry.municipality)
    return edit_versioned(CatalogueEntry, entry.pk, entry.version, user, {"archived": archived})


def _require_version(entry: CatalogueEntry, version: int | None) -> None:
    """With the ``version`` the caller read (the API sends it): refuse a copy of an entry changed since."""
    if version is None:
        return
    current = CatalogueEntry.objects.get(pk=entry.pk)
    if current.version != version:
        raise ConcurrentEditError(current)


@transaction.atomic
def use_as_alternative(entry: CatalogueEntry, case: Case, user, *, version: int | None = None) -> Alternative:
    """Copy the entry into the case as an alternative (as it is at ``version``, when given)."""
    if not policy.can_pick_for(case, user) or entry.municipality_id != case.municipality_id or entry.archived:
        raise PermissionDenied(_("You cannot add this catalogue entry to this case."))
    _require_version(entry, version)
    return case_services.add_alternative(case, user, title=entry.name, description=entry.description)


@transaction.atomic
def use_as_measure(
    entry: CatalogueEntry, portfolio: Portfolio, user, *, version: int | None = None, **scores: Any
) -> Measure:
    """Copy the entry into the portfolio as a measure with its typical resources; ``scores`` gives its
    id (``code``) and its benefit, severity and resources on the 1–5 scales, which are the case's own.
    With ``version``, an entry changed since the caller read it is refused (:class:`ConcurrentEditError`)."""
    case = portfolio.case
    if not policy.can_pick_for(case, user) or entry.municipality_id != portfolio.municipality_id or entry.archived:
        raise PermissionDenied(_("You cannot add this catalogue entry to this portfolio."))
    _require_version(entry, version)
    amounts = {key: Decimal(amount) for key, amount in entry.resources.items()}
    return portfolio_services.create_measure(
        portfolio, user, amounts=amounts, name=entry.name, description=entry.description, **scores
    )
