from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from prioritet.core import charts

SVG = "{http://www.w3.org/2000/svg}"


def test_a_missing_value_breaks_the_line_and_draws_no_point_never_a_zero():
    svg = charts.line_chart(
        ["2022", "2023", "2024", "2025"],
        [("Larvik", [10.0, 11.0, None, 12.0]), ("Sandefjord", [9.0, 9.5, 9.8, 10.0])],
        title="Dekning",
        description="Dekning per år",
    )
    root = ET.fromstring(svg)
    lines = root.findall(f"{SVG}polyline")
    assert [len(line.get("points", "").split()) for line in lines] == [2, 4]
    # 3 points of Larvik, 4 of Sandefjord, and one marker per series in the legend
    assert len(root.findall(f"{SVG}circle")) == 3 + 1
    assert root.get("role") == "img"
    title = root.find(f"{SVG}title")
    assert title is not None
    assert title.text == "Dekning"


def test_the_series_differ_by_dash_and_marker_as_well_as_colour_and_the_target_is_named():
    svg = charts.line_chart(
        ["2023", "2024"],
        [("A", [1.0, 2.0]), ("B", [2.0, 3.0])],
        title="t",
        description="d",
        target=2.5,
        target_label="Mål",
    )
    assert 'stroke-dasharray="6 4"' in svg
    assert "<rect" in svg
    assert 'class="pri-target"' in svg
    assert "Mål 2.5" in svg
    assert all(charts.contrast_ratio(colour) >= 4.5 for colour in charts.SERIES)


def test_a_series_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError, match="one value per period"):
        charts.line_chart(["2024"], [("A", [1.0, 2.0])], title="t", description="d")


def test_the_sparkline_escapes_its_title_and_breaks_at_a_gap():
    svg = charts.sparkline([1.0, None, 2.0, 3.0], title="<b>Trend</b>")
    assert "&lt;b&gt;Trend" in svg
    assert svg.count("<polyline") == 1


def test_five_series_each_have_their_own_colour_and_dash():
    svg = charts.line_chart(
        ["2023", "2024"], [(str(k), [float(k), float(k + 1)]) for k in range(5)], title="t", description="d"
    )
    root = ET.fromstring(svg)
    styles = {(line.get("stroke"), line.get("stroke-dasharray")) for line in root.findall(f"{SVG}polyline")}
    assert len(styles) == 5
    assert all(charts.contrast_ratio(colour) >= 4.5 for colour in charts.LINE_COLOURS)
