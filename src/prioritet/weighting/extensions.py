"""What apps above weighting add to the weights pages, declared in their :class:`WeightingExtension`.

The weights pages show which past rankings would differ under a version, but the decided cases
belong to the cases app, above weighting. The cases app declares the comparison here, through the
extension protocol (:mod:`prioritet.core.extensions`), so weighting never imports cases.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from prioritet.core.extensions import Extension, extensions

if TYPE_CHECKING:
    from prioritet.accounts.models import Municipality, User

    from .models import WeightVersion

#: What a weight version (saved or proposed) would change in the municipality's decided cases, as
#: ``user`` may see it; ``weighting/partials/impact.html`` shows it.
ImpactOf = Callable[["Municipality", "User", "WeightVersion"], Any]


@dataclass(frozen=True)
class WeightingExtension(Extension):
    """What an app adds to the weights pages (besides its navigation and retention rules)."""

    weight_impact: ImpactOf | None = None


def impact_of(municipality: Municipality, user: User, version: WeightVersion) -> Any:
    """The declared comparison for ``version``, or None when no installed app declares one."""
    for extension in extensions(WeightingExtension):
        if extension.weight_impact is not None:
            return extension.weight_impact(municipality, user, version)
    return None
