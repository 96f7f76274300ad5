"""Invitations by e-mail (a background task, recorded per send), the copy buttons, closing early after a
confirmation, and open consultations on the municipality's public page."""

from __future__ import annotations

import re
from smtplib import SMTPRecipientsRefused
from unittest import mock

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from prioritet.accounts.models import Role
from prioritet.core.records import TaskStatus
from prioritet.core.tasks import run_queued_tasks
from prioritet.participation import services
from prioritet.participation.models import InvitationEmail, InvitationState

from .conftest import answer_post


def _email_url(case, round_, invitation) -> str:
    return reverse("participation:email_invitation", args=[case.pk, round_.pk, invitation.pk])


def _link_in(body: str) -> str:
    found = re.search(r"http://127\.0\.0\.1:8000/h/([A-Za-z0-9_-]{43})/", body)
    assert found is not None, body
    return found.group(1)


def test_leader_sends_an_invitation_by_email_and_the_new_link_works(opened, service_case, leader, login_client):
    round_, links = opened
    invitation = links[0].invitation
    page = login_client(leader).post(
        _email_url(service_case, round_, invitation), {"address": "post@eldreradet.no"}, follow=True
    )
    (message,) = mail.outbox
    assert message.to == ["post@eldreradet.no"]
    assert "Eldrerådet" in message.body
    assert "Hvordan ser dere alternativene?" in message.body
    token = _link_in(message.body)
    # The e-mail's link is a new one: it opens the form, and the link shown when the round opened is gone.
    assert Client().get(reverse("participation:answer", args=[token])).status_code == 200
    assert Client().get(reverse("participation:answer", args=[links[0].token])).status_code == 404
    record = InvitationEmail.objects.get()
    assert (record.status, record.address, record.requested_by) == (TaskStatus.DONE, "post@eldreradet.no", leader)
    assert record.municipality == service_case.municipality
    assert token not in str(record.__dict__)
    html = page.content.decode()
    emails = html[html.index('data-testid="invitation-emails"') :].split("</ul>")[0]
    assert "post@eldreradet.no" in emails
    assert "Sendt" in emails


def test_the_email_is_sent_by_a_task_not_in_the_request(opened, service_case, leader, login_client, queued_tasks):
    round_, links = opened
    login_client(leader).post(_email_url(service_case, round_, links[1].invitation), {"address": "a@mentalhelse.no"})
    assert mail.outbox == []
    record = InvitationEmail.objects.get()
    assert record.status == TaskStatus.QUEUED
    assert record.task_id
    # A second send while the first waits is refused.
    with pytest.raises(services.ValidationError):
        services.send_invitation(links[1].invitation, leader, "b@mentalhelse.no")
    run_queued_tasks()
    record.refresh_from_db()
    assert record.status == TaskStatus.DONE
    assert len(mail.outbox) == 1


def test_a_refused_email_is_shown_and_the_old_link_still_works(opened, service_case, leader, login_client):
    round_, links = opened
    with mock.patch(
        "prioritet.participation.services.send_mail", side_effect=SMTPRecipientsRefused({"x@y.no": (550, b"no")})
    ):
        page = login_client(leader).post(
            _email_url(service_case, round_, links[2].invitation), {"address": "x@y.no"}, follow=True
        )
    record = InvitationEmail.objects.get()
    assert record.status == TaskStatus.FAILED
    assert "SMTPRecipientsRefused" in record.error
    # The transaction of the send was rolled back: the link given before keeps working.
    assert Client().get(reverse("participation:answer", args=[links[2].token])).status_code == 200
    html = page.content.decode()
    emails = html[html.index('data-testid="invitation-emails"') :].split("</ul>")[0]
    assert "Ikke sendt" in emails
    assert "x@y.no" in emails


def test_sending_is_refused_for_answered_invitations_bad_addresses_and_other_roles(
    opened, service_case, leader, user_factory, login_client
):
    round_, links = opened
    invitation = links[0].invitation
    client = login_client(leader)
    client.post(_email_url(service_case, round_, invitation), {"address": "ikke en adresse"})
    client.post(_email_url(service_case, round_, invitation), {"address": "a@b.no\r\nBcc: c@d.no"})
    caseworker = login_client(user_factory(Role.CASEWORKER))
    assert caseworker.post(_email_url(service_case, round_, invitation), {"address": "a@b.no"}).status_code == 403
    assert not InvitationEmail.objects.exists()
    answer = Client().post(
        reverse("participation:answer", args=[links[0].token]), answer_post(service_case, key="k" * 43)
    )
    assert answer.status_code in (200, 302)
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.SUBMITTED
    page = client.post(_email_url(service_case, round_, invitation), {"address": "a@b.no"}, follow=True)
    assert "ingenting å sende" in page.content.decode()
    assert not InvitationEmail.objects.exists()
    assert mail.outbox == []


def test_the_round_page_has_copy_buttons_with_a_live_region(opened, service_case, leader, login_client):
    round_, _ = opened
    # The links of a new round are shown once, right after it opened: each with its copy button.
    client = login_client(leader)
    session = client.session
    session["participation-fresh-links"] = {str(round_.invitations.first().pk): "t" * 43}
    session.save()
    html = client.get(reverse("participation:round", args=[service_case.pk, round_.pk])).content.decode()
    assert 'role="status" aria-live="polite" id="copy-status"' in html
    invitation = round_.invitations.first()
    assert f'data-copy-target="link-{invitation.pk}"' in html
    assert 'data-copy-target="public-link"' in html
    # Hidden until the script finds a clipboard: without JavaScript nothing is offered that does not work.
    assert re.search(r'data-copy-target="public-link"[^>]*hidden>', html)
    assert "participation/copy.js" in html


def test_closing_early_asks_first_on_a_page_that_only_reads(opened, service_case, leader, user_factory, login_client):
    round_, _ = opened
    close = reverse("participation:round_close", args=[service_case.pk, round_.pk])
    client = login_client(leader)
    detail = client.get(reverse("participation:round", args=[service_case.pk, round_.pk])).content.decode()
    assert f'href="{close}"' in detail
    page = client.get(close)
    assert page.status_code == 200
    html = page.content.decode()
    assert "Vil du avslutte høringen" in html
    assert 'data-testid="close-counts"' in html
    round_.refresh_from_db()
    assert round_.is_open()
    assert login_client(user_factory(Role.CASEWORKER)).get(close).status_code == 403
    client.post(close, {"version": round_.version})
    round_.refresh_from_db()
    assert round_.is_closed
    # Closed: the confirmation page sends back to the round.
    assert client.get(close).status_code == 302


def test_open_public_consultations_on_the_municipality_page(opened, service_case, leader, other_municipality):
    round_, _ = opened
    page = Client().get(reverse("public:municipality", args=[service_case.municipality.slug]))
    html = page.content.decode()
    listing = html[html.index('data-testid="open-consultations"') :].split("</ul>")[0]
    assert service_case.title in listing
    assert f'href="/h/{round_.public_token}/"' in listing
    # Not in another municipality's page, and gone once the round is closed.
    other = Client().get(reverse("public:municipality", args=[other_municipality.slug])).content.decode()
    assert round_.public_token not in other
    services.close_round(round_, leader, round_.version)
    html = Client().get(reverse("public:municipality", args=[service_case.municipality.slug])).content.decode()
    assert 'data-testid="open-consultations"' not in html


def test_a_round_without_a_public_link_is_not_listed(opened, service_case, leader):
    round_, _ = opened
    services.set_public_link(round_, leader, round_.version, enabled=False)
    html = Client().get(reverse("public:municipality", args=[service_case.municipality.slug])).content.decode()
    assert 'data-testid="open-consultations"' not in html
