"""Write logic of implementation and effects: versioned saves with history, the case's rules first."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prioritet.cases.models import Case
from prioritet.core.concurrency import compare_and_swap, save_with_history

from . import policy
from .models import ExpectedEffect, Implementation

EFFECT_FIELDS = ("description", "indicator", "unit", "baseline", "target", "evaluate_by")
EVALUATION_FIELDS = ("realised", "achievement", "learning")


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
    effect = ExpectedEffect(case=case, created_by=user, **{name: fields[name] for name in EFFECT_FIELDS})
    save_with_history(effect, user)
    return effect


@transaction.atomic
def edit_effect(effect: ExpectedEffect, user: Any, version: int, **fields: Any) -> ExpectedEffect:
    _require_write(user, effect.case)
    fresh = compare_and_swap(ExpectedEffect, effect.pk, version)
    for name in EFFECT_FIELDS:
        setattr(fresh, name, fields[name])
    save_with_history(fresh, user)
    return fresh


@transaction.atomic
def evaluate_effect(effect: ExpectedEffect, user: Any, version: int, **fields: Any) -> ExpectedEffect:
    """Record the realised value, the judgment and what was learnt (a decided case only)."""
    if not policy.can_evaluate(user, effect.case):
        raise PermissionDenied(_("An effect is evaluated once the case is decided, by those who work on it."))
    fresh = compare_and_swap(ExpectedEffect, effect.pk, version)
    for name in EVALUATION_FIELDS:
        setattr(fresh, name, fields[name])
    fresh.evaluated_at = timezone.now()
    fresh.evaluated_by = user
    save_with_history(fresh, user)
    return fresh
