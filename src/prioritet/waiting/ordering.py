"""The suggested order of a waiting list: the rule, in one place (docs/methods.md §10h).

Each waiting person is ranked by their current vedtak's combined assessment — the scores of the
alternative the vedtak chose (the need's severity, the benefit and the resources, as the decision's
snapshot holds them) — under the municipality's **current** open weights, by the engine's additive
model (:func:`prioritet.engine.rank`, docs/methods.md §3):

1. the value :math:`V = w_b (b-1)/4 + w_s (s-1)/4 + w_r (5-r)/4`, highest first;
2. severity, highest first; 3. benefit, highest first (the engine's tie-break, §3.2);
4. urgency (hastegrad), most urgent first;
5. waiting since, earliest first (who has waited longest);
6. the entry's number, lowest first (the order is total and reproducible).

Steps 4–6 are the engine's last tie-break, the measure's id, which :func:`engine_id` builds so that its
string order is exactly that. Resources count through the value only, as in every ranking of the
engine. The order is a suggestion: a person allocates, and a departure from it needs a reason.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from prioritet.engine import CRITERIA, Criterion, Measures, Weights, rank

#: Highest urgency the id can encode (Urgency's values are 1–3).
_URGENCY_MAX = 9


@dataclass(frozen=True)
class Applicant:
    """What the order reads of one waiting person."""

    entry: int
    severity: int
    benefit: int
    resources: int
    urgency: int
    waiting_since: datetime.date

    def scores(self) -> list[int]:
        by_criterion = {
            Criterion.BENEFIT: self.benefit,
            Criterion.SEVERITY: self.severity,
            Criterion.RESOURCES: self.resources,
        }
        return [by_criterion[c] for c in CRITERIA]


def engine_id(applicant: Applicant) -> str:
    """An id whose string order is urgency (most urgent first), then waiting since, then entry number."""
    return f"{_URGENCY_MAX - applicant.urgency}{applicant.waiting_since.toordinal():07d}{applicant.entry:012d}"


@dataclass(frozen=True)
class Ranked:
    applicant: Applicant
    value: float
    position: int


def suggested_order(applicants: Sequence[Applicant], weights: Weights) -> list[Ranked]:
    """The applicants in the suggested order, best first, with each one's value (0–1) and position."""
    if not applicants:
        return []
    measures = Measures.build(
        [engine_id(a) for a in applicants], [str(a.entry) for a in applicants], [a.scores() for a in applicants]
    )
    ranking = rank(measures, weights)
    return [
        Ranked(applicants[int(i)], float(ranking.values[int(i)]), position)
        for position, i in enumerate(ranking.order, start=1)
    ]
