"""Read queries of implementation and effects: they never write."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from prioritet.cases.models import Case

from .models import ExpectedEffect, Implementation


def implementation_of(case: Case) -> Implementation | None:
    return Implementation.objects.filter(case=case).first()


def effects_of(case: Case) -> QuerySet[ExpectedEffect]:
    return ExpectedEffect.objects.filter(case=case).select_related("evaluated_by")


def get_effect(case: Case, pk: int) -> ExpectedEffect:
    """The effect of this case (404 for another case's, so a case in reach never opens one out of reach)."""
    return get_object_or_404(ExpectedEffect, case=case, pk=pk)


def overdue(effects: Iterable[ExpectedEffect], today: datetime.date) -> list[ExpectedEffect]:
    """Effects past their evaluation date and not evaluated."""
    return [effect for effect in effects if not effect.evaluated and effect.evaluate_by < today]
