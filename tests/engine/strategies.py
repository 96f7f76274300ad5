"""Hypothesis strategies shared by the engine's tests: measures, budgets and weights.

Instances are kept small enough for the brute-force oracles in :mod:`.oracles` (2**15 subsets at
most) and are drawn so that the interesting cases are common: equal score profiles (ties), tight
budgets, exclusive groups, mandatory measures and chains of ``requires``.
"""

from __future__ import annotations

from dataclasses import dataclass

from hypothesis import strategies as st

from prioritet.engine import Criterion, Measures, Weights

SCORE = st.integers(1, 5)
PROFILE = st.tuples(SCORE, SCORE, SCORE)
BUDGET_COLUMNS = ("cost_nok", "fte")


def ids_for(n: int, order: list[int]) -> list[str]:
    """Unique ids whose alphabetical order is not the row order (as from a case system)."""
    return [f"t{k:02d}" for k in order[:n]]


@st.composite
def score_matrices(draw: st.DrawFn, min_n: int = 1, max_n: int = 8) -> list[tuple[int, int, int]]:
    """Scores of ``min_n``–``max_n`` measures; half the time drawn from a small pool of profiles,
    so that equal profiles (exact ties) are frequent."""
    n = draw(st.integers(min_n, max_n))
    if draw(st.booleans()):
        pool = draw(st.lists(PROFILE, min_size=1, max_size=3))
        return [draw(st.sampled_from(pool)) for _ in range(n)]
    return draw(st.lists(PROFILE, min_size=n, max_size=n))


@st.composite
def plain_measures(draw: st.DrawFn, min_n: int = 1, max_n: int = 8) -> Measures:
    """Measures with scores only (no resources, constraints or mandatory measures)."""
    scores = draw(score_matrices(min_n, max_n))
    order = draw(st.permutations(range(len(scores))))
    return Measures.build(ids_for(len(scores), list(order)), None, scores)


@dataclass(frozen=True)
class Instance:
    """Measures with resource columns and constraints, and a budget for some of the columns."""

    measures: Measures
    budget: dict[str, float]

    def __repr__(self) -> str:  # what Hypothesis prints for a falsifying example
        m = self.measures
        return (
            f"Instance(ids={m.ids}, scores={m.scores.tolist()}, resources="
            f"{ {c: v.tolist() for c, v in m.resources.items()} }, mandatory={m.mandatory.tolist()}, "
            f"groups={m.groups}, requires={m.requires}, budget={self.budget})"
        )


@st.composite
def instances(
    draw: st.DrawFn,
    min_n: int = 1,
    max_n: int = 10,
    max_budgets: int = 2,
    mandatory: bool = True,
    groups: bool = True,
    requires: bool = True,
    max_cost: int = 20,
) -> Instance:
    """A portfolio problem. Costs are integers (so sums are exact) and each budget lies anywhere
    from 0 to the column's total, so some instances are infeasible (mandatory measures that do not
    fit) and some are not constrained at all."""
    scores = draw(score_matrices(min_n, max_n))
    n = len(scores)
    ids = ids_for(n, list(draw(st.permutations(range(n)))))
    columns = BUDGET_COLUMNS[: draw(st.integers(1, max_budgets))]
    resources = {c: [float(draw(st.integers(0, max_cost))) for _ in range(n)] for c in columns}
    rare = st.integers(0, 5).map(lambda k: k == 0)
    mand = [draw(rare) for _ in range(n)] if mandatory else [False] * n
    grp = [draw(st.sampled_from([None, None, "A", "B", "C"])) for _ in range(n)] if groups else [None] * n
    req: list[str | None] = [None] * n
    if requires and n > 1:
        for i in range(n):
            if draw(st.integers(0, 3)) == 0:
                j = draw(st.integers(0, n - 2))
                req[i] = ids[j if j < i else j + 1]
    measures = Measures.build(ids, None, scores, resources=resources, mandatory=mand, groups=grp, requires=req)
    budget = {c: float(draw(st.integers(0, int(sum(resources[c]))))) for c in columns}
    return Instance(measures, budget)


#: Weights a person would type: whole numbers 0–10 for benefit and severity, not both 0. On this grid
#: two selections' values are equal or differ by at least 1/(4·20), far above any solver tolerance.
grid_value_weights = st.tuples(st.integers(0, 10), st.integers(0, 10)).filter(lambda w: sum(w) > 0)


def value_weights(w: tuple[float, float]) -> Weights:
    return Weights({Criterion.BENEFIT: float(w[0]), Criterion.SEVERITY: float(w[1])})


#: Positive weights on all three criteria (monotonicity needs every weight > 0).
positive_weights = st.tuples(*[st.floats(0.01, 10.0, allow_nan=False)] * 3)

#: Non-negative weights on all three criteria, at least one clearly positive.
any_weights = st.tuples(*[st.sampled_from([0.0, 0.5, 1.0, 2.0]) | st.floats(0.0, 10.0)] * 3).filter(
    lambda w: sum(w) > 1e-3
)


def weights3(w: tuple[float, float, float]) -> Weights:
    return Weights(dict(zip((Criterion.BENEFIT, Criterion.SEVERITY, Criterion.RESOURCES), map(float, w), strict=True)))
