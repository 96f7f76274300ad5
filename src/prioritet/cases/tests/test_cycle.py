"""Phases that carry work: each phase's checklist from the data, forward moves checked, follow-up cases."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_service_area, make_user
from prioritet.cases import phases, services
from prioritet.cases.models import Case, CaseAccess, FollowUp, Level, Outcome, Phase, PhaseChange
from prioritet.cases.testing import assess_and_decide, decided_case, on_team, prepared


def _new(user, level=Level.INDIVIDUAL, **fields):
    return services.create_case(
        user.municipality, user, no_action_consequence="Varig funksjonstap.", level=level, title="Ny sak", **fields
    )


@pytest.fixture(autouse=True)
def bokmal():
    """The services' messages in bokmål, whatever an earlier test left active."""
    with translation.override("nb"):
        yield


def _met(case, phase):
    return {item.key: item.met for item in phases.checklist(case, phase)}


def test_the_prepare_checklist_is_read_from_the_case_data(caseworker):
    case = _new(caseworker)
    assert _met(case, Phase.PREPARE) == {
        "question": False,
        "severity": False,
        "no_action": True,
        "involvement": False,
        "management_information": False,
    }
    case = prepared(case, caseworker)
    met = _met(case, Phase.PREPARE)
    assert met["question"]
    assert met["severity"]
    assert met["involvement"]
    assert not met["management_information"]  # recommended, not required


def test_a_severity_without_justification_does_not_meet_the_prepare_checklist(caseworker):
    case = _new(caseworker, severity=4, description="Behov", involvement_plan="Samtale")
    assert _met(case, Phase.PREPARE)["severity"] is False


def test_moving_forward_is_refused_with_the_list_of_unmet_exit_conditions(caseworker):
    case = _new(caseworker, description="Søker om rehabilitering.")
    with pytest.raises(ValidationError) as error:
        services.change_phase(case, caseworker, case.version, Phase.PLAN)
    messages = error.value.message_dict["to_phase"]
    assert messages[0] == "Saken kan ikke gå videre til «Planlegge» ennå. Dette mangler:"
    assert "Alvorligheten av behovet er vurdert og begrunnet" in messages
    assert "Hvem som berøres og hvordan de involveres, er planlagt (medvirkning)" in messages
    assert "Spørsmålet og behovet er beskrevet" not in messages
    case.refresh_from_db()
    assert case.phase == Phase.PREPARE
    assert not PhaseChange.objects.filter(case=case, to_phase=Phase.PLAN).exists()


def test_skipping_a_phase_counts_the_exit_conditions_of_the_phase_skipped(caseworker):
    case = prepared(_new(caseworker), caseworker)
    with pytest.raises(ValidationError) as error:
        services.change_phase(case, caseworker, case.version, Phase.CARRY_OUT)
    messages = error.value.message_dict["to_phase"]
    assert "Minst to alternativer er vurdert" in messages
    assert "Den samlede vurderingen foreligger" in messages


def test_a_prepared_case_moves_on_and_the_step_records_who_and_when(caseworker):
    case = prepared(_new(caseworker), caseworker)
    case = services.change_phase(case, caseworker, case.version, Phase.PLAN)
    step = PhaseChange.objects.filter(case=case).last()
    assert (step.from_phase, step.to_phase, step.changed_by) == (Phase.PREPARE, Phase.PLAN, caseworker)
    assert step.changed_at is not None


def test_planning_needs_two_assessed_alternatives_and_a_judgment(caseworker):
    case, _ = decided_case(caseworker, [("Institusjon", (3, 2))], level=Level.INDIVIDUAL)
    assert _met(case, Phase.PLAN) == {"alternatives": False, "judgment": True}
    two, _ = decided_case(caseworker, [("Institusjon", (3, 2)), ("Hjemme", (4, 4))], level=Level.INDIVIDUAL)
    assert _met(two, Phase.PLAN) == {"alternatives": True, "judgment": True}


def test_an_individual_case_leaves_evaluate_only_after_its_vedtak_is_reassessed(caseworker):
    case, _ = decided_case(caseworker, [("Institusjon", (3, 2)), ("Hjemme", (4, 4))], level=Level.INDIVIDUAL)
    case = services.change_phase(case, caseworker, case.version, Phase.EVALUATE)
    with pytest.raises(ValidationError) as error:
        services.change_phase(case, caseworker, case.version, Phase.FOLLOW_UP)
    assert "Vedtaket er revurdert" in error.value.message_dict["to_phase"]
    services.start_reassessment(case, caseworker, "Revurdering etter tre måneder.")
    case.refresh_from_db()
    assert _met(case, Phase.EVALUATE)["reassessed"] is False  # reopened, not decided again yet
    assess_and_decide(case, caseworker)
    case.refresh_from_db()
    assert _met(case, Phase.EVALUATE)["reassessed"] is True
    case = services.change_phase(case, caseworker, case.version, Phase.FOLLOW_UP)
    assert case.phase == Phase.FOLLOW_UP


def test_moving_back_still_needs_a_reason_and_skips_the_checks(caseworker):
    case = prepared(_new(caseworker), caseworker)
    case = services.change_phase(case, caseworker, case.version, Phase.PLAN)
    with pytest.raises(ValidationError) as error:
        services.change_phase(case, caseworker, case.version, Phase.PREPARE)
    assert list(error.value.message_dict) == ["note"]
    case = services.change_phase(case, caseworker, case.version, Phase.PREPARE, "Mer kartlegging.")
    assert case.phase == Phase.PREPARE


def test_the_phase_page_shows_the_unmet_conditions_in_the_users_language(caseworker, login_client):
    case = _new(caseworker, description="Søker om rehabilitering.")
    response = login_client(caseworker).post(
        f"/cases/{case.pk}/phase/", {"to_phase": Phase.PLAN, "note": "", "version": case.version}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Saken kan ikke gå videre til «Planlegge» ennå. Dette mangler:" in page
    assert "Hvem som berøres og hvordan de involveres, er planlagt (medvirkning)" in page


# The case page ------------------------------------------------------------------------------------


def test_the_case_page_shows_the_stepper_with_the_current_phase_and_its_checklist(caseworker, login_client):
    case = _new(caseworker, description="Søker om rehabilitering.")
    page = login_client(caseworker).get(f"/cases/{case.pk}/").content.decode()
    stepper = page[page.index('data-testid="phase-stepper"') :]
    stepper = stepper[: stepper.index("</ol>")]
    assert stepper.count("<li") == 5
    assert stepper.count('aria-current="step"') == 1
    current = stepper[stepper.index('aria-current="step"') :]
    assert "Forberede" in current[: current.index("</li>")]
    checklist = page[page.index('data-testid="phase-checklist"') :]
    assert 'data-met="true" data-key="question"' in checklist
    assert 'data-met="false" data-key="involvement"' in checklist
    assert f'href="/cases/{case.pk}/edit/"' in checklist
    assert "Sjekkliste" in page


def test_the_case_form_edits_who_is_affected_and_the_management_information(caseworker, login_client):
    case = _new(caseworker, description="Behov.")
    client = login_client(caseworker)
    form = client.get(f"/cases/{case.pk}/edit/").content.decode()
    assert 'name="involvement_plan"' in form
    assert 'name="management_information"' in form
    response = client.post(
        f"/cases/{case.pk}/edit/",
        {
            "level": Level.INDIVIDUAL,
            "title": "Ny sak",
            "description": "Behov.",
            "plan_process": "daily_operations",
            "severity": "",
            "severity_justification": "",
            "involvement_plan": "Personen og datteren deltar i kartleggingen.",
            "management_information": "IPLOS-funksjonsprofil og ventetid på korttidsopphold.",
            "version": case.version,
        },
    )
    assert response.status_code == 302, response.content.decode()
    case.refresh_from_db()
    assert case.involvement_plan == "Personen og datteren deltar i kartleggingen."
    page = client.get(f"/cases/{case.pk}/").content.decode()
    assert "IPLOS-funksjonsprofil og ventetid på korttidsopphold." in page


def test_who_is_affected_refuses_a_national_identity_number(caseworker):
    case = _new(caseworker)
    with pytest.raises(ValidationError) as error:
        services.update_case(case, caseworker, case.version, involvement_plan="Pasient 01019010046 deltar")
    assert "involvement_plan" in error.value.message_dict


# Follow-up -----------------------------------------------------------------------------------------


@pytest.fixture
def in_follow_up(caseworker):
    area = make_service_area(caseworker.municipality, "Helse og mestring")
    case, _ = decided_case(
        caseworker,
        [("Institusjon", (3, 2)), ("Hjemme", (4, 4))],
        level=Level.INDIVIDUAL,
        service_area=area,
        case_reference="2026/77",
    )
    case = services.change_phase(case, caseworker, case.version, Phase.EVALUATE)
    services.start_reassessment(case, caseworker, "Revurdering.")
    assess_and_decide(Case.objects.get(pk=case.pk), caseworker)
    case = Case.objects.get(pk=case.pk)
    return services.change_phase(case, caseworker, case.version, Phase.FOLLOW_UP)


def test_adjusting_opens_a_follow_up_case_linked_both_ways(in_follow_up, caseworker):
    case = in_follow_up
    record = services.follow_up(
        case, caseworker, case.version, outcome=Outcome.ADJUST, note="Hjemmerehabilitering virket; færre besøk."
    )
    new = record.follow_up_case
    assert new is not None
    assert new.follows == case
    assert (new.level, new.service_area_id, new.municipality_id) == (
        case.level,
        case.service_area_id,
        case.municipality_id,
    )
    assert new.phase == Phase.PREPARE
    assert case.title in new.title
    assert new.case_reference == "2026/77"
    assert list(Case.objects.filter(follows=case)) == [new]
    case.refresh_from_db()
    assert not case.archived
    assert phases.checklist(case, Phase.FOLLOW_UP)[0].met
    assert new.alternatives.get().description == case.alternatives.get(kind="no_action").description


def test_ending_closes_the_case_as_archiving_does(in_follow_up, caseworker):
    case = in_follow_up
    record = services.follow_up(case, caseworker, case.version, outcome=Outcome.END, note="Målet er nådd.")
    assert record.follow_up_case is None
    case.refresh_from_db()
    assert case.archived
    assert case.closed_at is not None
    assert not Case.objects.filter(follows=case).exists()


def test_a_case_is_followed_up_once_and_only_in_follow_up(in_follow_up, caseworker):
    early = prepared(_new(caseworker), caseworker)
    with pytest.raises(ValidationError):
        services.follow_up(early, caseworker, early.version, outcome=Outcome.CONTINUE, note="For tidlig.")
    case = in_follow_up
    services.follow_up(case, caseworker, case.version, outcome=Outcome.CONTINUE, note="Fortsetter.")
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        services.follow_up(case, caseworker, case.version, outcome=Outcome.CONTINUE, note="Igjen.")
    assert FollowUp.objects.filter(case=case).count() == 1


def test_a_follow_up_needs_what_was_learnt(in_follow_up, caseworker):
    case = in_follow_up
    with pytest.raises(ValidationError) as error:
        services.follow_up(case, caseworker, case.version, outcome=Outcome.CONTINUE, note=" ")
    assert "note" in error.value.message_dict


def test_the_follow_up_page_opens_the_new_cycle_and_both_pages_link(in_follow_up, caseworker, login_client):
    case = in_follow_up
    client = login_client(caseworker)
    assert client.get(f"/cases/{case.pk}/follow-up/").status_code == 200
    response = client.post(
        f"/cases/{case.pk}/follow-up/",
        {"outcome": Outcome.CONTINUE, "note": "Tiltaket videreføres.", "version": case.version},
    )
    new = Case.objects.get(follows=case)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/cases/{new.pk}/")
    new_page = client.get(f"/cases/{new.pk}/").content.decode()
    assert f'href="/cases/{case.pk}/"' in new_page
    old_page = client.get(f"/cases/{case.pk}/").content.decode()
    assert f'href="/cases/{new.pk}/"' in old_page
    assert "Videreføre" in old_page


def test_reading_the_follow_up_page_of_an_individual_case_is_logged(in_follow_up, caseworker, login_client):
    login_client(caseworker).get(f"/cases/{in_follow_up.pk}/follow-up/")
    assert CaseAccess.objects.filter(case=in_follow_up, user=caseworker, page="follow-up").exists()


def test_another_municipality_gets_404_on_the_follow_up_page(in_follow_up, other_municipality, login_client):
    stranger = make_user(Role.CASEWORKER, municipality=other_municipality, username="fremmed")
    client = login_client(stranger)
    assert client.get(f"/cases/{in_follow_up.pk}/follow-up/").status_code == 404
    response = client.post(f"/cases/{in_follow_up.pk}/follow-up/", {"outcome": "end", "note": "x", "version": 1})
    assert response.status_code == 404
    assert not FollowUp.objects.exists()


def test_a_role_that_does_not_work_on_the_level_cannot_follow_up(in_follow_up, leader, login_client):
    on_team(in_follow_up, leader)  # a leader on the team reads the case, but does not work on it
    client = login_client(leader)
    assert client.get(f"/cases/{in_follow_up.pk}/follow-up/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.follow_up(in_follow_up, leader, in_follow_up.version, outcome=Outcome.END, note="Nei.")
    assert not FollowUp.objects.exists()


def test_the_history_of_a_followed_up_case_and_of_its_follow_up_case_reads(in_follow_up, caseworker, login_client):
    case = in_follow_up
    record = services.follow_up(case, caseworker, case.version, outcome=Outcome.ADJUST, note="Justeres.")
    client = login_client(caseworker)
    assert client.get(f"/cases/{case.pk}/history/").status_code == 200
    response = client.get(f"/cases/{record.follow_up_case.pk}/history/")
    assert response.status_code == 200


# The extension hooks --------------------------------------------------------------------------------


def test_a_declared_phase_check_joins_the_checklist_and_blocks_only_when_required(monkeypatch, caseworker):
    from prioritet.cases.extensions import CaseExtension, DueItem, PhaseCheck, due_items
    from prioritet.core import extensions

    blocking = PhaseCheck(Phase.PREPARE, "planted", "Planted condition", lambda case: False, order=15)
    advice = PhaseCheck(Phase.PREPARE, "advice", "Planted advice", lambda case: False, required=False, order=60)

    def due(cases, until):
        return [DueItem(case, "evaluation", "Planted", until) for case in cases]

    monkeypatch.setattr(
        extensions, "declared", lambda: [CaseExtension(phase_checks=[blocking, advice], due_sources=[due])]
    )
    case = prepared(_new(caseworker), caseworker)
    keys = [item.key for item in phases.checklist(case, Phase.PREPARE)]
    assert keys[:3] == ["question", "planted", "severity"]
    assert "advice" in keys
    assert [item.key for item in phases.unmet_exit_conditions(case, Phase.PLAN)] == ["planted"]
    with pytest.raises(ValidationError):
        services.change_phase(case, caseworker, case.version, Phase.PLAN)
    monkeypatch.setattr(extensions, "declared", lambda: [CaseExtension(due_sources=[due])])
    assert services.change_phase(case, caseworker, case.version, Phase.PLAN).phase == Phase.PLAN
    assert [item.case.pk for item in due_items(Case.objects.filter(pk=case.pk), case.created_at.date())] == [case.pk]


def test_a_reader_who_does_not_work_on_the_case_sees_the_checklist_but_no_move_on(caseworker, leader, login_client):
    case = on_team(prepared(_new(caseworker), caseworker), leader)
    own = login_client(caseworker).get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="phase-move-on"' in own
    page = login_client(leader).get(f"/cases/{case.pk}/").content.decode()
    assert 'data-testid="phase-checklist"' in page
    assert 'data-testid="phase-move-on"' not in page
    assert CaseAccess.objects.filter(case=case, user=leader, page="detail").exists()


def test_the_case_page_in_nynorsk_names_the_phases_and_the_checklist(caseworker, login_client):
    case = _new(caseworker, description="Behov.")
    client = login_client(caseworker)
    client.post("/i18n/setlang/", {"language": "nn", "next": "/"})
    page = client.get(f"/cases/{case.pk}/", HTTP_ACCEPT_LANGUAGE="nn").content.decode()
    assert "Sjekkliste" in page
    assert "Førebu" in page
    assert "Kven som blir råka og korleis dei blir involverte, er planlagt (medverknad)" in page
