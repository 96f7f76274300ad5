"""What implementation and effects add to a case: a section (case page, saksframlegg, public page) and history."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from prioritet.cases import policy as case_policy
from prioritet.cases import selectors as case_selectors
from prioritet.cases.extensions import DueItem, Place
from prioritet.cases.models import Case
from prioritet.cases.selectors import history_entries
from prioritet.cases.timeline import TimelineEntry
from prioritet.core.home import PANEL_ITEMS, HomeItem, HomePanel, counting

from . import policy, selectors
from .models import ExpectedEffect, Implementation


def effects_section(case: Case, user: Any, place: Place) -> dict[str, Any] | None:
    if not policy.applies(case):
        return None
    # Effects come after the implementation is recorded, so a case without one costs one query here.
    implementation = selectors.implementation_of(case)
    if implementation is None:
        return None
    effects = list(selectors.effects_of(case))
    return {
        "implementation": implementation,
        "effects": effects,
        "overdue": {
            effect.pk for effect in effects if not effect.evaluated and effect.evaluate_by < timezone.localdate()
        },
        "case_pk": case.pk,
    }


def timeline(case: Case) -> list[TimelineEntry]:
    implementation = list(Implementation.history.filter(case_id=case.pk).select_related("history_user"))
    effects = list(ExpectedEffect.history.filter(case_id=case.pk).select_related("history_user"))
    entries = history_entries(implementation, Implementation, lambda r: _("Implementation"))
    entries += history_entries(
        effects, ExpectedEffect, lambda r: _("Expected effect «%(effect)s»") % {"effect": r.description}
    )
    return entries


def implementation_recorded(case: Case) -> bool:
    implementation = selectors.implementation_of(case)
    return (
        implementation is not None and bool(implementation.responsible_unit.strip()) and bool(implementation.start_date)
    )


def effects_expected(case: Case) -> bool:
    return ExpectedEffect.objects.filter(case=case).exists()


def effects_evaluated(case: Case) -> bool:
    """Every expected effect has its realised value, judgment and what was learnt (and there is one)."""
    effects = list(selectors.effects_of(case))
    return bool(effects) and all(
        effect.realised is not None and effect.achievement and effect.learning.strip() for effect in effects
    )


def due_effects(cases: QuerySet[Case], until: datetime.date) -> QuerySet[ExpectedEffect]:
    """The expected effects of ``cases`` not evaluated whose date is at or before ``until``."""
    return ExpectedEffect.objects.filter(case__in=cases, achievement="", evaluate_by__lte=until)


def due_evaluations(cases: QuerySet[Case], until: datetime.date) -> list[DueItem]:
    """Expected effects not evaluated whose date is at or before ``until``, one item each."""
    effects = due_effects(cases, until).select_related("case").order_by("evaluate_by", "id")
    return [
        DueItem(
            effect.case,
            "evaluation",
            _("Evaluation of «%(effect)s»") % {"effect": effect.description},
            effect.evaluate_by,
        )
        for effect in effects
    ]


def lessons(case: Case) -> list[str]:
    """What was learnt from each evaluated effect, as «effect: learning»."""
    return [
        f"{effect.description}: {effect.learning.strip()}"
        for effect in selectors.effects_of(case)
        if effect.evaluated and effect.learning.strip()
    ]


#: How far ahead the home page looks for evaluations (the overview counts the overdue ones).
EVALUATIONS_AHEAD = datetime.timedelta(days=30)


def evaluations_home(user: Any, today: datetime.date) -> HomePanel | None:
    """The evaluations due within 30 days (or overdue) in the cases the user may evaluate: the same
    items as the overview and the reminders (:func:`due_evaluations`)."""
    levels = [level for level in case_policy.workable_levels(user) if level in policy.LEVELS]
    if not levels:
        return None
    cases = case_selectors.cases_for(user.municipality, user).filter(level__in=levels, archived=False)
    if counting():
        items, count = [], due_effects(cases, today + EVALUATIONS_AHEAD).count()
    else:
        due = due_evaluations(cases, today + EVALUATIONS_AHEAD)
        items = [
            HomeItem(item.label, reverse("effects:for_case", args=[item.case.pk]), item.due, item.case.title)
            for item in due[:PANEL_ITEMS]
        ]
        count = len(due)
    return HomePanel(
        "evaluations",
        _("Evaluations due"),
        items=items,
        count=count,
        empty=_("No expected effect is due for evaluation within 30 days."),
        order=40,
    )
