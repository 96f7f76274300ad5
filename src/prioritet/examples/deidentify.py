"""Automatic warnings for text that looks identifying, before an individual case enters the bank.

The publisher's explicit check is what de-identifies a case; these patterns only catch the obvious
slips (a date of birth, a phone number, an e-mail address, an identity number, the case reference).
Anything found blocks publishing until the text is rewritten. Names and rare details cannot be found
by a pattern: the checklist covers them.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from prioritet.cases.validators import looks_like_national_id

_MONTHS = (
    "januar|februar|mars|april|mai|juni|juli|august|september|oktober|november|desember|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|okt|nov|des"
)
#: 12.03.1948, 12/3/48, 12-03-1948, 1948-03-12, 12. mars 1948.
_DATE = re.compile(
    rf"(?<![\d.])(\d{{1,2}}[./-]\d{{1,2}}[./-](\d{{4}}|\d{{2}})|\d{{4}}-\d{{1,2}}-\d{{1,2}}"
    rf"|\d{{1,2}}\.?\s+(?:{_MONTHS})\.?\s+\d{{4}})(?![\d])",
    re.IGNORECASE,
)
#: Norwegian phone numbers as people write them: 12345678, 12 34 56 78, 123 45 678, with +47/0047.
_PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)47[ ]?)?(?:\d{8}|\d{2} \d{2} \d{2} \d{2}|\d{3} \d{2} \d{3})(?![\d])")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def findings(text: str | None, *, case_reference: str = "") -> list[str]:
    """Why ``text`` looks identifying: one message per kind of pattern found, none if it looks clean."""
    if not text:
        return []
    found = []
    if looks_like_national_id(text):
        found.append(_("It contains what looks like a national identity number."))
    if _DATE.search(text):
        found.append(_("It contains a date, which could be a date of birth. Write an age group or a period instead."))
    if _PHONE.search(text):
        found.append(_("It contains what looks like a phone number."))
    if _EMAIL.search(text):
        found.append(_("It contains an e-mail address."))
    reference = (case_reference or "").strip()
    if reference and reference.lower() in text.lower():
        found.append(_("It contains the case's reference in the case system."))
    return found
