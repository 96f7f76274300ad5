"""The browser tests' live server itself: requests that arrive together are answered one after another."""

from __future__ import annotations

import threading
import urllib.request
from typing import Any

from django.core.signals import request_started

#: How long the first request holds the server open for a second one to come in beside it.
OVERLAP_WINDOW_SECONDS = 2


def test_two_requests_at_once_are_answered_one_after_the_other(live_server: Any) -> None:
    """Both requests would use the test's one database connection: they must never run together."""
    started: list[int] = []
    second_started = threading.Event()

    def on_request_started(**kwargs: Any) -> None:
        started.append(threading.get_ident())
        if len(started) == 1:
            # Hold the first request: if the server let a second one in meanwhile, it is seen here.
            second_started.wait(OVERLAP_WINDOW_SECONDS)
            started.append(-1 if second_started.is_set() else 0)
        else:
            second_started.set()

    request_started.connect(on_request_started)
    try:
        fetches = [
            threading.Thread(target=lambda: urllib.request.urlopen(f"{live_server.url}/healthz", timeout=30).read())
            for _ in range(2)
        ]
        for fetch in fetches:
            fetch.start()
        for fetch in fetches:
            fetch.join()
    finally:
        request_started.disconnect(on_request_started)
    assert len(started) == 3
    assert started[1] == 0, "the second request began while the first was still being answered"
