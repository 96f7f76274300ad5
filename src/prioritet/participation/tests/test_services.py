"""Rounds, links and answers through the services: roles, single use, double submits, deadlines."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.cases.testing import decided_case
from prioritet.core.concurrency import ConcurrentEditError
from prioritet.participation import selectors, services
from prioritet.participation.models import Group, InvitationState, Response, Round, digest

from .conftest import answer_data

IN_A_WEEK = datetime.timedelta(days=7)


_data = answer_data


def test_only_the_deciding_role_opens_a_round_and_only_on_service_or_political_cases(
    service_case, political_case, leader, director, user_factory
):
    deadline = timezone.now() + IN_A_WEEK
    kwargs = {"question": "Q", "deadline": deadline, "public_enabled": False, "invitations": [(Group.STAFF, "A")]}
    with pytest.raises(PermissionDenied):
        services.open_round(service_case, director, **kwargs)
    with pytest.raises(PermissionDenied):
        services.open_round(political_case, leader, **kwargs)
    with pytest.raises(PermissionDenied):
        services.open_round(service_case, user_factory(Role.CASEWORKER), **kwargs)
    caseworker = user_factory(Role.CASEWORKER)
    individual, _ = decided_case(caseworker, [("Hjemme", (4, 3))], severity=4, level="individual", title="Søknad")
    with pytest.raises(PermissionDenied):
        services.open_round(individual, leader, **kwargs)
    round_, links = services.open_round(political_case, director, **kwargs)
    assert round_.municipality == political_case.municipality
    assert len(links) == 1


def test_a_deadline_in_the_past_is_refused(service_case, leader):
    with pytest.raises(ValidationError):
        services.open_round(
            service_case, leader, question="Q", deadline=timezone.now(), public_enabled=True, invitations=[]
        )
    assert not Round.objects.exists()


def test_tokens_are_stored_only_as_digests_and_a_new_link_replaces_the_old(opened, leader):
    round_, links = opened
    link = links[0]
    assert len(link.token) >= 43
    stored = round_.invitations.get(pk=link.invitation.pk)
    assert stored.token_digest == digest(link.token)
    assert link.token not in stored.token_digest
    assert selectors.resolve_token(link.token).invitation == stored
    fresh = services.new_link(stored, leader)
    with pytest.raises(Http404):
        selectors.resolve_token(link.token)
    assert selectors.resolve_token(fresh.token).invitation == stored


def test_a_draft_can_be_changed_then_submitted_once(opened, service_case):
    _, links = opened
    invitation = links[0].invitation
    draft = services.answer_invitation(invitation, key=services.new_token(), data=_data(service_case), submit=False)
    assert draft.status == "draft"
    assert draft.verified
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.DRAFT
    key = services.new_token()
    submitted = services.answer_invitation(
        invitation, key=key, data=_data(service_case, (5, None, 1), free_text="Endelig"), submit=True
    )
    assert submitted.pk == draft.pk
    assert submitted.is_submitted
    assert submitted.free_text == "Endelig"
    assert submitted.severity is None
    assert {s.benefit for s in submitted.scores.all()} == {5}
    # The same form again (a double click): the same answer, nothing new.
    again = services.answer_invitation(invitation, key=key, data=_data(service_case, (1, 1, 1)), submit=True)
    assert again.pk == submitted.pk
    assert Response.objects.count() == 1
    assert {s.benefit for s in Response.objects.get().scores.all()} == {5}
    # Another form on the same link: refused, the answer stays as it was.
    with pytest.raises(services.AlreadySubmittedError):
        services.answer_invitation(invitation, key=services.new_token(), data=_data(service_case), submit=True)
    assert Response.objects.get().free_text == "Endelig"


def test_public_answers_are_unverified_and_a_double_submit_stores_one(opened, service_case):
    round_, _ = opened
    key = services.new_token()
    first = services.answer_public(round_, key=key, data=_data(service_case), submit=True)
    second = services.answer_public(round_, key=key, data=_data(service_case), submit=True)
    assert first.pk == second.pk
    assert not first.verified
    assert first.invitation is None
    assert Response.objects.filter(round=round_).count() == 1


def test_after_the_deadline_nothing_can_be_saved(opened, service_case):
    round_, links = opened
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    round_.refresh_from_db()
    assert round_.is_closed
    with pytest.raises(services.RoundClosedError):
        services.answer_invitation(links[0].invitation, key=services.new_token(), data=_data(service_case), submit=True)
    with pytest.raises(services.RoundClosedError):
        services.answer_public(round_, key=services.new_token(), data=_data(service_case), submit=False)
    assert not Response.objects.exists()


def test_closing_early_checks_the_version(opened, leader):
    round_, _ = opened
    with pytest.raises(ConcurrentEditError):
        services.close_round(round_, leader, round_.version + 1)
    closed = services.close_round(round_, leader, round_.version)
    assert closed.is_closed
    assert closed.closed_early_at is not None


def test_summary_counts_submitted_answers_per_group_beside_the_combined_judgment(opened, service_case):
    round_, links = opened
    services.answer_invitation(
        links[0].invitation, key=services.new_token(), data=_data(service_case, (5, 4, 2)), submit=True
    )
    services.answer_invitation(
        links[1].invitation, key=services.new_token(), data=_data(service_case, (3, None, 2)), submit=True
    )
    services.answer_invitation(
        links[2].invitation, key=services.new_token(), data=_data(service_case, (1, 1, 1)), submit=False
    )
    services.answer_public(round_, key=services.new_token(), data=_data(service_case, (4, 4, 4)), submit=True)
    summary = selectors.round_summary(round_)
    assert (summary.answers, summary.verified, summary.unverified) == (3, 2, 1)
    measure = next(a for a in summary.alternatives if a.alternative.title == "Starte Larvikshjelpa")
    benefit, _resources = measure.criteria
    assert [c.criterion.value for c in measure.criteria] == ["benefit", "resources"]
    assert benefit.total.counts == [0, 0, 1, 1, 1]
    assert benefit.total.unknown == 0
    assert benefit.total.median == 4
    # Severity is the need's: counted once per answer, not once per alternative.
    severity = summary.need.severity
    assert severity.total.unknown == 1
    assert severity.total.counts == [0, 0, 0, 2, 0]
    assert severity.administration == (4.0, 4), "the case's severity"
    # The administration's assessment is the combined judgment's median (4, 4, 2 for this alternative).
    assert benefit.administration == (4.0, 4)
    assert benefit.administration_word == "4 – stor"
    labels = [str(row.label) for row in benefit.groups]
    assert labels[-1] == str(selectors.PUBLIC_ROW)
    assert len(labels) == 3
