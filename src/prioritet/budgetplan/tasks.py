"""Background work of the budgetplan app (``django.tasks``, database backend), each in its record's municipality."""

from __future__ import annotations

from django.tasks import task

from prioritet.core.tasks import scoped_to

from . import work
from .models import PlanImport, PlanOptimisation


@task()
@scoped_to(PlanImport)
def check_plan_import(import_id: int) -> str:
    """Read and check an uploaded plan file (:func:`prioritet.budgetplan.work.check_import`)."""
    return work.check_import(PlanImport.objects.get(pk=import_id)).status


@task()
@scoped_to(PlanImport)
def run_plan_import(import_id: int) -> str:
    """Save a confirmed plan file (:func:`prioritet.budgetplan.work.run_import`)."""
    record = PlanImport.objects.select_related("plan__case", "created_by").get(pk=import_id)
    return work.run_import(record).status


@task()
@scoped_to(PlanOptimisation)
def optimise_plan_task(optimisation_id: int) -> str:
    """Compute the optimal plan (:func:`prioritet.budgetplan.work.compute_optimisation`)."""
    record = PlanOptimisation.objects.select_related("plan__municipality").get(pk=optimisation_id)
    return work.compute_optimisation(record).status
