"""Integrations and their API tokens: how the municipality's case system signs in to the JSON API.

An :class:`Integration` is a system user of one municipality (never a person: it cannot sign in to
the web pages) with its own role and scope: read-only or read-write, and the levels it may touch.
Tokens belong to an integration, so the access log and the history name the integration and the
token, never a caseworker. A token is shown once, when it is created; only its SHA-256 hash is
stored, with a short prefix to recognise it by. Tokens expire (``API_TOKEN_LIFETIME_DAYS``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prioritet.accounts.models import MunicipalityQuerySet, Role
from prioritet.cases.models import Level
from prioritet.core.choices import TextChoices
from prioritet.core.fields import SafeCharField

#: The roles an integration may have: those that read or work on cases, never an administrator.
INTEGRATION_ROLES: tuple[Role, ...] = (
    Role.CASEWORKER,
    Role.HEALTH_PERSONNEL,
    Role.LEADER,
    Role.DIRECTOR,
    Role.POLITICIAN,
)


class Access(TextChoices):
    READ = "read", _("Read only")
    READ_WRITE = "read_write", _("Read and write")


class Integration(models.Model):
    """A system account of a municipality for one integration, such as its case system.

    Its ``user`` is a system user: an unusable password and no e-mail, so nobody signs in with it,
    and it is not offered as a person (case assignment, user lists mark it). ``role`` gives the
    web application's rules; ``access`` and ``levels`` narrow them further.
    """

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="integrations", verbose_name=_("municipality")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="integration", verbose_name=_("system user")
    )
    name = SafeCharField(
        _("name"),
        max_length=100,
        help_text=_("The system that uses the API, such as «Case system»."),
    )
    role = models.CharField(
        _("role"),
        max_length=32,
        choices=[(role.value, role.label) for role in INTEGRATION_ROLES],
        help_text=_("The integration reads and changes cases with this role's rules, within its scope below."),
    )
    access = models.CharField(_("access"), max_length=16, choices=Access.choices, default=Access.READ)
    #: The case levels the integration may touch, a subset of :class:`~prioritet.cases.models.Level`.
    levels = models.JSONField(_("levels"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("name", "id")
        verbose_name = _("integration")
        verbose_name_plural = _("integrations")
        constraints = (
            models.UniqueConstraint(fields=["municipality", "name"], name="integration_unique_name_per_municipality"),
        )

    def __str__(self) -> str:
        return self.name

    @property
    def read_only(self) -> bool:
        return self.access != Access.READ_WRITE

    def level_labels(self) -> list[str]:
        return [str(Level(level).label) for level in Level.values if level in self.levels]


class ApiToken(models.Model):
    """A bearer token of the JSON API: one credential of one integration, until it expires or is revoked."""

    municipality = models.ForeignKey(
        "accounts.Municipality", on_delete=models.PROTECT, related_name="api_tokens", verbose_name=_("municipality")
    )
    integration = models.ForeignKey(
        Integration, on_delete=models.PROTECT, related_name="tokens", verbose_name=_("integration")
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
    expires_at = models.DateTimeField(_("expires"))
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

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()
