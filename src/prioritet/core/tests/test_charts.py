"""The SVG chart functions: valid XML, a text alternative, escaping, proportional bars, contrast."""

from __future__ import annotations

import itertools
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from typing import Any

import pytest

from prioritet.core import charts

SVG = "{http://www.w3.org/2000/svg}"
NASTY = "Tiltak <b>&</b> \"sitat\" 'x' </svg><script>alert(1)</script>"


def parse(markup: str) -> ET.Element:
    root = ET.fromstring(markup)
    assert root.tag == f"{SVG}svg"
    return root


def assert_text_alternative(root: ET.Element, title: str) -> None:
    assert root.get("role") == "img"
    ids = root.get("aria-labelledby", "").split()
    assert len(ids) == 2
    title_el = root.find(f"{SVG}title")
    desc_el = root.find(f"{SVG}desc")
    assert title_el is not None
    assert desc_el is not None
    assert [title_el.get("id"), desc_el.get("id")] == ids
    assert title_el.text == title
    assert (desc_el.text or "").strip()
    assert root.get("viewBox")


def attr(element: ET.Element, name: str) -> str:
    """An attribute the chart must have drawn (a missing one fails the test)."""
    value = element.get(name)
    assert value is not None, f"{element.tag} has no {name}"
    return value


def number(element: ET.Element, name: str) -> float:
    return float(attr(element, name))


def bars(root: ET.Element) -> list[ET.Element]:
    return [el for el in root.iter(f"{SVG}rect") if el.get("class") == "pri-bar"]


def texts(root: ET.Element) -> list[str]:
    return ["".join(el.itertext()) for el in root.iter(f"{SVG}text")]


# Criteria profile --------------------------------------------------------------------------------------


def profile(**kwargs: Any) -> str:
    args: dict[str, Any] = {
        "groups": ["Hjemmerehabilitering", "Institusjon", "Ikke gjøre noe"],
        "series": ["Alvorlighet", "Nytte", "Ressurs"],
        "values": [[4, 4, 3], [4, 4, 5], [4, 1, None]],
        "title": "Kriterieprofil",
        "description": "Tre alternativer på tre kriterier",
    }
    args.update(kwargs)
    return charts.criteria_profile(args.pop("groups"), args.pop("series"), args.pop("values"), **args)


def test_profile_is_valid_svg_with_a_text_alternative():
    root = parse(profile())
    assert_text_alternative(root, "Kriterieprofil")


def test_profile_bar_lengths_are_proportional_to_the_scores():
    root = parse(profile())
    geometry = charts.profile_geometry()
    drawn = bars(root)
    assert [number(b, "data-value") for b in drawn] == [4, 4, 3, 4, 4, 5, 4, 1]
    for bar in drawn:
        value = number(bar, "data-value")
        assert number(bar, "x") == geometry.x0
        assert number(bar, "width") == pytest.approx(value / geometry.maximum * geometry.bar_width, abs=0.01)
    widths = [number(b, "width") for b in drawn]
    assert widths[5] / widths[7] == pytest.approx(5 / 1)
    assert widths[2] / widths[0] == pytest.approx(3 / 4)


def test_profile_marks_a_missing_score_in_words_and_draws_no_bar():
    root = parse(profile(missing_label="ikke vurdert"))
    assert len(bars(root)) == 8
    assert "ikke vurdert" in texts(root)


def test_profile_labels_every_bar_with_its_criterion_and_value_not_only_colour():
    labels = [
        ["4 – høy", "4 – stor", "3 – moderat"],
        ["4 – høy", "4 – stor", "5 – svært ressurskrevende"],
        ["4 – høy", "1 – svært liten", ""],
    ]
    root = parse(profile(value_labels=labels))
    words = texts(root)
    assert words.count("Alvorlighet") == 3
    assert words.count("Ressurs") == 3
    assert "3 – moderat" in words
    # Series differ by pattern as well as colour: solid, then patterns from <defs>.
    fills = [attr(b, "fill") for b in bars(root)[:3]]
    assert fills[0].startswith("#")
    assert fills[1].startswith("url(#")
    assert fills[2].startswith("url(#")
    assert fills[1] != fills[2]
    pattern_ids = {p.get("id") for p in root.iter(f"{SVG}pattern")}
    assert {f[5:-1] for f in fills[1:]} <= pattern_ids


def test_profile_highlights_the_chosen_group_in_words():
    root = parse(profile(highlight=0, highlight_label="valgt"))
    assert "Hjemmerehabilitering – valgt" in texts(root)


def test_profile_escapes_labels():
    markup = profile(groups=[NASTY, "B", "C"], title=NASTY, description=NASTY)
    root = parse(markup)
    assert "<script>" not in markup
    assert root.findtext(f"{SVG}title") == NASTY
    assert NASTY in texts(root)


def test_profile_refuses_ragged_values():
    with pytest.raises(ValueError, match="one row per group"):
        profile(values=[[1, 2, 3], [1, 2]])
    with pytest.raises(ValueError, match="maximum"):
        profile(maximum=0)


def test_ids_are_prefixed_so_two_charts_can_share_a_page():
    a, b = parse(profile(id_prefix="p-1")), parse(profile(id_prefix="p-2"))
    ids_a = {el.get("id") for el in a.iter() if el.get("id")}
    ids_b = {el.get("id") for el in b.iter() if el.get("id")}
    assert ids_a
    assert not ids_a & ids_b


# Frontier ----------------------------------------------------------------------------------------------

POINTS = [(0, 0.0), (1_000_000, 1.2), (2_000_000, 2.1), (3_000_000, 2.6), (4_000_000, 2.8)]


def frontier(points: Sequence[tuple[float, float]] = POINTS, **kwargs: Any) -> str:
    args: dict[str, Any] = {
        "title": "Verdi for pengene",
        "description": "Beste verdi per budsjettnivå",
        "x_label": "Budsjett (kr)",
        "y_label": "Samlet verdi",
        "chosen": 2,
        "chosen_label": "Valgt: 2 mill. kr",
    }
    args.update(kwargs)
    return charts.frontier_chart(points, **args)


def test_frontier_is_valid_svg_with_a_text_alternative():
    root = parse(frontier())
    assert_text_alternative(root, "Verdi for pengene")


def test_frontier_marks_the_chosen_point_by_shape_and_words():
    root = parse(frontier())
    chosen = [el for el in root.iter(f"{SVG}path") if el.get("class") == "pri-frontier-chosen"]
    assert len(chosen) == 1
    assert number(chosen[0], "data-x") == 2_000_000
    assert "Valgt: 2 mill. kr" in texts(root)
    others = [el for el in root.iter(f"{SVG}circle") if el.get("class") == "pri-frontier-point"]
    assert len(others) == len(POINTS) - 1


def test_frontier_positions_are_proportional_to_budget_and_value():
    root = parse(frontier(chosen=None))
    points = [el for el in root.iter(f"{SVG}circle") if el.get("class") == "pri-frontier-point"]
    xs = [number(p, "cx") for p in points]
    ys = [number(p, "cy") for p in points]
    left = charts.FRONTIER_MARGIN["left"]
    # The x axis starts at 0 and the budgets are evenly spaced, so are the points.
    steps = [b - a for a, b in itertools.pairwise(xs)]
    assert steps == pytest.approx([steps[0]] * len(steps), abs=0.02)
    assert xs[0] == pytest.approx(left)
    # Higher value is higher up (smaller y), in proportion.
    bottom = charts.FRONTIER_HEIGHT - charts.FRONTIER_MARGIN["bottom"]
    heights = [bottom - y for y in ys]
    assert heights[0] == pytest.approx(0, abs=0.01)
    assert heights[2] / heights[1] == pytest.approx(2.1 / 1.2, rel=1e-3)


def test_frontier_rejects_an_empty_frontier_and_a_bad_choice():
    with pytest.raises(ValueError, match="at least one point"):
        charts.frontier_chart([], title="t", description="d", x_label="x", y_label="y")
    with pytest.raises(ValueError, match="index a point"):
        frontier(chosen=9)


def test_frontier_escapes_axis_labels():
    root = parse(frontier(x_label=NASTY, chosen_label=NASTY))
    assert texts(root).count(NASTY) == 2


# Core index --------------------------------------------------------------------------------------------


def test_core_index_chart_is_valid_and_proportional():
    labels = ["Dagaktivitet", "Hverdagsrehabilitering", "Velferdsteknologi", NASTY]
    core = [1.0, 0.5, 0.25, 0.0]
    markup = charts.core_index_chart(
        labels,
        core,
        selected=[True, True, False, False],
        selected_label="(valgt)",
        other_label="(ikke valgt)",
        title="Robusthet",
        description="Kjerneindeks per tiltak",
    )
    root = parse(markup)
    assert_text_alternative(root, "Robusthet")
    drawn = bars(root)
    widths = [number(b, "width") for b in drawn]
    assert widths == pytest.approx([charts.CORE_BAR * c for c in core])
    words = texts(root)
    assert "100 % (valgt)" in words
    assert "25 % (ikke valgt)" in words
    # Long names wrap onto two lines, are shortened with «…» beyond that, and stay escaped.
    assert any(w.startswith('Tiltak <b>&</b> "sitat"') for w in words)
    assert NASTY.replace("  ", " ") not in words
    assert "<script>" not in markup
    # Chosen and not chosen differ by pattern as well as colour.
    assert attr(drawn[0], "fill").startswith("#")
    assert attr(drawn[2], "fill").startswith("url(#")


def test_core_index_chart_wraps_long_names_on_two_lines_so_similar_names_stay_apart():
    names = [
        "Dagaktivitetstilbud for personer med demens – 2 dager i uka, 10 plasser",
        "Dagaktivitetstilbud for personer med demens – 5 dager i uka og lørdag, med transport, 20 plasser",
    ]
    root = parse(charts.core_index_chart(names, [0.5, 0.25], title="t", description="d"))
    words = texts(root)
    assert "demens – 2 dager i uka, 10 plasser" in " ".join(words)
    assert any("5 dager" in w for w in words)
    widths = [number(b, "width") for b in bars(root)]
    assert widths == pytest.approx([charts.CORE_BAR * 0.5, charts.CORE_BAR * 0.25])


def test_wrap_keeps_at_most_the_given_lines():
    assert charts.wrap("kort", 10) == ["kort"]
    lines = charts.wrap("en to tre fire fem seks sju åtte ni ti elleve tolv", 10)
    assert len(lines) == 2
    assert lines[1].endswith("…")
    assert all(len(line) <= 10 for line in lines)


def test_core_index_chart_refuses_mismatched_lengths():
    with pytest.raises(ValueError, match="same length"):
        charts.core_index_chart(["a", "b"], [0.5], title="t", description="d")


# Data table, ticks and colours ---------------------------------------------------------------------------


def test_data_table_is_hidden_escaped_and_has_headers():
    html = charts.data_table("Tall <i>", ["Alternativ", "Nytte"], [[NASTY, "4 – stor"]])
    root = ET.fromstring(html)
    assert "ds-sr-only" in attr(root, "class")
    assert root.findtext("caption") == "Tall <i>"
    assert [th.get("scope") for th in root.iter("th")] == ["col", "col", "row"]
    assert root.findtext("tbody/tr/th") == NASTY


@pytest.mark.parametrize(("low", "high"), [(0, 1), (0, 0.87), (0, 1_234_567), (0, 3.2), (2, 2), (-5, 17)])
def test_nice_ticks_cover_the_range_evenly(low, high):
    ticks = charts.nice_ticks(low, high)
    assert ticks[0] <= low
    assert ticks[-1] >= high
    steps = {round(b - a, 9) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    assert 2 <= len(ticks) <= 8


def test_colours_meet_wcag_contrast_on_white():
    for colour in (charts.TEXT, charts.MUTED):
        assert charts.contrast_ratio(colour) >= 4.5, colour
    for colour in (*charts.SERIES, charts.HIGHLIGHT, charts.OTHER):
        # Non-text contrast needs 3:1; these also carry their value labels' meaning, so hold them to 4.5.
        assert charts.contrast_ratio(colour) >= 4.5, colour


def test_contrast_ratio_matches_known_values():
    assert charts.contrast_ratio("#000000") == pytest.approx(21)
    assert charts.contrast_ratio("#ffffff") == pytest.approx(1)
    assert charts.contrast_ratio("#777777") == pytest.approx(4.48, abs=0.01)
