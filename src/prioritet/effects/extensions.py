"""What implementation and effects add to a case: a section (case page, saksframlegg, public page) and history."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from prioritet.cases.extensions import Place
from prioritet.cases.models import Case
from prioritet.cases.selectors import history_entries
from prioritet.cases.timeline import TimelineEntry

from . import policy, selectors
from .models import ExpectedEffect, Implementation


def effects_section(case: Case, user: Any, place: Place) -> dict[str, Any] | None:
    if not policy.applies(case):
        return None
    # Effects come after the implementation is recorded, so a case without one costs one query here.
    implementation = selectors.implementation_of(case)
    if implementation is None:
        return None
    effects = list(selectors.effects_of(case))
    return {
        "implementation": implementation,
        "effects": effects,
        "overdue": {
            effect.pk for effect in effects if not effect.evaluated and effect.evaluate_by < timezone.localdate()
        },
        "case_pk": case.pk,
    }


def timeline(case: Case) -> list[TimelineEntry]:
    implementation = list(Implementation.history.filter(case_id=case.pk).select_related("history_user"))
    effects = list(ExpectedEffect.history.filter(case_id=case.pk).select_related("history_user"))
    entries = history_entries(implementation, Implementation, lambda r: _("Implementation"))
    entries += history_entries(
        effects, ExpectedEffect, lambda r: _("Expected effect «%(effect)s»") % {"effect": r.description}
    )
    return entries
