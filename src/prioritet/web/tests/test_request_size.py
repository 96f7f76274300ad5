"""Oversized requests are refused from their Content-Length, before the body is read (issue 9, finding 4)."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from prioritet.portfolio.models import Measure


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        raise AssertionError("the body of an oversized request was read")


def test_a_request_larger_than_the_limit_gets_413_without_its_body_being_read(client, settings):
    response = client.generic(
        "POST",
        "/",
        data=b"",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(settings.MAX_REQUEST_BYTES + 1),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert response["Connection"] == "close"
    assert "MB" in response.content.decode()


@override_settings(MAX_REQUEST_BYTES=1024 * 1024)
@pytest.mark.django_db
def test_an_oversized_import_is_refused_with_a_clear_page_in_norwegian(leader, login_client):
    from prioritet.cases import services as case_services
    from prioritet.cases.models import Level
    from prioritet.portfolio import services

    case = case_services.create_case(
        leader.municipality, leader, no_action_consequence="Ingen.", level=Level.SERVICE, title="Sak"
    )
    portfolio = services.create_portfolio(case, leader)
    big = SimpleUploadedFile("tiltak.csv", b"id;navn\n" + b"x" * (1024 * 1024))
    response = login_client(leader).post(reverse("portfolio:import", args=[portfolio.pk]), {"file": big})
    assert response.status_code == 413
    assert "Filen er for stor" in response.content.decode()
    assert "1 MB" in response.content.decode()
    assert not Measure.objects.exists()


def test_a_request_within_the_limit_is_served(client):
    assert client.get("/").status_code in (200, 302)
