"""Shared test factories for indicators, used by the indicator, public and API tests.

:func:`add_value` stores one yearly figure (a region is a municipality number, a KOSTRA group or a
peer); :func:`make_projection` makes the need projection the projection tests reason about:
80–89 and 90+ over 2025–2027 with the :data:`POPULATION` below.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from prioritet.accounts.models import Municipality, User

from . import services
from .models import IndicatorDefinition, IndicatorValue, NeedProjection, PeriodKind

#: 80–89 and 90+ over 2025–2027: 1 000/1 100/1 200 and 200/220/240 inhabitants.
POPULATION = {"80-89": {"2025": 1000, "2026": 1100, "2027": 1200}, "90+": {"2025": 200, "2026": 220, "2027": 240}}


def add_value(
    municipality: Municipality,
    definition: IndicatorDefinition,
    region: str,
    period: str,
    value: Decimal | None = None,
    status: str = "",
    **fields: Any,
) -> IndicatorValue:
    """One yearly figure; ``fields`` sets the rest (``persons``, ``source``, ``demo`` …)."""
    return IndicatorValue.objects.create(
        municipality=municipality,
        definition=definition,
        region=region,
        period=period,
        period_kind=PeriodKind.YEAR,
        value=value,
        status=status,
        **fields,
    )


def make_projection(municipality: Municipality, user: User, **overrides: Any) -> NeedProjection:
    """Home care over 2025–2027: coverage 25 % (80–89) and 50 % (90+), 0.5 FTE and 400,000 NOK a user."""
    fields = {
        "name": "Hjemmetjenester 2027",
        "service": "Hjemmetjenester",
        "base_year": 2025,
        "end_year": 2027,
        "coverage": {"80-89": 0.25, "90+": 0.5},
        "population": POPULATION,
        "fte_per_user": Decimal("0.5"),
        "cost_per_user": Decimal("400000"),
        "capacity_users": Decimal("350"),
        "budget": Decimal("140000000"),
        **overrides,
    }
    return services.create_projection(municipality, user, **fields)
