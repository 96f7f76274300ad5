"""The demo's økonomiplan: the made-up four-year file, its frames, a proposal that balances, the optimum."""

from __future__ import annotations

from prioritet.accounts.models import Role
from prioritet.budgetplan import analysis
from prioritet.budgetplan.demo import CASE_TITLE, add_demo_plan
from prioritet.budgetplan.models import EconomyPlan, PlanOptimisation
from prioritet.core.records import TaskStatus


def test_the_demo_plan_balances_and_the_optimum_is_better(municipality, user_factory):
    director = user_factory(role=Role.DIRECTOR, username="demo-direktor")
    add_demo_plan(municipality, {"demo-direktor": director})
    add_demo_plan(municipality, {"demo-direktor": director})  # idempotent
    plan = EconomyPlan.objects.get(case__title=CASE_TITLE)
    rows = list(plan.measures.all())
    assert len(rows) == 14
    assert plan.frames["cost_nok"] == [11e6, 12e6, 13e6, 14e6]
    optimisation = PlanOptimisation.objects.get(plan=plan)
    assert optimisation.status == TaskStatus.DONE
    values = analysis.measure_values(rows, None)
    proposal = analysis.evaluate(plan, rows, {m.code: m.proposed_start for m in rows}, values)
    optimum = analysis.evaluate(plan, rows, optimisation.result["start"], values)
    assert proposal.ok
    assert optimum.ok
    assert optimum.value >= proposal.value
