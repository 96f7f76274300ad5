"""Numbers and yes/no values as people type them in Norwegian and English spreadsheets.

Parsing is strict on purpose: a cell that is not unambiguously a number is reported, never guessed.
«1.250» in a file that uses decimal comma could be 1,25 or 1 250, so it is refused rather than read
as either.

:func:`format_number` is the parser's inverse for the command line, which has no Django and so
cannot use :mod:`prioritet.core.formatting` (the web's, built on Django's locale formats). It groups
thousands with a no-break space in every language, so that what the command line prints can be
pasted back into ``--budget`` and read as the same number.
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


def format_number(value: float, mark: Literal[",", "."] = ",", places: int | None = None) -> str:
    """``value`` with a no-break space between thousands and ``mark`` before the fraction:
    «1 250 000,5». With ``places`` None at most two decimals and no trailing zeros (amounts),
    else exactly ``places`` decimals (values, shares)."""
    shown = 2 if places is None else places
    # + 0.0 turns a rounded -0.0 into 0.0, so a tiny negative number never reads «-0».
    text = f"{round(float(value), shown) + 0.0:,.{shown}f}"
    if places is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\u00a0").replace(".", mark)
