"""Bearer-token authentication for the JSON API.

``Authorization: Bearer prt_<prefix>_<secret>``. A valid token makes the request act as its
integration's system user in the token's municipality (``request.user``, ``request.municipality``,
``request.auth`` is the :class:`~prioritet.api.models.ApiToken`), so every role and tenancy rule of
the web application applies, narrowed to the integration's scope: its levels, and no writes for a
read-only integration (403). The token is put in :mod:`prioritet.core.api_context`, so the access
log and the history name it. Missing, malformed, unknown, expired and revoked tokens all answer 401.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext as _
from ninja.security import HttpBearer

from prioritet.core import api_context, tenancy_db

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
        request.LANGUAGE_CODE = language


class TokenAuth(HttpBearer):
    """The API's only authentication: a municipality's API token as a bearer token."""

    def __call__(self, request: HttpRequest) -> Any:
        activate_request_language(request)
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = services.authenticate(token.strip())
        if api_token is None:
            return None
        integration = api_token.integration
        user = integration.user
        # The integration's scope narrows its role's rules (read by prioritet.cases.policy).
        user.scope_levels = frozenset(integration.levels)
        user.scope_read_only = integration.read_only
        request.user = user
        request.municipality = api_token.municipality
        # And the database sees only the token's municipality from here on (row-level security).
        tenancy_db.scope_request(request, api_token.municipality_id)
        api_context.set_current(api_context.TokenStamp(api_token.pk, api_token.name, api_token.created_by_id))
        if integration.read_only and request.method not in SAFE_METHODS:
            raise PermissionDenied(_("This API token is read-only."))
        return api_token


#: Methods that change nothing; a read-only token may use only these.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
