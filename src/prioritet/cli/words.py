"""The words and numbers people read in the command line's tables, in the run's language
(:mod:`.language`: bokmål by default, nynorsk, English).

Headings and captions are English msgids translated in the project catalogue, with the options'
English names kept in brackets in Norwegian («Vekter (weights)») so that a reader finds the option.
Machine formats (JSON, CSV) keep plain numbers and English column names; only tables are worded.
Numbers go through :func:`prioritet.tabular.values.format_number`, the inverse of the parser that
reads files and options (the web formats with Django's locale formats in
:mod:`prioritet.core.formatting`; both round half up).
"""

from __future__ import annotations

from collections.abc import Mapping

from prioritet.core.messages import PRIORITY
from prioritet.engine import Criterion, Priority, WeightSpace
from prioritet.tabular.values import format_number

from .language import decimal_mark, language, voice


def _(message: str) -> str:
    """``message`` (a msgid, which ``makemessages`` finds by this name) in the run's language."""
    return voice().gettext(message)


def _number(x: float, places: int | None = None) -> str:
    return format_number(x, decimal_mark(language()), places)


def amount(x: float) -> str:
    """«1 250 000», «2,5»: thousands apart, the language's decimal mark, at most two decimals."""
    return _number(x)


def figure(x: float, places: int | None) -> str:
    """«1 250,5»: a published figure with the decimals it is published with, else as an amount."""
    return _number(x, places)


def value(x: float) -> str:
    """«0,750»: a value with three decimals."""
    return _number(x, places=3)


def share(p: float) -> str:
    """«97,5 %»."""
    return f"{_number(100 * p, places=1)} %"


def criterion(c: Criterion) -> str:
    """«nytte», «alvorlegheit», «resources»: a criterion's name, lower case."""
    return voice().criterion(c)


def heading(c: Criterion) -> str:
    """«Nytte», «Alvorlegheit», «Resources»: a criterion's name as a table heading."""
    return criterion(c).capitalize()


def score(c: Criterion, level: int) -> str:
    """«4 – høy»: the score with its word from the criterion's scale."""
    return voice().scale_word(c, level)


def priority(band: Priority) -> str:
    """«høy», «høg», «high»: the suggested priority band, lower case."""
    return _(PRIORITY[band]).lower()


def weights(used: Mapping[str, float]) -> str:
    """«Vekter (weights): Nytte 0,50 · Alvorlighet 0,50» — openness about the weighting."""
    parts = [f"{heading(Criterion(c))} {_number(w, places=2)}" for c, w in used.items()]
    return _("Weights: %(weights)s") % {"weights": " · ".join(parts)}


def weight_space(space: WeightSpace | None, criteria: tuple[Criterion, ...]) -> str:
    """How the uncertain weights were drawn, in words."""
    names = ", ".join(criterion(c) for c in criteria)
    text = _("Weights: uncertain, drawn uniformly among all weights for %(criteria)s that sum to 1") % {
        "criteria": names
    }
    if space is None:
        return text
    limits = [f"{criterion(c)} {_number(lo, places=2)}–{_number(hi, places=2)}" for c, (lo, hi) in space.bounds.items()]
    if limits:
        text += _("; bounds: %(bounds)s") % {"bounds": ", ".join(limits)}
    if space.order:
        text += _("; order: %(order)s") % {"order": " ≥ ".join(criterion(c) for c in space.order)}
    return text
