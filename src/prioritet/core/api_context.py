"""Which API token the current request or task acts through, for the audit record.

The API's authentication sets it for the length of one request and clears it afterwards; everything
that writes the audit record (access log, change history) reads it here, so the record names the
token and who created it without the cases app knowing the API app.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class TokenStamp:
    """What the audit record keeps of a token: its id, its name and the administrator who created it."""

    token_id: int
    name: str
    created_by_id: int


_current: ContextVar[TokenStamp | None] = ContextVar("prioritet_api_token", default=None)


def current() -> TokenStamp | None:
    """The token the current request acts through, or ``None`` outside the API."""
    return _current.get()


def set_current(stamp: TokenStamp | None) -> None:
    """Set for the rest of this request; :func:`cleared` resets it when the request ends."""
    _current.set(stamp)


@contextmanager
def cleared() -> Iterator[None]:
    """Run a request and forget its token afterwards, even when the worker thread is reused."""
    token = _current.set(None)
    try:
        yield
    finally:
        _current.reset(token)
