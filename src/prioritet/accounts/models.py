"""Tenancy and roles: municipalities, their users and their service areas.

Every municipality (kommune) is a tenant. A user belongs to exactly one municipality and has one
role in it; the national administrator alone has none, manages municipalities and sees no cases.
"""

from __future__ import annotations

from typing import Any, Self, TypeVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from prioritet.core.choices import TextChoices
from prioritet.core.fields import SafeCharField


def default_mfa_roles() -> list[str]:
    """The municipal roles that must sign in with a second factor unless the municipality says otherwise."""
    return [Role.LEADER.value, Role.MUNICIPAL_ADMIN.value]


M = TypeVar("M", bound=models.Model)


class MunicipalityQuerySet(models.QuerySet[M]):
    """QuerySet for models owned by a municipality (a ``municipality`` foreign key): the tenancy
    contract of :mod:`prioritet.accounts.tenancy`."""

    def for_municipality(self, municipality: Municipality | None) -> Self:
        """Only the rows of ``municipality``; none at all when it is ``None`` (fail closed)."""
        if municipality is None:
            return self.none()
        return self.filter(municipality=municipality)


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
    mfa_roles = models.JSONField(
        _("roles that must use two-factor authentication"),
        default=default_mfa_roles,
        blank=True,
        help_text=_("Users with these roles who log in with a password must also give a one-time code."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ("name",)
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")

    def __str__(self) -> str:
        return self.name


class Role(TextChoices):
    """What a user may do within their municipality (or nationally)."""

    CASEWORKER = "caseworker", _("Caseworker")
    HEALTH_PERSONNEL = "health_personnel", _("Health personnel")
    LEADER = "leader", _("Leader")
    #: The municipal director (kommunedirektør) and staff: prepares political cases and recommends.
    DIRECTOR = "director", _("Municipal director")
    #: A member of a political body: reads service and political cases, records the body's vedtak.
    POLITICIAN = "politician", _("Politician")
    MUNICIPAL_ADMIN = "municipal_admin", _("Municipal administrator")
    NATIONAL_ADMIN = "national_admin", _("National administrator")


#: The roles that belong to a municipality: every role but the national administrator.
MUNICIPAL_ROLES: tuple[Role, ...] = tuple(role for role in Role if role != Role.NATIONAL_ADMIN)


class PrioritetUserManager(UserManager):
    """``createsuperuser`` makes a break-glass superuser: no role, no municipality.

    Such an account opens only the Django admin, where cases and decisions are read-only and every
    read and action is logged (:mod:`prioritet.cases.admin`). The national administrator is a role
    (``manage.py create_national_admin``), not a superuser.
    """

    def create_superuser(
        self, username: str, email: str | None = None, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields.setdefault("role", "")
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
    role = models.CharField(_("role"), max_length=32, choices=Role.choices, blank=True)
    #: The language the user chose with the language switch («» until they choose): it follows them to
    #: every device they sign in on. Anonymous visitors keep their choice in the language cookie only.
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, blank=True)
    #: The service areas (tjenesteområder) the user works in. A leader is on the case team of every
    #: individual case of their service areas and reviews the emergency accesses to them
    #: (:mod:`prioritet.cases.policy`); the municipal administrator sets them on the user's page.
    service_areas = models.ManyToManyField(
        "accounts.ServiceArea", blank=True, related_name="members", verbose_name=_("service areas")
    )
    must_change_password = models.BooleanField(
        _("must change password"),
        default=False,
        help_text=_("Set when an administrator chose the password: the user picks their own at the next login."),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = PrioritetUserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = (
            # The rule clean() explains to people, enforced in the database too: the national
            # administrator and the break-glass superuser (no role) are without a municipality.
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.NATIONAL_ADMIN, municipality__isnull=True)
                    | models.Q(role="", is_superuser=True, municipality__isnull=True)
                    | (~models.Q(role__in=[Role.NATIONAL_ADMIN, ""]) & models.Q(municipality__isnull=False))
                ),
                name="accounts_user_municipality_matches_role",
                violation_error_message=_("Only the national administrator is without a municipality."),
            ),
            # A superuser passes every permission check of Django's: only a break-glass account
            # without a role may be one, never a person who works in the product.
            models.CheckConstraint(
                condition=models.Q(is_superuser=False) | models.Q(role=""),
                name="accounts_user_superuser_has_no_role",
                violation_error_message=_("A superuser is a break-glass account and has no role."),
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
        if self.is_superuser and self.role:
            raise ValidationError({"role": _("A superuser is a break-glass account and has no role.")})
        if not self.role and not self.is_superuser:
            raise ValidationError({"role": _("Choose a role.")})
        if not self.role and self.municipality_id is not None:
            raise ValidationError({"municipality": _("A break-glass superuser does not belong to a municipality.")})

    @property
    def is_national_admin(self) -> bool:
        return self.role == Role.NATIONAL_ADMIN

    @property
    def is_break_glass(self) -> bool:
        """A superuser for emergencies: no role, no municipality; every admin read and action is logged."""
        return self.is_superuser and not self.role

    @property
    def is_municipal_admin(self) -> bool:
        return self.role == Role.MUNICIPAL_ADMIN

    @property
    def mfa_required(self) -> bool:
        """Whether a password login needs a second factor: always for the national administrator
        and a break-glass superuser, for a municipality's users when their municipality lists their role."""
        if self.is_national_admin or self.is_break_glass:
            return True
        return self.municipality is not None and self.role in (self.municipality.mfa_roles or [])


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
