"""The national identity number check: check digits, D- and H-numbers, separators, numbers in text."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from prioritet.cases.validators import (
    is_national_id,
    looks_like_national_id,
    validate_case_reference,
    validate_no_national_id,
)
from prioritet.core.testing import FNR

# Valid by the mod-11 rules (computed independently below), made-up dates.
FNR2 = "01019012480"
D_NUMBER = "41019012393"  # day 01 + 40
H_NUMBER = "01415012027"  # month 01 + 40


def _check_digits(nine: str) -> str | None:
    """An independent implementation of the two mod-11 check digits, for building test numbers."""
    w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2]
    w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2]
    d = [int(c) for c in nine]
    k1 = (11 - sum(a * b for a, b in zip(d, w1, strict=True)) % 11) % 11
    if k1 == 10:
        return None
    k2 = (11 - sum(a * b for a, b in zip([*d, k1], w2, strict=True)) % 11) % 11
    if k2 == 10:
        return None
    return f"{nine}{k1}{k2}"


def test_reference_numbers_are_valid_by_an_independent_computation():
    for number in (FNR, FNR2, D_NUMBER, H_NUMBER):
        assert _check_digits(number[:9]) == number


@pytest.mark.parametrize("number", [FNR, FNR2, D_NUMBER, H_NUMBER])
def test_valid_numbers_are_recognised(number):
    assert is_national_id(number)
    assert looks_like_national_id(number)


@pytest.mark.parametrize(
    "number",
    [
        "15076500566",  # second check digit wrong
        "15076500575",  # first check digit wrong
        "01019012481",
        "41019012394",
        "12345678901",
        "00000000000",  # passes the checksum trivially but has no valid date
    ],
)
def test_wrong_check_digits_or_dates_are_not_numbers(number):
    assert not is_national_id(number)
    assert not looks_like_national_id(number)


def test_every_valid_checksum_with_a_plausible_date_is_recognised():
    found = 0
    for individual in range(100, 200):
        number = _check_digits(f"240385{individual}")
        if number is None:
            continue
        found += 1
        assert looks_like_national_id(number), number
        wrong = number[:-1] + str((int(number[-1]) + 1) % 10)
        assert not looks_like_national_id(wrong), wrong
    assert found > 50


@pytest.mark.parametrize(
    "text",
    [
        f"Bruker med fnr {FNR} søker om plass",
        "fødselsnr: 150765 00565.",
        "150765 005 65",
        "15.07.65 00565",
        "15.07.65-00565",
        f"D-nummer {D_NUMBER[:6]} {D_NUMBER[6:]}",
        f"({H_NUMBER})",
        f"{FNR}\n",
    ],
)
def test_numbers_embedded_in_text_and_with_separators_are_found(text):
    assert looks_like_national_id(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "Søker om rehabilitering etter lårhalsbrudd",
        "Telefon 912 34 567, saksnr. 2025/1234",
        "Kontonummer 1234.56.78903",
        f"9{FNR}",  # part of a longer number
        f"{FNR}1",
    ],
)
def test_ordinary_text_passes(text):
    assert not looks_like_national_id(text)


def test_django_validator_raises_with_a_clear_message():
    with pytest.raises(ValidationError) as err:
        validate_no_national_id(f"Person {FNR}")
    assert err.value.code == "national_id"
    assert "fødselsnummer" in str(err.value.messages[0])
    validate_no_national_id("SAK-2025-0412")  # no error


def test_case_reference_refuses_dates_and_numbers():
    validate_case_reference("SAK-2025-0412")
    with pytest.raises(ValidationError):
        validate_case_reference("Født 01.02.1950")
    with pytest.raises(ValidationError):
        validate_case_reference(FNR)
