"""The indicators app's panel on the home page: the role's key figures, against target, with their trend."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from prioritet.core.home import HomePanel

from . import dashboard, policy, selectors
from .demo import DEMO_LABEL

#: How many key figures the home page shows; the dashboard shows them all.
HOME_FIGURES = 6


def key_figures(user: Any, today: datetime.date) -> HomePanel | None:
    """The first key figures of the role's dashboard that have a value, for the roles that read indicators."""
    if not policy.can_view(user):
        return None
    municipality = user.municipality
    items = selectors.scope(municipality, user).items
    rows = [row for row in selectors.dashboard(municipality, items).rows if row.series][:HOME_FIGURES]
    return HomePanel(
        "figures",
        _("Key figures"),
        template="indicators/home_panel.html",
        context={
            "rows": [(row, dashboard.trend(row)) for row in rows],
            "demo": any(row.demo for row in rows),
            "demo_label": DEMO_LABEL,
        },
        order=90,
    )
