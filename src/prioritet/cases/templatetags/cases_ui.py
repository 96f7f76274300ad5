"""Template helpers for cases: the guideline's scale words and the seed table's column order."""

from __future__ import annotations

from django import template

from prioritet.core import formatting
from prioritet.core.formatting import SEED_ORDER, criterion_name, scale_word
from prioritet.engine import CRITERIA, Criterion

register = template.Library()


@register.filter
def scale(score, criterion: str) -> str:
    """``{{ 4|scale:"severity" }}`` → «4 – høy»."""
    if score in (None, ""):
        return "—"
    return scale_word(Criterion(criterion), int(score))


@register.simple_tag
def criterion_label(criterion: str) -> str:
    return criterion_name(Criterion(criterion)).capitalize()


def _order(assessed_only: bool) -> tuple[Criterion, ...]:
    return tuple(c for c in SEED_ORDER if not (assessed_only and c == Criterion.SEVERITY))


@register.simple_tag
def judgment_cells(row, assessed_only: bool = False) -> list[dict]:
    """A judgment row's median scores in the seed table's order, with the scale words; ``assessed_only``:
    benefit and resources, what the assessors score per alternative (severity is the need's)."""
    cells = []
    for c in _order(assessed_only):
        if not row.medians:
            cells.append({"criterion": c.value, "word": "—", "exact": None, "rounded": False})
            continue
        exact, used = row.medians[CRITERIA.index(c)]
        cells.append(
            {
                "criterion": c.value,
                "word": scale_word(c, used),
                "exact": formatting.decimal(exact, 1),
                "rounded": exact != used,
            }
        )
    return cells


@register.simple_tag
def assessment_cells(assessment) -> list[dict]:
    """An assessment's scores of benefit and resources (severity is the need's, on the case)."""
    return [{"criterion": c.value, "word": scale_word(c, getattr(assessment, c.value))} for c in _order(True)]


@register.filter
def value_display(value) -> str:
    return formatting.decimal(value, 2)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if mapping else None
