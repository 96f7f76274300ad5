"""Every read of the API app, limited to one municipality."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, QuerySet
from django.shortcuts import get_object_or_404

from prioritet.accounts.models import Municipality, ServiceArea, User
from prioritet.cases import selectors as case_selectors
from prioritet.cases.models import Alternative, Case

from .models import ApiToken, Integration


def tokens_for(municipality: Municipality) -> QuerySet[ApiToken]:
    """The municipality's tokens, active ones first, newest first."""
    return (
        ApiToken.objects.for_municipality(municipality)
        .select_related("integration", "created_by")
        .order_by(F("revoked_at").asc(nulls_first=True), "-created_at", "-id")
    )


def integrations_for(municipality: Municipality) -> QuerySet[Integration]:
    """The municipality's integrations, by name, with their system users."""
    return (
        Integration.objects.for_municipality(municipality).select_related("user", "created_by").order_by("name", "id")
    )


def cases(
    municipality: Municipality,
    user: User,
    *,
    level: str | None = None,
    phase: str | None = None,
    updated_since: datetime.datetime | None = None,
    case_reference: str | None = None,
    archived: bool = False,
) -> QuerySet[Case]:
    """The municipality's cases at the levels the user may read, filtered, newest first."""
    qs = case_selectors.cases_for(municipality, user).filter(archived=archived)
    if level:
        qs = qs.filter(level=level)
    if phase:
        qs = qs.filter(phase=phase)
    if updated_since is not None:
        qs = qs.filter(updated_at__gte=updated_since)
    if case_reference:
        qs = qs.filter(case_reference__iexact=case_reference)
    return qs.select_related("service_area", "created_by").order_by("-created_at", "-id")


def get_case(municipality: Municipality, pk: int) -> Case:
    """The case, or 404 when it belongs to another municipality (or does not exist)."""
    return case_selectors.get_case(municipality, pk)


def get_alternative(municipality: Municipality, pk: int) -> Alternative:
    """The alternative with its case, or 404 when the case belongs to another municipality."""
    return get_object_or_404(
        Alternative.objects.select_related("case", "case__municipality", "case__service_area"),
        pk=pk,
        case__municipality=municipality,
    )


def alternative_of_municipality(municipality: Municipality, pk: int) -> Alternative | None:
    """An alternative named in a request body: ``None`` unless it belongs to the municipality."""
    return Alternative.objects.filter(pk=pk, case__municipality=municipality).first()


def case_of_municipality(municipality: Municipality, pk: int) -> Case | None:
    """A case named in a request body: ``None`` unless it belongs to the municipality."""
    return Case.objects.filter(pk=pk, municipality=municipality).select_related("municipality").first()


def find_service_area(municipality: Municipality, ref: int | str) -> ServiceArea | None:
    """A service area of the municipality by id, or by name (any case)."""
    qs = ServiceArea.objects.filter(municipality=municipality)
    if isinstance(ref, int):
        return qs.filter(pk=ref).first()
    return qs.filter(name__iexact=ref.strip()).first()


def alternatives(case: Case, *, include_archived: bool = False) -> list[Alternative]:
    """The case's alternatives in order of creation, each with ``assessment_count``."""
    qs = case.alternatives.all() if include_archived else case.alternatives.filter(archived=False)
    return list(qs.annotate(assessment_count=Count("assessments")).order_by("id"))
