"""Session limits and the steps a password login must finish before it reaches any page.

``SessionTimeoutMiddleware`` ends a session after ``SESSION_IDLE_TIMEOUT_MINUTES`` without a request
and, whatever the activity, ``SESSION_COOKIE_AGE`` after login (Django renews the cookie's expiry on
every save, so the absolute limit needs its own login time). ``LoginStepsMiddleware`` then sends a
password login to change an administrator-set password and to give its second factor.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from prioritet.accounts import mfa

LOGIN_AT_KEY = "prioritet_login_at"
LAST_SEEN_KEY = "prioritet_last_seen"
NO_SECOND_FACTOR_KEY = "prioritet_no_second_factor"
#: Record activity at most this often (seconds), so a burst of requests saves the session once.
_LAST_SEEN_RESOLUTION = 60

#: Pages that every signed-in user reaches, whatever step is left.
_ALWAYS_OPEN = {"login", "logout", "set_language", "healthz"}
_PASSWORD_STEP = {"password_change", "password_change_done"}
_MFA_STEP = {"accounts:mfa_setup", "accounts:mfa_verify"}


@receiver(user_logged_in)
def _start_session_clock(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    """Every login starts both clocks afresh (Django keeps session data when the same user logs in again)."""
    if request is not None and hasattr(request, "session"):
        now = time.time()
        request.session[LOGIN_AT_KEY] = now
        request.session[LAST_SEEN_KEY] = now
        request.session.pop(NO_SECOND_FACTOR_KEY, None)


class SessionTimeoutMiddleware:
    """Log out a session that has been idle too long or has lasted a working day."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = time.time()
            login_at = request.session.setdefault(LOGIN_AT_KEY, now)
            last_seen = request.session.get(LAST_SEEN_KEY, now)
            idle = now - last_seen > settings.SESSION_IDLE_TIMEOUT_MINUTES * 60
            if idle or now - login_at > settings.SESSION_COOKIE_AGE:
                logout(request)
                messages.info(
                    request, _("You were logged out because the session had been idle or had lasted too long.")
                )
                return redirect_to_login(request.get_full_path())
            if now - last_seen >= _LAST_SEEN_RESOLUTION or LAST_SEEN_KEY not in request.session:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class LoginStepsMiddleware:
    """Hold a password login at the password change and the second factor until both are done.

    A login through OpenID Connect skips both: the municipality's identity provider owns the
    password and the second factor.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view_func: Any, view_args: Any, view_kwargs: Any
    ) -> HttpResponse | None:
        user = request.user
        match = request.resolver_match
        name = match.view_name if match else ""
        if not user.is_authenticated or name in _ALWAYS_OPEN or not mfa.is_password_login(request):
            return None
        if user.must_change_password:
            return None if name in _PASSWORD_STEP else self._redirect("password_change", request)
        if user.is_verified() or not self._needs_second_factor(request):
            return None
        if name in _MFA_STEP:
            return None
        step = "accounts:mfa_verify" if mfa.has_second_factor(user) else "accounts:mfa_setup"
        return self._redirect(step, request)

    @staticmethod
    def _needs_second_factor(request: HttpRequest) -> bool:
        """Required by the role, or chosen by the user (then asked for at every login)."""
        user = request.user
        if user.mfa_required:
            return True
        if request.session.get(NO_SECOND_FACTOR_KEY):
            return False
        if mfa.has_second_factor(user):
            return True
        request.session[NO_SECOND_FACTOR_KEY] = True
        return False

    @staticmethod
    def _redirect(url_name: str, request: HttpRequest) -> HttpResponse:
        url = reverse(url_name)
        if request.method == "GET":
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return redirect(url)


class UserLanguageMiddleware:
    """A signed-in user's own language (``User.language``) wins over the language cookie.

    ``prioritet.web.middleware.LocaleMiddleware`` runs before authentication and reads only the
    cookie, which is what anonymous visitors have; this one, after authentication, switches to the
    language stored on the user, so the choice follows them to every device and browser.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        language = getattr(user, "language", "") if user is not None and user.is_authenticated else ""
        if language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
