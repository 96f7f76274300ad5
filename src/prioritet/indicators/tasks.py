"""Background work of the indicators: refreshing a municipality's figures (its own and SSB's),
checking and saving imports."""

from __future__ import annotations

from django.tasks import task

from prioritet.accounts.models import Municipality
from prioritet.core.tasks import scoped_to
from prioritet.core.tenancy_db import task_scope

from . import imports, own, services
from .models import IndicatorImport, PeerGroup


def _own(municipality: Municipality) -> str:
    result = own.compute_own_indicators(municipality)
    return f"own figures: {result.created} new, {result.updated} changed"


@task()
def compute_own_indicators(municipality_id: int) -> str:
    """Compute the municipality's own figures from its cases (:func:`.own.compute_own_indicators`)."""
    with task_scope(municipality_id):
        return _own(Municipality.objects.get(pk=municipality_id))


@task()
@scoped_to(PeerGroup)
def refresh_indicators(group_id: int) -> str:
    """Compute the municipality's own figures (offline too), then fetch its followed SSB tables
    (:func:`prioritet.indicators.services.refresh`) when fetching is on."""
    group = PeerGroup.objects.select_related("municipality").get(pk=group_id)
    computed = _own(group.municipality)
    result = services.refresh(group)
    if result.skipped:
        return f"{computed}; SSB off"
    return f"{computed}; SSB: {len(result.fetched)} fetched, {len(result.failed)} failed"


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
