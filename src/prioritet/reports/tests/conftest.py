"""Fixtures for the reports tests: the seed's three worked cases («Vurderes samlet»), decided.

The assessors have names that appear nowhere else, so a test can tell that a report leaves them out.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_service_area
from prioritet.cases import services
from prioritet.cases.judgment import combined_judgment
from prioritet.cases.models import AlternativeKind, Level
from prioritet.cases.testing import assess, decider_for, on_team
from prioritet.cases.testing import decide as testing_decide

ARTIFACTS = Path(__file__).resolve().parents[4] / "test-artifacts" / "reports"

#: Names of the people who assess; no report may show them (the vedtak summary above all).
ASSESSOR_NAMES = ("Ingrid", "Vurdersen", "Torstein", "Skjønnsen")


@pytest.fixture
def area(municipality):
    return make_service_area(municipality, "Helse og mestring")


@pytest.fixture
def health_personnel(user_factory):
    return user_factory(Role.HEALTH_PERSONNEL, username="fysio-ts", first_name="Torstein", last_name="Skjønnsen")


@pytest.fixture
def assessor_caseworker(user_factory):
    return user_factory(Role.CASEWORKER, username="vurderer-iv", first_name="Ingrid", last_name="Vurdersen")


@pytest.fixture
def director(user_factory):
    return user_factory(Role.DIRECTOR, username="kommunedirektor", first_name="Kari", last_name="Direktørsen")


@pytest.fixture
def director_two(user_factory):
    return user_factory(Role.DIRECTOR, username="radgiver-iv", first_name="Ingrid", last_name="Vurdersen")


def decide(case, user, alternative, **fields):
    case.refresh_from_db()
    judgment = combined_judgment(case)
    fields.setdefault("priority", "high")
    fields.setdefault("justification", "Størst samlet nytte innenfor forsvarlige rammer.")
    fields.setdefault("reassessment_due", timezone.localdate() + datetime.timedelta(days=365))
    decision = testing_decide(
        case, user, decider_for(case, user), alternative=alternative, signature=judgment.signature, **fields
    )
    case.refresh_from_db()
    return decision


@pytest.fixture
def political_case(director, director_two, area):
    """The seed's political case: expand day activities for people with dementia (high, large, moderate-small)."""
    case = services.create_case(
        director.municipality,
        director,
        no_action_consequence="Økt isolasjon for personer med demens og større belastning på pårørende; "
        "tidligere behov for sykehjemsplass.",
        level=Level.POLITICAL,
        title="Økt dagaktivitetstilbud til personer med demens",
        severity=4,
        severity_justification="Høy – risiko for isolasjon og pårørendebelastning.",
        description="Flere hjemmeboende personer med demens står på venteliste til dagaktivitetstilbudet. "
        "Kommunestyret skal ta stilling til en utvidelse i økonomiplanen 2026–2029.",
        service_area=area,
        plan_process="economic_plan",
    )
    ten = services.add_alternative(
        case, director, title="Utvide dagaktivitetstilbudet med ti plasser", description="To nye grupper fra 2026."
    )
    five = services.add_alternative(case, director, title="Utvide med fem plasser", description="Én ny gruppe.")
    no_action = case.alternatives.get(kind=AlternativeKind.NO_ACTION)
    for user in (director, director_two):
        assess(
            ten,
            user,
            4,
            2,
            why_b="Stor – bedrer livskvalitet og utsetter sykehjem.",
            why_r="Moderat til liten kostnad.",
        )
        assess(five, user, 3, 2, why_b="Moderat – halvparten av ventelisten får tilbud.")
        assess(no_action, user, 1, 1)
    decide(
        case,
        director,
        ten,
        justification="Bør prioriteres høyt: høy alvorlighet, stor nytte og moderat kostnad.",
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def service_case(user_factory, area):
    """The seed's service case: start «Larvikshjelpa» (undecided, so the report is a proposal)."""
    leader = user_factory(Role.LEADER, username="leder-ts", first_name="Torstein", last_name="Skjønnsen")
    case = services.create_case(
        leader.municipality,
        leader,
        no_action_consequence="Ventetiden øker; tilstander kan forverres.",
        level=Level.SERVICE,
        title="Vurdere oppstart av Larvikshjelpa",
        severity=4,
        severity_justification="Ventetid er en betydelig risikofaktor.",
        description="Økende pågang fra innbyggere.",
        service_area=area,
        child_affected=True,
    )
    start = services.add_alternative(case, leader, title="Etablere Larvikshjelpa")
    assess(
        start,
        leader,
        4,
        1,
        why_b="Stor – redusert ventetid er stor nytte i seg selv.",
        why_r="Krever ikke nye ressurser totalt sett, men omdisponering av fagstillinger.",
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def individual_case(assessor_caseworker, health_personnel, area):
    """The seed's individual case: 75-year-old with hip fracture; the home rehabilitation team is chosen."""
    case = services.create_case(
        assessor_caseworker.municipality,
        assessor_caseworker,
        no_action_consequence="Kan få varig nedsatt funksjon uten oppfølging.",
        level=Level.INDIVIDUAL,
        title="Søknad om rehabiliteringsopphold",
        case_reference="SAK-2025-0412",
        service_area=area,
        severity=4,
        severity_justification="Høy – kan få varig nedsatt funksjon uten oppfølging.",
    )
    institution = services.add_alternative(case, assessor_caseworker, title="Rehabiliteringsopphold i institusjon")
    home = services.add_alternative(case, assessor_caseworker, title="Rehabiliteringsteam i hjemmet")
    no_action = case.alternatives.get(kind=AlternativeKind.NO_ACTION)
    on_team(case, health_personnel)
    for user in (assessor_caseworker, health_personnel):
        assess(
            institution,
            user,
            4,
            4,
            why_b="Stor – kan bli selvhjulpen.",
            why_r="Høy ved institusjon.",
        )
        assess(
            home,
            user,
            4,
            3,
            why_b="Stor – personen kan bli selvhjulpen og utsette behov for varig hjelp.",
            why_r="Moderat ved hjemmerehabilitering.",
        )
        assess(no_action, user, 1, 1)
    decide(
        case,
        assessor_caseworker,
        home,
        justification="Bør prioritere rehabiliteringsteam i hjemmet: samme nytte med færre ressurser.",
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def child_case(assessor_caseworker, area):
    """An individual case that affects a child, decided with an assessment of the child's best interest."""
    case = services.create_case(
        assessor_caseworker.municipality,
        assessor_caseworker,
        no_action_consequence="Økt belastning i familien.",
        level=Level.INDIVIDUAL,
        title="Søknad om avlastning",
        case_reference="SAK-2025-0977",
        child_affected=True,
        severity=3,
    )
    relief = services.add_alternative(case, assessor_caseworker, title="Avlastning to helger i måneden")
    assess(relief, assessor_caseworker, 4, 3, why_b="Stor – familien får hvile.")
    decide(
        case,
        assessor_caseworker,
        relief,
        priority="medium",
        justification="Avlastning gir familien nødvendig hvile.",
        child_best_interest="Barnet får en stabil hverdag hjemme; avlastningen er tilpasset barnets rutiner.",
    )
    case.refresh_from_db()
    return case


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS
