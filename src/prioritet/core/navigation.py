"""The main navigation and the home page's shortcuts, filled in by each app.

Apps declare their entry points in their extension (:mod:`prioritet.core.extensions`), so the web
shell never imports the apps that build on it and a role only sees what it may open::

    Extension(navigation=[NavItem("cases", _("Cases"), "cases:list", roles={Role.CASEWORKER, Role.LEADER},
                                  order=10, description=_("Applications and decisions at the individual level"))])
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

from .extensions import Extension, extensions


@dataclass(frozen=True)
class NavItem:
    """One entry in the main navigation and in the home page's shortcuts.

    ``roles`` limits who sees it (``None``: everyone signed in); ``requires_municipality`` hides it
    from users without one (the national administrator). Visibility is a convenience only: the
    view itself must still check access with ``role_required``/``municipality_required``.
    """

    key: str
    label: str | Promise
    url_name: str
    roles: Collection[str] | None = None
    requires_municipality: bool = True
    order: int = 100
    description: str | Promise = ""
    in_menu: bool = True
    url_kwargs: dict[str, Any] = field(default_factory=dict)

    def visible_to(self, user: Any) -> bool:
        """Whether ``user`` may see this entry."""
        if not getattr(user, "is_authenticated", False):
            return False
        if self.requires_municipality and getattr(user, "municipality_id", None) is None:
            return False
        return self.roles is None or getattr(user, "role", None) in self.roles

    @property
    def url(self) -> str:
        """The entry's URL, or ``""`` if its URL name is not (yet) installed."""
        try:
            return str(reverse(self.url_name, kwargs=self.url_kwargs or None))
        except NoReverseMatch:
            return ""


def items_for(user: Any) -> list[NavItem]:
    """The entries ``user`` may see, in display order, skipping those whose URL is missing."""
    declared = [item for extension in extensions(Extension) for item in extension.navigation]
    items = [item for item in declared if item.visible_to(user) and item.url]
    return sorted(items, key=lambda item: (item.order, str(item.label)))


def current_item(items: list[NavItem], path: str) -> NavItem | None:
    """The entry the page at ``path`` belongs to: the one with the longest URL that starts it.

    ``/cases/corrections/`` lies under both «Cases» (``/cases/``) and «Corrections»; only the more
    specific one is the current page, so the menu marks one entry (``aria-current``), never two.
    The front page (``/``) is current only on itself, not as the start of every address.
    """
    matches = [item for item in items if path == item.url or (item.url != "/" and path.startswith(item.url))]
    return max(matches, key=lambda item: len(item.url), default=None)
