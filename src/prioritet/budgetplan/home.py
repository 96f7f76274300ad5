"""The budgetplan app's panel on the working home page: the budget questions the user is to answer,
soonest due date first, so the person an answer is assigned to sees it and its deadline."""

from __future__ import annotations

import datetime
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from prioritet.core.home import HomeItem, HomePanel, first_items

from . import policy
from .models import BudgetQuestion, QuestionStatus


def questions_to_answer(user: Any, today: datetime.date) -> HomePanel | None:
    """The questions assigned to ``user`` and not yet answered; None when there are none."""
    if not getattr(user, "municipality_id", None) or user.role not in policy.ANSWER_ROLES:
        return None
    rows = (
        BudgetQuestion.objects.for_municipality(user.municipality)
        .filter(assignee=user, status=QuestionStatus.ASSIGNED)
        .select_related("plan")
        .order_by("due_date", "id")
    )
    items, count = first_items(
        rows,
        lambda q: HomeItem(
            q.title,
            reverse("budgetplan:question", args=[q.plan.case_id, q.pk]),
            q.due_date,
            _("Budget question %(number)s, economic plan %(first)s–%(last)s")
            % {"number": q.number, "first": q.plan.first_year, "last": q.plan.last_year},
        ),
    )
    if not count:
        return None
    return HomePanel("budget_questions", gettext_lazy("Budget questions for you to answer"), items=items, count=count)
