"""A political case's innstilling and vedtak (issue 11 §3): the services' rules."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_user
from prioritet.cases import political, selectors, services
from prioritet.cases.models import Amendment, Case, DecisionBody, Level, PoliticalResolution, Status
from prioritet.cases.testing import assess, body_of, future


@pytest.fixture
def political_case(director):
    """A political case with two measures: day centre (4/2, suggested first) and home visits (3/3)."""
    case = services.create_case(
        director.municipality,
        director,
        no_action_consequence="Flere trenger sykehjemsplass.",
        level=Level.POLITICAL,
        title="Dagtilbud for personer med demens",
        severity=4,
    )
    centre = services.add_alternative(case, director, title="Dagtilbud fire dager i uken")
    visits = services.add_alternative(case, director, title="Hjemmebesøk")
    assess(centre, director, 4, 2)
    assess(visits, director, 3, 3)
    case.refresh_from_db()
    return case, centre, visits


def innstilling(case, director, alternative, **fields):
    values = {
        "priority": "high",
        "proposed_resolution": "Kommunestyret vedtar dagtilbud fire dager i uken.",
        "justification": "Størst nytte for målgruppen.",
    }
    values.update(fields)
    fresh = Case.objects.get(pk=case.pk)
    return political.recommend(fresh, director, fresh.version, alternative=alternative, **values)


def vedtak(case, politician, alternative, **fields):
    values = {
        "body": body_of(case.municipality),
        "meeting_date": timezone.localdate(),
        "saksnummer": "PS 45/26",
        "priority": "high",
        "adopted_text": "Kommunestyret vedtar dagtilbud fire dager i uken.",
        "reassessment_due": future(),
        "unanimous": True,
    }
    values.update(fields)
    fresh = Case.objects.get(pk=case.pk)
    return political.record_vedtak(fresh, politician, fresh.version, alternative=alternative, **values)


def test_the_director_records_an_innstilling_with_its_forslag_til_vedtak(political_case, director):
    case, centre, _ = political_case
    recommendation = innstilling(case, director, centre)
    assert recommendation.recommended_by == director
    assert recommendation.proposed_resolution == "Kommunestyret vedtar dagtilbud fire dager i uken."
    assert recommendation.suggestion[0]["title"] == "Dagtilbud fire dager i uken"
    assert selectors.current_recommendation(Case.objects.get(pk=case.pk)) == recommendation
    assert Case.objects.get(pk=case.pk).status == Status.OPEN


@pytest.mark.parametrize("role", [Role.POLITICIAN, Role.LEADER, Role.CASEWORKER, Role.MUNICIPAL_ADMIN])
def test_only_the_director_may_make_the_innstilling(political_case, municipality, role):
    case, centre, _ = political_case
    with pytest.raises(PermissionDenied):
        innstilling(case, make_user(role, municipality=municipality), centre)


def test_a_director_of_another_municipality_cannot_make_the_innstilling(political_case, other_municipality):
    case, centre, _ = political_case
    with pytest.raises(PermissionDenied):
        innstilling(case, make_user(Role.DIRECTOR, municipality=other_municipality), centre)


def test_an_innstilling_needs_the_proposed_resolution_and_a_reason_to_depart_from_the_suggestion(
    political_case, director
):
    case, _, visits = political_case
    with pytest.raises(ValidationError) as error:
        innstilling(case, director, visits, proposed_resolution=" ")
    assert set(error.value.message_dict) == {"proposed_resolution", "departure_reason"}


def test_a_service_case_gets_no_innstilling(director, leader):
    case = services.create_case(
        leader.municipality, leader, no_action_consequence="Ingen.", level=Level.SERVICE, title="T", severity=3
    )
    with pytest.raises(ValidationError):
        political.recommend(
            case,
            director,
            case.version,
            alternative=case.alternatives.get(),
            priority="",
            justification="x",
            proposed_resolution="x",
        )


def test_a_political_case_gets_no_vedtak_before_the_innstilling(political_case, politician):
    case, centre, _ = political_case
    with pytest.raises(ValidationError) as error:
        vedtak(case, politician, centre)
    assert error.value.code == "no_recommendation"
    assert not case.decisions.exists()


def test_a_political_case_is_not_decided_without_the_vedtak_facts(political_case, director, politician):
    case, centre, _ = political_case
    innstilling(case, director, centre)
    with pytest.raises(ValidationError):
        services.decide(
            case,
            politician,
            case.version,
            alternative=centre,
            priority="high",
            justification="x",
            reassessment_due=future(),
        )


def test_a_vedtak_as_recommended_closes_the_case_and_keeps_the_innstilling(political_case, director, politician):
    case, centre, _ = political_case
    recommendation = innstilling(case, director, centre)
    decision = vedtak(case, politician, centre)
    resolution = PoliticalResolution.objects.get(decision=decision)
    assert resolution.recommendation == recommendation
    assert resolution.departs_from_recommendation is False
    assert resolution.unanimous is True
    assert decision.justification == recommendation.justification
    assert selectors.current_decision(Case.objects.get(pk=case.pk)) == decision
    assert Case.objects.get(pk=case.pk).status == Status.DECIDED


def test_a_vedtak_that_chooses_another_alternative_must_describe_how_it_departs(political_case, director, politician):
    case, centre, visits = political_case
    innstilling(case, director, centre)
    with pytest.raises(ValidationError) as error:
        vedtak(case, politician, visits, adopted_text="Hjemmebesøk.")
    assert "departure_description" in error.value.message_dict
    decision = vedtak(
        case,
        politician,
        visits,
        adopted_text="Hjemmebesøk.",
        departure_description="Flertallet valgte hjemmebesøk etter endringsforslag fra Ap.",
        unanimous=False,
        votes_for=20,
        votes_against=15,
        amendments=[
            {
                "proposed_by": "Ap",
                "text": "Hjemmebesøk i stedet.",
                "adopted": True,
                "votes_for": 20,
                "votes_against": 15,
            },
            {"proposed_by": "", "text": "", "adopted": None, "votes_for": None, "votes_against": None},
        ],
    )
    resolution = decision.political
    assert resolution.departs_from_recommendation is True
    assert (resolution.votes_for, resolution.votes_against) == (20, 15)
    assert list(resolution.amendments.values_list("proposed_by", "adopted")) == [("Ap", True)]
    assert decision.departure_reason.startswith("Flertallet valgte")


def test_changing_the_text_alone_departs_from_the_innstilling(political_case, director, politician):
    case, centre, _ = political_case
    innstilling(case, director, centre)
    with pytest.raises(ValidationError) as error:
        vedtak(case, politician, centre, adopted_text="Dagtilbud tre dager i uken.")
    assert list(error.value.message_dict) == ["departure_description"]


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"saksnummer": "sak førtifem"}, "saksnummer"),
        ({"saksnummer": "PS 45"}, "saksnummer"),
        ({"body": None}, "body"),
        ({"meeting_date": None}, "meeting_date"),
        ({"adopted_text": ""}, "adopted_text"),
        ({"unanimous": False, "votes_for": 3, "votes_against": None}, "votes_for"),
        ({"unanimous": False, "votes_for": -1, "votes_against": 2}, "votes_for"),
        (
            {
                "amendments": [
                    {"proposed_by": "H", "text": "Mer.", "adopted": None, "votes_for": None, "votes_against": None}
                ]
            },
            "amendments.0.adopted",
        ),
        (
            {"amendments": [{"proposed_by": "", "text": "Mer.", "adopted": False, "votes_for": 1, "votes_against": 2}]},
            "amendments.0.proposed_by",
        ),
        (
            {
                "amendments": [
                    {"proposed_by": "H", "text": "Mer.", "adopted": False, "votes_for": -2, "votes_against": 2}
                ]
            },
            "amendments.0.votes_for",
        ),
    ],
)
def test_a_vedtak_with_a_broken_rule_is_refused_and_nothing_is_written(
    political_case, director, politician, fields, field
):
    case, centre, _ = political_case
    innstilling(case, director, centre)
    with pytest.raises(ValidationError) as error:
        vedtak(case, politician, centre, **fields)
    assert field in error.value.message_dict
    assert not case.decisions.exists()
    assert not Amendment.objects.exists()
    assert Case.objects.get(pk=case.pk).status == Status.OPEN


def test_the_saksnummer_error_shows_the_expected_form(political_case, director, politician):
    case, centre, _ = political_case
    innstilling(case, director, centre)
    with pytest.raises(ValidationError) as error:
        vedtak(case, politician, centre, saksnummer="45")
    assert "PS 45/26" in error.value.message_dict["saksnummer"][0]


@pytest.mark.parametrize("number", ["PS 45/26", "FS-12/2026", "KST 3/26", "45/26"])
def test_common_saksnummer_forms_are_accepted(political_case, director, politician, number):
    case, centre, _ = political_case
    innstilling(case, director, centre)
    assert vedtak(case, politician, centre, saksnummer=number).political.saksnummer == number


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.LEADER, Role.MUNICIPAL_ADMIN])
def test_only_a_politician_records_the_vedtak(political_case, director, municipality, role):
    case, centre, _ = political_case
    innstilling(case, director, centre)
    with pytest.raises(PermissionDenied):
        vedtak(case, make_user(role, municipality=municipality), centre)


def test_a_body_of_another_municipality_is_refused(political_case, director, politician, other_municipality):
    case, centre, _ = political_case
    innstilling(case, director, centre)
    with pytest.raises(ValidationError) as error:
        vedtak(case, politician, centre, body=body_of(other_municipality))
    assert "body" in error.value.message_dict


def test_a_politician_of_another_municipality_cannot_record_the_vedtak(political_case, director, other_municipality):
    case, centre, _ = political_case
    innstilling(case, director, centre)
    with pytest.raises(PermissionDenied):
        vedtak(case, make_user(Role.POLITICIAN, municipality=other_municipality), centre)


def test_after_a_reassessment_the_earlier_innstilling_no_longer_counts(political_case, director, politician):
    case, centre, _ = political_case
    innstilling(case, director, centre)
    vedtak(case, politician, centre)
    services.start_reassessment(Case.objects.get(pk=case.pk), director, "Nye tall.")
    reopened = Case.objects.get(pk=case.pk)
    assert selectors.current_recommendation(reopened) is None
    with pytest.raises(ValidationError):
        vedtak(case, politician, centre)


def test_the_municipal_admin_keeps_the_list_of_bodies(municipal_admin, municipality):
    body = political.create_body(municipality, municipal_admin, name="Formannskapet")
    political.update_body(body, municipal_admin, name="Formannskapet", active=False)
    assert list(selectors.decision_bodies(municipality, active_only=True)) == []
    with pytest.raises(ValidationError):
        political.create_body(municipality, municipal_admin, name="formannskapet")


def test_an_inactive_body_cannot_adopt_a_vedtak(political_case, director, politician):
    case, centre, _ = political_case
    innstilling(case, director, centre)
    body = DecisionBody.objects.create(municipality=case.municipality, name="Gammelt utvalg", active=False)
    with pytest.raises(ValidationError) as error:
        vedtak(case, politician, centre, body=body)
    assert "body" in error.value.message_dict


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.POLITICIAN, Role.LEADER])
def test_only_the_municipal_admin_manages_bodies(municipality, role):
    with pytest.raises(PermissionDenied):
        political.create_body(municipality, make_user(role, municipality=municipality), name="Formannskapet")


def test_an_admin_of_another_municipality_cannot_rename_a_body(municipality, other_municipality):
    body = body_of(municipality)
    with pytest.raises(PermissionDenied):
        political.update_body(
            body, make_user(Role.MUNICIPAL_ADMIN, municipality=other_municipality), name="X", active=True
        )


def test_a_body_name_refuses_a_national_id_number(municipal_admin, municipality):
    with pytest.raises(ValidationError):
        political.create_body(municipality, municipal_admin, name="Utvalg 01019012480")


def test_a_meeting_date_in_the_past_is_fine(political_case, director, politician):
    case, centre, _ = political_case
    innstilling(case, director, centre)
    decision = vedtak(case, politician, centre, meeting_date=timezone.localdate() - datetime.timedelta(days=3))
    assert decision.political.meeting_date < timezone.localdate()
