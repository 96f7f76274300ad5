"""Template filters of the økonomiplan's pages."""

from __future__ import annotations

from collections.abc import Mapping

from django import template

from prioritet.core import formatting
from prioritet.core.columns import ColumnName

register = template.Library()


@register.filter
def column_name(key: str, names: Mapping[str, ColumnName] | None) -> str:
    """A budget column as the municipality names it («Kostnad (kr per år)»), from the page's ``names``
    (:func:`prioritet.core.columns.column_names`); the key itself when the page has no name for it."""
    name = (names or {}).get(key)
    return str(name) if name is not None else key


@register.filter
def amount(value) -> str:
    """An amount as the file or the form gave it, in the reader's language: «1 250 000», «5,6» årsverk
    (rounding to whole numbers showed 5,6 as «6»)."""
    return formatting.amount(value)
