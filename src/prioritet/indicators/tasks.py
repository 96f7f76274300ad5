"""Background work of the indicators: refreshing a municipality's SSB tables, checking and saving imports."""

from __future__ import annotations

from django.tasks import task

from prioritet.core.tasks import scoped_to

from . import imports, services
from .models import IndicatorImport, PeerGroup


@task()
@scoped_to(PeerGroup)
def refresh_indicators(group_id: int) -> str:
    """Fetch the municipality's followed SSB tables (:func:`prioritet.indicators.services.refresh`)."""
    group = PeerGroup.objects.select_related("municipality").get(pk=group_id)
    result = services.refresh(group)
    if result.skipped:
        return "off"
    return f"{len(result.fetched)} fetched, {len(result.failed)} failed"


@task()
@scoped_to(IndicatorImport)
def check_indicator_import(import_id: int) -> str:
    """Read and check an uploaded file of figures (:func:`prioritet.indicators.imports.check_import`)."""
    record = IndicatorImport.objects.select_related("municipality", "definition").get(pk=import_id)
    return imports.check_import(record).status


@task()
@scoped_to(IndicatorImport)
def run_indicator_import(import_id: int) -> str:
    """Save a confirmed file of figures (:func:`prioritet.indicators.imports.run_import`)."""
    record = IndicatorImport.objects.select_related("municipality").get(pk=import_id)
    return imports.run_import(record).status
