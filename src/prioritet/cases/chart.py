"""A small bar chart of the combined judgment, as server-rendered inline SVG geometry.

Only SVG presentation attributes are used (no ``style``), so the page's Content-Security-Policy
(``style-src 'self'``) holds. The template adds a ``<title>``/``<desc>`` text alternative.
"""

from __future__ import annotations

from dataclasses import dataclass

from .judgment import CombinedJudgment

LABEL_WIDTH = 260
BAR_WIDTH = 300
ROW_HEIGHT = 28
BAR_HEIGHT = 18
PAD = 6


@dataclass
class Bar:
    label: str
    value: float
    percent: int
    y: int
    text_y: int
    width: int
    value_x: int
    top: bool


@dataclass
class Chart:
    bars: list[Bar]
    width: int
    height: int
    label_width: int = LABEL_WIDTH
    bar_width: int = BAR_WIDTH


def _short(text: str, limit: int = 36) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def bar_chart(judgment: CombinedJudgment) -> Chart | None:
    rows = judgment.ranked
    if not rows:
        return None
    bars = []
    for i, row in enumerate(rows):
        y = PAD + i * ROW_HEIGHT
        value = row.ranked_value
        width = max(1, round(value * BAR_WIDTH))
        bars.append(
            Bar(
                label=_short(row.alternative.title),
                value=value,
                percent=round(value * 100),
                y=y,
                text_y=y + BAR_HEIGHT - 4,
                width=width,
                value_x=LABEL_WIDTH + width + 6,
                top=row.is_top,
            )
        )
    return Chart(bars=bars, width=LABEL_WIDTH + BAR_WIDTH + 60, height=PAD * 2 + len(rows) * ROW_HEIGHT)
