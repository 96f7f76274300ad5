from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from prioritet.accounts.models import Role
from prioritet.cases.models import Case, Level
from prioritet.cases.testing import decided_case
from prioritet.core.tasks import run_queued_tasks
from prioritet.planning import services
from prioritet.planning.models import SentReminder

TODAY = datetime.date(2026, 10, 5)


@pytest.fixture
def reassessment_due(user_factory):
    caseworker = user_factory(Role.CASEWORKER, username="saksbehandler", email="saksbehandler@larvik.kommune.no")
    case, _ = decided_case(
        caseworker,
        [("Hjemmerehabilitering", (4, 2))],
        severity=4,
        level=Level.INDIVIDUAL,
        title="Søknad fra Kari, 82 år",
        case_reference="2026/1234",
    )
    Case.objects.filter(pk=case.pk).update(reassessment_due=TODAY + datetime.timedelta(days=10))
    return case


def test_a_reassessment_due_soon_is_reminded_once_without_health_information(reassessment_due):
    assert services.send_reminders(TODAY) == 1
    assert services.send_reminders(TODAY) == 0
    (message,) = mail.outbox
    assert message.to == ["saksbehandler@larvik.kommune.no"]
    assert "2026/1234" in message.subject
    assert "15.10.2026" in message.body
    assert f"/cases/{reassessment_due.pk}/" in message.body
    assert "Kari" not in message.subject + message.body


def test_a_reassessment_further_away_is_not_reminded_yet(reassessment_due):
    assert services.send_reminders(TODAY, days=5) == 0
    assert mail.outbox == []


def test_a_milestone_within_the_reminder_days_goes_to_the_directors_and_leaders(
    user_factory, director, leader, service_case, budget, proposal
):
    for person, address in ((director, "direktor@larvik.kommune.no"), (leader, "leder@larvik.kommune.no")):
        person.email = address
        person.save()
    user_factory(Role.CASEWORKER, username="ikke-med", email="saksbehandler@larvik.kommune.no")
    services.link_case(service_case, director, budget, proposal, None)
    assert services.send_reminders(TODAY) == 2
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "direktor@larvik.kommune.no",
        "leder@larvik.kommune.no",
    ]
    assert "15.10.2026" in mail.outbox[0].subject
    assert "1" in mail.outbox[0].body  # one open case feeds it
    assert SentReminder.objects.count() == 2


def test_a_failed_email_is_tried_again_next_time(reassessment_due, settings, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no mail server")

    monkeypatch.setattr(services, "send_mail", refuse)
    assert services.send_reminders(TODAY) == 0
    assert not SentReminder.objects.exists()
    monkeypatch.undo()
    assert services.send_reminders(TODAY) == 1


def test_the_command_queues_the_reminders_for_the_worker(queued_tasks, reassessment_due, monkeypatch):
    call_command("send_reminders")
    assert mail.outbox == []  # queued, not sent
    calls: list[datetime.date] = []

    def record(today: datetime.date, **kwargs: object) -> int:
        calls.append(today)
        return 0

    monkeypatch.setattr(services, "send_reminders", record)
    run_queued_tasks()
    assert len(calls) == 1


def test_records_of_old_reminders_are_purged_with_a_purge_record(reassessment_due):
    from prioritet.core.audit import PurgeRecord

    services.send_reminders(TODAY)
    assert SentReminder.objects.count() == 1
    call_command("purge_expired", "--dry-run")
    assert SentReminder.objects.count() == 1  # due in ten days: not past its retention
    SentReminder.objects.update(due=TODAY - datetime.timedelta(days=400))
    call_command("purge_expired")
    assert not SentReminder.objects.exists()
    assert PurgeRecord.objects.get(kind="sent_reminders").count == 1


def test_an_evaluation_due_soon_is_reminded_once_to_whoever_made_the_case(user_factory):
    from decimal import Decimal

    from prioritet.effects import services as effects

    leader = user_factory(Role.LEADER, username="leder", email="leder@larvik.kommune.no")
    case, _ = decided_case(leader, [("Dagsenter", (4, 3))], level=Level.SERVICE, title="Dagsenter")
    effects.save_implementation(case, leader, None, responsible_unit="Dagsenteret", start_date=TODAY)
    for days in (5, 5, 200):
        effects.add_effect(
            case,
            leader,
            description="Kortere ventetid",
            indicator="Dager til oppstart",
            unit="dager",
            baseline=Decimal(45),
            target=Decimal(20),
            evaluate_by=TODAY + datetime.timedelta(days=days),
        )
    Case.objects.filter(pk=case.pk).update(reassessment_due=TODAY + datetime.timedelta(days=300))
    assert services.send_reminders(TODAY) == 1
    assert services.send_reminders(TODAY) == 0
    (message,) = mail.outbox
    assert message.to == ["leder@larvik.kommune.no"]
    assert f"#{case.pk}" in message.subject
    assert "10.10.2026" in message.body
    assert SentReminder.objects.get().kind == "evaluation"
