"""Bearer-token authentication for the JSON API.

``Authorization: Bearer prt_<prefix>_<secret>``. A valid token makes the request act as the token's
user in the token's municipality (``request.user``, ``request.municipality``, ``request.auth`` is
the :class:`~prioritet.api.models.ApiToken`), so every role and tenancy rule of the web application
applies unchanged. Missing, malformed, unknown and revoked tokens all answer 401.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from ninja.security import HttpBearer

from prioritet.core import tenancy_db

from . import services
from .models import ApiToken


def activate_request_language(request: HttpRequest) -> None:
    """Answer in the language the client asks for (``Accept-Language``), else Norwegian bokmål.

    The web pages ignore the browser's language on purpose; an integration that sends the header
    has chosen it, so the API's messages follow it.
    """
    header = request.headers.get("Accept-Language", "")
    if not header:
        return
    language = translation.get_language_from_request(request)
    if language in {code for code, _ in settings.LANGUAGES}:
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]


class TokenAuth(HttpBearer):
    """The API's only authentication: a municipality's API token as a bearer token."""

    def __call__(self, request: HttpRequest) -> Any:
        activate_request_language(request)
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = services.authenticate(token.strip())
        if api_token is None:
            return None
        # Act as the token's user: the role rules, the access log and the change history see them.
        request.user = api_token.user
        request.municipality = api_token.municipality  # type: ignore[attr-defined]
        # And the database sees only the token's municipality from here on (row-level security).
        tenancy_db.scope_request(request, api_token.municipality_id)
        return api_token
