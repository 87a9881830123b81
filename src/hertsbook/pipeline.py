"""The build: gate → execute → publish, with a progress line per step and notebook.

1. Gate (gate/): the book's `_toc.yml` and `_config.yml`, then every data file, before any notebook runs.
2. Execute (execute/plan.py): each theme notebook, taken from the cache or run now in a kernel of its own.
3. Publish (publish/): the pages written from the data, the manifest, jupyter-book, then the swap of the
   whole new site into `_build/html/`. `make verify` is publish/verify.py.
"""

from __future__ import annotations

import fcntl
import gc
import json
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

from hertsbook import stops
from hertsbook.cache import Cache, parts_sha256
from hertsbook.errors import BuildError
from hertsbook.execute import councils
from hertsbook.execute import plan as execute
from hertsbook.gate import book_config, validate
from hertsbook.progress import say, step
from hertsbook.project import Project
from hertsbook.publish import assemble, generated, manifest


def build(project: Project, origin: dict[str, Any] | None = None, scheduler: str | None = None) -> Path:
    """Check, execute and publish; whatever stops the build leaves the last good site as it was.

    The kernels boot while the data is checked. `origin` is what the site says it was built from
    (`manifest.built_from`; by default this folder's git checkout). With `scheduler` (a Dask scheduler's
    address) the notebooks to run go to that cluster's workers (execute/cluster.py) instead of local kernels.
    """
    with ExitStack() as running:
        book = assemble.JupyterBook.for_project(project)
        running.enter_context(build_lock(project))
        assemble.recover(project.site)
        cache = Cache(project.build / "cache")
        book_config.check(project, cache)  # gate: _toc.yml and _config.yml, before any kernel starts
        plan, kernels = execute.prepare(
            project, cache, running, scheduler
        )  # the kernels boot while the data is checked
        report = check_data(project)  # gate: every data file, before any notebook runs
        with ThreadPoolExecutor(max_workers=1) as helper:  # the pages from the data, while the kernels run
            from_data = helper.submit(generated.from_data, project, cache)
            executed = execute.execute_all(project, cache, plan, kernels)
            stops.wait([from_data])
            written = from_data.result()
        # After the themes (their figures are laid out); with a scheduler, on its cluster too.
        client = None if isinstance(kernels, dict) else kernels
        pages, council_entries, council_files = councils.publish(project, cache, client)
        written = {**written, **pages}
        origin = origin or manifest.built_from(project.root, book_config.repository_url(project))
        site = publish(
            project, book, executed, plan.inputs, written, report, origin, council_entries, council_files
        )
    # A build is the last big work of its process. Frozen, what it loaded and made (Sphinx's environment and
    # doctrees above all) is left out of the garbage collector's passes, the last one at exit included, which
    # took 0.75 CPU s of a text edit's rebuild (docs/design.md); cycles in it are then never freed.
    gc.freeze()
    return site


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
    """Every data file checked; a failure stops the build."""
    with step("validate data/ against expectations/"):
        report = validate.validate(project, cache=Cache(project.build / "cache"))
        validate.write_report(report, project.build / "validation.json")
        if not report.ok:
            raise BuildError(report.text())
    say(
        f"  all files pass: {len(report.fresh)} checked now, {len(report.reused)} unchanged since they last passed"
    )
    return report


def publish(
    project: Project,
    book: assemble.JupyterBook,
    executed: dict[str, Path],
    inputs: dict[str, dict[str, Any]],
    written: dict[str, str],
    report: validate.Report,
    origin: dict[str, Any],
    council_entries: list[dict[str, str]] | None = None,
    council_files: dict[str, tuple[Path, str]] | None = None,
) -> Path:
    """The manifest, jupyter-book on the pages whose sources changed, and the whole new site swapped in.

    `inputs` are what the runs' cache keys were made of; `written` the pages made from the data;
    `council_files` the files published as they are, beside the pages (site path → file and its sha256).
    """
    extras = council_files or {}
    stage = project.stage
    made = manifest.build(project, executed, inputs, origin, council_entries)
    made_text = manifest.dumps(made)
    (project.build / "manifest.json").write_text(made_text, encoding="utf-8")
    with step("assemble the site with jupyter-book"):
        written = {**written, **generated.auditing(report.checked, made)}
        written["_extra/manifest.json"] = made_text  # published at /manifest.json
        incoming = assemble.stage_sources(project, executed, written, stage / "incoming")
        changed = assemble.sync(incoming, stage / "source")
        digest = parts_sha256(
            [assemble.tree_hash(stage / "source").encode()]
            + [f"{name} {sha}".encode() for name, (_, sha) in sorted(extras.items())]
        )
        published = stage / "published.sha256"
        if project.site.is_dir() and published.is_file() and published.read_text() == digest:
            say("  no page source changed and the site is up to date: nothing to rebuild")
            return project.site
        say(f"  {len(changed)} page source file(s) changed since the last build")
        if any(path.parts[0] == "_static" for path in changed):
            say("  the stylesheet or scripts changed: every page is built again")
            book.start_afresh()
        html = book.run()
    with step("publish to _build/html/"):
        new = assemble.snapshot(
            html,
            project.build / "html.new",
            stage / "source",
            {n: f for n, (f, _) in extras.items()},
            Cache(project.build / "cache"),
            manifest.package_source_hash(project),
        )
        with stops.held():  # Ctrl-C waits for the swap: the site is the old one or the new one, whole
            assemble.publish(new, project.site)
            published.write_text(digest)
    return project.site


def refresh_manifest(project: Project) -> Path:
    """Build, then make the build's manifest the committed one (for an intended change to the book).

    The committed copy leaves out what names the commit or the machine (see `manifest.committed`).
    """
    build(project)
    target = project.root / "manifest.json"
    made = json.loads((project.build / "manifest.json").read_text(encoding="utf-8"))
    target.write_text(manifest.dumps(manifest.committed(made)), encoding="utf-8")
    return target
