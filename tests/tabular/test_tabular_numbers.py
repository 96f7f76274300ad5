"""Numbers and flags as typed in Norwegian and English spreadsheets."""

from __future__ import annotations

import pytest

from prioritet.tabular.numbers import Decimal, parse_flag, parse_number


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
def test_numbers_people_write(text: str, decimal: Decimal, expected: float) -> None:
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
def test_ambiguous_or_wrong_numbers_are_refused(text: str, decimal: Decimal) -> None:
    assert parse_number(text, decimal) is None


@pytest.mark.parametrize(("text", "expected"), [("ja", True), ("JA", True), ("True", True), ("1", True), ("yes", True)])
def test_true_flags(text: str, expected: bool) -> None:
    assert parse_flag(text) is expected


@pytest.mark.parametrize("text", ["nei", "Nei", "false", "FALSE", "0", "", "  ", "no"])
def test_false_flags(text: str) -> None:
    assert parse_flag(text) is False


def test_unknown_flag() -> None:
    assert parse_flag("kanskje") is None
