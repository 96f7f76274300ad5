from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from prioritet.accounts.models import Role
from prioritet.engine import Criterion
from prioritet.weighting.models import WeightVersion
from prioritet.weighting.services import create_version, current_weights, to_engine


def test_current_weights_creates_equal_version_1_once(municipality):
    first = current_weights(municipality)
    assert (first.number, first.benefit, first.severity, first.resources) == (1, 1, 1, 1)
    assert current_weights(municipality) == first
    assert WeightVersion.objects.count() == 1


def test_new_versions_are_numbered_per_municipality(municipality, other_municipality, user_factory):
    director = user_factory(Role.DIRECTOR)
    current_weights(municipality)
    current_weights(other_municipality)
    v2 = create_version(
        municipality,
        director,
        benefit=Decimal(2),
        severity=Decimal(3),
        resources=Decimal(1),
        reason="Alvorlighet vektlegges mest",
        decided_by_body="kommunestyret",
    )
    assert v2.number == 2
    assert current_weights(municipality) == v2
    assert current_weights(other_municipality).number == 1
    assert v2.normalised() == pytest.approx({"benefit": 2 / 6, "severity": 3 / 6, "resources": 1 / 6})


def test_to_engine(municipality):
    version = create_version(
        municipality,
        None,
        benefit=Decimal("0.5"),
        severity=Decimal("0.25"),
        resources=Decimal("0.25"),
        reason="",
        decided_by_body="",
    )
    weights = to_engine(version)
    assert weights.values == {Criterion.BENEFIT: 0.5, Criterion.SEVERITY: 0.25, Criterion.RESOURCES: 0.25}


@pytest.mark.parametrize("values", [(-1, 1, 1), (0, 0, 0)])
def test_weights_must_be_non_negative_and_not_all_zero(municipality, values):
    b, s, r = (Decimal(v) for v in values)
    with pytest.raises(ValidationError):
        create_version(municipality, None, benefit=b, severity=s, resources=r, reason="", decided_by_body="")
    assert not WeightVersion.objects.exists()


def test_pages(municipality, user_factory, login_client):
    director = user_factory(Role.DIRECTOR)
    caseworker = user_factory(Role.CASEWORKER)
    assert login_client(caseworker).get(reverse("weighting:list")).status_code == 200
    assert login_client(caseworker).get(reverse("weighting:create")).status_code == 403
    response = login_client(director).post(
        reverse("weighting:create"),
        {
            "benefit": "2",
            "severity": "1",
            "resources": "1",
            "decided_by_body": "kommunestyret",
            "reason": "Vedtak 12/25",
        },
    )
    assert response.status_code == 302
    assert current_weights(municipality).benefit == 2
    assert current_weights(municipality).created_by == director
