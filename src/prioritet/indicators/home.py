"""The indicators app's panel on the home page: the role's key figures, against target, with their trend."""

from __future__ import annotations

import datetime
from functools import cached_property
from typing import Any

from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from prioritet.core.home import HomePanel

from . import dashboard, policy, selectors
from .demo import DEMO_LABEL

#: How many key figures the home page shows; the dashboard shows them all.
HOME_FIGURES = 6


class KeyFigures:
    """The first key figures of the role's dashboard that have a value, read when a page first shows
    them: the home page does, the dashboard's workload (the same panels, counted) never does."""

    def __init__(self, user: Any) -> None:
        self.user = user

    @cached_property
    def rows(self) -> list[tuple[selectors.DashboardRow, SafeString | None]]:
        municipality = self.user.municipality
        items = selectors.scope(municipality, self.user).items
        rows = selectors.dashboard(municipality, items, compare=False).rows
        return [(row, dashboard.trend(row)) for row in rows if row.series][:HOME_FIGURES]

    @property
    def demo(self) -> bool:
        return any(row.demo for row, _trend in self.rows)


def key_figures(user: Any, today: datetime.date) -> HomePanel | None:
    """The role's key figures, for the roles that read indicators."""
    if not policy.can_view(user):
        return None
    return HomePanel(
        "figures",
        _("Key figures"),
        template="indicators/home_panel.html",
        context={"figures": KeyFigures(user), "demo_label": DEMO_LABEL},
        order=90,
    )
