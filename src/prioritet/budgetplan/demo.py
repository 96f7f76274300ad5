"""The demo's økonomiplan (``manage.py load_demo``): a political case with the made-up four-year plan
``okonomiplan_made_up.csv``, its frames (those ``make demo-cli`` plans within) and the
administration's proposal, which starts every measure of the optimum but one a year late."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from prioritet.cases import services as case_services
from prioritet.cases.models import Case, Level
from prioritet.demo import PLAN

from . import imports, services, work
from .models import EconomyPlan, PlanMeasure

if TYPE_CHECKING:
    from prioritet.accounts.models import Municipality, User

CASE_TITLE = "Økonomiplan 2027–2030 for helse og omsorg (oppdiktede tall)"
FRAMES = {"cost_nok": [11_000_000.0, 12_000_000.0, 13_000_000.0, 14_000_000.0], "fte": [12.0, 12.0, 15.0, 15.0]}
#: The kommunedirektør's proposal: the start year of each measure it takes in.
PROPOSAL = {
    "nattbemanning-sykehjem": 2027,
    "helsestasjon-norm": 2028,
    "velferdsteknologi-base": 2027,
    "digitalt-tilsyn": 2028,
    "hverdagsrehabilitering": 2028,
    "institusjonsplasser-ned": 2029,
    "avlastning-barn": 2027,
    "korttid-2": 2030,
}


def add_demo_plan(municipality: Municipality, users: Mapping[str, User]) -> None:
    """Make the demo's økonomiplan case with its measures, frames and proposal (idempotent)."""
    if Case.objects.for_municipality(municipality).filter(title=CASE_TITLE).exists():
        return
    director = users["demo-direktor"]
    case = case_services.create_case(
        municipality,
        director,
        no_action_consequence="Uten prioritering går helse og omsorg over rammen fra 2028 (oppdiktet eksempel).",
        level=Level.POLITICAL,
        title=CASE_TITLE,
        description="Kommunedirektørens forslag til økonomiplan for helse og omsorg, med oppdiktede tall.",
    )
    plan = services.create_plan(case, director, 2027, 2030)
    checked = imports.check(PLAN.read_bytes(), PLAN.name)
    assert not checked["problems"], checked["problems"]
    work.import_measures(plan, director, checked["measures"])
    plan = EconomyPlan.objects.get(pk=plan.pk)
    plan.case = case
    plan = services.edit_plan(plan, plan.version, director, 2027, 2030, FRAMES)
    for measure in PlanMeasure.objects.filter(plan=plan, code__in=PROPOSAL):
        measure.plan = plan
        services.edit_measure(measure, measure.version, director, {"proposed_start": PROPOSAL[measure.code]})
    services.request_optimisation(plan, director)
