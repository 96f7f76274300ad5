"""The case page's structure: its tabs in the cycle's order, their counts and badges, the next action.

The page (``cases/case_detail.html``) renders every tab's panel on the server, so each part works
without JavaScript as an in-page navigation (a list of links to the panels); ``cases/case_tabs.js``
turns the list into Designsystemet tabs (the ARIA tabs pattern, arrow keys, Home and End) and shows
one panel at a time. The history, the one part that costs time (every history table of the case and
of the apps built on it), loads only when its tab is opened, from its own URL (htmx), which is also
the plain link without JavaScript.

Reads are logged per request (:func:`prioritet.cases.loading.load_case`): the page logs one read of
the case («detail»); opening the history logs its own («history»), as it did when it was a page of
its own. Switching tabs does not request anything, so it logs nothing twice.

Everything here reads; the view passes in what it already computed (the judgment, the checklist) so
the page does not evaluate them twice.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from .models import Level, Phase

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from .extensions import RenderedSection
    from .models import Case
    from .phases import CheckResult

#: The tabs, in the cycle's order (key, label).
TABS: tuple[tuple[str, Promise], ...] = (
    ("need", _("Need and severity")),
    ("alternatives", _("Alternatives and assessments")),
    ("knowledge", _("Knowledge base")),
    ("participation", _("Participation")),
    ("judgment", _("Combined judgment")),
    ("decision", _("Decision")),
    ("evaluation", _("Evaluation")),
    ("history", _("History")),
)

#: The tab an app's section sits in, by the section's key; a section not named here goes to the
#: knowledge base.
SECTION_TABS: dict[str, str] = {
    "plan": "need",
    "citations": "need",
    "portfolio": "alternatives",
    "budgetplan": "alternatives",
    "evidence": "knowledge",
    "etd": "knowledge",
    "consultation": "participation",
    "ethics": "judgment",
    "effects": "evaluation",
}

#: The case page's own parts (their anchors) in each tab; the apps' sections are added by key.
OWN_ANCHORS: dict[str, tuple[str, ...]] = {
    "need": ("overview",),
    "alternatives": ("alternatives",),
    "judgment": ("judgment", "voice"),
    "decision": ("recommendation", "decision", "complaints"),
    "evaluation": ("follow-up",),
    "history": ("history", "phase-history"),
}

#: Tabs shown even when no app adds to them (the case page's own parts are always there).
ALWAYS = frozenset({"need", "alternatives", "judgment", "decision", "evaluation", "history"})

#: Where a checklist item is fixed when it names a page rather than an anchor, by URL name.
PAGE_TABS: dict[str, str] = {
    "cases:edit": "need",
    "cases:follow_up": "evaluation",
    "planning:case_plan": "need",
    "effects:for_case": "evaluation",
}

#: The tab a phase works in when its checklist has nothing missing.
PHASE_TABS: dict[str, str] = {
    Phase.PREPARE: "need",
    Phase.PLAN: "decision",
    Phase.CARRY_OUT: "decision",
    Phase.EVALUATE: "evaluation",
    Phase.FOLLOW_UP: "evaluation",
}


@dataclass(frozen=True)
class Badge:
    label: Promise | str
    #: A Designsystemet colour: success, warning, info, neutral.
    color: str


@dataclass(frozen=True)
class Tab:
    key: str
    label: Promise | str
    sections: list[RenderedSection] = field(default_factory=list)
    #: How many of the tab's main items there are (alternatives, decisions, phase changes), or None,
    #: and the same in words for screen readers («3 alternatives»).
    count: int | None = None
    count_label: str = ""
    badge: Badge | None = None

    @property
    def anchor(self) -> str:
        return f"tab-{self.key}"

    @property
    def anchors(self) -> tuple[str, ...]:
        return OWN_ANCHORS.get(self.key, ()) + tuple(section.anchor for section in self.sections)


@dataclass(frozen=True)
class NextAction:
    """The current phase's primary action, shown in the page's header."""

    label: Promise | str
    url: str
    #: ``post``: the header holds the form (moving on to the next phase), ``get``: a link.
    method: str = "get"
    testid: str = "case-next-action"


def tab_of_item(item: CheckResult) -> str | None:
    """The tab where a checklist item is fixed: by its anchor, else by the page its link opens."""
    if item.anchor:
        for key, anchors in OWN_ANCHORS.items():
            if item.anchor in anchors:
                return key
        if item.anchor.startswith("section-"):
            return SECTION_TABS.get(item.anchor.removeprefix("section-"), "knowledge")
    return PAGE_TABS.get(item.url_name)


def _checklist_badge(key: str, checklist: Sequence[CheckResult]) -> Badge | None:
    """«Missing» when a required item of the current phase is fixed in this tab, «Done» when all are met."""
    items = [item for item in checklist if item.required and tab_of_item(item) == key]
    if not items:
        return None
    if any(not item.met for item in items):
        return Badge(pgettext_lazy("checklist", "Missing"), "warning")
    return Badge(pgettext_lazy("checklist", "Done"), "success")


def tabs_for(
    case: Case,
    sections: Sequence[RenderedSection],
    checklist: Sequence[CheckResult],
    *,
    alternatives: int,
    ranked: bool,
    decisions: int,
    phase_changes: int,
) -> list[Tab]:
    """The case page's tabs with their sections, counts and badges; tabs with nothing to show are left out."""
    by_tab: dict[str, list[RenderedSection]] = {}
    for section in sections:
        by_tab.setdefault(SECTION_TABS.get(section.key, "knowledge"), []).append(section)
    own: dict[str, Badge | None] = {
        "need": None if case.severity is not None else Badge(_("Severity missing"), "warning"),
        "judgment": Badge(_("Available"), "success") if ranked else Badge(_("Not yet"), "neutral"),
        "decision": (
            Badge(case.get_status_display(), "success") if case.is_decided else Badge(_("Not decided"), "neutral")
        ),
    }
    counts: dict[str, tuple[int, str]] = {
        "alternatives": (
            alternatives,
            ngettext("%(count)d alternative", "%(count)d alternatives", alternatives) % {"count": alternatives},
        ),
        "decision": (
            decisions,
            ngettext("%(count)d decision", "%(count)d decisions", decisions) % {"count": decisions},
        ),
        "history": (
            phase_changes,
            ngettext("%(count)d phase change", "%(count)d phase changes", phase_changes) % {"count": phase_changes},
        ),
    }
    out = []
    for key, label in TABS:
        found = by_tab.get(key, [])
        if key not in ALWAYS and not found:
            continue
        count, count_label = counts.get(key, (None, ""))
        out.append(
            Tab(
                key,
                label,
                found,
                count,
                count_label,
                _checklist_badge(key, checklist) or own.get(key),
            )
        )
    return out


def active_tab(tabs: Sequence[Tab], case: Case, unmet: Sequence[CheckResult], asked: str = "") -> str:
    """The tab the page opens on: the one asked for (``?tab=``), else where the first missing item of
    the phase is fixed, else the phase's own."""
    keys = [tab.key for tab in tabs]
    if asked in keys:
        return asked
    for item in unmet:
        if (key := tab_of_item(item)) in keys:
            return str(key)
    return PHASE_TABS.get(case.phase, "need")


def next_action(
    case: Case,
    *,
    unmet: Sequence[CheckResult],
    next_phase: str | None,
    can_move_on: bool,
    can_follow_up: bool,
    can_decide: bool,
    can_recommend: bool,
    can_record_vedtak: bool,
    has_recommendation: bool,
) -> NextAction | None:
    """The current phase's primary action for this user, or None when they have none to take.

    Deciding is the planning phase's way out (it moves the case on), so a planned case offers the
    decision (or, for a political case, the innstilling and then the vedtak) rather than the move.
    """
    if case.phase == Phase.PLAN and not case.is_decided and not unmet:
        if case.level == Level.POLITICAL:
            if has_recommendation and can_record_vedtak:
                return NextAction(_("Enter the political vedtak"), reverse("cases:vedtak", args=[case.pk]))
            if not has_recommendation and can_recommend:
                return NextAction(_("Write the innstilling"), reverse("cases:recommend", args=[case.pk]))
        elif can_decide:
            return NextAction(_("Decide the case"), reverse("cases:decide", args=[case.pk]))
    if can_follow_up:
        return NextAction(
            _("Choose the outcome: continue, adjust or end"),
            reverse("cases:follow_up", args=[case.pk]),
            testid="phase-follow-up",
        )
    if not can_move_on:
        return None
    if unmet:
        return NextAction(unmet[0].label, unmet[0].url)
    if next_phase is not None:
        return NextAction(
            _("Move on to «%(phase)s»") % {"phase": Phase(next_phase).label},
            reverse("cases:phase", args=[case.pk]),
            method="post",
            testid="phase-move-on",
        )
    return None
