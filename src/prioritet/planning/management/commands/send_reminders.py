"""Queue today's reminder e-mails; run once a day (a systemd timer or cron, see docs/operations.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from prioritet.planning import services, tasks


class Command(BaseCommand):
    help = "Queue the reminder e-mails for reassessments and milestones due soon (--now sends them at once)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--now", action="store_true", help="Send in this process instead of queueing a task.")

    def handle(self, *args: Any, now: bool = False, **options: Any) -> None:
        if now:
            sent = services.send_reminders(timezone.localdate())
            self.stdout.write(f"{sent} reminders sent")
            return
        result = tasks.send_reminders.enqueue()
        self.stdout.write(f"reminders queued as task {result.id}")
