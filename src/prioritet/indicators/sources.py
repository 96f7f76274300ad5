"""Own figures that apps above the indicators compute from their own data (issue 12 §4).

The indicators app cannot import the apps built on it, so an app that has figures of its own (the
waiting lists: length, waiting days, capacity and occupancy per service) declares them in an
:class:`IndicatorExtension` (a :class:`~prioritet.cases.extensions.CaseExtension`, so the app declares
one extension for everything it adds). :func:`prioritet.indicators.own.compute_own_indicators` — the
task from the indicators page and the daily refresh — asks every declared source and writes what it
returns as the municipality's own definitions (``owner`` the municipality, ``source`` own) and values,
through the same small-cell rule as every value (each value's ``persons``).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from prioritet.cases.extensions import CaseExtension
from prioritet.core.extensions import extensions

if TYPE_CHECKING:
    from prioritet.accounts.models import Municipality

#: (region, period, value, status, persons), as :data:`prioritet.indicators.services.Figure`.
Figure = tuple[str, str, Decimal | None, str, int | None]


@dataclass(frozen=True)
class OwnDefinition:
    """What an own figure is; the municipality's definition is created or brought up to date from it."""

    key: str
    name_nb: str
    name_nn: str
    name_en: str
    unit: str
    higher_is_better: bool | None = None
    decimals: int = 0
    service_area_id: int | None = None
    description: str = ""
    order: int = 200


#: A source: the municipality and today → each definition with its values.
OwnSource = Callable[["Municipality", datetime.date], Sequence[tuple[OwnDefinition, Sequence[Figure]]]]


@dataclass(frozen=True)
class IndicatorExtension(CaseExtension):
    """What an app adds to the indicators: sources of the municipality's own figures."""

    own_figures: Sequence[OwnSource] = ()


def own_sources() -> list[OwnSource]:
    return [source for extension in extensions(IndicatorExtension) for source in extension.own_figures]
