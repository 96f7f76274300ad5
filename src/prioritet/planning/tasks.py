"""Background work of the annual wheel: the daily reminder e-mails."""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from . import services


@task()
def send_reminders() -> int:
    """Send today's reminders (reassessments, evaluations, milestones); queued daily by ``manage.py send_reminders``."""
    return services.send_reminders(timezone.localdate())
