"""Server-rendered SVG charts for the reports: pure functions from numbers and labels to markup.

Every function returns one ``<svg>`` element as a string. The charts work the same in a web page,
in print and in the PDF (WeasyPrint draws SVG itself), and none needs JavaScript. They use SVG
presentation attributes only (no ``style``), so the pages' Content-Security-Policy holds.

Accessibility:

* every chart is ``role="img"`` with a ``<title>`` and a ``<desc>`` (``aria-labelledby`` points at
  both); :func:`data_table` gives the same figures as a visually hidden HTML table;
* colours reach at least 3:1 against white (WCAG 2.2, 1.4.11 non-text contrast) and text 4.5:1
  (1.4.3); :func:`contrast_ratio` is used by the tests to hold them to it;
* colour is never the only cue (1.4.1): every bar carries its criterion or measure name and its value
  as text, and series are told apart by pattern (solid, stripes, cross-hatch) as well.

Nothing here knows about Django: labels come in already translated, numbers already formatted
where the caller cares about the locale (``fmt`` arguments). All text is escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.utils.safestring import SafeString

FONT = "Inter Variable, Inter, DejaVu Sans, Arial, sans-serif"
WHITE = "#ffffff"
#: Body text in charts (15.9:1 on white).
TEXT = "#1e2b3c"
#: Secondary text: axis ticks and captions inside charts (7.6:1 on white).
MUTED = "#49566a"
#: Gridlines and the bars' track: decorative only, never the sole carrier of information.
GRID = "#d5dbe3"
#: Series colours, each at least 4.5:1 on white, in the order the series are given.
SERIES = ("#0b5394", "#7a2e7e", "#8a4b08", "#1d6b4f")
#: The highlighted element (the chosen point on the frontier): a dark red, unlike the blue line.
HIGHLIGHT = "#a3231b"
#: Not-selected measures in the robustness chart.
OTHER = "#5d6b7e"

#: Fill patterns, by series index modulo their number: solid, diagonal stripes, cross-hatch, dots.
PATTERNS = ("solid", "stripes", "hatch", "dots")


@dataclass
class Figure:
    """A chart as a report shows it: SVG markup, the same figures as a (visually hidden) table, and a
    visible caption (``reports/partials/figure.html`` renders it)."""

    key: str
    title: str
    svg: SafeString
    table: SafeString
    caption: str


def _e(text: object) -> str:
    """Escape for XML text and attribute values (quotes included)."""
    return escape(str(text), quote=True)


def _num(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros, never ``-0``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _truncate(text: str, limit: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: max(1, limit - 1)].rstrip() + "…"


def _id(prefix: str, suffix: str) -> str:
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in prefix) or "chart"
    if not safe[0].isalpha():
        safe = "c" + safe
    return f"{safe}-{suffix}"


# Colour contrast ---------------------------------------------------------------------------------


def _luminance(colour: str) -> float:
    """Relative luminance of a ``#rrggbb`` colour (WCAG 2.2)."""
    value = colour.lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(foreground: str, background: str = WHITE) -> float:
    """The WCAG contrast ratio of two ``#rrggbb`` colours, from 1 to 21."""
    a, b = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (a + 0.05) / (b + 0.05)


# Shared pieces -----------------------------------------------------------------------------------


def _pattern_defs(prefix: str, colours: Sequence[str]) -> str:
    """One ``<pattern>`` per colour (by index): solid colours need none, the others get theirs."""
    parts = []
    for i, colour in enumerate(colours):
        kind = PATTERNS[i % len(PATTERNS)]
        pid = _id(prefix, f"pattern-{i}")
        c = _e(colour)
        if kind == "stripes":
            parts.append(
                f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse" '
                f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{WHITE}"/>'
                f'<rect width="3.5" height="6" fill="{c}"/></pattern>'
            )
        elif kind == "hatch":
            parts.append(
                f'<pattern id="{pid}" width="6" height="6" patternUnits="userSpaceOnUse">'
                f'<rect width="6" height="6" fill="{WHITE}"/>'
                f'<path d="M0 0L6 6M6 0L0 6" stroke="{c}" stroke-width="1.5"/></pattern>'
            )
        elif kind == "dots":
            parts.append(
                f'<pattern id="{pid}" width="5" height="5" patternUnits="userSpaceOnUse">'
                f'<rect width="5" height="5" fill="{WHITE}"/><circle cx="2.5" cy="2.5" r="1.6" fill="{c}"/></pattern>'
            )
    return f"<defs>{''.join(parts)}</defs>" if parts else ""


def _fill(prefix: str, index: int, colour: str) -> str:
    kind = PATTERNS[index % len(PATTERNS)]
    return _e(colour) if kind == "solid" else f"url(#{_id(prefix, f'pattern-{index}')})"


def _open(prefix: str, width: float, height: float, title: str, description: str) -> str:
    tid, did = _id(prefix, "title"), _id(prefix, "desc")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{_id(prefix, "svg")}" class="pri-svg-chart" '
        f'viewBox="0 0 {_num(width)} {_num(height)}" width="{_num(width)}" height="{_num(height)}" '
        f'role="img" aria-labelledby="{tid} {did}" focusable="false" font-family="{_e(FONT)}" '
        f'font-size="12" fill="{TEXT}">'
        f'<title id="{tid}">{_e(title)}</title><desc id="{did}">{_e(description)}</desc>'
    )


def _text(
    x: float, y: float, text: str, *, size: float = 12, anchor: str = "start", weight: str = "", fill: str = TEXT
) -> str:
    extra = f' font-weight="{weight}"' if weight else ""
    anchor_attr = f' text-anchor="{anchor}"' if anchor != "start" else ""
    return (
        f'<text x="{_num(x)}" y="{_num(y)}" font-size="{_num(size)}" fill="{_e(fill)}"{anchor_attr}{extra}>'
        f"{_e(text)}</text>"
    )


def nice_ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round tick values covering ``[low, high]`` (1, 2 or 5 times a power of ten apart)."""
    if not (math.isfinite(low) and math.isfinite(high)):
        raise ValueError("tick range must be finite")
    if high < low:
        low, high = high, low
    if high == low:
        high = low + 1
    raw = (high - low) / max(1, count)
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    start = math.floor(low / step) * step
    ticks = []
    value = start
    while value <= high + step * 1e-9:
        ticks.append(round(value, 10))
        value += step
    if ticks[-1] < high:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


# The criteria profile ----------------------------------------------------------------------------

PROFILE_WIDTH = 640
PROFILE_LABEL = 118
PROFILE_BAR = 300
PROFILE_ROW = 20
PROFILE_BAR_HEIGHT = 14
PROFILE_GROUP_GAP = 12
PROFILE_HEADING = 22


@dataclass(frozen=True)
class ProfileGeometry:
    """Where the bars of :func:`criteria_profile` go: exposed for the tests of proportionality."""

    x0: float
    bar_width: float
    maximum: float


def criteria_profile(
    groups: Sequence[str],
    series: Sequence[str],
    values: Sequence[Sequence[float | None]],
    *,
    title: str,
    description: str,
    value_labels: Sequence[Sequence[str]] | None = None,
    maximum: float = 5,
    highlight: int | None = None,
    highlight_label: str = "",
    missing_label: str = "–",
    id_prefix: str = "profile",
    colours: Sequence[str] = SERIES,
) -> str:
    """Small multiples of horizontal bars: one panel per group (alternative), one bar per series.

    ``values[g][s]`` is group ``g``'s value on series ``s`` (``None``: not assessed), drawn from 0
    to ``maximum`` so that a bar's length is proportional to its value. ``value_labels[g][s]`` is
    the text after the bar (default: the number); ``highlight`` marks one group (the chosen
    alternative) in bold with ``highlight_label`` after its name.
    """
    if maximum <= 0:
        raise ValueError("maximum must be positive")
    if len(values) != len(groups) or any(len(row) != len(series) for row in values):
        raise ValueError("values must have one row per group and one value per series")
    x0 = PROFILE_LABEL
    panel = PROFILE_HEADING + len(series) * PROFILE_ROW + PROFILE_GROUP_GAP
    axis_height = 22
    height = 8 + len(groups) * panel + axis_height
    out = [_open(id_prefix, PROFILE_WIDTH, height, title, description), _pattern_defs(id_prefix, colours)]
    ticks = [maximum * i / 5 for i in range(6)]
    plot_bottom = 8 + len(groups) * panel - PROFILE_GROUP_GAP
    for t in ticks:
        x = x0 + t / maximum * PROFILE_BAR
        out.append(_text(x, plot_bottom + 14, _tick(t), size=10, anchor="middle", fill=MUTED))
    for g, name in enumerate(groups):
        top = 8 + g * panel
        # Gridlines behind each panel's bars only, so they never cross the alternative's name.
        grid_top, grid_bottom = top + PROFILE_HEADING - 3, top + PROFILE_HEADING + len(series) * PROFILE_ROW - 3
        for t in ticks:
            x = x0 + t / maximum * PROFILE_BAR
            out.append(
                f'<line x1="{_num(x)}" y1="{_num(grid_top)}" x2="{_num(x)}" y2="{_num(grid_bottom)}" '
                f'stroke="{GRID}" stroke-width="1"/>'
            )
        heading = _truncate(name, 80)
        if highlight == g and highlight_label:
            heading = f"{_truncate(name, 64)} – {highlight_label}"
        out.append(f'<g class="pri-chart-group" data-group="{g}">')
        out.append(_text(0, top + 14, heading, size=12.5, weight="700" if highlight == g else "600"))
        for s, criterion in enumerate(series):
            y = top + PROFILE_HEADING + s * PROFILE_ROW
            value = values[g][s]
            colour = colours[s % len(colours)]
            out.append(_text(8, y + PROFILE_BAR_HEIGHT - 3, _truncate(criterion, 16), size=11))
            if value is None:
                out.append(_text(x0 + 4, y + PROFILE_BAR_HEIGHT - 3, missing_label, size=11, fill=MUTED))
                continue
            clamped = min(max(float(value), 0.0), maximum)
            width = clamped / maximum * PROFILE_BAR
            out.append(
                f'<rect class="pri-bar" data-value="{_num(clamped)}" x="{_num(x0)}" y="{_num(y)}" '
                f'width="{_num(width)}" height="{PROFILE_BAR_HEIGHT}" fill="{_fill(id_prefix, s, colour)}" '
                f'stroke="{_e(colour)}" stroke-width="1.5"/>'
            )
            label = value_labels[g][s] if value_labels else _tick(float(value))
            out.append(_text(x0 + width + 6, y + PROFILE_BAR_HEIGHT - 3, _truncate(label, 30), size=11))
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def profile_geometry(maximum: float = 5) -> ProfileGeometry:
    return ProfileGeometry(x0=PROFILE_LABEL, bar_width=PROFILE_BAR, maximum=maximum)


def _tick(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


# The value-for-money frontier --------------------------------------------------------------------

FRONTIER_WIDTH = 640
FRONTIER_HEIGHT = 330
FRONTIER_MARGIN = {"left": 72, "right": 24, "top": 24, "bottom": 56}


def frontier_chart(
    points: Sequence[tuple[float, float]],
    *,
    title: str,
    description: str,
    x_label: str,
    y_label: str,
    chosen: int | None = None,
    chosen_label: str = "",
    x_fmt: Callable[[float], str] = _tick,
    y_fmt: Callable[[float], str] = _tick,
    id_prefix: str = "frontier",
) -> str:
    """The best value reachable at each budget level, as a line with point markers.

    ``points`` are (budget, value) pairs; they are drawn in order of budget. ``chosen`` is the index
    (into ``points``) of the municipality's choice: a larger diamond with a text label, so it is not
    told apart by colour alone.
    """
    if not points:
        raise ValueError("the frontier needs at least one point")
    m = FRONTIER_MARGIN
    plot_w = FRONTIER_WIDTH - m["left"] - m["right"]
    plot_h = FRONTIER_HEIGHT - m["top"] - m["bottom"]
    xs = [float(p[0]) for p in points]
    ys = [float(p[1]) for p in points]
    x_ticks = nice_ticks(min(0.0, min(xs)), max(xs))
    y_ticks = nice_ticks(min(0.0, min(ys)), max(ys))
    x_lo, x_hi = x_ticks[0], x_ticks[-1]
    y_lo, y_hi = y_ticks[0], y_ticks[-1]

    def px(x: float) -> float:
        return m["left"] + (x - x_lo) / (x_hi - x_lo) * plot_w

    def py(y: float) -> float:
        return m["top"] + plot_h - (y - y_lo) / (y_hi - y_lo) * plot_h

    out = [_open(id_prefix, FRONTIER_WIDTH, FRONTIER_HEIGHT, title, description)]
    bottom = m["top"] + plot_h
    for t in y_ticks:
        y = py(t)
        out.append(
            f'<line x1="{m["left"]}" y1="{_num(y)}" x2="{_num(m["left"] + plot_w)}" y2="{_num(y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(_text(m["left"] - 6, y + 4, y_fmt(t), size=10, anchor="end", fill=MUTED))
    for t in x_ticks:
        x = px(t)
        out.append(
            f'<line x1="{_num(x)}" y1="{_num(bottom)}" x2="{_num(x)}" y2="{_num(bottom + 4)}" stroke="{MUTED}"/>'
        )
        out.append(_text(x, bottom + 17, x_fmt(t), size=10, anchor="middle", fill=MUTED))
    out.append(
        f'<line x1="{m["left"]}" y1="{_num(bottom)}" x2="{_num(m["left"] + plot_w)}" y2="{_num(bottom)}" '
        f'stroke="{MUTED}" stroke-width="1"/>'
    )
    out.append(_text(m["left"] + plot_w / 2, FRONTIER_HEIGHT - 10, x_label, size=11, anchor="middle"))
    out.append(
        f'<text x="14" y="{_num(m["top"] + plot_h / 2)}" font-size="11" fill="{TEXT}" text-anchor="middle" '
        f'transform="rotate(-90 14 {_num(m["top"] + plot_h / 2)})">{_e(y_label)}</text>'
    )
    order = sorted(range(len(points)), key=lambda i: (xs[i], ys[i]))
    path = " ".join(f"{_num(px(xs[i]))},{_num(py(ys[i]))}" for i in order)
    out.append(
        f'<polyline class="pri-frontier-line" points="{path}" fill="none" stroke="{SERIES[0]}" stroke-width="2"/>'
    )
    for i in order:
        if i == chosen:
            continue
        out.append(
            f'<circle class="pri-frontier-point" data-x="{_num(xs[i])}" data-y="{_num(ys[i])}" '
            f'cx="{_num(px(xs[i]))}" cy="{_num(py(ys[i]))}" r="3.5" fill="{WHITE}" stroke="{SERIES[0]}" '
            f'stroke-width="2"/>'
        )
    if chosen is not None:
        if not 0 <= chosen < len(points):
            raise ValueError("chosen must index a point")
        cx, cy = px(xs[chosen]), py(ys[chosen])
        r = 8
        out.append(
            f'<path class="pri-frontier-chosen" data-x="{_num(xs[chosen])}" data-y="{_num(ys[chosen])}" '
            f'd="M{_num(cx)} {_num(cy - r)}L{_num(cx + r)} {_num(cy)}L{_num(cx)} {_num(cy + r)}'
            f'L{_num(cx - r)} {_num(cy)}Z" fill="{HIGHLIGHT}" stroke="{WHITE}" stroke-width="1.5"/>'
        )
        label = chosen_label or ""
        if label:
            # A frontier rises to the right, so the space below-right of a point (and above-left of a
            # point far right) is clear of the line.
            right = cx > m["left"] + plot_w * 0.55
            lx, ly = (cx - 12, cy - 12) if right else (cx + 12, cy + 20)
            ly = min(max(ly, m["top"] + 10), bottom - 6)
            out.append(_text(lx, ly, label, size=11.5, anchor="end" if right else "start", weight="700"))
    out.append("</svg>")
    return "".join(out)


# Robustness: the core index per measure ----------------------------------------------------------

CORE_WIDTH = 640
CORE_LABEL = 270
CORE_BAR = 270
CORE_ROW = 18
#: A row whose name takes two lines.
CORE_ROW_TALL = 28
CORE_BAR_HEIGHT = 12
#: About how many characters of 11-unit text fit in the label column.
CORE_LABEL_CHARS = 44


def wrap(text: str, width: int, lines: int = 2) -> list[str]:
    """``text`` in at most ``lines`` lines of about ``width`` characters, the last shortened with «…»."""
    words = " ".join(str(text).split()).split(" ")
    out: list[str] = []
    current = ""
    for i, word in enumerate(words):
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width or not current:
            current = candidate
            continue
        out.append(current)
        current = word
        if len(out) == lines - 1:
            current = " ".join(words[i:])
            break
    out.append(current)
    return [*out[:-1], _truncate(out[-1], width)]


def core_index_chart(
    labels: Sequence[str],
    core: Sequence[float],
    *,
    title: str,
    description: str,
    selected: Sequence[bool] | None = None,
    selected_label: str = "",
    other_label: str = "",
    percent_fmt: Callable[[float], str] = lambda share: f"{round(share * 100)} %",
    axis_label: str = "",
    id_prefix: str = "core",
) -> str:
    """One horizontal bar per measure: the share (0–1) of weightings under which it is in the best portfolio.

    ``selected`` marks the measures in the chosen portfolio: solid bars with ``selected_label``,
    the others striped with ``other_label``, so the difference is also in pattern and words.
    """
    if len(core) != len(labels) or (selected is not None and len(selected) != len(labels)):
        raise ValueError("labels, core and selected must have the same length")
    top = 20 if axis_label else 6
    names = [wrap(label, CORE_LABEL_CHARS) for label in labels]
    row = CORE_ROW_TALL if any(len(lines) > 1 for lines in names) else CORE_ROW
    height = top + len(labels) * row + 22
    colours = (SERIES[0], OTHER)
    out = [_open(id_prefix, CORE_WIDTH, height, title, description), _pattern_defs(id_prefix, colours)]
    bottom = top + len(labels) * row
    if axis_label:
        out.append(_text(CORE_LABEL, 12, axis_label, size=10.5, fill=MUTED))
    for t in (0, 0.25, 0.5, 0.75, 1):
        x = CORE_LABEL + t * CORE_BAR
        out.append(
            f'<line x1="{_num(x)}" y1="{top}" x2="{_num(x)}" y2="{_num(bottom)}" stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(_text(x, bottom + 14, percent_fmt(t), size=10, anchor="middle", fill=MUTED))
    for i, share in enumerate(core):
        y = top + i * row + (row - CORE_BAR_HEIGHT) / 2
        chosen = selected[i] if selected is not None else True
        series = 0 if chosen else 1
        value = min(max(float(share), 0.0), 1.0)
        width = value * CORE_BAR
        lines = names[i]
        first = y + CORE_BAR_HEIGHT - 2 - (6 if len(lines) > 1 else 0)
        for k, line in enumerate(lines):
            out.append(_text(0, first + 12 * k, line, size=11, weight="600" if chosen else ""))
        out.append(
            f'<rect class="pri-bar" data-value="{_num(value * 100)}" x="{CORE_LABEL}" y="{_num(y)}" '
            f'width="{_num(width)}" height="{CORE_BAR_HEIGHT}" fill="{_fill(id_prefix, series, colours[series])}" '
            f'stroke="{colours[series]}" stroke-width="1.5"/>'
        )
        note = selected_label if chosen else other_label
        text = percent_fmt(value) + (f" {note}" if note and selected is not None else "")
        out.append(_text(CORE_LABEL + width + 6, y + CORE_BAR_HEIGHT - 2, text, size=10.5))
    out.append("</svg>")
    return "".join(out)


# The text alternative as a table -----------------------------------------------------------------


def data_table(caption: str, headers: Sequence[str], rows: Sequence[Sequence[object]], *, hidden: bool = True) -> str:
    """The chart's figures as an HTML table, visually hidden by default (screen readers read it)."""
    cls = ' class="ds-sr-only pri-chart-data"' if hidden else ' class="ds-table pri-table pri-chart-data"'
    head = "".join(f'<th scope="col">{_e(h)}</th>' for h in headers)
    body = "".join(
        "<tr>"
        + "".join(
            (f'<th scope="row">{_e(cell)}</th>' if j == 0 else f"<td>{_e(cell)}</td>") for j, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table{cls}><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


# Time series -------------------------------------------------------------------------------------

LINE_WIDTH = 640
LINE_HEIGHT = 300
LINE_LEFT = 64
LINE_RIGHT = 16
LINE_TOP = 16
LINE_BOTTOM = 40
#: Dash patterns by series index: the series are told apart by dashes and markers, not colour alone.
DASHES = ("", "6 4", "2 3", "10 3 2 3", "1 4")
#: Line colours: the series colours, then the muted grey for a fifth series (5.7:1 on white).
LINE_COLOURS = (*SERIES, OTHER)
#: Sparklines (a trend in a table cell).
SPARK_WIDTH = 120
SPARK_HEIGHT = 32


def line_chart(
    periods: Sequence[str],
    series: Sequence[tuple[str, Sequence[float | None]]],
    *,
    title: str,
    description: str,
    fmt: Callable[[float], str] = lambda value: f"{value:g}",
    target: float | None = None,
    target_label: str = "",
    id_prefix: str = "line",
    width: float = LINE_WIDTH,
) -> str:
    """One line per series over the periods; a missing value (``None``, a suppressed figure) breaks
    the line and draws no point, never a zero. The first series is drawn thickest; each series has
    its own dash pattern and marker and is named in the legend under the chart. ``target`` draws a
    dashed horizontal line labelled ``target_label``. A narrower ``width`` keeps the text legible
    when the chart is scaled down to a phone's width."""
    if any(len(values) != len(periods) for _, values in series):
        raise ValueError("every series needs one value per period")
    known = [v for _, values in series for v in values if v is not None]
    if target is not None:
        known.append(target)
    legend_rows = (len(series) + (1 if target is not None else 0) + 1) // 2
    height = LINE_HEIGHT + legend_rows * 18
    out = [_open(id_prefix, width, height, title, description)]
    plot_w = width - LINE_LEFT - LINE_RIGHT
    plot_h = LINE_HEIGHT - LINE_TOP - LINE_BOTTOM
    bottom = LINE_TOP + plot_h
    if not known or not periods:
        out.append(_text(width / 2, LINE_TOP + plot_h / 2, description, anchor="middle", fill=MUTED))
        out.append("</svg>")
        return "".join(out)
    ticks = nice_ticks(min(known), max(known))
    low, high = ticks[0], ticks[-1]
    span = (high - low) or 1.0

    def px(index: int) -> float:
        return LINE_LEFT + (plot_w * index / (len(periods) - 1) if len(periods) > 1 else plot_w / 2)

    def py(value: float) -> float:
        return bottom - (value - low) / span * plot_h

    for tick in ticks:
        y = py(tick)
        out.append(
            f'<line x1="{LINE_LEFT}" y1="{_num(y)}" x2="{_num(LINE_LEFT + plot_w)}" y2="{_num(y)}" '
            f'stroke="{GRID}" stroke-width="1"/>'
        )
        out.append(_text(LINE_LEFT - 6, y + 4, fmt(tick), size=10.5, anchor="end", fill=MUTED))
    step = max(1, math.ceil(len(periods) / max(2, int(plot_w // 60))))
    for i, period in enumerate(periods):
        if i % step == 0 or i == len(periods) - 1:
            out.append(_text(px(i), bottom + 16, period, size=10.5, anchor="middle", fill=MUTED))
    if target is not None:
        y = py(target)
        out.append(
            f'<line class="pri-target" x1="{LINE_LEFT}" y1="{_num(y)}" x2="{_num(LINE_LEFT + plot_w)}" '
            f'y2="{_num(y)}" stroke="{HIGHLIGHT}" stroke-width="1.5" stroke-dasharray="8 4"/>'
        )
    for s, (_, values) in enumerate(series):
        colour = LINE_COLOURS[s % len(LINE_COLOURS)]
        dash = DASHES[s % len(DASHES)]
        width = 3 if s == 0 else 1.75
        runs: list[list[tuple[float, float]]] = [[]]
        for i, value in enumerate(values):
            if value is None:
                runs.append([])
            else:
                runs[-1].append((px(i), py(value)))
        for run in runs:
            if len(run) > 1:
                points = " ".join(f"{_num(x)},{_num(y)}" for x, y in run)
                dashed = f' stroke-dasharray="{dash}"' if dash else ""
                out.append(
                    f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="{width}"{dashed}/>'
                )
            for x, y in run:
                out.append(_marker(s, x, y, colour))
    legend_top = LINE_HEIGHT + 4
    entries = [(name, s) for s, (name, _) in enumerate(series)]
    for k, (name, s) in enumerate(entries):
        x = LINE_LEFT + (k % 2) * (plot_w / 2)
        y = legend_top + (k // 2) * 18
        colour = LINE_COLOURS[s % len(LINE_COLOURS)]
        dash = DASHES[s % len(DASHES)]
        dashed = f' stroke-dasharray="{dash}"' if dash else ""
        out.append(
            f'<line x1="{_num(x)}" y1="{_num(y)}" x2="{_num(x + 24)}" y2="{_num(y)}" stroke="{colour}" '
            f'stroke-width="{3 if s == 0 else 1.75}"{dashed}/>'
        )
        out.append(_marker(s, x + 12, y, colour))
        out.append(_text(x + 30, y + 4, _truncate(name, int(plot_w // 14)), size=11, weight="600" if s == 0 else ""))
    if target is not None:
        k = len(entries)
        x = LINE_LEFT + (k % 2) * (plot_w / 2)
        y = legend_top + (k // 2) * 18
        out.append(
            f'<line x1="{_num(x)}" y1="{_num(y)}" x2="{_num(x + 24)}" y2="{_num(y)}" stroke="{HIGHLIGHT}" '
            f'stroke-width="1.5" stroke-dasharray="8 4"/>'
        )
        out.append(_text(x + 30, y + 4, _truncate(f"{target_label} {fmt(target)}".strip(), int(plot_w // 14)), size=11))
    out.append("</svg>")
    return "".join(out)


def _marker(series: int, x: float, y: float, colour: str) -> str:
    """A point: circle, square, triangle, diamond or ring by series, so the series differ without colour."""
    kind = series % 5
    c = _e(colour)
    if kind == 0:
        return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3.5" fill="{c}"/>'
    if kind == 4:
        return f'<circle cx="{_num(x)}" cy="{_num(y)}" r="3.5" fill="{WHITE}" stroke="{c}" stroke-width="1.5"/>'
    if kind == 1:
        return (
            f'<rect x="{_num(x - 3)}" y="{_num(y - 3)}" width="6" height="6" fill="{WHITE}" '
            f'stroke="{c}" stroke-width="1.5"/>'
        )
    if kind == 2:
        return (
            f'<path d="M{_num(x)} {_num(y - 4)}L{_num(x + 4)} {_num(y + 3)}L{_num(x - 4)} {_num(y + 3)}Z" fill="{c}"/>'
        )
    return (
        f'<path d="M{_num(x)} {_num(y - 4)}L{_num(x + 4)} {_num(y)}L{_num(x)} {_num(y + 4)}L{_num(x - 4)} {_num(y)}Z" '
        f'fill="{WHITE}" stroke="{c}" stroke-width="1.5"/>'
    )


def sparkline(values: Sequence[float | None], *, title: str, id_prefix: str = "spark") -> str:
    """A small trend line for a table cell (gaps where a value is missing), titled for screen readers."""
    known = [v for v in values if v is not None]
    tid = _id(id_prefix, "title")
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="pri-sparkline" viewBox="0 0 {SPARK_WIDTH} {SPARK_HEIGHT}" '
        f'width="{SPARK_WIDTH}" height="{SPARK_HEIGHT}" role="img" aria-labelledby="{tid}" focusable="false">'
        f'<title id="{tid}">{_e(title)}</title>'
    ]
    if len(known) > 1:
        low, high = min(known), max(known)
        span = (high - low) or 1.0
        runs: list[list[str]] = [[]]
        last = (0.0, 0.0)
        for i, value in enumerate(values):
            if value is None:
                runs.append([])
                continue
            x = 3 + (SPARK_WIDTH - 6) * i / max(1, len(values) - 1)
            y = SPARK_HEIGHT - 4 - (value - low) / span * (SPARK_HEIGHT - 8)
            runs[-1].append(f"{_num(x)},{_num(y)}")
            last = (x, y)
        for run in runs:
            if len(run) > 1:
                out.append(f'<polyline points="{" ".join(run)}" fill="none" stroke="{SERIES[0]}" stroke-width="2"/>')
        out.append(f'<circle cx="{_num(last[0])}" cy="{_num(last[1])}" r="3" fill="{SERIES[0]}"/>')
    out.append("</svg>")
    return "".join(out)
