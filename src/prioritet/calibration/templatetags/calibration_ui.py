"""Template filters for the calibration pages: scores with the guideline's words, alphas as Norwegians read them."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from prioritet.calibration.agreement import Alpha, Band, PairAgreement, Undefined, varies_little
from prioritet.core import formatting
from prioritet.core.formatting import criterion_name, scale_word
from prioritet.engine import Criterion

register = template.Library()


@register.filter
def criterion_label(criterion: Criterion) -> str:
    return criterion_name(criterion).capitalize()


@register.filter
def score(value: float | int | None, criterion: Criterion) -> str:
    """«4 – høy» for a whole score, «3,5» for a median between two, «—» for none."""
    if value is None:
        return "—"
    if float(value).is_integer():
        return scale_word(criterion, int(value))
    return formatting.decimal(value, 1)


@register.filter
def steps(value: float | None) -> str:
    """A difference in scale steps with one decimal, «—» when there is none."""
    return formatting.decimal(value, 1)


@register.filter
def alpha_value(alpha: Alpha | float | None) -> str:
    value = alpha.value if isinstance(alpha, Alpha) else alpha
    return formatting.decimal(value, 3)


def _band(alpha: Alpha) -> Band:
    """The band of an alpha that has a value (the undefined ones are explained before)."""
    band = alpha.band
    if band is None:
        raise ValueError(f"alpha without a value: {alpha}")
    return band


@register.filter
def share(value: float | None) -> str:
    """A share of pairs as a whole percentage («93 %»), «—» when there were no pairs."""
    return formatting.percent(value)


@register.filter
def alpha_meaning(alpha: Alpha, pairs: PairAgreement | None = None) -> str:
    """What the value means, or why there is none: in plain words, after Krippendorff (2004).

    With the percentage agreement (``pairs``) a low alpha whose scores are nearly all within one step
    is explained instead of called low agreement: alpha corrects for chance, and when everyone uses
    the same two steps of the scale, chance alone would give much of the agreement seen.
    """
    if pairs is not None and varies_little(alpha, pairs):
        return _(
            "Alpha is low because the scores vary little, not because you disagree: most pairs of scores are within "
            "one step of each other (see the percentages). When nearly everyone uses the same one or two steps of the "
            "scale, alpha counts even small differences as large compared with what chance would give. Read the "
            "percentages and the examples where someone differed by two steps or more."
        )
    if alpha.undefined == Undefined.TOO_FEW_RATERS:
        return _("Cannot be computed: at least two participants must have submitted scores of the same alternatives.")
    if alpha.undefined == Undefined.NO_VARIATION:
        return _(
            "Cannot be computed: everyone gave exactly the same score everywhere. That is full agreement in these "
            "data, but without any variation agreement cannot be told apart from chance."
        )
    return {
        Band.GOOD: _("Good agreement (0.800 or more)."),
        Band.TENTATIVE: _("Agreement good enough only for tentative conclusions (0.667 to 0.800)."),
        Band.LOW: _(
            "Low agreement (under 0.667): you assess the same examples differently. Discuss the examples where you "
            "differed most."
        ),
    }[_band(alpha)]


@register.filter
def alpha_color(alpha: Alpha, pairs: PairAgreement | None = None) -> str:
    if pairs is not None and varies_little(alpha, pairs):
        return "info"
    colors: dict[Band | None, str] = {Band.GOOD: "success", Band.TENTATIVE: "warning", Band.LOW: "danger"}
    return colors.get(alpha.band, "neutral")
