from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from prioritet.indicators import services
from prioritet.indicators.models import IndicatorDefinition, IndicatorValue, PeerGroup, Status
from prioritet.indicators.tasks import refresh_indicators

DATA = Path(__file__).parent / "data" / "kostra_12209_made_up.json"


def _values(municipality, definition):
    return {
        (v.region, v.period): (v.value, v.status)
        for v in IndicatorValue.objects.filter(municipality=municipality, definition=definition)
    }


def test_a_kostra_dataset_becomes_values_by_region_and_period_with_the_suppressed_cell_kept(municipality, coverage):
    dataset = services.read_upload(DATA.read_bytes(), "12209.json")[0]
    result = services.import_dataset(municipality, coverage, dataset)
    assert (result.created, result.updated, result.unchanged) == (6, 0, 0)
    values = _values(municipality, coverage)
    assert values[("3909", "2024")] == (Decimal("11.9"), "")
    assert values[("3907", "2024")] == (None, Status.SUPPRESSED)
    assert values[("EKG13", "2023")] == (Decimal("12.8"), "")


def test_importing_again_counts_unchanged_and_updated_cells(municipality, coverage):
    document = json.loads(DATA.read_text())
    services.import_dataset(municipality, coverage, services.read_upload(json.dumps(document).encode(), "a.json")[0])
    document["value"][0] = 12.5
    again = services.import_dataset(
        municipality, coverage, services.read_upload(json.dumps(document).encode(), "a.json")[0]
    )
    assert (again.created, again.updated, again.unchanged) == (0, 1, 5)
    assert _values(municipality, coverage)[("3909", "2023")] == (Decimal("12.5"), "")


def test_a_dataset_without_the_indicators_content_code_is_refused_and_nothing_is_written(municipality, coverage):
    coverage.ssb_content_code = "KOSnotthere0000"
    dataset = services.read_upload(DATA.read_bytes(), "12209.json")[0]
    with pytest.raises(services.ImportProblemError, match="KOSnotthere0000"):
        services.import_dataset(municipality, coverage, dataset)
    assert not IndicatorValue.objects.exists()


def _fake_transport(calls):
    def transport(url, timeout):
        calls.append(url)
        return DATA.read_bytes()

    return transport


def test_the_refresh_fetches_the_followed_tables_for_the_municipality_peers_group_and_country(municipality, coverage):
    group = PeerGroup.objects.create(
        municipality=municipality, kostra_group="EKG13", peers=["3907"], followed=["nursing_home_80"]
    )
    calls: list[str] = []
    result = services.refresh(group, transport=_fake_transport(calls))
    assert result.failed == {}
    assert result.fetched["nursing_home_80"].created == 6
    assert len(calls) == 1
    assert "/tables/12209/data?" in calls[0]
    assert "valueCodes[KOKkommuneregion0000]=3909,3907,EKG13,EAK" in calls[0]
    assert "valueCodes[ContentsCode]=KOSsykhjand80aar0000" in calls[0]


def test_a_table_that_cannot_be_read_is_reported_and_the_others_still_fetched(municipality, coverage):
    group = PeerGroup.objects.create(municipality=municipality, followed=["nursing_home_80", "population_80"])

    def transport(url, timeout):
        return DATA.read_bytes() if "/12209/" in url else b"not json"

    result = services.refresh(group, transport=transport)
    assert set(result.fetched) == {"nursing_home_80"}
    assert set(result.failed) == {"population_80"}


def test_the_task_and_the_command_fetch_nothing_while_network_fetches_are_off(municipality, settings, monkeypatch):
    settings.INDICATORS_FETCH = False
    group = PeerGroup.objects.create(municipality=municipality)
    monkeypatch.setattr(services, "default_transport", lambda: pytest.fail("the network was reached"))
    assert refresh_indicators.call(group.pk).endswith("SSB off")
    call_command("fetch_indicators", "--now")
    assert not IndicatorValue.objects.exists()


def test_the_command_fetches_through_the_transport_when_fetches_are_on(municipality, coverage, settings, monkeypatch):
    settings.INDICATORS_FETCH = True
    PeerGroup.objects.create(municipality=municipality, followed=["nursing_home_80"])
    calls: list[str] = []
    monkeypatch.setattr(services, "default_transport", lambda: _fake_transport(calls))
    call_command("fetch_indicators", "--now", "--municipality", municipality.number)
    assert IndicatorValue.objects.filter(municipality=municipality, definition=coverage).count() == 6
    call_command("fetch_indicators", "--municipality", municipality.number)  # queued: immediate in tests
    assert len(calls) == 2


def test_the_administrator_chooses_the_group_and_peers_and_the_figures_are_fetched_at_once(
    login_client, municipal_admin, municipality, coverage, settings, monkeypatch
):
    settings.INDICATORS_FETCH = True
    calls: list[str] = []
    monkeypatch.setattr(services, "default_transport", lambda: _fake_transport(calls))
    response = login_client(municipal_admin).post(
        "/indicators/comparison/",
        {"kostra_group": "ekg13", "peers": "3907; 3907, 3905", "followed": ["nursing_home_80"]},
    )
    assert response.status_code == 302
    group = PeerGroup.objects.get(municipality=municipality)
    assert (group.kostra_group, group.peers, group.followed) == ("EKG13", ["3907", "3905"], ["nursing_home_80"])
    assert "valueCodes[KOKkommuneregion0000]=3909,3907,3905,EKG13" in calls[0]
    assert IndicatorValue.objects.filter(municipality=municipality).count() == 6


def test_peers_must_be_municipality_numbers_and_only_the_administrator_chooses_them(
    login_client, municipal_admin, leader, municipality
):
    response = login_client(municipal_admin).post("/indicators/comparison/", {"peers": "3907, Sandefjord"})
    assert response.status_code == 400
    assert "«Sandefjord»" in response.content.decode()
    client = login_client(leader)
    page = client.get("/indicators/comparison/")
    assert page.status_code == 200
    assert 'name="peers"' not in page.content.decode()
    assert client.post("/indicators/comparison/", {"peers": "3907"}).status_code == 403


def test_a_population_table_asks_for_the_country_by_its_own_code(municipality):
    population = IndicatorDefinition.objects.get(owner=None, key="population_80")
    selection = services.selection_for(population, ["3909", "3907"])
    assert selection["Region"] == ["3909", "3907", "0"]
    assert selection["ContentsCode"] == ["Personer1"]


def _population_document(ages: list[str], value, status: dict[int, str] | None = None) -> bytes:
    """A JSON-stat 2.0 answer shaped as SSB's 07459: region × age × content × year, one value per cell."""
    regions, years = ["3909", "0"], ["2024", "2025"]
    values = [value(r, a, y) for r in regions for a in ages for y in years]
    document = {
        "version": "2.0",
        "class": "dataset",
        "id": ["Region", "Alder", "ContentsCode", "Tid"],
        "size": [len(regions), len(ages), 1, len(years)],
        "role": {"geo": ["Region"], "time": ["Tid"], "metric": ["ContentsCode"]},
        "dimension": {
            "Region": {"category": {"index": regions}},
            "Alder": {"category": {"index": ages}},
            "ContentsCode": {"category": {"index": ["Personer1"], "label": {"Personer1": "Personer"}}},
            "Tid": {"category": {"index": years}},
        },
        "value": values,
        "status": {str(index): symbol for index, symbol in (status or {}).items()},
    }
    return json.dumps(document).encode()


def test_a_population_definition_chooses_its_ages_so_ssb_does_not_send_the_all_ages_total(municipality):
    population = IndicatorDefinition.objects.get(owner=None, key="population_80")
    selection = services.selection_for(population, ["3909"])
    assert selection["Alder"][0] == "080"
    assert selection["Alder"][-2:] == ["104", "105+"]
    assert len(selection["Alder"]) == 26
    younger = IndicatorDefinition.objects.get(owner=None, key="population_67_79")
    assert services.selection_for(younger, ["3909"])["Alder"] == [f"{age:03d}" for age in range(67, 80)]


def test_the_ages_a_population_definition_chooses_are_summed_per_region_and_year(municipality):
    population = IndicatorDefinition.objects.get(owner=None, key="population_80")
    ages = ["079", *population.ssb_selection["Alder"]]  # SSB may send more than asked: 79 is not counted

    def people(region, age, year):
        return (1000 if region == "0" else 10) + int(age.rstrip("+")) + (5 if year == "2025" else 0)

    dataset = services.read_upload(_population_document(ages, people), "07459.json")[0]
    services.import_dataset(municipality, population, dataset)
    expected = {
        (region, year): Decimal(sum(people(region, age, year) for age in population.ssb_selection["Alder"]))
        for region in ("3909", "0")
        for year in ("2024", "2025")
    }
    assert _values(municipality, population) == {key: (value, "") for key, value in expected.items()}


def test_a_total_with_a_part_without_a_number_is_that_parts_symbol_not_a_smaller_number(municipality):
    population = IndicatorDefinition.objects.get(owner=None, key="population_67_79")
    ages = population.ssb_selection["Alder"]
    # The cell of region 3909, the first age, 2025 (index 1) is confidential.
    document = _population_document(ages, lambda r, a, y: 7, status={1: ":"})
    document = document.replace(b'"value": [7, 7', b'"value": [7, null', 1)
    services.import_dataset(municipality, population, services.read_upload(document, "07459.json")[0])
    values = _values(municipality, population)
    assert values[("3909", "2025")] == (None, ":")
    assert values[("3909", "2024")] == (Decimal(7 * len(ages)), "")


def test_a_file_that_lacks_one_of_the_chosen_ages_is_refused_naming_the_age(municipality):
    population = IndicatorDefinition.objects.get(owner=None, key="population_67_79")
    ages = [age for age in population.ssb_selection["Alder"] if age != "070"]
    dataset = services.read_upload(_population_document(ages, lambda r, a, y: 1), "07459.json")[0]
    problems: list[services.Problem] = []
    assert services.cells_for(population, dataset, problems) == []
    assert len(problems) == 4
    assert "«070»" in problems[0].message
    assert problems[0].column == "Alder"
