"""The municipal director prepares and recommends; a politician reads and records the political vedtak.

Issue 9, finding 8: the one role «municipal director or politician» let politicians edit cases and
assessments. Neither role edits assessments of individual cases.
"""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from prioritet.accounts.models import Role
from prioritet.cases import policy, services
from prioritet.cases.models import AlternativeKind, Level, Status
from prioritet.cases.testing import assess_and_decide, recommend, scores


@pytest.fixture
def political_case(make_case, director):
    case = make_case(director, level=Level.POLITICAL, title="Økt dagaktivitetstilbud")
    services.add_alternative(case, director, title="To nye dagaktivitetsgrupper")
    case.refresh_from_db()
    return case


def test_a_politician_reads_service_and_political_cases_but_not_individual_ones(
    make_case, caseworker, leader, director, politician
):
    individual = make_case(caseworker)
    service = make_case(leader, level=Level.SERVICE, title="Tjenestesak")
    political = make_case(director, level=Level.POLITICAL, title="Politisk sak")
    assert not policy.can_read(politician, individual)
    assert policy.can_read(politician, service)
    assert policy.can_read(politician, political)
    assert policy.workable_levels(politician) == []


def test_a_politician_cannot_edit_an_assessment(political_case, director, politician, login_client):
    measure = political_case.alternatives.get(kind=AlternativeKind.MEASURE)
    with pytest.raises(PermissionDenied):
        services.save_assessment(measure, politician, None, scores(4, 3))
    url = reverse("cases:assessment", args=[political_case.pk, measure.pk])
    assert login_client(politician).post(url, scores(4, 3)).status_code == 403
    assert not measure.assessments.exists()


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.POLITICIAN])
def test_neither_director_nor_politician_edits_an_individual_case(make_case, caseworker, user_factory, role):
    case = make_case(caseworker)
    no_action = case.alternatives.get(kind=AlternativeKind.NO_ACTION)
    with pytest.raises(PermissionDenied):
        services.save_assessment(no_action, user_factory(role), None, scores(1, 1))


def test_a_director_cannot_record_a_political_vedtak(political_case, director, login_client):
    with pytest.raises(PermissionDenied):
        assess_and_decide(political_case, director, decider=director)
    political_case.refresh_from_db()
    assert political_case.status == Status.OPEN
    client = login_client(director)
    assert client.get(reverse("cases:decide", args=[political_case.pk])).status_code == 403
    assert client.get(reverse("cases:vedtak", args=[political_case.pk])).status_code == 403
    page = client.get(reverse("cases:detail", args=[political_case.pk])).content.decode()
    assert reverse("cases:decide", args=[political_case.pk]) not in page
    assert reverse("cases:vedtak", args=[political_case.pk]) not in page


def test_a_politician_records_the_political_vedtak_after_the_directors_innstilling(
    political_case, director, politician, login_client
):
    detail = reverse("cases:detail", args=[political_case.pk])
    vedtak = reverse("cases:vedtak", args=[political_case.pk])
    assert vedtak not in login_client(politician).get(detail).content.decode()
    for alternative in political_case.alternatives.all():
        services.save_assessment(alternative, director, None, scores(4, 3))
    recommend(political_case, director, political_case.alternatives.get(kind=AlternativeKind.MEASURE))
    assert vedtak in login_client(politician).get(detail).content.decode()
    decision = assess_and_decide(political_case, director, decider=politician)
    assert decision.decided_by == politician
    political_case.refresh_from_db()
    assert political_case.status == Status.DECIDED


def test_a_politician_may_not_record_a_service_decision(make_case, leader, politician):
    case = make_case(leader, level=Level.SERVICE, title="Tjenestesak")
    with pytest.raises(PermissionDenied):
        assess_and_decide(case, leader, decider=politician)


def test_the_vedtak_page_answers_a_politician_after_the_innstilling(political_case, director, politician, login_client):
    for alternative in political_case.alternatives.all():
        services.save_assessment(alternative, director, None, scores(4, 3))
    recommend(political_case, director, political_case.alternatives.get(kind=AlternativeKind.MEASURE))
    response = login_client(politician).get(reverse("cases:vedtak", args=[political_case.pk]))
    assert response.status_code == 200
