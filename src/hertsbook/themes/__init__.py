"""The theme chapters: each module holds the pure functions its notebook calls.

READS declares which data files each chapter's notebook reads (globs under the project root). The
manifest records their hashes beside every figure and table, and the build cache re-runs a notebook when
one of them changes.
"""

from __future__ import annotations

COMMON = ("data/evidence/*.csv", "data/dates/*.csv", "data/lists/*.csv")

READS: dict[str, tuple[str, ...]] = {
    "prevention": (*COMMON, "data/national/*"),
    "day_services": COMMON,
    "early_help": (*COMMON, "data/national/*"),
    "adult_care_performance": (*COMMON, "data/adult_care/*.csv", "data/national/*"),
}
