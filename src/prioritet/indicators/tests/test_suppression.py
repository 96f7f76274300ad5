"""Small-cell suppression: a figure about fewer than five people is «:» everywhere it is shown."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from prioritet.indicators import selectors
from prioritet.indicators.models import IndicatorDefinition, IndicatorValue, PeriodKind, SourceKind, Status
from prioritet.indicators.suppression import shown, too_few

#: A number that appears nowhere else on the pages, so its absence is proof.
SECRET = Decimal("73.913")


@pytest.fixture
def waiting(db, municipality):
    return IndicatorDefinition.objects.create(
        owner=municipality,
        key="waiting",
        name_nb="Venter på sykehjemsplass",
        name_nn="Ventar på sjukeheimsplass",
        name_en="Waiting for a nursing-home place",
        unit="dager",
        source=SourceKind.OWN,
        decimals=3,
    )


def _value(municipality, definition, period, value, persons=None, status=""):
    return IndicatorValue.objects.create(
        municipality=municipality,
        definition=definition,
        region=municipality.number,
        period=period,
        period_kind=PeriodKind.YEAR,
        value=value,
        status=status,
        persons=persons,
        source=SourceKind.OWN,
    )


def test_a_figure_about_four_people_is_hidden_and_one_about_five_is_shown(municipality, waiting):
    four = shown(_value(municipality, waiting, "2023", SECRET, persons=4))
    five = shown(_value(municipality, waiting, "2024", Decimal("12"), persons=5))
    assert (four.value, four.status, four.persons, four.suppressed) == (None, Status.SUPPRESSED, None, True)
    assert (five.value, five.status, five.persons, five.suppressed) == (Decimal("12"), "", 5, False)


def test_a_figure_without_a_head_count_and_ssbs_own_colon_stay_as_they_are(municipality, waiting):
    unknown = shown(_value(municipality, waiting, "2023", SECRET))
    ssb = shown(_value(municipality, waiting, "2024", None, status=Status.SUPPRESSED))
    assert unknown.value == SECRET
    assert (ssb.value, ssb.status, ssb.suppressed) == (None, Status.SUPPRESSED, False)


def test_the_threshold_is_a_setting_that_can_be_raised(settings):
    settings.INDICATORS_SUPPRESS_BELOW = 10
    assert too_few(9)
    assert not too_few(10)
    assert not too_few(None)


def test_the_selectors_hand_out_only_suppressed_values(municipality, waiting):
    _value(municipality, waiting, "2023", SECRET, persons=2)
    assert [v.value for v in selectors.values(municipality)] == [None]
    assert selectors.series(municipality, waiting).cells[municipality.number]["2023"].status == ":"
    row = next(r for r in selectors.overview(municipality) if r.definition == waiting)
    assert row.latest is not None
    assert row.latest.value is None


def test_a_suppressed_cell_shows_the_colon_and_its_number_appears_nowhere_in_the_pages(
    login_client, leader, municipality, waiting
):
    _value(municipality, waiting, "2022", Decimal("40"), persons=30)
    _value(municipality, waiting, "2023", SECRET, persons=3)
    _value(municipality, waiting, "2024", Decimal("50"), persons=25)
    client = login_client(leader)
    detail = client.get(f"/indicators/{waiting.pk}/").content.decode()
    listing = client.get("/indicators/").content.decode()
    assert '<abbr title="Skjult av personvernhensyn">:</abbr>' in detail
    for page in (detail, listing):
        for text in ("73,913", "73.913", "73,91", "73.91", "73,9", "73.9"):
            assert text not in page
    assert "40,000" in detail  # the other years are shown


def test_the_period_range_and_region_narrow_the_values(municipality, waiting):
    for year in ("2020", "2021", "2022"):
        _value(municipality, waiting, year, Decimal("1"), persons=50)
    narrow = selectors.ValueFilter(period_from="2021", period_to="2021")
    assert [v.period for v in selectors.values(municipality, narrow)] == ["2021"]
    assert selectors.values(municipality, selectors.ValueFilter(regions=["0"])) == []
    assert len(selectors.values(municipality, selectors.ValueFilter(definitions=[waiting]))) == 3
    assert selectors.values_page(municipality, selectors.ValueFilter(), page=2, size=2)[0] == 3
    assert [v.period for v in selectors.values_page(municipality, selectors.ValueFilter(), page=2, size=2)[1]] == [
        "2022"
    ]


def test_no_export_holds_a_suppressed_number(login_client, leader, municipality, waiting):
    _value(municipality, waiting, "2023", SECRET, persons=3)
    _value(municipality, waiting, "2024", Decimal("50"), persons=25)
    client = login_client(leader)
    for url in (
        f"/indicators/{waiting.pk}/export.csv",
        f"/indicators/{waiting.pk}/export.xlsx",
        "/indicators/comparison/export.csv",
        "/indicators/comparison/export.xlsx",
        "/indicators/comparison/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        text = _text_of(response)
        assert not any(number in text for number in ("73,9", "73.9")), url
    rows = _text_of(client.get(f"/indicators/{waiting.pk}/export.csv")).splitlines()
    assert rows[1].split(";")[4:8] == ["2023", "", ":", "Skjult av personvernhensyn"]
    assert rows[2].split(";")[4:6] == ["2024", "50"]


def _text_of(response) -> str:
    """A response's text: a CSV or page as it is, a workbook's every cell."""
    if response["Content-Type"].startswith("application/vnd.openxmlformats"):
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        return "\n".join(str(c.value) for sheet in book for row in sheet.iter_rows() for c in row)
    return response.content.decode("utf-8-sig")
