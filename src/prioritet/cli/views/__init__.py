"""One view per command: the same result as JSON (a fixed contract), CSV rows and rich tables."""

from .frontier import FrontierView
from .portfolio import PortfolioView
from .rank import RankView
from .robustness import RobustnessView

__all__ = ["FrontierView", "PortfolioView", "RankView", "RobustnessView"]
