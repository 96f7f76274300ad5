"""A problem as the user reads it, in English (``en``) or bokmål (``nb``): the file reader gives codes,
:mod:`prioritet.core.messages` words them (here with the command line's voice: Python's gettext)."""

from __future__ import annotations

from prioritet.cli.language import voice_for
from prioritet.engine import Problem


def en(problem: Problem) -> str:
    return voice_for("en").message(problem)


def nb(problem: Problem) -> str:
    return voice_for("nb").message(problem)


def located_nb(problem: Problem) -> str:
    return voice_for("nb").located(problem)
