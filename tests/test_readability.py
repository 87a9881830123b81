"""Plain English: the prose of every chapter and book page scores 50 or more on Flesch reading ease.

The score counts words per sentence and syllables per word; 60 to 70 is plain English, 50 to 60 is fairly
hard. A chapter's prose is its markdown cells plus the sentences the package writes from the data.
"""

import re
from pathlib import PurePath

import jupytext
import pytest
import textstat

from hertsbook.content import data
from hertsbook.content.themes import adult_care_performance as acp
from hertsbook.content.themes import day_services as ds
from hertsbook.project import THEMES
from hertsbook.publish.generated import PAGES as BUILT_PAGES

THRESHOLD = 50
GENERATED_PAGES = {
    f"{PurePath(page).name}.md" for page in BUILT_PAGES if PurePath(page).parent.name == "book"
}  # written at build time, mostly tables


def prose(markdown: str) -> str:
    """The words a reader reads: no code, HTML, link targets, roles, headings' marks or table rules."""
    text = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    text = re.sub(r"^\(.*?\)=\s*$", " ", text, flags=re.M)  # MyST targets
    text = re.sub(r"\{\w+\}`([^<`]*?)\s*(<[^>]*>)?`", r"\1", text)  # {doc}`Text <target>` -> Text
    text = re.sub(r"`[^`]*`", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"https?://\S+", " ", text)
    blocks: list[list[str]] = []
    fresh = True
    for raw in text.splitlines():
        line = raw.strip()
        if not line or set(line) <= set("|-: "):
            fresh = True
            continue
        starts_block = re.match(r"(#+|[-*+]|\d+\.|:|>)\s", line) or line.startswith("**")
        if fresh or starts_block:
            blocks.append([])
        blocks[-1].append(re.sub(r"^(#+|[-*+]|\d+\.|:|>)\s+", "", line).replace("*", ""))
        fresh = bool(re.match(r"#+\s", line))  # a heading is a block of its own
    # Each heading, list item or paragraph is at least one sentence: end it with a full stop if it has none.
    sentences = [" ".join(b).strip() for b in blocks]
    return " ".join(s if s[-1] in ".!?:;" else s + "." for s in sentences if s)


def chapter_markdown(project, theme: str) -> str:
    notebook = jupytext.read(project.notebook(theme))
    return "\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")


def generated(project, theme: str) -> str:
    """The sentences the package writes from the data for this chapter (HTML links stripped by prose)."""
    evidence = data.evidence(project)
    if theme == "adult_care_performance":
        trend = data.ascof_trend(project)
        spend = acp.expenditure(evidence)
        measures = acp.key_measures(evidence, data.table(project, "adult_care/key_measures.csv"))
        lines = acp.trend_lines(trend, "E10000015", "E12000006")
        return " ".join(
            [
                acp.targets_sentence(measures),
                acp.demand_sentence(evidence),
                acp.supply_sentence(evidence),
                acp.safeguarding_sentence(evidence),
                acp.expenditure_sentence(evidence, spend),
                acp.trend_sentence(lines, acp.trend_names(trend), "Hertfordshire"),
            ]
        )
    if theme == "day_services":
        dates = data.dates(project)
        lists = {
            n: data.table(project, f"lists/day_services_{n}.csv") for n in ("phase1_themes", "principles")
        }
        return " ".join(
            [
                ds.timeline_sentence(dates, evidence),
                ds.coproduction_sentence(evidence, lists["phase1_themes"]),
                ds.consultation_sentence(evidence),
                ds.spend_sentence(evidence, ds.spend(evidence)),
            ]
        )
    return ""


def test_prose_keeps_words_and_drops_markup() -> None:
    text = prose(
        "## A heading\n\nSee {doc}`Prevention <../notebooks/prevention>` and [the page](x.md).\n- An item"
    )
    assert text == "A heading. See Prevention and the page. An item."


@pytest.mark.parametrize("theme", THEMES)
def test_each_chapter_reads_plainly(project, theme: str) -> None:
    text = prose(chapter_markdown(project, theme) + "\n\n" + generated(project, theme))
    score = textstat.flesch_reading_ease(text)
    assert score >= THRESHOLD, f"{theme}: Flesch reading ease {score:.0f}, below {THRESHOLD}"


def test_each_book_page_reads_plainly(project) -> None:
    pages = [p for p in sorted((project.root / "book").glob("*.md")) if p.name not in GENERATED_PAGES]
    assert {"index.md", "glossary.md", "about.md", "methodology.md"} <= {p.name for p in pages}
    scores = {p.name: textstat.flesch_reading_ease(prose(p.read_text(encoding="utf-8"))) for p in pages}
    low = {name: round(score) for name, score in scores.items() if score < THRESHOLD}
    assert not low, f"pages below Flesch reading ease {THRESHOLD}: {low}"
