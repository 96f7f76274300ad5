"""Read queries of implementation and effects: they never write.

:func:`reading` reads an effect's figure from the indicators (through their selectors, so small
cells stay hidden): the form offers it, and the user confirms it by saving.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from prioritet.cases.models import Case
from prioritet.indicators import selectors as indicators
from prioritet.indicators.citations import source_text
from prioritet.indicators.models import IndicatorDefinition

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


@dataclass(frozen=True)
class Reading:
    """An indicator's figure for the municipality, as a form offers it: the number or the symbol instead."""

    name: str
    period: str
    value: Decimal | None
    status: str
    source: str
    updated: datetime.datetime | None


def reading(case: Case, definition: IndicatorDefinition | None, period: str = "") -> Reading | None:
    """The municipality's own figure of ``definition`` for ``period`` (its latest with a number when empty)."""
    if definition is None:
        return None
    shown = indicators.own_value(case.municipality, definition, period)
    if shown is None:
        return None
    return Reading(
        definition.name,
        shown.period,
        shown.value,
        shown.status,
        source_text(definition.source, definition.ssb_table),
        shown.updated_at,
    )


def effect_initial(case: Case, definition: IndicatorDefinition) -> dict[str, Any]:
    """A new effect measured by ``definition``: its name and unit, the latest value and period as baseline."""
    initial: dict[str, Any] = {
        "indicator_definition": definition,
        "indicator": definition.name,
        "unit": definition.unit,
    }
    latest = reading(case, definition)
    if latest is not None:
        initial |= {"baseline": as_field(latest.value), "baseline_period": latest.period}
    return initial


def as_field(value: Decimal | None) -> Decimal | None:
    """A figure as an effect's value field holds it: two decimals."""
    return None if value is None else value.quantize(Decimal("0.01"))


def realised_reading(effect: ExpectedEffect) -> Reading | None:
    """The effect's indicator for its evaluation period, when it has a figure (a number or a symbol)."""
    return reading(effect.case, effect.indicator_definition, effect.evaluation_period)
