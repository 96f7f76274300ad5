"""What the ethics app adds to a case: a link, a section (case page and saksframlegg) and history."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from prioritet.cases.extensions import Place
from prioritet.cases.models import Case
from prioritet.cases.selectors import history_entries
from prioritet.cases.timeline import TimelineEntry

from . import selectors, steps
from .models import EthicalReflection


def section_context(case: Case, user, place: Place) -> dict[str, Any] | None:
    """Completed reflections everywhere; those in progress only on the case page, marked as such."""
    reflections = selectors.reflections_of(case, completed_only=place != Place.CASE)
    if not reflections:
        return None
    return {
        "reflections": [
            {"reflection": r, "rows": [(s, getattr(r, s.field)) for s in steps.STEPS]} for r in reflections
        ],
        "source_title": steps.SOURCE_TITLE,
        "source_language": steps.SOURCE_LANGUAGE,
        "source_url": steps.SOURCE_URL,
    }


def timeline(case: Case) -> list[TimelineEntry]:
    records = list(EthicalReflection.history.filter(case_id=case.pk).select_related("history_user"))
    return history_entries(
        records, EthicalReflection, lambda r: _("Ethical reflection «%(title)s»") % {"title": r.title}
    )
