"""Entries other apps add to a case's history (an ethical reflection, a consultation round, …).

The case timeline is built from the cases app's own historical records; apps built on it register a
source here in their ``AppConfig.ready()`` that returns their entries for a case, typically made with
``prioritet.cases.selectors.history_entries`` from their own simple-history records.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Case
    from .selectors import TimelineEntry

TimelineSource = Callable[["Case"], list["TimelineEntry"]]

_sources: dict[str, TimelineSource] = {}


def register(key: str, source: TimelineSource) -> None:
    _sources[key] = source


def extra_entries(case: Case) -> list[TimelineEntry]:
    return [entry for key in sorted(_sources) for entry in _sources[key](case)]
