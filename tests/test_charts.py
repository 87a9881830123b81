"""Charts as a reader sees them (issue 17): the finding above the image in page text, the source below, a
narrow version for phones whose text stays legible, and what a reader tripped over (verdicts shown by
shape and word, the council picked out among its neighbours)."""

from __future__ import annotations

import math
import re
import subprocess
import sys
from functools import partial
from xml.etree import ElementTree

import pandas as pd
import pytest

from hertsbook.content import charts
from hertsbook.content.themes import adult_care_performance as acp
from hertsbook.content.themes import prevention as prev
from hertsbook.publish.manifest import FIGURE

# The page column at each viewport (sphinx-book-theme, measured in the browser test), and the minimum
# displayed text size there: the browser test checks the built site; this checks the drawing itself.
COLUMN_PX = {"": 672, "-narrow": 312}
SMALLEST_PX = {"": 12, "-narrow": 10}


def svg_texts(path) -> tuple[float, list[tuple[float, str, str]]]:
    """The SVG's viewBox width and each <text>'s font size, weight and words (matplotlib's own SVG)."""
    root = ElementTree.parse(path).getroot()
    width = float(root.get("viewBox").split()[2])
    found = []
    for element in root.iter():
        if element.tag.endswith("text"):
            style = element.get("style", "")
            size = float(re.search(r"font(?:-size)?:\s*(?:\w+\s+)*?([\d.]+)px", style).group(1))
            found.append((size, style, "".join(element.itertext())))
    return width, found


@pytest.fixture
def key_measures() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "measure": ["Proportion of people contacting us again", "People’s satisfaction with advice"],
            "better_if": ["lower", "higher"],
            "target_2019_20_percent": [22.0, 87.0],
            "result_2019_20_percent": [18.9, 85.7],
            "status": ["met", "missed"],
        }
    )


def test_publish_puts_the_finding_above_the_image_and_the_narrow_svg_in_a_picture(
    tmp_path, monkeypatch, key_measures
) -> None:
    monkeypatch.setenv("HERTSBOOK_FIGURES", str(tmp_path))
    draw = partial(charts.dot_comparison, key_measures, "measure", {"Target": "target_2019_20_percent"})
    chart = charts.Chart("km", "3 of 4 measures missed", "Per cent.", "The Local Account", "Dot chart of …")
    html = charts.publish(draw, chart, key_measures)
    title, subtitle = html.index('class="hb-chart-title">3 of 4'), html.index("Per cent.")
    picture, source = html.index("<picture>"), html.index("Source: The Local Account.")
    assert title < subtitle < picture < source < html.index("</figure>")
    assert '<a class="hb-chart-full" href="../figures/km.svg"><picture>' in html
    assert '<source media="(max-width: 600px)" srcset="../figures/km-narrow.svg">' in html
    assert set(FIGURE.findall(html)) == {"km.svg", "km-narrow.svg", "km.csv"}  # the manifest lists both
    wide, narrow = (svg_texts(tmp_path / f"km{s}.svg")[0] for s in ("", "-narrow"))
    assert narrow < 0.7 * wide


@pytest.mark.parametrize("suffix", ["", "-narrow"])
def test_every_chart_kind_keeps_its_text_legible_at_its_width(
    tmp_path, monkeypatch, key_measures, suffix
) -> None:
    monkeypatch.setenv("HERTSBOOK_FIGURES", str(tmp_path))
    long = "Proportion of older people still at home 91 days after leaving hospital with reablement"
    frame = pd.DataFrame(
        {"area": [long, "B", "C"], "a": [163970.0, 90203.0, 40.0], "b": [169908.0, None, 30.0]}
    )
    years = pd.DataFrame(
        {
            "panel": ["One"] * 3 + ["Two"] * 3,
            "year": ["2017-18", "2018-19", "2019-20"] * 2,
            "x": [1.0, 2, 3] * 2,
        }
    )
    # the ASCOF trend's series-break words (a dashed line's at the top, a shaded year's at the foot)
    broken = years.assign(run=[0, 1, 1] * 2, mark=["", "voluntary survey", ""] + ["", "", "renumbered"])
    broken["span"] = broken["mark"] == "renumbered"
    intervals = pd.DataFrame({"m": ["One", "Two"], "v": [80.0, 70.0], "lo": [76.0, 70.0], "hi": [84.0, 70.0]})
    drawings = {
        "breaks": partial(charts.lines_with_breaks, broken, "panel", "year", {"Council": "x"}),
        "intervals": partial(charts.interval_dots, intervals, "m", {"Council": ("v", "lo", "hi")}),
        "dots": partial(charts.dot_comparison, key_measures, "measure", {"T": "target_2019_20_percent"}),
        "bars": partial(charts.bars, frame, "area", "a", ["£163,970k", "£90,203k", "£40k"], "£ thousands"),
        "grouped": partial(charts.grouped_bars, frame, "area", {"2018": "a", "2019": "b"}, "£ thousands"),
        "stacked": partial(charts.stacked_bars, frame.fillna(0), "area", {"A": "a", "B": "b"}, "count"),
        "lines": partial(charts.small_multiple_lines, years, "panel", "year", {"Council": "x"}),
    }
    small = {}
    for name, draw in drawings.items():
        charts.publish(draw, charts.Chart(name, "t", "s", "src", "alt"), frame)
        width, texts = svg_texts(tmp_path / f"{name}{suffix}.svg")
        scale = min(COLUMN_PX[suffix], width * 4 / 3) / width  # max-width: 100%, never above natural size
        small[name] = [
            (round(size * scale, 1), words) for size, _, words in texts if size * scale < SMALLEST_PX[suffix]
        ]
    assert not any(small.values()), small


def test_key_measures_show_met_and_missed_by_shape_and_word(tmp_path, monkeypatch, key_measures) -> None:
    monkeypatch.setenv("HERTSBOOK_FIGURES", str(tmp_path))
    series = {"Target 2019/20": "target_2019_20_percent", "Result 2019/20": "result_2019_20_percent"}
    draw = partial(
        charts.dot_comparison,
        key_measures,
        "measure",
        series,
        verdicts=list(key_measures["status"]),
        row_labels=acp.key_measures_labels(key_measures),
    )
    charts.publish(draw, charts.Chart("km", "t", "s", "src", "alt"), key_measures)
    for suffix in ("", "-narrow"):
        words = " ".join(w for _, _, w in svg_texts(tmp_path / f"km{suffix}.svg")[1])
        assert "18.9% met" in words and "85.7% missed" in words  # the lower figure met its target
        assert "(lower is better)" in words
        assert "Result 2019/20, met" in words and "Result 2019/20, missed" in words  # each shape named
    svg = (tmp_path / "km.svg").read_text(encoding="utf-8")
    shapes = set(re.findall(r'<path id="(m[0-9a-f]+)"', svg))
    assert len(shapes) >= 3  # target dot, met square, missed cross: three marker shapes
    assert acp.key_measures_labels(key_measures)[1] == "People’s satisfaction with advice"


def test_the_council_is_picked_out_among_its_neighbours(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HERTSBOOK_FIGURES", str(tmp_path))
    compared = pd.DataFrame(
        {
            "area": ["Trafford", "Hertfordshire", "England"],
            "group": ["statistical neighbour", "the council", "England"],
            "take_up_percent": [108.6, 68.7, 71.8],
        }
    )
    assert prev.neighbours_highlighted(compared) == [False, True, False]
    draw = partial(
        charts.bars,
        compared,
        "area",
        "take_up_percent",
        prev.neighbours_labels(compared),
        "per cent",
        hatched=prev.neighbours_hatched(compared),
        highlighted=prev.neighbours_highlighted(compared),
    )
    charts.publish(draw, charts.Chart("nb", "t", "s", "src", "alt"), compared)
    texts = svg_texts(tmp_path / "nb.svg")[1]
    bold = {words for _, style, words in texts if "bold" in style or "700" in style}
    assert bold == {"Hertfordshire", "68.7%"}
    svg = (tmp_path / "nb.svg").read_text(encoding="utf-8")
    assert charts.PALETTE[3].lower() in svg.lower()  # its bar in its own colour as well


# --- the "over the years" small multiples ------------------------------------------------------------------


@pytest.fixture(scope="module")
def trend_drawn(project):
    from hertsbook.content import data
    from hertsbook.content.places import HERTFORDSHIRE_ONS

    trend = data.ascof_trend(project)
    snpp = data.table(project, "national/ons_snpp_2018based_table2_persons_ons_pop.csv")
    region = acp.council_region(snpp, HERTFORDSHIRE_ONS)
    name, label = acp.council_name(trend, HERTFORDSHIRE_ONS), acp.region_name(trend, region)
    lines = acp.trend_lines(trend, HERTFORDSHIRE_ONS, region)
    drawn = acp.trend_drawn(lines, acp.trend_names(trend), name, label)
    return drawn, acp.trend_series(drawn, name, label)


def _texts(fig) -> list:
    """Every piece of text a reader sees in the figure, with its box as drawn."""
    fig.draw_without_rendering()
    found = fig.findobj(lambda a: hasattr(a, "get_text") and a.get_visible() and a.get_text().strip())
    return [(t, t.get_window_extent()) for t in found]


@pytest.mark.parametrize("layout", [charts.WIDE, charts.NARROW], ids=["wide", "narrow"])
def test_the_small_multiples_share_one_scale_and_no_text_clashes(trend_drawn, layout) -> None:
    drawn, series = trend_drawn
    fig = charts.small_multiple_lines(drawn, "measure", "year", series, layout=layout)
    panels = [ax for ax in fig.axes if ax.get_visible()]
    spans = {round(ax.get_ylim()[1] - ax.get_ylim()[0], 9) for ax in panels}
    assert len(panels) == 3 and len(spans) == 1  # a one-point rise is as tall in every panel
    for ax, (_, one) in zip(panels, drawn.groupby("measure", sort=False), strict=True):
        values = one[list(series.values())].astype(float).stack()
        low, high = ax.get_ylim()
        assert low <= values.min() and values.max() <= high  # and every value is in view
    words = " ".join(t.get_text() for t, _ in _texts(fig))
    assert f"spans the same {int(spans.pop())}" in " ".join(words.split())  # the chart says so
    texts = _texts(fig)
    clashes = [
        (a.get_text(), b.get_text())
        for i, (a, box) in enumerate(texts)
        for b, other in texts[i + 1 :]
        if box.overlaps(other)
    ]
    assert not clashes  # end labels, year labels, titles: no two boxes overlap
    years = [t.get_text() for t in panels[0].get_xticklabels() if t.get_text()]
    assert years[0] == "2017-18" and years[-1] == "2022-23"
    assert len(years) == (2 if layout.narrow else 3)  # of six years: fewer labels on a phone


def test_end_labels_of_lines_that_end_together_are_nudged_apart() -> None:
    frame = pd.DataFrame(
        {"panel": ["P"] * 3, "year": ["2017-18", "2018-19", "2019-20"], "a": [50.0, 60, 70.0]}
    )
    frame["b"], frame["c"] = frame["a"], frame["a"] + 0.1  # three lines ending on the same value
    for layout in (charts.WIDE, charts.NARROW):
        fig = charts.small_multiple_lines(
            frame, "panel", "year", {"A": "a", "B": "b", "C": "c"}, layout=layout
        )
        ends = [(t, box) for t, box in _texts(fig) if t.get_text().startswith(("A ", "B ", "C "))]
        assert len(ends) == 3
        assert not any(a.overlaps(b) for i, (_, a) in enumerate(ends) for _, b in ends[i + 1 :])


# --- the over-the-years chart, written as SVG text (svg_lines) -------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def _svg(text: str):
    return ElementTree.fromstring(text.encode("utf-8"))


def _words(root) -> list[tuple[float, float, float, str, str, str]]:
    """Each <text>: x, y, rotation, size, anchor, colour and words."""
    found = []
    for t in root.iter(SVG + "text"):
        style = dict(part.split(": ", 1) for part in t.get("style").split("; "))
        if t.get("transform"):
            x, y, turn = map(float, re.findall(r"-?[\d.]+", t.get("transform")))
        else:
            x, y, turn = float(t.get("x")), float(t.get("y")), 0.0
        found.append((x, y, turn, float(style["font-size"].removesuffix("px")), style, t.text or ""))
    return found


def _plots(root) -> list[tuple[float, float, float, float]]:
    """Each panel's plot as drawn by its axis lines: left, top, right, bottom."""
    out = []
    for path in root.iter(SVG + "path"):
        if "stroke-width: 1.25" in path.get("style"):
            left, top, bottom, right = map(float, re.findall(r"-?[\d.]+", path.get("d")))
            out.append((left, top, right, bottom))
    return out


def _line_paths(root, colour: str) -> list[list[tuple[float, float]]]:
    """Each stretch of a series' line (its colour, no fill), as its points."""
    out = []
    for path in root.iter(SVG + "path"):
        if f"stroke: {colour}" in path.get("style") and "fill: none" in path.get("style"):
            for piece in path.get("d").split("M ")[1:]:
                out.append([tuple(map(float, p.split())) for p in piece.split(" L ")])
    return out


def _markers(root, colour: str) -> list[tuple[float, float]]:
    found = [
        (float(c.get("cx")), float(c.get("cy")))
        for c in root.iter(SVG + "circle")
        if colour in c.get("style")
    ]
    for polygon in root.iter(SVG + "polygon"):
        if f"fill: {colour};" in polygon.get("style") and "opacity" not in polygon.get("style"):
            points = [tuple(map(float, p.split(","))) for p in polygon.get("points").split()]
            found.append((sum(a for a, _ in points) / len(points), sum(b for _, b in points) / len(points)))
    return found


def _broken_frame() -> pd.DataFrame:
    """Two panels, each with a break before its third year (run 0 then run 1) and a band."""
    years = ["2017-18", "2018-19", "2019-20", "2020-21", "2021-22"]
    frame = pd.DataFrame(
        {
            "panel": ["One"] * 5 + ["Two"] * 5,
            "year": years * 2,
            "a": [60.0, 62, 70, 71, 72, 30, 31, 40, 41, 42],
            "b": [55.0, 56, 57, 58, 59, 35, 36, 37, 38, 39],
            "run": [0, 0, 1, 1, 1] * 2,
            "mark": ["", "", "renumbered", "", ""] * 2,
            "span": [False] * 10,
        }
    )
    frame["lo"], frame["hi"] = frame["a"] - 3, frame["a"] + 3
    return frame


@pytest.mark.parametrize("layout", [charts.WIDE, charts.NARROW], ids=["wide", "narrow"])
def test_no_line_of_the_break_chart_crosses_a_break_and_each_run_has_its_band(layout) -> None:
    svg = charts.lines_with_breaks(
        _broken_frame(), "panel", "year", {"A": "a", "B": "b"}, band=("lo", "hi"), layout=layout
    )
    root = _svg(svg)
    markers = sorted(_markers(root, charts.PALETTE[0]), key=lambda m: (m[1] > 250, m[0]))
    xs = sorted({round(x, 1) for x, _ in markers})
    assert len(markers) == 10 and len(xs) == 5  # a marker for every year in both panels
    boundary = (xs[1] + xs[2]) / 2  # between the runs: where the break is
    for colour in charts.PALETTE[:2]:
        stretches = _line_paths(root, colour)
        assert len(stretches) == 4  # each series: two runs in each of two panels
        assert not [s for s in stretches if min(x for x, _ in s) < boundary < max(x for x, _ in s)]
    bands = [
        [tuple(map(float, p.split(","))) for p in g.get("points").split()]
        for g in root.iter(SVG + "polygon")
        if "fill-opacity: 0.15" in g.get("style")
    ]
    assert len(bands) == 4  # one band per run, in each panel
    assert not [b for b in bands if min(x for x, _ in b) < boundary < max(x for x, _ in b)]
    dashed = [p for p in root.iter(SVG + "path") if "stroke-dasharray: 3,3" in p.get("style")]
    assert len(dashed) == 2 and all(abs(float(p.get("d").split()[1]) - boundary) < 0.02 for p in dashed)
    assert [w for *_, w in _words(root)].count("renumbered") == 2


def test_break_chart_end_labels_are_placed_by_spread_inside_the_panel() -> None:
    """The end labels are nudged apart by spread(), the one placing function: a line of text apart and inside
    the plot, below the break's words, when three lines end on one value at the top of the panel."""
    frame = pd.DataFrame({"panel": ["P"] * 3, "year": ["2017-18", "2018-19", "2019-20"], "run": [0, 1, 1]})
    frame["mark"] = ["", "renumbered", ""]
    frame["a"], frame["b"], frame["c"] = [10.0, 50, 90.0], [10.0, 50, 90.0], [10.0, 50, 90.0]
    for layout in (charts.WIDE, charts.NARROW):
        root = _svg(
            charts.lines_with_breaks(frame, "panel", "year", {"A": "a", "B": "b", "C": "c"}, layout=layout)
        )
        ((_, top, _, bottom),) = _plots(root)
        ends = sorted(y for _, y, _, _, _, w in _words(root) if w.startswith(("A 90%", "B 90%", "C 90%")))
        assert len(ends) == 3
        assert all(b - a >= layout.values * 1.2 for a, b in zip(ends, ends[1:], strict=False))
        below_mark = max(y for _, y, _, _, _, w in _words(root) if w == "renumbered") + 0.24 * layout.text
        assert below_mark < ends[0] - layout.values * 0.8 and ends[-1] <= bottom  # inside, under the words


def test_a_hostile_measure_name_and_mark_reach_the_break_chart_as_text() -> None:
    hostile = '<b>&"</b><script>x</script>'
    frame = _broken_frame()
    frame["panel"] = frame["panel"].replace("One", hostile)
    frame["mark"] = frame["mark"].replace("renumbered", '<i id="inj">')
    svg = charts.lines_with_breaks(frame, "panel", "year", {'<tspan>"A"': "a"}, band=("lo", "hi"))
    root = _svg(svg)  # well-formed: the words closed nothing
    assert {e.tag.removeprefix(SVG) for e in root.iter()} == {
        "svg",
        "rect",
        "text",
        "path",
        "circle",
        "polygon",
    }
    words = [w for *_, w in _words(root)]
    assert hostile in words and '<i id="inj">' in " ".join(words)  # the mark wrapped to two lines
    assert any(w.startswith('<tspan>"A" ') for w in words)


def test_an_all_missing_series_is_left_out_and_an_empty_frame_says_so() -> None:
    frame = _broken_frame().assign(c=float("nan"))
    root = _svg(charts.lines_with_breaks(frame, "panel", "year", {"A": "a", "B": "b", "C": "c"}))
    words = [w for *_, w in _words(root)]
    assert not [w for w in words if w.startswith("C ")] and len([w for w in words if w.startswith("A ")]) == 2
    assert not _markers(root, charts.PALETTE[2]) and not _line_paths(root, charts.PALETTE[2])
    for layout in (charts.WIDE, charts.NARROW):
        svg = charts.lines_with_breaks(
            frame.iloc[0:0], "panel", "year", {"A": "a"}, layout=layout, empty="No <figures>."
        )
        root = _svg(svg)
        assert [w for *_, w in _words(root)] == ["No <figures>."]
        assert float(root.get("viewBox").split()[2]) == layout.width * 72


def _boxes(root) -> list[tuple[str, float, float, float, float]]:
    """Each text's box as drawn (DejaVu Sans's advances; ascent 0.76 and descent 0.24 of its size)."""
    from hertsbook.content.svg_lines import text_width

    out = []
    for x, y, turn, size, style, words in _words(root):
        w = text_width(words, size)
        start = {"start": 0.0, "middle": -w / 2, "end": -w}[style["text-anchor"]]
        corners = [(start + dx, dy) for dx in (0, w) for dy in (-0.76 * size, 0.24 * size)]
        a = math.radians(turn)
        turned = [
            (x + u * math.cos(a) - v * math.sin(a), y + u * math.sin(a) + v * math.cos(a)) for u, v in corners
        ]
        xs, ys = [p[0] for p in turned], [p[1] for p in turned]
        out.append((words, min(xs), min(ys), max(xs), max(ys)))
    return out


@pytest.fixture(scope="module")
def councils_drawn(project):
    from hertsbook.content import ascof, data
    from hertsbook.content import council_page as page

    series, contents = data.ascof_series(project), data.ascof_contents(project)
    snpp = data.table(project, "national/ons_snpp_2018based_table2_persons_ons_pop.csv")
    trend = data.ascof_trend(project)
    breaks = ascof.breaks(data.ascof_comparability_log(project), list(contents["measure"]))
    out = {}
    for code in ("E10000016", "E08000035"):  # Kent; Leeds, whose region has the longest name
        where = ascof.place(series, snpp, code)
        drawn = page.over_the_years(series, where, breaks, contents)
        out[code] = acp.over_the_years_draw(drawn, where.name, acp.region_name(trend, where.region), "none")
    return out


@pytest.mark.parametrize("layout", [charts.WIDE, charts.NARROW], ids=["wide", "narrow"])
def test_a_councils_break_chart_keeps_every_word_inside_and_apart_and_is_the_same_each_time(
    councils_drawn, layout
) -> None:
    for code, draw in councils_drawn.items():
        svg = draw(layout=layout)
        assert draw(layout=layout) == svg  # the same bytes each time: no ids, no dates
        root = _svg(svg)
        _, _, width, height = map(float, root.get("viewBox").split())
        assert width == layout.width * 72 and root.get("width") == f"{width:g}pt"
        boxes = _boxes(root)
        assert len(boxes) > 200
        outside = [b for b in boxes if b[1] < 0 or b[2] < 0 or b[3] > width or b[4] > height]
        assert not outside, (code, outside[:3])
        ends = [b for b in boxes if re.search(r"\d%$", b[0])]  # the end labels' last lines
        clashes = [
            (a[0], b[0])
            for i, a in enumerate(ends)
            for b in ends[i + 1 :]
            if a[1] < b[3] and b[1] < a[3] and a[2] < b[4] - 1 and b[2] < a[4] - 1
        ]
        assert not clashes, (code, clashes[:3])
        plots = _plots(root)
        assert len(plots) >= 18 and len({p[0] for p in plots}) == 1  # a panel a measure, one left edge


def test_spread_and_year_ticks() -> None:
    assert charts.spread([1.0, 1.0, 1.0], 2.0, 0.0, 10.0) == [1.0, 3.0, 5.0]
    assert charts.spread([9.5, 10.0], 2.0, 0.0, 10.0) == [8.0, 10.0]  # pushed down from the top
    assert charts.year_ticks(6, 3) == [0, 2, 5] and charts.year_ticks(6, 2) == [0, 5]
    assert charts.year_ticks(2, 3) == [0, 1]


def test_the_svg_is_slimmed_but_its_words_and_drawing_are_kept(tmp_path, monkeypatch, key_measures) -> None:
    """The chapter's first visit weighed 800.1 KiB (limit 800): coordinates are written to 0.01 pt, once a
    line; the words (a value such as "0.478") are untouched."""
    monkeypatch.setenv("HERTSBOOK_FIGURES", str(tmp_path))
    draw = partial(charts.dot_comparison, key_measures, "measure", {"Target": "target_2019_20_percent"})
    charts.publish(draw, charts.Chart("km", "t", "s", "src", "alt"), key_measures)
    text = (tmp_path / "km.svg").read_text(encoding="utf-8")
    geometry = re.findall(r'\s(?:d|x|y|width|height|viewBox|transform)="([^"]*)"', text)
    assert geometry and not [g for g in geometry if re.search(r"\d\.\d{3}|\n", g)]
    assert charts.slim_svg('<text x="1.23456" y="2">0.478</text>') == '<text x="1.23" y="2">0.478</text>'
    assert (
        charts.slim_svg('<path id="m1" d="M 0.123456 1 \nL 2 3 \n"/>') == '<path id="m1" d="M 0.12 1 L 2 3"/>'
    )
    assert (
        charts.slim_svg('<g>\n  <text x="1"> 2 words </text>\n</g>') == '<g><text x="1"> 2 words </text></g>'
    )
    width, texts = svg_texts(tmp_path / "km.svg")  # still a well-formed SVG with its labels as text
    assert width > 0 and any("Target" in words for _, _, words in texts)


SEABORN_IMPORT = """
import sys
{first}
import hertsbook.content.charts as charts
import seaborn._statistics, seaborn.matrix
print(sorted(m for m in ("scipy.stats", "scipy.cluster") if m in sys.modules))
print(seaborn._statistics._no_scipy, seaborn.matrix._no_scipy, charts.sns is sys.modules["seaborn"])
import scipy.stats, scipy.cluster.hierarchy  # either can be imported afterwards
print(scipy.stats.norm.cdf(0.0))
"""


@pytest.mark.parametrize(
    ("first", "loaded", "without_scipy"),
    [
        ("", "[]", "True True"),  # a kernel: seaborn set up as without its optional scipy
        ("import scipy.stats", "['scipy.stats']", "False True"),  # one already in use is used
    ],
)
def test_charts_import_seaborn_without_scipy_unless_it_is_already_in_use(
    first, loaded, without_scipy
) -> None:
    """Every kernel imports the charts module: seaborn's import of scipy.stats and scipy.cluster (for plots
    the book never draws) cost it 0.9 of seaborn's 1.0 CPU s."""
    done = subprocess.run(
        [sys.executable, "-c", SEABORN_IMPORT.format(first=first)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [loaded, f"{without_scipy} True", "0.5"]
