"""The indicators' exports: CSV for Norwegian Excel, XLSX, the chart as PNG; roles and tenants."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl

from prioritet.indicators import exports, selectors
from prioritet.indicators.demo import add_demo_indicators
from prioritet.indicators.models import IndicatorDefinition, IndicatorValue, PeriodKind, SourceKind


def _rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_the_series_csv_has_every_region_and_period_with_the_target_on_the_own_rows(
    login_client, leader, municipality, coverage
):
    add_demo_indicators(municipality, {})
    response = login_client(leader).get(f"/indicators/{coverage.pk}/export.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="indikator-nursing_home_80-' in response["Content-Disposition"]
    header, *rows = _rows(response)
    assert header[:6] == ["Indikator", "Enhet", "Regionkode", "Region", "Periode", "Verdi"]
    assert len(rows) == 50  # five regions, ten years
    own_2024 = next(r for r in rows if r[2] == municipality.number and r[4] == "2024")
    assert own_2024[8] == "10"  # the target from 2024
    assert all(r[8] == "" for r in rows if r[2] != municipality.number)
    suppressed = next(r for r in rows if r[2] == "4204" and r[4] == "2019")
    assert suppressed[5:7] == ["", ":"]
    assert all(r[9] == "ja" for r in rows)  # labelled as made-up demo figures


def test_the_series_workbook_and_the_chart_png_download(login_client, director, municipality, coverage):
    add_demo_indicators(municipality, {})
    client = login_client(director)
    book = openpyxl.load_workbook(io.BytesIO(client.get(f"/indicators/{coverage.pk}/export.xlsx").content))
    sheet = book.worksheets[0]
    assert sheet.max_row == 51
    png = client.get(f"/indicators/{coverage.pk}/chart.png")
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_the_comparison_has_one_column_per_region_in_the_latest_own_period(
    login_client, politician, municipality, coverage
):
    add_demo_indicators(municipality, {})
    header, *rows = _rows(login_client(politician).get("/indicators/comparison/export.csv"))
    assert header[3:] == [municipality.name, "Sandefjord", "Tønsberg", "Kristiansand", "KOSTRA-gruppe 13"]
    row = next(r for r in rows if r[0] == coverage.name_nb)
    assert row[2] == "2024"
    assert all(cell for cell in row[3:])


def test_a_formula_in_an_indicators_name_stays_text(municipality):
    own = IndicatorDefinition.objects.create(
        owner=municipality,
        key="own",
        name_nb='=HYPERLINK("http://x","Klikk")',
        name_nn="x",
        name_en="x",
        unit="-stk",
        source=SourceKind.OWN,
    )
    IndicatorValue.objects.create(
        municipality=municipality,
        definition=own,
        region=municipality.number,
        period="2024",
        period_kind=PeriodKind.YEAR,
        value=Decimal("-3.5"),
    )
    data = selectors.series(municipality, own)
    table = exports.series_table(data, {municipality.number: municipality.name}, municipality.number)
    row = list(csv.reader(io.StringIO(exports.csv_bytes(table).decode("utf-8-sig")), delimiter=";"))[1]
    assert row[0].startswith("'=")
    assert row[1] == "'-stk"
    assert row[5] == "-3,5"  # a number stays a number
    sheet = openpyxl.load_workbook(io.BytesIO(exports.xlsx_bytes([table]))).worksheets[0]
    assert sheet["A2"].data_type == "s"


def test_exports_follow_the_roles_and_never_cross_municipalities(
    login_client, caseworker, leader, other_municipality, coverage
):
    theirs = IndicatorDefinition.objects.create(
        owner=other_municipality, key="own", name_nb="Egen", name_nn="Eiga", name_en="Own", unit="stk"
    )
    IndicatorValue.objects.create(
        municipality=other_municipality,
        definition=coverage,
        region=other_municipality.number,
        period="2024",
        period_kind=PeriodKind.YEAR,
        value=Decimal("77.7"),
    )
    worker = login_client(caseworker)
    for url in (f"/indicators/{coverage.pk}/export.csv", "/indicators/comparison/export.xlsx"):
        assert worker.get(url).status_code == 403
    client = login_client(leader)
    for suffix in ("export.csv", "export.xlsx", "chart.png"):
        assert client.get(f"/indicators/{theirs.pk}/{suffix}").status_code == 404
    assert "77,7" not in client.get(f"/indicators/{coverage.pk}/export.csv").content.decode("utf-8-sig")
    assert "77,7" not in client.get("/indicators/comparison/export.csv").content.decode("utf-8-sig")
    assert client.post(f"/indicators/{coverage.pk}/export.csv").status_code == 405
