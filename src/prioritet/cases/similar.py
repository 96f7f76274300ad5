"""Like cases treated alike (issue 13 §3): the decided individual cases of the same service nearest to
a case being concluded, their outcomes, and whether the conclusion departs from them.

Reads only. A decided case's position is what its decision saw: the severity, benefit and resources
of the alternative the combined judgment suggested first (``Decision.suggestion``, frozen when it was
made); the case being concluded is placed by its combined judgment now. The distance and the
departure rule are the engine's (:mod:`prioritet.engine.similarity`, docs/methods.md §10k). The
outcome is ordinal: refused (the no-action alternative chosen) < granted with low < medium < high
priority.

The similar cases are shown by pseudonymous reference, service, scores and outcome — never a title,
a description or anything else that could identify the person — and are not links: the page does
not open them. Each one shown is a read of an individual case and is logged as such
(:func:`log_reads`).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import numpy as np
from django.db import models
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from prioritet.core.audit import create_chained
from prioritet.engine import CRITERIA, Criterion
from prioritet.engine.similarity import Departure, departure, nearest
from prioritet.weighting.models import WeightVersion

from .models import (
    AccessBasis,
    Alternative,
    AlternativeKind,
    Case,
    CaseAccess,
    DecidedPosition,
    Decision,
    Level,
    Status,
)

#: How many similar cases the decision page shows.
K = 10

#: The dimensions a case is placed by, in the order the pages show them (the guideline's order).
DIMENSIONS: tuple[Criterion, ...] = (Criterion.SEVERITY, Criterion.BENEFIT, Criterion.RESOURCES)

#: The outcome of an individual decision, ordinal: refused < granted with low, medium, high priority.
REFUSED, LOW, MEDIUM, HIGH = 0, 1, 2, 3
OUTCOME_LABELS = {
    REFUSED: pgettext_lazy("outcome of a case", "Refused (no action)"),
    LOW: pgettext_lazy("outcome of a case", "Granted, low priority"),
    MEDIUM: pgettext_lazy("outcome of a case", "Granted, medium priority"),
    HIGH: pgettext_lazy("outcome of a case", "Granted, high priority"),
}
_BY_PRIORITY = {"low": LOW, "medium": MEDIUM, "high": HIGH}

#: The access log's page name for a similar case shown on another case's decision page.
ACCESS_PAGE = "similar case"


def outcome_of(no_action: bool, priority: str) -> int | None:
    """The ordinal outcome of a conclusion; ``None`` for a measure chosen without a priority (older data)."""
    if no_action:
        return REFUSED
    return _BY_PRIORITY.get(priority)


def outcome_label(outcome: int) -> str:
    return str(OUTCOME_LABELS[outcome])


def reference_of(case_id: int, case_reference: str) -> str:
    """The pseudonymous reference shown for a case: its case-system reference, or its number here."""
    return case_reference or f"#{case_id}"


@dataclass(frozen=True)
class DecidedCase:
    """One decided individual case as the similar-case search and the consistency report read it."""

    case_id: int
    reference: str
    #: Severity, benefit, resources (:data:`DIMENSIONS`), as the decision saw them.
    scores: tuple[int, int, int]
    outcome: int
    #: Not read by the similar-case search, which needs only the positions.
    decided_at: datetime.datetime | None = None
    decided_by_id: int | None = None
    district: str = ""

    @property
    def outcome_label(self) -> str:
        return outcome_label(self.outcome)


def decided_cases(
    municipality,
    service_area_id: int | None,
    *,
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> list[DecidedCase]:
    """The municipality's decided individual cases of one service (service area), newest decision
    first, each with its current decision's position and outcome; ``date_from``/``date_to`` narrow by
    the decision's date. One query; cases whose decision has no suggestion or no priority are left out.
    The consistency report reads this; the similar-case search reads the same positions from their
    index (:class:`~prioritet.cases.models.DecidedPosition`, :mod:`prioritet.cases.positions`)."""
    decisions = Decision.objects.filter(
        case__municipality=municipality,
        case__level=Level.INDIVIDUAL,
        case__status=Status.DECIDED,
        level=Level.INDIVIDUAL,
    )
    if service_area_id is None:
        decisions = decisions.filter(case__service_area__isnull=True)
    else:
        decisions = decisions.filter(case__service_area_id=service_area_id)
    if date_from is not None:
        decisions = decisions.filter(decided_at__date__gte=date_from)
    if date_to is not None:
        decisions = decisions.filter(decided_at__date__lte=date_to)
    # The suggestion is stored best first: its first row's scores, read in the database as integers
    # (decoding thousands of JSON documents in Python would cost more than the whole search).
    scores = {c.value: Cast(KT(f"suggestion__0__scores__{c.value}"), models.IntegerField()) for c in DIMENSIONS}
    ordered = decisions.annotate(**{f"score_{name}": value for name, value in scores.items()}).order_by(
        "-decided_at", "-id"
    )
    rows = ordered.values_list(
        "case_id",
        "case__case_reference",
        *(f"score_{name}" for name in scores),
        "priority",
        "alternative__kind",
        "decided_at",
        "decided_by_id",
        "case__district",
    )
    seen: set[int] = set()
    result: list[DecidedCase] = []
    for case_id, reference, s, b, r, priority, kind, decided_at, decided_by_id, district in rows:
        if case_id in seen:
            continue  # an earlier decision of a case decided again after a reassessment
        seen.add(case_id)
        outcome = outcome_of(kind == AlternativeKind.NO_ACTION, priority)
        if s is None or b is None or r is None or outcome is None:
            continue
        result.append(
            DecidedCase(
                case_id, reference_of(case_id, reference), (s, b, r), outcome, decided_at, decided_by_id, district
            )
        )
    return result


def weights_of(version: WeightVersion) -> list[float]:
    """The municipality's criterion weights in :data:`DIMENSIONS` order: what weighs more in a priority
    weighs more in what makes two cases alike."""
    shares = version.normalised()
    return [shares[c.value] for c in DIMENSIONS]


@dataclass(frozen=True)
class Neighbour:
    case: DecidedCase
    distance: float

    @property
    def scores(self) -> tuple[int, int, int]:
        return self.case.scores


@dataclass
class SimilarCases:
    """The decided cases nearest to the case being concluded, nearest first."""

    #: The case's position: severity, benefit, resources (of the alternative suggested first).
    scores: tuple[int, int, int]
    service: str
    neighbours: list[Neighbour]
    #: How many decided cases of the service there were to compare with.
    compared: int
    weights: list[float] = field(default_factory=list)

    @property
    def outcomes(self) -> list[int]:
        return [n.case.outcome for n in self.neighbours]

    def counts(self) -> list[tuple[str, int]]:
        """Each outcome the similar cases got, with its count, in outcome order."""
        result = departure(self.outcomes, REFUSED).counts
        return [(outcome_label(o), n) for o, n in result.items()]

    def departure(self, outcome: int) -> Departure:
        return departure(self.outcomes, outcome)

    def snapshot(self) -> list[dict]:
        """What a decision stores of the similar cases it was shown (no free text)."""
        return [
            {
                "case": n.case.case_id,
                "reference": n.case.reference,
                "scores": dict(zip((c.value for c in DIMENSIONS), n.case.scores, strict=True)),
                "outcome": n.case.outcome,
                "distance": round(n.distance, 6),
            }
            for n in self.neighbours
        ]


def case_position(judgment) -> tuple[int, int, int] | None:
    """The position of the case being concluded: its severity and the first-suggested alternative's
    benefit and resources; ``None`` before the combined judgment has a suggestion."""
    top = judgment.top
    if top is None or judgment.severity is None:
        return None
    by_criterion = dict(zip(CRITERIA, top.scores, strict=True))
    return tuple(int(by_criterion[c]) for c in DIMENSIONS)  # type: ignore[return-value]


def _positions(case: Case) -> list[tuple[int, int, int, int, int]]:
    """The decided cases of the case's service to compare with, newest decision first, as
    (case id, severity, benefit, resources, outcome): one query on the index, no join, nothing else
    read (:class:`~prioritet.cases.models.DecidedPosition`, kept by :mod:`prioritet.cases.positions`)."""
    rows = DecidedPosition.objects.filter(municipality_id=case.municipality_id, service_area_id=case.service_area_id)
    if case.pk is not None:
        rows = rows.exclude(case_id=case.pk)
    return list(
        rows.order_by("-decided_at", "-decision_id").values_list(
            "case_id", "severity", "benefit", "resources", "outcome"
        )
    )


def similar_cases(case: Case, judgment, *, k: int = K) -> SimilarCases | None:
    """The ``k`` decided cases of the case's service nearest to it (an individual case only)."""
    if case.level != Level.INDIVIDUAL:
        return None
    position = case_position(judgment)
    if position is None:
        return None
    pool = _positions(case)
    weights = weights_of(judgment.weight_version)
    service = str(case.service_area) if case.service_area_id else str(_("No service area"))
    if not pool:
        return SimilarCases(position, service, [], 0, weights)
    found = nearest(np.array([row[1:4] for row in pool], dtype=np.float64), position, k, weights)
    shown = [pool[i] for i in found.indices]
    references = dict(Case.objects.filter(pk__in=[row[0] for row in shown]).values_list("pk", "case_reference"))
    neighbours = [
        Neighbour(
            DecidedCase(case_id, reference_of(case_id, references.get(case_id, "")), (s, b, r), outcome),
            float(dist),
        )
        for (case_id, s, b, r, outcome), dist in zip(shown, found.distances, strict=True)
    ]
    return SimilarCases(position, service, neighbours, len(pool), weights)


def chosen_outcome(alternative: Alternative, priority: str) -> int | None:
    return outcome_of(alternative.is_no_action, priority)


def log_reads(case: Case, similar: SimilarCases | None, user) -> None:
    """Each similar case shown is a read of an individual case: one access-log row each (they are all
    of ``case``'s municipality), written together in one insert on one lock of the chain's head
    (:func:`prioritet.core.audit.create_chained`)."""
    if similar is None or not similar.neighbours:
        return
    create_chained(
        [
            CaseAccess(
                municipality_id=case.municipality_id,
                case_id=n.case.case_id,
                user=user,
                page=ACCESS_PAGE,
                basis=AccessBasis.SIMILAR,
            )
            for n in similar.neighbours
        ]
    )
