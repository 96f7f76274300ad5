"""Background work of the indicators: refreshing a municipality's SSB tables."""

from __future__ import annotations

from django.tasks import task

from prioritet.core.tasks import scoped_to

from . import services
from .models import PeerGroup


@task()
@scoped_to(PeerGroup)
def refresh_indicators(group_id: int) -> str:
    """Fetch the municipality's followed SSB tables (:func:`prioritet.indicators.services.refresh`)."""
    group = PeerGroup.objects.select_related("municipality").get(pk=group_id)
    result = services.refresh(group)
    if result.skipped:
        return "off"
    return f"{len(result.fetched)} fetched, {len(result.failed)} failed"
