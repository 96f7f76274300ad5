"""The analysis engine: pure, typed and vectorised; it knows nothing of files or the web.

Everything a caller needs is importable from here. What ranking needs is imported at once; the
optimisation, robustness, planning, projection and elicitation modules when one of their names is
first used (:func:`__getattr__`), so that ranking a file from the command line does not pay for them.
"""

from __future__ import annotations

import sys
from importlib import import_module
from types import ModuleType
from typing import TYPE_CHECKING

from .criteria import CRITERIA, CRITERION_INFO, Criterion, CriterionInfo, Dimension
from .measures import Measures, Reference
from .problems import Code, InfeasibleError, InputError, Problem
from .ranking import Method, Priority, Ranking, priority_band, rank
from .weights import Weights, WeightSpace, parse_criterion

if TYPE_CHECKING:
    from .elicitation import (
        Comparison,
        ElicitedWeights,
        Profile,
        informative_pairs,
        profile_partial_values,
        swing_weights,
        weights_from_comparisons,
    )
    from .frontier import BudgetRange, FrontierPoint, frontier
    from .plan import Plan, PlanMeasures, optimise_plan, plan_years, yearly_budget
    from .portfolio import VALUE_CRITERIA, Portfolio, PortfolioModel, objective_values, optimise, value_weights
    from .projection import Adjustment, AdjustmentKind, Projection, ProjectionInput, project
    from .robustness import Robustness, robustness

#: Module of each name imported when first used.
_LAZY: dict[str, str] = {
    **dict.fromkeys(
        (
            "Comparison",
            "ElicitedWeights",
            "Profile",
            "informative_pairs",
            "profile_partial_values",
            "swing_weights",
            "weights_from_comparisons",
        ),
        "elicitation",
    ),
    **dict.fromkeys(("BudgetRange", "FrontierPoint", "frontier"), "frontier"),
    **dict.fromkeys(("Plan", "PlanMeasures", "optimise_plan", "plan_years", "yearly_budget"), "plan"),
    **dict.fromkeys(
        ("VALUE_CRITERIA", "Portfolio", "PortfolioModel", "objective_values", "optimise", "value_weights"), "portfolio"
    ),
    **dict.fromkeys(("Adjustment", "AdjustmentKind", "Projection", "ProjectionInput", "project"), "projection"),
    **dict.fromkeys(("Robustness", "robustness"), "robustness"),
}


def __getattr__(name: str) -> object:
    """A name of a module not imported yet: import it, and keep the name here."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


class _Engine(ModuleType):
    """The package, which keeps its functions ``frontier`` and ``robustness`` when their modules load.

    Python sets a submodule as an attribute of its package when it first imports it; a function of
    the same name, exported here, must not be replaced by its module (``engine.robustness(...)``).
    """

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, ModuleType) and _LAZY.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Engine

__all__ = [
    "CRITERIA",
    "CRITERION_INFO",
    "VALUE_CRITERIA",
    "Adjustment",
    "AdjustmentKind",
    "BudgetRange",
    "Code",
    "Comparison",
    "Criterion",
    "CriterionInfo",
    "Dimension",
    "ElicitedWeights",
    "FrontierPoint",
    "InfeasibleError",
    "InputError",
    "Measures",
    "Method",
    "Plan",
    "PlanMeasures",
    "Portfolio",
    "PortfolioModel",
    "Priority",
    "Problem",
    "Profile",
    "Projection",
    "ProjectionInput",
    "Ranking",
    "Reference",
    "Robustness",
    "WeightSpace",
    "Weights",
    "frontier",
    "informative_pairs",
    "objective_values",
    "optimise",
    "optimise_plan",
    "parse_criterion",
    "plan_years",
    "priority_band",
    "profile_partial_values",
    "project",
    "rank",
    "robustness",
    "swing_weights",
    "value_weights",
    "weights_from_comparisons",
    "yearly_budget",
]
