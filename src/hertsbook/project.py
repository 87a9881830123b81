"""Where things live. Every stage takes a Project, so tests can run the pipeline on a copy of the repo."""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from hertsbook.errors import HertsbookError


@dataclass(frozen=True)
class Theme:
    """One chapter made by running a notebook; everything else about it follows from its name."""

    name: str

    @property
    def notebook(self) -> str:
        """Its jupytext notebook, from the project's root."""
        return f"notebooks/{self.name}.py"

    @property
    def chapter(self) -> str:
        """Its entry in _toc.yml (`- file: ...`): the executed notebook the build stages there."""
        return f"notebooks/{self.name}"

    @property
    def page(self) -> str:
        """Its page in the published site."""
        return f"notebooks/{self.name}.html"


# The theme registry: every chapter made from a notebook, in the order the build runs and lists them. Its
# content functions are in hertsbook.content.themes.<name>; tests/test_repository.py checks _toc.yml agrees.
REGISTRY = tuple(map(Theme, ("prevention", "day_services", "early_help", "adult_care_performance")))
THEMES = tuple(theme.name for theme in REGISTRY)


class NoProject(HertsbookError):
    """No book project at or above the folder a command was run in."""


@dataclass(frozen=True)
class Project:
    root: Path

    @classmethod
    def find(cls, start: Path | None = None) -> Project:
        """The project around `start` (or $HERTSBOOK_ROOT, or the working directory): the folder with _toc.yml."""
        here = Path(start or os.environ.get("HERTSBOOK_ROOT") or Path.cwd()).resolve()
        for folder in (here, *here.parents):
            if (folder / "_toc.yml").is_file() and (folder / "src" / "hertsbook").is_dir():
                return cls(folder)
        raise NoProject(f"no Hertfordshire book project (a folder with _toc.yml) at or above {here}")

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def sources(self) -> Path:
        return self.data / "sources"

    @property
    def expectations(self) -> Path:
        return self.root / "expectations"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def build(self) -> Path:
        return self.root / "_build"

    @property
    def site(self) -> Path:
        """The published site: replaced only by a whole, successful build."""
        return self.build / "html"

    @property
    def stage(self) -> Path:
        """jupyter-book's sources (`source/`) and its incremental output (`out/`), kept between builds."""
        return self.build / "stage"

    @property
    def executed(self) -> Path:
        """Executed notebooks (never in git)."""
        return self.build / "executed"

    @property
    def figures(self) -> Path:
        """Chart images and their CSV downloads, written by the notebooks, published under /figures/."""
        return self.build / "figures"

    def notebook(self, theme: str) -> Path:
        return self.root / Theme(theme).notebook

    def relative(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)


def copy_tree(root: Path, target: Path) -> Project:
    """A copy of the project's own files (what git tracks, plus new files it does not ignore)."""
    try:
        listed = (
            subprocess.run(
                ["git", "ls-files", "-co", "--exclude-standard", "-z"],
                cwd=root,
                capture_output=True,
                check=True,
            )
            .stdout.decode()
            .split("\0")
        )
    except (OSError, subprocess.CalledProcessError):  # not a git checkout: everything but outputs
        skip = ("_build", ".venv", "node_modules", ".git")
        listed = [
            str(p.relative_to(root)) for p in root.rglob("*") if p.relative_to(root).parts[0] not in skip
        ]
    for name in filter(None, listed):
        source = root / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return Project(target)
