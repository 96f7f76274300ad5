"""Password rules beyond Django's: Norwegian favourites and the user's own municipality.

Django's common-password list is English. The passwords that municipal staff actually choose
(«passord123», «sommer2025», «prioritet123», the municipality's name with a year) pass it, so
these validators compare the password's letters, with digits and symbols stripped, against a
Norwegian list and against the name of the user's municipality.
"""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_WORDS_FILE = Path(__file__).with_name("common_passwords_nb.txt")
#: Words that make a municipality's name but are not part of what tells it apart.
_NAME_NOISE = ("kommune", "kommunen", "herad", "heradet", "kommuna")
#: Fewer letters than this left besides the municipality's name: the name is the password.
_MIN_OWN_LETTERS = 6


def _letters(text: str) -> str:
    """Lower-case letters only (æøå kept), so that «Passord-2025!» becomes «passord»."""
    text = unicodedata.normalize("NFKC", text).casefold()
    return "".join(ch for ch in text if ch.isalpha())


def _load_words() -> frozenset[str]:
    lines = _WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(_letters(line) for line in lines if line.strip() and not line.startswith("#"))


class NorwegianCommonPasswordValidator:
    """Refuse a password whose letters are a common Norwegian password («Sommer2025!» → «sommer»)."""

    def __init__(self) -> None:
        self.words = _load_words()

    def validate(self, password: str, user: Any = None) -> None:
        letters = _letters(password)
        if not letters or letters in self.words:
            raise ValidationError(
                _("This password is too common. Choose a few unrelated words instead."),
                code="password_too_common_nb",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot be a common word with numbers or symbols added, such as «Sommer2025!».")


class MunicipalityNameValidator:
    """Refuse a password that is mostly the name of the user's municipality («Larvik2025!»)."""

    def validate(self, password: str, user: Any = None) -> None:
        municipality = getattr(user, "municipality", None) if user is not None else None
        if municipality is None:
            return
        name_parts = [part for part in re.split(r"[\s\-]+", _name_words(municipality.name)) if len(part) >= 3]
        rest = _letters(password)
        for part in [*name_parts, *_NAME_NOISE]:
            rest = rest.replace(part, "")
        if name_parts and len(rest) < _MIN_OWN_LETTERS and rest != _letters(password):
            raise ValidationError(
                _("Your password cannot be built on the name of your municipality."),
                code="password_municipality_name",
            )

    def get_help_text(self) -> str:
        return _("Your password cannot be built on the name of your municipality.")


def _name_words(name: str) -> str:
    normalized = unicodedata.normalize("NFKC", name).casefold()
    return " ".join(_letters(word) for word in re.split(r"[\s\-]+", normalized))
