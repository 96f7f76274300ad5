"""What apps built on the cases app add to a case, declared in their :class:`CaseExtension`.

Consultation summaries, ethical reflections, evidence, publishing, reports and the portfolio belong
to apps above the cases app, yet they are shown wherever the case is. Each of those apps declares,
once, on its ``AppConfig`` (see :mod:`prioritet.core.extensions`), a :class:`CaseExtension`: its links
on the case page, its sections (case page, saksframlegg, public page), its entries in the case's
history, its notes beside the alternatives and its demo content. The hosts here ask the declared
extensions, so the cases app never imports the apps built on it.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.urls import reverse

from prioritet.core.extensions import Extension, extensions

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django.utils.functional import Promise

    from prioritet.accounts.models import Municipality, User

    from .models import Alternative, Case
    from .timeline import TimelineEntry


@dataclass(frozen=True)
class PhaseCheck:
    """One item of a phase's checklist (:mod:`prioritet.cases.phases`), evaluated from the case's data."""

    phase: str
    key: str
    label: Promise | str
    #: Whether the item is met for this case.
    met: Callable[[Case], bool]
    #: Whether the item applies to the case at all (a level, say); every case by default.
    applies: Callable[[Case], bool] = lambda case: True
    #: Where to fix it: a URL name taking the case's id, and an anchor on that page.
    url_name: str = "cases:detail"
    anchor: str = ""
    #: Required items are exit conditions: the case cannot move on before they are met.
    required: bool = True
    order: int = 100


@dataclass(frozen=True)
class CaseLink:
    """A link on the case page (publish, reports, portfolio, consultations, …)."""

    key: str
    label: Promise | str
    url_name: str
    #: Whether the link applies to this case for this user (permission and state).
    applies: Callable[[Case, User], bool]
    order: int = 100


class Place(StrEnum):
    """Where a section is shown. The report is also the PDF; the public page has no user."""

    CASE = "case"
    REPORT = "report"
    PUBLIC = "public"


#: Returns what the section's template needs, or None when the section has nothing to show here.
#: ``user`` is None on the public page. Two keys mean something to the hosts too: ``size`` (how many
#: rows the section adds, say a portfolio's measures: the report has a large PDF made by the task
#: worker) and ``notice`` (a line the page, not the PDF, shows above the report: «being computed»,
#: with the host's button that asks the section's ``prepare`` to start it).
SectionContext = Callable[["Case", "User | None", Place], Mapping[str, Any] | None]

#: Asks for what a section shows and takes a while (a large portfolio's robustness, queued in the
#: background) and returns the section's ``notice`` while it is still being computed, else "". A
#: write: only a POST calls it (the saksframlegg's «start, or look again»); the context only reads.
SectionPrepare = Callable[["Case", "User | None"], str]


@dataclass(frozen=True)
class CaseSection:
    """A section shown wherever the case is; its context function returns None when it has nothing to show."""

    key: str
    #: Heading in the case page's table of contents; the section's own template renders its heading.
    title: Promise | str
    template: str
    context: SectionContext
    places: frozenset[Place]
    order: int = 100
    prepare: SectionPrepare | None = None


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

    @property
    def size(self) -> int:
        """How many rows the section adds to the report (its context's ``size``; 0 if it does not say)."""
        return int(self.data.get("size", 0))

    @property
    def notice(self) -> str:
        """A line for the page above the report (its context's ``notice``), or ""."""
        return str(self.data.get("notice", ""))


@dataclass(frozen=True)
class Annotation:
    """A note beside an alternative's knowledge basis (a mini-metodevurdering's certainty, say)."""

    label: Promise | str
    #: Where to read more, or None.
    url: str | None = None


#: Entries in a case's history timeline, typically made with ``selectors.history_entries`` from the
#: app's own simple-history records.
TimelineSource = Callable[["Case"], list["TimelineEntry"]]

#: Returns the annotations of some of the alternatives, keyed by the alternative's id.
AnnotationSource = Callable[["Case", Sequence["Alternative"]], Mapping[int, list[Annotation]]]

#: A rule the decision must meet, beyond the cases app's own: the reason ``alternative`` cannot be chosen
#: in ``case`` (shown on the alternative field), or "" when it can. The portfolio app's: a case with a
#: portfolio of measures is decided by choosing one of its scenarios.
DecisionRule = Callable[["Case", "Alternative"], str]

#: Demo content for ``manage.py load_demo``, called with the demo municipality and its users by
#: username, inside the command's transaction. Hooks must be idempotent, like the command.
DemoHook = Callable[["Municipality", Mapping[str, "User"]], None]


@dataclass(frozen=True)
class DueItem:
    """Something of a case due on a date (an expected effect's evaluation, say)."""

    case: Case
    #: What is due, as a kind of item: ``evaluation``.
    kind: str
    label: Promise | str
    due: datetime.date


#: What was learnt, recorded in an app (an evaluated effect's learning): the follow-up form starts from it.
LessonSource = Callable[["Case"], list[str]]

#: The items due by ``until`` (inclusive) among ``cases`` (already scoped to a municipality and reader).
DueSource = Callable[["QuerySet[Case]", datetime.date], Iterable[DueItem]]


@dataclass(frozen=True)
class CaseExtension(Extension):
    """What an app adds to the cases it is built on (besides its navigation and retention rules)."""

    case_links: Sequence[CaseLink] = ()
    case_sections: Sequence[CaseSection] = ()
    history_sources: Sequence[TimelineSource] = ()
    annotation_sources: Sequence[AnnotationSource] = ()
    decision_rules: Sequence[DecisionRule] = ()
    #: Run before the demo cases are decided: content that must be written while a case is open (a
    #: decided case's mini-HTA, EtD panel and ethical reflection are frozen). Hooks skip decided cases.
    demo_prepared: Sequence[DemoHook] = ()
    #: Run after the demo cases exist and are decided.
    demo_loaded: Sequence[DemoHook] = ()
    #: Items of the phases' checklists (see :mod:`prioritet.cases.phases`); required ones are exit conditions.
    phase_checks: Sequence[PhaseCheck] = ()
    #: What falls due on a case (evaluations): the overview counts the overdue ones, reminders are sent.
    due_sources: Sequence[DueSource] = ()
    #: What was learnt, as the app recorded it: the follow-up's «what was learnt» is prefilled with it.
    lesson_sources: Sequence[LessonSource] = ()


def links_for(case: Case, user: User) -> list[tuple[Promise | str, str]]:
    """(label, url) of every declared link that applies, in order."""
    links = [link for extension in extensions(CaseExtension) for link in extension.case_links]
    return [
        (link.label, reverse(link.url_name, args=[case.pk]))
        for link in sorted(links, key=lambda item: (item.order, item.key))
        if link.applies(case, user)
    ]


def declared_sections(place: Place) -> list[CaseSection]:
    """Every section declared for a place, whether or not it has something to show for a case, in order."""
    sections = [section for extension in extensions(CaseExtension) for section in extension.case_sections]
    return sorted((s for s in sections if place in s.places), key=lambda item: (item.order, item.key))


def prepare_sections(case: Case, place: Place, user: User | None = None) -> list[str]:
    """Start what the declared sections for this place take a while to compute (a host's write, for a
    POST); the notices of those still being computed, in order (empty: everything is ready)."""
    return [
        notice
        for section in declared_sections(place)
        if section.prepare is not None and (notice := section.prepare(case, user))
    ]


def sections_for(case: Case, place: Place, user: User | None = None) -> list[RenderedSection]:
    """The declared sections for this place that have something to show, in order."""
    out = []
    for section in declared_sections(place):
        data = section.context(case, user, place)
        if data is not None:
            out.append(RenderedSection(section.key, section.title, section.template, place, data))
    return out


def extra_entries(case: Case) -> list[TimelineEntry]:
    """The history entries the apps built on cases add to this case's timeline."""
    return [
        entry
        for extension in extensions(CaseExtension)
        for source in extension.history_sources
        for entry in source(case)
    ]


def annotations_for(case: Case, alternatives: Sequence[Alternative]) -> dict[int, list[Annotation]]:
    """Every declared source's annotations, per alternative id."""
    out: dict[int, list[Annotation]] = {}
    for extension in extensions(CaseExtension):
        for source in extension.annotation_sources:
            for alternative_id, notes in source(case, alternatives).items():
                out.setdefault(alternative_id, []).extend(notes)
    return out


def decision_errors(case: Case, alternative: Alternative) -> list[str]:
    """Why the declared decision rules refuse ``alternative`` as the decision of ``case`` (empty: allowed)."""
    return [
        message
        for extension in extensions(CaseExtension)
        for rule in extension.decision_rules
        if (message := rule(case, alternative))
    ]


def choosable_alternatives(case: Case) -> QuerySet[Alternative]:
    """The case's active alternatives the declared decision rules allow as its decision (or innstilling).

    The forms offer only these; the services ask :func:`decision_errors` again, so the rule is kept once.
    """
    alternatives = case.alternatives.filter(archived=False).order_by("id")
    allowed = [alternative.pk for alternative in alternatives if not decision_errors(case, alternative)]
    return alternatives.filter(pk__in=allowed)


def prepare_demo(municipality: Municipality, users: Mapping[str, User]) -> None:
    """Every app's demo content that must be written while the demo cases are open."""
    for extension in extensions(CaseExtension):
        for hook in extension.demo_prepared:
            hook(municipality, users)


def finish_demo(municipality: Municipality, users: Mapping[str, User]) -> None:
    """Every app's demo content that needs the demo cases decided."""
    for extension in extensions(CaseExtension):
        for hook in extension.demo_loaded:
            hook(municipality, users)


def due_items(cases: QuerySet[Case], until: datetime.date) -> list[DueItem]:
    """Every declared source's items due by ``until`` among ``cases``, earliest first."""
    items = [
        item
        for extension in extensions(CaseExtension)
        for source in extension.due_sources
        for item in source(cases, until)
    ]
    return sorted(items, key=lambda item: (item.due, item.case.pk, item.kind))


def lessons_for(case: Case) -> list[str]:
    """What the apps built on cases recorded as learnt for this case, in app order."""
    return [
        text for extension in extensions(CaseExtension) for source in extension.lesson_sources for text in source(case)
    ]
