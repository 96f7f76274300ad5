"""Reads of the waiting lists, each scoped to one municipality. Nothing here writes.

:func:`waiting_list` computes a service's suggested order now (:mod:`.ordering`): from each waiting
person's *current* vedtak (the case's newest decision, so a reassessed case moves when its new vedtak
is made) under the municipality's current weights.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils import timezone

from prioritet.accounts.tenancy import get_for_municipality_or_404
from prioritet.cases.models import Decision
from prioritet.cases.models import Status as CaseStatus
from prioritet.weighting.models import WeightVersion
from prioritet.weighting.selectors import current_weights
from prioritet.weighting.services import to_engine

from .models import Allocation, CapacityChange, EntryStatus, WaitingEntry, WaitingService
from .ordering import Applicant, suggested_order


def services_of(municipality: Any, *, active_only: bool = False) -> QuerySet[WaitingService]:
    qs = WaitingService.objects.for_municipality(municipality).select_related("service_area")
    return qs.filter(active=True) if active_only else qs


def get_service(municipality: Any, pk: int) -> WaitingService:
    return get_for_municipality_or_404(WaitingService.objects.select_related("service_area"), municipality, pk=pk)


def get_entry(service: WaitingService, pk: int) -> WaitingEntry:
    return get_for_municipality_or_404(
        WaitingEntry.objects.filter(service=service).select_related("case", "service"), service.municipality, pk=pk
    )


def capacity_at(service: WaitingService, day: datetime.date | None = None) -> CapacityChange | None:
    """The capacity in force on ``day`` (today): the newest row from that day or before."""
    day = day or timezone.localdate()
    return service.capacities.filter(valid_from__lte=day).order_by("-valid_from", "-id").first()


def capacity_history(service: WaitingService) -> QuerySet[CapacityChange]:
    return service.capacities.select_related("changed_by").order_by("-valid_from", "-id")


def placed_amount(service: WaitingService) -> Decimal:
    total = service.entries.filter(status=EntryStatus.PLACED).aggregate(total=Sum("amount"))["total"]
    return total or Decimal(0)


@dataclass(frozen=True)
class Occupancy:
    capacity: Decimal
    other_use: Decimal
    placed: Decimal

    @property
    def in_use(self) -> Decimal:
        return self.other_use + self.placed

    @property
    def free(self) -> Decimal:
        return max(self.capacity - self.in_use, Decimal(0))


def occupancy(service: WaitingService, day: datetime.date | None = None) -> Occupancy:
    current = capacity_at(service, day)
    return Occupancy(
        capacity=current.amount if current else Decimal(0),
        other_use=current.other_use if current else Decimal(0),
        placed=placed_amount(service),
    )


def current_decisions(case_ids: list[int]) -> dict[int, Decision]:
    """Each case's newest decision (its current vedtak), in one query."""
    out: dict[int, Decision] = {}
    for decision in Decision.objects.filter(case_id__in=case_ids).order_by("case_id", "-decided_at", "-id"):
        out.setdefault(decision.case_id, decision)
    return out


def vedtak_scores(decision: Decision) -> dict[str, int] | None:
    """The chosen alternative's scores in the decision's snapshot; None when it chose no service
    (the no-action alternative is never in the snapshot's ranked rows)."""
    for row in decision.suggestion or []:
        if row.get("alternative") == decision.alternative_id and row.get("scores"):
            scores = row["scores"]
            return {name: int(scores[name]) for name in ("benefit", "severity", "resources")}
    return None


@dataclass
class Row:
    """One waiting person as the list shows them."""

    entry: WaitingEntry
    #: None when the current vedtak grants no service (a reassessment chose no action): not ranked.
    scores: dict[str, int] | None
    waiting_days: int
    position: int | None = None
    value: float | None = None
    #: The case is open again for a reassessment: ranked on its last vedtak until the new one.
    under_reassessment: bool = False
    #: The list's suggestion for the capacity free now.
    suggested: bool = False
    #: Set by the view: whether the user may open the case (the cases app's rule).
    visible: bool = False

    def snapshot(self) -> dict[str, Any]:
        """What an allocation keeps of the row (no free text: the pseudonymous reference at most)."""
        return {
            "entry": self.entry.pk,
            "case": self.entry.case_id,
            "reference": self.entry.case.case_reference,
            "position": self.position,
            "value": None if self.value is None else round(self.value, 6),
            "scores": self.scores,
            "urgency": self.entry.urgency,
            "waiting_days": self.waiting_days,
        }


@dataclass
class WaitingList:
    service: WaitingService
    weights: WeightVersion
    rows: list[Row]
    occupancy: Occupancy

    @property
    def ranked(self) -> list[Row]:
        return [row for row in self.rows if row.position is not None]

    @property
    def suggestion(self) -> Row | None:
        return next((row for row in self.rows if row.suggested), None)

    def row_for(self, entry_pk: int) -> Row | None:
        return next((row for row in self.rows if row.entry.pk == entry_pk), None)


def weights_snapshot(version: WeightVersion) -> dict[str, Any]:
    return {
        "number": version.number,
        "benefit": str(version.benefit),
        "severity": str(version.severity),
        "resources": str(version.resources),
    }


def waiting_list(service: WaitingService, today: datetime.date | None = None) -> WaitingList:
    """The service's waiting people in the suggested order (the unranked last), and the suggestion."""
    today = today or timezone.localdate()
    entries = list(
        service.entries.filter(status=EntryStatus.WAITING).select_related("case").order_by("waiting_since", "id")
    )
    decisions = current_decisions([entry.case_id for entry in entries])
    rows: list[Row] = []
    applicants: list[Applicant] = []
    for entry in entries:
        decision = decisions.get(entry.case_id)
        scores = vedtak_scores(decision) if decision is not None else None
        row = Row(
            entry=entry,
            scores=scores,
            waiting_days=(today - entry.waiting_since).days,
            under_reassessment=entry.case.status == CaseStatus.OPEN,
        )
        rows.append(row)
        if scores is not None:
            applicants.append(
                Applicant(
                    entry=entry.pk,
                    severity=scores["severity"],
                    benefit=scores["benefit"],
                    resources=scores["resources"],
                    urgency=entry.urgency,
                    waiting_since=entry.waiting_since,
                )
            )
    version = current_weights(service.municipality)
    by_entry = {row.entry.pk: row for row in rows}
    ordered: list[Row] = []
    for ranked in suggested_order(applicants, to_engine(version)):
        row = by_entry[ranked.applicant.entry]
        row.position, row.value = ranked.position, ranked.value
        ordered.append(row)
    ordered += [row for row in rows if row.position is None]
    used = occupancy(service, today)
    first = next((row for row in ordered if row.position is not None and row.entry.amount <= used.free), None)
    if first is not None:
        first.suggested = True
    return WaitingList(service, version, ordered, used)


def placed(service: WaitingService) -> QuerySet[WaitingEntry]:
    return service.entries.filter(status=EntryStatus.PLACED).select_related("case").order_by("placed_at", "id")


def allocations_of(service: WaitingService) -> QuerySet[Allocation]:
    return service.allocations.select_related("entry__case", "suggested__case", "allocated_by").order_by(
        "-allocated_at", "-id"
    )


def entries_of_case(case: Any) -> QuerySet[WaitingEntry]:
    return WaitingEntry.objects.filter(case=case).select_related("service").order_by("-created_at", "-id")
