"""Request middleware for the web shell."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Activate the language the user chose, else Norwegian bokmål.

    Django's own middleware falls back to the browser's ``Accept-Language``. Our users are
    Norwegian municipal employees whose work PCs often run an English browser, and the service
    must speak Norwegian first (as nav.no and other public services do), so the browser's wish is
    ignored: only the language cookie, set by the language switch, changes the language.
    """

    def process_request(self, request: HttpRequest) -> None:
        """Activate the cookie's language if it is one we offer, else ``LANGUAGE_CODE``."""
        language = settings.LANGUAGE_CODE
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if chosen:
            with contextlib.suppress(LookupError):
                language = translation.get_supported_language_variant(chosen)
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()


class PrivacyHeadersMiddleware:
    """``Permissions-Policy`` on every response; ``Cache-Control: no-store`` on every private one.

    Private means a signed-in user's page or report, or any API response (the API signs in with a
    token, not a session): neither a shared proxy nor the browser's back button may keep a copy of
    health information after the user has logged out.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if request.path_info.startswith("/api/") or (user is not None and user.is_authenticated):
            add_never_cache_headers(response)
        return response
