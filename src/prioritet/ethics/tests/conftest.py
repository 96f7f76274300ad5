"""Fixtures for the ethics tests: cases at each level made through the cases services."""

from __future__ import annotations

import pytest

from prioritet.cases.models import Level


@pytest.fixture
def individual_case(make_case, caseworker):
    return make_case(caseworker, case_reference="SAK-2025-0412")


@pytest.fixture
def service_case(make_case, leader):
    return make_case(leader, level=Level.SERVICE, title="Vurdere oppstart av Larvikshjelpa")
