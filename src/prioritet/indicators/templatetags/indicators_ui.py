"""Template helpers for the indicators: a value as a page shows it, its number or its status symbol."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from prioritet.core import formatting

from ..suppression import Shown

register = template.Library()


@register.filter
def shown_value(value: Shown | None, decimals: int) -> SafeString | str:
    """``{{ value|shown_value:1 }}``: the number at the indicator's decimals, else the status symbol
    with its meaning as the tooltip («:» for a suppressed figure, never a number), else «–»."""
    if value is None:
        return "–"
    if value.value is None:
        return format_html('<abbr title="{}">{}</abbr>', value.get_status_display(), value.status or "...")
    return formatting.plain(value.value, decimals)
