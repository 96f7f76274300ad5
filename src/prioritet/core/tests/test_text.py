"""The text rules: identity numbers however written, control characters, normalisation."""

from __future__ import annotations

import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from prioritet.core.testing import FNR
from prioritet.core.text import (
    contains_national_id,
    forbidden_control_characters,
    normalise,
    validate_text,
)

D_NUMBER = "41019012393"

#: The separators of the audit's finding 5, and more of the kind.
SEPARATORS = [
    " ",
    "  ",
    "\u00a0",  # no-break space
    "\u202f",  # narrow no-break space
    "\u200b",  # zero-width space
    "\u00ad",  # soft hyphen
    "\u2060",  # word joiner
    "/",
    "-",
    "\u2013",  # en dash
    "_",
    ".",
    "\n",
    "\r\n",
    "\t",
    " - ",
]

W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _with_check_digits(nine: str) -> str | None:
    """Independent implementation of the mod-11 check digits (None when the number cannot exist)."""
    d = [int(c) for c in nine]
    k1 = (11 - sum(a * b for a, b in zip(d, W1, strict=True)) % 11) % 11
    if k1 == 10:
        return None
    k2 = (11 - sum(a * b for a, b in zip([*d, k1], W2, strict=True)) % 11) % 11
    if k2 == 10:
        return None
    return f"{nine}{k1}{k2}"


@st.composite
def national_ids(draw: st.DrawFn) -> str:
    """A valid fødselsnummer or D-number: a real date, three individual digits, right check digits."""
    born = draw(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2039, 12, 31)))
    day = born.day + (40 if draw(st.booleans()) else 0)  # D-number: day + 40
    individual = draw(st.integers(0, 999))
    number = _with_check_digits(f"{day:02d}{born.month:02d}{born.year % 100:02d}{individual:03d}")
    assume(number is not None)
    assert number is not None
    return number


@st.composite
def separated(draw: st.DrawFn, number: str) -> str:
    """The number cut into random groups with a random separator (or a run of them) between groups."""
    out = number[0]
    for digit in number[1:]:
        if draw(st.booleans()):
            out += "".join(draw(st.lists(st.sampled_from(SEPARATORS), min_size=1, max_size=3)))
        out += digit
    return out


#: Text around the number: anything but digits, and ending/starting in a letter or a separator.
surrounding = st.text(alphabet=st.characters(exclude_categories=("Nd", "Cc", "Cs")), max_size=40)


@settings(max_examples=300, deadline=None)
@given(data=st.data(), number=national_ids(), before=surrounding, after=surrounding)
def test_a_valid_number_with_any_separators_anywhere_in_text_is_found(data, number, before, after):
    text = f"{before} {data.draw(separated(number))} {after}"
    assert contains_national_id(text)
    with pytest.raises(ValidationError):
        validate_text(text)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=st.characters(exclude_categories=("Nd", "No", "Cc", "Cs", "Cf")), max_size=200))
def test_text_without_digits_is_accepted(text):
    assert not contains_national_id(text)


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.sampled_from("0123456789 abc.,-/"), max_size=60))
def test_text_with_no_eleven_digits_in_a_row_is_accepted(text):
    assume(sum(c.isdigit() for c in text) < 11)
    assert not contains_national_id(text)


@pytest.mark.parametrize(
    "text",
    [
        f"{FNR[:6]}\u200b{FNR[6:]}",
        f"{FNR[:6]}\u00ad{FNR[6:]}",
        f"{FNR[:6]}\u00a0{FNR[6:]}",
        f"{FNR[:6]}\u202f{FNR[6:]}",
        f"{FNR[:6]}  {FNR[6:]}",
        f"{FNR[:2]}/{FNR[2:4]}/{FNR[4:6]} {FNR[6:]}",
        f"{FNR[:6]}-{FNR[6:]}",
        f"{FNR[:6]}_{FNR[6:]}",
        f"{FNR[:6]}\n{FNR[6:]}",
        f"{FNR[:6]} {FNR[6:]}",
        f"{FNR[:3]} {FNR[3:6]} {FNR[6:9]} {FNR[9:]}",
        f"{D_NUMBER[:3]}-{D_NUMBER[3:6]}-{D_NUMBER[6:9]}-{D_NUMBER[9:]}",
        " ".join(FNR),
        "１５０７６５００５６５",  # full-width digits
    ],
)
def test_every_bypass_of_the_audit_is_found(text):
    assert contains_national_id(f"Bruker {text} søker")


@pytest.mark.parametrize(
    "text",
    [
        "Telefon 912 34 567, saksnr. 2025/1234",
        "Kontonummer 1234.56.78903",
        f"9{FNR}",  # part of a longer number
        "Budsjett 2025: 1 200 000 kr, 2026: 1 350 000 kr",
        "12345678901",
    ],
)
def test_ordinary_numbers_pass(text):
    assert not contains_national_id(text)


def test_normalise_removes_format_characters_and_folds_compatibility_forms():
    assert normalise("a\u200bb\u00adc\u202ed\ufeff") == "abcd"
    assert normalise("ﬁ １２") == "fi 12"


@given(st.text(alphabet=st.characters(codec="utf-8")) | st.text(alphabet="abæøå 1-\u200b\u00ad\ufeff\U000e0041"))
def test_normalise_is_nfkc_without_any_format_character(text):
    """The fast path (only distinct non-ASCII characters looked up) changes nothing."""
    expected = "".join(c for c in unicodedata.normalize("NFKC", text) if unicodedata.category(c) != "Cf")
    assert normalise(text) == expected


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("ring\x07", "U+0007 BEL"),
        ("\x1b[31mred", "U+001B ESC"),
        ("nul\x00", "U+0000 NUL"),
        ("abc\u202edcba", "U+202E RIGHT-TO-LEFT OVERRIDE"),
        ("\u2066isolate\u2069", "U+2066 LEFT-TO-RIGHT ISOLATE"),
        ("c1\x85", "U+0085"),
        ("del\x7f", "U+007F DEL"),
    ],
)
def test_control_characters_are_refused_and_named(text, named):
    assert any(name.startswith(named) for name in forbidden_control_characters(text))
    with pytest.raises(ValidationError) as error:
        validate_text(text)
    assert named in error.value.messages[0]


def test_tabs_and_line_breaks_are_ordinary_text():
    validate_text("one\ttwo\r\nthree\nfour")
    assert forbidden_control_characters("one\ttwo\r\nthree") == []


def test_the_message_names_the_kind_of_number_but_not_the_number():
    with pytest.raises(ValidationError) as error:
        validate_text(f"fnr {FNR}")
    assert error.value.code == "national_id"
    assert FNR not in error.value.messages[0]
