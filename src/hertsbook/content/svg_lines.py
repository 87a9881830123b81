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
from functools import cache
from typing import TYPE_CHECKING

from hertsbook.content.numbers import number
from hertsbook.content.text import html_text

if TYPE_CHECKING:
    import pandas as pd

    from hertsbook.content.charts import Layout

PALETTE = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]  # charts.PALETTE
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
    columns = {c: frame[c].tolist() for c in {panel, x, run, *series.values(), *(band or ())}}
    marks = frame[mark].fillna("").astype(str).tolist() if mark in frame else [""] * len(frame)
    spans = [bool(s) for s in frame[span].fillna(False)] if span in frame else [False] * len(frame)
    rows: dict[object, list[int]] = {}
    for i, name in enumerate(columns[panel]):
        rows.setdefault(name, []).append(i)

    def value(column: str, i: int) -> float:
        v = columns[column][i]
        return float("nan") if v is None else float(v)

    # What every panel needs first, so the panels share one left edge, one year spacing and one label room.
    panels = []
    for name, at in rows.items():
        ends = []
        for k, (label, column) in enumerate(series.items()):
            known = [i for i in at if not math.isnan(value(column, i))]
            if known:
                last = known[-1]
                ends.append(
                    (k, value(column, last), at.index(last), f"{label} {number(value(column, last))}{unit}")
                )
        data = [value(c, i) for c in series.values() for i in at]
        if band is not None and series:
            data += [value(b, i) for b in band for i in at]
        low, high = _limits([v for v in data if not math.isnan(v)])
        ticks, decimals = _ticks(low, high, 4 if layout.narrow else 6)
        panels.append((name, at, ends, low, high, ticks, [number(t, decimals) for t in ticks]))
    longest = max(len(at) for at in rows.values())
    # End labels: wrapped if a long name would take more than about a third of the width (a region on a phone).
    room_most = width * (0.42 if layout.narrow else 0.34)
    wrapped = {e[3]: fitted(e[3], len(e[3]), room_most - 6, small) for p in panels for e in p[2]}
    room = max((text_width(t, small) for lines in wrapped.values() for t in lines), default=0.0) + 6 + PAD
    widest_tick = max((text_width(t, size) for p in panels for t in p[6]), default=0.0)
    year_words = [str(y) for y in columns[x]]
    widest_year = max((text_width(t, size) for t in year_words), default=0.0)
    below = (widest_year + size) * math.sqrt(0.5)  # a year label turned 45 degrees, ascent and descent in
    left = max(PAD + size * LINE + 5 + widest_tick + 5, PAD + below)
    right = width - PAD
    step = (right - room - left) / longest  # points per year
    tall = 150.0 if layout.narrow else 158.0  # the plot, as matplotlib's layout gave it (3.3 in a panel)
    axis = "per cent" if unit == "%" else unit

    out: list[str] = []
    top = PAD
    for name, at, ends, low, high, ticks, tick_words in panels:
        title = fitted(str(name), 2 * layout.wrap, right - left, size)
        for k, t in enumerate(title):
            out.append(_text(left, top + size * (0.8 + LINE * k), t, size))
        y0 = top + size * LINE * len(title) + 6  # the plot's top
        y1 = y0 + tall

        def ypos(v: float, y0: float = y0, y1: float = y1, low: float = low, high: float = high) -> float:
            return y1 - (v - low) / (high - low) * (y1 - y0)

        def xpos(j: int) -> float:
            return left + (j + 0.5) * step

        for t, words in zip(ticks, tick_words, strict=True):
            y = ypos(t)
            out.append(f'<path d="M {_f(left)} {_f(y)} H {_f(right)}" style="fill: none; stroke: {GRID}"/>')
            out.append(_text(left - 5, y + 0.35 * size, words, size, anchor="end"))
        out.append(_text(PAD + size * 0.8, (y0 + y1) / 2, axis, size, anchor="middle", rotate=-90))
        top_words = 0.0  # how far down the dashed lines' words reach, so the end labels stay below them
        for j, i in enumerate(at):
            if not marks[i]:
                continue
            words = textwrap.wrap(marks[i], 10) or [marks[i]]
            if spans[i]:  # a year compared with no other: shaded, its words at the foot
                out.append(
                    f'<rect x="{_f(xpos(j) - step / 2)}" y="{_f(y0)}" width="{_f(step)}" height="{_f(tall)}" '
                    f'style="fill: {MARK_INK}; opacity: 0.08"/>'
                )
                foot = y1 - 0.02 * tall - 2 - 0.24 * size
                for k, t in enumerate(words):
                    out.append(
                        _text(xpos(j), foot - (len(words) - 1 - k) * size * LINE, t, size, MARK_INK, "middle")
                    )
            else:  # a break before this year: a dashed line, its words at the top
                at_x = xpos(j) - step / 2
                out.append(
                    f'<path d="M {_f(at_x)} {_f(y0)} V {_f(y1)}" '
                    f'style="fill: none; stroke-dasharray: 3,3; stroke: {MARK_INK}"/>'
                )
                for k, t in enumerate(words):
                    out.append(
                        _text(at_x + 2, y0 + 0.02 * tall + 2 + size * (0.8 + LINE * k), t, size, MARK_INK)
                    )
                top_words = max(top_words, 0.02 * tall + 2 + size * LINE * len(words))
        runs = sorted({r for r in (columns[run][i] for i in at) if r == r and r is not None})
        for k, column in enumerate(series.values()):
            colour = PALETTE[k]
            for r in runs:
                part = [j for j, i in enumerate(at) if columns[run][i] == r]
                if band is not None and k == 0:
                    out += _band(
                        part,
                        [value(band[0], at[j]) for j in part],
                        [value(band[1], at[j]) for j in part],
                        xpos,
                        ypos,
                    )
                points = [
                    (xpos(j), ypos(value(column, at[j])))
                    for j in part
                    if not math.isnan(value(column, at[j]))
                ]
                pieces = _pieces([j for j in part if not math.isnan(value(column, at[j]))])
                path = []
                for piece in pieces:  # a missing year inside a run leaves a gap, as matplotlib does
                    if len(piece) > 1:
                        coords = " L ".join(f"{_f(xpos(j))} {_f(ypos(value(column, at[j])))}" for j in piece)
                        path.append("M " + coords)
                if path:
                    dash = f" stroke-dasharray: {DASHES[k]};" if DASHES[k] else " stroke-linecap: round;"
                    out.append(
                        f'<path d="{" ".join(path)}" style="fill: none;{dash} stroke: {colour}; stroke-width: {WIDTH}"/>'
                    )
                out += [_marker(MARKERS[k], px, py, colour) for px, py in points]
        # End labels nudged apart by spread() (heights counted up from the plot's foot), inside the plot
        # and below any break's words.
        from hertsbook.content.charts import spread

        label_lines = max((len(wrapped[e[3]]) for e in ends), default=1)  # this panel's tallest label
        gap = small * LINE * label_lines + 1
        half = small * LINE * label_lines / 2
        heights = spread([y1 - ypos(e[1]) for e in ends], gap, half, tall - max(top_words, 0) - half)
        for (k, _, j, words), h in zip(ends, heights, strict=True):
            lines = wrapped[words]
            middle = y1 - h
            for n, t in enumerate(lines):
                y = middle + (n - (len(lines) - 1) / 2) * small * LINE + 0.35 * small
                out.append(_text(xpos(j) + 6, y, t, small, PALETTE[k]))
        # Years under the plot, turned 45 degrees, ending under their place (every other one on a phone).
        for j, i in enumerate(at):
            if layout.narrow and j % 2:
                continue
            nudge = 0.35 * size * math.sqrt(0.5)  # the words' middle, not their foot, ends at the year
            out.append(_text(xpos(j) + nudge, y1 + 5 + nudge, year_words[i], size, anchor="end", rotate=-45))
        out.append(
            f'<path d="M {_f(left)} {_f(y0)} V {_f(y1)} H {_f(right)}" '
            f'style="fill: none; stroke: {GRID}; stroke-width: 1.25; stroke-linecap: square"/>'
        )
        top = y1 + 5 + below + 14  # the next panel's top
    return _document(width, top - 14 + PAD, "".join(out))


def _pieces(known: list[int]) -> list[list[int]]:
    """Consecutive positions, split where one is missing."""
    out: list[list[int]] = []
    for j in known:
        if out and out[-1][-1] == j - 1:
            out[-1].append(j)
        else:
            out.append([j])
    return out


def _band(part: list[int], lows: list[float], highs: list[float], xpos, ypos) -> list[str]:
    """The margin of error within one run: a shaded band over each stretch of years that have it."""
    held = [j for j, lo, hi in zip(part, lows, highs, strict=True) if not (math.isnan(lo) or math.isnan(hi))]
    where = dict(zip(part, zip(lows, highs, strict=True), strict=True))
    out = []
    for piece in _pieces(held):
        if len(piece) < 2:
            continue  # one year: no area, as matplotlib's fill_between draws it
        edge = [(xpos(j), ypos(where[j][1])) for j in piece] + [
            (xpos(j), ypos(where[j][0])) for j in reversed(piece)
        ]
        points = " ".join(f"{_f(a)},{_f(b)}" for a, b in edge)
        out.append(f'<polygon points="{points}" style="fill: {PALETTE[0]}; fill-opacity: 0.15"/>')
    return out
