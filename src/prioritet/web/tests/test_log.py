"""A permission denial is logged as one line, not as a traceback (issue 9, finding 14)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator

import pytest
from django.test import Client
from django.urls import reverse

from prioritet.accounts.models import User
from prioritet.web.log import OneLineForbidden


@pytest.fixture
def request_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """caplog attached to ``django.request`` itself: the settings keep Django's records off the root logger."""
    logger = logging.getLogger("django.request")
    logger.addHandler(caplog.handler)
    try:
        yield caplog
    finally:
        logger.removeHandler(caplog.handler)


def test_a_permission_denial_is_logged_as_one_line_without_a_traceback(
    request_log: pytest.LogCaptureFixture, caseworker: User, login_client: Callable[[User], Client]
) -> None:
    response = login_client(caseworker).get(reverse("accounts:user_list"))

    assert response.status_code == 403
    [record] = [r for r in request_log.records if r.name == "django.request"]
    assert record.exc_info is None
    line = request_log.handler.format(record)
    assert "\n" not in line
    assert "Traceback" not in line
    assert f"Forbidden: GET {reverse('accounts:user_list')} user={caseworker.pk} reason=" in line


def test_other_request_errors_keep_their_traceback() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord(
            "django.request", logging.ERROR, __file__, 1, "Internal Server Error", (), sys.exc_info()
        )
    assert OneLineForbidden().filter(record)
    assert record.exc_info is not None
