"""Portfolios for the reports tests, written straight to the portfolio app's tables.

The demo measures file (32 measures, four of them mandatory) gives a realistic portfolio; a seeded
generator gives one of any size for the timing.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from prioritet.tabular import read_file

DEMO = Path(__file__).resolve().parents[2] / "demo" / "data" / "tiltak.csv"

#: Who is affected and what happens if left out, for some of the demo measures.
CONSEQUENCES = {
    "korttid-4": ("Eldre som skrives ut fra sykehus", "Lengre ventetid på korttidsplass; flere reinnleggelser."),
    "lindrende-enhet": ("Pasienter i livets siste fase og deres pårørende", "Flere dør på sykehus mot eget ønske."),
    "frisklivssentral": ("Voksne med risiko for livsstilssykdom", "Færre får hjelp til å endre levevaner."),
    "matombringing": ("Hjemmeboende eldre", "Lengre ventetid på middag levert hjem."),
}


def make_columns(municipality):
    from prioritet.portfolio.models import ResourceColumn

    cost, _ = ResourceColumn.objects.get_or_create(
        municipality=municipality, key="cost_nok", defaults={"label": "Kostnad", "unit": "kr per år", "position": 0}
    )
    fte, _ = ResourceColumn.objects.get_or_create(
        municipality=municipality, key="fte", defaults={"label": "Årsverk", "unit": "årsverk", "position": 1}
    )
    return cost, fte


def make_portfolio(case, user, rows, *, budget_nok: float | None, budget_fte: float | None = None):
    """A portfolio of ``rows`` = [(code, name, b, s, r, cost, fte, mandatory, group, requires)]."""
    from prioritet.portfolio.models import Budget, Measure, MeasureAmount, Portfolio

    cost, fte = make_columns(case.municipality)
    portfolio = Portfolio.objects.create(municipality=case.municipality, case=case, created_by=user)
    by_code: dict[str, Measure] = {}
    for position, (code, name, b, s, r, nok, years, mandatory, group, requires) in enumerate(rows):
        affected, consequence = CONSEQUENCES.get(code, ("", ""))
        measure = Measure.objects.create(
            portfolio=portfolio,
            code=code,
            name=name,
            benefit=b,
            severity=s,
            resources=r,
            mandatory=mandatory,
            legal_basis="Helse- og omsorgstjenesteloven § 4-1" if mandatory else "",
            group=group or "",
            requires=by_code.get(requires) if requires else None,
            affected=affected,
            consequence=consequence,
            position=position,
            created_by=user,
        )
        by_code[code] = measure
        MeasureAmount.objects.create(measure=measure, column=cost, amount=Decimal(str(nok)))
        MeasureAmount.objects.create(measure=measure, column=fte, amount=Decimal(str(years)))
    Budget.objects.create(portfolio=portfolio, column=cost, amount=None if budget_nok is None else Decimal(budget_nok))
    Budget.objects.create(portfolio=portfolio, column=fte, amount=None if budget_fte is None else Decimal(budget_fte))
    return portfolio


def demo_rows():
    m = read_file(DEMO).measures
    return [
        (
            m.ids[i],
            m.names[i],
            int(m.scores[i][0]),
            int(m.scores[i][1]),
            int(m.scores[i][2]),
            float(m.resources["cost_nok"][i]),
            float(m.resources["fte"][i]),
            bool(m.mandatory[i]),
            m.groups[i],
            m.requires[i],
        )
        for i in range(len(m))
    ]


def generated_rows(n: int, seed: int = 1):
    """``n`` measures with seeded random scores and costs; every tenth is mandatory and cheap."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        mandatory = i % 10 == 0
        nok = rng.randrange(100, 3000) * 1000
        rows.append(
            (
                f"tiltak-{i:03d}",
                f"Tiltak nummer {i} i handlingsplanen",
                rng.randint(1, 5),
                rng.randint(1, 5),
                rng.randint(1, 5),
                nok // 4 if mandatory else nok,
                round(nok / 900_000, 1),
                mandatory,
                f"gruppe-{i // 17}" if i % 17 in (1, 2) and not mandatory else None,
                None,
            )
        )
    return rows
