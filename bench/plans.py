"""The multi-year plan (økonomiplan) task: Prioritet's ``optimise_plan`` against the same MILP written
directly against scipy's ``milp`` (HiGHS), on the same instance, in the same run.

The instance extends :func:`.instances.generate`'s measures over four years: about four in ten
measures have an establishment cost in their first year (1–2.5 × the running cost), one in ten is a
saving (a negative running amount, nothing in its first year), a quarter may start only from the
second, third or fourth year, and one in twenty requires another (never a mandatory measure's
chain). Mandatory measures start in the first year at their running cost. The yearly budgets are
the generated budgets (40–60 % of each column's total), growing 3 % a year.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import csr_array, vstack

from prioritet.engine import Measures, Plan, PlanMeasures, optimise_plan

from .instances import Instance, generate
from .solver_model import Model

COLUMNS = ("cost_nok", "fte")


@dataclass(frozen=True)
class PlanInstance:
    base: Instance
    years: tuple[int, ...]
    running: dict[str, NDArray[np.float64]]
    first: dict[str, NDArray[np.float64]]
    earliest: tuple[int | None, ...]
    requires: tuple[str | None, ...]
    budget: dict[str, list[float]]

    def measures(self) -> PlanMeasures:
        """A freshly built, validated plan input (no cached values)."""
        b = self.base
        m = Measures.build(b.ids, None, b.scores, mandatory=b.mandatory, groups=b.groups, requires=self.requires)
        return PlanMeasures.build(m, self.running, self.first, self.earliest)


def generate_plan(n: int, seed: int, years: int = 4, groups: int = 25, mandatory: int = 12) -> PlanInstance:
    base = generate(n, seed, groups=groups, mandatory=mandatory)
    rng = np.random.default_rng([seed, n, years, 14])
    period = tuple(range(2027, 2027 + years))
    saving = (rng.random(n) < 0.10) & ~base.mandatory
    establish = (rng.random(n) < 0.40) & ~base.mandatory & ~saving
    factor = np.where(establish, rng.uniform(1.0, 2.5, n), 1.0)
    running = {c: np.where(saving, -0.5, 1.0) * getattr(base, c) for c in COLUMNS}
    first = {c: np.where(saving, 0.0, factor * getattr(base, c)) for c in COLUMNS}
    late = (rng.random(n) < 0.25) & ~base.mandatory
    earliest = tuple(int(rng.integers(period[1], period[-1] + 1)) if late[i] else None for i in range(n))
    requires: list[str | None] = [None] * n
    for i in map(int, np.flatnonzero((rng.random(n) < 0.05) & ~base.mandatory)):
        j = int(rng.integers(0, n - 1))
        j = j if j < i else j + 1
        if not base.mandatory[j]:
            requires[i] = base.ids[j]
    budget = {c: [base.budget[c] * 1.03**t for t in range(years)] for c in COLUMNS}
    return PlanInstance(base, period, running, first, earliest, tuple(requires), budget)


def ours(instance: PlanInstance, measures: PlanMeasures) -> Plan:
    return optimise_plan(measures, instance.years, instance.budget)


def plan_model(instance: PlanInstance) -> Model:
    """The plan's MILP as arrays, one binary per (measure, start year): a start earns the measure's
    value for each year it runs; yearly budgets (first-year and running amounts), one start per measure
    or group, a required measure started no later, mandatory measures started in their first year."""
    b = instance.base
    n, periods, first_year = len(b), len(instance.years), instance.years[0]
    begin = np.array([0 if e is None else max(0, e - first_year) for e in instance.earliest])
    owner = np.repeat(np.arange(n), periods)
    when = np.tile(np.arange(periods), n)
    allowed = when >= begin[owner]
    owner, when = owner[allowed], when[allowed]
    k = len(owner)
    values = _values(b.scores)
    c = values[owner] * (periods - when)
    t = np.arange(periods)[:, None]
    rows = [
        np.where(t == when, instance.first[col][owner], np.where(t > when, instance.running[col][owner], 0.0))
        for col in COLUMNS
    ]
    budget = np.concatenate([instance.budget[col] for col in COLUMNS])
    # One start per measure, or per group.
    key = np.array([f"g:{g}" if g is not None else f"m:{i}" for i, g in enumerate(b.groups)])[owner]
    _, group_row = np.unique(key, return_inverse=True)
    one = csr_array((np.ones(k), (group_row, np.arange(k))), shape=(group_row.max() + 1, k))
    blocks = [csr_array(np.vstack(rows)), one]
    upper = [budget, np.ones(one.shape[0])]
    index = {ident: i for i, ident in enumerate(b.ids)}
    req_rows = []
    for i, target in enumerate(instance.requires):
        if target is None:
            continue
        j = index[target]
        for year in range(periods):
            row = np.zeros(k)
            row[(owner == i) & (when <= year)] = 1.0
            row[(owner == j) & (when <= year)] = -1.0
            req_rows.append(row)
    if req_rows:
        blocks.append(csr_array(np.vstack(req_rows)))
        upper.append(np.zeros(len(req_rows)))
    lower = (b.mandatory[owner] & (when == begin[owner])).astype(float)
    return Model(c, csr_array(vstack(blocks)), np.concatenate(upper), lower)


def direct(instance: PlanInstance) -> float:
    """The plan's MILP built straight from the arrays (:func:`plan_model`), with the engine's solver
    options (relative gap 0, objective scaled by 10⁴); returns the optimal value."""
    model = plan_model(instance)
    result = milp(
        -1e4 * model.c,
        constraints=[LinearConstraint(model.a, -np.inf, model.upper)],
        integrality=np.ones(model.columns),
        bounds=Bounds(model.lower, np.ones(model.columns)),
        options={"mip_rel_gap": 0.0, "presolve": True},
    )
    if result.status != 0:
        raise RuntimeError(f"direct milp: {result.message}")
    return float(-result.fun / 1e4)


def _values(scores: NDArray[np.int64]) -> NDArray[np.float64]:
    """Benefit and severity partial values with equal weights: ((b−1) + (s−1)) / 8."""
    return ((scores[:, 0] - 1) + (scores[:, 1] - 1)) / 8.0
