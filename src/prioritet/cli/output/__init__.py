"""One output per command: the same result as JSON (a fixed contract), CSV rows and rich tables."""

from .frontier import FrontierOutput
from .indicators import IndicatorsOutput
from .plan import PlanOutput
from .portfolio import PortfolioOutput
from .rank import RankOutput
from .robustness import RobustnessOutput

__all__ = ["FrontierOutput", "IndicatorsOutput", "PlanOutput", "PortfolioOutput", "RankOutput", "RobustnessOutput"]
