"""The milestone calendar as iCalendar (RFC 5545), written with the icalendar library."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.utils import timezone
from icalendar import Calendar, Event

from .models import CalendarFeed, Milestone


def calendar_file(feed: CalendarFeed, milestones: Iterable[Milestone], *, domain: str) -> bytes:
    """One all-day event per milestone, with a stable UID so calendar programs update it in place."""
    calendar = Calendar()
    calendar.add("prodid", "-//Prioritet//Årshjul//NB")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Prioritet – {feed.municipality.name}")
    stamp = timezone.now()
    for milestone in milestones:
        event = Event()
        event.add("uid", f"milestone-{milestone.pk}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", milestone.due)
        event.add("dtend", milestone.due + datetime.timedelta(days=1))
        event.add("summary", f"{milestone.name} ({milestone.plan.name})")
        if milestone.description:
            event.add("description", milestone.description)
        event.add("sequence", milestone.version)
        calendar.add_component(event)
    return calendar.to_ical()
