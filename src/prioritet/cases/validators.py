"""Keep national identity numbers out of free text.

Prioritet stores the least personal data it can: an individual case is known by a pseudonymous
reference to the municipality's case system, never by the person's fødselsnummer. Every text field
of cases, alternatives, assessments and decisions runs :func:`validate_no_national_id`.

A Norwegian national identity number has 11 digits ``DDMMYYIIIKK``: birth date, three individual
digits and two mod-11 check digits. A D-number adds 4 to the first digit (day + 40), an H-number
adds 4 to the third (month + 40), and Skatteetaten's synthetic test numbers add 8 to it
(month + 80). People write the number with a space, a dot or a hyphen between groups
(``010101 12345``, ``01.01.01 123 45``), so a single separator is allowed between the groups.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SEP = r"[ .\-\u00a0]?"
#: DD MM YY III KK with an optional separator between the groups, not part of a longer number.
_CANDIDATE = re.compile(rf"(?<![\d])(\d\d){_SEP}(\d\d){_SEP}(\d\d){_SEP}(\d{{3}}){_SEP}(\d\d)(?![\d])")

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)


def _check_digit(digits: list[int], weights: tuple[int, ...]) -> int | None:
    k = 11 - sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    if k == 11:
        return 0
    return None if k == 10 else k


def _plausible_date(digits: list[int]) -> bool:
    day = digits[0] * 10 + digits[1]
    month = digits[2] * 10 + digits[3]
    if day > 40:  # D-number
        day -= 40
    if month > 80:  # synthetic test number
        month -= 80
    elif month > 40:  # H-number
        month -= 40
    return 1 <= day <= 31 and 1 <= month <= 12


def is_national_id(number: str) -> bool:
    """True when ``number`` (exactly 11 digits) is a valid fødselsnummer, D-number or H-number."""
    if len(number) != 11 or not number.isdigit():
        return False
    digits = [int(c) for c in number]
    if not _plausible_date(digits):
        return False
    k1 = _check_digit(digits[:9], _W1)
    if k1 is None or k1 != digits[9]:
        return False
    k2 = _check_digit(digits[:10], _W2)
    return k2 is not None and k2 == digits[10]


def looks_like_national_id(text: str | None) -> bool:
    """True when ``text`` contains anything that looks like a Norwegian national identity number."""
    if not text:
        return False
    return any(is_national_id("".join(m.groups())) for m in _CANDIDATE.finditer(str(text)))


NATIONAL_ID_MESSAGE = _(
    "This looks like a national identity number (fødselsnummer or D-number). Do not enter identity "
    "numbers in Prioritet: refer to the person with the case reference from the case system."
)


def validate_no_national_id(value: object) -> None:
    """Django validator: refuse text that contains a national identity number."""
    if isinstance(value, str) and looks_like_national_id(value):
        raise ValidationError(NATIONAL_ID_MESSAGE, code="national_id")


#: Control characters (but tab and line breaks) and the bidirectional overrides that hide what text says.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def validate_no_control_characters(value: object) -> None:
    """Django validator: refuse control characters and bidirectional overrides."""
    if isinstance(value, str) and _CONTROL.search(value):
        raise ValidationError(_("Remove the control characters from the text."), code="control_characters")


#: A date such as 01.02.1950 or 1950-02-01: a birth date has no place in a case reference.
_DATE = re.compile(r"(?<!\d)(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})(?!\d)")


def validate_case_reference(value: object) -> None:
    """A case reference is pseudonymous: no identity number, no date that could be a birth date."""
    validate_no_national_id(value)
    if isinstance(value, str) and _DATE.search(value):
        raise ValidationError(
            _("The case reference must not contain a date. Use the case number from the case system only."),
            code="date_in_reference",
        )
