import pytest

from prioritet.accounts.models import Role


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def director(user_factory):
    return user_factory(Role.DIRECTOR, username="direktor", first_name="Dina", last_name="Direktørsen")
