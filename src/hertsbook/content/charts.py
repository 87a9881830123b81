"""The house chart style, and publishing a chart with its alt text, data table and CSV download.

Charts are SVG (crisp, searchable text) on an opaque white background so they read in dark mode too. The
Government Analysis Function palette is colour-blind-checked; lines and bars are labelled directly so
colour never carries meaning alone.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

# seaborn's optional "stats" extra (scipy) is installed, for great-expectations; seaborn then imports
# scipy.stats and scipy.cluster at once, for KDE plots, clustermaps and dendrograms the book never draws: 0.9
# of its 1.0 CPU s of import, paid by every kernel that runs a notebook (docs/design.md, tricks table).
SEABORN_WITHOUT = ("scipy.stats", "scipy.cluster")


def _import_seaborn() -> ModuleType:
    """seaborn as it sets itself up without its optional scipy: the book's styling is the same.

    The two are hidden only while seaborn is imported (an `import` of a module set to None in sys.modules
    raises ImportError, which seaborn takes as "scipy is not installed"); either can be imported afterwards.
    seaborn then computes KDEs with its own copy of scipy's `gaussian_kde` and refuses cumulative KDEs and
    clustermaps, which need scipy. One already imported is left alone.
    """
    if "seaborn" in sys.modules:
        return sys.modules["seaborn"]
    hidden = [name for name in SEABORN_WITHOUT if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]
    try:
        import seaborn
    finally:
        for name in hidden:
            del sys.modules[name]
    return seaborn


sns = _import_seaborn()

from hertsbook.content.numbers import heading, is_number, number, plain_cell  # noqa: E402
from hertsbook.content.text import html_text, national  # noqa: E402

PALETTE = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]
FIGURES_URL = "../figures"  # from a chapter page (notebooks/THEME.html) to the published /figures/
# A run of one notebook (`python -m hertsbook run`, `make lab`) sets where its page finds its own figures.
FIGURES_URL_ENV = "HERTSBOOK_FIGURES_URL"


@dataclass(frozen=True)
class Layout:
    """How big one version of a chart is drawn, in inches and points.

    What a reader sees is the SVG's font size times the width the page gives the image over the SVG's width.
    The page column is 672 px at 1280 px and 312 px at 360 px: a 7-inch figure (504 pt, shown at its natural
    672 px) turns 10 pt into 13 px; a 4-inch one in the phone's 312 px turns 11 pt into 12 px.
    """

    suffix: str  # added to the file name stem
    width: float  # inches
    text: float  # points: tick labels, axis labels, legends, panel titles
    values: float  # points: numbers written beside the marks
    wrap: int  # characters per line of a row label
    narrow: bool  # panels stack and labels thin out


WIDE = Layout(suffix="", width=7.0, text=11, values=10, wrap=36, narrow=False)
NARROW = Layout(suffix="-narrow", width=4.0, text=11, values=11, wrap=18, narrow=True)
NARROW_MEDIA = "(max-width: 600px)"  # the phone layout's breakpoint; the page column is then under 560 px


def use_house_style(layout: Layout = WIDE) -> None:
    sns.set_theme(style="whitegrid", palette=PALETTE, font="DejaVu Sans")
    plt.rcParams.update(
        {
            "svg.hashsalt": "hertsbook",  # stable ids inside the SVG
            "svg.fonttype": "none",  # text stays text: searchable and sharp
            "figure.facecolor": "white",
            "savefig.facecolor": "white",
            "axes.facecolor": "white",
            "font.size": layout.text,
            "axes.titlesize": layout.text,
            "axes.labelsize": layout.text,
            "xtick.labelsize": layout.text,
            "ytick.labelsize": layout.text,
            "legend.fontsize": layout.text,
            "figure.constrained_layout.use": True,  # everything inside the figure: its width is the SVG's
            "text.parse_math": False,  # a "$" in data is a dollar sign, never the start of mathtext
        }
    )


@dataclass(frozen=True)
class Chart:
    name: str  # file name stem: letters, digits and hyphens
    title: str  # the finding, in a sentence
    subtitle: str  # what is measured, and in what unit
    source: str  # the document(s) the numbers come from
    alt: str  # about 125 characters, written from the data
    national_files: tuple[str, ...] = ()  # national files (data/national/) the numbers come from


def figures_dir() -> Path:
    return Path(os.environ.get("HERTSBOOK_FIGURES", "_build/figures"))


def figures_url() -> str:
    """The figures' folder as the page showing them links it: the book's by default, a run's own if set."""
    return os.environ.get(FIGURES_URL_ENV) or FIGURES_URL


def table_html(frame: pd.DataFrame, caption: str, html_columns: tuple[str, ...] = ()) -> str:
    """A real HTML table: caption, column headers with scope, numbers right-aligned.

    Headings are words with units and numbers are written plainly (hertsbook.content.numbers); the CSV of a
    chart keeps the machine column names and full precision. Cells of `html_columns` are trusted HTML made
    by the package (figures linked to their evidence).
    """
    head = "".join(f'<th scope="col">{html_text(heading(str(c)))}</th>' for c in frame.columns)
    body = []
    for _, row in frame.iterrows():
        cells = []
        for i, (column, value) in enumerate(row.items()):
            numeric = is_number(value)
            text = str(value) if column in html_columns else html_text(plain_cell(value))
            tag, end = ('th scope="row"', "th") if i == 0 else ("td", "td")
            css = ' class="hb-num"' if numeric else ""
            cells.append(f"<{tag}{css}>{text}</{end}>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="hb-table-scroll" role="region" aria-label="{html_text(caption)}" tabindex="0">'
        f'<table class="hb-table"><caption>{html_text(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what makes a spreadsheet read a cell as a formula (OWASP)
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def spreadsheet_cell(value: object) -> object:
    """A CSV cell a spreadsheet reads as what it is: text that would start a formula gets a leading `'`.

    Numbers (negative ones included), empty cells and text that is exactly a plain number ("-3.5") are kept.
    """
    if not isinstance(value, str) or _PLAIN_NUMBER.fullmatch(value.strip()):
        return value
    return "'" + value if value.lstrip(" ").startswith(FORMULA_STARTS) else value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell and column name made safe by `spreadsheet_cell` (numbers untouched)."""
    out = frame.copy()
    out.columns = [spreadsheet_cell(c) for c in frame.columns]
    for i in range(frame.shape[1]):
        values = frame.iloc[:, i]
        if not (pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)):
            out.isetitem(i, values.map(spreadsheet_cell, na_action="ignore"))
    return out


# matplotlib writes coordinates to 6 decimals of a point, one per line: a hundredth of a point (far under a
# pixel at any width the page shows), one line per path and no indentation weigh a sixth less.
_GEOMETRY = re.compile(r'(\s(?:d|x|y|width|height|viewBox|transform)=")([^"]*)"')
_LONG_DECIMAL = re.compile(r"(\d+\.\d\d)\d+")
_INDENT = re.compile(r">\n\s*<")  # between elements only: matplotlib writes each <text>'s words on one line


def slim_svg(text: str) -> str:
    """The SVG with its geometry attributes rounded to 0.01 pt on one line and no indentation between
    elements; its words are left alone."""

    def one(match: re.Match[str]) -> str:
        value = _LONG_DECIMAL.sub(r"\1", " ".join(match.group(2).split()))
        return f'{match.group(1)}{value}"'

    return _INDENT.sub("><", _GEOMETRY.sub(one, text))


def svg_text(fig: plt.Figure) -> str:
    """The figure as SVG, laid out once and drawn once, cropped as `bbox_inches="tight"` crops it.

    `savefig` with a layout engine makes a hidden draw to lay the figure out before the real one, and "tight"
    measures every artist again after it. Here constrained layout runs by itself (it measures, it does not
    draw), the figure's tight box is measured once, the engine is taken off and the figure is drawn once.
    The box is still measured because constrained layout does not keep everything inside the figure (a tick
    label past the right edge by 4.6 pt, end labels by 0.9 pt, measured), and "tight" widens the image to
    show them.
    """
    engine = fig.get_layout_engine()
    if engine is not None and fig.axes:  # as Figure.draw: a figure without axes has nothing to lay out
        engine.execute(fig)
    box = fig.get_tightbbox().padded(plt.rcParams["savefig.pad_inches"])
    # No engine at all ("none" leaves a placeholder, and savefig would lay the figure out again).
    with plt.rc_context({"figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)
    svg = io.StringIO()
    fig.savefig(svg, format="svg", bbox_inches=box, metadata={"Date": None, "Creator": None})
    return svg.getvalue()


def publish(draw: Callable[..., plt.Figure | str], chart: Chart, drawn: pd.DataFrame) -> str:
    """Draw the chart wide and narrow, save both and exactly the numbers drawn; return the HTML showing them.

    `draw(layout=...)` makes one version (for example `partial(charts.bars, frame, ...)`): a matplotlib
    figure, or an SVG already written as text (`lines_with_breaks`). The title (the
    finding) and subtitle are HTML above the image and the source below it, so they are read at the page's
    text size on any screen; phones get the narrow SVG, and the image links to the full-size one.
    """
    folder = figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    for layout in (WIDE, NARROW):
        made = draw(layout=layout)
        if isinstance(made, str):
            svg = made
        else:
            svg = slim_svg(svg_text(made))
            plt.close(made)
        (folder / f"{chart.name}{layout.suffix}.svg").write_text(svg, encoding="utf-8")
    spreadsheet_safe(drawn).to_csv(folder / f"{chart.name}.csv", index=False, lineterminator="\n")
    url = f"{html_text(figures_url())}/{html_text(chart.name)}"
    files = chart.national_files
    # Each link's words are its own on the page: screen readers list links by their words.
    count = f" ({{}} of {len(files)})" if len(files) > 1 else ""
    words = [f"Where the national data comes from{count.format(i)}" for i in range(1, len(files) + 1)]
    provenance = "".join(f" {national(w, f)}." for w, f in zip(words, files, strict=True))
    return (
        f'<figure class="hb-chart" id="chart-{html_text(chart.name)}">'
        f'<figcaption><p class="hb-chart-title">{html_text(chart.title)}</p>'
        f'<p class="hb-chart-subtitle">{html_text(chart.subtitle)}</p></figcaption>'
        f'<a class="hb-chart-full" href="{url}.svg"><picture>'
        f'<source media="{NARROW_MEDIA}" srcset="{url}{NARROW.suffix}.svg">'
        f'<img src="{url}.svg" alt="{html_text(chart.alt)}"></picture></a>'
        f'<p class="hb-chart-source">Source: {html_text(chart.source)}.{provenance}</p></figure>'
        f"<details><summary>Show the data behind this chart</summary>"
        f"{table_html(drawn, chart.title)}</details>"
        f'<p><a href="{url}.csv" download>Download the data behind “{html_text(chart.title)}” (CSV)</a></p>'
    )


def _label_bar_end(
    ax: plt.Axes, text: str, x: float, y: float, gap: float, size: float, weight: str = "normal"
) -> None:
    """A horizontal bar's value written just past its end, `gap` points to the right."""
    ax.annotate(
        text,
        (x, y),
        xytext=(gap, 0),
        textcoords="offset points",
        va="center",
        ha="left",
        fontsize=size,
        fontweight=weight,
        color="#3D3D3D",
    )


VERDICT_MARKERS = {"met": "s", "missed": "X"}  # a verdict's own shape, besides its word


def dot_comparison(
    frame: pd.DataFrame,
    label: str,
    series: dict[str, str],
    unit: str = "%",
    layout: Layout = WIDE,
    verdicts: list[str] | None = None,
    row_labels: list[str] | None = None,
) -> plt.Figure:
    """Labelled dots, one row per item and one marker shape per series, values written beside each dot.

    Shapes and direct labels, not colour alone, tell the series apart; a grey line joins each row's dots.
    `verdicts` (one per row, "met" or "missed") mark the last series' dot by shape and word ("59.7% missed").
    `row_labels` are shown instead of the `label` column (which the CSV keeps as it is).
    """
    from matplotlib.lines import Line2D

    use_house_style(layout)
    markers = ["o", "D", "s", "^"]
    shown = [str(t) for t in (row_labels if row_labels is not None else frame[label])]
    # On a phone each row's label goes on its own line(s) above the dots, so the dots get the whole width.
    # A row then holds, in points: the value labels above and below its dots (21 each) and its label lines.
    above = [wrap(t, 2 * layout.wrap) for t in shown] if layout.narrow else None
    lines = max(t.count("\n") + 1 for t in above) if above else 0
    line = layout.text * 1.2
    row_pt = 49 + line * lines if above else 72 * _row_height(pd.Series(shown), layout, 0.75)
    height = row_pt / 72 * len(frame) + 1.6
    fig, ax = plt.subplots(figsize=(layout.width, height))
    positions = range(len(frame))[::-1]
    columns = list(series.values())
    for y, (_, row) in zip(positions, frame.iterrows(), strict=True):
        values = [row[c] for c in columns]
        ax.plot([min(values), max(values)], [y, y], color="#BFBFBF", linewidth=2, zorder=1)
    handles = []
    for i, (name, column) in enumerate(series.items()):
        judged = verdicts if verdicts is not None and i == len(series) - 1 else [""] * len(frame)
        shapes = [VERDICT_MARKERS.get(v, markers[i]) for v in judged]
        for shape in dict.fromkeys(shapes):
            rows = [j for j, s in enumerate(shapes) if s == shape]
            ax.scatter(
                frame[column].iloc[rows],
                [positions[j] for j in rows],
                s=70,
                marker=shape,
                color=PALETTE[i],
                zorder=2,
            )
            verdict = next((v for v, m in VERDICT_MARKERS.items() if m == shape and v in judged), "")
            handles.append(
                Line2D(
                    [],
                    [],
                    linestyle="",
                    marker=shape,
                    markersize=8,
                    color=PALETTE[i],
                    label=f"{name}, {verdict}" if verdict else name,
                )
            )
        for y, value, verdict in zip(positions, frame[column], judged, strict=True):
            offset = 9 if i % 2 == 0 else -9
            ax.annotate(
                number(value) + ("%" if unit == "%" else "") + (f" {verdict}" if verdict else ""),
                (value, y),
                xytext=(0, offset),
                textcoords="offset points",
                ha="center",
                va="bottom" if offset > 0 else "top",
                fontsize=layout.values,
                color=PALETTE[i],
            )
    if above:
        ax.set_yticks(list(positions), [])
        for y, text in zip(positions, above, strict=True):
            ax.annotate(
                text,
                (0, y),
                xycoords=("axes fraction", "data"),
                xytext=(0, 22),
                textcoords="offset points",
                va="bottom",
                ha="left",
                fontsize=layout.text,
            )
        ax.set_ylim(-0.5, len(frame) - 1 + (26 + line * lines) / row_pt)
    else:
        ax.set_yticks(list(positions), [wrap(t, layout.wrap) for t in shown])
        ax.set_ylim(-0.8, len(frame) - 0.2)
    ax.margins(x=0.1)  # room for the value labels centred on the outermost dots
    ax.set_xlabel(unit if unit != "%" else "per cent")
    fig.legend(
        handles=handles, loc="outside lower center", ncol=1 if layout.narrow else len(handles), frameon=False
    )
    ax.grid(axis="y", visible=False)
    sns.despine(ax=ax, left=True)
    return fig


def _thin_ticks(ax: plt.Axes, layout: Layout) -> None:
    """Fewer value ticks on a phone, so numbers such as "150,000" never run into each other."""
    if layout.narrow:
        ax.locator_params(axis="x", nbins=4)


def _row_height(labels: pd.Series, layout: Layout, base: float) -> float:
    """Inches per row: more when a wrapped row label runs to more lines than two."""
    lines = max((wrap(str(t), layout.wrap).count("\n") + 1 for t in labels), default=1)
    return base + 0.2 * max(lines - 2, 0)


def wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


def bars(
    frame: pd.DataFrame,
    label: str,
    value: str,
    labels: list[str],
    axis_label: str,
    hatched: list[bool] | None = None,
    layout: Layout = WIDE,
    highlighted: list[bool] | None = None,
) -> plt.Figure:
    """Horizontal bars, one per row, each with its value written at its end (`labels`, as printed).

    `hatched` marks bars that differ in kind (worked out, not itemised): hatching and the label say so,
    so colour never carries the difference alone. `highlighted` bars (the council among others) are drawn
    in the second colour with their row label and value in bold.
    """
    use_house_style(layout)
    height = _row_height(frame[label], layout, 0.7) * len(frame) + 1.4
    fig, ax = plt.subplots(figsize=(layout.width, height))
    positions = list(range(len(frame)))[::-1]
    marks = hatched or [False] * len(frame)
    bold = highlighted or [False] * len(frame)
    top = float(frame[value].max())
    for y, amount, text, mark, strong in zip(positions, frame[value], labels, marks, bold, strict=True):
        colour = PALETTE[3] if strong else PALETTE[0]
        ax.barh(
            y,
            amount,
            height=0.6,
            color="white" if mark else colour,
            edgecolor=colour,
            hatch="//" if mark else None,
            linewidth=1.2,
        )
        _label_bar_end(ax, text, amount, y, gap=5, size=layout.values, weight="bold" if strong else "normal")
    ax.set_yticks(positions, [wrap(t, layout.wrap) for t in frame[label]])
    for tick, strong in zip(ax.get_yticklabels(), bold, strict=True):
        tick.set_fontweight("bold" if strong else "normal")
    ax.set_xlim(0, top * 1.3)
    ax.set_xlabel(axis_label)
    ax.grid(axis="y", visible=False)
    sns.despine(ax=ax, left=True)
    return fig


def stacked_bars(
    frame: pd.DataFrame, label: str, parts: dict[str, str], axis_label: str, layout: Layout = WIDE
) -> plt.Figure:
    """Horizontal bars split into parts (counts), each segment labelled with its number in the bar.

    A legend names the parts in order from the left; segments also differ in hatching, not colour alone.
    """
    use_house_style(layout)
    hatches = ["", "..", "//", "xx", "\\\\", "++"]
    height = _row_height(frame[label], layout, 0.8) * len(frame) + 1.8
    fig, ax = plt.subplots(figsize=(layout.width, height))
    positions = list(range(len(frame)))[::-1]
    left = pd.Series(0.0, index=frame.index)
    for i, (name, column) in enumerate(parts.items()):
        amounts = frame[column].astype(float)
        dark = i in (0, 2)
        ax.barh(
            positions,
            amounts,
            left=left,
            height=0.6,
            color=PALETTE[i],
            edgecolor="white",
            hatch=hatches[i],
            label=name,
        )
        for y, start, amount in zip(positions, left, amounts, strict=True):
            if amount > 0:
                ax.text(
                    start + amount / 2,
                    y,
                    number(amount),
                    ha="center",
                    va="center",
                    fontsize=layout.values,
                    fontweight="bold",
                    color="white" if dark else "#0B0C0C",
                    bbox={"boxstyle": "round,pad=0.15", "facecolor": PALETTE[i], "edgecolor": "none"},
                )
        left = left + amounts
    ax.set_yticks(positions, [wrap(t, layout.wrap) for t in frame[label]])
    ax.set_xlabel(axis_label)
    fig.legend(loc="outside lower center", ncol=1 if layout.narrow else min(len(parts), 2), frameon=False)
    ax.grid(axis="y", visible=False)
    sns.despine(ax=ax, left=True)
    return fig


def grouped_bars(
    frame: pd.DataFrame,
    label: str,
    series: dict[str, str],
    axis_label: str,
    value_format: Callable[[float], str] = number,
    layout: Layout = WIDE,
) -> plt.Figure:
    """Horizontal bars, one group per row and one bar per series, each bar labelled with its value.

    `value_format` writes each bar's value and the axis's ticks (numbers.thousands_short for spend).
    Series differ in colour and in hatching, and a legend names them, so colour never carries them alone.
    A missing value draws no bar and is labelled "none".
    """
    from matplotlib.ticker import FuncFormatter

    use_house_style(layout)
    hatches = ["", "//", "..", "xx"]
    count = len(series)
    bar = 0.8 / count
    height = (_row_height(frame[label], layout, 0.35) + 0.3 * count) * len(frame) + 1.6
    fig, ax = plt.subplots(figsize=(layout.width, height))
    positions = list(range(len(frame)))[::-1]
    top = float(frame[list(series.values())].max().max())
    for i, (name, column) in enumerate(series.items()):
        ys = [y + 0.4 - bar * (i + 0.5) for y in positions]
        amounts = frame[column].astype(float)
        ax.barh(
            ys,
            amounts.fillna(0),
            height=bar * 0.9,
            color=PALETTE[i],
            edgecolor=PALETTE[i] if not hatches[i] else "white",
            hatch=hatches[i],
            label=name,
        )
        for y, amount in zip(ys, amounts, strict=True):
            text = "none" if pd.isna(amount) else value_format(amount)
            _label_bar_end(ax, text, 0 if pd.isna(amount) else amount, y, gap=4, size=layout.values)
    ax.set_yticks(positions, [wrap(t, layout.wrap) for t in frame[label]])
    ax.set_xlim(0, top * (1.45 if layout.narrow else 1.25))
    ax.set_xlabel(axis_label)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _: value_format(x)))
    _thin_ticks(ax, layout)
    fig.legend(loc="outside lower center", ncol=1 if layout.narrow else count, frameon=False)
    ax.grid(axis="y", visible=False)
    sns.despine(ax=ax, left=True)
    return fig


def panel_limits(frame: pd.DataFrame, panel: str, series: dict[str, str]) -> dict[str, tuple[float, float]]:
    """Each panel's y range: the same span for every panel (so a rise of one point is as tall in each), placed
    on round numbers around that panel's own values.

    One shared range would flatten every line (the measures sit 25 to 90 points apart); the same span keeps
    slopes comparable, and the chart says so.
    """
    columns = list(series.values())
    values = {n: one[columns].astype(float).stack().dropna() for n, one in frame.groupby(panel, sort=False)}
    widest = max((v.max() - v.min() for v in values.values() if len(v)), default=0.0) or 1.0
    step = _nice(widest / 3)
    span = step * -(-(widest * 1.1 + step) // step)  # room for the widest panel and for rounding its start
    out = {}
    for name, v in values.items():
        middle = (v.max() + v.min()) / 2 if len(v) else 0.0
        low = step * ((middle - span / 2) // step)
        if len(v) and low + span < v.max():  # rounding down took the top out of view
            low += step
        out[name] = (float(low), float(low + span))
    return out


def _nice(raw: float) -> float:
    """The smallest of 1, 2, 2.5 and 5 times a power of ten that is at least `raw`."""
    import math

    power = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1.0
    return next(power * m for m in (1, 2, 2.5, 5, 10) if power * m >= raw)


def year_ticks(count: int, most: int) -> list[int]:
    """Which of `count` years carry a label: the first, the last and evenly between, at most `most` of them."""
    if count <= most:
        return list(range(count))
    if most <= 1:
        return [count - 1]
    return sorted({round(i * (count - 1) / (most - 1)) for i in range(most)})


def spread(values: list[float], gap: float, low: float, high: float) -> list[float]:
    """Label heights as near `values` as they can be while at least `gap` apart and inside low..high.

    Pushed up from the lowest, then, if the top one is out of range, down from the highest: nothing clashes.
    """
    order = sorted(range(len(values)), key=lambda i: values[i])
    placed = [values[i] for i in order]
    for k in range(1, len(placed)):
        placed[k] = max(placed[k], placed[k - 1] + gap)
    if placed and placed[-1] > high:
        placed[-1] = high
        for k in range(len(placed) - 2, -1, -1):
            placed[k] = min(placed[k], placed[k + 1] - gap)
    if placed and placed[0] < low:  # more labels than fit: keep the gap, let them run above the panel
        shift = low - placed[0]
        placed = [p + shift for p in placed]
    out = [0.0] * len(values)
    for k, i in enumerate(order):
        out[i] = placed[k]
    return out


def small_multiple_lines(
    frame: pd.DataFrame,
    panel: str,
    x: str,
    series: dict[str, str],
    unit: str = "%",
    layout: Layout = WIDE,
    highlighted: tuple[str, ...] = (),
) -> plt.Figure:
    """One small line chart per value of `panel`, sharing the x axis and the y span, each line labelled at its end.

    Lines differ in colour, marker and dash, and carry their name and last value at their right-hand end,
    nudged apart so no two labels overlap, so no legend is needed. A missing year breaks the line rather than
    joining across it. Only some years are labelled (first, last, evenly between; fewer on a phone). Series
    named in `highlighted` are drawn thicker, their end labels in bold (the others thinner).
    """
    use_house_style(layout)
    markers, dashes = ["o", "s", "^", "D"], ["-", "--", ":", "-."]
    panels = list(dict.fromkeys(frame[panel]))
    limits = panel_limits(frame, panel, series)
    # One column: the years line up down the page, and each panel is as wide as the chart.
    fig, axes = plt.subplots(
        len(panels), 1, figsize=(layout.width, (3.0 if layout.narrow else 2.5) * len(panels)), squeeze=False
    )
    ends: dict[plt.Axes, list] = {}
    for ax, name in zip(axes.flat, panels, strict=False):
        one = frame[frame[panel] == name]
        xs = list(range(len(one)))
        ends[ax] = []
        for i, (label, column) in enumerate(series.items()):
            values = one[column].astype(float).to_numpy()
            if pd.isna(values).all():
                continue
            ax.plot(
                xs,
                values,
                marker=markers[i],
                linestyle=dashes[i],
                color=PALETTE[i],
                linewidth=(3.5 if label in highlighted else 1.5) if highlighted else 2,
                markersize=5,
            )
            last = max(j for j, v in enumerate(values) if not pd.isna(v))
            ends[ax].append((values[last], last, label, PALETTE[i]))
        years = list(one[x])
        shown = year_ticks(len(years), 2 if layout.narrow else 3)
        ax.set_xticks(shown, [years[j] for j in shown])
        ax.set_xticks(xs, minor=True)
        ax.tick_params(axis="x", which="minor", length=3)
        ax.set_xlim(-0.3, len(xs) - 0.7)  # the end labels sit beyond, in room the layout keeps for them
        ax.set_ylim(*limits[name])
        ax.set_title(wrap(str(name), 2 * layout.wrap), loc="left")
        ax.set_ylabel("per cent" if unit == "%" else unit)
        ax.grid(axis="x", visible=False)
        sns.despine(ax=ax)
    span = next(iter(limits.values()))
    fig.supxlabel(
        wrap(
            f"Every panel's scale spans the same {number(span[1] - span[0])} "
            f"{'percentage points' if unit == '%' else unit}, so slopes compare; levels differ.",
            2 * layout.wrap + 8,
        ),
        fontsize=layout.text,
    )
    fig.draw_without_rendering()  # the panels' sizes, to turn a label's height into the y axis's units
    for ax, found in ends.items():
        low, high = ax.get_ylim()
        tall = ax.get_window_extent().height * 72 / fig.dpi  # points
        gap = layout.values * 1.35 / tall * (high - low)
        heights = spread([e[0] for e in found], gap, low, high)
        for (value, last, label, colour), where in zip(found, heights, strict=True):
            ax.annotate(
                f"{label} {number(value)}{unit}",
                (last, value),
                xytext=(last + 0.2, where),
                textcoords="data",
                va="center",
                ha="left",
                fontsize=layout.values,
                color=colour,
                fontweight="bold" if label in highlighted else "normal",
            )
    return fig


# --- margins of error and breaks in series (the DHSC ASCOF time series) ----------------------------------


def _nothing_to_draw(layout: Layout, message: str) -> plt.Figure:
    """A small chart that says why it is empty (a council or year without figures), never a traceback."""
    use_house_style(layout)
    fig, ax = plt.subplots(figsize=(layout.width, 1.6))
    ax.axis("off")
    ax.text(0.5, 0.5, wrap(message, 2 * layout.wrap), ha="center", va="center", fontsize=layout.text)
    return fig


def interval_dots(
    frame: pd.DataFrame,
    label: str,
    series: dict[str, tuple[str, str, str]],
    unit: str = "%",
    layout: Layout = WIDE,
    row_labels: list[str] | None = None,
    empty: str = "No figures to draw.",
    decimals: int | None = None,
) -> plt.Figure:
    """One row per item: each series' value as a dot and its margin of error as a line through it.

    `series` maps a name to its (value, low, high) columns; a row without a margin has low = high = value,
    so it shows as a dot alone. Shapes and the value written beside each dot tell the series apart.
    """
    from matplotlib.lines import Line2D

    if frame.empty:
        return _nothing_to_draw(layout, empty)
    use_house_style(layout)
    markers = ["o", "D", "s", "^"]
    shown = [str(t) for t in (row_labels if row_labels is not None else frame[label])]
    labels = [wrap(t, 2 * layout.wrap if layout.narrow else layout.wrap) for t in shown]
    lines = max(t.count("\n") + 1 for t in labels)
    step = 0.32 if len(series) > 1 else 0.0
    row_in = max(0.75, 0.2 * lines) + (0.35 * lines if layout.narrow else 0)
    fig, ax = plt.subplots(figsize=(layout.width, row_in * len(frame) + 1.4))
    positions = list(range(len(frame)))[::-1]
    handles = []
    for i, (name, (value, low, high)) in enumerate(series.items()):
        ys = [p + step * (0.5 - i) for p in positions]
        ax.hlines(ys, frame[low], frame[high], color=PALETTE[i], linewidth=2.5, alpha=0.6, zorder=1)
        ax.scatter(frame[value], ys, s=60, marker=markers[i], color=PALETTE[i], zorder=2)
        for y, v in zip(ys, frame[value], strict=True):
            if not pd.isna(v):
                ax.annotate(
                    number(v, decimals) + ("%" if unit == "%" else ""),
                    (v, y),
                    xytext=(0, 5),
                    textcoords="offset points",
                    ha="center",
                    va="bottom",
                    fontsize=layout.values,
                    color=PALETTE[i],
                )
        handles.append(
            Line2D(
                [],
                [],
                color=PALETTE[i],
                marker=markers[i],
                linewidth=2.5,
                label=f"{name} (line: margin of error)",
            )
        )
    if layout.narrow:  # labels above the rows, so the dots get the whole width
        ax.set_yticks(positions, [])
        for y, text in zip(positions, labels, strict=True):
            ax.annotate(
                text,
                (0, y + 0.45),
                xycoords=("axes fraction", "data"),
                va="bottom",
                ha="left",
                fontsize=layout.text,
            )
        ax.set_ylim(-0.6, len(frame) - 0.4 + 0.3 * lines)
    else:
        ax.set_yticks(positions, labels)
        ax.set_ylim(-0.7, len(frame) - 0.3)
    ax.margins(x=0.08)
    _thin_ticks(ax, layout)
    ax.set_xlabel("per cent" if unit == "%" else unit)
    fig.legend(
        handles=handles, loc="outside lower center", ncol=1 if layout.narrow else len(handles), frameon=False
    )
    ax.grid(axis="y", visible=False)
    sns.despine(ax=ax, left=True)
    return fig


def lines_with_breaks(
    frame: pd.DataFrame,
    panel: str,
    x: str,
    series: dict[str, str],
    run: str = "run",
    band: tuple[str, str] | None = None,
    mark: str = "mark",
    span: str = "span",
    unit: str = "%",
    layout: Layout = WIDE,
    empty: str = "No figures to draw.",
) -> str:
    """One small line chart per `panel`, stacked; a line is drawn only within a run of comparable years.

    `run` numbers the runs (a break in the series starts a new one), so no line crosses a break. Where `mark`
    has words, a dashed vertical line before that year carries them; where `span` is true, the whole year is
    shaded instead (a year compared with no other). `band` (low, high columns) shades the first series'
    margin of error within each run. Each line's last value is written at its end, nudged apart.

    Returns the SVG itself, written as text (`svg_lines`): through matplotlib this chart was most of every
    council page's time.
    """
    from hertsbook.content.svg_lines import lines_with_breaks_svg

    return lines_with_breaks_svg(frame, panel, x, series, run, band, mark, span, unit, layout, empty)
