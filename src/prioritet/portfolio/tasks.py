"""Background work of the portfolio app, on Django's tasks framework (``django.tasks``).

With the database-backed backend the task survives a restart and runs on whichever worker
(``manage.py db_worker``) takes it; the web process only queues it. Each task works inside its
record's municipality (``scoped_to``), so PostgreSQL's row-level security holds in the worker too.
"""

from __future__ import annotations

from django.tasks import task

from prioritet.core.tasks import scoped_to

from . import analysis, services
from .models import FrontierAnalysis, MeasureImport, RobustnessAnalysis


@task()
@scoped_to(MeasureImport)
def check_measure_import(import_id: int) -> str:
    """Read and check an uploaded measures file (:func:`prioritet.portfolio.services.check_measure_import`)."""
    record = MeasureImport.objects.select_related("portfolio__municipality").get(pk=import_id)
    return services.check_measure_import(record).status


@task()
@scoped_to(MeasureImport)
def run_measure_import(import_id: int) -> str:
    """Save a confirmed measures file (:func:`prioritet.portfolio.services.run_measure_import`)."""
    record = MeasureImport.objects.select_related("portfolio__case", "created_by").get(pk=import_id)
    return services.run_measure_import(record).status


@task()
@scoped_to(RobustnessAnalysis)
def run_robustness_analysis(analysis_id: int) -> str:
    """Compute a queued robustness analysis (:func:`prioritet.portfolio.analysis.run_robustness`)."""
    return analysis.run_robustness(analysis_id)


@task()
@scoped_to(FrontierAnalysis)
def run_frontier_analysis(analysis_id: int) -> str:
    """Compute a large portfolio's budget levels or optimum (:func:`prioritet.portfolio.analysis.run_stored`)."""
    return analysis.run_stored(analysis_id)
