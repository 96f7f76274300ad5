"""The person's and the relatives' voice (medvirkning) and the children question (barnets beste), issue 13 §4."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from prioritet.accounts.models import Role
from prioritet.cases import services, voice
from prioritet.cases.judgment import combined_judgment
from prioritet.cases.models import AlternativeView, Case, CaseAccess, Level, PersonVoice
from prioritet.cases.testing import assess, on_team
from prioritet.core.concurrency import ConcurrentEditError
from prioritet.core.testing import FNR

UNANSWERED = "Svar på spørsmålet om barn"


@pytest.fixture
def open_case(make_case, caseworker, health_personnel):
    """The seed's 75-year-old, assessed, with the children question not answered yet."""
    case = make_case(caseworker, title="Person på 75 år med lårhalsbrudd", severity=4, answered=False)
    on_team(case, health_personnel)  # the second assessor is on the case team
    home = services.add_alternative(case, caseworker, title="Rehabiliteringsteam i hjemmet")
    institution = services.add_alternative(case, caseworker, title="Rehabiliteringsopphold i institusjon")
    for user in (caseworker, health_personnel):
        assess(home, user, 4, 3)
        assess(institution, user, 4, 4)
    case.refresh_from_db()
    return case, home, institution


def _decide(case, user, alternative, **fields):
    case.refresh_from_db()
    return services.decide(
        case,
        user,
        case.version,
        alternative=alternative,
        priority="high",
        justification="Samme nytte med færre ressurser.",
        reassessment_due=timezone.localdate() + datetime.timedelta(days=90),
        **fields,
    )


def _voice(case, user, **data):
    current = voice.voice_of(case)
    return voice.save_voice(case, user, current.version if current else None, data.pop("fields", {}) | data)


def test_a_decision_is_refused_while_the_children_question_is_unanswered(open_case, caseworker):
    case, home, _ = open_case
    with pytest.raises(ValidationError) as err:
        _decide(case, caseworker, home)
    assert any(UNANSWERED in m for m in err.value.message_dict["__all__"])
    _voice(case, caseworker, what_matters="Å komme hjem.")  # the voice without the answer is still not enough
    with pytest.raises(ValidationError):
        _decide(case, caseworker, home)
    _voice(case, caseworker, children="none")
    decision = _decide(case, caseworker, home)
    assert decision.alternative == home


def test_children_affected_need_an_assessment_and_the_decision_assesses_their_best_interest(open_case, caseworker):
    case, home, _ = open_case
    with pytest.raises(ValidationError) as err:
        _voice(case, caseworker, children="affected")
    assert "children_assessment" in err.value.message_dict
    _voice(case, caseworker, children="affected", children_assessment="Barnebarnet på 9 år bor i huset.")
    assert voice.children_affected(case)
    assert not case.child_affected
    with pytest.raises(ValidationError) as err:
        _decide(case, caseworker, home)
    assert "child_best_interest" in err.value.message_dict
    decision = _decide(case, caseworker, home, child_best_interest="Barnebarnet får en trygg hverdag.")
    assert decision.child_best_interest


def test_the_decision_page_says_why_in_the_users_language(open_case, caseworker, login_client):
    case, home, _ = open_case
    client = login_client(caseworker)
    page = client.get(reverse("cases:decide", args=[case.pk]))
    form = page.context["form"]
    data = {
        "alternative": home.pk,
        "priority": "high",
        "justification": "Samme nytte.",
        "reassessment_due": (timezone.localdate() + datetime.timedelta(days=90)).isoformat(),
        "version": case.version,
        "signature": form.initial["signature"],
    }
    response = client.post(reverse("cases:decide", args=[case.pk]), data)
    assert response.status_code == 200
    assert UNANSWERED in response.content.decode()
    client.cookies["django_language"] = "en"
    response = client.post(reverse("cases:decide", args=[case.pk]), data, HTTP_ACCEPT_LANGUAGE="en")
    assert "Answer the question about children" in response.content.decode()
    assert not case.decisions.exists()


def test_the_voice_is_kept_with_history_limits_and_the_text_rules(open_case, caseworker, leader):
    case, home, institution = open_case
    saved = voice.save_voice(
        case,
        caseworker,
        None,
        {"what_matters": "Å klare meg selv hjemme.", "relatives_burden": "Datteren kan hjelpe i helgene."},
        {home.pk: "Ønsker dette.", institution.pk: "Vil ikke på institusjon."},
    )
    assert saved.history.count() == 1
    assert voice.views_of(case) == {home.pk: "Ønsker dette.", institution.pk: "Vil ikke på institusjon."}
    with pytest.raises(ConcurrentEditError):
        voice.save_voice(case, caseworker, None, {"what_matters": "Annet."})
    with pytest.raises(ValidationError):
        voice.save_voice(case, caseworker, saved.version, {"what_matters": f"Gjelder {FNR}"})
    with pytest.raises(ValidationError):
        voice.save_voice(case, caseworker, saved.version, {"relatives_view": "x" * 2001})
    with pytest.raises(ValidationError):
        voice.save_voice(case, caseworker, saved.version, {}, {home.pk: f"fnr {FNR}"})
    fresh = voice.save_voice(case, caseworker, saved.version, {"relatives_view": "Støtter hjemmerehabilitering."})
    assert fresh.version == saved.version + 1
    assert fresh.what_matters == "Å klare meg selv hjemme."
    assert PersonVoice.history.filter(id=fresh.pk).count() == 2
    # Only who works on individual cases records it; only individual cases have it.
    with pytest.raises(PermissionDenied):
        voice.save_voice(case, leader, fresh.version, {"what_matters": "Lederen skriver."})


def test_only_an_open_individual_case_takes_a_voice(make_case, caseworker, leader, open_case):
    service = make_case(leader, level=Level.SERVICE, title="Larvikshjelpa")
    with pytest.raises(ValidationError):
        voice.save_voice(service, leader, None, {"what_matters": "Noe."})
    case, home, _ = open_case
    _voice(case, caseworker, children="none")
    _decide(case, caseworker, home)
    case.refresh_from_db()
    with pytest.raises(ValidationError):
        _voice(case, caseworker, what_matters="Etter vedtaket.")


def test_the_combined_judgment_carries_the_voice_beside_the_scores(open_case, caseworker):
    case, home, institution = open_case
    voice.save_voice(
        case, caseworker, None, {"what_matters": "Å komme hjem.", "children": "none"}, {home.pk: "Ønsker dette."}
    )
    judgment = combined_judgment(case)
    assert judgment.voice is not None
    assert judgment.voice.what_matters == "Å komme hjem."
    views = {row.alternative.pk: row.person_view for row in judgment.rows}
    assert views[home.pk] == "Ønsker dette."
    assert views[institution.pk] == ""
    # The view is weighed by the person deciding; it does not move the engine's order.
    assert judgment.top is not None
    assert judgment.top.alternative == home
    # The decided case's frozen judgment shows it too.
    decision = _decide(case, caseworker, home)
    from prioritet.cases.judgment import frozen_judgment

    frozen = frozen_judgment(case, decision)
    assert {r.alternative.pk: r.person_view for r in frozen.rows}[home.pk] == "Ønsker dette."


def test_the_voice_page_records_logs_and_shows_in_the_judgment(open_case, caseworker, login_client):
    case, home, institution = open_case
    client = login_client(caseworker)
    url = reverse("cases:voice", args=[case.pk])
    before = CaseAccess.objects.filter(case=case, page="voice").count()
    page = client.get(url)
    assert page.status_code == 200
    assert CaseAccess.objects.filter(case=case, page="voice").count() == before + 1
    assert not PersonVoice.objects.exists()  # a GET writes nothing but the access log
    body = page.content.decode()
    assert "Hva er viktig for personen" in body
    assert f'name="view_{home.pk}"' in body
    response = client.post(
        url,
        {
            "what_matters": "Å gå tur med hunden.",
            "relatives_view": "Datteren støtter hjemmerehabilitering.",
            "relatives_burden": "Kan hjelpe i helgene.",
            "children": "none",
            "children_assessment": "",
            f"view_{home.pk}": "Trygt å trene hjemme.",
            f"view_{institution.pk}": "",
            "version": "",
        },
    )
    assert response.status_code == 302
    assert AlternativeView.objects.get(alternative=home).view == "Trygt å trene hjemme."
    assert not AlternativeView.objects.filter(alternative=institution).exists()
    detail = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert "«Å gå tur med hunden.»" in detail
    assert "«Trygt å trene hjemme.»" in detail
    assert "Kan hjelpe i helgene." in detail
    # Refused input keeps the form and says why.
    again = client.post(url, {"children": "affected", "version": PersonVoice.objects.get().version})
    assert again.status_code == 200
    assert "si hvordan deres beste er vurdert" in again.content.decode()


def test_the_voice_page_is_for_individual_cases_and_workers_only(
    make_case, leader, open_case, login_client, user_factory
):
    service = make_case(leader, level=Level.SERVICE, title="Larvikshjelpa")
    assert login_client(leader).get(reverse("cases:voice", args=[service.pk])).status_code == 404
    case, _, _ = open_case
    politician = user_factory(Role.POLITICIAN)
    assert login_client(politician).get(reverse("cases:voice", args=[case.pk])).status_code in (403, 404)


def test_retention_blanks_the_voice(open_case, caseworker):
    case, home, _ = open_case
    voice.save_voice(case, caseworker, None, {"what_matters": "Hjem.", "children": "none"}, {home.pk: "Ja."})
    case.refresh_from_db()
    services.set_archived(case, caseworker, case.version, True)
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - datetime.timedelta(days=4000))
    # The command, as in production: it opens the audit guard for the purge (PostgreSQL's trigger).
    call_command("purge_expired")
    kept = PersonVoice.objects.get(case=case)
    assert kept.what_matters == ""
    assert kept.children == "none"
    assert AlternativeView.objects.get(alternative=home).view == ""
    assert not PersonVoice.history.filter(case_id=case.pk).exists()
