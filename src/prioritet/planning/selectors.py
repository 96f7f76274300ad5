"""Read queries of the annual wheel: they never write."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from prioritet.accounts.models import Municipality
from prioritet.accounts.tenancy import get_for_municipality_or_404
from prioritet.cases.models import Case, Status

from .models import CalendarFeed, CasePlan, Milestone, PlanPeriod


def plan_periods(municipality: Municipality | None) -> QuerySet[PlanPeriod]:
    return PlanPeriod.objects.for_municipality(municipality).prefetch_related("milestones")


def get_plan(municipality: Municipality | None, pk: int) -> PlanPeriod:
    return get_for_municipality_or_404(PlanPeriod, municipality, pk=pk)


def get_milestone(municipality: Municipality | None, pk: int) -> Milestone:
    return get_for_municipality_or_404(Milestone.objects.select_related("plan"), municipality, pk=pk)


def milestones(municipality: Municipality | None) -> QuerySet[Milestone]:
    return Milestone.objects.for_municipality(municipality).select_related("plan").order_by("due", "id")


def plan_of(case: Case) -> CasePlan | None:
    return CasePlan.objects.select_related("plan", "milestone").filter(case=case).first()


@dataclass(frozen=True)
class CalendarEntry:
    """A milestone on the calendar page with the cases that feed it (those the user may read)."""

    milestone: Milestone
    cases: list[Case]
    overdue: bool


def calendar(
    municipality: Municipality, readable: QuerySet[Case], *, today: datetime.date, since: datetime.date
) -> list[CalendarEntry]:
    """Milestones from ``since`` on, soonest first, each with the cases (of ``readable``) feeding it.

    A milestone is overdue when its date has passed while a case feeding it is still open.

    A case tied to a plan but to no milestone is listed under the plan's next milestone, so a case
    that feeds the budget shows up before the budget is decided.
    """
    links = CasePlan.objects.filter(case__in=readable).select_related("case")
    milestones = list(
        Milestone.objects.for_municipality(municipality)
        .filter(due__gte=since)
        .select_related("plan")
        .prefetch_related(Prefetch("case_links", queryset=links, to_attr="feeding"))
        .order_by("due", "id")
    )
    unplaced: dict[int, list[Case]] = {}
    for link in links.filter(milestone__isnull=True):
        unplaced.setdefault(link.plan_id, []).append(link.case)
    entries = []
    for milestone in milestones:
        cases = [link.case for link in milestone.feeding]
        if milestone.due >= today and milestone.plan_id in unplaced:
            cases += unplaced.pop(milestone.plan_id)
        still_open = any(case.status == Status.OPEN for case in cases)
        cases.sort(key=lambda case: (case.title, case.pk))
        entries.append(CalendarEntry(milestone, cases, overdue=milestone.due < today and still_open))
    return entries


def feed_of(municipality: Municipality | None) -> CalendarFeed | None:
    if municipality is None:
        return None
    return CalendarFeed.objects.filter(municipality=municipality).first()


def feed_by_token(token: str) -> CalendarFeed | None:
    return CalendarFeed.objects.select_related("municipality").filter(token=token).first()
