"""The demo municipality's annual wheel: the economic plan and budget with the usual budget calendar."""

from __future__ import annotations

import datetime
from collections.abc import Mapping

from django.utils import timezone

from prioritet.accounts.models import Municipality, User
from prioritet.cases.models import Case, Level

from . import services
from .models import CasePlan, PlanKind, PlanPeriod

#: (month, day, name, description) of the budget calendar, in the year before the budget year.
BUDGET_CALENDAR = (
    (3, 15, "Budsjettkonferanse", "Kommunedirektørens ledergruppe og hovedutvalgene drøfter utfordringsbildet."),
    (6, 15, "Rammesak i kommunestyret", "Rammene for neste års budsjett og økonomiplan vedtas."),
    (10, 15, "Kommunedirektørens forslag", "Forslag til budsjett og økonomiplan legges fram."),
    (12, 15, "Vedtak i kommunestyret", "Budsjett og økonomiplan vedtas."),
)


def add_demo_plans(municipality: Municipality, users: Mapping[str, User]) -> None:
    """Next year's budget and economic plan with their milestones; the demo's service and political cases feed them.

    Idempotent like ``load_demo``: a municipality that has its plans already is left as it is.
    """
    if PlanPeriod.objects.for_municipality(municipality).exists():
        return
    director = users["demo-direktor"]
    year = timezone.localdate().year + 1
    budget = services.create_plan(
        municipality, director, kind=PlanKind.ANNUAL_BUDGET, name=f"Budsjett {year}", first_year=year, last_year=year
    )
    services.create_plan(
        municipality,
        director,
        kind=PlanKind.ECONOMIC_PLAN,
        name=f"Økonomiplan {year}–{year + 3}",
        first_year=year,
        last_year=year + 3,
    )
    milestones = [
        services.add_milestone(
            budget, director, name=name, due=datetime.date(year - 1, month, day), description=description
        )
        for month, day, name, description in BUDGET_CALENDAR
    ]
    today = timezone.localdate()
    upcoming = next((milestone for milestone in milestones if milestone.due >= today), milestones[-1])
    for case in Case.objects.for_municipality(municipality).filter(level__in=[Level.SERVICE, Level.POLITICAL]):
        if not CasePlan.objects.filter(case=case).exists():
            services.link_case(case, director, budget, upcoming, None)
