"""The analysis engine: pure, typed and vectorised; it knows nothing of files or the web.

Everything a caller needs is importable from here.
"""

from .criteria import CRITERIA, CRITERION_INFO, Criterion, CriterionInfo, Dimension
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
from .measures import Measures, Reference
from .plan import Plan, PlanMeasures, optimise_plan, plan_years, yearly_budget
from .portfolio import VALUE_CRITERIA, Portfolio, PortfolioModel, objective_values, optimise, value_weights
from .problems import Code, InfeasibleError, InputError, Problem
from .projection import Adjustment, AdjustmentKind, Projection, ProjectionInput, project
from .ranking import Method, Priority, Ranking, priority_band, rank
from .robustness import Robustness, robustness
from .weights import Weights, WeightSpace, parse_criterion

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
