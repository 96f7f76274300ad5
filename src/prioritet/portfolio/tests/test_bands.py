"""The resource score and the amounts must not disagree silently (issue 11 §4): the municipality's bands
give the score a measure's amounts stand for, and the workspace and the saksframlegg warn where it differs."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from prioritet.portfolio import services
from prioritet.portfolio.bands import band_score, parse_bands, resource_check
from prioritet.portfolio.models import ResourceColumn
from prioritet.portfolio.selectors import portfolio_data

from .conftest import add_worked_example

COST_BANDS = [500_000, 1_000_000, 2_000_000, 3_000_000]


def cost_column(municipality) -> ResourceColumn:
    services.ensure_default_columns(municipality)
    return ResourceColumn.objects.get(municipality=municipality, key="cost_nok")


@pytest.mark.parametrize(
    ("amount", "score"), [(0, 1), (500_000, 1), (500_001, 2), (1_750_000, 3), (3_000_000, 4), (4_150_000, 5)]
)
def test_an_amount_scores_the_first_band_it_does_not_exceed(amount, score):
    assert band_score(amount, COST_BANDS) == score


def test_bands_are_read_as_norwegian_amounts_and_must_ascend():
    assert parse_bands("500 000; 1 000 000; 2 000 000; 3 000 000") == COST_BANDS
    assert parse_bands("  ") == []
    for wrong in ("1; 2; 3", "3; 2; 1; 0", "a; b; c; d", "-1; 2; 3; 4"):
        with pytest.raises(ValidationError):
            parse_bands(wrong)


def test_only_leaders_and_directors_set_the_bands(municipality, leader, caseworker):
    column = cost_column(municipality)
    with pytest.raises(PermissionDenied):
        services.set_column_bands(column, caseworker, COST_BANDS)
    assert services.set_column_bands(column, leader, COST_BANDS).bands == COST_BANDS
    assert column.history.count() >= 2  # the change is in the history


def test_the_amounts_give_a_score_that_is_compared_with_the_measures(portfolio, leader):
    measures = add_worked_example(portfolio, leader)  # every measure scored 3 on resources
    services.set_column_bands(cost_column(portfolio.municipality), leader, COST_BANDS)
    data = portfolio_data(portfolio)
    night = resource_check(measures["M1"], data)  # 1 500 000
    assert (night.score, night.derived, night.differs) == (3, 3, False)
    school = resource_check(measures["M5"], data)  # 200 000
    assert (school.derived, school.differs) == (1, True)
    assert "Kostnad 200" in school.basis


def test_without_bands_nothing_is_derived_or_warned(portfolio, leader):
    measures = add_worked_example(portfolio, leader)
    check = resource_check(measures["M5"], portfolio_data(portfolio))
    assert check.derived is None
    assert not check.differs
    assert check.warning == ""


def test_the_workspace_and_the_saksframlegg_warn_where_the_score_and_the_amounts_differ(
    worked, portfolio, leader, login_client
):
    client = login_client(leader)
    page = client.get(reverse("portfolio:detail", args=[portfolio.pk])).content.decode()
    assert 'data-testid="resource-differs"' not in page
    services.set_column_bands(cost_column(portfolio.municipality), leader, COST_BANDS)

    # The table's «all» tab: the default tab shows only the measures selected at the budget.
    page = client.get(reverse("portfolio:detail", args=[portfolio.pk]), {"show": "all"}).content.decode()
    # M5 (200 000 → 1), M6 (500 000 → 1), M3 (600 000 → 2) and M4 (800 000 → 2) differ from their 3.
    assert page.count('data-testid="resource-differs"') == 4
    assert "4 tiltak har en ressursskår som avviker" in page
    report = client.get(reverse("reports:saksframlegg", args=[portfolio.case.pk])).content.decode()
    assert "Ressursskåren er 3, men beløpene gir 1 med kommunens intervaller" in report


def test_the_resource_columns_page_sets_the_bands(municipality, leader, caseworker, login_client):
    column = cost_column(municipality)
    response = login_client(leader).post(
        reverse("portfolio:columns"), {"column": column.pk, "bands": "500 000; 1 000 000; 2 000 000; 3 000 000"}
    )
    assert response.status_code == 302
    column.refresh_from_db()
    assert column.bands == COST_BANDS
    page = login_client(leader).get(reverse("portfolio:columns")).content.decode()
    assert "500\xa0000; 1\xa0000\xa0000" in page or "500 000; 1 000 000" in page

    response = login_client(leader).post(reverse("portfolio:columns"), {"column": column.pk, "bands": "3; 2; 1"})
    assert response.status_code == 200
    assert "bands" in response.context["bands_form"].errors
    assert (
        login_client(caseworker).post(reverse("portfolio:columns"), {"column": column.pk, "bands": ""}).status_code
        == 403
    )


def test_another_municipalitys_column_cannot_be_banded(municipality, other_municipality, leader, login_client):
    theirs = cost_column(other_municipality)
    cost_column(municipality)
    response = login_client(leader).post(reverse("portfolio:columns"), {"column": theirs.pk, "bands": "1; 2; 3; 4"})
    assert response.status_code == 200
    assert "column" in response.context["bands_form"].errors
    theirs.refresh_from_db()
    assert theirs.bands == []
