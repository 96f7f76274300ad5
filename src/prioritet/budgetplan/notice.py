"""The 14-day rule of kommuneloven § 14-3: the innstilling to the økonomiplan is public at least 14
days before the council meets. Dates only, no database: the plan page, the publishing form and the
tests ask the same functions.

Days are counted as calendar days between the publication date and the meeting date: published on
1 December for a meeting on 15 December is 14 days (in time); on 2 December it is 13 (too late).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

#: Least number of days between publication and the council's meeting.
NOTICE_DAYS = 14


def latest_publication(meeting: date) -> date:
    """The last day the innstilling can go out for a meeting on ``meeting``."""
    return meeting - timedelta(days=NOTICE_DAYS)


def days_before(published: date, meeting: date) -> int:
    return (meeting - published).days


def in_time(published: date, meeting: date) -> bool:
    return days_before(published, meeting) >= NOTICE_DAYS


@dataclass(frozen=True)
class Notice:
    """Where the innstilling stands against the meeting date, for the pages to word."""

    meeting: date
    latest: date
    #: The publication date, or today when it has not gone out (what publishing now would give).
    published: date
    is_published: bool

    @property
    def days(self) -> int:
        return days_before(self.published, self.meeting)

    @property
    def in_time(self) -> bool:
        return in_time(self.published, self.meeting)


def notice(meeting: date | None, published: date | None, today: date) -> Notice | None:
    """The notice of an innstilling published on ``published`` (None: not yet, so today) for a
    meeting on ``meeting`` (None: no date yet, nothing to say)."""
    if meeting is None:
        return None
    return Notice(
        meeting=meeting,
        latest=latest_publication(meeting),
        published=published or today,
        is_published=published is not None,
    )
