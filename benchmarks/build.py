"""Benchmark the build: cold, the rebuilds that matter, against plain jupyter-book with its own cache.

Run with `make bench` (or `python benchmarks/build.py --runs 3`). Every figure is the median of the runs,
on a copy of the project in a temporary folder; set-up (.venv) is excluded except where it says so.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import jupytext
import nbformat

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from hertsbook.project import THEMES, copy_tree  # noqa: E402

BASELINE_DATA = "jupyter-book baseline: adult care notebook's code edited"
JB = "import sys; from jupyter_book.cli.main import main; sys.exit(main())"


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, int]:
    """Seconds, and the peak memory (KiB) of the largest process in the command's tree."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{process.stderr.read().decode()[-2000:]}")
    return seconds, usage.ru_maxrss


def ours(root: Path) -> tuple[float, int]:
    env = {**os.environ, "HERTSBOOK_ROOT": str(root), "GX_ANALYTICS_ENABLED": "false"}
    return timed([sys.executable, "-m", "hertsbook", "build"], root, env)


def baseline_source(root: Path, target: Path) -> Path:
    """The same book for plain jupyter-book: unexecuted notebooks, executed by its own cache."""
    stage = root / "_build/stage/source"
    shutil.copytree(stage, target)
    for theme in THEMES:
        notebook = jupytext.read(root / "notebooks" / f"{theme}.py")
        notebook.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        nbformat.write(notebook, target / "notebooks" / f"{theme}.ipynb")
    config = (target / "_config.yml").read_text()
    # Plain jupyter-book: its own execution cache, and without our Sphinx extensions (checks, rebuilds
    # written as from scratch).
    config = config.replace('execute_notebooks: "off"', "execute_notebooks: cache")
    config = re.sub(r",\s*hertsbook\.publish\.sphinx_\w+", "", config)
    assert "hertsbook." not in config, "the baseline must be plain jupyter-book"
    (target / "_config.yml").write_text(config)
    return target


def plain(source: Path, root: Path) -> tuple[float, int]:
    env = {**os.environ, "HERTSBOOK_ROOT": str(root), "HERTSBOOK_FIGURES": str(source / "_extra/figures")}
    return timed([sys.executable, "-c", JB, "build", str(source), "--quiet"], source, env)


def edit_notebook_code(root: Path) -> None:
    path = root / "notebooks/early_help.py"
    path.write_text(path.read_text() + f"\n# %%\nbenchmark_edit = {time.time_ns()}\n")


def edit_notebook_text(root: Path) -> None:
    path = root / "notebooks/early_help.py"
    path.write_text(path.read_text() + f"\n# %% [markdown]\n# Benchmark edit {time.time_ns()}.\n")


def edit_data(root: Path) -> None:
    """A note in the adult care comparisons gets one more space each time: new bytes, the same check result.

    (Toggling between two versions would let the second and later runs hit the cache.)
    """
    path = root / "data/adult_care/comparable_measures.csv"
    text = path.read_text()
    spaces = re.search(r"may( +)count", text)
    assert spaces, "the benchmark's data edit needs the words 'may count' in comparable_measures.csv"
    path.write_text(text.replace(spaces.group(0), f"may{spaces.group(1)} count"))


def edit_page(root: Path) -> None:
    path = root / "book/about.md"
    path.write_text(path.read_text() + f"\nBenchmark edit {time.time_ns()}.\n")


def page_weight(site: Path, page: Path) -> int:
    """Bytes a reader downloads for a page: the HTML and the local files it links (styles, scripts, images)."""
    html = page.read_text()
    total = len(html.encode())
    for ref in set(re.findall(r'(?:src|href)="([^"#?]+)(?:\?[^"]*)?"', html)):
        if ref.startswith(("http", "mailto:")) or not ref.endswith(
            (".css", ".js", ".svg", ".png", ".woff2", ".woff")
        ):
            continue
        path = (page.parent / ref).resolve()
        if path.is_file() and site.resolve() in path.parents:
            total += path.stat().st_size
    return total


def median(values: list[float]) -> float:
    return statistics.median(values)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3, help="runs per figure (the median is printed)")
    parser.add_argument(
        "--no-fresh-clone", action="store_true", help="skip the fresh-clone `make book` timing"
    )
    args = parser.parse_args()
    results: dict[str, list[float]] = {}
    peaks: list[int] = []
    with tempfile.TemporaryDirectory(prefix="hertsbook-bench-") as folder:
        root = copy_tree(ROOT, Path(folder) / "book").root
        base: Path | None = None
        # Each of our builds is followed by the baseline's matching build, so a machine that speeds up or
        # slows down during the benchmark moves both sides of every ratio alike.
        for _ in range(args.runs):
            shutil.rmtree(root / "_build", ignore_errors=True)
            seconds, peak = ours(root)
            results.setdefault("cold build (after make clean)", []).append(seconds)
            peaks.append(peak)
            base = base or baseline_source(root, Path(folder) / "plain")  # from our first build's pages
            shutil.rmtree(base / "_build", ignore_errors=True)
            results.setdefault("jupyter-book baseline: cold (execute_notebooks: cache)", []).append(
                plain(base, root)[0]
            )
        assert base is not None
        for label, change, baseline_label, cell, theme in [
            ("rebuild, nothing changed", None, "jupyter-book baseline: nothing changed", None, None),
            (
                "rebuild, one notebook's code edited",
                edit_notebook_code,
                "jupyter-book baseline: one notebook's code edited",
                nbformat.v4.new_code_cell,
                "early_help",
            ),
            (
                "rebuild, one notebook's text edited",
                edit_notebook_text,
                "jupyter-book baseline: one notebook's text edited",
                nbformat.v4.new_markdown_cell,
                "early_help",
            ),
            # the notebook our data edit re-runs: what plain jupyter-book would have to do for it
            (
                "rebuild, one data file edited",
                edit_data,
                BASELINE_DATA,
                nbformat.v4.new_code_cell,
                "adult_care_performance",
            ),
            ("rebuild, one narrative page edited", edit_page, None, None, None),
        ]:
            for _ in range(args.runs):
                if change:
                    change(root)
                results.setdefault(label, []).append(ours(root)[0])
                if baseline_label is None:
                    continue
                if cell:
                    path = base / f"notebooks/{theme}.ipynb"
                    notebook = nbformat.read(path, as_version=4)
                    notebook.cells.append(cell(f"benchmark_edit = {time.time_ns()}"))
                    nbformat.write(notebook, path)
                results.setdefault(baseline_label, []).append(plain(base, root)[0])
        site = root / "_build/html"
        chapters = {p: page_weight(site, p) for p in (site / "notebooks").glob("*.html")}
        heaviest = max(chapters, key=chapters.get)
        weights = {
            "landing page": page_weight(site, site / "book/index.html"),
            f"heaviest chapter ({heaviest.stem})": chapters[heaviest],
        }
        if not args.no_fresh_clone:
            clone = Path(folder) / "clone"
            subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
            env = {k: v for k, v in os.environ.items() if k != "HERTSBOOK_ROOT"}
            results["fresh clone: make book (set-up included, warm package cache)"] = [
                timed(["make", "book"], clone, env)[0]
            ]

    cold = median(results["cold build (after make clean)"])
    base_cold = median(results["jupyter-book baseline: cold (execute_notebooks: cache)"])
    print(
        f"\nBuild benchmark: {os.cpu_count()} cores, Python {sys.version.split()[0]}, median of {args.runs} run(s)\n"
    )
    print(f"{'measure':<66} {'seconds':>8} {'× cold':>7}")
    for label, values in results.items():
        print(f"{label:<66} {median(values):>8.1f} {median(values) / cold:>7.2f}")
    for kind in ("code", "text"):
        ours_s = median(results[f"rebuild, one notebook's {kind} edited"])
        theirs = median(results[f"jupyter-book baseline: one notebook's {kind} edited"])
        print(f"{f'ratio: one notebook {kind} edited, ours / baseline':<66} {ours_s / theirs:>8.2f}")
    ours_s = median(results["rebuild, one data file edited"])
    theirs = median(results[BASELINE_DATA])
    print(
        f"{'ratio: one data file edited, ours / baseline re-running its notebook':<66} {ours_s / theirs:>8.2f}"
    )
    print(f"{'ratio: cold, ours / baseline':<66} {cold / base_cold:>8.2f}")
    print(f"{'peak memory of the largest build process (MiB)':<66} {max(peaks) / 1024:>8.0f}")
    for label, size in weights.items():
        print(f"{'page weight, ' + label + ' (KiB)':<66} {size / 1024:>8.0f}")
    print(
        "\nNote: the baseline does not re-run a notebook when only a data file changes (jupyter-cache hashes"
        "\ncode cells only): after a data edit its rebuild would publish stale results. The data-edit ratio"
        "\ncompares ours with the baseline re-running the notebook that reads the file (adult care)."
    )


if __name__ == "__main__":
    main()
