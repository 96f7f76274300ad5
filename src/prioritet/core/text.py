"""The rules for free text, in one place: no national identity numbers, no control characters, a length.

Every text a person or an integration sends in — form fields, API bodies and query parameters,
imported CSV/XLSX cells, consultation answers, example-bank text, names — goes through
:func:`validate_text` (forms through :mod:`prioritet.core.forms`, models through
:mod:`prioritet.core.fields`, the API through ``prioritet.api.schemas``).

**National identity numbers.** Prioritet stores the least personal data it can, so a fødselsnummer,
D-number or H-number is refused wherever it is written. A number is 11 digits ``DDMMYYIIIKK``: birth
date, three individual digits and two mod-11 check digits. A D-number adds 4 to the first digit
(day + 40), an H-number adds 4 to the third (month + 40), Skatteetaten's synthetic test numbers add 8
to it (month + 80). People and attackers write the number in many ways, so the text is first
normalised (:func:`normalise`: NFKC, which turns full-width and superscript digits and odd spaces into
plain ones, and Unicode format characters — zero-width space, soft hyphen, bidi marks — removed), and
then 11 digits with *any* run of non-alphanumeric characters between them are a candidate (spaces,
no-break spaces, slashes, dashes, underscores, newlines, any grouping). A candidate starts and ends
at the edge of a group of digits, so a longer number such as ``915076500565`` is not read as one.
Only candidates with a plausible date and both check digits right are refused: the check digits
keep 11-digit phone lists, account numbers and amounts from being refused by chance.

**Control characters.** Bidi overrides and isolates (U+202A–U+202E, U+2066–U+2069) can make text read
differently from what is stored; C0 controls other than tab, line feed and carriage return, DEL and
C1 controls have no place in text and NUL cannot be stored by PostgreSQL at all.

**Length.** Every text field has a maximum; :data:`TEXT_MAX` for long free text unless a field says
otherwise, the same on the web page, in the API and in the database.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

#: Long free text (descriptions, justifications, answers): generous but finite.
TEXT_MAX = 10_000
#: Titles and names.
TITLE_MAX = 200

_W1 = (3, 7, 6, 1, 8, 9, 4, 5, 2)
_W2 = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)

#: Runs of digits with any non-alphanumeric characters between them (``\W`` and ``_``).
_DIGIT_RUN = re.compile(r"\d+(?:[\W_]+\d+)*")
_DIGITS = re.compile(r"\d+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")

#: Characters refused in any text: bidi overrides/isolates, C0 (but tab, LF, CR), DEL, C1.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

#: Names for the characters people most likely meet (unicodedata has none for controls).
_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BACKSPACE",
    0x1B: "ESC",
    0x7F: "DEL",
}


def normalise(text: str) -> str:
    """NFKC, with Unicode format characters (category Cf) removed: the text as it reads.

    Only the distinct non-ASCII characters are looked up (ASCII has no format characters): asking
    for every character's category took seconds for an import of 5,000 long descriptions.
    """
    text = unicodedata.normalize("NFKC", text)
    if text.isascii():
        return text
    drop = {ord(c): None for c in set(_NON_ASCII.findall(text)) if unicodedata.category(c) == "Cf"}
    return text.translate(drop) if drop else text


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


def _candidates(text: str) -> Iterator[str]:
    """Every 11 digits that start and end at the edges of digit groups of one separated run."""
    for run in _DIGIT_RUN.finditer(text):
        groups = _DIGITS.findall(run.group())
        for start in range(len(groups)):
            digits = ""
            for group in groups[start:]:
                digits += group
                if len(digits) >= 11:
                    break
            if len(digits) == 11:
                yield digits


def contains_national_id(text: str | None) -> bool:
    """True when ``text`` contains a Norwegian national identity number, however it is written."""
    if not text:
        return False
    return any(is_national_id(candidate) for candidate in _candidates(normalise(str(text))))


def forbidden_control_characters(text: str | None) -> list[str]:
    """The forbidden characters in ``text``, each once, named (``U+0007 BEL``), in order of appearance."""
    if not text:
        return []
    found = dict.fromkeys(_FORBIDDEN.findall(str(text)))
    names = []
    for char in found:
        code = ord(char)
        name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "control character")
        names.append(f"U+{code:04X} {name}")
    return names


NATIONAL_ID_MESSAGE = _(
    "This looks like a national identity number (fødselsnummer or D-number). Do not enter identity "
    "numbers in Prioritet: refer to the person with the case reference from the case system."
)


def validate_no_national_id(value: object) -> None:
    """Django validator: refuse text that contains a national identity number."""
    if isinstance(value, str) and contains_national_id(value):
        raise ValidationError(NATIONAL_ID_MESSAGE, code="national_id")


def validate_no_control_characters(value: object) -> None:
    """Django validator: refuse bidi overrides and control characters, naming them."""
    if not isinstance(value, str):
        return
    found = forbidden_control_characters(value)
    if found:
        raise ValidationError(
            ngettext(
                "The text contains a character that is not allowed: %(characters)s. Remove it and try again.",
                "The text contains characters that are not allowed: %(characters)s. Remove them and try again.",
                len(found),
            ),
            code="control_character",
            params={"characters": ", ".join(found)},
        )


def validate_text(value: object) -> None:
    """Every rule for free text but its length (which the field knows): control characters first."""
    validate_no_control_characters(value)
    validate_no_national_id(value)


#: The validators of every free-text field.
TEXT_VALIDATORS = [validate_text]
