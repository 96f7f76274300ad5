from __future__ import annotations

import datetime

import pytest

from prioritet.cases import services as case_services
from prioritet.cases.models import Level
from prioritet.planning import services
from prioritet.planning.models import PlanKind


@pytest.fixture
def budget(municipality, director):
    return services.create_plan(
        municipality, director, kind=PlanKind.ANNUAL_BUDGET, name="Budsjett 2027", first_year=2027, last_year=2027
    )


@pytest.fixture
def proposal(budget, director):
    return services.add_milestone(budget, director, name="Kommunedirektørens forslag", due=datetime.date(2026, 10, 15))


@pytest.fixture
def service_case(leader):
    return case_services.create_case(
        leader.municipality, leader, no_action_consequence="Ventetiden øker.", level=Level.SERVICE, title="Dagsenter"
    )
