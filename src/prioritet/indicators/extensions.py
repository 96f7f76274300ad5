"""What the indicators add to a case: the cited figures and need projections (a section on the case page,
in the saksframlegg and on the public page), recommended items of the forberede checklist, and entries
in the history."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from prioritet.cases.extensions import Place
from prioritet.cases.models import Case, Level
from prioritet.cases.timeline import TimelineEntry

from . import policy, selectors
from .citations import figure, name_of, projection_figure
from .demo import DEMO_LABEL
from .forms import CiteForm, CiteProjectionForm
from .models import Citation, CitationKind, NeedProjection

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
    projection_form = (
        CiteProjectionForm(municipality=case.municipality, auto_id="cite_projection_%s")
        if can_cite and policy.can_cite_projection(user, case)
        else None
    )
    can_view = place == Place.CASE and policy.can_view(user)
    projections = (
        set(NeedProjection.objects.for_municipality(case.municipality).values_list("pk", flat=True))
        if can_view
        else set()
    )
    return {
        "case_pk": case.pk,
        "items": [_item(citation, citation.pk in newer, projections) for citation in citations],
        "can_cite": can_cite,
        "can_view_indicators": can_view,
        "form": CiteForm(municipality=case.municipality, auto_id="cite_%s") if can_cite else None,
        "projection_form": projection_form if projection_form is not None and projection_form.has_choices else None,
        "demo_label": DEMO_LABEL,
    }


def _item(citation: Citation, newer: bool, projections: set[int]) -> dict[str, Any]:
    """One citation as the section draws it: an indicator's figure or a need projection's."""
    if citation.kind == CitationKind.PROJECTION:
        pk = (citation.snapshot.get("source") or {}).get("projection_id")
        return {
            "citation": citation,
            "projection": projection_figure(citation.snapshot, f"citation-{citation.pk}"),
            "projection_pk": pk if pk in projections else None,
            "newer": newer,
        }
    return {"citation": citation, "figure": figure(citation.snapshot, f"citation-{citation.pk}"), "newer": newer}


def figures_cited(case: Case) -> bool:
    return Citation.objects.filter(case=case, kind=CitationKind.INDICATOR).exists()


def projection_applies(case: Case) -> bool:
    """Forberede asks for a need projection where the case is about services or budgets and the
    municipality has one for the case's service area (or any, when the case names no area)."""
    if case.level not in CHECKED_LEVELS:
        return False
    projections = NeedProjection.objects.for_municipality(case.municipality_id)
    if case.service_area_id is not None:
        projections = projections.filter(service_area_id=case.service_area_id)
    return projections.exists()


def projection_cited(case: Case) -> bool:
    return Citation.objects.filter(case=case, kind=CitationKind.PROJECTION).exists()


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
