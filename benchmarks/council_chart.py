"""Paired timing of the council page's chart (`charts.publish` of the over-the-years chart, wide and narrow)
under two versions of the code, with a hash of the SVGs each draws.

    python benchmarks/council_chart.py --a main --b . --rounds 3 E06000001 E10000015 E09000001

Each version (a git revision, or `.` for this working tree) runs its own src/ (PYTHONPATH) in a process of its
own per round, the rounds interleaved (A B, B A, ...) so a machine whose load drifts weighs on both alike. A
round draws the first council once to warm up, then times each council: process CPU time and wall time.
Prints each side's median per council, the median of the paired differences (same council, same round) and
whether both drew the same bytes (they differ where B draws the chart differently, as the SVG-text chart does).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def worker(councils: list[str], folder: str) -> None:
    """One round in this process: time each council's chart, print JSON (council -> cpu, wall, sha256)."""
    os.environ["HERTSBOOK_FIGURES"] = folder
    from hertsbook.content import ascof, charts, data
    from hertsbook.content import council_page as page
    from hertsbook.content.themes import adult_care_performance as acp
    from hertsbook.project import Project

    project = Project.find(ROOT)
    series, contents = data.ascof_series(project), data.ascof_contents(project)
    trend = data.ascof_trend(project)
    snpp = data.table(project, "national/ons_snpp_2018based_table2_persons_ons_pop.csv")
    breaks = ascof.breaks(data.ascof_comparability_log(project), list(contents["measure"]))

    def chart(code: str) -> tuple:
        where = ascof.place(series, snpp, code)
        drawn = page.over_the_years(series, where, breaks, contents)
        draw = acp.over_the_years_draw(drawn, where.name, acp.region_name(trend, where.region), "none")
        return draw, charts.Chart(f"council-{code}", "t", "s", "x", "a"), drawn

    made = {code: chart(code) for code in councils}
    charts.publish(*made[councils[0]])  # imports, fonts and caches warmed
    out = {}
    for code in councils:
        cpu, wall = time.process_time(), time.perf_counter()
        charts.publish(*made[code])
        cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        svgs = b"".join(Path(folder, f"council-{code}{s}.svg").read_bytes() for s in ("", "-narrow"))
        out[code] = (cpu, wall, hashlib.sha256(svgs).hexdigest()[:12])
    print(json.dumps(out))


def source(revision: str, into: Path) -> Path:
    """The src/ folder of `revision` (`.` is this working tree's)."""
    if revision == ".":
        return ROOT / "src"
    archive = subprocess.run(["git", "archive", revision, "src"], cwd=ROOT, capture_output=True, check=True)
    into.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(into)], input=archive.stdout, check=True)
    return into / "src"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("councils", nargs="+", help="ONS codes")
    parser.add_argument("--a", default="main", help="revision A (default main)")
    parser.add_argument("--b", default=".", help="revision B (default this working tree)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.councils, args.worker)
        return
    with tempfile.TemporaryDirectory() as tmp:
        sides = {name: source(rev, Path(tmp, name)) for name, rev in (("A", args.a), ("B", args.b))}
        times: dict[str, list[tuple]] = {"A": [], "B": []}
        paired: dict[str, dict[tuple[int, str], float]] = {"A": {}, "B": {}}
        hashes: dict[str, set[tuple]] = {"A": set(), "B": set()}
        for r in range(args.rounds):
            for name in ("A", "B") if r % 2 == 0 else ("B", "A"):
                env = os.environ | {"PYTHONPATH": str(sides[name]), "PYTHONHASHSEED": "0"}
                figures = Path(tmp, f"figures-{name}")
                command = [sys.executable, __file__, "--worker", str(figures), *args.councils]
                done = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
                result = json.loads(done.stdout.strip().splitlines()[-1])
                times[name] += [(cpu, wall) for cpu, wall, _ in result.values()]
                paired[name] |= {(r, code): cpu for code, (cpu, _, _) in result.items()}
                hashes[name] |= {(code, digest) for code, (_, _, digest) in result.items()}
                load = os.getloadavg()[0]
                print(
                    f"round {r + 1} {name}: median CPU {statistics.median(t[0] for t in times[name][-len(result) :]):.2f} s, load {load:.1f}"
                )
        for name, rev in (("A", args.a), ("B", args.b)):
            cpu = statistics.median(t[0] for t in times[name])
            wall = statistics.median(t[1] for t in times[name])
            print(
                f"{name} ({rev}): median per council {cpu:.2f} s CPU, {wall:.2f} s wall ({len(times[name])} charts)"
            )
        diffs = [paired["B"][k] - paired["A"][k] for k in sorted(paired["A"])]
        print(f"B - A per council and round: median {statistics.median(diffs):+.2f} s CPU")
        print(
            "same SVG bytes on both sides"
            if hashes["A"] == hashes["B"]
            else "the SVGs differ between A and B"
        )


if __name__ == "__main__":
    main()
