"""Refresh every municipality's indicators: its own figures from its cases (always, offline too) and
its SSB tables (when ``INDICATORS_FETCH`` is on); run once a day (see docs/operations.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from prioritet.accounts.models import Municipality
from prioritet.indicators import own, services, tasks
from prioritet.indicators.models import PeerGroup


class Command(BaseCommand):
    help = "Queue the refresh of each municipality's own figures and SSB tables (--now runs it in this process)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", action="store_true", help="Refresh in this process instead of queueing tasks.")
        parser.add_argument("--municipality", help="Only this municipality (its four-digit number).")

    def handle(self, *args: Any, now: bool = False, municipality: str | None = None, **options: Any) -> None:
        if not settings.INDICATORS_FETCH:
            self.stdout.write(
                "INDICATORS_FETCH is off: nothing fetched from SSB (set INDICATORS_FETCH=1 to fetch); "
                "own figures are computed"
            )
        municipalities = Municipality.objects.order_by("number")
        if municipality:
            municipalities = municipalities.filter(number=municipality)
        for item in municipalities:
            group, _ = PeerGroup.objects.get_or_create(municipality=item)
            if not now:
                queued = tasks.refresh_indicators.enqueue(group.pk)
                self.stdout.write(f"{item.number}: queued as task {queued.id}")
                continue
            computed = own.compute_own_indicators(item)
            self.stdout.write(f"{item.number}: own figures {computed.created} new, {computed.updated} changed")
            if settings.INDICATORS_FETCH:
                result = services.refresh(group)
                self.stdout.write(f"{item.number}: {len(result.fetched)} fetched, {len(result.failed)} failed")
                for key, reason in result.failed.items():
                    self.stderr.write(f"{item.number} {key}: {reason}")
