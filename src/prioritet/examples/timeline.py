"""The case's history says when the case was shared in the example bank and when it was withdrawn."""

from __future__ import annotations

from django.utils.translation import gettext as _

from prioritet.cases.models import Case
from prioritet.cases.timeline import TimelineEntry

from .models import Example


def timeline(case: Case) -> list[TimelineEntry]:
    """One entry for sharing and one for withdrawing each example made from ``case``.

    Built by hand rather than diffed field by field: the example's texts are a snapshot of the case,
    and repeating them (and the search text) in the case's history would only add noise.
    """
    entries = []
    records = Example.history.filter(source_case_id=case.pk).select_related("history_user")
    withdrawn: dict[int, bool] = {}
    for record in records.order_by("history_date", "history_id"):
        subject = _("Example «%(title)s»") % {"title": record.title}
        if record.history_type == "+":
            entries.append(
                TimelineEntry(
                    at=record.history_date,
                    user=record.history_user,
                    subject=subject,
                    action=_("shared in the example bank"),
                )
            )
        elif record.withdrawn and not withdrawn.get(record.id, False):
            entries.append(
                TimelineEntry(
                    at=record.history_date,
                    user=record.history_user,
                    subject=subject,
                    action=_("withdrawn from the example bank"),
                )
            )
        withdrawn[record.id] = record.withdrawn
    return entries
