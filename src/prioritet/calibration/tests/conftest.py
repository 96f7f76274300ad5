from __future__ import annotations

import pytest

from prioritet.accounts.models import Role
from prioritet.calibration.testing import THREE_ALTERNATIVES, make_example, make_exercise


@pytest.fixture
def raters(user_factory):
    return [
        user_factory(Role.CASEWORKER, username="rater-a", first_name="Aud", last_name="Aasen"),
        user_factory(Role.HEALTH_PERSONNEL, username="rater-b", first_name="Bjørn", last_name="Berg"),
        user_factory(Role.CASEWORKER, username="rater-c", first_name="Cecilie", last_name="Dahl"),
    ]


@pytest.fixture
def examples(db):
    """12 units: each example's need, then 3 and 2 alternatives on benefit and resources."""
    return [
        make_example("Eksempel om hjemmetjenester", alternatives=THREE_ALTERNATIVES),
        make_example("Eksempel om dagaktivitet"),
    ]


@pytest.fixture
def exercise(municipality, leader, raters, examples):
    return make_exercise(municipality, leader, raters, examples)
