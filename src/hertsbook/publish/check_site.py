"""Check a copy of the published site against its own manifest.json, with nothing but Python's standard library.

This file is published with the site as /check.py, so anyone holding a downloaded copy can run, in its
folder, `python3 check.py` (or `python3 check.py PATH`): it lists every file that is missing, extra or
altered, and exits 1 if there is any. `python -m hertsbook check-site PATH` and `make verify` run the same
code. manifest.json cannot fingerprint itself: compare it with the copy you trust (a release, say).
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

MANIFEST = "manifest.json"


def published_files(site: Path) -> dict[str, str]:
    """sha256 of every file under `site` but manifest.json, by its path there ("/"-separated)."""
    found = {}
    for path in sorted(site.rglob("*")):
        name = path.relative_to(site).as_posix()
        if name == MANIFEST or path.is_dir():
            continue
        found[name] = (
            hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else "not a regular file"
        )
    return found


def problems(site: Path) -> list[str]:
    """One line per file that differs from the manifest (missing, extra, altered); none if the copy is whole."""
    try:
        listed = json.loads((site / MANIFEST).read_text(encoding="utf-8"))["files"]
    except OSError as error:
        return [f"{MANIFEST}: cannot be read ({error.strerror or error})"]
    except (ValueError, KeyError, TypeError):
        return [f"{MANIFEST}: not a site manifest (no list of files)"]
    present = published_files(site)
    found = []
    for name in sorted(listed.keys() | present.keys()):
        if name not in present:
            found.append(f"missing: {name}")
        elif name not in listed:
            found.append(f"extra (not in the manifest): {name}")
        elif present[name] != listed[name]:
            found.append(
                f"altered: {name} (sha256 {present[name][:12]}…, manifest says {listed[name][:12]}…)"
            )
    return found


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    site = Path(args[0]) if args else Path(__file__).resolve().parent
    if not (site / MANIFEST).is_file():
        print(f"error: no {MANIFEST} in {site}: give the folder of the site", file=sys.stderr)
        return 2
    found = problems(site)
    for line in found:
        print(line)
    count = (
        len(json.loads((site / MANIFEST).read_text(encoding="utf-8")).get("files", {})) if not found else 0
    )
    if found:
        print(f"NOT verified: {len(found)} file(s) in {site} differ from its {MANIFEST}")
        return 1
    print(f"verified: all {count} files in {site} match its {MANIFEST}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
