"""OpenID Connect login (mozilla-django-oidc), mapped onto users the municipality already made.

Enabled only when the ``OIDC_*`` environment variables are set (see ``prioritet.web.settings``).
The identity provider proves who someone is; the municipality's administrator decides what they
may do. So a login is mapped by e-mail to exactly one existing, active user who belongs to a
municipality (the one named by the ``OIDC_MUNICIPALITY_CLAIM`` claim, when configured), and:

* no user is ever created from a login (``OIDC_CREATE_USER = False``, and ``create_user`` refuses);
* a national administrator can never be reached through OpenID Connect;
* an e-mail the provider marks as unverified is refused;
* role and municipality are never taken from the provider's claims.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from prioritet.accounts.models import Role, User

logger = logging.getLogger(__name__)


class MunicipalOIDCBackend(OIDCAuthenticationBackend):
    """Map an OpenID Connect identity to one existing municipal user, never creating one."""

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        """Require an e-mail, not marked unverified, and the municipality claim when configured."""
        if not claims.get("email"):
            return False
        if claims.get("email_verified") is False:
            return False
        claim = getattr(settings, "OIDC_MUNICIPALITY_CLAIM", "")
        return not (claim and not str(claims.get(claim) or "").strip())

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        """Active users with this e-mail in a municipality (that municipality, when the claim is set)."""
        email = (claims.get("email") or "").strip()
        if not email:
            return User.objects.none()
        users = (
            User.objects.filter(email__iexact=email, is_active=True, municipality__isnull=False)
            .exclude(role=Role.NATIONAL_ADMIN)
            .select_related("municipality")
        )
        claim = getattr(settings, "OIDC_MUNICIPALITY_CLAIM", "")
        if claim:
            users = users.filter(municipality__number=str(claims.get(claim) or "").strip())
        return users

    def create_user(self, claims: dict[str, Any]) -> User:
        """Never: users are provisioned by their municipality's administrator."""
        logger.warning("OIDC login refused: no provisioned user matches %s", self.describe_user_by_claims(claims))
        raise PermissionDenied("OpenID Connect logins do not create users.")

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        """Keep the name in step with the provider; role and municipality stay as the administrator set them."""
        first_name = (claims.get("given_name") or "").strip()
        last_name = (claims.get("family_name") or "").strip()
        changed = []
        if first_name and first_name != user.first_name:
            user.first_name = first_name
            changed.append("first_name")
        if last_name and last_name != user.last_name:
            user.last_name = last_name
            changed.append("last_name")
        if changed:
            user.save(update_fields=changed)
        return user
