"""Request middleware for the web shell."""

from __future__ import annotations

import contextlib

from django.conf import settings
from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils import translation


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
