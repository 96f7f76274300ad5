"""The guideline's cycle on a case: deciding moves it on to «utføre»; going back needs a reason."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from prioritet.cases import services
from prioritet.cases.models import Level, Phase, PhaseChange
from prioritet.cases.testing import assess_and_decide, decided_case, prepared


def test_deciding_a_case_moves_it_on_to_carry_out_and_records_the_step(leader):
    case, decision = decided_case(leader, [("Dagsenter fire dager", (4, 3))], level=Level.SERVICE)
    assert case.phase == Phase.CARRY_OUT
    step = PhaseChange.objects.get(case=case, to_phase=Phase.CARRY_OUT)
    assert (step.from_phase, step.to_phase, step.changed_by) == (Phase.PREPARE, Phase.CARRY_OUT, decision.decided_by)
    assert step.note


def test_a_case_already_past_carry_out_keeps_its_phase_when_decided_again(caseworker):
    """An individual case reassessed while evaluated is decided again in «evaluere», where it stays."""
    case, _ = decided_case(caseworker, [("Fortsette", (4, 3)), ("Endre", (3, 3))], level=Level.INDIVIDUAL)
    case = services.change_phase(case, caseworker, case.version, Phase.EVALUATE)
    services.start_reassessment(case, caseworker, "Revurdering etter tre måneder.")
    case.refresh_from_db()
    assess_and_decide(case, caseworker)
    case.refresh_from_db()
    assert case.phase == Phase.EVALUATE
    assert PhaseChange.objects.filter(case=case, to_phase=Phase.CARRY_OUT).count() == 1


def test_moving_back_to_an_earlier_phase_needs_a_reason(leader):
    case = services.create_case(
        leader.municipality, leader, no_action_consequence="Ingen endring.", level=Level.SERVICE, title="Tilbake"
    )
    case = services.change_phase(prepared(case, leader), leader, case.version + 1, Phase.PLAN)
    with pytest.raises(ValidationError) as error:
        services.change_phase(case, leader, case.version, Phase.PREPARE)
    assert "note" in error.value.message_dict
    case.refresh_from_db()
    assert case.phase == Phase.PLAN
    case = services.change_phase(case, leader, case.version, Phase.PREPARE, "Behovet må kartlegges på nytt.")
    assert case.phase == Phase.PREPARE
    assert PhaseChange.objects.filter(case=case).last().note == "Behovet må kartlegges på nytt."


def test_the_phase_page_asks_for_the_reason_when_moving_back(leader, login_client):
    case = services.create_case(
        leader.municipality, leader, no_action_consequence="Ingen endring.", level=Level.SERVICE, title="Tilbake"
    )
    case = services.change_phase(prepared(case, leader), leader, case.version + 1, Phase.PLAN)
    response = login_client(leader).post(
        f"/cases/{case.pk}/phase/", {"to_phase": Phase.PREPARE, "note": "", "version": case.version}
    )
    assert response.status_code == 200
    assert "Å flytte saken tilbake til en tidligere fase krever en begrunnelse." in response.content.decode()
    case.refresh_from_db()
    assert case.phase == Phase.PLAN
