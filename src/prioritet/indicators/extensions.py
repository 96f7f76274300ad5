"""What the indicators add to a case: the cited figures (a section on the case page, in the saksframlegg
and on the public page), a recommended item of the forberede checklist, and entries in the history."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from prioritet.cases.extensions import Place
from prioritet.cases.models import Case, Level
from prioritet.cases.timeline import TimelineEntry

from . import policy, selectors
from .citations import figure, name_of
from .demo import DEMO_LABEL
from .forms import CiteForm
from .models import Citation

#: The levels whose checklist recommends citing figures: decisions about services and budgets rest on
#: them. An individual case may cite figures too; its checklist does not ask for them.
CHECKED_LEVELS = frozenset({Level.SERVICE, Level.POLITICAL})


def citations_section(case: Case, user: Any, place: Place) -> dict[str, Any] | None:
    """The case's cited figures, each drawn from its snapshot; on the case page also the form to cite more.

    Nothing to show where there is no citation, except on the case page for whoever may cite.
    """
    citations = list(selectors.citations_of(case))
    can_cite = place == Place.CASE and user is not None and policy.can_cite(user, case)
    if not citations and not can_cite:
        return None
    newer = selectors.newer_figures(citations) if place == Place.CASE else set()
    return {
        "case_pk": case.pk,
        "items": [
            {
                "citation": citation,
                "figure": figure(citation.snapshot, f"citation-{citation.pk}"),
                "newer": citation.pk in newer,
            }
            for citation in citations
        ],
        "can_cite": can_cite,
        "can_view_indicators": place == Place.CASE and policy.can_view(user),
        "form": CiteForm(municipality=case.municipality, auto_id="cite_%s") if can_cite else None,
        "demo_label": DEMO_LABEL,
    }


def figures_cited(case: Case) -> bool:
    return Citation.objects.filter(case=case).exists()


def timeline(case: Case) -> list[TimelineEntry]:
    """When a figure was cited and removed, by whom, with its note (the snapshot itself is on the case page)."""
    records = Citation.history.filter(case_id=case.pk).select_related("history_user").order_by("history_date")
    actions = {"+": _("cited"), "-": _("removed")}
    return [
        TimelineEntry(
            at=record.history_date,
            user=record.history_user,
            subject=_("Cited figure «%(name)s»") % {"name": name_of(record.snapshot)},
            action=actions[record.history_type],
            note=record.note,
        )
        for record in records
        if record.history_type in actions
    ]
