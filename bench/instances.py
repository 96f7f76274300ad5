"""Seeded, realistic random instances: what a municipality's list of measures (tiltak) looks like.

Scores are integers 1–5 on benefit, severity and resources. Costs are log-normal (most measures are
cheap, a few are expensive), FTEs follow the cost with noise, groups of 2–4 mutually exclusive
alternatives are spread among the measures, and the mandatory measures (forsvarlighet) sit in
different groups and always fit in the budget, which is 40–60 % of the total of each resource.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from prioritet.engine import Measures

#: Median cost of a measure and the spread of log(cost): a median of 250 000 NOK, a mean of ~410 000 NOK.
COST_MEDIAN_NOK = 250_000.0
COST_SIGMA = 1.0
#: Cost of one full-time equivalent (årsverk) in NOK; a measure's FTE is its cost over this, with noise.
NOK_PER_FTE = 950_000.0

CRITERIA_NAMES = ("benefit", "severity", "resources")


@dataclass(frozen=True)
class Instance:
    """One generated set of measures with the budgets that go with it."""

    ids: tuple[str, ...]
    #: The same ids as a numpy string array: what :meth:`measures` starts from, as the peers start
    #: from their score matrix (issue 16 §7: the engine's input built from arrays).
    id_array: NDArray[np.str_]
    #: Shape (n, 3): benefit, severity, resources, integers 1–5 (resources is a cost criterion).
    scores: NDArray[np.int64]
    cost_nok: NDArray[np.float64]
    fte: NDArray[np.float64]
    groups: tuple[str | None, ...]
    mandatory: NDArray[np.bool_]
    #: Budget per resource column, 40–60 % of that column's total.
    budget: dict[str, float]

    def __len__(self) -> int:
        return len(self.ids)

    def measures(self) -> Measures:
        """A new, validated :class:`Measures` (every call builds a fresh object with no cached values)."""
        return Measures.build(
            self.id_array,
            None,
            self.scores,
            resources={"cost_nok": self.cost_nok, "fte": self.fte},
            mandatory=self.mandatory,
            groups=self.groups,
        )

    def total(self, column: str) -> float:
        return float({"cost_nok": self.cost_nok, "fte": self.fte}[column].sum())


def generate(n: int, seed: int, *, groups: int = 0, mandatory: int = 0) -> Instance:
    """``n`` measures with ``groups`` exclusive groups of 2–4 and ``mandatory`` mandatory measures."""
    rng = np.random.default_rng([seed, n, groups, mandatory])
    # Ids are unique but not in row order, as in a file exported from a case system.
    ids = tuple(f"T{k:07d}" for k in rng.permutation(n) + 1)
    scores = rng.integers(1, 6, size=(n, 3), dtype=np.int64)
    cost = np.round(rng.lognormal(np.log(COST_MEDIAN_NOK), COST_SIGMA, n), -3)
    fte = np.round(cost / NOK_PER_FTE * rng.lognormal(0.0, 0.5, n), 2)

    group_of: list[str | None] = [None] * n
    sizes = rng.integers(2, 5, size=groups)
    if sizes.sum() > n:
        raise ValueError(f"{groups} groups of 2–4 do not fit in {n} measures")
    members = rng.permutation(n)[: sizes.sum()]
    first_members: list[int] = []
    start = 0
    for g, size in enumerate(sizes):
        chunk = members[start : start + size]
        start += size
        first_members.append(int(chunk[0]))
        for i in chunk:
            group_of[i] = f"G{g + 1:04d}"

    budget_share = rng.uniform(0.4, 0.6, size=2)
    budget = {"cost_nok": float(cost.sum() * budget_share[0]), "fte": float(fte.sum() * budget_share[1])}

    # Mandatory measures: at most one per group (two in one exclusive group would be contradictory),
    # and never more than a quarter of either budget together.
    candidates = np.concatenate([np.flatnonzero(np.array([g is None for g in group_of])), first_members])
    forced = np.zeros(n, dtype=bool)
    for i in rng.permutation(candidates):
        if forced.sum() == mandatory:
            break
        if (
            cost[forced].sum() + cost[i] <= 0.25 * budget["cost_nok"]
            and fte[forced].sum() + fte[i] <= 0.25 * budget["fte"]
        ):
            forced[i] = True
    if forced.sum() != mandatory:
        raise ValueError(f"could not place {mandatory} mandatory measures within the budgets")
    return Instance(
        ids=ids,
        id_array=np.array(ids),
        scores=scores,
        cost_nok=cost,
        fte=fte,
        groups=tuple(group_of),
        mandatory=forced,
        budget=budget,
    )
