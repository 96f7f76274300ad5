"""Template helpers for portfolios: Norwegian number formats and the robustness words."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from prioritet.engine import format_amount

from ..analysis import Robustness

register = template.Library()


@register.filter
def amount(value) -> str:
    """«1 500 000», «5,6»: thousands apart, decimal comma, at most two decimals; «—» when empty."""
    if value is None or value == "":
        return "—"
    return format_amount(float(value))


@register.filter
def value3(value) -> str:
    """A portfolio value with three decimals and a decimal comma: «2,375»."""
    if value is None:
        return "—"
    return f"{float(value):.3f}".replace(".", ",")


@register.filter
def share(value) -> str:
    """«97,5 %»."""
    if value is None:
        return "—"
    return f"{100 * float(value):.1f}\u00a0%".replace(".", ",")


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
    return {
        Robustness.ALWAYS: _("always in"),
        Robustness.SOMETIMES: _("sometimes"),
        Robustness.NEVER: _("never"),
    }[Robustness(kind)]


@register.filter
def robustness_color(kind) -> str:
    """Designsystemet colour of a robustness tag."""
    if kind is None:
        return "neutral"
    return {Robustness.ALWAYS: "success", Robustness.SOMETIMES: "warning", Robustness.NEVER: "neutral"}[
        Robustness(kind)
    ]
