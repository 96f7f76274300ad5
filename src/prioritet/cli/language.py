"""The language the command line speaks: ``PRIORITET_LANGUAGE`` = ``nb`` (the default), ``nn`` or
``en``.

The engine and the file reader give problems as codes; :mod:`prioritet.core.messages` words them,
and :mod:`.words` the tables' headings, captions and scale words, all with Python's gettext over the
project's compiled catalogue (the command line has no Django). Numbers use the language's decimal
mark and a no-break space between thousands (:func:`prioritet.tabular.values.format_number`), so an
amount can be pasted back into ``--budget``.
"""

from __future__ import annotations

import os
from functools import cache
from typing import Literal

from prioritet.core.messages import LANGUAGES, Voice, catalogue
from prioritet.tabular.values import format_number

#: The environment variable that chooses the language.
LANGUAGE_VARIABLE = "PRIORITET_LANGUAGE"


def language() -> str:
    """``PRIORITET_LANGUAGE`` when it names a language Prioritet speaks, else bokmål."""
    chosen = os.environ.get(LANGUAGE_VARIABLE, "").strip().lower()
    return chosen if chosen in LANGUAGES else "nb"


def decimal_mark(language: str) -> Literal[",", "."]:
    """A point in English, a comma in bokmål and nynorsk."""
    return "." if language == "en" else ","


@cache
def voice_for(language: str) -> Voice:
    """Python's gettext over the project catalogue, and the language's decimal mark."""
    mark = decimal_mark(language)
    return Voice(language, catalogue(language), lambda x: format_number(x, mark))


def voice() -> Voice:
    """How this run speaks to its user."""
    return voice_for(language())
