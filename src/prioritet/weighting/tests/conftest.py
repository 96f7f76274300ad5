import pytest

from prioritet.accounts.models import Role


@pytest.fixture
def director(user_factory):
    return user_factory(Role.DIRECTOR, username="direktor", first_name="Dina", last_name="Direktørsen")
