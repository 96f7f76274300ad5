"""One entry of a case's history timeline: what the cases app shows and what the apps built on it add
(their ``history_sources`` in :class:`~prioritet.cases.extensions.CaseExtension`)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class TimelineEntry:
    at: datetime.datetime
    user: Any
    subject: str
    action: str
    changes: list[FieldChange] = field(default_factory=list)
    note: str = ""
