"""Running a notebook reproducibly, and publishing a site only when it is whole."""

import errno
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import jupytext
import nbformat
import pytest
from jupyter_core.utils import run_sync

from hertsbook.cache import Cache
from hertsbook.execute import runner, sources
from hertsbook.lockfile import environment_yml, pins
from hertsbook.publish import assemble


def test_jupytext_source_becomes_a_notebook_with_a_kernel(project) -> None:
    notebook = runner.to_notebook(project.notebook("adult_care_performance"))
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    tagged = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1 and "council: str" in tagged[0].source


def test_tidy_drops_timings_and_fixes_ids(tmp_path: Path) -> None:
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["papermill"] = {
        "start_time": "2025-01-01T00:00:00",
        "duration": 1.5,
        "parameters": {"a": 1},
    }
    cell = nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["injected-parameters"]})
    cell.metadata["papermill"] = {"start_time": "t", "end_time": "t", "duration": 0.1, "status": "completed"}
    cell.metadata["execution"] = {"iopub.status.busy": "t"}
    notebook.cells = [cell]
    path = tmp_path / "n.ipynb"
    nbformat.write(notebook, path)
    runner.tidy(path)
    tidied = json.loads(path.read_text())
    assert tidied["metadata"]["papermill"] == {"parameters": {"a": 1}}
    assert tidied["cells"][0]["id"] == "cell-0"
    assert tidied["cells"][0]["metadata"] == {
        "tags": ["injected-parameters", "remove-cell"],
        "papermill": {"status": "completed"},
    }


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_publish_swaps_in_the_new_site_whole(tmp_path: Path) -> None:
    site, new = tmp_path / "html", tmp_path / "new"
    site.mkdir()
    (site / "index.html").write_text("old")
    new.mkdir()
    (new / "index.html").write_text("new")
    (new / "page.html").write_text("page")
    assemble.publish(new, site)
    assert tree(site) == {"index.html": b"new", "page.html": b"page"}
    assert not new.exists() and not (tmp_path / "html.old").exists()


def test_recover_restores_a_site_cut_off_mid_swap(tmp_path: Path) -> None:
    old = tmp_path / "html.old"
    old.mkdir()
    (old / "index.html").write_text("last good")
    assemble.recover(tmp_path / "html")
    assert (tmp_path / "html" / "index.html").read_text() == "last good"


def test_a_failed_jupyter_book_run_raises_and_leaves_no_site(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    (source / "_config.yml").write_text("title: x\n")
    (source / "_toc.yml").write_text("format: jb-book\nroot: missing_page\n")
    with pytest.raises(assemble.AssemblyFailed, match="jupyter-book could not build the site"):
        assemble.JupyterBook(source, tmp_path / "out").run()
    assert not (tmp_path / "out").exists()  # a failed run leaves nothing half-written


def test_environment_yml_carries_the_lock_pins(project) -> None:
    lock = (project.root / "requirements.lock").read_text()
    env = (project.root / "environment.yml").read_text()
    assert env == environment_yml(lock), "environment.yml is stale: run `make lock`"
    assert "  - python=3.11\n" in env
    locked = pins(lock)
    for name in (
        "jupyter-book",
        "jupytext",
        "pandas",
        "seaborn",
        "papermill",
        "great-expectations",
        "sphinx",
    ):
        assert f"      - {name}=={locked[name]}\n" in env
    assert locked["jupyter-book"].startswith("1.") and locked["great-expectations"].startswith("1.")


def test_every_lock_pin_has_hashes_and_the_installer_matches(project) -> None:
    lock = (project.root / "requirements.lock").read_text()
    blocks = [b for b in lock.split("\n") if "==" in b and not b.startswith(" ")]
    assert len(blocks) == len(pins(lock)) > 100
    assert lock.count("--hash=sha256:") >= len(blocks)
    bootstrap = pins((project.root / "requirements-bootstrap.lock").read_text())
    assert bootstrap == {"uv": pins(lock)["uv"]}


def test_prose_does_not_change_the_code_hash_but_code_does(project, tmp_path: Path) -> None:
    source = project.notebook("day_services").read_text()
    prose, code = tmp_path / "prose.py", tmp_path / "code.py"
    prose.write_text(source + "\n# %% [markdown]\n# More words.\n")
    code.write_text(source + "\n# %%\nx = 1\n")
    original = runner.code_hash(project.notebook("day_services"))
    assert runner.code_hash(prose) == original
    assert runner.code_hash(code) != original


def test_refresh_text_keeps_outputs_and_takes_the_new_prose(tmp_path: Path) -> None:
    source = tmp_path / "n.py"
    source.write_text(
        '# %% [markdown]\n# Old words\n\n# %% tags=["parameters"]\na: int = 1  # a\n\n# %%\na + 1\n'
    )
    run = runner.to_notebook(source)
    injected = nbformat.v4.new_code_cell("a = 2", metadata={"tags": ["injected-parameters"]})
    run.cells.insert(2, injected)
    run.cells[3].outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "3"}, execution_count=1)]
    executed = tmp_path / "run.ipynb"
    nbformat.write(run, executed)
    source.write_text(source.read_text().replace("Old words", "New words"))
    out = nbformat.read(runner.refresh_text(executed, source, tmp_path / "out.ipynb"), as_version=4)
    assert [c.cell_type for c in out.cells] == ["markdown", "code", "code", "code"]
    assert out.cells[0].source == "New words"
    assert out.cells[2].source == "a = 2" and "remove-cell" in out.cells[2].metadata["tags"]
    assert out.cells[3].outputs[0]["data"]["text/plain"] == "3"


def test_a_kernel_booted_ahead_is_ready_for_a_new_client_without_losing_its_first_output(
    project, tmp_path: Path
) -> None:
    kernel = runner.start_kernel(project, tmp_path / "figures", tmp_path / "kernel.log")

    async def first_output() -> list[str]:
        client = kernel.manager.client()  # what papermill gets
        client.start_channels()
        try:
            await client.wait_for_ready(timeout=60)
            request = client.execute("print('first output')")
            texts = []
            while True:
                message = await client.iopub_channel.get_msg(timeout=30)
                if message["parent_header"].get("msg_id") != request:
                    continue
                if message["msg_type"] == "stream":
                    texts.append(message["content"]["text"])
                if message["content"].get("execution_state") == "idle":
                    return texts
        finally:
            client.stop_channels()

    try:
        kernel.preload.join()
        assert run_sync(first_output)() == ["first output\n"]
    finally:
        kernel.stop()
    assert not kernel.manager.has_kernel


def test_a_source_is_parsed_as_jupytext_does_and_each_read_is_a_copy(project, tmp_path: Path) -> None:
    def cells(notebook):  # cell ids are random at every parse
        return [{k: v for k, v in cell.items() if k != "id"} for cell in notebook.cells]

    path = tmp_path / "note.py"
    path.write_text((project.notebook("early_help")).read_text(encoding="utf-8"), encoding="utf-8")
    first = sources.read(path)
    assert cells(first) == cells(jupytext.read(path)) and first.metadata == jupytext.read(path).metadata
    first.cells.clear()
    assert cells(sources.read(path)) == cells(jupytext.read(path))  # changing one read changes no other
    path.write_text("# %%\nedited = 1\n", encoding="utf-8")
    assert [c.source for c in sources.read(path).cells] == ["edited = 1"]  # keyed by the text, not the path


def test_a_parsed_source_is_kept_in_the_build_cache_and_read_back_the_same(project, tmp_path: Path) -> None:
    path = project.notebook("day_services")
    cache = Cache(tmp_path / "cache")
    sources._parsed.cache_clear()
    sources.keep_in(cache)
    try:
        first = sources.read(path)
        assert len(list((tmp_path / "cache/sources").glob("*/*/value.json"))) == 1
        sources._parsed.cache_clear()  # as a new process would start: only the cache holds it
        assert sources.read(path) == first  # the same cells, ids included
    finally:
        sources.keep_in(None)
        sources._parsed.cache_clear()


def test_the_socket_folders_of_a_killed_build_are_removed_and_a_running_ones_kept(tmp_path: Path) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # its pid now names no process
    stale = Path(tempfile.mkdtemp(prefix=f"{runner.KERNEL_FOLDER}{gone.pid}-"))
    (stale / "k-1").write_text("a socket left behind")
    running = Path(tempfile.mkdtemp(prefix=f"{runner.KERNEL_FOLDER}{os.getpid()}-"))
    try:
        assert stale in runner.remove_stale_kernel_folders()
        assert not stale.exists() and running.is_dir()
    finally:
        shutil.rmtree(running, ignore_errors=True)
        shutil.rmtree(stale, ignore_errors=True)


def test_a_stopped_kernel_is_never_replaced_by_one_nbclient_starts(project, tmp_path: Path) -> None:
    """Found after a signal: nbclient starts a kernel of its own when the manager has none, and that one wrote
    its traceback on the build's stderr after "interrupted". The run fails instead, and no process is left."""
    from nbclient import NotebookClient

    kernel = runner.start_kernel(project, tmp_path / "figures", tmp_path / "kernel.log")
    try:
        run_sync(kernel.manager.shutdown_kernel)(now=True)
        assert not kernel.manager.has_kernel
        client = NotebookClient(nbformat.v4.new_notebook(), km=kernel.manager)
        with pytest.raises(runner.NotebookFailed, match="kernel stopped before the notebook could run"):
            client.execute()
        assert not kernel.manager.has_kernel
    finally:
        shutil.rmtree(kernel.folder, ignore_errors=True)


def _tiny_build(tmp_path: Path) -> tuple[Path, Path]:
    """Sphinx's kept output holding stale files from an earlier build, and staged sources."""
    html, source = tmp_path / "html", tmp_path / "source"
    for name, text in {
        "index.html": "<html><head></head><body>book</body></html>",
        "councils/index.html": "<html><head></head><body>index</body></html>",
        "councils/E06000099.html": "<html><head></head><body>a council no longer built</body></html>",
        "figures/renamed-chart.svg": "<svg/>",
    }.items():
        (html / name).parent.mkdir(parents=True, exist_ok=True)
        (html / name).write_text(text, encoding="utf-8")
    (source / "_extra/figures").mkdir(parents=True)
    (source / "_extra/figures/theme.svg").write_text("<svg>theme</svg>", encoding="utf-8")
    (source / "councils").mkdir()
    (source / "councils/index.md").write_text("# Every council\n", encoding="utf-8")
    (source / "_config.yml").write_text("title: A book\n", encoding="utf-8")
    return html, source


def test_the_site_holds_exactly_the_staged_extras_and_the_files_given_from_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real finish needs the theme's files.
    monkeypatch.setattr(assemble.finish, "finish_site", lambda site, title, *cached: None)
    html, source = _tiny_build(tmp_path)
    cached = tmp_path / "cache"
    cached.mkdir()
    (cached / "page.html").write_text("<html><head></head><body>Hartlepool</body></html>", encoding="utf-8")
    (cached / "chart.svg").write_text("<svg>Hartlepool</svg>", encoding="utf-8")
    extras = {
        "councils/E06000001.html": cached / "page.html",
        "figures/council-E06000001.svg": cached / "chart.svg",
    }
    site = assemble.snapshot(html, tmp_path / "site", source, extras)
    assert sorted(p.name for p in (site / "councils").iterdir()) == ["E06000001.html", "index.html"]
    assert sorted(p.name for p in (site / "figures").iterdir()) == ["council-E06000001.svg", "theme.svg"]
    assert (site / "figures/council-E06000001.svg").read_text(encoding="utf-8") == "<svg>Hartlepool</svg>"
    assert "Hartlepool" in (site / "councils/E06000001.html").read_text(encoding="utf-8")
    assert "index" in (site / "councils/index.html").read_text(encoding="utf-8")  # the book's own page stays
    assert (cached / "chart.svg").read_text(encoding="utf-8") == "<svg>Hartlepool</svg>"  # cache untouched
    # A file of the cache is linked into the site, not copied (cache.link_out).
    assert os.stat(cached / "chart.svg").st_ino == os.stat(site / "figures/council-E06000001.svg").st_ino


def test_where_the_filesystem_cannot_link_the_cache_files_are_copied(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def cannot_link(source: object, target: object) -> None:
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(assemble.finish, "finish_site", lambda site, title, *cached: None)
    monkeypatch.setattr(os, "link", cannot_link)
    html, source = _tiny_build(tmp_path)
    chart = tmp_path / "chart.svg"
    chart.write_text("<svg>Hartlepool</svg>", encoding="utf-8")
    site = assemble.snapshot(html, tmp_path / "site", source, {"figures/council-E06000001.svg": chart})
    published = site / "figures/council-E06000001.svg"
    assert published.read_bytes() == chart.read_bytes()
    assert os.stat(chart).st_ino != os.stat(published).st_ino


def test_two_parts_of_the_build_publishing_one_file_stop_it(tmp_path: Path) -> None:
    html, source = _tiny_build(tmp_path)
    clash = tmp_path / "theme.svg"
    clash.write_text("<svg>another</svg>", encoding="utf-8")
    with pytest.raises(assemble.AssemblyFailed, match="two parts of the build publish figures/theme.svg"):
        assemble.snapshot(html, tmp_path / "site", source, {"figures/theme.svg": clash})
