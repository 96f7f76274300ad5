"""Fixtures for the portfolio tests, on top of ``src/prioritet/conftest.py``."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from django.core.cache import cache

from prioritet.accounts.models import Role
from prioritet.cases import services as case_services
from prioritet.cases.models import Level
from prioritet.portfolio import services
from prioritet.portfolio.models import Measure

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "data" / "tiltak.csv"


@pytest.fixture(autouse=True)
def fresh_cache():
    """Every test starts with an empty cache, so no result of another test's data is ever reused."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def health_personnel(user_factory):
    return user_factory(Role.HEALTH_PERSONNEL, username="helsepersonell")


@pytest.fixture
def service_case(leader):
    return case_services.create_case(
        leader.municipality,
        leader,
        no_action_consequence="Tjenestene blir ikke forsvarlige uten omdisponering.",
        level=Level.SERVICE,
        title="Omdisponering i hjemmetjenesten 2027",
    )


@pytest.fixture
def political_case(director):
    return case_services.create_case(
        director.municipality,
        director,
        no_action_consequence="Ventelistene vokser.",
        level=Level.POLITICAL,
        title="Budsjett 2027: helse og omsorg",
    )


@pytest.fixture
def portfolio(service_case, leader):
    return services.create_portfolio(service_case, leader)


@pytest.fixture
def political_portfolio(political_case, director):
    return services.create_portfolio(political_case, director)


#: The worked example of docs/methods.md §6.5: (id, name, benefit, severity, cost_nok, mandatory, group, requires).
WORKED = (
    ("M1", "Forsvarlig nattbemanning", 3, 5, 1_500_000, True, "", None),
    ("M2", "Rehabilitering i institusjon", 4, 4, 1_200_000, False, "rehab", None),
    ("M3", "Rehabiliteringsteam i hjemmet", 4, 4, 600_000, False, "rehab", None),
    ("M4", "Dagaktivitet for personer med demens", 4, 4, 800_000, False, "", None),
    ("M5", "Pårørendeskole", 3, 3, 200_000, False, "", "M4"),
    ("M6", "Digitalt tilsyn", 3, 2, 500_000, False, "", None),
)


def add_worked_example(portfolio, user) -> dict[str, Measure]:
    """The six measures of methods §6.5 through the service, as a user would add them."""
    made: dict[str, Measure] = {}
    for code, name, b, s, cost, mandatory, group, requires in WORKED:
        made[code] = services.create_measure(
            portfolio,
            user,
            amounts={"cost_nok": Decimal(cost), "fte": Decimal(cost) / Decimal(800_000)},
            code=code,
            name=name,
            benefit=b,
            severity=s,
            resources=3,
            mandatory=mandatory,
            legal_basis="Helse- og omsorgstjenesteloven § 4-1" if mandatory else "",
            group=group,
            requires=made[requires] if requires else None,
            affected=f"Brukere av {name.lower()}",
            consequence=f"Uten {name.lower()} øker risikoen.",
        )
    return made


@pytest.fixture
def worked(portfolio, leader):
    """The portfolio with the worked example and a budget of 3 000 000 NOK."""
    measures = add_worked_example(portfolio, leader)
    services.set_budget(portfolio, leader, {"cost_nok": Decimal(3_000_000)})
    return measures


def csv_file(
    rows: list[str], header: str = "id;navn;nytte;alvorlighet;ressurs;cost_nok;fte;obligatorisk;gruppe;krever"
):
    return ("\n".join([header, *rows]) + "\n").encode("utf-8")
