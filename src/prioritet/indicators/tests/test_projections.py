"""Need projections: the model's and forms' rules, the pages by role and municipality, the demo and
the snapshot a case cites."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from prioritet.accounts.models import Role
from prioritet.accounts.testing import make_service_area, make_user
from prioritet.indicators import selectors, services
from prioritet.indicators.demo import DEMO_LABEL, add_demo_indicators, add_demo_projection
from prioritet.indicators.forms import AdjustmentForm, ProjectionForm
from prioritet.indicators.models import (
    IndicatorDefinition,
    IndicatorValue,
    NeedProjection,
    PeriodKind,
    ProjectionScenario,
)
from prioritet.indicators.testing import POPULATION, make_projection


def _form_data(**overrides: str) -> dict[str, str]:
    return {
        "name": "Sykehjem mot 2040",
        "service": "Sykehjemsplasser",
        "base_year": "2025",
        "end_year": "2040",
        "fte_per_user": "0,9",
        "cost_per_user": "1250000",
        "coverage_80_89": "0,1",
        **overrides,
    }


# The rules -------------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def bokmaal():
    """Forms checked outside a request speak bokmål, whatever an earlier test left active."""
    with translation.override("nb"):
        yield


def test_a_rate_above_one_years_out_of_order_and_no_rate_are_field_errors(municipality):
    form = ProjectionForm(_form_data(coverage_80_89="1,2", end_year="2024"), municipality=municipality)
    assert not form.is_valid()
    assert form.errors["coverage_80_89"] == ["En dekningsgrad er en andel fra 0 til 1 (30,5 % er 0,305)."]
    assert form.errors["end_year"] == ["Sluttåret kommer etter basisåret."]
    empty = ProjectionForm(_form_data(coverage_80_89=""), municipality=municipality)
    assert not empty.is_valid()
    assert empty.errors["coverage_80_89"] == ["Oppgi dekningsgraden for minst én aldersgruppe."]
    assert set(empty.errors) == {"coverage_80_89"}


def test_a_projection_spans_at_most_forty_years_and_negative_amounts_are_refused(municipality):
    form = ProjectionForm(_form_data(end_year="2070", budget="-1"), municipality=municipality)
    assert not form.is_valid()
    assert form.errors["end_year"] == ["En framskriving dekker høyst 40 år."]
    assert form.errors["budget"] == ["Oppgi et tall som er 0 eller mer."]


def test_the_model_refuses_a_rate_above_one_and_a_negative_population_whoever_writes(municipality, leader):
    with pytest.raises(ValidationError):
        make_projection(municipality, leader, coverage={"80-89": 1.5})
    with pytest.raises(ValidationError):
        make_projection(municipality, leader, population={"80-89": {"2025": -3}})
    with pytest.raises(ValidationError):
        make_projection(municipality, leader, coverage={"80-120": 0.2})
    assert not NeedProjection.objects.exists()


def test_an_adjustment_needs_what_it_changes_its_size_and_years_in_order():
    groups = ()
    late = AdjustmentForm({"kind": "coverage", "amount": "-2", "from_year": "2030", "by_year": "2028"}, groups=groups)
    assert not late.is_valid()
    assert late.errors["by_year"] == ["Året endringen er nådd, kan ikke komme før det første året."]
    no_size = AdjustmentForm({"kind": "fte_per_user"}, groups=groups)
    assert not no_size.is_valid()
    assert "amount" in no_size.errors
    no_kind = AdjustmentForm({"amount": "3"}, groups=groups)
    assert not no_kind.is_valid()
    assert "kind" in no_kind.errors
    empty = AdjustmentForm({}, groups=groups)
    assert empty.is_valid()
    assert empty.adjustment() is None
    fine = AdjustmentForm({"kind": "cost_growth", "amount": "1,5"}, groups=groups)
    assert fine.is_valid()
    assert fine.adjustment() == {
        "kind": "cost_growth",
        "amount": 0.015,
        "from_year": None,
        "by_year": None,
        "groups": [],
    }


def test_a_scenario_with_an_adjustment_out_of_range_is_refused_by_the_model(municipality, leader):
    projection = make_projection(municipality, leader)
    with pytest.raises(ValidationError):
        services.create_scenario(projection, leader, name="For mye", adjustments=[{"kind": "coverage", "amount": 3}])
    assert not ProjectionScenario.objects.exists()


# Computing ------------------------------------------------------------------------------------


def test_the_population_comes_from_the_projection_definitions_values_and_what_is_entered_comes_first(
    municipality, leader
):
    definition = IndicatorDefinition.objects.get(owner=None, key="projection_80_89")
    for year, persons in ((2025, 900), (2026, 950), (2027, 990)):
        IndicatorValue.objects.create(
            municipality=municipality,
            definition=definition,
            region=municipality.number,
            period=str(year),
            period_kind=PeriodKind.YEAR,
            value=Decimal(persons),
        )
    projection = make_projection(municipality, leader, population={"80-89": {"2026": 1000}, "90+": POPULATION["90+"]})
    people = selectors.population(projection)
    assert people.cells["80-89"] == {2025: 900, 2026: 1000, 2027: 990}
    assert people.entered >= {("80-89", 2026)}
    assert people.missing == []


def test_a_missing_population_figure_leaves_the_projection_uncomputed_and_named(municipality, leader):
    projection = make_projection(municipality, leader, population={"80-89": POPULATION["80-89"]})
    computed = selectors.compute(projection)
    assert not computed.complete
    assert [(group.key, year) for group, year in computed.population.missing] == [
        ("90+", 2025),
        ("90+", 2026),
        ("90+", 2027),
    ]
    with pytest.raises(selectors.IncompleteProjectionError):
        selectors.projection_snapshot(None, projection=projection)


def test_the_snapshot_of_a_scenario_is_plain_data_with_source_date_inputs_figures_and_gap(municipality, leader):
    projection = make_projection(municipality, leader)
    scenario = services.create_scenario(
        projection,
        leader,
        name="Hverdagsrehabilitering",
        adjustments=[{"kind": "coverage", "amount": -0.05, "from_year": None, "by_year": 2027, "groups": ["90+"]}],
    )
    snapshot = selectors.projection_snapshot(scenario)
    assert json.loads(json.dumps(snapshot)) == snapshot
    assert snapshot["source"]["scenario"] == "Hverdagsrehabilitering"
    assert snapshot["source"]["projection"] == "Hjemmetjenester 2027"
    assert snapshot["years"] == [2025, 2026, 2027]
    # 80–89: 250, 275, 300; 90+ at 50 %, 47.5 %, 45 %: 100, 104.5, 108.
    assert snapshot["users"] == [350.0, 379.5, 408.0]
    assert snapshot["fte"] == [175.0, 189.75, 204.0]
    assert snapshot["cost"] == [140_000_000, 151_800_000, 163_200_000]
    assert snapshot["gap"] == {
        "users": [0.0, 29.5, 58.0],
        "fte": None,
        "cost": [0, 11_800_000, 23_200_000],
    }
    assert snapshot["inputs"]["age_groups"][1] == {"key": "90+", "coverage": 0.5, "population": [200, 220, 240]}
    baseline = selectors.projection_snapshot(None, projection=projection)
    assert baseline["source"]["scenario"] is None
    assert baseline["users"] == [350.0, 385.0, 420.0]
    scenario.adjustments = []
    scenario.save()
    assert snapshot["users"] == [350.0, 379.5, 408.0]  # a kept snapshot does not follow the scenario


# The pages ------------------------------------------------------------------------------------


def test_a_leader_makes_a_projection_enters_its_population_and_adds_a_scenario(login_client, leader, municipality):
    client = login_client(leader)
    response = client.post(
        "/indicators/projections/new/",
        _form_data(end_year="2026", coverage_80_89="0,25", coverage_90_plus="0,5", capacity_users="300"),
    )
    projection = NeedProjection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/indicators/projections/{projection.pk}/"
    assert projection.coverage == {"80-89": 0.25, "90+": 0.5}
    assert projection.municipality == municipality
    assert projection.cost_per_user == Decimal("1250000")
    page = client.get(response["Location"]).content.decode()
    assert "Befolkningen mangler for" in page
    assert 'role="img"' not in page
    population = {
        "version": str(projection.version),
        "p_80_89_2025": "1000",
        "p_80_89_2026": "1100",
        "p_90_plus_2025": "200",
        "p_90_plus_2026": "220",
    }
    assert client.post(f"/indicators/projections/{projection.pk}/population/", population).status_code == 302
    projection.refresh_from_db()
    assert projection.population == {"80-89": {"2025": 1000, "2026": 1100}, "90+": {"2025": 200, "2026": 220}}
    page = client.get(f"/indicators/projections/{projection.pk}/").content.decode()
    assert 'role="img"' in page
    assert '<td class="pri-num">350</td>' in page
    assert '<td class="pri-num">385</td>' in page
    assert '<td class="pri-num">85</td>' in page  # the gap in 2026: 385 − 300
    scenario = {
        "name": "Hverdagsrehabilitering",
        "description": "",
        "adjustments-TOTAL_FORMS": "2",
        "adjustments-INITIAL_FORMS": "0",
        "adjustments-0-kind": "coverage",
        "adjustments-0-group": "90+",
        "adjustments-0-amount": "-2",
        "adjustments-0-by_year": "2026",
    }
    assert client.post(f"/indicators/projections/{projection.pk}/scenarios/new/", scenario).status_code == 302
    saved = ProjectionScenario.objects.get()
    assert saved.adjustments == [
        {"kind": "coverage", "amount": -0.02, "from_year": None, "by_year": 2026, "groups": ["90+"]}
    ]
    page = client.get(f"/indicators/projections/{projection.pk}/?show=cost").content.decode()
    assert "Hverdagsrehabilitering" in page
    assert "Dekningsgrad, 90 år og over: -2,0 prosentpoeng, fra basisåret til 2026" in page
    assert page.count("<polyline") == 2


def test_a_scenario_is_edited_with_the_version_loaded_and_removed(login_client, leader, municipality):
    projection = make_projection(municipality, leader)
    scenario = services.create_scenario(projection, leader, name="A", adjustments=[])
    client = login_client(leader)
    url = f"/indicators/projections/{projection.pk}/scenarios/{scenario.pk}/"
    form = client.get(url).content.decode()
    assert 'value="A"' in form
    data = {
        "name": "B",
        "description": "",
        "version": str(scenario.version),
        "adjustments-TOTAL_FORMS": "1",
        "adjustments-INITIAL_FORMS": "0",
        "adjustments-0-kind": "fte_per_user",
        "adjustments-0-amount": "-5",
    }
    assert client.post(url, data).status_code == 302
    stale = client.post(url, {**data, "name": "C"})
    assert stale.status_code == 400
    scenario.refresh_from_db()
    assert (scenario.name, scenario.adjustments[0]["amount"]) == ("B", -0.05)
    assert client.post(url + "delete/").status_code == 302
    assert not ProjectionScenario.objects.exists()


def test_a_politician_and_the_director_read_projections_but_do_not_change_them(
    login_client, leader, politician, director, municipality
):
    projection = make_projection(municipality, leader)
    scenario = services.create_scenario(projection, leader, name="A", adjustments=[])
    for user in (politician, director):
        client = login_client(user)
        page = client.get(f"/indicators/projections/{projection.pk}/").content.decode()
        assert 'role="img"' in page
        assert "Legg til et scenario" not in page
        base = f"/indicators/projections/{projection.pk}"
        for url in ("/indicators/projections/new/", f"{base}/edit/", f"{base}/population/", f"{base}/scenarios/new/"):
            assert client.get(url).status_code == 403, url
        assert client.post(f"{base}/scenarios/{scenario.pk}/delete/").status_code == 403
    assert ProjectionScenario.objects.count() == 1


def test_a_caseworker_does_not_use_projections(login_client, caseworker, leader, municipality):
    projection = make_projection(municipality, leader)
    client = login_client(caseworker)
    assert client.get("/indicators/projections/").status_code == 403
    assert client.get(f"/indicators/projections/{projection.pk}/").status_code == 403


def test_another_municipalitys_projection_and_scenario_are_not_found(
    login_client, leader, municipality, other_municipality
):
    theirs_leader = make_user(Role.LEADER, municipality=other_municipality, username="deres-leder")
    theirs = make_projection(other_municipality, theirs_leader, name="Deres framskriving")
    their_scenario = services.create_scenario(theirs, theirs_leader, name="Deres scenario", adjustments=[])
    ours = make_projection(municipality, leader)
    client = login_client(leader)
    assert "Deres framskriving" not in client.get("/indicators/projections/").content.decode()
    base = f"/indicators/projections/{theirs.pk}"
    for url in (f"{base}/", f"{base}/edit/", f"{base}/population/", f"{base}/scenarios/new/"):
        assert client.get(url).status_code == 404, url
        assert client.post(url, _form_data()).status_code == 404, url
    mixed = f"/indicators/projections/{ours.pk}/scenarios/{their_scenario.pk}/"
    assert client.get(mixed).status_code == 404
    assert client.post(mixed + "delete/").status_code == 404
    assert ProjectionScenario.objects.filter(pk=their_scenario.pk).exists()


def test_reading_the_projection_pages_writes_nothing(login_client, leader, municipality):
    projection = make_projection(municipality, leader)
    scenario = services.create_scenario(projection, leader, name="A", adjustments=[])
    client = login_client(leader)
    base = f"/indicators/projections/{projection.pk}"
    for url in (
        "/indicators/projections/",
        "/indicators/projections/new/",
        f"{base}/",
        f"{base}/?show=fte",
        f"{base}/edit/",
        f"{base}/population/",
        f"{base}/scenarios/new/",
        f"{base}/scenarios/{scenario.pk}/",
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200, url
        writes = [q["sql"] for q in queries if q["sql"].split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
        assert [w for w in writes if "indicators_" in w] == [], url


def test_the_demo_projection_is_labelled_made_up_and_has_two_scenarios(login_client, leader, municipality):
    add_demo_indicators(municipality, {})
    add_demo_projection(municipality, {})
    add_demo_projection(municipality, {})  # idempotent
    projection = NeedProjection.objects.get()
    assert projection.end_year == 2040
    assert sorted(projection.scenarios.values_list("name", flat=True)) == [
        "Hverdagsrehabilitering",
        "Velferdsteknologi",
    ]
    client = login_client(leader)
    assert DEMO_LABEL in client.get("/indicators/projections/").content.decode()
    page = client.get(f"/indicators/projections/{projection.pk}/").content.decode()
    assert DEMO_LABEL in page
    assert page.count("<polyline") == 3
    assert DEMO_LABEL in client.get(f"/indicators/projections/{projection.pk}/population/").content.decode()


# The portfolio's budget page ------------------------------------------------------------------


def test_the_budget_hint_is_the_baselines_cost_in_the_year_and_its_gap_to_todays_budget(municipality, leader):
    area = make_service_area(municipality, "Hjemmetjenesten")
    make_projection(municipality, leader, service_area=area)
    make_projection(municipality, leader, name="Uten område")
    [hint] = selectors.budget_hints(municipality, area.pk, 2026)
    # 80–89: 1 100 × 0.25 = 275, 90+: 220 × 0.5 = 110; 385 users × 400 000 kr.
    assert (hint.year, hint.cost, hint.gap) == (2026, 154_000_000, 14_000_000)
    assert selectors.budget_hints(municipality, area.pk, 2030) == []
    assert selectors.budget_hints(municipality, None, 2026) == []


def test_the_portfolio_budget_page_names_the_projection_of_the_cases_service_area(
    login_client, leader, municipality, other_municipality, monkeypatch
):
    from prioritet.cases import services as case_services
    from prioritet.cases.models import Level
    from prioritet.portfolio import services as portfolio_services

    area = make_service_area(municipality, "Hjemmetjenesten")
    projection = make_projection(municipality, leader, service_area=area)
    case = case_services.create_case(
        municipality,
        leader,
        level=Level.SERVICE,
        title="Hjemmetjenesten 2026",
        no_action_consequence="Ventelistene vokser.",
        service_area=area,
    )
    portfolio = portfolio_services.create_portfolio(case, leader)
    monkeypatch.setattr("prioritet.portfolio.views.timezone.localdate", lambda: __import__("datetime").date(2025, 6, 1))
    page = login_client(leader).get(f"/portfolio/{portfolio.pk}/budget/").content.decode()
    assert f'href="/indicators/projections/{projection.pk}/"' in page
    assert "foreslår et budsjett på 154\xa0000\xa0000 kr for 2026" in page
    assert "14\xa0000\xa0000 kr over tjenestens budsjett i dag" in page


def test_the_projection_form_offers_the_latest_kostra_coverage_as_shares(login_client, leader, municipality):
    add_demo_indicators(municipality, {})
    hints = {hint.definition.key: hint for hint in selectors.coverage_hints(municipality)}
    assert set(hints) == {"home_care_67_79", "home_care_80", "nursing_home_80"}
    home_care = hints["home_care_80"]
    assert home_care.value.period == "2024"
    assert home_care.share == float(home_care.value.value or 0) / 100 > 0  # SSB gives it in per cent
    assert hints["nursing_home_80"].share == float(hints["nursing_home_80"].value.value or 0) / 100 > 0
    page = login_client(leader).get("/indicators/projections/new/").content.decode()
    assert "Kommunens siste dekningsgrader fra KOSTRA, som andeler:" in page
    assert f"= {str(round(home_care.share, 4)).replace('.', ',')}" in page


def test_a_projection_saved_by_someone_else_keeps_the_input_and_is_not_overwritten(login_client, leader, municipality):
    projection = make_projection(municipality, leader)
    client = login_client(leader)
    data = _form_data(name="Først", end_year="2027", coverage_80_89="0,25", coverage_90_plus="0,5")
    assert client.post(f"/indicators/projections/{projection.pk}/edit/", {**data, "version": "1"}).status_code == 302
    stale = client.post(f"/indicators/projections/{projection.pk}/edit/", {**data, "name": "Sist", "version": "1"})
    assert stale.status_code == 400
    assert 'value="Sist"' in stale.content.decode()
    projection.refresh_from_db()
    assert (projection.name, projection.version) == ("Først", 2)
    assert projection.population == POPULATION  # editing the projection leaves the population entered


def test_the_projection_form_shows_its_figures_without_trailing_zeros(login_client, leader, municipality):
    projection = make_projection(municipality, leader)
    page = login_client(leader).get(f"/indicators/projections/{projection.pk}/edit/").content.decode()
    assert 'name="fte_per_user" value="0,5"' in page
    assert 'name="cost_per_user" value="400000"' in page
    assert 'name="capacity_users" value="350"' in page
    assert 'name="coverage_80_89" value="0,25"' in page
