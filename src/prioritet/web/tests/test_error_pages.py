"""With DEBUG off (as `make run` serves), errors show the product's own pages, never Django's
debug pages with every URL pattern or a traceback."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import include, path


def broken(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("a bug")


urlpatterns = [path("broken/", broken), path("", include("prioritet.web.urls"))]


@override_settings(DEBUG=False)
def test_a_mistyped_address_shows_our_404_page_not_the_url_list(client: Client) -> None:
    response = client.get("/sakr/123/")
    content = response.content.decode()
    assert response.status_code == 404
    assert "Fant ikke siden" in content
    assert "ds-heading" in content  # the product's look (Designsystemet)
    assert "URLconf" not in content
    assert "healthz" not in content


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
def test_a_server_error_shows_our_500_page_without_a_traceback(db: None) -> None:
    client = Client(raise_request_exception=False)
    response = client.get("/broken/")
    content = response.content.decode()
    assert response.status_code == 500
    assert "Noe gikk galt" in content
    assert "ds-heading" in content
    assert "Traceback" not in content
    assert "a bug" not in content


def _oversized(client: Client) -> HttpResponse:
    from django.conf import settings

    return client.post("/", data=b"", content_type="text/plain", CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1))


def _csrf_refused(client: Client) -> HttpResponse:
    return Client(enforce_csrf_checks=True).post("/login/", {"username": "a", "password": "b"})


def _server_error(client: Client) -> HttpResponse:
    return Client(raise_request_exception=False).get("/broken/")


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
@pytest.mark.parametrize(
    ("make_request", "status", "template", "heading"),
    [
        (_oversized, 413, "413.html", "Filen er for stor"),
        (_csrf_refused, 403, "403_csrf.html", "Skjemaet er utløpt"),
        (_server_error, 500, "500.html", "Noe gikk galt"),
    ],
)
def test_the_pages_drawn_without_a_request_share_one_skeleton_with_the_products_header(
    db: None, client: Client, make_request: Callable[[Client], HttpResponse], status: int, template: str, heading: str
) -> None:
    """413, 500 and the CSRF failure are rendered without context processors: error_base.html gives
    them the product's header, fonts and layout, and each fills in only its words."""
    response = make_request(client)
    content = response.content.decode()
    assert response.status_code == status
    assert [t.name for t in response.templates][:2] == [template, "error_base.html"]
    assert f'<h1 class="ds-heading" data-size="lg">{heading}</h1>' in content
    assert 'class="pri-brand"' in content
    assert "vendor/inter/inter.css" in content
