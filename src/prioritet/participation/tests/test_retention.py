"""Retention of consultation answers: texts blanked and history deleted after the round closed; scores stay."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from prioritet.core.audit import PurgeRecord
from prioritet.participation import services
from prioritet.participation.models import Response, ResponseScore, Round


def test_answers_to_a_round_closed_past_retention_lose_their_texts_and_history(opened, service_case):
    round_, _links = opened
    data = services.AnswerData(
        speaks_for="Pårørende til Ola",
        free_text="Ola trenger dette.",
        severity=4,
        severity_why="Ola trenger hjelp",
        scores={a.pk: services.ScoreData(4, 2, "Ola sier ja") for a in service_case.alternatives.all()},
    )
    answer = services.answer_public(round_, key=services.new_token(), data=data, submit=True)
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.now() - dt.timedelta(days=1900))

    call_command("purge_expired")

    answer.refresh_from_db()
    assert (answer.speaks_for, answer.free_text, answer.severity_why) == ("", "", "")
    assert answer.severity == 4, "the need's score stays for the summary"
    assert not ResponseScore.objects.filter(response=answer).exclude(why="").exists()
    assert ResponseScore.objects.filter(response=answer, benefit=4).exists()
    assert not Response.history.filter(id=answer.pk).exists()
    record = PurgeRecord.objects.get(kind="consultation_answers")
    assert (record.count, record.municipality_id) == (1, service_case.municipality_id)


def test_an_answer_whose_only_text_is_the_reason_for_severity_is_counted_and_blanked(opened, service_case):
    round_, _links = opened
    data = services.AnswerData(severity=5, severity_why="Uten hjelp blir det farlig.")
    answer = services.answer_public(round_, key=services.new_token(), data=data, submit=True)
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.now() - dt.timedelta(days=1900))
    call_command("purge_expired")
    answer.refresh_from_db()
    assert answer.severity_why == ""
    assert PurgeRecord.objects.get(kind="consultation_answers").count == 1


def test_answers_to_a_recently_closed_round_are_kept(opened, service_case):
    round_, _links = opened
    data = services.AnswerData(free_text="Viktig innspill.")
    answer = services.answer_public(round_, key=services.new_token(), data=data, submit=True)
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.now() - dt.timedelta(days=30))
    call_command("purge_expired")
    answer.refresh_from_db()
    assert answer.free_text == "Viktig innspill."
    assert not PurgeRecord.objects.filter(kind="consultation_answers").exists()


def test_the_addresses_invitations_were_emailed_to_are_blanked_with_the_answers(opened, service_case, leader):
    from prioritet.participation.models import InvitationEmail

    round_, links = opened
    services.send_invitation(links[0].invitation, leader, "post@eldreradet.no")
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.now() - dt.timedelta(days=1900))

    call_command("purge_expired")

    record = InvitationEmail.objects.get()
    assert record.address == ""
    assert record.status == "done", "the record of the send stays"
