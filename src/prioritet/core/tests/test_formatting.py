"""The one formatting module: the same number in bokmål, nynorsk and English."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from prioritet.core import formatting
from prioritet.engine import Criterion, Priority
from prioritet.tabular.values import format_number, parse_number

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("language", "amount", "decimal", "percent"),
    [
        ("nb", f"1{NBSP}250{NBSP}000,5", "2,375", f"97,5{NBSP}%"),
        ("nn", f"1{NBSP}250{NBSP}000,5", "2,375", f"97,5{NBSP}%"),
        ("en", "1,250,000.5", "2.375", f"97.5{NBSP}%"),
    ],
)
def test_the_same_numbers_in_each_language(language: str, amount: str, decimal: str, percent: str) -> None:
    with translation.override(language):
        assert formatting.amount(1_250_000.5) == amount
        assert formatting.decimal(2.3749, 3) == decimal
        assert formatting.percent(0.975, 1) == percent


@pytest.mark.parametrize(
    ("language", "expected"),
    [("nb", ("1250000,5", "3")), ("nn", ("1250000,5", "3")), ("en", ("1250000.5", "3"))],
)
def test_an_editable_amount_has_the_languages_mark_and_no_grouping(language: str, expected: tuple[str, str]) -> None:
    with translation.override(language):
        assert (formatting.editable_amount(1_250_000.500000), formatting.editable_amount(3.00)) == expected
        assert formatting.editable_amount(None) == ""


def test_whole_amounts_have_no_decimals_and_empty_is_a_dash() -> None:
    with translation.override("nb"):
        assert formatting.amount(1_500_000) == f"1{NBSP}500{NBSP}000"
        assert formatting.amount(2.50) == "2,5"
        assert formatting.amount(2.499) == "2,5"
        assert formatting.amount(None) == formatting.EMPTY
        assert formatting.amount("") == formatting.EMPTY
        assert formatting.decimal(None, 2) == formatting.EMPTY
        assert formatting.percent(None) == formatting.EMPTY
        assert formatting.decimal(-0.01, 1) == "0,0"


def test_numbers_are_rounded_half_up_as_people_round_not_to_even() -> None:
    """0.25 steps reads «0,3», as the pages showed it before the one module (floatformat rounds half up)."""
    with translation.override("nb"):
        assert formatting.decimal(0.25, 1) == "0,3"
        assert formatting.decimal(2.345, 2) == "2,35"
        assert formatting.decimal(-0.25, 1) == "-0,3"
        assert formatting.amount(0.125) == "0,13"


@pytest.mark.parametrize(
    ("language", "name", "word"),
    [("nb", "alvorlighet", "4 – høy"), ("nn", "alvorlegheit", "4 – høg"), ("en", "severity", "4 – high")],
)
def test_criterion_names_and_scale_words(language: str, name: str, word: str) -> None:
    with translation.override(language):
        assert formatting.criterion_name(Criterion.SEVERITY) == name
        assert formatting.scale_word("severity", 4) == word
        assert formatting.scale_choices(Criterion.SEVERITY)[0] == (1, formatting.scale_word(Criterion.SEVERITY, 1))
        assert len(formatting.scale_choices(Criterion.SEVERITY)) == 5


@pytest.mark.parametrize(
    ("language", "labels"),
    [("nb", ("Høy", "Middels", "Lav")), ("nn", ("Høg", "Middels", "Låg")), ("en", ("High", "Medium", "Low"))],
)
def test_the_engines_priority_bands_are_worded_here(language: str, labels: tuple[str, str, str]) -> None:
    """One Priority (the engine's); a decision's choices and its words come from this module."""
    with translation.override(language):
        assert tuple(formatting.priority_label(p) for p in Priority) == labels
        assert [(value, str(label)) for value, label in formatting.PRIORITY_CHOICES] == [
            (p.value, label) for p, label in zip(Priority, labels, strict=True)
        ]
        assert formatting.priority_word("high") == labels[0].lower()
        assert formatting.priority_word(None) == ""


@pytest.mark.parametrize("language", ["nb", "nn", "en"])
def test_template_filters_call_the_module(language: str) -> None:
    """The portfolio page's filters write what the module writes, English included (no decimal comma)."""
    template = Template("{% load portfolio_ui %}{{ a|amount }}|{{ v|value3 }}|{{ s|share }}")
    with translation.override(language):
        shown = template.render(Context({"a": 1_250_000.5, "v": 2.375, "s": 0.975}))
        assert shown == "|".join(
            [formatting.amount(1_250_000.5), formatting.decimal(2.375, 3), formatting.percent(0.975, 1)]
        )
    if language == "en":
        assert "2.375" in shown
        assert "," not in shown.split("|")[1]


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(min_value=0, max_value=99))
def test_a_norwegian_amount_on_a_page_reads_back_as_the_same_number(whole: int, cents: int) -> None:
    """What a page shows in bokmål or nynorsk can be pasted into a form or a file and reads the same."""
    amount = whole + (cents / 100 if whole >= 0 else -cents / 100)
    for language in ("nb", "nn"):
        with translation.override(language):
            assert parse_number(formatting.amount(amount), ",") == pytest.approx(amount, abs=1e-9)
            assert parse_number(formatting.editable_amount(amount), None) == pytest.approx(amount, abs=1e-9)


@given(
    st.floats(min_value=-1e12, max_value=1e12, allow_nan=False) | st.sampled_from([0.125, 2.675, -0.25, 0.005]),
    st.integers(min_value=0, max_value=3),
)
def test_a_page_and_the_command_line_write_the_same_bokmal_number(number: float, places: int) -> None:
    """One rounding (half up) and the same separators: what the web shows, the command line prints."""
    with translation.override("nb"):
        assert formatting.decimal(number, places) == format_number(number, ",", places)
        assert formatting.amount(number) == format_number(number)


@given(
    st.decimals(min_value=-(10**12), max_value=10**12, allow_nan=False, allow_infinity=False, places=4),
    st.integers(min_value=0, max_value=3),
    st.sampled_from(["nb", "nn", "en"]),
)
def test_the_fast_paths_write_what_djangos_formats_write(value: object, places: int, language: str) -> None:
    """``decimal`` (grouped) and ``plain`` skip Django's general number formatting for speed (a dashboard
    writes hundreds of figures): they must write exactly what ``number_format`` and ``floatformat`` write."""
    from decimal import Decimal

    from django.template.defaultfilters import floatformat
    from django.utils.formats import number_format

    from prioritet.tabular.values import rounded

    assert isinstance(value, Decimal)
    with translation.override(language):
        assert formatting.decimal(value, places) == number_format(rounded(value, places), places, force_grouping=True)
        assert formatting.plain(value, places) == floatformat(value, places)
