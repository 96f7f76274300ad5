"""System checks for the sign-in configuration (``manage.py check``, also run by ``migrate``).

A half-done OpenID Connect configuration used to pass every check and then turn every login into a
server error; these checks make it a start-up error naming the missing variables instead.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register("security")
def oidc_configuration(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """All OpenID Connect variables or none; without any, ``PASSWORD_LOGIN=0`` would lock everyone out."""
    errors = []
    present = set(settings.OIDC_VARIABLES_SET)
    missing = [name for name in settings.OIDC_REQUIRED_VARIABLES if name not in present]
    if present and missing:
        errors.append(
            Error(
                f"OpenID Connect is only partly configured: {', '.join(missing)} not set.",
                hint=(
                    "Set every OIDC_* variable (OIDC_OP_JWKS_ENDPOINT too unless OIDC_RP_SIGN_ALGO=HS256), "
                    "or unset them all to use password login only. See docs/operations.md."
                ),
                id="prioritet.E001",
            )
        )
    if not settings.OIDC_ENABLED and not settings.PASSWORD_LOGIN_WANTED:
        errors.append(
            Error(
                "PASSWORD_LOGIN=0 needs OpenID Connect, which is not configured: nobody could log in.",
                hint="Configure OpenID Connect or remove PASSWORD_LOGIN.",
                id="prioritet.E002",
            )
        )
    return errors
