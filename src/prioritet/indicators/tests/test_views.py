from __future__ import annotations

from decimal import Decimal

from prioritet.indicators.demo import add_demo_indicators
from prioritet.indicators.models import (
    IndicatorDefinition,
    IndicatorTarget,
    IndicatorValue,
    SourceKind,
    Status,
)
from prioritet.indicators.testing import add_value


def test_the_starter_definitions_are_national_and_name_the_ssb_tables(db):
    starter = IndicatorDefinition.objects.filter(owner=None)
    assert {"nursing_home_80", "home_care_67_79", "home_care_80", "population_80", "projection_80"} <= set(
        starter.values_list("key", flat=True)
    )
    assert starter.get(key="population_80").ssb_table == "07459"


def test_a_leader_sees_the_latest_value_and_the_target(login_client, leader, municipality, coverage):
    add_value(municipality, coverage, municipality.number, "2023", Decimal("12.5"))
    add_value(municipality, coverage, municipality.number, "2024", Decimal("11.24"))
    IndicatorTarget.objects.create(municipality=municipality, definition=coverage, from_year=2024, value=Decimal("10"))
    response = login_client(leader).get("/indicators/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "11,2" in page
    assert "10,0" in page


def test_a_suppressed_figure_shows_the_colon_and_its_meaning_not_a_number(login_client, leader, municipality, coverage):
    add_value(municipality, coverage, municipality.number, "2024", None, Status.SUPPRESSED)
    page = login_client(leader).get(f"/indicators/{coverage.pk}/").content.decode()
    assert '<abbr title="Skjult av personvernhensyn">:</abbr>' in page
    assert "0,0" not in page


def test_another_municipalitys_figures_and_own_definitions_stay_hidden(
    login_client, leader, municipality, other_municipality, coverage
):
    add_value(other_municipality, coverage, other_municipality.number, "2024", Decimal("77.7"))
    theirs = IndicatorDefinition.objects.create(
        owner=other_municipality, key="own", name_nb="Egen", name_nn="Eiga", name_en="Own", unit="stk"
    )
    client = login_client(leader)
    assert "77,7" not in client.get(f"/indicators/{coverage.pk}/").content.decode()
    assert client.get(f"/indicators/{theirs.pk}/").status_code == 404
    assert "Egen" not in client.get("/indicators/").content.decode()


def test_a_caseworker_does_not_use_the_indicators(login_client, caseworker, coverage):
    client = login_client(caseworker)
    assert client.get("/indicators/").status_code == 403
    assert client.get(f"/indicators/{coverage.pk}/").status_code == 403


def test_the_demo_municipality_gets_labelled_made_up_series_with_a_kostra_group_and_three_peers(
    login_client, leader, municipality, coverage
):
    add_demo_indicators(municipality, {})
    add_demo_indicators(municipality, {})  # idempotent
    own = IndicatorValue.objects.filter(municipality=municipality, definition=coverage, region=municipality.number)
    assert sorted(own.values_list("period", flat=True)) == [str(year) for year in range(2015, 2025)]
    regions = set(IndicatorValue.objects.filter(definition=coverage).values_list("region", flat=True))
    assert len(regions) == 5
    page = login_client(leader).get(f"/indicators/{coverage.pk}/").content.decode()
    assert "Demotall (oppdiktede)" in page
    assert "Demotall (oppdiktede)" in login_client(leader).get("/indicators/").content.decode()


def test_the_detail_page_draws_the_series_with_a_gap_for_the_suppressed_cell_and_names_the_peers(
    login_client, leader, municipality, coverage
):
    add_demo_indicators(municipality, {})
    page = login_client(leader).get(f"/indicators/{coverage.pk}/").content.decode()
    assert 'role="img"' in page
    assert page.count("<polyline") >= 6  # five regions, one of them broken in two by «:»
    assert "Sandefjord" in page
    assert "KOSTRA-gruppe 13" in page
    assert 'class="pri-target"' in page


def test_the_list_shows_a_trend_for_each_series_with_a_title_for_screen_readers(login_client, leader, municipality):
    add_demo_indicators(municipality, {})
    page = login_client(leader).get("/indicators/").content.decode()
    assert page.count('class="pri-sparkline"') == 5
    assert "Utvikling 2015–2024" in page


def test_load_demo_gives_the_demo_municipality_its_made_up_series_once(db):
    from django.core.management import call_command

    from prioritet.accounts.models import Municipality
    from prioritet.indicators.models import PeerGroup

    call_command("load_demo", stdout=__import__("io").StringIO())
    demo = Municipality.objects.get(number="9999")
    count = IndicatorValue.objects.filter(municipality=demo).count()
    made_up = IndicatorValue.objects.filter(municipality=demo).exclude(source=SourceKind.OWN)
    # The series, the population projection 2025–2040 and the case system's export (8 figures × 5 years).
    assert made_up.count() == 5 * 5 * 10 + 4 * 16 + 8 * 5
    assert all(IndicatorValue.objects.filter(municipality=demo).values_list("demo", flat=True))
    assert PeerGroup.objects.get(municipality=demo).peers == ["3907", "3905", "4204"]
    # The open plan case cites the home-care projection to 2040 (a scenario) and an indicator, once.
    from prioritet.indicators.models import Citation, CitationKind

    cited = Citation.objects.filter(municipality=demo, case__title="Ny plan for helse og omsorg 2026–2030")
    projection = cited.get(kind=CitationKind.PROJECTION).snapshot
    assert projection["years"][-1] == 2040
    assert projection["source"]["scenario"] == "Hverdagsrehabilitering"
    assert projection["source"]["demo"] is True
    assert cited.get(kind=CitationKind.INDICATOR).snapshot["key"] == "home_care_80"
    call_command("load_demo", stdout=__import__("io").StringIO())
    assert IndicatorValue.objects.filter(municipality=demo).count() == count
    assert cited.count() == 2


def test_a_director_sets_a_target_from_a_year_and_the_list_shows_it(login_client, director, municipality, coverage):
    client = login_client(director)
    add_value(municipality, coverage, municipality.number, "2026", Decimal("12.0"))
    response = client.post(f"/indicators/{coverage.pk}/targets/new/", {"from_year": "2026", "value": "9,5"})
    assert response.status_code == 302
    target = IndicatorTarget.objects.get()
    assert (target.municipality, target.from_year, target.value) == (municipality, 2026, Decimal("9.5"))
    assert "9,5" in client.get("/indicators/").content.decode()


def test_a_target_needs_a_from_year_or_a_period_and_a_period_in_ssbs_form(login_client, leader, coverage):
    client = login_client(leader)
    both = client.post(f"/indicators/{coverage.pk}/targets/new/", {"from_year": "2026", "period": "2026", "value": "1"})
    assert both.status_code == 400
    assert "Oppgi enten et fra-år eller én periode." in both.content.decode()
    wrong = client.post(f"/indicators/{coverage.pk}/targets/new/", {"period": "2026Q1", "value": "1"})
    assert wrong.status_code == 400
    assert not IndicatorTarget.objects.exists()


def test_politicians_do_not_set_targets_and_nobody_sets_one_on_another_municipalitys_indicator(
    login_client, politician, leader, other_municipality
):
    theirs = IndicatorDefinition.objects.create(
        owner=other_municipality, key="own", name_nb="Egen", name_nn="Eiga", name_en="Own", unit="stk"
    )
    national = IndicatorDefinition.objects.filter(owner=None).first()
    assert login_client(politician).get(f"/indicators/{national.pk}/targets/new/").status_code == 403
    response = login_client(leader).post(f"/indicators/{theirs.pk}/targets/new/", {"from_year": "2026", "value": "1"})
    assert response.status_code == 404
    assert not IndicatorTarget.objects.exists()


def test_the_list_says_whether_the_target_is_reached_only_where_higher_or_lower_is_better(
    login_client, leader, municipality
):
    share = IndicatorDefinition.objects.get(owner=None, key="competence_share")  # higher is better
    coverage = IndicatorDefinition.objects.get(owner=None, key="nursing_home_80")  # neither
    for definition, value, target in ((share, "71.0", "75"), (coverage, "12.0", "10")):
        add_value(municipality, definition, municipality.number, "2024", Decimal(value))
        IndicatorTarget.objects.create(
            municipality=municipality, definition=definition, from_year=2024, value=Decimal(target)
        )
    page = login_client(leader).get("/indicators/").content.decode()
    assert page.count("Ikke nådd") == 1
    assert "Nådd<" not in page
