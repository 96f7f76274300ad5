"""Users belong to exactly one municipality, except the national administrator, who has none."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import IntegrityError, transaction

from prioritet.accounts.models import MUNICIPAL_ROLES, Municipality, Role, User
from prioritet.accounts.testing import make_service_area

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", MUNICIPAL_ROLES)
def test_municipal_roles_need_a_municipality(role: Role) -> None:
    user = User(username=f"u-{role}", role=role)
    with pytest.raises(ValidationError) as excinfo:
        user.full_clean()
    assert "municipality" in excinfo.value.message_dict


def test_national_admin_has_no_municipality(municipality: Municipality) -> None:
    user = User(username="nasjonal", role=Role.NATIONAL_ADMIN, municipality=municipality)
    with pytest.raises(ValidationError) as excinfo:
        user.full_clean()
    assert "municipality" in excinfo.value.message_dict


def test_valid_users_pass_validation(municipality: Municipality) -> None:
    User(username="kari", role=Role.CASEWORKER, municipality=municipality, password="x").full_clean()
    User(username="ola", role=Role.NATIONAL_ADMIN, password="x").full_clean()


def test_database_refuses_a_municipal_role_without_municipality() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="uten-kommune", role=Role.LEADER)


def test_database_refuses_a_national_admin_with_municipality(municipality: Municipality) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="feil", role=Role.NATIONAL_ADMIN, municipality=municipality)


def test_email_is_unique_within_a_municipality_ignoring_case(
    municipality: Municipality, other_municipality: Municipality
) -> None:
    User.objects.create(username="a", role=Role.CASEWORKER, municipality=municipality, email="kari@larvik.kommune.no")
    # The same person may work for a neighbouring municipality too.
    User.objects.create(
        username="b", role=Role.CASEWORKER, municipality=other_municipality, email="kari@larvik.kommune.no"
    )
    # Users without e-mail do not collide.
    User.objects.create(username="c", role=Role.CASEWORKER, municipality=municipality)
    User.objects.create(username="d", role=Role.CASEWORKER, municipality=municipality)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(
            username="e", role=Role.CASEWORKER, municipality=municipality, email="KARI@larvik.kommune.no"
        )


def test_createsuperuser_makes_a_break_glass_account_without_role_or_municipality(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "riktig-hest-batteri-stift")
    call_command("createsuperuser", "--noinput", "--username=drift", "--email=drift@example.org", verbosity=0)
    user = User.objects.get(username="drift")
    assert user.is_superuser
    assert user.is_break_glass
    assert user.role == ""
    assert user.municipality is None
    assert not user.is_national_admin


def test_create_national_admin_makes_the_role_not_a_superuser(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NATIONAL_ADMIN_PASSWORD", "riktig-hest-batteri-stift")
    call_command("create_national_admin", "--noinput", "--username=nasjonal", "--email=n@example.org", verbosity=0)
    user = User.objects.get(username="nasjonal")
    assert user.role == Role.NATIONAL_ADMIN
    assert user.municipality is None
    assert not user.is_superuser
    assert not user.is_staff
    assert user.check_password("riktig-hest-batteri-stift")


def test_create_national_admin_refuses_a_weak_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NATIONAL_ADMIN_PASSWORD", "123")
    with pytest.raises(CommandError):
        call_command("create_national_admin", "--noinput", "--username=nasjonal", verbosity=0)
    assert not User.objects.filter(username="nasjonal").exists()


def test_the_database_refuses_a_superuser_with_a_role(municipality: Municipality) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="x", role=Role.NATIONAL_ADMIN, is_superuser=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="y", role=Role.LEADER, municipality=municipality, is_superuser=True)


def test_the_database_refuses_a_user_without_role_who_is_not_a_break_glass_superuser(
    municipality: Municipality,
) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="x", role="", municipality=None)
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(username="y", role="", municipality=municipality, is_superuser=True)


def test_service_area_names_are_unique_per_municipality(
    municipality: Municipality, other_municipality: Municipality
) -> None:
    make_service_area(municipality, "Sykehjem")
    make_service_area(other_municipality, "Sykehjem")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_service_area(municipality, "sykehjem")


def test_role_changes_are_kept_in_history(caseworker: User) -> None:
    caseworker.role = Role.LEADER
    caseworker.save()
    roles = list(caseworker.history.order_by("history_date").values_list("role", flat=True))
    assert roles == [Role.CASEWORKER, Role.LEADER]
    assert not hasattr(caseworker.history.first(), "password")
