"""The role dashboards: figures against targets, peers and trend; a suppressed cell is its symbol."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from prioritet.accounts.testing import make_service_area
from prioritet.cases.models import Case, Level
from prioritet.cases.testing import open_case
from prioritet.indicators.demo import add_demo_projection
from prioritet.indicators.models import (
    IndicatorDefinition,
    IndicatorTarget,
    PeerGroup,
    Status,
)
from prioritet.indicators.testing import add_value

URL = "/indicators/dashboard/"


@pytest.fixture
def figures(municipality, coverage, cost):
    PeerGroup.objects.create(municipality=municipality, kostra_group="EKG13", peers=["3905"])
    for period, own, group in (("2022", "13.1", "12.0"), ("2023", "12.4", "11.8"), ("2024", "11.24", "11.5")):
        add_value(municipality, coverage, municipality.number, period, Decimal(own))
        add_value(municipality, coverage, "EKG13", period, Decimal(group))
    add_value(municipality, coverage, "3905", "2024", None, Status.SUPPRESSED)
    add_value(municipality, cost, municipality.number, "2024", Decimal("402000"))
    IndicatorTarget.objects.create(municipality=municipality, definition=coverage, from_year=2024, value=Decimal("10"))


def test_the_director_sees_every_indicator_against_its_target_the_peers_and_the_trend(figures, director, login_client):
    page = login_client(director).get(URL).content.decode()
    assert "Hele helse- og omsorgssektoren" in page
    assert "Andel innbyggere 80 år og over med institusjonsopphold" in page
    assert "Korrigerte brutto driftsutgifter per mottaker" in page
    assert "11,2" in page
    assert "10,0" in page
    assert "KOSTRA-gruppe 13" in page
    assert "11,5" in page
    assert 'class="pri-sparkline"' in page
    assert "<svg" in page
    assert "Tallene som tabell" in page


def test_a_suppressed_cell_is_shown_as_its_symbol_and_never_as_a_number(figures, coverage, director, login_client):
    page = login_client(director).get(URL).content.decode()
    row = page.split(f'<th scope="row"><a href="/indicators/{coverage.pk}/">')[1].split("</tr>")[0]
    cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row, re.S)]
    # period, own value, target, the peer 3905 (suppressed), the KOSTRA group, the trend (an SVG)
    assert cells[:5] == ["2024", "11,2", "10,0", ":", "11,5"]
    assert '<abbr title="Skjult av personvernhensyn">:</abbr>' in row


def test_a_leader_sees_the_sector_and_their_own_areas_indicators_not_another_areas(
    municipality, figures, leader, login_client
):
    home_care = make_service_area(municipality, "Hjemmetjenesten")
    nursing = make_service_area(municipality, "Sykehjem")
    ours = IndicatorDefinition.objects.create(
        owner=municipality,
        key="waiting_home_care",
        name_nb="Venteliste hjemmetjenesten",
        name_nn="Venteliste",
        name_en="Waiting list",
        unit="personer",
        service_area=home_care,
    )
    other = IndicatorDefinition.objects.create(
        owner=municipality,
        key="waiting_nursing",
        name_nb="Venteliste sykehjem",
        name_nn="Venteliste",
        name_en="Waiting list",
        unit="personer",
        service_area=nursing,
    )
    add_value(municipality, ours, municipality.number, "2024", Decimal("12"))
    add_value(municipality, other, municipality.number, "2024", Decimal("30"))
    case = open_case(leader, [("Tiltak", (4, 3))], title="Hjemmetjenestesak")
    Case.objects.filter(pk=case.pk).update(service_area=home_care)  # the leader's areas are their cases'
    client = login_client(leader)
    page = client.get(URL).content.decode()
    assert "Venteliste hjemmetjenesten" in page
    assert "Venteliste sykehjem" not in page
    assert "Andel innbyggere 80 år og over med institusjonsopphold" in page
    chosen = client.get(URL, {"area": nursing.pk}).content.decode()
    assert "Venteliste sykehjem" in chosen
    assert "Venteliste hjemmetjenesten" not in chosen


def test_a_politician_sees_the_key_figures_with_targets_and_the_cases_before_them(
    figures, director, politician, login_client
):
    open_case(director, [("Omsorgssenter", (4, 3))], level=Level.POLITICAL, title="Omsorgssenter")
    page = login_client(politician).get(URL).content.decode()
    assert "Nøkkeltallene bak de politiske sakene du skal behandle" in page
    assert "Andel innbyggere 80 år og over med institusjonsopphold" in page
    assert "Korrigerte brutto driftsutgifter per mottaker" not in page  # no target: not a key figure
    assert "Politiske saker som venter på vedtak" in page  # the workload


def test_another_municipalitys_figures_never_appear(
    figures, municipality, other_municipality, coverage, director, login_client
):
    add_value(other_municipality, coverage, municipality.number, "2025", Decimal("77.7"))
    add_value(other_municipality, coverage, other_municipality.number, "2024", Decimal("66.6"))
    page = login_client(director).get(URL).content.decode()
    assert "77,7" not in page
    assert "66,6" not in page
    assert "2025" not in page


def test_roles_that_do_not_read_indicators_are_refused(figures, caseworker, login_client):
    assert login_client(caseworker).get(URL).status_code == 403


def test_reading_the_dashboard_writes_nothing(figures, leader, login_client):
    client = login_client(leader)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) and "django_session" not in q["sql"]
    ]
    assert writes == []
    assert not PeerGroup.objects.exclude(kostra_group="EKG13").exists()


def test_the_dashboard_and_the_home_pages_figures_speak_nynorsk(figures, director, login_client):
    client = login_client(director)
    client.post("/i18n/setlang/", {"language": "nn", "next": "/"})
    page = client.get(URL).content.decode()
    assert "Heile helse- og omsorgssektoren" in page
    assert "Del innbyggjarar 80 år og over med institusjonsopphald" in page
    home = client.get("/").content.decode()
    assert "Nøkkeltal" in home
    assert "Opne styringstavla di" in home


def test_a_politician_sees_the_projections_with_the_political_cases_of_their_service_area(
    municipality, figures, director, leader, politician, login_client
):
    area = make_service_area(municipality, "Hjemmetjenesten")
    add_demo_projection(municipality, {"demo-leder": leader})
    case = open_case(director, [("Flere plasser", (4, 3))], level=Level.POLITICAL, title="Heldøgns omsorg")
    Case.objects.filter(pk=case.pk).update(service_area=area)
    page = login_client(politician).get(URL).content.decode()
    section = page.split('id="projections-heading"')[1].split("</section>")[0]
    assert "Hjemmetjenester mot 2040" in section
    assert "2025: 2 011 → 2040: 2 950" in section.replace("\xa0", " ")
    assert f'<a href="/cases/{case.pk}/">Heldøgns omsorg</a>' in section
