"""Template helpers for portfolios: numbers in the reader's language (``core.formatting``) and the
robustness words."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from prioritet.core import formatting
from prioritet.core.messages import INCLUSION

from ..analysis import Inclusion
from ..workspace import budget_amount

register = template.Library()


@register.filter
def amount(value) -> str:
    """«1 500 000», «5,6» (English «1,500,000», «5.6»); «—» when empty."""
    return formatting.amount(value)


@register.filter
def whole(value) -> str:
    """A budget figure as a person says it: whole kroner from 100 up («21 906 667»), small amounts
    (full-time equivalents) with their decimals («2,5»); «—» when empty."""
    return budget_amount(value)


@register.filter
def value3(value) -> str:
    """A portfolio value with three decimals: «2,375» (English «2.375»)."""
    return formatting.decimal(value, 3)


@register.filter
def share(value) -> str:
    """«97,5 %» (English «97.5 %»)."""
    return formatting.percent(value, 1)


@register.filter
def get_item(container, key):
    """``{{ mapping|get_item:key }}`` or ``{{ list|get_item:index }}``; None when absent."""
    if not container:
        return None
    if isinstance(container, list | tuple):
        try:
            return container[int(key)]
        except (IndexError, TypeError, ValueError):
            return None
    return container.get(key)


@register.filter
def robustness_label(kind) -> str:
    if kind is None:
        return "—"
    return _(INCLUSION[Inclusion(kind)])


@register.filter
def robustness_color(kind) -> str:
    """Designsystemet colour of a robustness tag."""
    if kind is None:
        return "neutral"
    return {Inclusion.ALWAYS: "success", Inclusion.SOMETIMES: "warning", Inclusion.NEVER: "neutral"}[Inclusion(kind)]
