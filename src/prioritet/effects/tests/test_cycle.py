"""What the effects app adds to the cycle: the exit conditions of «utføre» and «evaluere», overdue evaluations."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from prioritet.accounts.testing import make_service_area
from prioritet.cases import phases, selectors
from prioritet.cases import services as case_services
from prioritet.cases.models import Case, Level, Phase
from prioritet.cases.testing import decided_case
from prioritet.effects import services
from prioritet.effects.models import Achievement


def _effect(case, user, days=90):
    return services.add_effect(
        case,
        user,
        description="Kortere ventetid på dagaktivitet",
        indicator="Dager fra søknad til oppstart",
        unit="dager",
        baseline=Decimal(45),
        target=Decimal(20),
        evaluate_by=timezone.localdate() + datetime.timedelta(days=days),
    )


@pytest.fixture
def decided(leader):
    area = make_service_area(leader.municipality, "Helse og mestring")
    case, _ = decided_case(
        leader, [("Dagsenter", (4, 3)), ("Avlastning", (3, 3))], level=Level.SERVICE, service_area=area
    )
    return case


@pytest.fixture(autouse=True)
def bokmal():
    """The services' messages in bokmål, whatever an earlier test left active."""
    with translation.override("nb"):
        yield


def _met(case, phase):
    return {item.key: item.met for item in phases.checklist(case, phase)}


def test_a_service_case_leaves_carry_out_only_with_its_implementation_and_expected_effects(decided, leader):
    assert _met(decided, Phase.CARRY_OUT) == {"decided": True, "implementation": False, "expected_effects": False}
    with pytest.raises(ValidationError) as error:
        case_services.change_phase(decided, leader, decided.version, Phase.EVALUATE)
    assert "Hvem som gjennomfører vedtaket, og fra når, er registrert" in error.value.message_dict["to_phase"]
    services.save_implementation(decided, leader, None, responsible_unit="Dagsenteret", start_date=timezone.localdate())
    _effect(decided, leader)
    assert all(_met(decided, Phase.CARRY_OUT).values())
    case = case_services.change_phase(decided, leader, Case.objects.get(pk=decided.pk).version, Phase.EVALUATE)
    assert case.phase == Phase.EVALUATE


def test_an_individual_case_has_no_effects_conditions(caseworker):
    case, _ = decided_case(caseworker, [("Hjemme", (4, 4))], level=Level.INDIVIDUAL)
    assert set(_met(case, Phase.CARRY_OUT)) == {"decided"}
    assert set(_met(case, Phase.EVALUATE)) == {"reassessed"}


def test_evaluate_is_left_only_when_every_effect_has_its_realised_value_judgment_and_lesson(decided, leader):
    services.save_implementation(decided, leader, None, responsible_unit="Dagsenteret", start_date=timezone.localdate())
    first, second = _effect(decided, leader), _effect(decided, leader, days=120)
    assert _met(decided, Phase.EVALUATE) == {"effects_evaluated": False}
    services.evaluate_effect(
        first, leader, first.version, realised=Decimal(22), achievement=Achievement.PARTLY, learning="Nesten."
    )
    assert _met(decided, Phase.EVALUATE) == {"effects_evaluated": False}
    services.evaluate_effect(
        second, leader, second.version, realised=Decimal(19), achievement=Achievement.ACHIEVED, learning=""
    )
    assert _met(decided, Phase.EVALUATE) == {"effects_evaluated": False}  # what was learnt is missing
    second.refresh_from_db()
    services.evaluate_effect(
        second, leader, second.version, realised=Decimal(19), achievement=Achievement.ACHIEVED, learning="Nådd."
    )
    assert _met(decided, Phase.EVALUATE) == {"effects_evaluated": True}


def test_the_overview_counts_overdue_evaluations_per_service_area(decided, leader):
    services.save_implementation(decided, leader, None, responsible_unit="Dagsenteret", start_date=timezone.localdate())
    overdue, _ = _effect(decided, leader, days=-2), _effect(decided, leader, days=30)
    rows = {row.area_name: row for row in selectors.phase_overview(leader.municipality, leader)}
    assert rows["Helse og mestring"].evaluation_overdue == 1
    services.evaluate_effect(
        overdue, leader, overdue.version, realised=Decimal(30), achievement=Achievement.PARTLY, learning="x"
    )
    rows = {row.area_name: row for row in selectors.phase_overview(leader.municipality, leader)}
    assert rows["Helse og mestring"].evaluation_overdue == 0


def test_the_overview_page_shows_the_overdue_evaluations(decided, leader, login_client):
    services.save_implementation(decided, leader, None, responsible_unit="Dagsenteret", start_date=timezone.localdate())
    _effect(decided, leader, days=-2)
    page = login_client(leader).get("/cases/overview/").content.decode()
    assert "Evaluering forfalt" in page
    cell = page[page.index('data-testid="evaluation-overdue"') :]
    assert ">1</span>" in cell[: cell.index("</td>")]


def test_the_follow_up_form_starts_from_what_the_evaluations_learnt(decided, leader, login_client):
    services.save_implementation(decided, leader, None, responsible_unit="Dagsenteret", start_date=timezone.localdate())
    effect = _effect(decided, leader)
    services.evaluate_effect(
        effect,
        leader,
        effect.version,
        realised=Decimal(22),
        achievement=Achievement.PARTLY,
        learning="Transport manglet.",
    )
    Case.objects.filter(pk=decided.pk).update(phase=Phase.FOLLOW_UP)
    page = login_client(leader).get(f"/cases/{decided.pk}/follow-up/").content.decode()
    assert "Kortere ventetid på dagaktivitet: Transport manglet." in page
