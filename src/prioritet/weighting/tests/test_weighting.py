from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from prioritet.accounts.models import Role
from prioritet.engine import Criterion
from prioritet.weighting.models import WeightVersion
from prioritet.weighting.selectors import current_weights
from prioritet.weighting.services import create_version, ensure_weights, to_engine


def test_the_current_weights_are_the_unsaved_default_until_a_version_is_saved(municipality):
    default = current_weights(municipality)
    assert (default.number, default.benefit, default.severity, default.resources) == (1, 1, 1, 1)
    assert (default.pk, default.created_at) == (None, None)
    assert not WeightVersion.objects.exists()  # reading writes nothing


def test_ensure_weights_saves_the_equal_default_as_version_1_once(municipality):
    first = ensure_weights(municipality)
    assert first.pk is not None
    assert (first.number, first.benefit, first.severity, first.resources) == (1, 1, 1, 1)
    assert ensure_weights(municipality) == first
    assert current_weights(municipality) == first
    assert WeightVersion.objects.count() == 1


def test_the_first_recorded_weights_follow_the_saved_default(municipality, director):
    """The pages showed the default as version 1, so it is saved first and the new weights are version 2."""
    version = create_version(
        municipality,
        director,
        benefit=Decimal(2),
        severity=Decimal(3),
        resources=Decimal(1),
        reason="Vedtak",
        decided_by_body="Kommunestyret",
    )
    assert version.number == 2
    assert list(WeightVersion.objects.values_list("number", "benefit")) == [(2, 2), (1, 1)]


def test_refused_weights_save_nothing_not_even_the_default(municipality, director):
    with pytest.raises(ValidationError):
        create_version(
            municipality,
            director,
            benefit=Decimal(0),
            severity=Decimal(0),
            resources=Decimal(0),
            reason="x",
            decided_by_body="Kommunestyret",
        )
    assert not WeightVersion.objects.exists()


def test_new_versions_are_numbered_per_municipality(municipality, other_municipality, user_factory):
    director = user_factory(Role.DIRECTOR)
    ensure_weights(municipality)
    ensure_weights(other_municipality)
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
