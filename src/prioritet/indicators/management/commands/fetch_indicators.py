"""Queue the SSB refresh of every municipality's indicators; run once a day (see docs/operations.md)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from prioritet.accounts.models import Municipality
from prioritet.indicators import services, tasks
from prioritet.indicators.models import PeerGroup


class Command(BaseCommand):
    help = "Queue the fetch of each municipality's SSB tables (--now fetches in this process)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", action="store_true", help="Fetch in this process instead of queueing tasks.")
        parser.add_argument("--municipality", help="Only this municipality (its four-digit number).")

    def handle(self, *args: Any, now: bool = False, municipality: str | None = None, **options: Any) -> None:
        if not settings.INDICATORS_FETCH:
            self.stdout.write("INDICATORS_FETCH is off: nothing fetched (set INDICATORS_FETCH=1 to fetch from SSB)")
            return
        municipalities = Municipality.objects.order_by("number")
        if municipality:
            municipalities = municipalities.filter(number=municipality)
        for item in municipalities:
            group, _ = PeerGroup.objects.get_or_create(municipality=item)
            if now:
                result = services.refresh(group)
                self.stdout.write(f"{item.number}: {len(result.fetched)} fetched, {len(result.failed)} failed")
                for key, reason in result.failed.items():
                    self.stderr.write(f"{item.number} {key}: {reason}")
            else:
                queued = tasks.refresh_indicators.enqueue(group.pk)
                self.stdout.write(f"{item.number}: queued as task {queued.id}")
