"""The portfolio app's retention rule: uploaded measures files nobody confirmed.

An upload keeps the file until its check has run, and the check's preview (every row of the file)
until the uploader confirms it. An upload left unconfirmed (still checking, or checked and never
confirmed) is deleted some days after it was made: the measures were never saved from it, so
nothing else refers to it. Confirmed imports are kept: the file and the preview are emptied when the
import is saved, and the record says who imported what.
"""

from __future__ import annotations

import datetime as dt

from django.db import models

from prioritet.core.records import TaskStatus
from prioritet.core.retention import Action, Outcome, Rule

from .models import MeasureImport

#: An upload in these states was never confirmed.
UNCONFIRMED = (TaskStatus.CHECKING, TaskStatus.CHECKED)


def delete_unconfirmed_imports(cutoff: dt.datetime) -> list[Outcome]:
    old = MeasureImport.objects.filter(status__in=UNCONFIRMED, created_at__lt=cutoff)
    counts = old.values_list("municipality_id").annotate(n=models.Count("id")).order_by()
    outcomes = [Outcome(municipality, n) for municipality, n in counts]
    old.delete()
    return outcomes


#: Declared in the app's extension (its AppConfig).
RULES = [
    Rule(
        "measure_imports",
        Action.DELETE,
        "uploaded measures files not confirmed within {days} days, with their preview",
        delete_unconfirmed_imports,
    )
]
