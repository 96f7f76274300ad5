"""Norwegian words and number formats for what people read: tables and messages.

Machine formats (JSON, CSV) keep plain numbers; only tables write «1 250 000» and «0,750».
"""

from __future__ import annotations

from collections.abc import Mapping

from prioritet.engine import CRITERION_INFO, Criterion, Priority, WeightSpace, format_amount

#: «Nytte», «Alvorlighet», «Ressurs»: criterion names as table headings.
LABEL: dict[Criterion, str] = {c: info.nb.capitalize() for c, info in CRITERION_INFO.items()}

PRIORITY: dict[Priority, str] = {Priority.HIGH: "høy", Priority.MEDIUM: "middels", Priority.LOW: "lav"}

#: The consequence of not doing a measure is what severity measures (the guideline's key question).
SEVERITY_IF_LEFT_OUT = "Alvorlighet hvis tiltaket ikke gjennomføres"


#: «1 250 000», «2,5»: thousands apart, decimal comma, at most two decimals.
amount = format_amount


def value(x: float) -> str:
    return f"{x:.3f}".replace(".", ",")


def share(p: float) -> str:
    return f"{100 * p:.1f} %".replace(".", ",")


def score(criterion: Criterion, level: int) -> str:
    """«4 – høy»: the score with its word from the criterion's scale."""
    return f"{level} – {CRITERION_INFO[criterion].scale_nb[level - 1]}"


def weights(used: Mapping[str, float]) -> str:
    """«Vekter (weights): Nytte 0,50 · Alvorlighet 0,50» — openness about the weighting."""
    parts = [f"{LABEL[Criterion(c)]} {w:.2f}".replace(".", ",") for c, w in used.items()]
    return "Vekter (weights): " + " · ".join(parts)


def weight_space(space: WeightSpace | None, criteria: tuple[Criterion, ...]) -> str:
    """How the uncertain weights were drawn, in words."""
    names = ", ".join(LABEL[c].lower() for c in criteria)
    text = f"Vekter (weights): usikre, trukket jevnt blant alle vekter for {names} som summerer til 1"
    if space is None:
        return text
    limits = [f"{LABEL[c].lower()} {lo:.2f}–{hi:.2f}".replace(".", ",") for c, (lo, hi) in space.bounds.items()]
    if limits:
        text += "; grenser (bounds): " + ", ".join(limits)
    if space.order:
        text += "; rekkefølge (order): " + " ≥ ".join(LABEL[c].lower() for c in space.order)
    return text
