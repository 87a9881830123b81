"""The house chart style, and publishing a chart with its alt text, data table and CSV download.

Charts are SVG (crisp, searchable text) on an opaque white background so they read in dark mode too. The
Government Analysis Function palette is colour-blind-checked; lines and bars are labelled directly so
colour never carries meaning alone.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from html import escape
from pathlib import Path

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import seaborn as sns  # noqa: E402

PALETTE = ["#12436D", "#28A197", "#801650", "#F46A25", "#3D3D3D", "#A285D1"]
FIGURES_URL = "../figures"  # from a chapter page (notebooks/THEME.html) to the published /figures/


def use_house_style() -> None:
    sns.set_theme(style="whitegrid", palette=PALETTE, font="DejaVu Sans")
    plt.rcParams.update(
        {
            "svg.hashsalt": "hertsbook",  # stable ids inside the SVG
            "svg.fonttype": "none",  # text stays text: searchable and sharp
            "figure.facecolor": "white",
            "savefig.facecolor": "white",
            "axes.facecolor": "white",
            "font.size": 12,
            "axes.titlesize": 13,
            "axes.labelsize": 12,
            "xtick.labelsize": 11,
            "ytick.labelsize": 11,
            "legend.fontsize": 11,
        }
    )


@dataclass(frozen=True)
class Chart:
    name: str  # file name stem: letters, digits and hyphens
    title: str  # the finding, in a sentence
    subtitle: str  # what is measured, and in what unit
    source: str  # the document(s) the numbers come from
    alt: str  # about 125 characters, written from the data


def figures_dir() -> Path:
    return Path(os.environ.get("HERTSBOOK_FIGURES", "_build/figures"))


def table_html(frame: pd.DataFrame, caption: str, html_columns: tuple[str, ...] = ()) -> str:
    """A real HTML table: caption, column headers with scope, numbers right-aligned.

    Cells of `html_columns` are trusted HTML made by the package (figures linked to their evidence).
    """
    head = "".join(f'<th scope="col">{escape(str(c))}</th>' for c in frame.columns)
    body = []
    for _, row in frame.iterrows():
        cells = []
        for i, (column, value) in enumerate(row.items()):
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            if column in html_columns:
                text = str(value)
            else:
                text = "" if pd.isna(value) else escape(f"{value:,}" if numeric else str(value))
            tag, end = ('th scope="row"', "th") if i == 0 else ("td", "td")
            css = ' class="hb-num"' if numeric else ""
            cells.append(f"<{tag}{css}>{text}</{end}>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f'<div class="hb-table-scroll"><table class="hb-table"><caption>{escape(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def publish(fig: plt.Figure, chart: Chart, drawn: pd.DataFrame) -> str:
    """Save the chart and exactly the numbers drawn; return the HTML that shows them together."""
    folder = figures_dir()
    folder.mkdir(parents=True, exist_ok=True)
    fig.savefig(
        folder / f"{chart.name}.svg",
        format="svg",
        bbox_inches="tight",
        metadata={"Date": None, "Creator": None},
    )
    plt.close(fig)
    drawn.to_csv(folder / f"{chart.name}.csv", index=False, lineterminator="\n")
    url = f"{FIGURES_URL}/{chart.name}"
    return (
        f'<figure class="hb-chart" id="chart-{chart.name}">'
        f'<img src="{url}.svg" alt="{escape(chart.alt)}">'
        f"<figcaption><strong>{escape(chart.title)}</strong> {escape(chart.subtitle)} "
        f"Source: {escape(chart.source)}.</figcaption></figure>"
        f"<details><summary>Show the data behind this chart</summary>"
        f"{table_html(drawn, chart.title)}</details>"
        f'<p><a href="{url}.csv" download>Download the data behind “{escape(chart.title)}” (CSV)</a></p>'
    )


def dot_comparison(
    frame: pd.DataFrame, label: str, series: dict[str, str], unit: str = "%", width: float = 7.5
) -> plt.Figure:
    """Labelled dots, one row per item and one marker shape per series, values written beside each dot.

    Shapes and direct labels, not colour alone, tell the series apart; a grey line joins each row's dots.
    """
    use_house_style()
    markers = ["o", "D", "s", "^"]
    height = 0.75 * len(frame) + 1.6
    fig, ax = plt.subplots(figsize=(width, height))
    positions = range(len(frame))[::-1]
    columns = list(series.values())
    for y, (_, row) in zip(positions, frame.iterrows(), strict=True):
        values = [row[c] for c in columns]
        ax.plot([min(values), max(values)], [y, y], color="#BFBFBF", linewidth=2, zorder=1)
    for i, (name, column) in enumerate(series.items()):
        ax.scatter(
            frame[column], list(positions), s=70, marker=markers[i], color=PALETTE[i], label=name, zorder=2
        )
        for y, value in zip(positions, frame[column], strict=True):
            offset = 9 if i % 2 == 0 else -9
            ax.annotate(
                f"{value:g}{unit if unit == '%' else ''}",
                (value, y),
                xytext=(0, offset),
                textcoords="offset points",
                ha="center",
                va="bottom" if offset > 0 else "top",
                fontsize=10,
                color=PALETTE[i],
            )
    ax.set_yticks(list(positions), [wrap(t, 42) for t in frame[label]])
    ax.set_ylim(-0.8, len(frame) - 0.2)
    ax.set_xlabel(unit if unit != "%" else "per cent")
    ax.legend(
        loc="upper center", bbox_to_anchor=(0.5, -0.12 - 0.2 / len(frame)), ncol=len(series), frameon=False
    )
    ax.grid(axis="y", visible=False)
    sns.despine(ax=ax, left=True)
    return fig


def wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text
