"""Template helpers for the indicators: a value as a page shows it, its number or its status symbol."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from ..dashboard import value_html
from ..suppression import Shown

register = template.Library()


@register.filter
def shown_value(value: Shown | None, decimals: int) -> SafeString | str:
    """``{{ value|shown_value:1 }}``: the number at the indicator's decimals, else the status symbol
    with its meaning as the tooltip («:» for a suppressed figure, never a number), else «–»."""
    return value_html(value, decimals)
