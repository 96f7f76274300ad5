"""Writes for the accounts app: each a single transaction that validates before it saves.

Views call these instead of ``form.save()`` so that the rules (a municipal administrator cannot
lock themselves out, roles stay within the municipality, no hard deletes) hold for every caller:
views, management commands, demo data and tests alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from prioritet.accounts.models import MUNICIPAL_ROLES, Municipality, Role, ServiceArea, User


def norwegian_slug(name: str) -> str:
    """A URL slug that keeps Norwegian letters readable: «Tønsberg kommune» → ``tonsberg-kommune``."""
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})
    return slugify(name.translate(table))


@transaction.atomic
def create_municipality(
    *, name: str, number: str, slug: str = "", population: int | None = None, mfa_roles: list[str] | None = None
) -> Municipality:
    """Create a municipality; the slug defaults to the name's, the two-factor roles to the defaults."""
    municipality = Municipality(
        name=name.strip(), number=number.strip(), slug=slug or norwegian_slug(name), population=population
    )
    if mfa_roles is not None:
        municipality.mfa_roles = _mfa_roles(mfa_roles)
    municipality.full_clean()
    municipality.save()
    return municipality


@transaction.atomic
def update_municipality(
    municipality: Municipality, *, name: str, population: int | None, mfa_roles: list[str] | None = None
) -> Municipality:
    """Rename a municipality, update its population or the roles that need two-factor authentication;
    number and slug are fixed identifiers."""
    municipality.name = name.strip()
    municipality.population = population
    if mfa_roles is not None:
        municipality.mfa_roles = _mfa_roles(mfa_roles)
    municipality.full_clean()
    municipality.save()
    return municipality


def _mfa_roles(roles: list[str]) -> list[str]:
    """Only municipal roles, each once, in the roles' own order."""
    unknown = set(roles) - {role.value for role in MUNICIPAL_ROLES}
    if unknown:
        raise ValidationError({"mfa_roles": _("This role cannot be given within a municipality.")})
    return [role.value for role in MUNICIPAL_ROLES if role.value in roles]


@transaction.atomic
def create_user(
    *,
    municipality: Municipality | None,
    username: str,
    role: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
) -> User:
    """Create a user; without ``password`` the user can only sign in through OpenID Connect.

    A password given here was chosen by an administrator, so the user must replace it at the first login.
    """
    user = User(
        municipality=municipality,
        username=username.strip(),
        role=role,
        email=User.objects.normalize_email(email.strip()),
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )
    if password:
        user.set_password(password)
        user.must_change_password = True
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user


@transaction.atomic
def create_municipal_user(
    *,
    municipality: Municipality,
    username: str,
    role: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    service_areas: Iterable[ServiceArea] = (),
) -> User:
    """Create a user in ``municipality`` with a municipal role (never a national administrator)."""
    if role not in MUNICIPAL_ROLES:
        raise ValidationError({"role": _("This role cannot be given within a municipality.")})
    user = create_user(
        municipality=municipality,
        username=username,
        role=role,
        email=email,
        first_name=first_name,
        last_name=last_name,
        password=password,
    )
    set_service_areas(user, service_areas)
    return user


def set_service_areas(user: User, service_areas: Iterable[ServiceArea]) -> None:
    """The service areas ``user`` works in, all of their own municipality (a leader's decide which
    individual cases they are on the team of, and whose emergency accesses they review)."""
    areas = list(service_areas)
    if any(area.municipality_id != user.municipality_id for area in areas):
        raise ValidationError({"service_areas": _("Choose service areas of the user's own municipality.")})
    user.service_areas.set(areas)


@transaction.atomic
def update_municipal_user(
    user: User,
    *,
    by: User,
    role: str,
    is_active: bool,
    email: str,
    first_name: str,
    last_name: str,
    password: str | None = None,
    service_areas: Iterable[ServiceArea] | None = None,
) -> User:
    """Change a user's role, contact details or active state, or set a new password, as their
    municipal administrator. A new password must be replaced by the user at their next login.

    Users are deactivated, never deleted, so decisions keep their authors. An administrator may not
    remove their own administrator role or deactivate themselves: the municipality could be left
    without anyone who can manage users.
    """
    if user.municipality_id is None or user.municipality_id != by.municipality_id:
        raise ValidationError(_("You can only change users in your own municipality."))
    if role not in MUNICIPAL_ROLES:
        raise ValidationError({"role": _("This role cannot be given within a municipality.")})
    # An API integration's system user (``user.integration``, when the api app is installed) is
    # never a person: giving it an e-mail would let someone sign in as it through OpenID Connect.
    if getattr(user, "integration", None) is not None:
        raise ValidationError(_("This is the system user of an API integration; it cannot be changed here."))
    if user.pk == by.pk and (role != Role.MUNICIPAL_ADMIN or not is_active):
        raise ValidationError(_("You cannot remove your own administrator role or deactivate yourself."))
    user.role = role
    user.is_active = is_active
    user.email = User.objects.normalize_email(email.strip())
    user.first_name = first_name.strip()
    user.last_name = last_name.strip()
    if password:
        user.set_password(password)
        user.must_change_password = True
    user.full_clean()
    user.save()
    if service_areas is not None:
        set_service_areas(user, service_areas)
    return user


@transaction.atomic
def choose_language(user: User, language: str) -> None:
    """Store the language the user chose on the user, so every device they sign in on speaks it."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Choose one of the offered languages."))
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])


def password_chosen(user: User) -> None:
    """The user has set a password of their own: no forced change at the next login."""
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])


@transaction.atomic
def create_service_area(*, municipality: Municipality, name: str) -> ServiceArea:
    """Add a service area (tjenesteområde) to a municipality; names are unique within it."""
    service_area = ServiceArea(municipality=municipality, name=name.strip())
    service_area.full_clean()
    service_area.save()
    return service_area


@transaction.atomic
def rename_service_area(service_area: ServiceArea, *, name: str) -> ServiceArea:
    """Rename a service area; it stays in its municipality."""
    service_area.name = name.strip()
    service_area.full_clean()
    service_area.save()
    return service_area
