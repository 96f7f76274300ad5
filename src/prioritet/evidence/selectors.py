"""Reads of the evidence app, always through a case already scoped to the user's municipality."""

from __future__ import annotations

from dataclasses import dataclass

from django.shortcuts import get_object_or_404

from prioritet.cases.models import Alternative, Case

from . import grade
from .models import EvidenceToDecision, MiniHta, Status


def mini_htas_of(case: Case, *, completed_only: bool = False) -> list[MiniHta]:
    qs = MiniHta.objects.filter(alternative__case=case, alternative__archived=False).select_related("alternative")
    if completed_only:
        qs = qs.filter(status=Status.COMPLETED)
    return list(qs.order_by("alternative_id"))


def mini_hta_of(alternative: Alternative) -> MiniHta | None:
    return MiniHta.objects.filter(alternative=alternative).first()


def etd_panels_of(case: Case, *, completed_only: bool = False) -> list[EvidenceToDecision]:
    qs = (
        EvidenceToDecision.objects.filter(case=case)
        .select_related("option", "comparison")
        .prefetch_related("judgements")
    )
    if completed_only:
        qs = qs.filter(status=Status.COMPLETED)
    return list(qs.order_by("-created_at", "-id"))


def get_etd(case: Case, pk: int) -> EvidenceToDecision:
    return get_object_or_404(EvidenceToDecision.objects.select_related("option", "comparison"), case=case, pk=pk)


@dataclass
class EtdRow:
    criterion: grade.Criterion
    judgement: str
    judgement_label: str
    research_evidence: str
    additional_considerations: str


def etd_rows(panel: EvidenceToDecision) -> list[EtdRow]:
    """One row per GRADE criterion, in GRADE's order, judged or not."""
    saved = {j.criterion: j for j in panel.judgements.all()}
    rows = []
    for c in grade.CRITERIA:
        j = saved.get(c.key)
        value = j.judgement if j else ""
        rows.append(
            EtdRow(
                c,
                value,
                c.label_of(value),
                j.research_evidence if j else "",
                j.additional_considerations if j else "",
            )
        )
    return rows
