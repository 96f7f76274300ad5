"""API tokens: how the municipality's case system signs in to the JSON API.

A token belongs to one municipality and acts as one of its users (the integration's account), whose
role decides what the token may do, exactly as it would on the web pages. The token itself is shown
once, when it is created; only its SHA-256 hash is stored, with a short prefix to recognise it by.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prioritet.accounts.tenancy import MunicipalityQuerySet
from prioritet.core.fields import SafeCharField


class ApiToken(models.Model):
    """A bearer token of the JSON API, scoped to one municipality and acting as one of its users."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("municipality")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name=_("acts as user"),
        help_text=_("The integration's user account. Its role decides what the token may read and change."),
    )
    name = SafeCharField(
        _("name"),
        max_length=100,
        help_text=_("What the token is for, such as «Case system (production)»."),
    )
    #: The random part after ``prt_`` that identifies the token; shown in lists, not a secret.
    prefix = models.CharField(_("prefix"), max_length=8, unique=True, editable=False)
    #: SHA-256 (hex) of the whole token. The token itself is never stored.
    secret_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["last_used_at"])
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at", "-id")
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        indexes = (models.Index(fields=["municipality", "-created_at"], name="apitoken_muni_created"),)

    def __str__(self) -> str:
        return f"{self.name} ({self.display_prefix})"

    @property
    def display_prefix(self) -> str:
        """How the token starts, e.g. ``prt_1a2b3c4d…``: enough to recognise it, useless to sign in."""
        return f"prt_{self.prefix}…"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
