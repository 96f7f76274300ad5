"""Fixtures of the økonomiplan's tests."""

from __future__ import annotations

import pytest

from prioritet.accounts.models import Role
from prioritet.budgetplan.demo import CASE_TITLE, add_demo_plan
from prioritet.budgetplan.models import EconomyPlan


@pytest.fixture
def demo(municipality, user_factory):
    """The demo's økonomiplan and the municipal director who prepares it."""
    director = user_factory(role=Role.DIRECTOR, username="demo-direktor")
    add_demo_plan(municipality, {"demo-direktor": director})
    return EconomyPlan.objects.get(case__title=CASE_TITLE), director
