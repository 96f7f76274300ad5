"""Every write of the API app: creating integrations, creating, revoking and using tokens.

A token reads ``prt_<prefix>_<secret>``: ``prefix`` is 8 random hex digits that identify the row
(shown in lists), ``secret`` is 32 random bytes in URL-safe base64. Only the SHA-256 of the whole
token is stored; a token is looked up by its prefix and its hash compared in constant time.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import re
import secrets

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prioritet.accounts.models import Municipality, Role, User
from prioritet.cases.models import Level

from .models import INTEGRATION_ROLES, ApiToken, Integration

TOKEN_PREFIX = "prt"
#: ``prt_`` + 8 hex digits + ``_`` + 43 URL-safe base64 characters (32 bytes).
TOKEN_PATTERN = re.compile(r"^prt_(?P<prefix>[0-9a-f]{8})_(?P<secret>[A-Za-z0-9_-]{43})$")
#: ``last_used_at`` is written at most this often per token, so reading does not mean writing.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)


def hash_token(raw: str) -> str:
    """The stored form of a token: SHA-256, hex."""
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    prefix = secrets.token_hex(4)
    return prefix, f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


def lifetime() -> datetime.timedelta:
    """How long a new token is valid: ``API_TOKEN_LIFETIME_DAYS`` (default 365)."""
    return datetime.timedelta(days=int(getattr(settings, "API_TOKEN_LIFETIME_DAYS", 365)))


def _require_admin(municipality: Municipality, by: User) -> None:
    if by.role != Role.MUNICIPAL_ADMIN or by.municipality_id != municipality.pk:
        raise PermissionDenied(_("Only the municipality's administrator can manage integrations and API tokens."))


@transaction.atomic
def create_integration(
    municipality: Municipality, created_by: User, *, name: str, role: str, access: str, levels: list[str]
) -> Integration:
    """Make an integration and its system user, which nobody can sign in with.

    The system user's username is ``api-<municipality number>-<random>``; it has an unusable password
    and no e-mail, so neither password nor OpenID Connect login can reach it.
    """
    _require_admin(municipality, created_by)
    levels = [level for level in Level.values if level in set(levels)]
    if not levels:
        raise ValidationError({"levels": _("Choose at least one level.")})
    if role not in {str(r) for r in INTEGRATION_ROLES}:
        raise ValidationError({"role": _("Choose a role for the integration.")})
    name = (name or "").strip()
    user = User(
        username=f"api-{municipality.number}-{secrets.token_hex(4)}",
        municipality=municipality,
        role=role,
        first_name=name[:150],
        last_name="",
        email="",
        is_active=True,
    )
    user.set_unusable_password()
    user.full_clean()
    user.save()
    integration = Integration(
        municipality=municipality, user=user, name=name, role=role, access=access, levels=levels, created_by=created_by
    )
    integration.full_clean(exclude=["user"])
    integration._history_user = created_by
    integration.save()
    return integration


def integration_ok(integration: Integration) -> bool:
    """Whether the integration's system user is still fit to act: active, in its municipality, its role."""
    user = integration.user
    return bool(
        user.is_active and user.municipality_id == integration.municipality_id and user.role == integration.role
    )


def create_token(
    municipality: Municipality, created_by: User, *, integration: Integration, name: str
) -> tuple[ApiToken, str]:
    """Make a token of ``integration``; returns it and the token, shown only once.

    Only the municipality's own administrator may, and only for an integration of the municipality:
    a token never acts as a person.
    """
    _require_admin(municipality, created_by)
    if integration.municipality_id != municipality.pk:
        raise ValidationError({"integration": _("Choose an integration of your municipality.")})
    name = (name or "").strip()
    for attempt in range(5):
        prefix, raw = _new_token()
        token = ApiToken(
            municipality=municipality,
            integration=integration,
            name=name,
            prefix=prefix,
            secret_hash=hash_token(raw),
            created_by=created_by,
            expires_at=timezone.now() + lifetime(),
        )
        token.full_clean(exclude=["prefix", "secret_hash"])
        token._history_user = created_by
        try:
            with transaction.atomic():
                token.save()
        except IntegrityError:  # the same random prefix twice: draw again
            if attempt == 4:
                raise
            continue
        return token, raw
    raise AssertionError("unreachable")


def revoke_token(token: ApiToken, by: User) -> ApiToken:
    """Revoke the token for good (a revoked token answers 401). Revoking twice changes nothing."""
    _require_admin(token.municipality, by)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token._history_user = by
        token.save(update_fields=["revoked_at"])
    return token


def authenticate(raw: str) -> ApiToken | None:
    """The active token ``raw`` is, with its integration, user and municipality; ``None`` for anything else.

    Unknown, malformed, expired and revoked tokens are refused alike, and so is a token whose
    integration's system user has been deactivated or changed. A successful use stamps ``last_used_at``.
    """
    match = TOKEN_PATTERN.match(raw or "")
    if match is None:
        return None
    token = ApiToken.objects.select_related("integration__user", "municipality").filter(prefix=match["prefix"]).first()
    if token is None or not hmac.compare_digest(token.secret_hash, hash_token(raw)):
        return None
    if token.revoked_at is not None or token.is_expired or not integration_ok(token.integration):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
