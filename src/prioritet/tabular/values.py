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
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal, getcontext, localcontext
from typing import Literal

import numpy as np
from numpy.typing import NDArray

#: A column of numbers; NaN where a cell is empty.
FloatArray = NDArray[np.float64]

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


def number_text(text: str, decimal: DecimalMark) -> str | None:
    """The number ``text`` spells as Python writes it («-1250000.5»), or None when it is not one.

    Spaces are thousands separators only between groups of three digits, so «12 5» is not a number.
    Text, not a float, so that a caller keeping decimals (a form's ``Decimal``) loses no digit.
    """
    compact = _THOUSANDS.sub("", text.strip().translate(_MINUS))
    if not _PATTERNS[decimal].fullmatch(compact):
        return None
    return compact.replace(",", ".")


def parse_number(text: str, decimal: DecimalMark) -> float | None:
    """The number ``text`` spells, or None when it is not one (see :func:`number_text`)."""
    compact = number_text(text, decimal)
    return None if compact is None else float(compact)


#: The characters besides digits a column of plain numbers is made of, by decimal mark (cells joined
#: by line breaks), each mapped to nothing, so that what :meth:`str.translate` leaves must be digits.
_PLAIN_CHARACTERS: dict[DecimalMark, dict[int, None]] = {
    ",": dict.fromkeys(map(ord, "-\n,")),
    ".": dict.fromkeys(map(ord, "-\n.")),
    None: dict.fromkeys(map(ord, "-\n.,")),
}
#: Spellings of those characters that :func:`parse_number` refuses and :func:`float` would not: a
#: mark without a digit on each side («.5», «5.», «-.5»), found with :meth:`str.startswith`,
#: :meth:`str.endswith` and ``in``, which search in C far faster than a pattern.
_LOOSE_MARKS = (".", ",")
_LOOSE_PAIRS = tuple(pair for mark in _LOOSE_MARKS for pair in ("\n" + mark, "-" + mark, mark + "\n"))


def parse_plain_column(cells: Sequence[str | float | None], decimal: DecimalMark) -> FloatArray | None:
    """Every cell of a column as a number (NaN for an empty cell), when each is a plain number or empty.

    A few passes over the whole column in C instead of one careful parse per cell: a file of 100,000
    measures is read in a blink. None when any cell needs :func:`parse_number`'s care (thousands
    spaces, «+», a typo, a yes/no): the caller then reads cell by cell, which words each problem.
    What it reads, it reads exactly as :func:`parse_number` would (no text spells NaN here: letters
    are never plain).
    """
    kinds = set(map(type, cells))
    if not kinds <= {str, float, type(None)}:
        return None  # a bool: a yes/no where a number belongs
    texts: Sequence[str] = cells if kinds == {str} else [cell for cell in cells if isinstance(cell, str)]  # type: ignore[assignment]
    joined = "\n".join(texts)
    rest = joined.translate(_PLAIN_CHARACTERS[decimal])
    # str.isdecimal is what a pattern's \d matches: Unicode's decimal digits, as parse_number reads.
    if rest and not rest.isdecimal():
        return None
    if joined.startswith(_LOOSE_MARKS) or joined.endswith(_LOOSE_MARKS) or any(p in joined for p in _LOOSE_PAIRS):
        return None
    if texts and joined.count("\n") != len(texts) - 1:
        return None  # a cell with a line break in it (a quoted CSV cell): never a plain number
    numbers = _numbers(texts, joined)
    if numbers is None or kinds == {str}:
        return numbers
    # Workbook numbers and empty cells (None is NaN as a float64), with the text cells' numbers in place.
    column = np.array([None if isinstance(cell, str) else cell for cell in cells], dtype=np.float64)
    column[[isinstance(cell, str) for cell in cells]] = numbers
    return column


def _numbers(texts: Sequence[str], joined: str) -> FloatArray | None:
    """The numbers of cells that are digits, «-» and one decimal mark (``joined`` by line breaks)."""
    if len(joined) == 2 * len(texts) - 1 and joined.isascii() and joined[::2].isdigit():
        # One digit a cell (scores): their character codes, less the code of «0».
        return np.frombuffer(joined[::2].encode("ascii"), dtype=np.uint8) - np.float64(ord("0"))
    if "," in joined:
        texts = joined.replace(",", ".").split("\n")
    empty = texts and (joined.startswith("\n") or joined.endswith("\n") or "\n\n" in joined or not joined)
    try:
        return np.array([text or "nan" for text in texts] if empty else texts, dtype=np.float64)
    except ValueError:  # «1.2.3», «-», «1-2»: left to the careful parse
        return None


def parse_flag(text: str) -> bool | None:
    """True/false from ja/nei, true/false, yes/no or 1/0 (any case; empty is false), else None."""
    word = text.strip().lower()
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    return None


def rounded(value: float | Decimal | int | str, places: int) -> Decimal:
    """``value`` rounded half up to ``places`` decimals, as people round (0,25 → 0,3), not to even.

    The one rounding of every number a person reads, on the web (:mod:`prioritet.core.formatting`)
    and on the command line (:func:`format_number`). A float goes through its shortest repr, so 0.25
    is rounded as the 0.25 it prints as. A rounded zero loses its sign: a tiny negative difference
    never reads «-0,0». Infinity and NaN are returned as they are.
    """
    if isinstance(value, Decimal):
        exact = value
    else:
        exact = Decimal(repr(float(value))) if isinstance(value, float) else Decimal(str(value))
    if not exact.is_finite():
        return exact
    quantum = _QUANTA[places] if 0 <= places < len(_QUANTA) else Decimal(1).scaleb(-places)
    if exact.adjusted() + places + 2 <= getcontext().prec:
        # The common case (a page formats hundreds of figures): the context has digits enough.
        number = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    else:
        with localcontext() as context:
            # Enough digits for the whole part and the decimals kept, however large the number.
            context.prec = exact.adjusted() + places + 2
            number = exact.quantize(quantum, rounding=ROUND_HALF_UP)
    return abs(number) if number == 0 else number


#: 1, 0.1, 0.01, …: the quantum of each usual number of decimals, made once.
_QUANTA = tuple(Decimal(1).scaleb(-places) for places in range(10))


def format_number(value: float, mark: Literal[",", "."] = ",", places: int | None = None) -> str:
    """``value`` with a no-break space between thousands and ``mark`` before the fraction:
    «1 250 000,5». With ``places`` None at most two decimals and no trailing zeros (amounts),
    else exactly ``places`` decimals (values, shares); rounded half up (:func:`rounded`)."""
    shown = 2 if places is None else places
    text = f"{rounded(value, shown):,.{shown}f}"
    if places is None and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", "\u00a0").replace(".", mark)
