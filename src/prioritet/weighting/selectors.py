"""Reads of the weighting app, every one scoped to a municipality."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from .models import WeightVersion


def versions_for(municipality) -> QuerySet[WeightVersion]:
    return WeightVersion.objects.filter(municipality=municipality).select_related("created_by").order_by("-number")


def history(municipality) -> QuerySet[WeightVersion]:
    """Every version, newest first, with who recorded it and how many decisions used it."""
    return versions_for(municipality).annotate(decision_count=Count("decisions"))


def get_version(municipality, number: int) -> WeightVersion:
    """The version by its number, or 404 (also for another municipality's)."""
    return get_object_or_404(versions_for(municipality), number=number)


def decisions_using(version: WeightVersion) -> int:
    """How many decisions were made with this version (read through the relation: cases sit above weighting)."""
    return version.decisions.count()
