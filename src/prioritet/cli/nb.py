"""Norwegian words and number formats for what people read: tables and messages.

Machine formats (JSON, CSV) keep plain numbers; only tables write «1 250 000» and «0,750». Numbers go
through :func:`prioritet.tabular.values.format_number`, the inverse of the parser that reads files
and options (the web formats with Django's locale formats in :mod:`prioritet.core.formatting`).
"""

from __future__ import annotations

from collections.abc import Mapping

from prioritet.engine import CRITERION_INFO, Criterion, Priority, WeightSpace
from prioritet.tabular.values import format_number

#: «Nytte», «Alvorlighet», «Ressurs»: criterion names as table headings.
LABEL: dict[Criterion, str] = {c: info.nb.capitalize() for c, info in CRITERION_INFO.items()}

PRIORITY: dict[Priority, str] = {Priority.HIGH: "høy", Priority.MEDIUM: "middels", Priority.LOW: "lav"}

#: The consequence of not doing a measure is what severity measures (the guideline's key question).
SEVERITY_IF_LEFT_OUT = "Alvorlighet hvis tiltaket ikke gjennomføres"


def amount(x: float) -> str:
    """«1 250 000», «2,5»: thousands apart, decimal comma, at most two decimals."""
    return format_number(x)


def value(x: float) -> str:
    """«0,750»: a value with three decimals."""
    return format_number(x, places=3)


def share(p: float) -> str:
    """«97,5 %»."""
    return f"{format_number(100 * p, places=1)} %"


def score(criterion: Criterion, level: int) -> str:
    """«4 – høy»: the score with its word from the criterion's scale."""
    return f"{level} – {CRITERION_INFO[criterion].scale_nb[level - 1]}"


def weights(used: Mapping[str, float]) -> str:
    """«Vekter (weights): Nytte 0,50 · Alvorlighet 0,50» — openness about the weighting."""
    parts = [f"{LABEL[Criterion(c)]} {format_number(w, places=2)}" for c, w in used.items()]
    return "Vekter (weights): " + " · ".join(parts)


def weight_space(space: WeightSpace | None, criteria: tuple[Criterion, ...]) -> str:
    """How the uncertain weights were drawn, in words."""
    names = ", ".join(LABEL[c].lower() for c in criteria)
    text = f"Vekter (weights): usikre, trukket jevnt blant alle vekter for {names} som summerer til 1"
    if space is None:
        return text
    limits = [
        f"{LABEL[c].lower()} {format_number(lo, places=2)}–{format_number(hi, places=2)}"
        for c, (lo, hi) in space.bounds.items()
    ]
    if limits:
        text += "; grenser (bounds): " + ", ".join(limits)
    if space.order:
        text += "; rekkefølge (order): " + " ≥ ".join(LABEL[c].lower() for c in space.order)
    return text
