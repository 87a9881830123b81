"""Benchmark the build: cold, the rebuilds that matter, against plain jupyter-book with its own cache.

Run with `make bench` (or `python benchmarks/build.py --runs 3`). Every figure is the median of the runs,
on a copy of the project in a temporary folder; set-up (.venv) is excluded except where it says so.
"""

from __future__ import annotations

import argparse
import hashlib
import json
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
from hertsbook.publish import first_visit  # noqa: E402

BASELINE_DATA = "jupyter-book baseline: adult care notebook's code edited"
DESKTOP = {"width": 1280, "height": 900}  # the browser tests' desktop viewport
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
    env.pop("HERTSBOOK_COUNCILS", None)  # the benchmark builds what `make book` builds: every council
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


def plain_command(source: Path, root: Path) -> tuple[list[str], dict[str, str]]:
    """Plain jupyter-book's build of the baseline's book: the command and its environment."""
    env = {**os.environ, "HERTSBOOK_ROOT": str(root), "HERTSBOOK_FIGURES": str(source / "_extra/figures")}
    return [sys.executable, "-c", JB, "build", str(source), "--quiet"], env


def plain(source: Path, root: Path) -> tuple[float, int]:
    command, env = plain_command(source, root)
    return timed(command, source, env)


# The baseline's side of each edit: a cell added to the notebook ours re-runs or re-reads (for a data edit,
# the notebook that reads the file, which plain jupyter-book would have to re-run).
BASELINE_EDITS = {
    "code": (nbformat.v4.new_code_cell, "early_help"),
    "text": (nbformat.v4.new_markdown_cell, "early_help"),
    "data": (nbformat.v4.new_code_cell, "adult_care_performance"),
}


def edit_baseline(base: Path, kind: str) -> None:
    """The baseline's matching edit for `kind` (code, text, data; anything else edits nothing)."""
    if kind not in BASELINE_EDITS:
        return
    cell, theme = BASELINE_EDITS[kind]
    path = base / f"notebooks/{theme}.ipynb"
    notebook = nbformat.read(path, as_version=4)
    notebook.cells.append(cell(f"benchmark_edit = {time.time_ns()}"))
    nbformat.write(notebook, path)


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


def edit_council_data(root: Path) -> None:
    """One council's figure changes: Hartlepool's projected population in 2043 (all ages) goes up by one
    each time, and its provenance and catalogue entry get its new sha256 (the gate pins national files). Its
    page and the notebooks that read the ONS file run again; the other councils' pages come from the cache."""
    path = root / "data/national/ons_snpp_2018based_table2_persons_ons_pop.csv"
    lines = path.read_text().split("\n")
    at = next(
        i for i, line in enumerate(lines) if line.startswith('"100","E06000001","Hartlepool","All ages"')
    )
    cells = lines[at].split(",")
    value = float(cells[-1].strip('"'))
    cells[-1] = f'"{value + 1:>10.1f}"'
    lines[at] = ",".join(cells)
    path.write_text("\n".join(lines))
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    provenance = path.with_name(path.stem + ".provenance.json")
    record = json.loads(provenance.read_text())
    record["sha256"] = digest
    provenance.write_text(json.dumps(record, indent=1) + "\n")
    catalogue = root / "expectations/catalogue.json"  # the gate pins the file's bytes there too
    entries = json.loads(catalogue.read_text())
    for entry in entries if isinstance(entries, list) else entries["datasets"]:
        if entry["files"] == "data/national/ons_snpp_2018based_table2_persons_ons_pop.csv":
            entry["sha256"] = digest
    catalogue.write_text(json.dumps(entries, indent=1) + "\n")


def site_megabytes(site: Path) -> float:
    """The published site's size: every file's bytes, in MB (10^6 bytes)."""
    return sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) / 1e6


def edit_page(root: Path) -> None:
    path = root / "book/about.md"
    path.write_text(path.read_text() + f"\nBenchmark edit {time.time_ns()}.\n")


def page_weights(site: Path) -> dict[str, float] | str:
    """KiB a browser transfers on a first visit at 1280 px (the browser tests' measurement): the landing page
    and the heaviest chapter; or why they cannot be measured here."""
    if not Path(first_visit.CHROMIUM).is_file():
        return f"skipped: no chromium at {first_visit.CHROMIUM} (apt-get install -y chromium)"
    try:
        with first_visit.served(site) as base, first_visit.chromium() as browser:

            def kib(page: str) -> float:
                return first_visit.first_visit_bytes(browser, base + page, DESKTOP)[0] / 1024

            chapters = {
                p.stem: kib(f"notebooks/{p.name}") for p in sorted((site / "notebooks").glob("*.html"))
            }
            heaviest = max(chapters, key=lambda name: chapters[name])
            return {
                "landing page": kib("book/index.html"),
                f"heaviest chapter ({heaviest})": chapters[heaviest],
            }
    except ImportError as error:
        return f"skipped: {error} (the browser tests' playwright is missing)"


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
            results.setdefault("cold build (after make clean), every council's page built", []).append(
                seconds
            )
            peaks.append(peak)
            base = base or baseline_source(root, Path(folder) / "plain")  # from our first build's pages
            shutil.rmtree(base / "_build", ignore_errors=True)
            results.setdefault("jupyter-book baseline: cold (execute_notebooks: cache)", []).append(
                plain(base, root)[0]
            )
        assert base is not None
        for label, change, baseline_label, kind in [
            ("rebuild, nothing changed", None, "jupyter-book baseline: nothing changed", "none"),
            (
                "rebuild, one notebook's code edited",
                edit_notebook_code,
                "jupyter-book baseline: one notebook's code edited",
                "code",
            ),
            (
                "rebuild, one notebook's text edited",
                edit_notebook_text,
                "jupyter-book baseline: one notebook's text edited",
                "text",
            ),
            ("rebuild, one data file edited", edit_data, BASELINE_DATA, "data"),
            ("rebuild, one narrative page edited", edit_page, None, "page"),
            (
                "rebuild, one council's data changed (every council's page built)",
                edit_council_data,
                None,
                "council",
            ),
        ]:
            for _ in range(args.runs):
                if change:
                    change(root)
                results.setdefault(label, []).append(ours(root)[0])
                if baseline_label is None:
                    continue
                edit_baseline(base, kind)
                results.setdefault(baseline_label, []).append(plain(base, root)[0])
        weights = page_weights(root / "_build/html")
        size = site_megabytes(root / "_build/html")
        if not args.no_fresh_clone:
            clone = Path(folder) / "clone"
            subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
            env = {k: v for k, v in os.environ.items() if k != "HERTSBOOK_ROOT"}
            results["fresh clone: make book (set-up included, warm package cache)"] = [
                timed(["make", "book"], clone, env)[0]
            ]

    cold = median(results["cold build (after make clean), every council's page built"])
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
    print(f"{'site size, every council built (MB)':<66} {size:>8.1f}")
    if isinstance(weights, str):
        print(f"{'page weight, first visit at 1280 px':<66} {weights}")
    else:
        for label, kib in weights.items():
            print(f"{'page weight, first visit at 1280 px, ' + label + ' (KiB)':<66} {kib:>8.0f}")
    print(
        "\nNote: the baseline does not re-run a notebook when only a data file changes (jupyter-cache hashes"
        "\ncode cells only): after a data edit its rebuild would publish stale results. The data-edit ratio"
        "\ncompares ours with the baseline re-running the notebook that reads the file (adult care)."
        "\nThe baseline builds the book's own pages only: the council pages are published beside them from"
        "\nthe cache, never staged for jupyter-book, so its rows hold no council page (ours hold every one)."
    )


if __name__ == "__main__":
    main()
