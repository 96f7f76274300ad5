"""Reads of the budgetplan app: no writes."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from prioritet.accounts.models import Municipality

from .models import (
    BudgetQuestion,
    EconomyPlan,
    PlanAlternative,
    PlanImport,
    PlanInnstilling,
    PlanMeasure,
    PlanOptimisation,
    QuestionStatus,
)


def plan_for_case(case) -> EconomyPlan | None:
    return EconomyPlan.objects.filter(case=case, municipality_id=case.municipality_id).first()


def measures(plan: EconomyPlan) -> list[PlanMeasure]:
    return list(PlanMeasure.objects.filter(plan=plan, municipality_id=plan.municipality_id))


def measure(plan: EconomyPlan, pk: int) -> PlanMeasure:
    return get_object_or_404(PlanMeasure.objects.filter(plan=plan, municipality_id=plan.municipality_id), pk=pk)


def plan_import(municipality: Municipality, plan: EconomyPlan, pk: int) -> PlanImport:
    return get_object_or_404(PlanImport.objects.for_municipality(municipality).filter(plan=plan).defer("data"), pk=pk)


def current_optimisation(plan: EconomyPlan, fingerprint: str) -> PlanOptimisation | None:
    """The newest optimisation of the plan's inputs as they are now (``fingerprint``): one of
    earlier inputs is no longer the optimum and is not shown."""
    return PlanOptimisation.objects.filter(
        plan=plan, municipality_id=plan.municipality_id, fingerprint=fingerprint
    ).first()


def plan_weights(plan: EconomyPlan) -> dict[str, float]:
    """The municipality's current weights for a plan's value: benefit and severity (a read)."""
    from prioritet.engine import VALUE_CRITERIA
    from prioritet.weighting.selectors import current_weights
    from prioritet.weighting.services import to_engine

    full = to_engine(current_weights(plan.municipality))
    return {c: float(w) for c, w in full.values.items() if c in VALUE_CRITERIA}


def innstilling(plan: EconomyPlan) -> PlanInnstilling | None:
    return (
        PlanInnstilling.objects.filter(plan=plan, municipality_id=plan.municipality_id)
        .select_related("alternative__party_group")
        .first()
    )


def submitted_alternatives(plan: EconomyPlan) -> list[PlanAlternative]:
    return list(
        PlanAlternative.objects.filter(
            plan=plan, municipality_id=plan.municipality_id, submitted_at__isnull=False
        ).select_related("party_group")
    )


def published_innstilling(slug: str, plan_pk: int) -> PlanInnstilling:
    """The published innstilling of plan ``plan_pk`` in the municipality with ``slug`` (404 otherwise)."""
    return get_object_or_404(
        PlanInnstilling.objects.select_related("municipality").filter(
            municipality__slug=slug, published_at__isnull=False
        ),
        plan_id=plan_pk,
    )


def published_innstillinger(municipality: Municipality) -> list[PlanInnstilling]:
    """The municipality's published innstillinger, the soonest council meeting first."""
    return list(
        PlanInnstilling.objects.for_municipality(municipality)
        .filter(published_at__isnull=False)
        .order_by("meeting_date", "-published_at")[:20]
    )


# Budget questions ---------------------------------------------------------------------------------

#: The filters of the list of budget questions: a status, «published» or «overdue» (not answered by the due date).
QUESTION_FILTERS = ("asked", "assigned", "answered", "approved", "published", "overdue")
#: How many published answers the public page lists (newest first).
PUBLIC_QUESTIONS = 50


def questions(plan: EconomyPlan, which: str = "", today: datetime.date | None = None) -> QuerySet[BudgetQuestion]:
    """The plan's budget questions in number order, narrowed by one of :data:`QUESTION_FILTERS` (or all)."""
    found = BudgetQuestion.objects.filter(plan=plan, municipality_id=plan.municipality_id).select_related(
        "party_group", "assignee", "created_by"
    )
    if which == "published":
        return found.filter(published_at__isnull=False)
    if which == "overdue":
        return found.filter(
            due_date__lt=today or timezone.localdate(), status__in=(QuestionStatus.ASKED, QuestionStatus.ASSIGNED)
        )
    if which in QuestionStatus.values:
        return found.filter(status=which)
    return found


def question(plan: EconomyPlan, pk: int) -> BudgetQuestion:
    found = get_object_or_404(
        BudgetQuestion.objects.filter(plan=plan, municipality_id=plan.municipality_id).select_related(
            "party_group", "assignee", "created_by", "answered_by", "approved_by", "assigned_by", "published_by"
        ),
        pk=pk,
    )
    found.plan = plan
    return found


def approved_questions(plan: EconomyPlan) -> list[BudgetQuestion]:
    """The questions whose answers are approved: the saksframlegg lists them with their answers."""
    return list(questions(plan, QuestionStatus.APPROVED))


def answerers(municipality: Any) -> QuerySet[Any]:
    """Who can be given a question to answer: the municipality's active staff."""
    from prioritet.accounts.models import User

    from .policy import ANSWER_ROLES

    return User.objects.filter(municipality=municipality, role__in=ANSWER_ROLES, is_active=True).order_by(
        "last_name", "first_name", "username"
    )


def published_questions(municipality: Any) -> list[BudgetQuestion]:
    """The municipality's published answers, newest first, for its public page (one query)."""
    return list(
        BudgetQuestion.objects.for_municipality(municipality)
        .filter(published_at__isnull=False, status=QuestionStatus.APPROVED)
        .select_related("plan", "party_group")
        .order_by("-published_at", "-id")[:PUBLIC_QUESTIONS]
    )


def public_listing(municipality: Any) -> dict[str, Any] | None:
    """The public page's list of published budget questions and answers, or None when there are none."""
    found = published_questions(municipality)
    return {"questions": found} if found else None
