"""What the annual wheel adds to a case: the plan it feeds (case page, saksframlegg, public page) and history."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from prioritet.cases.extensions import Place
from prioritet.cases.models import Case
from prioritet.cases.selectors import history_entries
from prioritet.cases.timeline import TimelineEntry
from prioritet.core.home import HomeItem, HomePanel, first_items

from . import policy, selectors
from .models import CasePlan, Milestone, PlanPeriod


def plan_section(case: Case, user: Any, place: Place) -> dict[str, Any] | None:
    """The plan and milestone the case feeds, once it is tied to one (the case page's link ties it)."""
    if not policy.feeds_plan(case):
        return None
    link = selectors.plan_of(case)
    if link is None:
        return None
    return {"link": link, "case_pk": case.pk, "can_link": user is not None and policy.can_link(user, case)}


def timeline(case: Case) -> list[TimelineEntry]:
    records = list(CasePlan.history.filter(case_id=case.pk).select_related("history_user"))
    if not records:
        return []
    plan_ids = {r.plan_id for r in records}
    milestone_ids = {r.milestone_id for r in records if r.milestone_id}
    names = {
        (PlanPeriod._meta.label, pk): name
        for pk, name in PlanPeriod.objects.filter(pk__in=plan_ids).values_list("pk", "name")
    }
    names |= {(Milestone._meta.label, m.pk): str(m) for m in Milestone.objects.filter(pk__in=milestone_ids)}
    return history_entries(records, CasePlan, lambda r: _("Plan process"), names)


#: How far ahead the home page looks in the annual wheel.
MILESTONES_AHEAD = datetime.timedelta(weeks=6)


def milestones_home(user: Any, today: datetime.date) -> HomePanel | None:
    """The annual wheel's milestones in the next six weeks: the municipality's, for those who see the wheel."""
    if not policy.can_view(user):
        return None
    ahead = selectors.milestones(user.municipality).filter(due__gte=today, due__lte=today + MILESTONES_AHEAD)
    calendar = reverse("planning:calendar")
    items, count = first_items(
        ahead,
        lambda milestone: HomeItem(
            milestone.name, f"{calendar}#milestone-{milestone.pk}", milestone.due, milestone.plan.name
        ),
    )
    return HomePanel(
        "milestones",
        _("Milestones in the next six weeks"),
        items=items,
        count=count,
        more_url=calendar,
        empty=_("No milestone in the annual wheel in the next six weeks."),
        order=60,
    )
