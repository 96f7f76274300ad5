"""Keep national identity numbers out of free text; case references stay pseudonymous.

Prioritet stores the least personal data it can: an individual case is known by a pseudonymous
reference to the municipality's case system, never by the person's fødselsnummer. The rules for
free text live in :mod:`prioritet.core.text`; this module keeps the names the models and their
migrations use, and adds the case reference's own rule.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from prioritet.core.text import (
    NATIONAL_ID_MESSAGE,
    contains_national_id,
    is_national_id,
    validate_no_control_characters,
    validate_no_national_id,
    validate_text,
)

__all__ = [
    "NATIONAL_ID_MESSAGE",
    "is_national_id",
    "looks_like_national_id",
    "validate_case_reference",
    "validate_no_control_characters",
    "validate_no_national_id",
    "validate_saksnummer",
]

#: The same check under the name the cases app has always used.
looks_like_national_id = contains_national_id


#: A date such as 01.02.1950 or 1950-02-01: a birth date has no place in a case reference.
_DATE = re.compile(r"(?<!\d)(\d{1,2}[./-]\d{1,2}[./-]\d{2,4}|\d{4}-\d{2}-\d{2})(?!\d)")


def validate_case_reference(value: object) -> None:
    """A case reference is pseudonymous: no identity number, no date that could be a birth date."""
    validate_text(value)
    if isinstance(value, str) and _DATE.search(value):
        raise ValidationError(
            _("The case reference must not contain a date. Use the case number from the case system only."),
            code="date_in_reference",
        )


#: A political body's case number (saksnummer): letters for the list, the number and the year, e.g.
#: «PS 45/26», «FS-12/2026», «KST 3/26».
_SAKSNUMMER = re.compile(r"(?:[A-Za-zÆØÅæøå]{1,10}[ -]?)?\d{1,5}/(?:\d{2}|\d{4})")

SAKSNUMMER_HELP = _("The body's case number for the case, e.g. «PS 45/26».")


def validate_saksnummer(value: object) -> None:
    """A saksnummer is the body's list letters, a number and the year: «PS 45/26»."""
    validate_text(value)
    if not isinstance(value, str) or not _SAKSNUMMER.fullmatch(value.strip()):
        raise ValidationError(
            _("Write the case number as in the meeting's case list: letters, number and year, e.g. «PS 45/26»."),
            code="saksnummer",
        )
