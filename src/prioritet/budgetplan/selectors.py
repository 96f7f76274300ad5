"""Reads of the budgetplan app: no writes."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from prioritet.accounts.models import Municipality

from .models import EconomyPlan, PlanAlternative, PlanImport, PlanInnstilling, PlanMeasure, PlanOptimisation


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
