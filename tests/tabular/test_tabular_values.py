"""Numbers and flags as typed in Norwegian and English spreadsheets."""

from __future__ import annotations

import math
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from prioritet.tabular.values import DecimalMark, format_number, parse_flag, parse_number, parse_plain_column, rounded


@pytest.mark.parametrize(
    ("text", "decimal", "expected"),
    [
        ("1 250 000,50", ",", 1_250_000.5),
        ("1\u00a0250\u00a0000,50", ",", 1_250_000.5),  # no-break space, as Norwegian Excel writes
        ("1\u202f250", ",", 1250.0),  # narrow no-break space
        ("0,5", ",", 0.5),
        ("-3", ",", -3.0),
        ("\u22123", ",", -3.0),  # the typographic minus
        ("1250000.50", ".", 1_250_000.5),
        ("4,0", None, 4.0),
        ("4.0", None, 4.0),
        ("  7  ", ".", 7.0),
    ],
)
def test_numbers_people_write(text: str, decimal: DecimalMark, expected: float) -> None:
    assert parse_number(text, decimal) == expected


@pytest.mark.parametrize(
    ("text", "decimal"),
    [
        ("1.250", ","),  # a thousands point or a decimal point? Refused, not guessed.
        ("0,5", "."),
        ("12 5", ","),  # a space is a thousands separator only before three digits
        ("12O", ","),
        ("1,2,3", None),
        ("", ","),
        ("5,", ","),
        ("kr 500", ","),
    ],
)
def test_ambiguous_or_wrong_numbers_are_refused(text: str, decimal: DecimalMark) -> None:
    assert parse_number(text, decimal) is None


@pytest.mark.parametrize(("text", "expected"), [("ja", True), ("JA", True), ("True", True), ("1", True), ("yes", True)])
def test_true_flags(text: str, expected: bool) -> None:
    assert parse_flag(text) is expected


@pytest.mark.parametrize("text", ["nei", "Nei", "false", "FALSE", "0", "", "  ", "no"])
def test_false_flags(text: str) -> None:
    assert parse_flag(text) is False


def test_unknown_flag() -> None:
    assert parse_flag("kanskje") is None


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=0, max_value=99))
def test_an_amount_written_the_norwegian_way_reads_back_as_the_same_number(whole: int, cents: int) -> None:
    """The command line's formatter (no-break thousands, decimal comma) and the parser agree on every amount."""
    amount = whole + (cents / 100 if whole >= 0 else -cents / 100)
    written = format_number(amount)
    assert parse_number(written, ",") == pytest.approx(amount, abs=1e-9)
    assert parse_number(written, None) == pytest.approx(amount, abs=1e-9)


@given(st.integers(min_value=0, max_value=10**9), st.sampled_from([" ", "\u00a0", "\u202f"]))
def test_thousands_groups_are_read_only_in_threes(number: int, space: str) -> None:
    grouped = f"{number:,}".replace(",", space)
    assert parse_number(grouped, ",") == number
    if number >= 1000:
        # A group of two digits is a typing error, not a thousands separator.
        assert parse_number(grouped[:-1], ",") is None


@given(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False),
    st.sampled_from([",", "."]),
    st.integers(min_value=0, max_value=3),
)
def test_a_number_with_fixed_decimals_reads_back_rounded(number: float, mark: DecimalMark, places: int) -> None:
    """Values and shares on the command line: either decimal mark, exactly ``places`` decimals."""
    written = format_number(number, mark, places)
    assert len(written.rpartition(mark)[2]) == places or places == 0
    # Within half a unit of the last decimal shown (plus the float's own error at this magnitude).
    assert parse_number(written, mark) == pytest.approx(number, abs=0.5 * 10**-places + abs(number) * 1e-15)


def test_command_line_numbers() -> None:
    assert format_number(1_250_000) == "1\u00a0250\u00a0000"
    assert format_number(2.5) == "2,5"
    assert format_number(2.5, ".") == "2.5"
    assert format_number(0.75, places=3) == "0,750"
    assert format_number(-0.0001, places=2) == "0,00"


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (0.25, 1, "0.3"),
        (-0.25, 1, "-0.3"),
        (2.675, 2, "2.68"),  # the float is a hair below 2.675, but reads as 2.675, so rounds up
        (0.125, 2, "0.13"),
        (np.float64(0.125), 2, "0.13"),
        (Decimal("2.5"), 0, "3"),
        (3, 0, "3"),
        (-0.001, 2, "0.00"),  # no «-0,00»
        (1e30, 2, "1" + "0" * 30 + ".00"),  # larger than the default 28 digits of precision
    ],
)
def test_numbers_are_rounded_half_up_as_people_round(value: float, places: int, expected: str) -> None:
    """The one rounding of every number a person reads, web and command line alike."""
    assert str(rounded(value, places)) == expected


def test_the_command_line_rounds_half_up_too() -> None:
    assert format_number(0.125) == "0,13"
    assert format_number(0.25, places=1) == "0,3"
    assert format_number(2.345, ".", places=2) == "2.35"
    assert format_number(-0.25, places=1) == "-0,3"


#: Cells as files hold them: plain numbers, numbers people type (thousands spaces, «+», «−»), near
#: misses (a lone mark, two marks, a bare minus), empty and blank cells, workbook numbers and yes/no.
_CELL_TEXT = st.one_of(
    st.integers(-(10**9), 10**9).map(str),
    st.decimals(-(10**6), 10**6, places=3, allow_nan=False).map(str),
    st.decimals(0, 10**6, places=2, allow_nan=False).map(lambda d: str(d).replace(".", ",")),
    st.sampled_from(["", " ", "1 250 000,50", "+5", "\u22123", ".5", "5.", "-.5", "1.2.3", "1,2,3", "-", "1-2", "--1"]),
    st.sampled_from(["1e5", "nan", "inf", "1_000", "12 5", "x", "07", "-0", "0,5", "2.5"]),
    st.text(alphabet="0123456789-.,\n ", max_size=6),
    st.sampled_from(["1\n2", "2\n3,5", "\n", "4,0\n"]),
)
_CELLS = st.one_of(_CELL_TEXT, st.none(), st.floats(-1e9, 1e9, allow_nan=False), st.booleans())


@given(st.lists(_CELLS, max_size=30), st.sampled_from([",", ".", None]))
def test_a_column_read_at_once_reads_each_cell_as_the_careful_parse_does(cells, decimal: DecimalMark) -> None:
    read = parse_plain_column(cells, decimal)
    if read is None:
        return  # left to the careful parse, cell by cell
    assert len(read) == len(cells)
    for cell, number in zip(cells, read.tolist(), strict=True):
        if cell is None or cell == "":
            assert math.isnan(number)
        elif isinstance(cell, float):
            assert number == cell
        else:
            assert isinstance(cell, str)
            careful = parse_number(cell, decimal)
            assert careful is not None
            assert number == careful
            assert math.copysign(1, number) == math.copysign(1, careful)  # «-0» stays -0.0


def test_a_column_of_plain_numbers_is_read_at_once_and_any_other_is_left_to_the_careful_parse() -> None:
    read = parse_plain_column(["1000", "", "2.5", None, 4.0], ".")
    assert read is not None
    assert np.array_equal(read, [1000.0, np.nan, 2.5, np.nan, 4.0], equal_nan=True)
    read = parse_plain_column(["1000", "-2,5"], ",")
    assert read is not None
    assert read.tolist() == [1000.0, -2.5]
    read = parse_plain_column(["3", "4", "", "5"], None)  # scores: one digit a cell
    assert read is not None
    assert np.array_equal(read, [3.0, 4.0, np.nan, 5.0], equal_nan=True)
    read = parse_plain_column(["3", "4", "5"], None)
    assert read is not None
    assert read.tolist() == [3.0, 4.0, 5.0]
    for odd in ("1 250", "+5", ".5", "5.", "1.2.3", "-", "1e5", " 7"):
        assert parse_plain_column(["1", odd], ".") is None, odd
    assert parse_plain_column(["1", "2,5"], ".") is None  # the other decimal mark: reported, never guessed
    assert parse_plain_column(["1", True], ".") is None
    assert parse_plain_column(["1", "2\n3,5"], ",") is None  # a quoted cell with a line break
