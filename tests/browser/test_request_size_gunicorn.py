"""A browser that sends more than the upload limit gets the product's «too large» page (issue 9).

Behind gunicorn, as in production: the refusal is answered from ``Content-Length`` with the body
unread and the connection closed. pytest-django's live server handles such a half-read request
differently from gunicorn (the browser received a 500 there), so this runs a real server.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from prioritet.core.testing import gunicorn, manage, production_env

from .helpers import DESKTOP, axe

#: Sends a form with a 4.5 MB field to the login page, past the 3 MB limit, as a user's upload would.
_OVERSIZED_POST = """() => {
    const form = document.createElement('form');
    form.method = 'post';
    form.enctype = 'multipart/form-data';
    const field = document.createElement('textarea');
    field.name = 'notes';
    field.value = 'a'.repeat(4_500_000);
    form.appendChild(field);
    document.body.appendChild(form);
    form.submit();
}"""


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    directory: Path = tmp_path_factory.mktemp("gunicorn")
    env = production_env(directory, MAX_REQUEST_BYTES=str(3 * 1024 * 1024))
    migrated = manage(env, "migrate", "--noinput", "-v0")
    assert migrated.returncode == 0, migrated.stderr
    with gunicorn(env) as base:
        yield base


def _send_oversized(page: Page, base: str) -> int:
    page.goto(f"{base}/login/")
    with page.expect_response(lambda response: response.request.method == "POST") as answer:
        page.evaluate(_OVERSIZED_POST)
    page.wait_for_load_state()
    return answer.value.status


@pytest.mark.parametrize(
    ("language", "heading"), [("nb", "Filen er for stor"), ("nn", "Fila er for stor"), ("en", "The file is too large")]
)
def test_an_oversized_post_shows_the_too_large_page_in_the_users_language(
    browser: Browser, server: str, language: str, heading: str
) -> None:
    context = browser.new_context(viewport=DESKTOP, locale="nb-NO")
    context.add_cookies([{"name": "django_language", "value": language, "url": server}])
    page = context.new_page()
    try:
        assert _send_oversized(page, server) == 413
        assert page.locator("h1").inner_text() == heading
        assert "3 MB" in page.locator("main").inner_text()
        axe(page)
    finally:
        context.close()
