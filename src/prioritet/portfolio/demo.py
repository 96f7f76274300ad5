"""The demo's portfolio (``manage.py load_demo``): the dementia case's measures, budget and scenario.

The walk-through found the dementia case decided «4 days a week» in its judgment while its budget's
optimum picked «2 days», in one saksframlegg. Under the one-truth model (docs/architecture.md) the case's
alternative «Øke dagaktivitetstilbudet» *is* the administration's proposal, spelled out in the
portfolio's measures: day activities two days a week with the dementia coordinator, the relatives'
school and the ambulant team (the engine's optimum within 3 000 000 NOK, so the saksframlegg says the
scenario is the optimum). The four- and five-day levels are in the portfolio too, as the alternatives
the budget leaves out. The municipality's cost bands make each measure's resource score agree with
its amount.

The annual budget case gets the whole of ``tiltak.csv`` (32 measures with their legal basis, who is
affected and the consequence if left out), imported by the web import's own check and save, and
the budget the file's README names: a budget workspace ready to explore after ``make run``.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from decimal import Decimal
from functools import cache
from typing import TYPE_CHECKING

from prioritet.cases.models import Case
from prioritet.demo import MEASURES
from prioritet.tabular import read_file

from . import imports, services
from .models import Measure, Portfolio, ResourceColumn, ScenarioKind

if TYPE_CHECKING:
    from prioritet.accounts.models import Municipality, User

CASE_TITLE = "Vurdere å øke dagaktivitetstilbudet til personer med demens"
ALTERNATIVE = "Øke dagaktivitetstilbudet"
#: The dementia measures of ``tiltak.csv``.
CODES = (
    "dagaktivitet-demens-2",
    "dagaktivitet-demens-4",
    "dagaktivitet-demens-5",
    "demenskoordinator",
    "parorendeskole",
    "ambulant-atferdsteam",
)
PROPOSAL = ("dagaktivitet-demens-2", "demenskoordinator", "parorendeskole", "ambulant-atferdsteam")
BUDGET_NOK = Decimal(3_000_000)
#: The demo municipality's cost bands: the most a measure may cost per year to score 1, 2, 3 and 4.
COST_BANDS = (500_000, 1_000_000, 2_000_000, 3_000_000)
#: The open political case that gets every measure of ``tiltak.csv`` and the budget of its README.
BUDGET_CASE_TITLE = "Årsbudsjett: reduksjon av korttidsplasser"
BUDGET = {"cost_nok": Decimal(20_000_000), "fte": Decimal(22)}


@cache
def measure_texts() -> dict[str, dict[str, str]]:
    """Each measure's legal basis, who is affected and the consequence if left out, by id, from ``tiltak.csv``."""
    with MEASURES.open(encoding="utf-8", newline="") as file:
        return {
            row["id"]: {key: row[key] for key in ("legal_basis", "affected", "consequence")}
            for row in csv.DictReader(file, delimiter=";")
        }


def add_demo_budget(municipality: Municipality, users: Mapping[str, User]) -> None:
    """Give the open annual budget case the whole of ``tiltak.csv`` and its budget (idempotent).

    The file goes through the web import's check and save, as an upload does: the product's own demo
    file must import as it is.
    """
    case = Case.objects.for_municipality(municipality).filter(title=BUDGET_CASE_TITLE).first()
    if case is None or case.is_decided or Portfolio.objects.filter(case=case).exists():
        return
    director = users["demo-direktor"]
    portfolio = services.create_portfolio(case, director)
    preview = imports.preview(portfolio, MEASURES.read_bytes(), MEASURES.name)
    if not preview.ok:
        raise ValueError(f"{MEASURES.name} does not import: {[str(p.message) for p in preview.problems]}")
    services.import_measures(portfolio, director, preview)
    services.set_budget(portfolio, director, BUDGET)


def add_demo_portfolio(municipality: Municipality, users: Mapping[str, User]) -> None:
    """Give the open dementia case its portfolio and the scenario that is its alternative (idempotent)."""
    case = Case.objects.for_municipality(municipality).filter(title=CASE_TITLE).first()
    if case is None or case.is_decided or Portfolio.objects.filter(case=case).exists():
        return
    director = users["demo-direktor"]
    columns = {c.key: c for c in services.ensure_default_columns(municipality)}
    cost = columns["cost_nok"]
    if not cost.bands:
        services.set_column_bands(ResourceColumn.objects.get(pk=cost.pk), director, COST_BANDS)
    portfolio = services.create_portfolio(case, director)
    data = read_file(MEASURES).measures
    made: dict[str, Measure] = {}
    for i, code in enumerate(data.ids):
        if code not in CODES:
            continue
        benefit, severity, resources = (int(v) for v in data.scores[i])
        required = data.requires[i]
        made[code] = services.create_measure(
            portfolio,
            director,
            amounts={key: Decimal(str(float(data.resources[key][i]))) for key in ("cost_nok", "fte")},
            code=code,
            name=data.names[i],
            benefit=benefit,
            severity=severity,
            resources=resources,
            group=data.groups[i] or "",
            requires=made.get(required) if required else None,
            affected=measure_texts()[code]["affected"],
            consequence=measure_texts()[code]["consequence"],
        )
    services.set_budget(portfolio, director, {"cost_nok": BUDGET_NOK, "fte": None})
    services.create_scenario(
        portfolio,
        director,
        name="Administrasjonens forslag: dagaktivitet to dager i uka med demenskoordinator",
        kind=ScenarioKind.PROPOSAL,
        measures=[made[code] for code in PROPOSAL],
        alternative=case.alternatives.get(title=ALTERNATIVE),
        note="Kommunedirektørens forslag til økonomiplanen, innenfor rammen på 3 000 000 kr.",
    )
