"""Tenancy and roles: municipalities, their users and their service areas.

Every municipality (kommune) is a tenant. A user belongs to exactly one municipality and has one
role in it; the national administrator alone has none, manages municipalities and sees no cases.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prioritet.accounts.tenancy import MunicipalityQuerySet
from prioritet.core.fields import SafeCharField


class Municipality(models.Model):
    """A Norwegian municipality (kommune), the tenant that owns users, service areas and cases."""

    name = SafeCharField(_("name"), max_length=100, help_text=_("For example «Larvik kommune»."))
    number = models.CharField(
        _("municipality number"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("The municipality number has four digits."))],
        help_text=_("The four-digit municipality number (kommunenummer) from Statistics Norway."),
    )
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ("name",)
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    """What a user may do within their municipality (or nationally)."""

    CASEWORKER = "caseworker", _("Caseworker")
    HEALTH_PERSONNEL = "health_personnel", _("Health personnel")
    LEADER = "leader", _("Leader")
    DIRECTOR = "director", _("Municipal director or politician")
    MUNICIPAL_ADMIN = "municipal_admin", _("Municipal administrator")
    NATIONAL_ADMIN = "national_admin", _("National administrator")


#: The roles that belong to a municipality: every role but the national administrator.
MUNICIPAL_ROLES: tuple[Role, ...] = tuple(role for role in Role if role != Role.NATIONAL_ADMIN)


class PrioritetUserManager(UserManager):
    """``createsuperuser`` makes a national administrator: a superuser belongs to no municipality."""

    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields.setdefault("role", Role.NATIONAL_ADMIN)
        extra_fields.setdefault("municipality", None)
        return super().create_superuser(username, email, password, **extra_fields)


class User(AbstractUser):
    """A person who signs in: a municipality's employee or politician, or a national administrator."""

    municipality = models.ForeignKey(
        Municipality,
        verbose_name=_("municipality"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = PrioritetUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = (
            # The rule clean() explains to people, enforced in the database too.
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.NATIONAL_ADMIN, municipality__isnull=True)
                    | (~models.Q(role=Role.NATIONAL_ADMIN) & models.Q(municipality__isnull=False))
                ),
                name="accounts_user_municipality_matches_role",
                violation_error_message=_("Only the national administrator is without a municipality."),
            ),
            # OpenID Connect maps a login to a user by e-mail within a municipality: keep it unique there.
            models.UniqueConstraint(
                Lower("email"),
                "municipality",
                condition=~models.Q(email=""),
                name="accounts_user_unique_email_per_municipality",
                violation_error_message=_("Another user in this municipality has this e-mail address."),
            ),
        )

    def clean(self) -> None:
        """A national administrator has no municipality; every other role must have one."""
        super().clean()
        if self.role == Role.NATIONAL_ADMIN and self.municipality_id is not None:
            raise ValidationError({"municipality": _("A national administrator does not belong to a municipality.")})
        if self.role and self.role != Role.NATIONAL_ADMIN and self.municipality_id is None:
            raise ValidationError({"municipality": _("This role requires a municipality.")})

    @property
    def is_national_admin(self) -> bool:
        return self.role == Role.NATIONAL_ADMIN

    @property
    def is_municipal_admin(self) -> bool:
        return self.role == Role.MUNICIPAL_ADMIN


class ServiceArea(models.Model):
    """A service area (tjenesteområde) of a municipality, such as home care or nursing homes."""

    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), on_delete=models.PROTECT, related_name="service_areas"
    )
    name = SafeCharField(_("name"), max_length=120)

    history = HistoricalRecords()

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ("name",)
        verbose_name = _("service area")
        verbose_name_plural = _("service areas")
        constraints = (
            models.UniqueConstraint(
                "municipality",
                Lower("name"),
                name="accounts_servicearea_unique_name_per_municipality",
                violation_error_message=_("The municipality already has a service area with this name."),
            ),
        )

    def __str__(self) -> str:
        return self.name
