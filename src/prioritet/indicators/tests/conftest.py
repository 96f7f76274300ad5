"""The national starter definitions most indicator tests use."""

from __future__ import annotations

import pytest

from prioritet.indicators.models import IndicatorDefinition


@pytest.fixture
def coverage(db) -> IndicatorDefinition:
    """Nursing-home coverage of those 80 and over (SSB's KOSTRA figure)."""
    return IndicatorDefinition.objects.get(owner=None, key="nursing_home_80")


@pytest.fixture
def cost(db) -> IndicatorDefinition:
    """Cost per user (the starter definition `cost_per_user`)."""
    return IndicatorDefinition.objects.get(owner=None, key="cost_per_user")
