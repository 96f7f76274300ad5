"""The analysis engine: pure, typed and vectorised; it knows nothing of files or the web.

Everything a caller needs is importable from here.
"""

from .criteria import CRITERIA, CRITERION_INFO, Criterion, CriterionInfo, Dimension
from .frontier import BudgetRange, FrontierPoint, frontier
from .measures import Measures
from .portfolio import VALUE_CRITERIA, Portfolio, PortfolioModel, objective_values, optimise, value_weights
from .problems import InfeasibleError, InputError, Problem, format_amount
from .ranking import Method, Priority, Ranking, priority_band, rank
from .robustness import Robustness, robustness
from .weights import Weights, WeightSpace, parse_criterion

__all__ = [
    "CRITERIA",
    "CRITERION_INFO",
    "VALUE_CRITERIA",
    "BudgetRange",
    "Criterion",
    "CriterionInfo",
    "Dimension",
    "FrontierPoint",
    "InfeasibleError",
    "InputError",
    "Measures",
    "Method",
    "Portfolio",
    "PortfolioModel",
    "Priority",
    "Problem",
    "Ranking",
    "Robustness",
    "WeightSpace",
    "Weights",
    "format_amount",
    "frontier",
    "objective_values",
    "optimise",
    "parse_criterion",
    "priority_band",
    "rank",
    "robustness",
    "value_weights",
]
