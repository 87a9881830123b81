"""Execute: a jupytext notebook run by papermill with checked parameters, its output made reproducible."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from typing import Any

import jupytext
import nbformat
import papermill

from hertsbook.project import Project

KERNEL = {"name": "python3", "display_name": "Python 3", "language": "python"}
KERNEL_STARTS = 3  # attempts to start a kernel (see execute)
HIDDEN = {"parameters", "injected-parameters"}  # shown by the page's own parameter table instead


class NotebookFailed(RuntimeError):
    """A notebook raised: the message names the notebook, the cell and the error."""


def to_notebook(path: Path) -> nbformat.NotebookNode:
    """The jupytext source as a notebook with its kernel set (papermill cannot read .py itself)."""
    notebook = jupytext.read(path)
    notebook.metadata["kernelspec"] = dict(KERNEL)
    notebook.metadata.pop("jupytext", None)
    return notebook


def execute(project: Project, theme: str, parameters: dict[str, Any], output: Path, figures: Path) -> Path:
    """Run one theme notebook with these (already checked) parameters into `output`."""
    source = project.notebook(theme)
    output.parent.mkdir(parents=True, exist_ok=True)
    figures.mkdir(parents=True, exist_ok=True)
    # The kernel inherits the environment: it tells the notebook where the project and its figures are.
    os.environ.update({"HERTSBOOK_ROOT": str(project.root), "HERTSBOOK_FIGURES": str(figures)})
    try:
        for attempt in range(1, KERNEL_STARTS + 1):
            try:
                papermill.execute_notebook(
                    to_notebook(source),
                    str(output),
                    parameters=parameters,
                    kernel_name=KERNEL["name"],
                    cwd=str(project.root),
                    progress_bar=False,
                    log_output=False,
                )
                break
            except RuntimeError as error:
                # Kernels started at the same moment can pick the same free port; the loser dies at start-up.
                # Nothing of the notebook has run then, so starting it again is safe.
                if "Kernel died before replying" not in str(error) or attempt == KERNEL_STARTS:
                    raise
    except papermill.PapermillExecutionError as error:
        tidy(output)
        raise NotebookFailed(
            f"{project.relative(source)} failed in cell {error.exec_count or error.cell_index}: "
            f"{error.ename}: {error.evalue}\n  the executed notebook with the traceback is kept at "
            f"{project.relative(output)}"
        ) from None
    tidy(output)
    return output


def code_hash(path: Path) -> str:
    """A hash of what running the notebook depends on: its code cells and their tags, not its prose."""
    digest = hashlib.sha256()
    for cell in to_notebook(path).cells:
        if cell.cell_type == "code":
            tags = ",".join(cell.metadata.get("tags", []))
            digest.update(cell.source.encode() + b"\0" + tags.encode() + b"\0")
    return digest.hexdigest()


def refresh_text(executed: Path, source: Path, output: Path) -> Path:
    """A run's outputs under the source's current text cells.

    Used when only prose changed: the code cells are the same (the cache key says so), so their outputs
    stand, and the markdown cells are taken from the source as it is now.
    """
    run = nbformat.read(executed, as_version=4)
    injected = [c for c in run.cells if "injected-parameters" in c.metadata.get("tags", [])]
    outputs = iter(c for c in run.cells if c.cell_type == "code" and c not in injected)
    cells = []
    for cell in to_notebook(source).cells:
        if cell.cell_type != "code":
            cells.append(cell)
            continue
        cells.append(next(outputs))
        if "parameters" in cell.metadata.get("tags", []):
            cells += injected
    run.cells = cells
    output.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(run, output)
    tidy(output)
    return output


def tidy(path: Path) -> None:
    """Drop timings, make cell ids stable and hide the parameter cells, so a rerun writes the same bytes."""
    notebook = nbformat.read(path, as_version=4)
    for key in ("start_time", "end_time", "duration", "input_path", "output_path"):
        notebook.metadata.get("papermill", {}).pop(key, None)
    for number, cell in enumerate(notebook.cells):
        cell.id = f"cell-{number}"
        cell.metadata.pop("execution", None)
        for key in ("start_time", "end_time", "duration"):
            cell.metadata.get("papermill", {}).pop(key, None)
        tags = cell.metadata.get("tags", [])
        if HIDDEN & set(tags) and "remove-cell" not in tags:
            cell.metadata["tags"] = [*tags, "remove-cell"]
    nbformat.write(notebook, path)
