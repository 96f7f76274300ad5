"""Sections other apps add to a case: on the case page, in the saksframlegg and on the public page.

Consultation summaries, ethical reflections and evidence belong to apps built on the cases app, yet
they are shown wherever the case is. Like the links in ``links.py``, those apps register a section in
their ``AppConfig.ready()``; the case page, the report and the public page ask which sections have
something to show for a case, so the cases app never imports them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from prioritet.accounts.models import User

    from .models import Case


class Place(StrEnum):
    """Where a section is shown. The report is also the PDF; the public page has no user."""

    CASE = "case"
    REPORT = "report"
    PUBLIC = "public"


#: Returns what the section's template needs, or None when the section has nothing to show here.
#: ``user`` is None on the public page.
SectionContext = Callable[["Case", "User | None", Place], Mapping[str, Any] | None]


@dataclass(frozen=True)
class CaseSection:
    key: str
    #: Heading in the case page's table of contents; the section's own template renders its heading.
    title: Promise | str
    template: str
    context: SectionContext
    places: frozenset[Place]
    order: int = 100


@dataclass(frozen=True)
class RenderedSection:
    """One section ready for ``{% include section.template %}``: ``section.data`` holds its context."""

    key: str
    title: Promise | str
    template: str
    place: Place
    data: Mapping[str, Any]

    @property
    def anchor(self) -> str:
        return f"section-{self.key}"


_registry: dict[str, CaseSection] = {}


def register(section: CaseSection) -> None:
    _registry[section.key] = section


def registered_for(place: Place) -> list[CaseSection]:
    """Every section registered for a place, whether or not it has something to show for a case."""
    return [section for section in _registry.values() if place in section.places]


def sections_for(case: Case, place: Place, user: User | None = None) -> list[RenderedSection]:
    """The registered sections for this place that have something to show, in order."""
    out = []
    for section in sorted(_registry.values(), key=lambda item: (item.order, item.key)):
        if place not in section.places:
            continue
        data = section.context(case, user, place)
        if data is not None:
            out.append(RenderedSection(section.key, section.title, section.template, place, data))
    return out
