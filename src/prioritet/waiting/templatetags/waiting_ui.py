"""The waiting lists' numbers in the reader's language (through :mod:`prioritet.core.formatting`)."""

from __future__ import annotations

from decimal import Decimal

from django import template

from prioritet.core import formatting

register = template.Library()


@register.filter
def figure(value: Decimal | float | int | None, places: int = 0) -> str:
    """``{{ 12.5|figure:1 }}`` → «12,5»; a whole number without decimals; «–» for none."""
    if value is None:
        return "–"
    if isinstance(value, Decimal) and value == value.to_integral_value():
        places = 0
    return formatting.decimal(value, places)
