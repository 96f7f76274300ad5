"""The section on the case page, in the saksframlegg and on the public page; history; the demo."""

from __future__ import annotations

import datetime
import hashlib
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from prioritet.accounts.models import Municipality
from prioritet.cases.extensions import Place, sections_for
from prioritet.cases.selectors import case_timeline
from prioritet.participation import services
from prioritet.participation.models import Response, Round
from prioritet.public import services as public_services
from prioritet.public.models import Publication


def _answer_and_close(opened, service_case):
    round_, links = opened
    scores = {a.pk: services.ScoreData(5, 2) for a in service_case.alternatives.all()}
    data = services.AnswerData(free_text="Rådet støtter tiltaket.", scores=scores)
    services.answer_invitation(links[0].invitation, key=services.new_token(), data=data, submit=True)
    public = services.AnswerData(free_text="Som innbygger er jeg enig.", speaks_for="Meg selv", scores=scores)
    services.answer_public(round_, key=services.new_token(), data=public, submit=True)
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    return round_


def test_an_open_round_shows_on_the_case_page_but_not_in_the_report(opened, service_case, leader):
    assert [s.key for s in sections_for(service_case, Place.CASE, leader)] == ["consultation"]
    assert sections_for(service_case, Place.REPORT, leader) == []
    assert sections_for(service_case, Place.PUBLIC) == []


def test_a_closed_round_is_summarised_on_the_public_page_marked_unverified(opened, service_case, leader):
    _answer_and_close(opened, service_case)
    publication = public_services.publish(service_case, leader, decided_by_body="Leder", summary="Publisert.")
    page = Client().get(reverse("public:publication", args=[service_case.municipality.slug, publication.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Høring og medvirkning" in html
    assert "Rådet støtter tiltaket." in html
    assert "Eldrerådet" in html
    assert "Offentlig lenke (ikke verifisert)" in html
    assert "Som innbygger er jeg enig." in html
    assert "/h/" not in html  # no link to answer


def test_the_history_shows_the_round_opened_and_closed_with_its_answers(opened, service_case):
    _answer_and_close(opened, service_case)
    entries = [e for e in case_timeline(service_case) if "Høring «" in e.subject]
    actions = {str(e.action) for e in entries}
    assert {"opprettet", "avsluttet"} <= actions
    closed = next(e for e in entries if e.action == "avsluttet")
    assert closed.note == "2 svar, 1 av dem fra inviterte grupper"


def test_the_history_names_the_public_link_by_a_short_fingerprint_never_the_token(opened, service_case):
    round_, _links = opened
    round_.refresh_from_db()
    assert len(round_.public_token or "") == 43
    changes = [c for e in case_timeline(service_case) if "Høring «" in e.subject for c in e.changes]
    link = next(c for c in changes if c.label == "Nøkkel til offentlig lenke")
    digest = hashlib.sha256(round_.public_token.encode()).hexdigest()[:8]
    assert link.new == f"fingeravtrykk {digest}"
    assert not any(round_.public_token in f"{c.old} {c.new}" for c in changes)


@pytest.mark.django_db
def test_the_demo_has_a_closed_round_on_a_published_case_and_an_open_round_once():
    call_command("load_demo", stdout=StringIO())
    first = list(Round.objects.values_list("pk", flat=True))
    call_command("load_demo", stdout=StringIO())
    assert list(Round.objects.values_list("pk", flat=True)) == first
    closed = [r for r in Round.objects.all() if r.is_closed]
    open_ = [r for r in Round.objects.all() if r.is_open()]
    assert len(closed) == 1
    assert len(open_) == 1
    assert Response.objects.filter(round=closed[0], status="submitted").count() == 4
    publication = Publication.objects.get(case=closed[0].case)
    municipality = Municipality.objects.get(number="9999")
    html = Client().get(reverse("public:publication", args=[municipality.slug, publication.pk])).content.decode()
    assert "Høring og medvirkning" in html
    assert "Eldrerådet i Demo kommune" in html


def test_more_closed_rounds_cost_their_answers_only_not_the_judgment_again(opened, service_case, leader):
    """The public page and the report compute the case's combined judgment once, however many rounds."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _answer_and_close(opened, service_case)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            sections_for(service_case, Place.PUBLIC)
        return len(captured.captured_queries)

    one = queries()
    for _ in range(2):
        again = services.open_round(
            service_case,
            leader,
            question="Og nå?",
            deadline=timezone.now() + datetime.timedelta(days=1),
            public_enabled=True,
            invitations=[],
        )[0]
        Round.objects.filter(pk=again.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    three = queries()
    # Each further round reads its answers and their scores: two queries, nothing per alternative.
    assert three - one <= 2 * 2
