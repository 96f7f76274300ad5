"""Complaints (klage) on a decided individual case, issue 13 §5: the reassessment, the deadline, both outcomes."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.cases import complaints, selectors
from prioritet.cases.models import CaseAccess, Complaint, Decision, Level, Reassessment, Status
from prioritet.cases.testing import assess_and_decide
from prioritet.core.testing import FNR


def _decided(make_case, caseworker, *, days_ago: int = 0):
    case = make_case(caseworker, title="Søknad om hjemmetjenester")
    assess_and_decide(case, caseworker)
    case.refresh_from_db()
    if days_ago:
        Decision.objects.filter(case=case).update(decided_at=timezone.now() - datetime.timedelta(days=days_ago))
    return case


def _decide_again(case, user):
    case.refresh_from_db()
    assess_and_decide(case, user)
    case.refresh_from_db()
    return case


def test_a_complaint_reopens_the_case_with_a_reassessment_and_counts_three_weeks(make_case, caseworker):
    case = _decided(make_case, caseworker, days_ago=10)
    decision = case.decisions.get()
    today = timezone.localdate()
    complaint = complaints.register_complaint(
        case, caseworker, received_on=today, notified_on=today - datetime.timedelta(days=8), grounds="Ønsker mer hjelp."
    )
    case.refresh_from_db()
    assert case.status == Status.OPEN
    assert complaint.decision == decision
    assert isinstance(complaint.reassessment, Reassessment)
    assert complaint.reassessment.previous_decision == decision
    assert complaint.deadline == today - datetime.timedelta(days=8) + datetime.timedelta(days=21)
    assert not complaint.is_late
    # A second complaint waits for the case to be decided again.
    with pytest.raises(ValidationError):
        complaints.register_complaint(case, caseworker, received_on=today, grounds="Igjen.")


def test_a_late_complaint_is_registered_and_flagged(make_case, caseworker):
    case = _decided(make_case, caseworker, days_ago=40)
    today = timezone.localdate()
    # Notified the day of the decision (the default), 40 days ago: the deadline passed 19 days ago.
    complaint = complaints.register_complaint(case, caseworker, received_on=today, grounds="Kom for sent.")
    assert complaint.notified_on == today - datetime.timedelta(days=40)
    assert complaint.deadline == today - datetime.timedelta(days=19)
    assert complaint.is_late
    on_the_last_day = Complaint(notified_on=today - datetime.timedelta(days=21), received_on=today)
    assert not on_the_last_day.is_late
    assert Complaint(notified_on=today - datetime.timedelta(days=22), received_on=today).is_late


def test_what_a_complaint_refuses(make_case, caseworker, leader, user_factory):
    open_case = make_case(caseworker, title="Åpen sak")
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        complaints.register_complaint(open_case, caseworker, received_on=today, grounds="Ikke avgjort.")
    case = _decided(make_case, caseworker)
    with pytest.raises(ValidationError) as err:
        complaints.register_complaint(
            case, caseworker, received_on=today + datetime.timedelta(days=1), grounds=f"Gjelder {FNR}"
        )
    assert {"received_on", "grounds"} <= set(err.value.message_dict)
    with pytest.raises(ValidationError) as err:
        complaints.register_complaint(
            case,
            caseworker,
            received_on=today,
            notified_on=today - datetime.timedelta(days=30),
            grounds="Før vedtaket.",
        )
    assert "notified_on" in err.value.message_dict
    with pytest.raises(PermissionDenied):
        complaints.register_complaint(case, user_factory(Role.POLITICIAN), received_on=today, grounds="Nei.")
    service = make_case(leader, level=Level.SERVICE, title="Tjeneste")
    assess_and_decide(service, leader)
    with pytest.raises(ValidationError):
        complaints.register_complaint(service, leader, received_on=today, grounds="Ikke enkeltvedtak.")


def test_the_unit_changes_the_decision(make_case, caseworker):
    case = _decided(make_case, caseworker)
    complaint = complaints.register_complaint(case, caseworker, received_on=timezone.localdate(), grounds="Klage.")
    with pytest.raises(ValidationError):  # the unit's review ends in a new decision first
        complaints.record_unit_outcome(complaint, caseworker, outcome="changed")
    case = _decide_again(case, caseworker)
    recorded = complaints.record_unit_outcome(complaint, caseworker, outcome="changed", note="Klagen tas til følge.")
    assert recorded.unit_decision == selectors.current_decision(case)
    assert recorded.unit_decision != recorded.decision
    assert not recorded.awaiting_statsforvalteren
    with pytest.raises(ValidationError):
        complaints.record_unit_outcome(complaint, caseworker, outcome="changed")
    with pytest.raises(ValidationError):  # never sent on: Statsforvalteren has nothing to decide
        complaints.record_appeal_result(recorded, caseworker, result="upheld", decided_on=timezone.localdate())


def test_the_unit_sends_it_on_and_statsforvalterens_result_is_recorded_when_it_comes(make_case, caseworker):
    case = _decided(make_case, caseworker)
    today = timezone.localdate()
    complaint = complaints.register_complaint(case, caseworker, received_on=today, grounds="Klage.")
    case = _decide_again(case, caseworker)
    with pytest.raises(ValidationError) as err:
        complaints.record_unit_outcome(complaint, caseworker, outcome="forwarded")
    assert "forwarded_on" in err.value.message_dict
    sent = complaints.record_unit_outcome(complaint, caseworker, outcome="forwarded", forwarded_on=today)
    assert sent.awaiting_statsforvalteren
    with pytest.raises(ValidationError) as err:
        complaints.record_appeal_result(
            sent, caseworker, result="upheld", decided_on=today - datetime.timedelta(days=1)
        )
    assert "decided_on" in err.value.message_dict
    result = complaints.record_appeal_result(sent, caseworker, result="rejected", decided_on=today, note="Stadfestet.")
    assert result.get_appeal_result_display() == "Ikke medhold: vedtaket står ved lag"
    assert not result.awaiting_statsforvalteren
    # Both outcomes and the registration are on the case's timeline.
    actions = [e.action for e in selectors.case_timeline(case) if e.subject == "Klage"]
    assert any(a.startswith("registrert: mottatt ") and "innen fristen" in a for a in actions)
    assert "enhetens resultat: Ikke tatt til følge: sendt videre til Statsforvalteren" in actions
    assert any(
        a.startswith("Statsforvalterens resultat (") and a.endswith("Ikke medhold: vedtaket står ved lag")
        for a in actions
    )


def test_the_complaint_pages(make_case, caseworker, login_client, user_factory):
    case = _decided(make_case, caseworker, days_ago=30)
    client = login_client(caseworker)
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Registrer en klage" in detail
    url = reverse("cases:complaint_create", args=[case.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert CaseAccess.objects.filter(case=case, page="complaint").exists()
    assert not Complaint.objects.exists()
    refused = client.post(url, {"received_on": timezone.localdate().isoformat(), "grounds": f"fnr {FNR}"})
    assert refused.status_code == 200
    assert not Complaint.objects.exists()
    response = client.post(
        url, {"received_on": timezone.localdate().isoformat(), "grounds": "Ønsker mer hjelp."}, follow=True
    )
    assert "Klagen er registrert, og den er for sen." in response.content.decode()
    complaint = Complaint.objects.get()
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert 'data-testid="complaint-late"' in body
    assert "Venter på enhetens klagebehandling" in body
    _decide_again(case, caseworker)
    unit = reverse("cases:complaint_unit", args=[case.pk, complaint.pk])
    assert client.get(unit).status_code == 200
    today = timezone.localdate().isoformat()
    assert client.post(unit, {"outcome": "forwarded", "forwarded_on": today, "note": ""}).status_code == 302
    appeal = reverse("cases:complaint_appeal", args=[case.pk, complaint.pk])
    assert client.post(appeal, {"result": "partly", "decided_on": today, "note": "Delvis."}).status_code == 302
    complaint.refresh_from_db()
    assert (complaint.unit_outcome, complaint.appeal_result) == ("forwarded", "partly")
    body = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "Delvis medhold" in body
    # Another case's complaint is not found under this case; a politician does not handle complaints.
    other = _decided(make_case, caseworker)
    assert client.get(reverse("cases:complaint_unit", args=[other.pk, complaint.pk])).status_code == 404
    politician = login_client(user_factory(Role.POLITICIAN))
    assert politician.get(url).status_code in (403, 404)
