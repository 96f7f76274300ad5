"""Numbers and yes/no values as people type them in Norwegian and English spreadsheets.

Parsing is strict on purpose: a cell that is not unambiguously a number is reported, never guessed.
«1.250» in a file that uses decimal comma could be 1,25 or 1 250, so it is refused rather than read
as either.
"""

from __future__ import annotations

import re
from typing import Literal

#: The separator between whole and fraction; None accepts either, for values where both are common
#: and neither is ambiguous (scores, which must be whole anyway, and amounts on the command line).
DecimalMark = Literal[",", "."] | None

#: Space, no-break space, narrow no-break space and thin space: the thousands separators Norwegian
#: Excel and word processors write («1 250 000,50»).
_GROUP_SPACE = "[ \u00a0\u202f\u2009]"
_THOUSANDS = re.compile(rf"(?<=\d){_GROUP_SPACE}(?=\d{{3}}(?:\D|$))")
_MINUS = str.maketrans({"\u2212": "-"})
_PATTERNS: dict[DecimalMark, re.Pattern[str]] = {
    ",": re.compile(r"[+-]?\d+(?:,\d+)?"),
    ".": re.compile(r"[+-]?\d+(?:\.\d+)?"),
    None: re.compile(r"[+-]?\d+(?:[.,]\d+)?"),
}

_TRUE = frozenset({"true", "ja", "yes", "1"})
_FALSE = frozenset({"false", "nei", "no", "0", ""})


def parse_number(text: str, decimal: DecimalMark) -> float | None:
    """The number ``text`` spells, or None when it is not one.

    Spaces are thousands separators only between groups of three digits, so «12 5» is not a number.
    """
    compact = _THOUSANDS.sub("", text.strip().translate(_MINUS))
    if not _PATTERNS[decimal].fullmatch(compact):
        return None
    return float(compact.replace(",", "."))


def parse_flag(text: str) -> bool | None:
    """True/false from ja/nei, true/false, yes/no or 1/0 (any case; empty is false), else None."""
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None
