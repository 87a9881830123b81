"""A content-addressed cache for the build's stages.

Keys are sha256 hashes of everything a result depends on (never timestamps), so a fresh clone or a
`git checkout` cannot fool them. Each entry records the hash of every file in it and is checked on use: an
entry that is incomplete, corrupt or from another cache version is deleted and rebuilt, never trusted.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
import uuid
from collections.abc import Iterable
from pathlib import Path
from typing import Any

VERSION = f"hertsbook-cache-2 python-{sys.version_info.major}.{sys.version_info.minor}"
INDEX = "entry.json"


def sha256(data: bytes) -> str:
    """The hex SHA-256 of some bytes: the one hash the package uses (check_site.py, published standalone,
    keeps its own)."""
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    return sha256(path.read_bytes())


def parts_sha256(parts: Iterable[bytes]) -> str:
    """One SHA-256 over several byte strings, each ended by a NUL byte so no two splits hash alike."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part + b"\0")
    return digest.hexdigest()


def link_out(source: Path, target: Path) -> None:
    """A file of a cache entry put at `target` (a new name) by a hard link, or a copy where the filesystem
    cannot link.

    Safe because an entry's files are never written in place (`put` stores a new folder and renames it) and are
    checked on use: a published file changed in place changes its entry too, whose hash then fails, so the
    next build makes it again instead of publishing the change. Whoever writes a linked file must therefore
    replace it (unlink, then write), never write into it. Copying a rebuild's 790 council files took 0.2-0.6 s
    of kernel time on these machines (docs/design.md).
    """
    try:
        os.link(source, target)
    except OSError:  # another filesystem, or one without hard links
        shutil.copyfile(source, target)


def key(*parts: Any) -> str:
    """A hash of the parts (JSON, keys sorted): the same inputs always give the same key."""
    return sha256(json.dumps([VERSION, *parts], sort_keys=True, default=str).encode())


class Cache:
    def __init__(self, folder: Path):
        self.folder = folder
        # Each entry's files and their sha256, as get or put found them.
        self._checked: dict[Path, dict[str, str]] = {}

    def _entry(self, kind: str, digest: str) -> Path:
        return self.folder / kind / digest[:2] / digest

    def get(self, kind: str, digest: str) -> Path | None:
        """The entry's folder if it is whole and unaltered; otherwise None (and the entry is removed)."""
        entry = self._entry(kind, digest)
        if not entry.is_dir():
            return None
        try:
            index = json.loads((entry / INDEX).read_text(encoding="utf-8"))
            whole = index["version"] == VERSION and all(
                file_sha256(entry / name) == expected for name, expected in index["files"].items()
            )
        except (OSError, ValueError, KeyError, TypeError):
            whole = False
        if not whole:
            shutil.rmtree(entry, ignore_errors=True)
            return None
        self._checked[entry] = index["files"]
        return entry

    def put(self, kind: str, digest: str, files: dict[str, Path], value: Any = None) -> Path:
        """Store copies of the files (and a JSON value) under the key; a half-written entry is never visible."""
        entry = self._entry(kind, digest)
        temporary = entry.with_name(f".{digest}.{uuid.uuid4().hex}")
        temporary.mkdir(parents=True)
        for name, source in files.items():
            (temporary / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, temporary / name)
        if value is not None:
            (temporary / "value.json").write_text(json.dumps(value, sort_keys=True), encoding="utf-8")
        names = sorted([*files, *(["value.json"] if value is not None else [])])
        hashes = {name: file_sha256(temporary / name) for name in names}
        index = {"version": VERSION, "files": hashes}
        (temporary / INDEX).write_text(json.dumps(index, sort_keys=True), encoding="utf-8")
        if entry.exists():
            shutil.rmtree(entry)
        try:
            temporary.rename(entry)
        except OSError:  # another writer stored this key meanwhile: the same inputs, so the same entry
            shutil.rmtree(temporary, ignore_errors=True)
            if not entry.is_dir():
                raise
            hashes = json.loads((entry / INDEX).read_text(encoding="utf-8"))["files"]
        self._checked[entry] = hashes
        return entry

    def hashes(self, entry: Path) -> dict[str, str]:
        """The sha256 of each file in an entry that `get` or `put` returned, as the index it checked records
        them (kept, not read again: a build with every council asks this of 316 entries)."""
        return dict(self._checked[entry])

    def value(self, kind: str, digest: str) -> Any | None:
        entry = self.get(kind, digest)
        if entry is None or not (entry / "value.json").is_file():
            return None
        return json.loads((entry / "value.json").read_text(encoding="utf-8"))
