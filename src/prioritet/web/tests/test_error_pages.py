"""With DEBUG off (as `make run` serves), errors show the product's own pages, never Django's
debug pages with every URL pattern or a traceback."""

from __future__ import annotations

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
