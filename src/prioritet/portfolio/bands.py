"""The resource score a measure's amounts give, with the municipality's bands, beside the score it has.

A measure's resource score (1–5) is what the engine weighs; its amounts (NOK per year, FTEs, …) are
what the budget counts. The two must not disagree silently. A municipality may give a resource
column **bands**: four ascending amounts, the most a measure may use of that resource to score 1, 2,
3 and 4; above the last it scores 5 (:attr:`~prioritet.portfolio.models.ResourceColumn.bands`). The
score the amounts give is the highest any banded column gives: a measure that is cheap in money but
takes many FTEs uses many resources. The workspace and the saksframlegg show it beside the measure's
own score and warn where they differ; the engine keeps the score the measure has, so the command
line and the web still give the same numbers (docs/methods.md, «Resource score from the amounts»).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from prioritet.core import formatting
from prioritet.tabular.values import parse_number

if TYPE_CHECKING:
    from .conversion import PortfolioData
    from .models import Measure, ResourceColumn

#: Bands are the upper limits of the scores 1 to 4.
BAND_COUNT = 4


def valid_bands(bands: object) -> list[float] | None:
    """The column's bands as numbers, or None when it has none (or a stored value is not four ascending)."""
    if not isinstance(bands, list) or len(bands) != BAND_COUNT:
        return None
    try:
        limits = [float(b) for b in bands]
    except (TypeError, ValueError):
        return None
    if any(b < 0 for b in limits) or any(a >= b for a, b in itertools.pairwise(limits)):
        return None
    return limits


def parse_bands(text: str) -> list[float]:
    """«250 000; 750 000; 1 500 000; 3 000 000» (semicolons or line breaks between; decimal comma) as four
    ascending amounts; empty text is no bands. Raises ValidationError naming what is wrong."""
    parts = [p.strip() for p in text.replace("\n", ";").split(";") if p.strip()]
    if not parts:
        return []
    numbers = [parse_number(p, ",") for p in parts]
    if len(numbers) != BAND_COUNT or any(n is None for n in numbers):
        raise ValidationError(
            _("Give four amounts separated by semicolons, for example «250 000; 750 000; 1 500 000; 3 000 000».")
        )
    limits = [float(n) for n in numbers if n is not None]
    if valid_bands(limits) is None:
        raise ValidationError(_("The four amounts must be zero or more and each larger than the one before."))
    return limits


def bands_text(bands: object) -> str:
    """The bands as the form writes them: «250 000; 750 000; 1 500 000; 3 000 000»; "" for none."""
    limits = valid_bands(bands)
    return "; ".join(formatting.amount(b) for b in limits) if limits else ""


def band_score(amount: float, bands: Sequence[float]) -> int:
    """1 to 5: the first band whose upper limit the amount does not exceed; above them all, 5."""
    for score, limit in enumerate(bands, start=1):
        if amount <= limit:
            return score
    return BAND_COUNT + 1


@dataclass(frozen=True)
class ResourceCheck:
    """A measure's resource score beside the one its amounts give with the municipality's bands."""

    score: int
    #: None when no column of the municipality has bands.
    derived: int | None
    #: The column that gave the derived score, as «Kostnad 1 750 000».
    basis: str = ""

    @property
    def differs(self) -> bool:
        return self.derived is not None and self.derived != self.score

    @property
    def warning(self) -> str:
        """The sentence the workspace and the saksframlegg show where the two differ, else ""."""
        if not self.differs:
            return ""
        return _(
            "The resource score is %(score)s, but the amounts give %(derived)s with the municipality's bands "
            "(%(basis)s)."
        ) % {"score": self.score, "derived": self.derived, "basis": self.basis}


def banded_columns(columns: Sequence[ResourceColumn]) -> list[tuple[ResourceColumn, list[float]]]:
    return [(c, limits) for c in columns if (limits := valid_bands(c.bands)) is not None]


def resource_check(measure: Measure, data: PortfolioData) -> ResourceCheck:
    """The measure's resource score and the score its amounts give (the highest of the banded columns)."""
    return _check(measure, data, banded_columns(data.columns))


def _check(measure: Measure, data: PortfolioData, banded: list[tuple[ResourceColumn, list[float]]]) -> ResourceCheck:
    best: tuple[int, ResourceColumn, float] | None = None
    for column, limits in banded:
        amount = data.amount(measure, column)
        score = band_score(amount, limits)
        if best is None or score > best[0]:
            best = (score, column, amount)
    if best is None:
        return ResourceCheck(measure.resources, None)
    score, column, amount = best
    # The basis is written out only where it is shown: beside a score that differs.
    basis = f"{column.label} {formatting.amount(amount)}" if score != measure.resources else ""
    return ResourceCheck(measure.resources, score, basis)


def resource_checks(data: PortfolioData) -> dict[int, ResourceCheck]:
    """Every measure's check, by measure pk (the banded columns read once, not per measure)."""
    banded = banded_columns(data.columns)
    return {m.pk: _check(m, data, banded) for m in data.rows}
