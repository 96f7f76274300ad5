"""Every write of the weighting app."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from prioritet.engine import CRITERIA, Criterion, Weights

from . import policy
from .models import Method, WeightVersion
from .selectors import default_weights

#: Derived weights are stored as percentages with three decimals (the fields hold up to 999.999).
_PERCENT = Decimal("0.001")


def ensure_weights(municipality) -> WeightVersion:
    """The municipality's newest saved version; the default (equal weights) saved as version 1 when
    there is none. For writes that store a reference to the weights (a decision); reads use
    :func:`~.selectors.current_weights`, which saves nothing."""
    latest = WeightVersion.objects.filter(municipality=municipality).order_by("-number").first()
    if latest is not None:
        return latest
    try:
        with transaction.atomic():
            default = default_weights(municipality)
            default.save()
            return default
    except IntegrityError:  # saved by a concurrent request
        return WeightVersion.objects.filter(municipality=municipality).latest("number")


def create_version(
    municipality,
    user,
    *,
    benefit: Decimal,
    severity: Decimal,
    resources: Decimal,
    reason: str,
    decided_by_body: str,
    method: str = Method.DIRECT,
    elicitation: Mapping[str, Any] | None = None,
) -> WeightVersion:
    """Record newly decided weights as the next version (1, 2, …) of the municipality.

    A person recording weights must be one of :data:`~.policy.EDITORS` of that municipality and
    name the body that decided them; ``user=None`` is the system (demo data, tests).
    """
    if user is not None:
        if not policy.can_edit(user, municipality):
            raise PermissionDenied(
                _("Only the municipal director, politicians and the municipal administrator can record weights.")
            )
        if not (decided_by_body or "").strip():
            raise ValidationError({"decided_by_body": _("Name the body that decided the weights.")})
    if method not in Method.values:
        raise ValidationError({"method": _("Unknown method.")})
    for attempt in range(3):
        try:
            with transaction.atomic():
                # The pages showed the unsaved default as version 1: it is saved first, so the new
                # weights are version 2 and the history says what came before them.
                ensure_weights(municipality)
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
                    method=method,
                    elicitation=dict(elicitation or {}),
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


def as_percentages(weights: Weights) -> dict[str, Decimal]:
    """Engine weights as percentages with three decimals, for a :class:`WeightVersion`'s fields.

    Rounded so that they add up to exactly 100 (the largest share takes the rounding remainder).
    """
    vector = weights.vector(CRITERIA)
    values = {
        c.value: (Decimal(repr(float(w))) * 100).quantize(_PERCENT, rounding=ROUND_HALF_EVEN)
        for c, w in zip(CRITERIA, vector, strict=True)
    }
    largest = max(values, key=lambda k: values[k])
    values[largest] += Decimal(100) - sum(values.values())
    return values


def unsaved_version(municipality, weights: Weights) -> WeightVersion:
    """A proposed version, not saved: what a judgment under ``weights`` would use."""
    values = as_percentages(weights)
    return WeightVersion(municipality=municipality, number=0, **values)
