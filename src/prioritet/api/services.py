"""Every write of the API app: creating, revoking and using tokens.

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

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from prioritet.accounts.models import MUNICIPAL_ROLES, Municipality, Role, User

from .models import ApiToken

TOKEN_PREFIX = "prt"
#: ``prt_`` + 8 hex digits + ``_`` + 43 URL-safe base64 characters (32 bytes).
TOKEN_PATTERN = re.compile(r"^prt_(?P<prefix>[0-9a-f]{8})_(?P<secret>[A-Za-z0-9_-]{43})$")
#: ``last_used_at`` is written at most this often per token, so reading does not mean writing.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
_MUNICIPAL_ROLE_VALUES = frozenset(str(role) for role in MUNICIPAL_ROLES)


def hash_token(raw: str) -> str:
    """The stored form of a token: SHA-256, hex."""
    return hashlib.sha256(raw.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    prefix = secrets.token_hex(4)
    return prefix, f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


def token_users_ok(municipality: Municipality, user: User) -> bool:
    """Whether ``user`` may be the account a token of ``municipality`` acts as."""
    return bool(user.is_active and user.municipality_id == municipality.pk and str(user.role) in _MUNICIPAL_ROLE_VALUES)


def create_token(municipality: Municipality, created_by: User, *, user: User, name: str) -> tuple[ApiToken, str]:
    """Make a token of ``municipality`` acting as ``user``; returns it and the token, shown only once.

    Only the municipality's own administrator may, and only for an active user of the municipality.
    """
    if created_by.role != Role.MUNICIPAL_ADMIN or created_by.municipality_id != municipality.pk:
        raise PermissionDenied(_("Only the municipality's administrator can create API tokens."))
    if not token_users_ok(municipality, user):
        raise ValidationError({"user": _("Choose an active user of your municipality.")})
    name = (name or "").strip()
    for attempt in range(5):
        prefix, raw = _new_token()
        token = ApiToken(
            municipality=municipality,
            user=user,
            name=name,
            prefix=prefix,
            secret_hash=hash_token(raw),
            created_by=created_by,
        )
        token.full_clean(exclude=["prefix", "secret_hash"])
        token._history_user = created_by  # type: ignore[attr-defined]
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
    if by.role != Role.MUNICIPAL_ADMIN or by.municipality_id != token.municipality_id:
        raise PermissionDenied(_("Only the municipality's administrator can revoke API tokens."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token._history_user = by  # type: ignore[attr-defined]
        token.save(update_fields=["revoked_at"])
    return token


def authenticate(raw: str) -> ApiToken | None:
    """The active token ``raw`` is, with its user and municipality loaded; ``None`` for anything else.

    Unknown, malformed and revoked tokens are refused alike, and so is a token whose user has been
    deactivated or has left the token's municipality. A successful use stamps ``last_used_at``.
    """
    match = TOKEN_PATTERN.match(raw or "")
    if match is None:
        return None
    token = ApiToken.objects.select_related("user", "municipality").filter(prefix=match["prefix"]).first()
    if token is None or not hmac.compare_digest(token.secret_hash, hash_token(raw)):
        return None
    if token.revoked_at is not None or not token_users_ok(token.municipality, token.user):
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token
