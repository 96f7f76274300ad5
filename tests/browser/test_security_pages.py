"""The pages issue 9 added for administrators, in a real browser: axe-clean in bokmål, nynorsk and English,
and drawn at phone and desktop width (test-artifacts/screenshots)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import BrowserContext, Page, expect

from prioritet.accounts.models import Role, User

from .helpers import axe, screenshot

PAGES = {
    "api-integrations": "/municipality/api-tokens/",
    "api-integration-new": "/municipality/api-tokens/integrations/new/",
    "api-token-new": "/municipality/api-tokens/new/",
    "corrections": "/cases/corrections/",
    "account-security": "/account/security/",
}


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_the_administrators_security_pages_are_accessible(
    page: Page, context: BrowserContext, live_server: Any, login_as: Callable[..., User], name: str, language: str
) -> None:
    login_as(Role.MUNICIPAL_ADMIN)
    context.add_cookies([{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}])
    response = page.goto(PAGES[name])
    assert response is not None
    assert response.status == 200, name
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    axe(page)
    screenshot(page, f"security-{name}-{language}")
