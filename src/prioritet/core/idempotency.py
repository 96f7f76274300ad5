"""Create requests that run once: API ``Idempotency-Key`` headers and one-time web form tokens.

The key is claimed by inserting its row in the same transaction as the work it guards. A second
request with the same key waits on the unique index (PostgreSQL) or on the write lock (SQLite)
until the first commits, then finds the row and gets the first answer instead of a second object.
If the first fails, its row is rolled back with its work and the key can be used again.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.core.exceptions import SuspiciousOperation
from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from .idempotency_models import IdempotencyKey

#: How long a key is remembered: a retry after this creates a new object.
LIFETIME = datetime.timedelta(hours=24)
#: The longest key accepted (the column's length).
MAX_KEY_LENGTH = 255
#: The hidden field that carries a web form's one-time token.
FORM_TOKEN_FIELD = "form_token"


@dataclass(frozen=True)
class Answer:
    """A stored first answer: its status and body, and whether this request made it (``fresh``)."""

    status: int
    body: str
    fresh: bool


class KeyReusedError(Exception):
    """The key was already used for a different request (another path or body)."""


def fingerprint(method: str, path: str, body: bytes) -> str:
    """What makes two requests «the same»: method, path and the body's SHA-256."""
    digest = hashlib.sha256(body).hexdigest()
    return hashlib.sha256(f"{method.upper()} {path}\n{digest}".encode()).hexdigest()


def valid_key(key: str) -> bool:
    """A key is 1–255 printable ASCII characters (no spaces or control characters)."""
    return 0 < len(key) <= MAX_KEY_LENGTH and all(33 <= ord(char) <= 126 for char in key)


def new_form_token() -> str:
    """A fresh token for a web form's hidden field."""
    return secrets.token_urlsafe(24)


def run_once(
    *,
    owner: str,
    key: str,
    request_fingerprint: str,
    work: Callable[[], tuple[int, str]],
    user_id: int | None = None,
    api_token_id: int | None = None,
    keep: Callable[[int], bool] = lambda status: 200 <= status < 300,
) -> Answer:
    """Run ``work`` once per ``(owner, key)`` within :data:`LIFETIME`; a repeat gets its first answer.

    ``work`` returns ``(status, body)``; an answer ``keep`` refuses (an error, by default anything
    but 2xx) is not remembered, so the client may retry with the same key. Raises
    :class:`KeyReusedError` when the key was used for a different request.
    """
    with transaction.atomic():
        IdempotencyKey.objects.filter(owner=owner, key=key, created_at__lt=timezone.now() - LIFETIME).delete()
        try:
            with transaction.atomic():
                row = IdempotencyKey.objects.create(
                    owner=owner,
                    key=key,
                    fingerprint=request_fingerprint,
                    user_id=user_id,
                    api_token_id=api_token_id,
                )
        except IntegrityError:
            row = None
        if row is None:
            first = IdempotencyKey.objects.get(owner=owner, key=key)
            if first.fingerprint != request_fingerprint:
                raise KeyReusedError
            if first.status is None:  # only inside a transaction that has not committed: cannot happen
                raise KeyReusedError
            return Answer(first.status, first.body, fresh=False)
        status, body = work()
        if keep(status):
            row.status, row.body = status, body
            row.save(update_fields=["status", "body"])
        else:
            row.delete()
        return Answer(status, body, fresh=True)


def purge_expired(now: datetime.datetime | None = None) -> int:
    """Forget keys older than :data:`LIFETIME`; returns how many. For the retention command."""
    cutoff = (now or timezone.now()) - LIFETIME
    deleted: int = IdempotencyKey.objects.filter(created_at__lt=cutoff).delete()[0]
    return deleted


def add_form_token(form: forms.Form) -> None:
    """Give a create form its one-time token: a hidden field, a fresh value on every blank form.

    A bound form keeps the token it was posted with, so a form shown again with errors still
    guards against a later double submit.
    """
    form.fields[FORM_TOKEN_FIELD] = forms.CharField(
        widget=forms.HiddenInput, required=False, max_length=MAX_KEY_LENGTH, initial=new_form_token
    )


def create_once(request: HttpRequest, form: forms.Form, scope: str, create: Callable[[], str]) -> tuple[str, bool]:
    """Run ``create`` (which returns the new object's address) once per form token.

    Returns the address and whether this request created it. A second post of the same form (a
    double click, a resend, a parallel request) gets the address of what the first created, so the
    view redirects there instead of creating a duplicate. A post without a token (a script) creates.
    """
    key = str(form.cleaned_data.get(FORM_TOKEN_FIELD) or "")
    if not valid_key(key):
        return create(), True
    user_id = request.user.pk
    try:
        answer = run_once(
            owner=f"user:{user_id}",
            key=key,
            request_fingerprint=scope,
            work=lambda: (303, create()),
            user_id=user_id,
            keep=lambda status: True,
        )
    except KeyReusedError as error:
        raise SuspiciousOperation("A form token was reused on another form.") from error
    return answer.body, answer.fresh
