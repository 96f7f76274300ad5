"""Links other apps add to a case page (publishing, reports, the portfolio workspace).

The cases app must not import the apps built on it, so they register here in their
``AppConfig.ready()``, much as they register navigation items; the case page asks which apply.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from prioritet.accounts.models import User

    from .models import Case


@dataclass(frozen=True)
class CaseLink:
    key: str
    label: Promise | str
    url_name: str
    #: Whether the link applies to this case for this user (permission and state).
    applies: Callable[[Case, User], bool]
    order: int = 100


_registry: dict[str, CaseLink] = {}


def register(link: CaseLink) -> None:
    _registry[link.key] = link


def links_for(case: Case, user: User) -> list[tuple[Promise | str, str]]:
    """(label, url) of every registered link that applies, in order."""
    return [
        (link.label, reverse(link.url_name, args=[case.pk]))
        for link in sorted(_registry.values(), key=lambda item: (item.order, item.key))
        if link.applies(case, user)
    ]
