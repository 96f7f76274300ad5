"""The annual wheel's retention rule: the record of a sent reminder, some time after its due date.

The record only keeps a reminder from being sent twice; once its date is long past it says no more
than who was reminded of which case when, so it goes.
"""

from __future__ import annotations

import datetime as dt

from django.db import models

from prioritet.core.retention import Action, Outcome, Rule

from .models import SentReminder


def delete_sent_reminders(cutoff: dt.datetime) -> list[Outcome]:
    old = SentReminder.objects.filter(due__lt=cutoff.date())
    counts = old.values_list("municipality_id").annotate(n=models.Count("id")).order_by()
    outcomes = [Outcome(municipality, n) for municipality, n in counts]
    old.delete()
    return outcomes


#: Declared in the app's extension (its AppConfig).
RULES = [
    Rule("sent_reminders", Action.DELETE, "records of reminders due more than {days} days ago", delete_sent_reminders)
]
