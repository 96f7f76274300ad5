"""An expected effect measured by one of the municipality's figures: the baseline prefilled from its latest
value, the realised value read from it in evaluere (the user confirms), and the forms still usable without one."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from prioritet.cases.models import Level
from prioritet.cases.testing import decided_case
from prioritet.effects import services
from prioritet.effects.models import Achievement, ExpectedEffect
from prioritet.indicators.models import IndicatorDefinition, IndicatorValue, PeriodKind


@pytest.fixture
def coverage(municipality):
    """Nursing-home coverage 80+ for the municipality: 2023 and 2024, and 2026 about too few people."""
    definition = IndicatorDefinition.objects.get(owner=None, key="nursing_home_80")
    for period, figure, persons in (("2023", "11.9", None), ("2024", "11.2", None), ("2026", "9.1", 3)):
        IndicatorValue.objects.create(
            municipality=municipality,
            definition=definition,
            region=municipality.number,
            period=period,
            period_kind=PeriodKind.YEAR,
            value=Decimal(figure),
            persons=persons,
        )
    return definition


@pytest.fixture
def carried_out(leader):
    case, _ = decided_case(leader, [("Flere korttidsplasser", (4, 3))], level=Level.SERVICE)
    services.save_implementation(case, leader, None, responsible_unit="Sykehjemmet", start_date=timezone.localdate())
    return case


def _effect(case, user, definition, target_period="2025", **fields):
    values = {
        "description": "Lavere institusjonsdekning",
        "indicator": definition.name_nb,
        "indicator_definition": definition,
        "unit": definition.unit,
        "baseline": Decimal("11.2"),
        "baseline_period": "2024",
        "target": Decimal("10"),
        "target_period": target_period,
        "evaluate_by": timezone.localdate() + datetime.timedelta(days=30),
    }
    return services.add_effect(case, user, **(values | fields))


def test_choosing_an_indicator_prefills_the_baseline_from_its_latest_value_and_writes_nothing(
    login_client, leader, carried_out, coverage
):
    page = (
        login_client(leader)
        .get(f"/cases/{carried_out.pk}/effects/new/", {"from_indicator": coverage.pk})
        .content.decode()
    )
    assert 'name="baseline" value="11,2"' in page
    assert 'name="baseline_period" value="2024"' in page
    assert f'value="{coverage.name_nb}"' in page
    assert "Statistisk sentralbyrå (SSB)" in page
    assert not ExpectedEffect.objects.exists()


def test_an_effect_measured_by_an_indicator_takes_its_name_when_none_is_typed(
    login_client, leader, carried_out, coverage
):
    response = login_client(leader).post(
        f"/cases/{carried_out.pk}/effects/new/",
        {
            "description": "Lavere institusjonsdekning",
            "indicator_definition": coverage.pk,
            "indicator": "",
            "unit": "",
            "baseline": "11.2",
            "baseline_period": "2024",
            "target": "10",
            "target_period": "2025",
            "evaluate_by": "2026-06-30",
        },
    )
    assert response.status_code == 302
    effect = ExpectedEffect.objects.get()
    assert (effect.indicator, effect.unit, effect.indicator_definition) == (coverage.name_nb, coverage.unit, coverage)


def test_an_effect_names_no_other_municipalitys_indicator(leader, carried_out, other_municipality):
    theirs = IndicatorDefinition.objects.create(
        owner=other_municipality, key="own", name_nb="Egen", name_nn="Eiga", name_en="Own", unit="stk"
    )
    with pytest.raises(ValidationError):
        _effect(carried_out, leader, theirs)


def test_the_evaluation_reads_the_realised_value_from_the_indicator_and_the_user_confirms_it(
    login_client, leader, carried_out, coverage, municipality
):
    IndicatorValue.objects.create(
        municipality=municipality,
        definition=coverage,
        region=municipality.number,
        period="2025",
        period_kind=PeriodKind.YEAR,
        value=Decimal("10.4"),
    )
    effect = _effect(carried_out, leader, coverage)
    client = login_client(leader)
    page = client.get(f"/cases/{carried_out.pk}/effects/{effect.pk}/evaluate/").content.decode()
    assert 'name="realised" value="10,4"' in page
    assert 'name="realised_period" value="2025"' in page
    assert "Statistisk sentralbyrå (SSB)" in page
    effect.refresh_from_db()
    assert effect.realised is None  # read, not saved: the user confirms
    response = client.post(
        f"/cases/{carried_out.pk}/effects/{effect.pk}/evaluate/",
        {
            "realised": "10.4",
            "realised_period": "2025",
            "achievement": Achievement.PARTLY,
            "learning": "",
            "version": 1,
        },
    )
    assert response.status_code == 302
    effect.refresh_from_db()
    assert (effect.realised, effect.realised_period) == (Decimal("10.4"), "2025")


def test_a_figure_about_too_few_people_is_not_offered_as_the_realised_value(
    login_client, leader, carried_out, coverage
):
    effect = _effect(carried_out, leader, coverage, target_period="2026")
    page = login_client(leader).get(f"/cases/{carried_out.pk}/effects/{effect.pk}/evaluate/").content.decode()
    assert "9,1" not in page
    assert "9.1" not in page
    assert 'name="realised" value=' not in page


def test_without_a_figure_for_the_period_the_evaluation_is_typed_as_before(login_client, leader, carried_out, coverage):
    effect = _effect(carried_out, leader, coverage, target_period="2030")
    client = login_client(leader)
    page = client.get(f"/cases/{carried_out.pk}/effects/{effect.pk}/evaluate/").content.decode()
    assert 'name="realised" value=' not in page
    response = client.post(
        f"/cases/{carried_out.pk}/effects/{effect.pk}/evaluate/",
        {"realised": "10", "achievement": Achievement.ACHIEVED, "learning": "", "version": 1},
    )
    assert response.status_code == 302
    effect.refresh_from_db()
    assert (effect.realised, effect.realised_period) == (Decimal("10"), "")


def test_a_period_in_the_wrong_form_is_refused(leader, carried_out, coverage):
    with pytest.raises(ValidationError):
        _effect(carried_out, leader, coverage, target_period="neste år")
