"""A run you can open: `python -m hertsbook run` writes a page beside its notebook whose images are its own."""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

import nbformat
import pandas as pd

from hertsbook.content import charts
from hertsbook.execute import params, run_page
from tests.conftest import ROOT


def linked_files(page: Path) -> list[str]:
    """Every image, picture source and download the page links to (not the links into the book)."""
    text = page.read_text(encoding="utf-8")
    return re.findall(r'(?:src|srcset)="([^"]+)"', text) + re.findall(r'href="([^"]+\.(?:svg|csv))"', text)


def a_run(tmp_path: Path, monkeypatch) -> tuple[Path, Path]:
    """A notebook as a run leaves it, its chart drawn by charts.publish with the run's figures folder set."""
    output = tmp_path / "runs" / params.run_name("day_services", {"council": "E10000016"})
    figures = params.figures_folder(output)
    monkeypatch.setenv("HERTSBOOK_FIGURES", str(figures))
    monkeypatch.setenv(charts.FIGURES_URL_ENV, figures.name)
    frame = pd.DataFrame({"area": ["Kent", "England"], "value": [1.0, 2.0]})
    chart = charts.Chart("spend", "Kent spends less", "Per adult, pounds.", "NHS England", "Bar chart")
    shown = charts.publish(partial(charts.bars, frame, "area", "value", ["1", "2"], "pounds"), chart, frame)
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["papermill"] = {"parameters": {"council": "E10000016"}}
    notebook.cells = [
        nbformat.v4.new_markdown_cell("# Day services\n\nSee the [evidence](../book/evidence.md) page."),
        nbformat.v4.new_code_cell("secret = 1", metadata={"tags": ["remove-cell"]}),
        nbformat.v4.new_code_cell(
            "HTML(chart)",
            metadata={"tags": ["remove-input"]},
            outputs=[nbformat.v4.new_output("display_data", data={"text/html": shown})],
        ),
    ]
    output.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, output)
    page = run_page.write(
        output,
        output.with_suffix(".html"),
        figures,
        figures.name,
        ROOT / "_static/hertsbook.css",
        tmp_path / "html",
    )
    return page, figures


def test_every_image_of_a_runs_page_is_a_file_of_that_run(tmp_path: Path, monkeypatch) -> None:
    page, figures = a_run(tmp_path, monkeypatch)
    links = linked_files(page)
    assert len(links) == 4  # the full-size link, the phone version, the image and the CSV
    for link in links:
        target = (page.parent / link).resolve()
        assert target.is_file(), link
        assert target.parent == figures.resolve()  # never the book's figures (../figures)
    assert 'href="' + figures.name + '/hertsbook.css"' in page.read_text(encoding="utf-8")


def test_a_runs_page_says_its_parameters_and_hides_what_the_book_hides(tmp_path: Path, monkeypatch) -> None:
    page, _ = a_run(tmp_path, monkeypatch)
    text = page.read_text(encoding="utf-8")
    assert "This run’s parameters: council = E10000016." in text
    assert "<h1>Day services</h1>" in text
    assert text.startswith('<!DOCTYPE html>\n<html lang="en-GB">') and text.count("<main>") == 1
    assert "secret" not in text and "HTML(chart)" not in text
    # A link into the book leads to the published site's page.
    assert 'href="../html/book/evidence.html"' in text


def test_book_links_point_at_the_published_site() -> None:
    page = (
        '<a href="../book/evidence.html#x">a</a><a href="../book/glossary.md">b</a><a href="x_files/a.svg">'
    )
    assert run_page.book_links(page, "../html") == (
        '<a href="../html/book/evidence.html#x">a</a><a href="../html/book/glossary.html">b</a>'
        '<a href="x_files/a.svg">'
    )


def test_the_run_folder_is_named_after_the_run(tmp_path: Path) -> None:
    output = tmp_path / "adult_care_performance-E10000016-2019-20.ipynb"
    assert params.figures_folder(output) == tmp_path / "adult_care_performance-E10000016-2019-20_files"
