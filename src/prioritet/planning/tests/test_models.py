from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from prioritet.planning import services
from prioritet.planning.models import PlanKind


@pytest.mark.parametrize(
    ("kind", "first", "last", "field"),
    [
        (PlanKind.ECONOMIC_PLAN, 2027, 2029, "last_year"),
        (PlanKind.ANNUAL_BUDGET, 2027, 2028, "last_year"),
        (PlanKind.SECTOR_PLAN, 2027, 2026, "last_year"),
        (PlanKind.MUNICIPAL_PLAN, 2027, 2040, "last_year"),
        (PlanKind.SECTOR_PLAN, 1899, 1900, "first_year"),
    ],
)
def test_a_plan_period_that_does_not_fit_its_kind_is_refused(municipality, director, kind, first, last, field):
    with pytest.raises(ValidationError) as error:
        services.create_plan(municipality, director, kind=kind, name="Plan", first_year=first, last_year=last)
    assert field in error.value.message_dict


def test_an_economic_plan_covers_four_years(municipality, director):
    plan = services.create_plan(
        municipality, director, kind=PlanKind.ECONOMIC_PLAN, name="Økonomiplan", first_year=2027, last_year=2030
    )
    assert plan.years == "2027–2030"
    assert plan.history.count() == 1


def test_a_case_cannot_point_at_a_milestone_of_another_plan(municipality, director, budget, proposal, service_case):
    other = services.create_plan(
        municipality, director, kind=PlanKind.SECTOR_PLAN, name="Helseplan", first_year=2027, last_year=2030
    )
    with pytest.raises(ValidationError) as error:
        services.link_case(service_case, director, other, proposal, None)
    assert "milestone" in error.value.message_dict
