"""Reads of the weighting app, every one scoped to a municipality."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, QuerySet
from django.shortcuts import get_object_or_404

from .models import DEFAULT_REASON, WeightVersion

EQUAL = Decimal(1)


def default_weights(municipality) -> WeightVersion:
    """Equal weights as version 1, not saved (``pk`` and ``created_at`` are None): what a municipality
    uses until it records weights of its own. :func:`~.services.ensure_weights` saves it."""
    return WeightVersion(
        municipality=municipality, number=1, benefit=EQUAL, severity=EQUAL, resources=EQUAL, reason=DEFAULT_REASON
    )


def current_weights(municipality) -> WeightVersion:
    """The municipality's newest saved version, or the unsaved default (equal weights, version 1).

    A read: it writes nothing. A write that stores a reference to the weights (a decision) asks
    :func:`~.services.ensure_weights` for a saved version instead.
    """
    latest = WeightVersion.objects.filter(municipality=municipality).order_by("-number").first()
    return latest if latest is not None else default_weights(municipality)


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
