"""The whole build: validate → execute → assemble, with a progress line per step and notebook."""

from __future__ import annotations

import fcntl
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from hertsbook import assemble, execute, params, validate
from hertsbook.progress import say, step
from hertsbook.project import THEMES, Project


class BuildError(RuntimeError):
    """A build that stopped: the message says what to fix; the last good site is untouched."""


@contextmanager
def build_lock(project: Project) -> Iterator[None]:
    """One build at a time per project: a second one refuses at once instead of racing the first."""
    project.build.mkdir(exist_ok=True)
    with (project.build / ".lock").open("a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            raise BuildError(
                f"another build of this book is running (pid {handle.read().strip() or '?'}); wait for it to finish"
            ) from None
        handle.truncate(0)
        handle.write(str(os.getpid()))
        handle.flush()
        yield


def check_data(project: Project) -> validate.Report:
    with step("validate data/ against expectations/"):
        report = validate.validate(project)
        validate.write_report(report, project.build / "validation.json")
        if not report.ok:
            raise BuildError(report.text())
    say(f"  {sum(1 for c in report.checked if c['suite'] != 'sha256')} files passed their suites")
    return report


def run_theme(
    project: Project, theme: str, given: dict[str, str] | list[tuple[str, str]], output: Path, figures: Path
) -> Path:
    values = params.resolve(params.theme_parameters(project, theme), given)
    with step(f"execute notebooks/{theme}.py"):
        return execute.execute(project, theme, values, output, figures)


def build(project: Project) -> Path:
    with build_lock(project):
        assemble.recover(project.site)
        check_data(project)
        stage = project.build / "stage"
        if project.figures.exists():
            shutil.rmtree(project.figures)
        executed = {}
        for theme in THEMES:
            executed[theme] = run_theme(
                project, theme, {}, project.executed / f"{theme}.ipynb", project.figures
            )
        with step("assemble the site with jupyter-book"):
            source = assemble.stage_sources(project, executed, stage)
            html = assemble.build_html(source, stage / "out")
        with step("publish to _build/html/"):
            assemble.publish(html, project.site)
    return project.site
