"""Paired timing of one rebuild under two versions of the code: is a trick worth keeping?

    python benchmarks/paired.py --a HEAD --b no-trick --change text --pairs 3
    python benchmarks/paired.py --root COPY --env-b SWITCH=1 --change text --pairs 3
    python benchmarks/paired.py --baseline --change text --pairs 5

With `--baseline`, B is plain jupyter-book (as in `make bench`) on version A's book, given the matching edit.

Each version (a git revision, or `.` for this working tree) gets a copy of the project of its own, built
once from cold; or, with `--root`, one built copy serves both sides, which differ only by environment
variables. The rebuild is then timed in interleaved pairs (A B, B A, A B, ...), so a machine whose load
drifts weighs on both sides alike. Prints each side's median, range and the median of the differences.
Each copy runs its own src/ (PYTHONPATH), so the kernels and jupyter-book do too.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "src"))

from build import (  # noqa: E402
    baseline_source,
    edit_baseline,
    edit_data,
    edit_notebook_code,
    edit_notebook_text,
    edit_page,
    plain_command,
)

from hertsbook.project import copy_tree  # noqa: E402

CHANGES = {
    "none": lambda root: None,
    "text": edit_notebook_text,
    "code": edit_notebook_code,
    "data": edit_data,
    "page": edit_page,
}


def checkout(revision: str, target: Path) -> Path:
    if revision == ".":
        return copy_tree(ROOT, target).root
    target.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", revision], cwd=ROOT, capture_output=True, check=True)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    return target


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(root: Path, extra: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Seconds on the clock, CPU seconds of the build and every process it waited for, its progress lines."""
    env = {
        **os.environ,
        **(extra or {}),
        "HERTSBOOK_ROOT": str(root),
        "PYTHONPATH": str(root / "src"),
        "GX_ANALYTICS_ENABLED": "false",
    }
    start, cpu = time.perf_counter(), cpu_of_children()
    done = subprocess.run(
        [sys.executable, "-m", "hertsbook", "build"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    seconds, cpu = time.perf_counter() - start, cpu_of_children() - cpu
    if done.returncode != 0:
        raise SystemExit(f"build failed in {root}:\n{done.stderr[-3000:]}")
    return seconds, cpu, done.stderr


def build_plain(base: Path, root: Path) -> tuple[float, float, str]:
    """Plain jupyter-book's rebuild of the baseline's book, measured as `build` measures ours."""
    command, env = plain_command(base, root)
    start, cpu = time.perf_counter(), cpu_of_children()
    done = subprocess.run(command, cwd=base, env=env, capture_output=True, text=True)
    seconds, cpu = time.perf_counter() - start, cpu_of_children() - cpu
    if done.returncode != 0:
        raise SystemExit(f"jupyter-book failed in {base}:\n{done.stderr[-3000:]}")
    return seconds, cpu, done.stderr


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--a", default=".", help="version A: a git revision, or . for the working tree")
    parser.add_argument("--b", default=".", help="version B")
    parser.add_argument("--change", choices=CHANGES, default="text", help="the edit before each rebuild")
    parser.add_argument("--root", type=Path, help="one built copy for both sides (then set --env-a/--env-b)")
    parser.add_argument("--baseline", action="store_true", help="B is plain jupyter-book on A's book")
    parser.add_argument("--env-a", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--env-b", action="append", default=[], metavar="NAME=VALUE")
    parser.add_argument("--pairs", type=int, default=3)
    parser.add_argument("--verbose", action="store_true", help="print each build's progress lines")
    args = parser.parse_args()
    load_at_start = os.getloadavg()[0]
    envs = {
        side: dict(v.split("=", 1) for v in values) for side, values in (("A", args.env_a), ("B", args.env_b))
    }
    with tempfile.TemporaryDirectory(prefix="hertsbook-paired-") as folder:
        if args.root:
            roots = {"A": args.root.resolve(), "B": args.root.resolve()}
        elif args.baseline:
            roots = {"A": checkout(args.a, Path(folder) / "A")}
            build(roots["A"])  # cold
            roots["B"] = baseline_source(roots["A"], Path(folder) / "plain")  # from A's staged pages
        else:
            roots = {side: checkout(rev, Path(folder) / side) for side, rev in (("A", args.a), ("B", args.b))}
            for root in roots.values():
                build(root)  # cold
        if args.baseline:
            build_plain(roots["B"], roots["A"])  # plain jupyter-book's cold build and execution cache

        def rebuild(side: str) -> tuple[float, float, str]:
            if args.baseline and side == "B":
                edit_baseline(roots["B"], args.change)
                return build_plain(roots["B"], roots["A"])
            CHANGES[args.change](roots[side])
            return build(roots[side], envs[side])

        for side in roots:
            rebuild(side)  # the first rebuild of this kind fills what later ones reuse
        times: dict[str, dict[str, list[float]]] = {"wall": {"A": [], "B": []}, "cpu": {"A": [], "B": []}}
        for pair in range(args.pairs):
            for side in "AB" if pair % 2 == 0 else "BA":
                seconds, cpu, log = rebuild(side)
                times["wall"][side].append(seconds)
                times["cpu"][side].append(cpu)
                if args.verbose:
                    print(f"--- {side} {seconds:.2f}s, CPU {cpu:.2f}s\n{log}")
    print(
        f"rebuild after a {args.change} edit, {args.pairs} interleaved pairs, "
        f"load average {load_at_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end"
    )
    names = {"A": " ".join(args.env_a) or args.a, "B": " ".join(args.env_b) or args.b}
    if args.baseline:
        names["B"] = "plain jupyter-book"
    for measure, label in (("wall", "seconds on the clock"), ("cpu", "CPU seconds, all processes")):
        print(f" {label}:")
        for side in "AB":
            values = times[measure][side]
            print(
                f"  {side} ({names[side]}): median {statistics.median(values):.2f}, "
                f"range {min(values):.2f}-{max(values):.2f} ({', '.join(f'{v:.2f}' for v in values)})"
            )
        diffs = [b - a for a, b in zip(times[measure]["A"], times[measure]["B"], strict=True)]
        print(
            f"  B - A per pair: median {statistics.median(diffs):+.2f} ({', '.join(f'{d:+.2f}' for d in diffs)})"
        )


if __name__ == "__main__":
    main()
