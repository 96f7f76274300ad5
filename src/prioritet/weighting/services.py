"""Every write of the weighting app; reads that create the default version live here too."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from prioritet.engine import Criterion, Weights

from .models import WeightVersion

EQUAL = Decimal(1)


def current_weights(municipality) -> WeightVersion:
    """The municipality's newest weight version; version 1 with equal weights when there is none."""
    latest = WeightVersion.objects.filter(municipality=municipality).order_by("-number").first()
    if latest is not None:
        return latest
    try:
        with transaction.atomic():
            return WeightVersion.objects.create(
                municipality=municipality,
                number=1,
                benefit=EQUAL,
                severity=EQUAL,
                resources=EQUAL,
                reason="Like vekter (standard før kommunen har vedtatt egne vekter)",
            )
    except IntegrityError:  # created by a concurrent request
        return WeightVersion.objects.filter(municipality=municipality).order_by("-number").first()


def create_version(
    municipality,
    user,
    *,
    benefit: Decimal,
    severity: Decimal,
    resources: Decimal,
    reason: str,
    decided_by_body: str,
) -> WeightVersion:
    """Record newly decided weights as the next version (1, 2, …) of the municipality."""
    for attempt in range(3):
        try:
            with transaction.atomic():
                number = (
                    WeightVersion.objects.filter(municipality=municipality).aggregate(n=Max("number"))["n"] or 0
                ) + 1
                version = WeightVersion(
                    municipality=municipality,
                    number=number,
                    benefit=benefit,
                    severity=severity,
                    resources=resources,
                    reason=reason,
                    decided_by_body=decided_by_body,
                    created_by=user,
                )
                version.full_clean(exclude=["municipality", "created_by"])
                if benefit + severity + resources <= 0:
                    raise ValidationError(_("At least one weight must be greater than zero."))
                version._history_user = user
                version.save()
                return version
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def to_engine(version: WeightVersion) -> Weights:
    """The version as the engine's :class:`~prioritet.engine.Weights`."""
    return Weights(
        {
            Criterion.BENEFIT: float(version.benefit),
            Criterion.SEVERITY: float(version.severity),
            Criterion.RESOURCES: float(version.resources),
        }
    )
