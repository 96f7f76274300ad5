"""Mini-HTA and EtD writes: completion rules, GRADE's judgements, concurrency, roles and levels."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from prioritet.cases import services as case_services
from prioritet.core.concurrency import ConcurrentEditError
from prioritet.core.testing import FNR
from prioritet.evidence import grade, services
from prioritet.evidence.models import EtdJudgement, MiniHta, Status

from .conftest import etd_data, hta_data, judgements


def test_a_mini_hta_is_drafted_then_completed(measure, leader):
    draft = services.save_mini_hta(measure, leader, None, {"population": "Innbyggere."})
    assert draft.status == Status.DRAFT
    assert draft.certainty == ""
    done = services.save_mini_hta(measure, leader, draft.version, hta_data(), complete=True)
    assert done.status == Status.COMPLETED
    assert done.version == draft.version + 1
    assert done.history.count() == 2


def test_completing_needs_the_question_the_effect_the_certainty_and_the_conclusion(measure, leader):
    with pytest.raises(ValidationError) as err:
        services.save_mini_hta(measure, leader, None, hta_data(certainty="", conclusion=""), complete=True)
    assert set(err.value.message_dict) == {"certainty", "conclusion"}
    assert not MiniHta.objects.exists()


def test_a_stale_or_missing_version_is_a_concurrent_edit(measure, leader):
    hta = services.save_mini_hta(measure, leader, None, hta_data())
    services.save_mini_hta(measure, leader, hta.version, hta_data(effect="Nyere tekst."))
    with pytest.raises(ConcurrentEditError) as err:
        services.save_mini_hta(measure, leader, hta.version, hta_data(effect="Gammel tekst."))
    assert err.value.current.effect == "Nyere tekst."
    with pytest.raises(ConcurrentEditError):
        services.save_mini_hta(measure, leader, None, hta_data())


def test_the_mini_hta_refuses_identity_numbers_and_unknown_fields(measure, leader):
    with pytest.raises(ValidationError) as err:
        services.save_mini_hta(measure, leader, None, hta_data(user_perspective=f"Bruker {FNR} sier ja."))
    assert "user_perspective" in err.value.message_dict
    with pytest.raises(TypeError):
        services.save_mini_hta(measure, leader, None, {"status": "completed"})


def test_only_those_who_work_on_the_case_write(measure, caseworker, no_action):
    with pytest.raises(PermissionDenied):
        services.save_mini_hta(measure, caseworker, None, hta_data())
    with pytest.raises(PermissionDenied):
        services.save_etd(measure.case, caseworker, None, None, etd_data(measure, no_action), judgements())


def test_an_etd_panel_is_completed_with_every_criterion_judged(service_case, measure, no_action, leader):
    panel = services.save_etd(
        service_case, leader, None, None, etd_data(measure, no_action), judgements(), complete=True
    )
    assert panel.status == Status.COMPLETED
    assert EtdJudgement.objects.filter(panel=panel).count() == len(grade.CRITERIA) == 11
    # Saving again with one changed judgement writes only that criterion's history.
    before = EtdJudgement.history.count()
    services.save_etd(
        service_case, leader, panel, panel.version, etd_data(measure, no_action), judgements(feasibility="yes")
    )
    assert EtdJudgement.history.count() == before + 1
    assert EtdJudgement.objects.get(panel=panel, criterion="feasibility").judgement == "yes"


def test_completing_a_panel_needs_every_judgement_and_the_conclusion(service_case, measure, no_action, leader):
    partial = judgements()
    partial["equity"]["judgement"] = ""
    with pytest.raises(ValidationError) as err:
        services.save_etd(
            service_case, leader, None, None, etd_data(measure, no_action, decision_type=""), partial, complete=True
        )
    assert {"equity-judgement", "decision_type"} <= set(err.value.message_dict)


def test_judgements_must_be_gradess_options_for_the_criterion(service_case, measure, no_action, leader):
    with pytest.raises(ValidationError) as err:
        # «trivial» is an option for the effects, not for the priority of the problem.
        services.save_etd(
            service_case, leader, None, None, etd_data(measure, no_action), judgements(priority="trivial")
        )
    assert "priority-judgement" in err.value.message_dict


def test_the_option_and_the_comparison_are_two_of_the_cases_alternatives(
    service_case, make_case, measure, no_action, leader
):
    with pytest.raises(ValidationError) as err:
        services.save_etd(service_case, leader, None, None, etd_data(measure, measure), judgements())
    assert "comparison" in err.value.message_dict
    other = make_case(leader, level="service", title="Annen sak")
    foreign = case_services.add_alternative(other, leader, title="Fremmed tiltak")
    with pytest.raises(ValidationError) as err:
        services.save_etd(service_case, leader, None, None, etd_data(foreign, no_action), judgements())
    assert "option" in err.value.message_dict


def test_etd_panels_are_for_service_and_political_cases_only(individual_case, caseworker):
    from prioritet.cases.models import AlternativeKind

    no_action = individual_case.alternatives.get(kind=AlternativeKind.NO_ACTION)
    home = case_services.add_alternative(individual_case, caseworker, title="Rehabiliteringsteam i hjemmet")
    with pytest.raises(ValidationError):
        services.save_etd(individual_case, caseworker, None, None, etd_data(home, no_action), judgements())


def test_a_stale_panel_is_refused(service_case, measure, no_action, leader):
    panel = services.save_etd(service_case, leader, None, None, etd_data(measure, no_action), judgements())
    services.save_etd(service_case, leader, panel, panel.version, etd_data(measure, no_action), judgements())
    with pytest.raises(ConcurrentEditError):
        services.save_etd(
            service_case, leader, panel, panel.version, etd_data(measure, no_action), judgements(equity="increased")
        )
    assert EtdJudgement.objects.get(panel=panel, criterion="equity").judgement == "reduced"
