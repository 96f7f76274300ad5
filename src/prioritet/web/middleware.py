"""Request middleware for the web shell."""

from __future__ import annotations

import contextlib
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.template.loader import render_to_string
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
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


def chosen_language(request: HttpRequest) -> str:
    """The cookie's language if it is one we offer, else ``LANGUAGE_CODE``."""
    language = settings.LANGUAGE_CODE
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen:
        with contextlib.suppress(LookupError):
            language = translation.get_supported_language_variant(chosen)
    return language


class RequestSizeMiddleware:
    """Refuse a request whose ``Content-Length`` passes ``MAX_REQUEST_BYTES``, before its body is read.

    Without it a worker would read (and spool to disk) any upload before the view could say it is
    too large. Placed first, so nothing reads the body before this check. A body sent without a
    length (chunked) is still bounded by Django's ``DATA_UPLOAD_MAX_MEMORY_SIZE`` for forms and by the
    import's own size check for files.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads such a request as having no body
        if length > settings.MAX_REQUEST_BYTES:
            # The body is left unread; the connection is closed so it is not read as the next request.
            translation.activate(chosen_language(request))
            limit = settings.MAX_REQUEST_BYTES // (1024 * 1024)
            page = render_to_string("413.html", {"limit": limit})
            response = HttpResponse(page, status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)


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
