"""Periods in time order, not text order: the comparison's latest period, a series' order, a citation's
range; and the demo's KOSTRA group figures are comparable with the municipality's own."""

from __future__ import annotations

from decimal import Decimal

import pytest

from prioritet.indicators import selectors
from prioritet.indicators.demo import KOSTRA_GROUP, add_demo_indicators
from prioritet.indicators.forms import CiteForm
from prioritet.indicators.models import (
    IndicatorDefinition,
    IndicatorValue,
    PeerGroup,
    SourceKind,
    period_kind,
    period_order,
)


@pytest.mark.parametrize(
    ("earlier", "later"),
    [
        ("2024M9", "2024M10"),  # text order says M9 is later
        ("2024M09", "2024M10"),
        ("2024K4", "2025"),
        ("2024K1", "2024"),  # a year closes after its first quarter; text says K1 is later
        ("2024M11", "2024K4"),  # the fourth quarter closes after November; text says M11 is later
        ("2024M12", "2024K4"),  # same last month: the month before the quarter
        ("2024K4", "2024"),
        ("2023", "2024M01"),
        ("not a period", "1999"),
    ],
)
def test_periods_are_ordered_by_when_they_end(earlier, later):
    assert period_order(earlier) < period_order(later)


def test_sorting_by_period_order_differs_from_text_where_it_must():
    periods = ["2024M10", "2024M9", "2024M11", "2024M8"]
    assert sorted(periods) != sorted(periods, key=period_order)
    assert sorted(periods, key=period_order) == ["2024M8", "2024M9", "2024M10", "2024M11"]


def _own(municipality, key: str = "own_monthly") -> IndicatorDefinition:
    return IndicatorDefinition.objects.create(
        owner=municipality, key=key, name_nb=key, name_nn=key, name_en=key, unit="stk", source=SourceKind.OWN
    )


def _value(municipality, definition, region, period, figure):
    # Stored as a case system or an old import may have written it (no zero before the month).
    return IndicatorValue.objects.create(
        municipality=municipality,
        definition=definition,
        region=region,
        period=period,
        period_kind=period_kind(period) if not period[5:].isdigit() or len(period) != 6 else "month",
        value=Decimal(figure),
    )


def test_the_comparison_takes_the_latest_period_in_time_not_as_text(municipality):
    PeerGroup.objects.create(municipality=municipality, kostra_group="EKG13", peers=["3907"])
    definition = _own(municipality)
    _value(municipality, definition, municipality.number, "2024M9", "9")
    _value(municipality, definition, municipality.number, "2024M10", "10")
    _value(municipality, definition, "3907", "2024M10", "12")
    _value(municipality, definition, "3907", "2024M9", "99")
    row = next(r for r in selectors.comparison(municipality).rows if r.definition == definition)
    assert row.period == "2024M10"
    assert [cell.value if cell else None for cell in row.cells][:2] == [Decimal("10"), Decimal("12")]


def test_the_comparison_takes_a_year_after_its_quarters(municipality):
    definition = _own(municipality, "own_mixed")
    _value(municipality, definition, municipality.number, "2024K1", "1")
    _value(municipality, definition, municipality.number, "2024", "4")
    row = next(r for r in selectors.comparison(municipality).rows if r.definition == definition)
    assert row.period == "2024"


def test_a_series_runs_in_time_order_and_a_citation_range_reads_periods_in_time(municipality):
    definition = _own(municipality)
    for period, figure in (("2024M8", "8"), ("2024M9", "9"), ("2024M10", "10"), ("2024M11", "11")):
        _value(municipality, definition, municipality.number, period, figure)
    assert selectors.series(municipality, definition).periods == ["2024M8", "2024M9", "2024M10", "2024M11"]
    latest = selectors.own_value(municipality, definition)
    assert latest is not None
    assert latest.period == "2024M11"
    snapshot = selectors.citation_snapshot(municipality, definition, [municipality.number], "2024M09", "2024M10")
    assert snapshot["periods"] == ["2024M9", "2024M10"]


def test_the_cite_form_compares_its_periods_in_time(municipality):
    form = CiteForm(
        {"definition": _own(municipality).pk, "regions": [municipality.number], "first": "2024", "last": "2025K1"},
        municipality=municipality,
    )
    assert form.is_valid(), form.errors
    form = CiteForm(
        {
            "definition": _own(municipality, "other").pk,
            "regions": [municipality.number],
            "first": "2024",
            "last": "2024K1",
        },
        municipality=municipality,
    )
    assert not form.is_valid()


def test_the_demo_kostra_groups_population_is_an_average_comparable_with_the_municipalitys(municipality):
    add_demo_indicators(municipality, {})
    values = IndicatorValue.objects.filter(
        municipality=municipality, definition__key="population_80", definition__owner=None, period="2024"
    )
    own = values.get(region=municipality.number).value
    group = values.get(region=KOSTRA_GROUP).value
    assert own / 2 < group < own * 2  # an average per municipality, not the group's sum
