"""The pages: roles and tenancy, the answer link's states, and hostile input on the public form."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_user
from prioritet.cases.testing import decided_case
from prioritet.participation import services
from prioritet.participation.models import Response, Round
from prioritet.public import services as public_services

from .conftest import answer_post

#: A fødselsnummer with valid mod-11 check digits (computed as tests/browser/seed.py does).
NATIONAL_ID = "15038741257"
SCRIPT = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _url(token: str) -> str:
    return reverse("participation:answer", args=[token])


def _form_key(page: str) -> str:
    found = re.search(r'name="key" value="([^"]+)"', page)
    assert found is not None, "the answer form has no key"
    return found.group(1)


def test_leader_opens_a_round_with_three_invitations_and_sees_the_links_once(service_case, leader, login_client):
    client = login_client(leader)
    url = reverse("participation:round_create", args=[service_case.pk])
    assert client.get(url).status_code == 200
    deadline = (timezone.localtime() + datetime.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    data = {
        "question": "Hva mener dere?",
        "deadline": deadline,
        "public_enabled": "on",
        "invite-TOTAL_FORMS": "5",
        "invite-INITIAL_FORMS": "0",
        "invite-MIN_NUM_FORMS": "0",
        "invite-MAX_NUM_FORMS": "50",
        "invite-0-group": "elderly_council",
        "invite-0-label": "Eldrerådet",
        "invite-1-group": "youth_council",
        "invite-1-label": "Ungdomsrådet",
        "invite-2-group": "staff",
        "invite-2-label": "",
    }
    response = client.post(url, data, follow=True)
    assert response.status_code == 200
    round_ = Round.objects.get()
    assert round_.invitations.count() == 3
    links = re.findall(r"http://testserver/h/([A-Za-z0-9_-]{43})/", response.content.decode())
    assert len(set(links)) == 4  # three invitations and the public link
    again = client.get(reverse("participation:round", args=[service_case.pk, round_.pk])).content.decode()
    assert len(set(re.findall(r"/h/([A-Za-z0-9_-]{43})/", again))) == 1  # only the public link now


def test_roles_and_levels(service_case, political_case, leader, director, user_factory, login_client):
    caseworker = user_factory(Role.CASEWORKER)
    assert login_client(caseworker).get(reverse("participation:rounds", args=[service_case.pk])).status_code == 200
    assert (
        login_client(caseworker).get(reverse("participation:round_create", args=[service_case.pk])).status_code == 403
    )
    assert login_client(leader).get(reverse("participation:round_create", args=[political_case.pk])).status_code == 403
    individual, _ = decided_case(caseworker, [("Hjemme", (4, 3))], severity=4, level="individual", title="Søknad")
    assert login_client(leader).get(reverse("participation:rounds", args=[individual.pk])).status_code == 404
    stranger = make_user(Role.LEADER)
    assert login_client(stranger).get(reverse("participation:rounds", args=[service_case.pk])).status_code == 404


def test_the_link_states_unknown_used_expired(opened, service_case):
    round_, links = opened
    client = Client()
    assert client.get(_url("x" * 43)).status_code == 404
    assert client.get(_url("<script>")).status_code == 404
    page = client.get(_url(links[0].token))
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in page["Cache-Control"]
    key = _form_key(page.content.decode())
    assert client.post(_url(links[0].token), answer_post(service_case, key=key, action="draft")).status_code == 302
    assert Response.objects.get().status == "draft"
    done = client.post(_url(links[0].token), answer_post(service_case, key=key))
    assert done.status_code == 200
    assert "Takk for svaret" in done.content.decode()
    # A double submit of the same form: the same receipt, one answer.
    assert client.post(_url(links[0].token), answer_post(service_case, key=key)).status_code == 200
    assert Response.objects.count() == 1
    used = client.get(_url(links[0].token))
    assert used.status_code == 410
    assert "Svaret er mottatt" in used.content.decode()
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.now() - datetime.timedelta(hours=1))
    expired = client.get(_url(links[1].token))
    assert expired.status_code == 410
    assert "Høringen er avsluttet" in expired.content.decode()
    assert client.get(_url(round_.public_token)).status_code == 410


def test_a_public_draft_gets_its_own_link_back(opened, service_case):
    round_, _ = opened
    client = Client()
    key = _form_key(client.get(_url(round_.public_token)).content.decode())
    saved = client.post(_url(round_.public_token), answer_post(service_case, key=key, action="draft", text="Utkast"))
    assert saved.status_code == 302
    assert saved["Location"].startswith(_url(key))
    back = client.get(saved["Location"]).content.decode()
    assert "Utkast" in back
    assert _form_key(back) == key
    assert client.post(_url(key), answer_post(service_case, key=key, text="Ferdig")).status_code == 200
    response = Response.objects.get()
    assert response.is_submitted
    assert not response.verified
    assert response.free_text == "Ferdig"


def test_the_form_asks_the_severity_of_the_need_once_and_benefit_and_resources_per_alternative(
    opened, service_case, leader, login_client
):
    round_, links = opened
    client = Client()
    page = client.get(_url(links[0].token)).content.decode()
    alternatives = list(service_case.alternatives.filter(archived=False))
    assert len(alternatives) == 3
    assert page.count('name="severity"') == 6  # one radio group: five scores and «don't know»
    assert page.count('name="severity_why"') == 1
    for alternative in alternatives:
        assert f'name="a{alternative.pk}_severity"' not in page
        assert page.count(f'name="a{alternative.pk}_benefit"') == 6
        assert page.count(f'name="a{alternative.pk}_resources"') == 6
    key = _form_key(page)
    data = answer_post(service_case, key=key, views=(3, 5, 2), severity_why="Uten tilbud blir det verre.")
    assert client.post(_url(links[0].token), data).status_code == 200
    answer = Response.objects.get()
    assert (answer.severity, answer.severity_why) == (5, "Uten tilbud blir det verre.")
    assert {(s.benefit, s.resources, s.severity) for s in answer.scores.all()} == {(3, 2, None)}
    # The round's page summarises the need once, beside the case's severity, with the reason given.
    services.close_round(round_, leader, Round.objects.get(pk=round_.pk).version)
    html = login_client(leader).get(reverse("participation:round", args=[service_case.pk, round_.pk])).content.decode()
    assert html.count('data-testid="need-summary"') == 1
    assert "Uten tilbud blir det verre." in html
    assert "Behovets alvorlighet" in html


class TestHostileInput:
    """Oversized, malformed and script-bearing answers: refused or stored inert; nothing earlier is lost."""

    @pytest.fixture
    def earlier(self, opened, service_case):
        round_, _ = opened
        return services.answer_public(
            round_,
            key=services.new_token(),
            data=services.AnswerData(free_text="Tidligere innspill", scores={}),
            submit=True,
        )

    def _post(self, client, round_, data, **extra):
        return client.post(_url(round_.public_token), data, **extra)

    def test_refused_inputs_store_nothing(self, opened, service_case, earlier):
        round_, _ = opened
        client = Client()
        key = services.new_token()
        refused = [
            answer_post(service_case, key=key, text="x" * 5001),
            answer_post(service_case, key=key, why="y" * 1001),
            answer_post(service_case, key=key, speaks_for="z" * 201),
            answer_post(service_case, key=key, views=(9, 0, -1)),
            answer_post(service_case, key="short"),
            answer_post(service_case, key=key, text="Fødselsnummer " + NATIONAL_ID),
        ]
        for data in refused:
            page = self._post(client, round_, data)
            html = page.content.decode()
            assert page.status_code == 200
            assert "ds-error-summary" in html or 'data-color="danger" role="alert"' in html
        huge = self._post(client, round_, answer_post(service_case, key=key, text="x" * 300_000))
        assert huge.status_code == 413
        assert list(Response.objects.values_list("pk", "free_text")) == [(earlier.pk, "Tidligere innspill")]

    def test_script_is_stored_as_text_and_escaped_everywhere(self, opened, service_case, earlier, leader, login_client):
        round_, _ = opened
        client = Client()
        key = services.new_token()
        refused = answer_post(service_case, key=key, text=SCRIPT + "\x00\x1b[31m", why=SCRIPT, speaks_for=SCRIPT)
        page = self._post(client, round_, refused)
        assert "U+001B ESC" in page.content.decode()  # control characters are refused, named
        assert not Response.objects.exclude(pk=earlier.pk).exists()
        data = answer_post(service_case, key=key, text=SCRIPT + "\u200b", why=SCRIPT, speaks_for=SCRIPT)
        assert self._post(client, round_, data).status_code == 200
        stored = Response.objects.exclude(pk=earlier.pk).get()
        assert stored.free_text == SCRIPT  # an invisible format character removed, the rest kept as text
        Round.objects.filter(pk=round_.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
        public_services.publish(service_case, leader, decided_by_body="Virksomhetsleder", summary="Publisert.")
        staff = login_client(leader)
        pages = [
            staff.get(reverse("participation:round", args=[service_case.pk, round_.pk])),
            staff.get(reverse("cases:detail", args=[service_case.pk])),
            staff.get(reverse("reports:saksframlegg", args=[service_case.pk])),
            Client().get(
                reverse("public:publication", args=[service_case.municipality.slug, service_case.publication.pk])
            ),
        ]
        for page in pages:
            html = page.content.decode()
            assert page.status_code == 200
            assert "<script>alert" not in html
            assert "<img src=x" not in html
        for page in pages[::2]:
            html = page.content.decode()
            assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
            assert "Tidligere innspill" in html
        assert Response.objects.get(pk=earlier.pk).free_text == "Tidligere innspill"

    def test_the_public_form_is_rate_limited_per_address(self, opened, service_case, settings):
        round_, _ = opened
        caches["ratelimit"].clear()
        client = Client(REMOTE_ADDR="203.0.113.9")
        statuses = [
            self._post(client, round_, answer_post(service_case, key=services.new_token())).status_code
            for _ in range(11)
        ]
        assert statuses[:10] == [200] * 10
        assert statuses[10] == 429
        assert Response.objects.count() == 10
        other = Client(REMOTE_ADDR="203.0.113.10")
        assert self._post(other, round_, answer_post(service_case, key=services.new_token())).status_code == 200


def test_the_saksframlegg_pdf_holds_the_summary(opened, service_case, leader, login_client):
    round_, links = opened
    data = services.AnswerData(
        free_text="Eldrerådet støtter tiltaket.",
        severity=4,
        scores={a.pk: services.ScoreData(5, 2) for a in service_case.alternatives.all()},
    )
    services.answer_invitation(links[0].invitation, key=services.new_token(), data=data, submit=True)
    Round.objects.filter(pk=round_.pk).update(deadline=timezone.now() - datetime.timedelta(minutes=1))
    pdf = login_client(leader).get(reverse("reports:saksframlegg_pdf", args=[service_case.pk]))
    assert pdf.status_code == 200
    text = " ".join(" ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert "Høring og medvirkning" in text
    assert "Eldrerådet støtter tiltaket." in text
    assert "administrasjonens vurdering: 4 – stor" in text


def test_new_link_and_close_early_through_the_pages(opened, service_case, leader, user_factory, login_client):
    round_, links = opened
    client = login_client(leader)
    invitation = links[0].invitation
    url = reverse("participation:new_link", args=[service_case.pk, round_.pk, invitation.pk])
    assert login_client(user_factory(Role.CASEWORKER)).post(url).status_code == 403
    page = client.post(url, follow=True).content.decode()
    fresh = re.findall(r'data-testid="invitation-link">http://testserver/h/([A-Za-z0-9_-]{43})/', page)
    assert len(fresh) == 1
    assert fresh[0] != links[0].token
    assert Client().get(_url(links[0].token)).status_code == 404
    assert Client().get(_url(fresh[0])).status_code == 200
    close = reverse("participation:round_close", args=[service_case.pk, round_.pk])
    assert client.post(close, {"version": round_.version + 5}, follow=True).status_code == 200
    round_.refresh_from_db()
    assert round_.is_open()
    client.post(close, {"version": round_.version})
    round_.refresh_from_db()
    assert round_.is_closed
    assert round_.closed_early_at is not None
    assert Client().get(_url(fresh[0])).status_code == 410


def test_a_forgotten_group_is_invited_to_an_open_round(opened, service_case, leader, user_factory, login_client):
    round_, links = opened
    url = reverse("participation:invite", args=[service_case.pk, round_.pk])
    data = {"group": "disability_council", "label": "Rådet for personer med funksjonsnedsettelse"}
    assert login_client(user_factory(Role.CASEWORKER)).post(url, data).status_code == 403
    client = login_client(leader)
    refused = client.post(url, {"group": "", "label": "Uten gruppe"}, follow=True)
    assert [m.level_tag for m in refused.context["messages"]] == ["danger"]
    assert round_.invitations.count() == len(links)
    page = client.post(url, data, follow=True).content.decode()
    fresh = re.findall(r'data-testid="invitation-link">http://testserver/h/([A-Za-z0-9_-]{43})/', page)
    assert len(fresh) == 1
    invited = round_.invitations.get(group="disability_council")
    assert invited.label == data["label"]
    assert Client().get(_url(fresh[0])).status_code == 200
    round_.closed_early_at = timezone.now()
    round_.save()
    client.post(url, {"group": "youth_council", "label": "Ungdomsrådet"})
    assert not round_.invitations.filter(group="youth_council").exists()


def test_the_public_link_is_closed_and_opened_again(opened, service_case, leader, user_factory, login_client):
    round_, _links = opened
    url = reverse("participation:public_link", args=[service_case.pk, round_.pk])
    token = round_.public_token
    assert Client().get(_url(token)).status_code == 200
    assert login_client(user_factory(Role.CASEWORKER)).post(url, {"version": round_.version}).status_code == 403
    client = login_client(leader)
    client.post(url, {"version": round_.version})
    round_.refresh_from_db()
    assert not round_.public_enabled
    assert Client().get(_url(token)).status_code == 404
    stale = round_.version - 1
    client.post(url, {"version": stale, "enabled": "on"})
    round_.refresh_from_db()
    assert not round_.public_enabled
    client.post(url, {"version": round_.version, "enabled": "on"})
    round_.refresh_from_db()
    assert round_.public_enabled
    assert round_.public_token == token
    assert Client().get(_url(token)).status_code == 200
