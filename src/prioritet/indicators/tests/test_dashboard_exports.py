"""The dashboard as files: its table of indicators as CSV and XLSX, each chart as PNG.

A suppressed cell — SSB's own «:» and a figure about fewer than five people that Prioritet hides —
is «:» with no number in every format, as on the page.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
import pytest

from prioritet.accounts.testing import make_service_area
from prioritet.cases.models import Case
from prioritet.cases.testing import open_case
from prioritet.indicators import exports
from prioritet.indicators.models import (
    IndicatorDefinition,
    IndicatorTarget,
    PeerGroup,
    SourceKind,
    Status,
)
from prioritet.indicators.testing import add_value

URL = "/indicators/dashboard/"
#: Figures about too few people: their numbers must appear in no file.
HIDDEN = ("77.7", "77,7", "66.6", "66,6")


@pytest.fixture
def figures(municipality, coverage):
    """Coverage 2021–2024 with a target; 2022 is about two people (hidden), the peer 3905 has SSB's
    «:» in 2024 and the peer 3907 a figure about three people (hidden)."""
    PeerGroup.objects.create(municipality=municipality, kostra_group="EKG13", peers=["3905", "3907"])
    for period, own, group in (("2021", "13.1", "12.0"), ("2023", "12.4", "11.8"), ("2024", "11.24", "11.5")):
        add_value(municipality, coverage, municipality.number, period, Decimal(own), persons=40)
        add_value(municipality, coverage, "EKG13", period, Decimal(group))
    add_value(municipality, coverage, municipality.number, "2022", Decimal("66.6"), persons=2)
    add_value(municipality, coverage, "3905", "2024", None, Status.SUPPRESSED)
    add_value(municipality, coverage, "3907", "2024", Decimal("77.7"), persons=3)
    IndicatorTarget.objects.create(municipality=municipality, definition=coverage, from_year=2024, value=Decimal("10"))


def _csv(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def _cells(book: openpyxl.Workbook) -> list[str]:
    return [str(cell.value) for sheet in book.worksheets for row in sheet.iter_rows() for cell in row if cell.value]


def test_the_csv_is_the_dashboards_table_with_the_suppressed_cells_as_their_symbol(
    figures, coverage, municipality, director, login_client
):
    response = login_client(director).get(URL + "export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="styringstavle-' in response["Content-Disposition"]
    header, *rows = _csv(response)
    assert header[:7] == ["Område", "Indikator", "Enhet", "Periode", municipality.name, "Mål", "Mål nådd"]
    assert header[7:10] == ["Tønsberg", "Sandefjord", "KOSTRA-gruppe 13"]
    assert header[10] == "Utvikling"
    row = next(r for r in rows if r[1] == coverage.name_nb)
    assert row[0] == "Helse- og omsorgssektoren"
    # period, own value, target, reached (empty: coverage is neither better high nor low, as on the
    # page), 3905 (SSB's «:»), 3907 (hidden: «:»), the KOSTRA group
    assert row[3:10] == ["2024", "11,2", "10", "", ":", ":", "11,5"]
    assert row[10] == "2021–2024: 13,1 → 11,2"
    body = response.content.decode("utf-8-sig")
    assert not any(number in body for number in HIDDEN)


def test_the_workbook_has_the_table_and_the_values_behind_the_trend_and_the_chart(
    figures, coverage, municipality, director, login_client
):
    response = login_client(director).get(URL + "export.xlsx")
    assert response["Content-Type"] == exports.XLSX_TYPE
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    table, values = book.worksheets
    header = [cell.value for cell in table[1]]
    row = next([cell.value for cell in r] for r in table.iter_rows(min_row=2) if r[1].value == coverage.name_nb)
    assert row[header.index("Tønsberg")] == ":"
    assert row[header.index("Sandefjord")] == ":"
    assert row[header.index(municipality.name)] == pytest.approx(11.2)
    tidy = [[cell.value for cell in r] for r in values.iter_rows(min_row=2)]
    own = {r[4]: (r[5], r[6]) for r in tidy if r[2] == municipality.number}
    assert own["2022"] == (None, ":")  # the hidden year: no number, its symbol
    assert own["2024"][0] == pytest.approx(11.2)
    assert sorted(r[4] for r in tidy if r[2] == "EKG13") == ["2021", "2023", "2024"]  # the chart's group line
    assert not any(number in cell for cell in _cells(book) for number in HIDDEN)


def test_each_chart_downloads_as_png_and_draws_no_hidden_number(figures, coverage, director, login_client, monkeypatch):
    drawn: list[str] = []
    real = exports.cairosvg.svg2png

    def keep(**kwargs):
        drawn.append(kwargs["bytestring"].decode())
        return real(**kwargs)

    monkeypatch.setattr(exports.cairosvg, "svg2png", keep)
    client = login_client(director)
    page = client.get(URL).content.decode()
    assert f'href="{URL}{coverage.pk}/chart.png"' in page
    assert f'href="{URL}export.csv"' in page
    assert f'href="{URL}export.xlsx"' in page
    response = client.get(f"{URL}{coverage.pk}/chart.png")
    assert response["Content-Type"] == "image/png"
    assert response.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert 'filename="styringstavle-nursing_home_80-' in response["Content-Disposition"]
    (svg,) = drawn
    assert "<svg" in svg
    assert "Mål 10,0" in svg
    assert not any(number in svg for number in HIDDEN)


def test_an_indicator_the_dashboard_does_not_chart_has_no_png(figures, director, login_client):
    cost = IndicatorDefinition.objects.get(owner=None, key="cost_per_user")  # no target: no chart
    assert login_client(director).get(f"{URL}{cost.pk}/chart.png").status_code == 404


def test_a_formula_in_an_indicators_name_stays_text(figures, municipality, director, login_client):
    own = IndicatorDefinition.objects.create(
        owner=municipality,
        key="own",
        name_nb='=HYPERLINK("http://x","Klikk")',
        name_nn="x",
        name_en="x",
        unit="-stk",
        source=SourceKind.OWN,
    )
    add_value(municipality, own, municipality.number, "2024", Decimal("-3.5"))
    client = login_client(director)
    row = next(r for r in _csv(client.get(URL + "export.csv")) if "HYPERLINK" in r[1])
    assert row[1].startswith("'=")
    assert row[2] == "'-stk"
    assert row[4] == "-3,5"  # a number stays a number
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(URL + "export.xlsx").content)).worksheets[0]
    cell = next(r[1] for r in sheet.iter_rows(min_row=2) if "HYPERLINK" in str(r[1].value))
    assert cell.data_type == "s"


def test_the_downloads_follow_the_role_and_the_leaders_service_areas(
    figures, coverage, municipality, leader, caseworker, login_client
):
    home_care = make_service_area(municipality, "Hjemmetjenesten")
    nursing = make_service_area(municipality, "Sykehjem")
    ours = IndicatorDefinition.objects.create(
        owner=municipality,
        key="ours",
        name_nb="Venteliste hjemmetjenesten",
        name_nn="x",
        name_en="x",
        unit="stk",
        higher_is_better=False,
    )
    other = IndicatorDefinition.objects.create(
        owner=municipality, key="other", name_nb="Venteliste sykehjem", name_nn="x", name_en="x", unit="stk"
    )
    IndicatorDefinition.objects.filter(pk=ours.pk).update(service_area=home_care)
    IndicatorDefinition.objects.filter(pk=other.pk).update(service_area=nursing)
    for item in (ours, other):
        add_value(municipality, item, municipality.number, "2024", Decimal("12"))
        IndicatorTarget.objects.create(municipality=municipality, definition=item, from_year=2024, value=Decimal(5))
    case = open_case(leader, [("Tiltak", (4, 3))], title="Hjemmetjenestesak")
    Case.objects.filter(pk=case.pk).update(service_area=home_care)
    client = login_client(leader)
    rows = _csv(client.get(URL + "export.csv"))
    names = [r[1] for r in rows]
    waiting = next(r for r in rows if r[1] == "Venteliste hjemmetjenesten")
    assert waiting[0] == "Hjemmetjenesten"
    assert waiting[5:7] == ["5", "nei"]  # 12 on the list against a target of at most 5
    assert "Venteliste hjemmetjenesten" in names
    assert "Venteliste sykehjem" not in names
    assert client.get(f"{URL}{other.pk}/chart.png").status_code == 404
    chosen = [r[1] for r in _csv(client.get(URL + "export.csv", {"area": nursing.pk}))]
    assert "Venteliste sykehjem" in chosen
    assert "Venteliste hjemmetjenesten" not in chosen
    assert client.get(f"{URL}{other.pk}/chart.png", {"area": nursing.pk}).status_code == 200
    page = client.get(URL, {"area": nursing.pk}).content.decode()
    assert f'href="{URL}export.csv?area={nursing.pk}"' in page
    worker = login_client(caseworker)
    for path in ("export.csv", "export.xlsx", f"{coverage.pk}/chart.png"):
        assert worker.get(URL + path).status_code == 403
        assert client.post(URL + path).status_code == 405


def test_another_municipalitys_figures_and_indicators_never_appear(
    figures, coverage, municipality, other_municipality, director, login_client
):
    theirs = IndicatorDefinition.objects.create(
        owner=other_municipality, key="theirs", name_nb="Deres", name_nn="x", name_en="x", unit="stk"
    )
    IndicatorTarget.objects.create(municipality=other_municipality, definition=theirs, from_year=2024, value=Decimal(5))
    add_value(other_municipality, theirs, other_municipality.number, "2024", Decimal("55.5"))
    add_value(other_municipality, coverage, municipality.number, "2025", Decimal("88.8"))
    client = login_client(director)
    assert client.get(f"{URL}{theirs.pk}/chart.png").status_code == 404
    body = client.get(URL + "export.csv").content.decode("utf-8-sig")
    assert "Deres" not in body
    assert "88,8" not in body
    assert "2025" not in body
    book = openpyxl.load_workbook(io.BytesIO(client.get(URL + "export.xlsx").content))
    assert not any(text in cell for cell in _cells(book) for text in ("Deres", "88.8", "2025"))
