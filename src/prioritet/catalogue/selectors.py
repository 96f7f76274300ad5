"""Reading the catalogue: the municipality's entries, searched and filtered."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from prioritet.portfolio.models import Portfolio

from .models import CatalogueEntry


def entries(municipality, *, query: str = "", service_area=None, archived: bool = False) -> QuerySet[CatalogueEntry]:
    """The municipality's entries whose name or description holds ``query``, in name order."""
    qs = CatalogueEntry.objects.for_municipality(municipality).filter(archived=archived).select_related("service_area")
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(description__icontains=query))
    if service_area is not None:
        qs = qs.filter(service_area=service_area)
    return qs.order_by("name", "id")


def portfolio_of(case) -> Portfolio | None:
    """The case's budget portfolio, which an entry can be taken into as a measure (``None``: it has none)."""
    return Portfolio.objects.filter(case=case).first()
