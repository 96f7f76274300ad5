"""The working home page: each app's panels of the signed-in user's open tasks (or figures).

The home page is not a menu: it shows what waits for the user today. Each app declares, in its
extension (:mod:`prioritet.core.extensions`), ``home_sources``: functions of the user and today's
date that return a :class:`HomePanel`, or ``None`` when the app has nothing for that user (a role
that does not use it, or no municipality). So the web shell lists cases awaiting an assessment,
reassessments and evaluations due, consultation rounds and milestones without importing the apps
that hold them::

    Extension(home_sources=[milestones_ahead])

    def milestones_ahead(user, today) -> HomePanel | None:
        if not policy.can_view(user):
            return None
        soon = selectors.milestones(user.municipality).filter(due__gte=today, due__lte=today + WEEKS)
        items, count = first_items(soon, lambda milestone: HomeItem(milestone.name, URL, milestone.due))
        return HomePanel("milestones", _("Milestones in the annual wheel"), items=items, count=count)

A source only reads (the home page is a GET and writes nothing) and names no person's details: an
individual case is shown by its pseudonymous reference and service area, never its title or text.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.utils.functional import Promise

from .extensions import Extension, extensions

if TYPE_CHECKING:
    from django.db.models import QuerySet

#: How many items a task panel lists; its count and «all» link tell the rest.
PANEL_ITEMS = 8


@dataclass(frozen=True)
class HomeItem:
    """One open task: what it is, where to do it and, when it has one, the date it is due."""

    label: str | Promise
    url: str
    due: datetime.date | None = None
    #: A short second line: the service area, the phase, the number of answers (never free text of a person).
    detail: str | Promise = ""


@dataclass(frozen=True)
class HomePanel:
    """A panel of the home page: a list of tasks, or (with ``template``) the app's own content."""

    key: str
    title: str | Promise
    items: Sequence[HomeItem] = ()
    #: How many tasks there are in all (``items`` holds at most :data:`PANEL_ITEMS` of them).
    count: int = 0
    #: Where the whole list is, or "".
    more_url: str = ""
    #: Shown when there is nothing to do (the panel is still shown: «nothing due» is news too).
    empty: str | Promise = ""
    #: A panel with content of its own (figures): the template to include and what it needs.
    template: str = ""
    context: Mapping[str, Any] = field(default_factory=dict)
    order: int = 100

    @property
    def is_tasks(self) -> bool:
        return not self.template


#: Returns the user's panel for ``today``, or None when the app has nothing for this user.
HomeSource = Callable[[Any, datetime.date], HomePanel | None]


def panels_for(user: Any, today: datetime.date) -> list[HomePanel]:
    """Every declared source's panel for ``user``, in order (task panels before figures of the same order)."""
    panels = [
        panel
        for extension in extensions(Extension)
        for source in extension.home_sources
        if (panel := source(user, today)) is not None
    ]
    return sorted(panels, key=lambda panel: (panel.order, panel.key))


#: Set while :func:`task_counts` asks the sources: :func:`first_items` then only counts.
_COUNTING: ContextVar[bool] = ContextVar("home_counting", default=False)


def task_counts(user: Any, today: datetime.date) -> list[HomePanel]:
    """The task panels of :func:`panels_for` with their counts and no items: a page that shows only how
    many tasks wait (the dashboard's workload) has each counted in the database, its rows never read."""
    token = _COUNTING.set(True)
    try:
        return [panel for panel in panels_for(user, today) if panel.is_tasks]
    finally:
        _COUNTING.reset(token)


def counting() -> bool:
    """Whether the panels are being counted for :func:`task_counts` (their items are not shown): a
    source that builds its items without :func:`first_items` may then count instead."""
    return _COUNTING.get()


def first_items(rows: QuerySet[Any], item: Callable[[Any], HomeItem]) -> tuple[list[HomeItem], int]:
    """The first :data:`PANEL_ITEMS` rows as items, and how many rows there are in all (counted in the
    database only when the first rows fill the panel). Within :func:`task_counts`: no items, the count."""
    if _COUNTING.get():
        return [], rows.count()
    first = list(rows[:PANEL_ITEMS])
    return [item(row) for row in first], len(first) if len(first) < PANEL_ITEMS else rows.count()
