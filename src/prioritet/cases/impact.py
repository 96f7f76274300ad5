"""Which past rankings would differ under other weights.

Every decision stores the weight version it used and the combined judgment it was made on
(``Decision.suggestion``: each assessed alternative's scores, best first). For each decided case of
the municipality, the engine's suggested order of its alternatives is computed again, from those
same scores, under the decision's own version and under the proposed weights, the same way
:func:`prioritet.cases.judgment.combined_judgment` computes it (median scores, the alternative's
zero-padded key as the final tie-break). The cases whose suggested order changes are listed; those
whose first suggestion changes are marked.

The weights pages show it, yet weighting sits below cases: the cases app declares
:func:`ranking_changes` in its :class:`~prioritet.weighting.extensions.WeightingExtension`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from prioritet.engine import CRITERIA, Measures, Ranking, Weights, rank
from prioritet.weighting.models import WeightVersion
from prioritet.weighting.services import to_engine

from . import policy as case_policy
from .judgment import engine_id
from .models import Decision, Status


@dataclass(frozen=True)
class RankedAlternative:
    pk: int
    title: str
    rank: int
    value: float


@dataclass
class RankingChange:
    """One decided case whose suggested order would change."""

    decision: Decision
    before: list[RankedAlternative]
    after: list[RankedAlternative]

    @property
    def case(self):
        return self.decision.case

    @property
    def top_changed(self) -> bool:
        return self.before[0].pk != self.after[0].pk

    @property
    def chosen_is_new_top(self) -> bool:
        """The alternative the decision chose is the first suggestion under the new weights."""
        return self.after[0].pk == self.decision.alternative_id


@dataclass
class Impact:
    """What the proposed weights would change in the municipality's decided cases."""

    #: Decided cases compared.
    checked: int = 0
    #: Cases the user may read whose suggested order changes, those with a new first suggestion first.
    changes: list[RankingChange] = field(default_factory=list)
    #: Cases the user may not read (individual level, for directors) whose order or first suggestion changes.
    hidden_changed: int = 0
    hidden_top_changed: int = 0

    @property
    def changed(self) -> int:
        return len(self.changes) + self.hidden_changed

    @property
    def top_changed(self) -> int:
        return sum(c.top_changed for c in self.changes) + self.hidden_top_changed


def _ranked(measures: Measures, ranking: Ranking, rows: list[dict]) -> list[RankedAlternative]:
    ranks = ranking.ranks()
    return [
        RankedAlternative(rows[i]["alternative"], rows[i]["title"], int(ranks[i]), float(ranking.values[i]))
        for i in ranking.order
    ]


def order_under(rows: list[dict], weights: Weights) -> tuple[Measures, Ranking]:
    """The engine's order of a stored judgment's alternatives (``Decision.suggestion``) under ``weights``."""
    measures = Measures.build(
        [engine_id(row["alternative"]) for row in rows],
        [row["title"] for row in rows],
        [[int(row["scores"][c.value]) for c in CRITERIA] for row in rows],
    )
    return measures, rank(measures, weights)


def latest_decisions(municipality) -> list[Decision]:
    """The decision in force of every decided case of the municipality (one query)."""
    decisions = (
        Decision.objects.filter(case__municipality=municipality, case__status=Status.DECIDED)
        .select_related("case", "case__service_area", "weight_version", "alternative")
        .order_by("case_id", "-decided_at", "-id")
    )
    latest: dict[int, Decision] = {}
    for decision in decisions:
        latest.setdefault(decision.case_id, decision)
    return list(latest.values())


def ranking_changes(municipality, user, version: WeightVersion) -> Impact:
    """Compare every decided case's suggested order under its decision's weights with ``version``'s.

    ``version`` may be unsaved (a proposal). Cases the user may not read are only counted.
    """
    impact = Impact()
    proposed = to_engine(version)
    engine_weights: dict[int, Weights] = {}
    for decision in latest_decisions(municipality):
        rows = [row for row in decision.suggestion or [] if row.get("scores")]
        if not rows:
            continue
        impact.checked += 1
        used = engine_weights.setdefault(decision.weight_version_id, to_engine(decision.weight_version))
        measures, before = order_under(rows, used)
        after = rank(measures, proposed)
        if list(before.order) == list(after.order):
            continue
        change = RankingChange(decision, _ranked(measures, before, rows), _ranked(measures, after, rows))
        if case_policy.can_read(user, decision.case):
            impact.changes.append(change)
        else:
            impact.hidden_changed += 1
            impact.hidden_top_changed += change.top_changed
    impact.changes.sort(key=lambda c: (not c.top_changed, -c.decision.decided_at.timestamp(), c.case.pk))
    return impact
