"""What the evidence app adds to a case: a link, notes beside the alternatives, sections and history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _

from prioritet.cases.extensions import Annotation, Place
from prioritet.cases.models import Alternative, Case
from prioritet.cases.selectors import history_entries
from prioritet.cases.timeline import TimelineEntry

from . import grade, policy, selectors
from .forms import MINI_HTA_SECTIONS, MiniHtaForm
from .models import EtdJudgement, EvidenceToDecision, MiniHta


def certainty_note(hta: MiniHta) -> str:
    """«Mini-metodevurdering: moderat sikkerhet (utkast)» – the knowledge basis in a few words."""
    if hta.certainty:
        text = _("Mini-HTA: %(certainty)s certainty") % {"certainty": str(grade.Certainty(hta.certainty).label).lower()}
    else:
        text = _("Mini-HTA: certainty not assessed")
    return text if hta.is_completed else _("%(note)s (draft)") % {"note": text}


def alternative_annotations(case: Case, alternatives: Sequence[Alternative]) -> dict[int, list[Annotation]]:
    ids = [a.pk for a in alternatives]
    return {
        hta.alternative_id: [
            Annotation(certainty_note(hta), reverse("evidence:mini_hta", args=[case.pk, hta.alternative_id]))
        ]
        for hta in MiniHta.objects.filter(alternative_id__in=ids)
    }


def mini_hta_section(case: Case, user, place: Place) -> dict[str, Any] | None:
    """Per measure: the question, the certainty and the conclusion. Drafts only on the case page."""
    htas = selectors.mini_htas_of(case, completed_only=place != Place.CASE)
    if not htas:
        return None
    question = MINI_HTA_SECTIONS[0][1]
    return {
        "items": [
            {
                "hta": hta,
                "question": [MiniHtaForm(instance=hta)[name] for name in question],
                "note": certainty_note(hta),
            }
            for hta in htas
        ]
    }


def etd_section(case: Case, user, place: Place) -> dict[str, Any] | None:
    """The EtD summary table. The public page shows completed panels of published cases only."""
    if not policy.etd_applies(case):
        return None
    panels = selectors.etd_panels_of(case, completed_only=place != Place.CASE)
    if not panels:
        return None
    return {"panels": [{"panel": p, "rows": selectors.etd_rows(p)} for p in panels], "sources": grade.SOURCES}


def timeline(case: Case) -> list[TimelineEntry]:
    titles = dict(case.alternatives.values_list("pk", "title"))
    hta_h = list(MiniHta.history.filter(alternative_id__in=list(titles)).select_related("history_user"))
    etd_h = list(EvidenceToDecision.history.filter(case_id=case.pk).select_related("history_user"))
    panel_ids = {r.id for r in etd_h}
    judgement_h = list(EtdJudgement.history.filter(panel_id__in=panel_ids).select_related("history_user"))
    if not (hta_h or etd_h):
        return []
    # Foreign keys the timeline shows (option, comparison) read as titles; who created a record is its history user.
    names: dict[tuple[str, Any], str] = {(Alternative._meta.label, pk): title for pk, title in titles.items()}
    entries = history_entries(
        hta_h,
        MiniHta,
        lambda r: _("Mini-HTA of «%(title)s»") % {"title": titles.get(r.alternative_id, "?")},
        names,
    )
    entries += history_entries(etd_h, EvidenceToDecision, lambda r: _("Evidence-to-Decision panel"), names)

    def judgement_subject(r) -> str:
        return _("Evidence-to-Decision: %(criterion)s") % {"criterion": grade.BY_KEY[r.criterion].title}

    entries += history_entries(judgement_h, EtdJudgement, judgement_subject, names)
    return entries
