"""The guideline's cycle as data: forberede → planlegge → utføre → evaluere → følge opp.

Each phase has a purpose, what it takes to enter it, the guideline's checklist and the anchors of
the case page's content that belongs to it (:data:`PHASES`). The checklist's items are
:class:`PhaseCheck` conditions evaluated from the case's data: the cases app declares its own here
(:data:`CASE_CHECKS`), and the apps built on cases declare theirs in their
:class:`~prioritet.cases.extensions.CaseExtension` (``phase_checks``: implementation and effects,
the plan period). A *required* check is an exit condition: :func:`unmet_exit_conditions` lists the
ones a forward move would leave unmet (of the current phase and of every phase it skips), and
:func:`prioritet.cases.services.change_phase` refuses the move with that list.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .extensions import CaseExtension, PhaseCheck, extensions
from .models import Alternative, AlternativeKind, Assessment, Level, Phase, Status

if TYPE_CHECKING:
    from django.utils.functional import Promise

    from .models import Case

#: The guideline's cycle, in order.
PHASE_ORDER: list[str] = list(Phase.values)


@dataclass(frozen=True)
class CheckResult:
    """A checklist item evaluated for one case."""

    key: str
    label: Promise | str
    met: bool
    required: bool
    url: str
    #: Where the item is fixed: the URL name its link opens and the anchor there (the case page's tabs use them).
    url_name: str = ""
    anchor: str = ""


@dataclass(frozen=True)
class PhaseInfo:
    phase: str
    purpose: Promise | str
    entry: Promise | str
    #: Anchors on the case page of the content that belongs to the phase.
    anchors: tuple[str, ...]

    @property
    def label(self) -> str:
        return str(Phase(self.phase).label)


PHASES: dict[str, PhaseInfo] = {
    Phase.PREPARE: PhaseInfo(
        Phase.PREPARE,
        _(
            "Describe the question and the need: how severe it is without a measure, the management "
            "information it rests on, who is affected and how they are involved."
        ),
        _("A new case starts here."),
        ("overview", "section-citations", "section-plan"),
    ),
    Phase.PLAN: PhaseInfo(
        Phase.PLAN,
        _(
            "Work out and assess the alternatives against doing nothing, gather the knowledge base and "
            "the views of those affected, and arrive at a combined judgment and a recommendation."
        ),
        _("The question and the need are described and the involvement is planned."),
        ("alternatives", "judgment", "section-participation", "section-evidence", "section-ethics"),
    ),
    Phase.CARRY_OUT: PhaseInfo(
        Phase.CARRY_OUT,
        _(
            "The decision is made and carried out: who is responsible, from when, and which effects "
            "are expected, with indicators, baselines, targets and dates."
        ),
        _("The alternatives are assessed and the combined judgment is available; deciding moves the case here."),
        ("decision", "section-effects"),
    ),
    Phase.EVALUATE: PhaseInfo(
        Phase.EVALUATE,
        _(
            "Compare the realised values with the expected ones, judge each effect (achieved, partly, "
            "not) and write down what was learnt. An individual vedtak is reassessed."
        ),
        _("The case is decided and its implementation is recorded."),
        ("section-effects", "decision"),
    ),
    Phase.FOLLOW_UP: PhaseInfo(
        Phase.FOLLOW_UP,
        _(
            "Choose what happens next: continue or adjust (a follow-up case opens a new cycle) or end "
            "(the case is closed). Share what was learnt in the example bank."
        ),
        _("Every expected effect is evaluated, or the vedtak is reassessed."),
        ("follow-up",),
    ),
}


def _described(case: Case) -> bool:
    return bool(case.description.strip())


def _severity_assessed(case: Case) -> bool:
    return case.severity is not None and bool(case.severity_justification.strip())


def _no_action_described(case: Case) -> bool:
    return Alternative.objects.filter(
        case=case, kind=AlternativeKind.NO_ACTION, archived=False, description__regex=r"\S"
    ).exists()


def _involvement_planned(case: Case) -> bool:
    return bool(case.involvement_plan.strip())


def _alternatives_assessed(case: Case) -> bool:
    assessed = (
        Assessment.objects.filter(
            alternative__case=case, alternative__archived=False, alternative__kind=AlternativeKind.MEASURE
        )
        .values("alternative")
        .distinct()
        .count()
    )
    return assessed >= 2


def _judgment_available(case: Case) -> bool:
    from .judgment import combined_judgment

    judgment = combined_judgment(case)
    return not judgment.severity_missing and judgment.top is not None


def _decided(case: Case) -> bool:
    return case.status == Status.DECIDED


def _reassessed(case: Case) -> bool:
    """The vedtak was reassessed: a reassessment was started and a new decision made after it."""
    started = case.reassessments.order_by("-started_at", "-id").first()
    if started is None:
        return False
    return case.status == Status.DECIDED and case.decisions.filter(decided_at__gte=started.started_at).exists()


def _followed_up(case: Case) -> bool:
    return case.follow_ups.exists()


def _individual(case: Case) -> bool:
    return case.level == Level.INDIVIDUAL


#: The cases app's own checklist items; the apps built on cases add theirs through ``phase_checks``.
CASE_CHECKS: tuple[PhaseCheck, ...] = (
    PhaseCheck(
        Phase.PREPARE,
        "question",
        _("The question and the need are described"),
        _described,
        url_name="cases:edit",
        order=10,
    ),
    PhaseCheck(
        Phase.PREPARE,
        "severity",
        _("The severity of the need is assessed and justified"),
        _severity_assessed,
        url_name="cases:edit",
        order=20,
    ),
    PhaseCheck(
        Phase.PREPARE,
        "no_action",
        _("The consequence of not starting, postponing or ending is described"),
        _no_action_described,
        anchor="alternatives",
        order=30,
    ),
    PhaseCheck(
        Phase.PREPARE,
        "involvement",
        _("Who is affected and how they are involved is planned (medvirkning)"),
        _involvement_planned,
        url_name="cases:edit",
        order=40,
    ),
    PhaseCheck(
        Phase.PREPARE,
        "management_information",
        _("The management information the case rests on is named"),
        lambda case: bool(case.management_information.strip()),
        url_name="cases:edit",
        required=False,
        order=50,
    ),
    PhaseCheck(
        Phase.PLAN,
        "alternatives",
        _("At least two alternatives are assessed"),
        _alternatives_assessed,
        anchor="alternatives",
        order=10,
    ),
    PhaseCheck(
        Phase.PLAN,
        "judgment",
        _("The combined judgment is available"),
        _judgment_available,
        anchor="judgment",
        order=20,
    ),
    PhaseCheck(Phase.CARRY_OUT, "decided", _("The decision is recorded"), _decided, anchor="decision", order=10),
    PhaseCheck(
        Phase.EVALUATE,
        "reassessed",
        _("The vedtak is reassessed (revurdering)"),
        _reassessed,
        applies=_individual,
        anchor="decision",
        order=10,
    ),
    PhaseCheck(
        Phase.FOLLOW_UP,
        "outcome",
        _("The outcome is chosen: continue, adjust or end"),
        _followed_up,
        url_name="cases:follow_up",
        order=10,
    ),
)


def declared_checks() -> list[PhaseCheck]:
    """The cases app's checks and every declared extension's, in order."""
    checks = list(CASE_CHECKS)
    for extension in extensions(CaseExtension):
        checks.extend(extension.phase_checks)
    return sorted(checks, key=lambda check: (PHASE_ORDER.index(check.phase), check.order, check.key))


def checklist(case: Case, phase: str) -> list[CheckResult]:
    """The phase's checklist for this case, each item met or not, with where to fix it."""
    out = []
    for check in declared_checks():
        if check.phase != phase or not check.applies(case):
            continue
        url = reverse(check.url_name, args=[case.pk]) + (f"#{check.anchor}" if check.anchor else "")
        out.append(
            CheckResult(
                check.key, check.label, bool(check.met(case)), check.required, url, check.url_name, check.anchor
            )
        )
    return out


def unmet_exit_conditions(case: Case, to_phase: str) -> list[CheckResult]:
    """The required items left unmet by moving forward from the case's phase to ``to_phase``.

    Moving forward leaves the current phase and every phase it skips, so their exit conditions count.
    """
    start, end = PHASE_ORDER.index(case.phase), PHASE_ORDER.index(to_phase)
    return [
        item for phase in PHASE_ORDER[start:end] for item in checklist(case, phase) if item.required and not item.met
    ]


def next_phase(phase: str) -> str | None:
    index = PHASE_ORDER.index(phase)
    return PHASE_ORDER[index + 1] if index + 1 < len(PHASE_ORDER) else None


@dataclass(frozen=True)
class Step:
    """One phase in the stepper."""

    phase: str
    label: str
    number: int
    current: bool
    done: bool


def stepper(case: Case) -> list[Step]:
    index = PHASE_ORDER.index(case.phase)
    return [Step(phase, str(Phase(phase).label), i + 1, i == index, i < index) for i, phase in enumerate(PHASE_ORDER)]
