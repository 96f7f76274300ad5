"""Small-cell suppression: the one gate every figure passes through before anyone sees it.

A figure that describes fewer than ``INDICATORS_SUPPRESS_BELOW`` people (five by default) is shown
as SSB's symbol «:» (skjult av personvernhensyn) with no number — in pages, charts, sparklines,
exports, the API and the public key-figures page — because a count or a rate about two or three
named residents of a small municipality identifies them (offentleglova § 13 with forvaltningsloven
§ 13 first paragraph no. 1, GDPR art. 5(1)(c) and art. 9; SSB's own practice for KOSTRA and IPLOS).

The rule applies when a value knows its ``persons``; SSB's own «:» arrives without a number and is
kept as it is. Display code never reads :class:`~.models.IndicatorValue` directly: it reads
:class:`Shown`, which cannot be saved and has no number when it is suppressed, so no template,
chart or export can leak one by accident.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet

from .models import IndicatorValue, Status


def threshold() -> int:
    """The smallest number of people a shown figure may describe."""
    return int(settings.INDICATORS_SUPPRESS_BELOW)


def too_few(persons: int | None) -> bool:
    """Whether a figure about ``persons`` people must be hidden (unknown: not by this rule)."""
    return persons is not None and persons < threshold()


@dataclass(frozen=True)
class Shown:
    """A value as it may be shown: the number, or the status symbol instead of it."""

    definition_id: int
    region: str
    period: str
    period_kind: str
    value: Decimal | None
    status: str
    #: How many people the figure describes; None when unknown or when the figure is suppressed.
    persons: int | None
    demo: bool
    source: str
    updated_at: datetime | None
    #: True when Prioritet hid the number (too few people), not when SSB sent «:».
    suppressed: bool = False

    def get_status_display(self) -> str:
        """The symbol's meaning, for the tooltip (the same name a model's choice field has)."""
        return str(Status(self.status).label) if self.status in Status.values else ""


def shown(value: IndicatorValue) -> Shown:
    """``value`` as it may be shown: with its number, or as «:» when it describes too few people."""
    return shown_row(*(getattr(value, name) for name in ROW))


#: The columns :func:`shown_row` takes, in order (``IndicatorValue.objects.values_list(*ROW)``).
ROW = ("definition_id", "region", "period", "period_kind", "value", "status", "persons", "demo", "source", "updated_at")


def shown_row(
    definition_id: int,
    region: str,
    period: str,
    period_kind: str,
    value: Decimal | None,
    status: str,
    persons: int | None,
    demo: bool,
    source: str,
    updated_at: datetime | None,
    *,
    below: int | None = None,
) -> Shown:
    """A value read as a row of :data:`ROW` (no model instance: a dashboard reads hundreds), as it may
    be shown. ``below``: the :func:`threshold`, when the caller read it once for many rows."""
    few = persons is not None and persons < (threshold() if below is None else below)
    hide = few and value is not None
    return Shown(
        definition_id=definition_id,
        region=region,
        period=period,
        period_kind=period_kind,
        value=None if hide else value,
        status=Status.SUPPRESSED if hide else status,
        persons=None if few else persons,
        demo=demo,
        source=source,
        updated_at=updated_at,
        suppressed=hide,
    )


def shown_all(values: Iterable[IndicatorValue]) -> list[Shown]:
    return [shown(value) for value in values]


def shown_rows(values: QuerySet[IndicatorValue], *, dated: bool = True) -> list[Shown]:
    """``values`` as they may be shown, read as rows rather than model instances (the same rule).

    Not ``dated``: ``updated_at`` is not read (None), for pages that show no dates (a dashboard reads
    hundreds of values, and turning each stored time into an aware datetime is a good part of it).
    """
    below = threshold()
    if dated:
        return [shown_row(*row, below=below) for row in values.values_list(*ROW)]
    undated: Iterable[tuple[int, str, str, str, Decimal | None, str, int | None, bool, str]]
    undated = values.values_list(*ROW[:-1])
    return [shown_row(*row, None, below=below) for row in undated]
