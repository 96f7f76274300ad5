"""Reads of the public app. Public reads take a municipality by its slug and show nothing personal."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from prioritet.accounts.models import Municipality
from prioritet.accounts.tenancy import get_for_municipality_or_404
from prioritet.cases.models import Alternative, AlternativeKind, Case, Decision, Status
from prioritet.engine import Priority, priority_band
from prioritet.weighting.models import WeightVersion

from . import policy
from .models import Publication

_RELATED = ("case", "decision", "decision__alternative", "decision__weight_version")


def municipality_by_slug(slug: str) -> Municipality:
    return get_object_or_404(Municipality, slug=slug)


def municipalities_with_publications() -> QuerySet[Municipality]:
    """Municipalities that have published at least one prioritisation, with how many and the latest."""
    return (
        Municipality.objects.filter(publications__isnull=False)
        .annotate(publication_count=Count("publications"), latest_publication=Max("publications__published_at"))
        .order_by("name")
    )


def publications_of(municipality: Municipality) -> QuerySet[Publication]:
    return Publication.objects.for_municipality(municipality).select_related(*_RELATED).order_by("-published_at", "-id")


def get_publication(municipality: Municipality, pk: int) -> Publication:
    return get_for_municipality_or_404(Publication.objects.select_related(*_RELATED), municipality, pk=pk)


def weight_history(municipality: Municipality) -> list[WeightVersion]:
    """Every weight version, newest first (no names: the public sees the body that decided)."""
    return list(WeightVersion.objects.filter(municipality=municipality).order_by("-number"))


@dataclass(frozen=True)
class JudgmentRow:
    """One row of the seed's table «Vurderes samlet»: an alternative as the decision saw it."""

    alternative: int
    title: str
    severity: int
    benefit: int
    resources: int
    rank: int
    value: float
    band: Priority
    chosen: bool

    @property
    def points(self) -> int:
        """The value on the 0–100 scale the public pages use."""
        return round(self.value * 100)


def reference_of(decision: Decision) -> Alternative | None:
    """The case's no-action alternative: the reference, shown with its consequence and never ranked."""
    return Alternative.objects.filter(case_id=decision.case_id, kind=AlternativeKind.NO_ACTION).first()


def judgment_rows(decision: Decision, reference: Alternative | None) -> list[JudgmentRow]:
    """The combined judgment the decision was made on (``Decision.suggestion``), best first.

    The no-action alternative is the reference, never a suggestion: a decision made before it became
    one (issue 11) stored it among the ranked rows, so it is left out here and the others' ranks are
    counted again in the stored order (equal values share a rank). ``reference`` is
    :func:`reference_of` the decision, read once by the caller.
    """
    kept: list[dict] = []
    for row in decision.suggestion or []:
        if not row.get("scores") or (reference is not None and row["alternative"] == reference.pk):
            continue
        kept.append(row)
    kept.sort(key=lambda r: int(r.get("rank") or 0))
    rows: list[JudgmentRow] = []
    for position, row in enumerate(kept, start=1):
        scores = row["scores"]
        value = float(row["value"])
        rank = rows[-1].rank if rows and rows[-1].value == value else position
        rows.append(
            JudgmentRow(
                alternative=row["alternative"],
                title=row["title"],
                severity=int(scores["severity"]),
                benefit=int(scores["benefit"]),
                resources=int(scores["resources"]),
                rank=rank,
                value=value,
                band=priority_band(value),
                chosen=row["alternative"] == decision.alternative_id,
            )
        )
    return rows


# The internal publishing pages ---------------------------------------------------------------------


def publishable_cases(municipality, user) -> QuerySet[Case]:
    """Decided cases the user may publish, and published ones (also when reopened), newest first."""
    return (
        Case.objects.for_municipality(municipality)
        .filter(level__in=policy.publishable_levels(user))
        .filter(Q(status=Status.DECIDED) | Q(publication__isnull=False))
        .select_related("publication", "service_area")
        .order_by("-updated_at", "-id")
    )


def current_decision(case: Case) -> Decision | None:
    return case.decisions.select_related("alternative", "weight_version").order_by("-decided_at", "-id").first()
