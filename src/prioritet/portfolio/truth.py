"""One truth between a case and its budget: the decision of a case with a portfolio is a scenario.

A case with a portfolio of measures answers «which package of measures within this budget?». Its
alternatives are the portfolio's **scenarios** (the administration's proposal, the optimal selection,
a political alternative): saving a scenario adds it to the case as an alternative
(:func:`prioritet.portfolio.services.create_scenario`), and the decision must choose one of them (or
«not start, postpone or end»): :func:`decision_rule`, declared on the app's ``CaseExtension`` and asked
by :func:`prioritet.cases.services.decide`. So the saksframlegg shows one recommendation and one
decision: the portfolio section spells out in measures the very alternative the combined judgment
suggests or the decision chose (:func:`case_selection`); the engine's optimum within the budget is an
analysis beside it, never a second recommendation. See docs/architecture.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.translation import gettext as _

from prioritet.cases import selectors as case_selectors
from prioritet.cases.extensions import Annotation
from prioritet.cases.judgment import combined_judgment

from .models import Measure, Portfolio, Scenario

if TYPE_CHECKING:
    from prioritet.cases.models import Alternative, Case


def _portfolio_with_measures(case: Case) -> Portfolio | None:
    portfolio = Portfolio.objects.filter(case=case).first()
    if portfolio is None or not Measure.objects.filter(portfolio=portfolio, archived=False).exists():
        return None
    return portfolio


def decision_rule(case: Case, alternative: Alternative) -> str:
    """A case with a portfolio of measures is decided by choosing one of its scenarios (or no action)."""
    if alternative.is_no_action or _portfolio_with_measures(case) is None:
        return ""
    if Scenario.objects.filter(alternative=alternative, archived=False).exists():
        return ""
    return _(
        "The case has a portfolio of measures, so the decision is the choice of one of its scenarios: «%(title)s» "
        "is not a scenario. Choose a scenario, or save this selection as a scenario in the portfolio first."
    ) % {"title": alternative.title}


def scenario_notes(case: Case, alternatives: Sequence[Alternative]) -> Mapping[int, list[Annotation]]:
    """Beside each alternative of a case with a portfolio: which scenario it is, or that it cannot be chosen."""
    portfolio = _portfolio_with_measures(case)
    if portfolio is None:
        return {}
    scenarios = {
        s.alternative_id: s for s in Scenario.objects.filter(portfolio=portfolio, alternative__in=list(alternatives))
    }
    notes: dict[int, list[Annotation]] = {}
    for alternative in alternatives:
        if alternative.is_no_action:
            continue
        scenario = scenarios.get(alternative.pk)
        if scenario is not None:
            label = _("Scenario of the portfolio (%(kind)s)") % {"kind": scenario.get_kind_display().lower()}
            url = reverse("portfolio:scenario", args=[portfolio.pk, scenario.pk])
            notes[alternative.pk] = [Annotation(label, url)]
        else:
            notes[alternative.pk] = [
                Annotation(_("Not a scenario of the portfolio: cannot be chosen in a case with a portfolio"))
            ]
    return notes


class SelectionState(StrEnum):
    #: The case is decided: the decision's scenario.
    DECIDED = "decided"
    #: A political case not yet decided: the scenario of the municipal director's innstilling.
    RECOMMENDED = "recommended"
    #: Not decided: the scenario the combined judgment suggests first.
    SUGGESTED = "suggested"
    #: Not decided, and the judgment's first suggestion is not a scenario (or there is none).
    NONE = "none"


@dataclass(frozen=True)
class CaseSelection:
    """The one selection of measures the case stands for: its decision's scenario or its suggestion's."""

    state: SelectionState
    scenario: Scenario | None
    #: The alternative decided or suggested first (None when nothing is assessed yet).
    alternative: Alternative | None


def case_selection(case: Case) -> CaseSelection:
    """The scenario the case's decision chose, or else its innstilling's, or else the one its combined
    judgment suggests first: one recommendation (a political case's innstilling before the vedtak, the
    vedtak after), never the optimum or the first suggestion beside the innstilling."""
    decision = case_selectors.current_decision(case)
    recommendation = case_selectors.current_recommendation(case) if decision is None else None
    if decision is not None:
        alternative = decision.alternative
        state = SelectionState.DECIDED
    elif recommendation is not None:
        alternative = recommendation.alternative
        state = SelectionState.RECOMMENDED
    else:
        top = combined_judgment(case).top
        alternative = top.alternative if top is not None else None
        state = SelectionState.SUGGESTED
    scenario = None
    if alternative is not None and not alternative.is_no_action:
        scenario = Scenario.objects.filter(alternative=alternative).prefetch_related("measures").first()
    if scenario is None and state == SelectionState.SUGGESTED:
        state = SelectionState.NONE
    return CaseSelection(state, scenario, alternative)
