"""The cases app's panels on the home page: what waits for the user in the cases they work on.

Four panels, each from the cases' own data (there is no assignment of a case to a person, so «mine»
is what the data says): cases awaiting the user's assessment, the user's own cases in their phase
work, reassessments due, and the political cases before the municipal director (awaiting the
innstilling) or a politician (awaiting the vedtak). Only the levels the user works at (or decides,
for a politician) are read.

Like the case list, a panel lists cases without writing the access log (a list is not a read of a
case), so an individual case is shown only by its pseudonymous reference and service area: no title,
no description, nothing a person wrote.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, F, Max, Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prioritet.accounts.models import Role
from prioritet.core.home import HomeItem, HomePanel, first_items

from . import policy, selectors
from .models import Case, Level, Status


def case_label(case: Case) -> str:
    """How a list names a case: an individual case by its pseudonymous reference only, others by title."""
    return case.list_label


def case_item(case: Case, *, due: datetime.date | None = None, detail: str = "", anchor: str = "") -> HomeItem:
    """A case as a task: its label, its page and the service area (with ``detail`` after it)."""
    area = case.service_area.name if case.service_area_id and case.service_area else ""
    url = reverse("cases:detail", args=[case.pk]) + (f"#{anchor}" if anchor else "")
    return HomeItem(case_label(case), url, due, " · ".join(part for part in (area, detail) if part))


def _work_cases(user: Any) -> QuerySet[Case] | None:
    levels = policy.workable_levels(user)
    if not levels:
        return None
    return (
        selectors.cases_for(user.municipality, user)
        .filter(level__in=levels, archived=False)
        .select_related("service_area")
    )


def awaiting_assessment(user: Any, today: datetime.date) -> HomePanel | None:
    """Open cases at the user's levels with an alternative (besides the no-action one) the user has not assessed."""
    cases = _work_cases(user)
    if cases is None:
        return None
    waiting = (
        cases.filter(status=Status.OPEN)
        .annotate(
            alternatives_open=Count("alternatives", filter=Q(alternatives__archived=False), distinct=True),
            measures=Count(
                "alternatives", filter=Q(alternatives__archived=False, alternatives__kind="measure"), distinct=True
            ),
            assessed=Count(
                "alternatives__assessments",
                filter=Q(alternatives__archived=False, alternatives__assessments__assessor=user),
                distinct=True,
            ),
        )
        .filter(measures__gt=0, alternatives_open__gt=F("assessed"))
        .order_by("created_at", "id")
    )
    items, count = first_items(
        waiting, lambda case: case_item(case, detail=case.get_phase_display(), anchor="alternatives")
    )
    return HomePanel(
        "cases-assess",
        gettext_lazy("Cases awaiting your assessment"),
        items=items,
        count=count,
        more_url=reverse("cases:list"),
        empty=gettext_lazy("You have assessed every alternative of the open cases at your level."),
        order=10,
    )


def own_cases(user: Any, today: datetime.date) -> HomePanel | None:
    """The cases the user carries, not archived, in their current phase: the individual cases they are
    the responsible caseworker of, and the other cases they created."""
    cases = _work_cases(user)
    if cases is None:
        return None
    responsible = Q(level=Level.INDIVIDUAL, team_members__user=user, team_members__responsible=True)
    mine = cases.filter(responsible | (~Q(level=Level.INDIVIDUAL) & Q(created_by=user))).order_by("-updated_at", "-id")
    items, count = first_items(mine, lambda case: case_item(case, detail=case.get_phase_display(), anchor="phase"))
    return HomePanel(
        "cases-mine",
        gettext_lazy("Your cases and their phase"),
        items=items,
        count=count,
        more_url=reverse("cases:list"),
        empty=gettext_lazy("You have no cases under way."),
        order=20,
    )


def reassessments_due(user: Any, today: datetime.date) -> HomePanel | None:
    """Decided cases at the user's levels whose reassessment is due within 30 days or overdue."""
    levels = policy.workable_levels(user)
    if not levels:
        return None
    due = selectors.due_for_reassessment(user.municipality, user, today=today).filter(level__in=levels)
    items, count = first_items(due, lambda case: case_item(case, due=case.reassessment_due, anchor="decision"))
    return HomePanel(
        "cases-reassess",
        gettext_lazy("Reassessments due"),
        items=items,
        count=count,
        more_url=reverse("cases:due"),
        empty=gettext_lazy("No reassessment is due within 30 days."),
        order=30,
    )


def political_cases(user: Any, today: datetime.date) -> HomePanel | None:
    """Open political cases before the user: the director's awaiting an innstilling, a politician's a vedtak.

    An innstilling counts when it was made after the case was last reopened for reassessment, as in
    :func:`prioritet.cases.selectors.current_recommendation`.
    """
    if user.role not in (Role.DIRECTOR, Role.POLITICIAN) or Level.POLITICAL not in policy.readable_levels(user):
        return None
    recommended = Q(last_recommended__isnull=False) & (
        Q(last_reopened__isnull=True) | Q(last_recommended__gt=F("last_reopened"))
    )
    cases = (
        selectors.cases_for(user.municipality, user)
        .filter(level=Level.POLITICAL, status=Status.OPEN, archived=False)
        .annotate(
            last_recommended=Max("recommendations__recommended_at"), last_reopened=Max("reassessments__started_at")
        )
        .select_related("service_area")
        .order_by("created_at", "id")
    )
    if user.role == Role.DIRECTOR:
        waiting = cases.exclude(recommended)
        title, empty = _("Political cases awaiting your innstilling"), _("No political case awaits an innstilling.")
        anchor = "recommendation"
    else:
        waiting = cases.filter(recommended)
        title, empty = _("Political cases awaiting the vedtak"), _("No political case awaits a vedtak.")
        anchor = "decision"
    items, count = first_items(waiting, lambda case: case_item(case, detail=case.get_phase_display(), anchor=anchor))
    return HomePanel(
        "cases-political",
        title,
        items=items,
        count=count,
        more_url=reverse("cases:list") + f"?level={Level.POLITICAL}",
        empty=empty,
        order=5,
    )


def emergency_accesses(user: Any, today: datetime.date) -> HomePanel | None:
    """A leader's emergency accesses to review: those to individual cases of their service areas that no
    leader has acknowledged yet (:func:`selectors.grants_to_review`)."""
    if not policy.can_review_access(user):
        return None
    waiting = selectors.grants_to_review(user.municipality, user, acknowledged=False)

    def item(grant: Any) -> HomeItem:
        who = grant.user.get_full_name() or grant.user.get_username()
        return HomeItem(
            f"#{grant.case_id} {grant.case.list_label}",
            reverse("cases:access_reviews"),
            None,
            f"{who} · {grant.get_reason_display()}",
        )

    items, count = first_items(waiting, item)
    return HomePanel(
        "cases-emergency-access",
        gettext_lazy("Emergency accesses to review"),
        items=items,
        count=count,
        more_url=reverse("cases:access_reviews"),
        empty=gettext_lazy("No emergency access waits for your review."),
        order=8,
    )
