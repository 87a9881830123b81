"""The over-the-years chart (small line charts stacked, no line across a break) written as SVG text.

Every council's page draws this chart, wide and narrow: 18 panels each. Through matplotlib it cost 3.4 to
3.6 CPU s a council (building 36 axes, constrained layout, measuring the tight crop, the draw), most of a
page's time; written here as text it costs a few hundredths (docs/design.md, tricks). It keeps the house
look of `charts.use_house_style` (seaborn's whitegrid: white, light grey horizontal grid lines, left and
bottom axis lines) and matplotlib's own choices where a reader would see them: the y range as autoscale
gives it, ticks from matplotlib's MaxNLocator, markers and dashes as matplotlib draws them.

All lengths are in points (the viewBox is in points, as matplotlib's is, so text sizes read as before).
Words are measured with DejaVu Sans's advance widths (kerning aside, within 1% of matplotlib's measure),
so the room kept for them is known and nothing is drawn past the edges.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from hertsbook.content.charts import PALETTE, Layout, spread  # charts calls this module, so it is loaded
from hertsbook.content.numbers import number
from hertsbook.content.text import html_text

if TYPE_CHECKING:
    import pandas as pd

INK, MARK_INK, GRID = "#262626", "#3D3D3D", "#cccccc"  # seaborn's text (.15) and grid (.8) greys
FONT = "DejaVu Sans"
PAD = 4.0  # points kept clear at every edge, as savefig's pad_inches (0.1 in = 7.2 pt, less a little)
LINE = 1.2  # a line of text is 1.2 times its size high
# matplotlib's dash patterns for "-", "--", ":", "-." at line width 2 (lines.*_pattern scaled by the width)
DASHES = ["", "7.4,3.2", "2,3.3", "12.8,3.2,2,3.2"]
MARKERS = ["o", "s", "^", "D"]
WIDTH, MARKER = 2, 5.0  # line width and marker size (points), as the matplotlib chart had them


@cache
def _advance(char: str) -> float:
    """The advance width of one character of DejaVu Sans at 1 pt (the font matplotlib ships)."""
    from matplotlib import ft2font
    from matplotlib.font_manager import FontProperties, findfont, get_font

    font = get_font(findfont(FontProperties(family=FONT)))
    font.set_size(100, 72)  # 100 pt at 72 dpi: the advance is in points, to 1/65536
    glyph = font.load_char(ord(char), flags=ft2font.LoadFlags.NO_HINTING)
    return glyph.linearHoriAdvance / 65536 / 100


def text_width(text: str, size: float) -> float:
    """Points the words take at `size` (sum of advances: no kerning, which only narrows them)."""
    return sum(_advance(c) for c in text) * size


def fitted(text: str, width: int, room: float, size: float) -> list[str]:
    """`text` wrapped at `width` characters, or fewer, until every line fits in `room` points."""
    while True:
        lines = textwrap.wrap(text, width) or [text]
        if width <= 8 or max(text_width(t, size) for t in lines) <= room:
            return lines
        width -= 2


def _f(value: float) -> str:
    """A coordinate to 0.01 pt (a hundredth of a point is far under a pixel at any width shown)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _text(
    x: float, y: float, words: str, size: float, colour: str = INK, anchor: str = "start", rotate: int = 0
) -> str:
    """One line of words, escaped (data is text), in matplotlib's style attribute."""
    place = (
        f'transform="translate({_f(x)} {_f(y)}) rotate({rotate})"' if rotate else f'x="{_f(x)}" y="{_f(y)}"'
    )
    style = f"font-size: {size:g}px; font-family: '{FONT}'; text-anchor: {anchor}; fill: {colour}"
    return f'<text {place} style="{style}">{html_text(words)}</text>'


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    """matplotlib's marker at size 5: circle 5 across, square of side 5, triangle 5 by 5, diamond the square
    turned 45 degrees; filled and edged in the line's colour."""
    h = MARKER / 2
    if shape == "o":
        return f'<circle cx="{_f(x)}" cy="{_f(y)}" r="{h:g}" style="fill: {colour}; stroke: {colour}"/>'
    d = h * math.sqrt(2)
    corners = {
        "s": [(-h, -h), (h, -h), (h, h), (-h, h)],
        "^": [(0, -h), (h, h), (-h, h)],
        "D": [(0, -d), (d, 0), (0, d), (-d, 0)],
    }[shape]
    points = " ".join(f"{_f(x + a)},{_f(y + b)}" for a, b in corners)
    return f'<polygon points="{points}" style="fill: {colour}; stroke: {colour}; stroke-linejoin: miter"/>'


def _limits(values: Sequence[float]) -> tuple[float, float]:
    """The y range matplotlib's autoscale gives these values: widened if they are one value (`nonsingular`,
    by 5% of it), then 5% of the span added at each end."""
    if not values:
        return 0.0, 1.0  # an axes with no data
    low, high = min(values), max(values)
    if high - low <= max(abs(low), abs(high)) * 1e-15:
        low, high = (-0.05, 0.05) if high == 0 else (low - 0.05 * abs(low), high + 0.05 * abs(high))
    margin = (high - low) * 0.05
    return low - margin, high + margin


def _ticks(low: float, high: float, bins: int) -> tuple[list[float], int]:
    """matplotlib's default y ticks (MaxNLocator, steps 1, 2, 2.5, 5, 10) inside the range, and the decimals
    their labels need (matplotlib writes them all with the same number: 77.0, 77.5)."""
    from matplotlib.ticker import MaxNLocator

    values = MaxNLocator(nbins=bins, steps=[1, 2, 2.5, 5, 10]).tick_values(low, high)
    step = values[1] - values[0] if len(values) > 1 else 1.0
    decimals = next((d for d in range(4) if abs(step * 10**d - round(step * 10**d)) < 1e-6), 4)
    slack = (high - low) * 1e-9
    return [float(v) for v in values if low - slack <= v <= high + slack], decimals


def empty_svg(layout: Layout, message: str) -> str:
    """A small chart that says why it is empty (a council without figures), never a traceback."""
    width, size = layout.width * 72, layout.text
    lines = fitted(message, 2 * layout.wrap, width - 2 * PAD, size)
    height = 1.6 * 72
    top = height / 2 - (len(lines) - 1) * size * LINE / 2 + 0.35 * size
    words = "".join(
        _text(width / 2, top + k * size * LINE, t, size, anchor="middle") for k, t in enumerate(lines)
    )
    return _document(width, height, words)


def _document(width: float, height: float, body: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_f(width)}pt" height="{_f(height)}pt" '
        f'viewBox="0 0 {_f(width)} {_f(height)}" version="1.1">'
        f'<rect width="{_f(width)}" height="{_f(height)}" style="fill: #ffffff"/>{body}</svg>\n'
    )


@dataclass(frozen=True)
class Plot:
    """One panel's plot area in points, and its y range in the data's units."""

    left: float
    right: float
    top: float
    bottom: float
    step: float  # points per year
    low: float
    high: float

    def x(self, j: int) -> float:
        return self.left + (j + 0.5) * self.step

    def y(self, value: float) -> float:
        return self.bottom - (value - self.low) / (self.high - self.low) * (self.bottom - self.top)


@dataclass(frozen=True)
class Panel:
    name: str
    rows: list[int]  # the frame's rows, in order
    ends: list[tuple[int, float, int, str]]  # each drawn series: its number, last value, its year, its label
    low: float
    high: float
    ticks: list[tuple[float, str]]


def lines_with_breaks_svg(
    frame: pd.DataFrame,
    panel: str,
    x: str,
    series: dict[str, str],
    run: str,
    band: tuple[str, str] | None,
    mark: str,
    span: str,
    unit: str,
    layout: Layout,
    empty: str,
) -> str:
    """`charts.lines_with_breaks`, as SVG text (its docstring says what is drawn)."""
    if frame.empty:
        return empty_svg(layout, empty)
    width, size, small = layout.width * 72, layout.text, layout.values
    numbers = {c: frame[c].astype(float).tolist() for c in {*series.values(), *(band or ())}}
    runs = frame[run].tolist()
    marks = (
        [str(m) if m == m and m is not None else "" for m in frame[mark].tolist()] if mark in frame else []
    )
    spans = [bool(s) if s == s else False for s in frame[span].tolist()] if span in frame else []
    years = [str(y) for y in frame[x].tolist()]
    grouped: dict[object, list[int]] = {}
    for i, name in enumerate(frame[panel].tolist()):
        grouped.setdefault(name, []).append(i)
    panels = [_panel(str(name), rows, series, numbers, band, unit, layout) for name, rows in grouped.items()]

    # The panels share one left edge, one spacing of years and one room for the end labels on the right.
    wrapped = {e[3]: fitted(e[3], len(e[3]), width * 0.42 - 6, small) for p in panels for e in p.ends}
    room = max((text_width(t, small) for lines in wrapped.values() for t in lines), default=0.0) + 6 + PAD
    widest_tick = max((text_width(t, size) for p in panels for _, t in p.ticks), default=0.0)
    below = (max(text_width(t, size) for t in years) + size) * math.sqrt(0.5)  # a year turned 45 degrees
    left = max(PAD + size * LINE + 5 + widest_tick + 5, PAD + below)
    right = width - PAD
    step = (right - room - left) / max(len(p.rows) for p in panels)
    tall = 150.0 if layout.narrow else 158.0  # the plot's height, as matplotlib's layout gave it
    axis = "per cent" if unit == "%" else unit

    out: list[str] = []
    top = PAD
    for one in panels:
        title = fitted(one.name, 2 * layout.wrap, right - left, size)
        out += [_text(left, top + size * (0.8 + LINE * k), t, size) for k, t in enumerate(title)]
        plot_top = top + size * LINE * len(title) + 6
        plot = Plot(left, right, plot_top, plot_top + tall, step, one.low, one.high)
        out += _axes(plot, one.ticks, axis, size)
        marked, reach = _marks(
            plot,
            [(j, marks[i], bool(spans and spans[i])) for j, i in enumerate(one.rows) if marks and marks[i]],
            size,
        )
        out += marked
        for k, column in enumerate(series.values()):
            # Each run alone: no line across a break.
            for r in sorted({runs[i] for i in one.rows if runs[i] == runs[i]}):
                part = [j for j, i in enumerate(one.rows) if runs[i] == r]
                if band is not None and k == 0:
                    low, high = ([numbers[b][one.rows[j]] for j in part] for b in band)
                    out += _band(plot, part, low, high)
                out += _line(plot, k, [(j, numbers[column][one.rows[j]]) for j in part])
        out += _end_labels(plot, one.ends, wrapped, small, reach)
        for j, i in enumerate(one.rows):  # years under the plot, turned 45 degrees; every other on a phone
            if not (layout.narrow and j % 2):
                nudge = 0.35 * size * math.sqrt(0.5)  # the words' middle, not their foot, ends at the year
                out.append(
                    _text(
                        plot.x(j) + nudge, plot.bottom + 5 + nudge, years[i], size, anchor="end", rotate=-45
                    )
                )
        top = plot.bottom + 5 + below + 14  # the next panel's top
    return _document(width, top - 14 + PAD, "".join(out))


def _panel(
    name: str,
    rows: list[int],
    series: dict[str, str],
    numbers: dict[str, list[float]],
    band: tuple[str, str] | None,
    unit: str,
    layout: Layout,
) -> Panel:
    """What one panel shows: each series' last value and label, the y range of its data and band, its ticks."""
    ends = []
    for k, (label, column) in enumerate(series.items()):
        known = [j for j, i in enumerate(rows) if not math.isnan(numbers[column][i])]
        if known:  # a series with no figure in this panel has no line and no label
            value = numbers[column][rows[known[-1]]]
            ends.append((k, value, known[-1], f"{label} {number(value)}{unit}"))
    drawn = [*series.values(), *(band or ())] if series else []
    low, high = _limits([v for c in drawn for i in rows if not math.isnan(v := numbers[c][i])])
    ticks, decimals = _ticks(low, high, 4 if layout.narrow else 6)
    return Panel(name, rows, ends, low, high, [(t, number(t, decimals)) for t in ticks])


def _axes(plot: Plot, ticks: list[tuple[float, str]], axis: str, size: float) -> list[str]:
    """Grid lines at the ticks with their numbers, the axis label, the left and bottom axis lines."""
    out = []
    for value, words in ticks:
        y = plot.y(value)
        out.append(
            f'<path d="M {_f(plot.left)} {_f(y)} H {_f(plot.right)}" style="fill: none; stroke: {GRID}"/>'
        )
        out.append(_text(plot.left - 5, y + 0.35 * size, words, size, anchor="end"))
    out.append(_text(PAD + size * 0.8, (plot.top + plot.bottom) / 2, axis, size, anchor="middle", rotate=-90))
    out.append(
        f'<path d="M {_f(plot.left)} {_f(plot.top)} V {_f(plot.bottom)} H {_f(plot.right)}" '
        f'style="fill: none; stroke: {GRID}; stroke-width: 1.25; stroke-linecap: square"/>'
    )
    return out


def _marks(plot: Plot, marked: list[tuple[int, str, bool]], size: float) -> tuple[list[str], float]:
    """Each marked year: a break before it as a dashed line with its words at the top, or a year compared
    with no other shaded with its words at the foot. Also how far down from the top the words reach."""
    out, reach = [], 0.0
    tall = plot.bottom - plot.top
    for j, words, shaded in marked:
        lines = textwrap.wrap(words, 10) or [words]
        if shaded:
            out.append(
                f'<rect x="{_f(plot.x(j) - plot.step / 2)}" y="{_f(plot.top)}" width="{_f(plot.step)}" '
                f'height="{_f(tall)}" style="fill: {MARK_INK}; opacity: 0.08"/>'
            )
            foot = plot.bottom - 0.02 * tall - 2 - 0.24 * size
            for k, t in enumerate(lines):
                out.append(
                    _text(plot.x(j), foot - (len(lines) - 1 - k) * size * LINE, t, size, MARK_INK, "middle")
                )
        else:
            at = plot.x(j) - plot.step / 2
            out.append(
                f'<path d="M {_f(at)} {_f(plot.top)} V {_f(plot.bottom)}" '
                f'style="fill: none; stroke-dasharray: 3,3; stroke: {MARK_INK}"/>'
            )
            for k, t in enumerate(lines):
                out.append(
                    _text(at + 2, plot.top + 0.02 * tall + 2 + size * (0.8 + LINE * k), t, size, MARK_INK)
                )
            reach = max(reach, 0.02 * tall + 2 + size * LINE * len(lines))
    return out, reach


def _pieces(known: list[int]) -> list[list[int]]:
    """Consecutive positions, split where one is missing."""
    out: list[list[int]] = []
    for j in known:
        if out and out[-1][-1] == j - 1:
            out[-1].append(j)
        else:
            out.append([j])
    return out


def _line(plot: Plot, k: int, points: list[tuple[int, float]]) -> list[str]:
    """Series `k` within one run: its line (a missing year leaves a gap, as matplotlib leaves one), markers."""
    where = {j: plot.y(v) for j, v in points if not math.isnan(v)}
    stretches = [
        "M " + " L ".join(f"{_f(plot.x(j))} {_f(where[j])}" for j in p) for p in _pieces(list(where))
    ]
    stretches = [s for s in stretches if " L " in s]  # a lone year is a marker only
    out = []
    if stretches:
        dash = f" stroke-dasharray: {DASHES[k]};" if DASHES[k] else " stroke-linecap: round;"
        style = f"fill: none;{dash} stroke: {PALETTE[k]}; stroke-width: {WIDTH}"
        out.append(f'<path d="{" ".join(stretches)}" style="{style}"/>')
    return out + [_marker(MARKERS[k], plot.x(j), y, PALETTE[k]) for j, y in where.items()]


def _band(plot: Plot, part: list[int], lows: list[float], highs: list[float]) -> list[str]:
    """The margin of error within one run: a shaded band over each stretch of years that have it."""
    where = {j: (lo, hi) for j, lo, hi in zip(part, lows, highs, strict=True) if not math.isnan(lo + hi)}
    out = []
    for piece in _pieces(list(where)):
        if len(piece) < 2:
            continue  # one year: no area, as matplotlib's fill_between draws it
        edge = [(j, where[j][1]) for j in piece] + [(j, where[j][0]) for j in reversed(piece)]
        points = " ".join(f"{_f(plot.x(j))},{_f(plot.y(v))}" for j, v in edge)
        out.append(f'<polygon points="{points}" style="fill: {PALETTE[0]}; fill-opacity: 0.15"/>')
    return out


def _end_labels(
    plot: Plot,
    ends: list[tuple[int, float, int, str]],
    wrapped: dict[str, list[str]],
    size: float,
    reach: float,
) -> list[str]:
    """Each line's last value at its end, nudged apart by spread() (heights counted up from the plot's foot)
    so that none overlaps another, all inside the plot and below the words of any break."""
    lines = max((len(wrapped[e[3]]) for e in ends), default=1)  # the panel's tallest label
    half = size * LINE * lines / 2
    tall = plot.bottom - plot.top
    heights = spread([plot.bottom - plot.y(e[1]) for e in ends], 2 * half + 1, half, tall - reach - half)
    out = []
    for (k, _, j, label), height in zip(ends, heights, strict=True):
        words = wrapped[label]
        for n, t in enumerate(words):
            y = plot.bottom - height + (n - (len(words) - 1) / 2) * size * LINE + 0.35 * size
            out.append(_text(plot.x(j) + 6, y, t, size, PALETTE[k]))
    return out
