"""The accessibility statement: open to everyone, linked from every footer, honest about the gaps."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from prioritet.accounts.models import Municipality, User


def test_anyone_reads_the_statement_without_signing_in(client: Client, db: None) -> None:
    response = client.get("/accessibility/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1" in html
    assert "Tilgjengelighetserklæring" in html
    assert "oppfyller delvis" in html
    gaps = html[html.index('data-testid="known-gaps"') :].split("</ul>")[0]
    # The known gaps of the WCAG sweep are named, not hidden; the API docs' exemption says why.
    for gap in ("WCAG 3.1.2", "/api/v1/docs", "unntatt", "/api/v1/openapi.json"):
        assert gap in gaps
    # Reflow and keyboard access to scrolling tables are fixed and tested on every page (tests/browser/test_crawl.py).
    assert "WCAG 1.4.10" not in gaps
    assert "WCAG 2.1.1" not in gaps
    assert "320 piksler" in html
    # Where to complain when the municipality's answer is not enough.
    assert "https://www.uutilsynet.no/" in html


def test_the_statement_in_nynorsk_and_english(client: Client, db: None) -> None:
    client.cookies["django_language"] = "nn"
    assert "Tilgjengelegheitserklæring" in client.get("/accessibility/").content.decode()
    client.cookies["django_language"] = "en"
    assert "partly conforms" in client.get("/accessibility/").content.decode()


def test_contact_and_formal_statement_are_shown_when_set(client: Client, db: None) -> None:
    html = client.get("/accessibility/").content.decode()
    assert "mailto:" not in html
    with override_settings(
        PRIORITET_ACCESSIBILITY_CONTACT="uu@kommune.no",
        PRIORITET_ACCESSIBILITY_STATEMENT_URL="https://uustatus.no/nb/erklaringer/publisert/abc",
    ):
        html = client.get("/accessibility/").content.decode()
    assert 'href="mailto:uu@kommune.no"' in html
    assert 'href="https://uustatus.no/nb/erklaringer/publisert/abc"' in html


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_footer_links_to_the_statement(
    client: Client, login_client: Callable[[User], Client], leader: User, municipality: Municipality, signed_in: bool
) -> None:
    link = f'href="{reverse("accessibility")}"'
    pages = ["/", "/cases/"] if signed_in else ["/login/", "/p/", f"/p/{municipality.slug}/", "/accessibility/"]
    browser = login_client(leader) if signed_in else client
    for page in pages:
        response = browser.get(page, follow=True)
        html = response.content.decode()
        footer = html[html.index("<footer") :]
        assert link in footer, page
