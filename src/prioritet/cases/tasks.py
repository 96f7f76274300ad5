"""Background work of the cases app: the consistency report's model fit (statsmodels), which may take
seconds on a large service, so it never runs in a request."""

from __future__ import annotations

from django.tasks import task

from prioritet.core.tasks import scoped_to

from . import consistency
from .models import ConsistencyReport


@task()
@scoped_to(ConsistencyReport)
def compute_consistency(report_id: int) -> str:
    """Fit the report's model and store the result (:func:`prioritet.cases.consistency.compute`)."""
    report = ConsistencyReport.objects.select_related("municipality").get(pk=report_id)
    if not report.start():
        return report.status
    try:
        result = consistency.compute(report)
    except Exception as err:  # the row must say it failed; the worker logs the traceback
        report.fail(result={"error": type(err).__name__})
        raise
    report.finish(result=result)
    return report.status
