"""What wraps every API request: the token's audit context is cleared afterwards, and POSTs with an
``Idempotency-Key`` header run once (:mod:`prioritet.core.idempotency`).

A POST with a key is answered once per token and key for 24 hours: the same key with the same
method, path and body gets the first (successful) answer again, with ``Idempotent-Replayed: true``;
the same key with a different request answers 422. Errors are not remembered, so a client may
retry a failed request with its key. A request without a valid token is passed on to be refused.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import URLPattern, URLResolver
from django.utils.translation import gettext as _

from prioritet.core import api_context, idempotency

from . import services
from .auth import activate_request_language

HEADER = "Idempotency-Key"


def _token_of(request: HttpRequest) -> Any:
    scheme, _sep, raw = request.headers.get("Authorization", "").partition(" ")
    return services.authenticate(raw.strip()) if scheme.lower() == "bearer" else None


def _idempotent(view: Callable[..., HttpResponse], request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    key = request.headers.get(HEADER, "")
    token = _token_of(request)
    if token is None:
        return view(request, *args, **kwargs)
    activate_request_language(request)
    if not idempotency.valid_key(key):
        return JsonResponse(
            {"detail": _("The Idempotency-Key header must be 1 to 255 printable characters without spaces.")},
            status=422,
        )
    made: list[HttpResponse] = []

    def work() -> tuple[int, str]:
        response = view(request, *args, **kwargs)
        made.append(response)
        return response.status_code, response.content.decode()

    try:
        answer = idempotency.run_once(
            owner=f"token:{token.pk}",
            key=key,
            request_fingerprint=idempotency.fingerprint(request.method or "", request.path, request.body),
            work=work,
            api_token_id=token.pk,
        )
    except idempotency.KeyReusedError:
        return JsonResponse({"detail": _("This Idempotency-Key was already used for a different request.")}, status=422)
    if answer.fresh:
        return made[0]
    replay = HttpResponse(answer.body, status=answer.status, content_type="application/json")
    replay["Idempotent-Replayed"] = "true"
    return replay


def guard(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wrap one API view: audit context cleared after the request; keyed POSTs run once."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with api_context.cleared():
            if request.method == "POST" and HEADER in request.headers:
                return _idempotent(view, request, *args, **kwargs)
            return view(request, *args, **kwargs)

    return wrapped


def guarded(urls: tuple[list[Any], str, str]) -> tuple[list[Any], str, str]:
    """The API's URL patterns (``api.urls``) with every view wrapped by :func:`guard`."""
    patterns, app_name, namespace = urls

    def wrap(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, URLResolver):
                wrap(item.url_patterns)
            elif isinstance(item, URLPattern):
                item.callback = guard(item.callback)

    wrap(patterns)
    return patterns, app_name, namespace
