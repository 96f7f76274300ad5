"""Write logic of implementation and effects: versioned saves with history, the case's rules first."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prioritet.cases.models import Case
from prioritet.core.concurrency import compare_and_swap, edit_versioned, save_with_history
from prioritet.indicators.models import IndicatorDefinition

from . import policy
from .models import ExpectedEffect, Implementation

EFFECT_FIELDS = (
    "description",
    "indicator",
    "indicator_definition",
    "unit",
    "baseline",
    "baseline_period",
    "target",
    "target_period",
    "evaluate_by",
)
EVALUATION_FIELDS = ("realised", "realised_period", "achievement", "learning")
#: What a field left out means: no figure behind the effect, no period given.
OPTIONAL = {"indicator_definition": None, "baseline_period": "", "target_period": "", "realised_period": ""}


def _values(names: tuple[str, ...], fields: dict[str, Any]) -> dict[str, Any]:
    return {name: fields[name] if name in fields or name not in OPTIONAL else OPTIONAL[name] for name in names}


def _check_indicator(case: Case, definition: Any) -> None:
    """An effect is measured by one of the municipality's figures (a national or its own indicator), or none."""
    if (
        definition is not None
        and not IndicatorDefinition.objects.visible_to(case.municipality).filter(pk=definition.pk).exists()
    ):
        raise ValidationError({"indicator_definition": _("Choose one of the municipality's indicators.")})


def _require_write(user: Any, case: Case) -> None:
    if not policy.can_write(user, case):
        raise PermissionDenied(_("Your role cannot record how this case is carried out."))


@transaction.atomic
def save_implementation(case: Case, user: Any, version: int | None, **fields: Any) -> Implementation:
    """Who carries the decision out, from when; ``version`` is the one loaded (None for the first save)."""
    _require_write(user, case)
    existing = Implementation.objects.filter(case=case).first()
    if existing is None:
        implementation = Implementation(case=case, created_by=user, **fields)
    else:
        implementation = compare_and_swap(Implementation, existing.pk, version or 0)
        for name, value in fields.items():
            setattr(implementation, name, value)
    save_with_history(implementation, user)
    return implementation


def add_effect(case: Case, user: Any, **fields: Any) -> ExpectedEffect:
    """An expected effect of the decision; who carries the decision out is recorded first."""
    _require_write(user, case)
    if not Implementation.objects.filter(case=case).exists():
        raise ValidationError(_("Record who carries the decision out, and from when, before its expected effects."))
    values = _values(EFFECT_FIELDS, fields)
    _check_indicator(case, values["indicator_definition"])
    effect = ExpectedEffect(case=case, created_by=user, **values)
    save_with_history(effect, user)
    return effect


@transaction.atomic
def edit_effect(effect: ExpectedEffect, user: Any, version: int, **fields: Any) -> ExpectedEffect:
    _require_write(user, effect.case)
    values = _values(EFFECT_FIELDS, fields)
    _check_indicator(effect.case, values["indicator_definition"])
    return edit_versioned(ExpectedEffect, effect.pk, version, user, values)


@transaction.atomic
def evaluate_effect(effect: ExpectedEffect, user: Any, version: int, **fields: Any) -> ExpectedEffect:
    """Record the realised value, the judgment and what was learnt (a decided case only)."""
    if not policy.can_evaluate(user, effect.case):
        raise PermissionDenied(_("An effect is evaluated once the case is decided, by those who work on it."))
    fresh = compare_and_swap(ExpectedEffect, effect.pk, version)
    for name, value in _values(EVALUATION_FIELDS, fields).items():
        setattr(fresh, name, value)
    fresh.evaluated_at = timezone.now()
    fresh.evaluated_by = user
    save_with_history(fresh, user)
    return fresh
