"""Carrying out a decision and evaluating its expected effects against what was realised."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_user
from prioritet.cases.models import Level
from prioritet.cases.testing import decided_case, open_case
from prioritet.effects import services
from prioritet.effects.models import Achievement, ExpectedEffect, Implementation

EFFECT = {
    "description": "Kortere ventetid på dagaktivitet",
    "indicator": "Dager fra søknad til oppstart",
    "unit": "dager",
    "baseline": "45",
    "target": "20",
}


def _effect_post(days: int = 180) -> dict[str, str]:
    return {**EFFECT, "evaluate_by": (timezone.localdate() + datetime.timedelta(days=days)).isoformat()}


def _implemented(case, user):
    services.save_implementation(case, user, None, responsible_unit="Dagsenteret", start_date=timezone.localdate())
    return case


@pytest.fixture
def decided(leader):
    case, _ = decided_case(leader, [("Dagsenter fire dager", (4, 3))], level=Level.SERVICE)
    return case


@pytest.fixture
def carried_out(leader, decided):
    return _implemented(decided, leader)


def test_a_leader_records_who_carries_out_the_decision_and_its_expected_effect(login_client, leader, decided):
    client = login_client(leader)
    response = client.post(
        f"/cases/{decided.pk}/effects/implementation/",
        {"responsible_unit": "Hjemmetjenesten sone nord", "start_date": "2027-01-02"},
    )
    assert response.status_code == 302
    assert Implementation.objects.get(case=decided).responsible_unit == "Hjemmetjenesten sone nord"
    assert client.post(f"/cases/{decided.pk}/effects/new/", _effect_post()).status_code == 302
    effect = ExpectedEffect.objects.get(case=decided)
    page = client.get(f"/cases/{decided.pk}/").content.decode()
    assert "Hjemmetjenesten sone nord" in page
    assert "Dager fra søknad til oppstart" in page
    report = client.get(f"/cases/{decided.pk}/report/").content.decode()
    assert "Kortere ventetid på dagaktivitet" in report
    assert effect.history.count() == 1


def test_the_evaluation_records_the_realised_value_the_judgment_and_the_lesson(login_client, leader, carried_out):
    decided = carried_out
    client = login_client(leader)
    client.post(f"/cases/{decided.pk}/effects/new/", _effect_post())
    effect = ExpectedEffect.objects.get()
    response = client.post(
        f"/cases/{decided.pk}/effects/{effect.pk}/evaluate/",
        {"realised": "28", "achievement": Achievement.PARTLY, "learning": "Transport var flaskehalsen.", "version": 1},
    )
    assert response.status_code == 302
    effect.refresh_from_db()
    assert (effect.realised, effect.achievement, effect.evaluated_by) == (28, Achievement.PARTLY, leader)
    assert "Delvis nådd" in client.get(f"/cases/{decided.pk}/effects/").content.decode()


def test_a_stale_evaluation_keeps_the_input_and_saves_nothing(login_client, leader, carried_out):
    decided = carried_out
    client = login_client(leader)
    client.post(f"/cases/{decided.pk}/effects/new/", _effect_post())
    effect = ExpectedEffect.objects.get()
    evaluation = {"realised": "28", "achievement": Achievement.PARTLY, "learning": "", "version": 1}
    assert client.post(f"/cases/{decided.pk}/effects/{effect.pk}/evaluate/", evaluation).status_code == 302
    stale = client.post(f"/cases/{decided.pk}/effects/{effect.pk}/evaluate/", {**evaluation, "realised": "10"})
    assert stale.status_code == 200
    assert 'value="10"' in stale.content.decode()
    effect.refresh_from_db()
    assert effect.realised == 28


def test_an_open_case_plans_its_effects_but_evaluates_them_only_once_decided(leader, login_client):
    case = _implemented(open_case(leader, [("Dagsenter", (4, 3))]), leader)
    effect = services.add_effect(case, leader, **{**EFFECT, "evaluate_by": timezone.localdate()})
    with pytest.raises(PermissionDenied):
        services.evaluate_effect(effect, leader, effect.version, realised=10, achievement="achieved", learning="")
    assert login_client(leader).get(f"/cases/{case.pk}/effects/{effect.pk}/evaluate/").status_code == 403


def test_a_past_evaluation_date_without_evaluation_is_marked_overdue(login_client, leader, carried_out):
    decided = carried_out
    services.add_effect(decided, leader, **{**EFFECT, "evaluate_by": timezone.localdate() - datetime.timedelta(days=1)})
    page = login_client(leader).get(f"/cases/{decided.pk}/effects/").content.decode()
    assert "Evaluering forfalt" in page


def test_target_equal_to_baseline_is_refused_on_the_form(login_client, leader, carried_out):
    decided = carried_out
    response = login_client(leader).post(f"/cases/{decided.pk}/effects/new/", {**_effect_post(), "target": "45"})
    assert response.status_code == 200
    assert not ExpectedEffect.objects.exists()


def test_individual_cases_have_no_effects_pages_and_their_read_is_logged(login_client, caseworker, make_case):
    from prioritet.cases.models import CaseAccess

    case = make_case(caseworker, level=Level.INDIVIDUAL)
    assert login_client(caseworker).get(f"/cases/{case.pk}/effects/").status_code == 403
    assert CaseAccess.objects.filter(case=case, user=caseworker).exists()


def test_a_politician_reads_the_effects_but_cannot_record_them(login_client, municipality, decided):
    politician = make_user(Role.POLITICIAN, municipality=municipality, username="politiker-effekt")
    client = login_client(politician)
    assert client.get(f"/cases/{decided.pk}/effects/").status_code == 200
    assert client.post(f"/cases/{decided.pk}/effects/new/", _effect_post()).status_code == 403
    assert not ExpectedEffect.objects.exists()


def test_expected_effects_come_after_who_carries_the_decision_out(login_client, leader, decided):
    response = login_client(leader).post(f"/cases/{decided.pk}/effects/new/", _effect_post())
    assert response.status_code == 200
    assert "Registrer hvem som gjennomfører vedtaket" in response.content.decode()
    assert not ExpectedEffect.objects.exists()


def test_a_case_with_nothing_carried_out_shows_no_section(login_client, leader, decided):
    assert "Gjennomføring og effekter" not in login_client(leader).get(f"/cases/{decided.pk}/report/").content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "nn",
            {
                "effects": [
                    "Gjennomføring og forventa effektar",
                    "Evaluering forfallen",
                    "Legg til ein forventa effekt",
                ],
                "implementation": ["Ansvarleg eining", "Oppstartsdato"],
                "new": ["Ny forventa effekt", "Utgangsverdi", "Evaluerast innan"],
                "edit": ["Endre forventa effekt: Kortere ventetid"],
                "evaluate": ["Evaluer: Kortere ventetid", "Oppnådd verdi", "Delvis nådd", "Kva vi lærte"],
                "overview": ["Oversikt per tenesteområde", "Førebu", "Følgje opp", "Revurdering forfallen"],
            },
        ),
        (
            "en",
            {
                "effects": ["Implementation and expected effects", "Evaluation overdue", "Add an expected effect"],
                "implementation": ["Responsible unit", "Start date"],
                "new": ["New expected effect", "Baseline", "Evaluate by"],
                "edit": ["Edit expected effect: Kortere ventetid"],
                "evaluate": ["Evaluate: Kortere ventetid", "Realised value", "Partly achieved", "What was learnt"],
                "overview": ["Overview by service area", "Prepare", "Follow up", "Reassessment overdue"],
            },
        ),
    ],
)
def test_the_effects_pages_and_the_overview_speak_nynorsk_and_english(
    login_client, leader, carried_out, language, expected
):
    decided = carried_out
    effect = services.add_effect(
        decided,
        leader,
        **{**EFFECT, "description": "Kortere ventetid", "baseline": 45, "target": 20},
        evaluate_by=timezone.localdate() - datetime.timedelta(days=3),
    )
    client = login_client(leader)
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    urls = {
        "effects": f"/cases/{decided.pk}/effects/",
        "implementation": f"/cases/{decided.pk}/effects/implementation/",
        "new": f"/cases/{decided.pk}/effects/new/",
        "edit": f"/cases/{decided.pk}/effects/{effect.pk}/edit/",
        "evaluate": f"/cases/{decided.pk}/effects/{effect.pk}/evaluate/",
        "overview": "/cases/overview/",
    }
    bokmal = ["forventet effekt", "Gjennomføring og forventede", "Ansvarlig enhet", "Oversikt per tjenesteområde"]
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert f'<html lang="{language}"' in page
        for text in expected[name]:
            assert text in page, (name, text)
        for text in bokmal:
            assert text not in page, (name, text)
