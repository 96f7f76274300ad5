"""``load_demo`` loads the demo municipality with the seed's worked cases, and is idempotent."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from prioritet.accounts.models import Municipality, Role, User
from prioritet.cases.judgment import combined_judgment
from prioritet.cases.management.commands.load_demo import demo_cases
from prioritet.cases.models import Assessment, Case, Decision, Level
from prioritet.cases.selectors import due_for_reassessment
from prioritet.demo import SEED_CASES


@pytest.fixture
def loaded(db):
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def _counts():
    return (Case.objects.count(), Assessment.objects.count(), Decision.objects.count(), User.objects.count())


def test_load_demo_is_idempotent(loaded):
    before = _counts()
    out = StringIO()
    call_command("load_demo", stdout=out)
    assert _counts() == before
    assert Municipality.objects.filter(number="9999").count() == 1
    assert "0 nye saker" in out.getvalue()


def test_demo_has_users_for_every_role_and_prints_logins(loaded):
    municipality = Municipality.objects.get(number="9999")
    roles = set(User.objects.filter(username__startswith="demo-").values_list("role", flat=True))
    assert roles == set(Role.values)
    assert User.objects.get(username="demo-leder").municipality == municipality
    assert User.objects.get(username="demo-leder").check_password("prioritet-demo-2025")
    for username in ("demo-saksbehandler", "demo-leder", "demo-direktor", "demo-kommuneadmin", "demo-nasjonal"):
        assert username in loaded
    assert "prioritet-demo-2025" in loaded


def test_the_demo_politician_records_the_political_vedtak_the_director_prepared(loaded):
    politician = User.objects.get(username="demo-politiker")
    assert politician.role == Role.POLITICIAN
    political = Decision.objects.filter(case__municipality__number="9999", level=Level.POLITICAL)
    assert political.exists()
    assert set(political.values_list("decided_by__username", flat=True)) == {"demo-politiker"}
    assert not Assessment.objects.filter(assessor=politician).exists()


def test_every_demo_political_vedtak_answers_the_directors_innstilling_and_the_dementia_one_departs(loaded):
    from prioritet.cases.models import PoliticalResolution

    political = Decision.objects.filter(case__municipality__number="9999", level=Level.POLITICAL)
    resolutions = PoliticalResolution.objects.filter(decision__in=political)
    assert resolutions.count() == political.count()
    assert set(resolutions.values_list("recommendation__recommended_by__username", flat=True)) == {"demo-direktor"}
    dementia = resolutions.get(decision__case__title="Vurdere å øke dagaktivitetstilbudet til personer med demens")
    assert dementia.departs_from_recommendation
    assert (dementia.body.name, dementia.saksnummer, dementia.votes_for, dementia.votes_against) == (
        "Kommunestyret",
        "PS 45/26",
        21,
        14,
    )
    assert [(a.proposed_by, a.adopted) for a in dementia.amendments.all()] == [
        ("Arbeiderpartiet", True),
        ("Fremskrittspartiet", False),
    ]


def test_the_demo_reflection_and_evidence_are_written_before_their_cases_are_decided(loaded):
    from prioritet.ethics.models import EthicalReflection
    from prioritet.evidence.models import EvidenceToDecision, MiniHta

    assert EthicalReflection.objects.filter(case__status="decided").exists()
    assert MiniHta.objects.filter(alternative__case__status="decided").exists()
    assert EvidenceToDecision.objects.filter(case__status="decided").exists()


def test_demo_cases_cover_levels_phases_and_areas_and_some_are_due(loaded):
    cases = Case.objects.filter(municipality__number="9999")
    assert cases.count() >= 24
    assert set(cases.values_list("level", flat=True)) == set(Level.values)
    assert len(set(cases.values_list("phase", flat=True))) == 5
    assert len(set(cases.values_list("service_area", flat=True))) >= 5
    assert all(c.alternatives.filter(kind="no_action").exists() for c in cases)
    municipality = Municipality.objects.get(number="9999")
    leader = User.objects.get(username="demo-leder")
    due = list(due_for_reassessment(municipality, leader))
    assert len(due) >= 3
    limit = timezone.localdate() + datetime.timedelta(days=30)
    assert all(c.reassessment_due <= limit for c in due)


SEED = [
    ("Person på 75 år med lårhalsbrudd søker om rehabiliteringsopphold", "Rehabiliteringsteam i hjemmet", (4, 4, 3)),
    ("Økende pågang fra innbyggere – vurdere oppstart av Larvikshjelpa", "Starte Larvikshjelpa", (4, 4, 2)),
    ("Vurdere å øke dagaktivitetstilbudet til personer med demens", "Øke dagaktivitetstilbudet", (4, 4, 2)),
]


def test_the_seed_cases_are_there_as_assessed_in_the_seed(loaded):
    for title, chosen, scores in SEED:
        case = Case.objects.get(title=title)
        decision = case.decisions.get()
        assert decision.alternative.title == chosen
        assert decision.priority == "high"  # «bør prioriteres (høyt)»
        judgment = combined_judgment(case)
        assert judgment.top is not None
        assert judgment.top.alternative.title == chosen
        assert judgment.top.scores == scores
        assert judgment.top.band == "high"
        assert case.severity == scores[1]  # the need's severity, once per case
        assert case.severity_justification
    case = Case.objects.get(title=SEED[0][0])
    institution = case.alternatives.get(title="Rehabiliteringsopphold i institusjon")
    assert {a.resources for a in institution.assessments.all()} == {4}
    assert case.level == Level.INDIVIDUAL
    assert case.case_reference


def test_the_readmes_demo_logins_need_only_the_password(loaded):
    """The demo municipality asks no role for a second factor, so `make run` can be shown at once."""
    for username in ("demo-saksbehandler", "demo-leder", "demo-direktor", "demo-kommuneadmin"):
        client = Client()
        response = client.post(reverse("login"), {"username": username, "password": "prioritet-demo-2025"})
        assert response.status_code == 302, username
        assert client.get(reverse("home")).status_code == 200, username


def test_the_seed_cases_scores_are_read_from_seed_cases_csv(tmp_path):
    """The seed's scores are written once, in the file the engine's tests and ``prioritet rank`` read."""
    lines = SEED_CASES.read_text(encoding="utf-8").splitlines()
    changed = [
        line.replace(";individ;4;4;3;", ";individ;4;4;5;") if line.startswith("rehab-hjemme;") else line
        for line in lines
    ]
    assert changed != lines
    seed = tmp_path / "seed_cases.csv"
    seed.write_text("\n".join(changed) + "\n", encoding="utf-8")
    alternatives = {alt.title: alt.scores for spec in demo_cases(seed_path=seed) for alt in spec.alternatives}
    # benefit and resources per alternative; severity is the need's, the case's
    assert alternatives["Rehabiliteringsteam i hjemmet"] == (4, 5)
    assert alternatives["Rehabiliteringsopphold i institusjon"] == (4, 4)
    assert demo_cases(seed_path=seed)[0].severity == 4


def test_a_seed_row_whose_severity_differs_from_its_demo_case_is_an_error(tmp_path):
    """Severity belongs to the need: the seed's rows of one case must agree with the case's severity."""
    lines = SEED_CASES.read_text(encoding="utf-8").splitlines()
    changed = [
        line.replace(";individ;4;4;3;", ";individ;4;2;3;") if line.startswith("rehab-hjemme;") else line
        for line in lines
    ]
    seed = tmp_path / "seed_cases.csv"
    seed.write_text("\n".join(changed) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="rehab-hjemme has severity 2, its demo case 4"):
        demo_cases(seed_path=seed)


def test_the_worked_cases_say_who_is_affected_and_what_they_rest_on(loaded):
    from prioritet.cases import phases
    from prioritet.cases.models import Case, Phase

    case = Case.objects.get(title="Person på 75 år med lårhalsbrudd søker om rehabiliteringsopphold")
    assert "datteren" in case.involvement_plan
    assert "IPLOS" in case.management_information
    assert all(item.met for item in phases.checklist(case, Phase.PREPARE))
