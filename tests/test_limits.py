"""Execution has limits, and analyst commands cannot destroy work.

A cell past its time and a notebook past its output limit stop the build, naming the cell by its line in the
notebook's `.py`, with no kernel left; Ctrl-C and SIGTERM end a build with one line, no process left and the
site untouched; a full disk is named with its path; `run -o` refuses every path it would destroy; the
Makefile passes NB, P and OUT to the command as values, never as shell text.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

import nbformat
import pytest

from hertsbook import stops
from hertsbook.__main__ import main
from hertsbook.execute import params, runner, sources
from hertsbook.project import THEMES, Project
from tests.conftest import ROOT
from tests.helpers import hertsbook, processes_in

SLOW = pytest.mark.slow  # whole-book builds (one cold build for the `book` fixture) and make runs


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode() + b"\0" + p.read_bytes())
    return h.hexdigest()


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@contextmanager
def cell_added(project_root: Path, theme: str, code: str) -> Iterator[int]:
    """The theme's notebook with a code cell put right after its parameters cell (so it runs first); yields
    the line where the new cell starts. The notebook is put back afterwards."""
    path = project_root / "notebooks" / f"{theme}.py"
    original = path.read_text(encoding="utf-8")
    lines = original.split("\n")
    parameters = next(n for n, line in enumerate(lines) if line.startswith("# %% tags=["))
    following = next(n for n in range(parameters + 1, len(lines)) if sources.MARKER.match(lines[n]))
    added = ["# %%", *code.split("\n"), ""]
    path.write_text("\n".join(lines[:following] + added + lines[following:]), encoding="utf-8")
    try:
        yield following + 1
    finally:
        path.write_text(original, encoding="utf-8")


def hertsbook_with(root: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    """`python -m hertsbook ARGS` in the project at root, with these settings in its environment."""
    command = [sys.executable, "-m", "hertsbook", *args]
    env = {**os.environ, "HERTSBOOK_ROOT": str(root), **env}
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=900)


def no_processes_left(root: Path, within: float = 10.0) -> list[int]:
    """Processes still running in `root`, after giving ones just killed a moment to be gone."""
    deadline = time.monotonic() + within
    while (left := processes_in(root)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


@pytest.fixture(scope="module")
def book(tmp_path_factory, clone_built) -> Path:
    """A built book whose caches are warm: a build runs only what a test changes."""
    return clone_built(tmp_path_factory.mktemp("limits") / "book")


# --- Cells are named by their line in the .py ---------------------------------------------------------------


def test_every_cell_is_mapped_to_the_line_where_it_starts(project, tmp_path: Path) -> None:
    for theme in THEMES:
        path = project.notebook(theme)
        lines = path.read_text(encoding="utf-8").split("\n")
        starts = sources.cell_lines(path)
        assert len(starts) == len(sources.read(path).cells)
        assert all(lines[n - 1].startswith("# %%") for n in starts)
    loose = tmp_path / "loose.py"  # code before the first marker is a cell of its own
    loose.write_text(
        "# ---\n# jupyter:\n#   x: 1\n# ---\n\nimport os\n\n# %%\nx = 1\n\n# %% [markdown]\n# Words\n"
    )
    assert sources.cell_lines(loose) == [6, 8, 11]


def test_a_failing_cell_is_named_by_its_line_around_the_injected_parameters(project) -> None:
    source = project.notebook("adult_care_performance")
    cells = runner.to_notebook(source).cells
    parameters = next(i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", []))
    injected = nbformat.v4.new_code_cell("council = 'x'", metadata={"tags": ["injected-parameters"]})
    run = [*cells[: parameters + 1], injected, *cells[parameters + 1 :]]
    lines = sources.cell_lines(source)
    watch = runner.Watch(runner.Limits())
    watch.cells = run
    for index in (0, parameters, parameters + 2, len(run) - 1):
        watch.running = index
        own = index if index <= parameters else index - 1
        assert runner.cell_where(project, source, watch) == (
            f"notebooks/adult_care_performance.py, cell at line {lines[own]}"
        )
    watch.running = parameters + 1
    assert runner.cell_where(project, source, watch) == (
        f"notebooks/adult_care_performance.py, the parameters papermill set after the cell at line "
        f"{lines[parameters]}"
    )


@pytest.mark.parametrize(
    ("replace", "by", "message"),
    [
        (
            "horizon_year: int = 2037",
            "horizon_year: int = 2000 + 37",
            "the default of horizon_year must be a plain",
        ),
        ("horizon_year: int = 2037", "horizon_year: int = (2037", "not Python ('(' was never closed)"),
        ("horizon_year: int = 2037", "horizon_year = 2037", "write each parameter as `name: type = value"),
        (
            "horizon_year: int = 2037",
            "horizon_year: list = 2037",
            "type must be one of str, int, float, bool",
        ),
    ],
)
def test_a_bad_parameters_cell_is_named_by_the_line_in_the_py(scratch: Project, replace, by, message) -> None:
    path = scratch.notebook("prevention")
    text = path.read_text(encoding="utf-8")
    line = text.split("\n").index(next(x for x in text.split("\n") if x.startswith(replace))) + 1
    path.write_text(text.replace(replace, by, 1), encoding="utf-8")
    with pytest.raises(params.ParameterError) as caught:
        params.declared(scratch, "prevention")
    assert str(caught.value).startswith(f"notebooks/prevention.py, parameters cell, line {line}: {message}")


@pytest.mark.parametrize(
    ("environ", "message"),
    [
        ({"HERTSBOOK_CELL_TIMEOUT": "0"}, "HERTSBOOK_CELL_TIMEOUT must be a whole number of seconds above 0"),
        ({"HERTSBOOK_CELL_TIMEOUT": "1.5"}, "not '1.5'"),
        ({"HERTSBOOK_CELL_TIMEOUT": "soon"}, "not 'soon'"),
        ({"HERTSBOOK_OUTPUT_LIMIT": "-1"}, "HERTSBOOK_OUTPUT_LIMIT must be a number of megabytes above 0"),
        ({"HERTSBOOK_OUTPUT_LIMIT": "nan"}, "not 'nan'"),
        ({"HERTSBOOK_OUTPUT_LIMIT": "inf"}, "not 'inf'"),
    ],
)
def test_a_bad_limit_is_refused_by_name(environ: dict[str, str], message: str) -> None:
    with pytest.raises(runner.NotebookFailed, match=message):
        runner.Limits.from_environment(environ)


def test_the_limits_default_to_two_minutes_and_five_megabytes_and_can_be_set() -> None:
    assert runner.Limits.from_environment({}) == runner.Limits(120, 5_000_000)
    set_ = {"HERTSBOOK_CELL_TIMEOUT": "300", "HERTSBOOK_OUTPUT_LIMIT": "0.5"}
    assert runner.Limits.from_environment(set_) == runner.Limits(300, 500_000)


def test_the_help_says_where_the_limits_are_set() -> None:
    for command in ("build", "run"):
        done = subprocess.run(
            [sys.executable, "-m", "hertsbook", command, "--help"], capture_output=True, text=True, cwd=ROOT
        )
        text = " ".join(done.stdout.split())
        assert "HERTSBOOK_CELL_TIMEOUT=SECONDS" in text and "HERTSBOOK_OUTPUT_LIMIT=MEGABYTES" in text
        assert "120 seconds" in text and "5 MB" in text


# --- A cell past its time, a notebook past its output limit ---------------------------------------------


@SLOW
def test_a_cell_that_loops_forever_stops_the_build_naming_its_line(book: Path) -> None:
    before = digest(book / "_build/html")
    with cell_added(book, "prevention", "while True:\n    pass") as line:
        done = hertsbook_with(book, {"HERTSBOOK_CELL_TIMEOUT": "5"}, "build")
    assert done.returncode == 1, done.stderr
    error = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert error == [
        f"error: notebooks/prevention.py, cell at line {line}: still running after 5 s, the time limit of one "
        "cell (HERTSBOOK_CELL_TIMEOUT sets it); the executed notebook is kept at "
        "_build/work/prevention/prevention.ipynb"
    ]
    assert "Traceback" not in done.stderr
    assert no_processes_left(book) == []  # the kernel is stopped
    assert digest(book / "_build/html") == before


@SLOW
def test_a_notebook_past_its_output_limit_stops_naming_the_cells_line(book: Path) -> None:
    output = book / "_build/runs/huge.ipynb"
    with cell_added(book, "day_services", 'while True:\n    print("x" * 100_000)') as line:
        done = hertsbook_with(book, {"HERTSBOOK_OUTPUT_LIMIT": "1"}, "run", "day_services", "-o", str(output))
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines()[-1] == (
        f"error: notebooks/day_services.py, cell at line {line}: its outputs passed 1 MB, the output limit of "
        "one notebook (HERTSBOOK_OUTPUT_LIMIT sets it, in MB); the executed notebook is kept at "
        "_build/runs/huge.ipynb"
    )
    kept = nbformat.read(output, as_version=4)
    assert (
        sum(len(json.dumps(c.get("outputs", []))) for c in kept.cells) <= 1_000_000
    )  # nothing past the limit
    assert no_processes_left(book) == []


@SLOW
def test_a_raising_cell_is_named_by_its_line_not_its_run_counter(book: Path) -> None:
    output = book / "_build/runs/raises.ipynb"
    with cell_added(book, "adult_care_performance", 'x = 1\nraise ValueError("deliberate")') as line:
        done = hertsbook(book, "run", "adult_care_performance", "-p", "year", "2018-19", "-o", str(output))
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        f"error: notebooks/adult_care_performance.py, cell at line {line}: ValueError: deliberate; the "
        "executed notebook with the traceback is kept at _build/runs/raises.ipynb"
    )
    assert no_processes_left(book) == []


# --- Signals -------------------------------------------------------------------------------------------------


def lines_of(stream) -> queue.Queue:
    lines: queue.Queue = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return lines


@SLOW
@pytest.mark.parametrize(
    ("signum", "code", "when"),
    [
        (signal.SIGINT, 130, "▶ execute notebooks/day_services.py"),  # a notebook running, in its kernel
        (signal.SIGTERM, 143, "▶ assemble the site with jupyter-book"),  # jupyter-book building the pages
    ],
)
def test_a_signal_stops_the_build_with_one_line_and_nothing_left(book: Path, signum, code, when) -> None:
    before = digest(book / "_build/html")
    about = book / "book/about.md"
    text = about.read_text(encoding="utf-8")
    with ExitStack() as edits:
        edits.callback(about.write_text, text, encoding="utf-8")
        about.write_text(text + f"\nInterrupted by {signum.name}.\n", encoding="utf-8")  # a page to build
        if signum == signal.SIGINT:
            edits.enter_context(cell_added(book, "day_services", "import time\n\ntime.sleep(600)"))
        process = subprocess.Popen(
            [sys.executable, "-m", "hertsbook", "build"],
            cwd=book,
            env={**os.environ, "HERTSBOOK_ROOT": str(book)},
            stderr=subprocess.PIPE,
            text=True,
        )
        edits.callback(process.kill)  # a build that did not stop must not hold the lock for the next test
        lines, seen = lines_of(process.stderr), []
        while not seen or when not in seen[-1]:  # the step under way: the signal lands inside it
            line = lines.get(timeout=600)
            assert line is not None, "".join(seen)
            seen.append(line)
        process.send_signal(signum)
        rest = []
        while (line := lines.get(timeout=120)) is not None:
            rest.append(line)
        assert process.wait(timeout=60) == code
        process.stderr.close()
    assert rest and rest[-1] == "interrupted\n", "".join(seen + rest)
    assert "".join(rest).count("interrupted") == 1
    assert not [line for line in rest if line.startswith(("error", "✗"))]
    assert "Traceback" not in "".join(seen + rest)
    assert no_processes_left(book) == []
    assert digest(book / "_build/html") == before
    if signum == signal.SIGTERM:  # cut off in jupyter-book: the next build starts that step clean
        done = hertsbook(book, "build")
        assert done.returncode == 0, done.stderr
        assert digest(book / "_build/html") == before


# --- A full disk ---------------------------------------------------------------------------------------------


def written_to_a_full_disk(tmp_path: Path, write) -> OSError:
    """The error of `write(path)` where path leads to /dev/full, which refuses every write with ENOSPC."""
    path = tmp_path / "out" / "file.txt"
    path.parent.mkdir(exist_ok=True)
    path.unlink(missing_ok=True)
    path.symlink_to("/dev/full")
    with pytest.raises(OSError) as caught:
        write(path)
    assert caught.value.errno == errno.ENOSPC
    return caught.value


def json_dump(path: Path) -> None:
    with path.open("w") as out:  # closed here, not left to the garbage collector
        json.dump({"a": "x" * 100_000}, out)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize(
    "write",
    [
        lambda path: path.write_text("x" * 100_000),
        lambda path: path.write_bytes(b"x" * 100_000),
        lambda path: shutil.copyfile(ROOT / "requirements.lock", path),
        lambda path: nbformat.write(nbformat.v4.new_notebook(), path),
        json_dump,
    ],
    ids=["write_text", "write_bytes", "copyfile", "nbformat", "json-dump"],
)
def test_a_full_disk_is_named_with_the_file_being_written(tmp_path: Path, write) -> None:
    error = written_to_a_full_disk(tmp_path, write)
    assert stops.full_disk_message(error) == f"no space left on device while writing {tmp_path}/out/file.txt"


def test_a_full_disk_named_by_the_error_or_by_another_process() -> None:
    error = OSError(errno.EDQUOT, "Disk quota exceeded", "/srv/book/_build/x.json")
    assert stops.full_disk_message(error) == "disk quota exceeded while writing /srv/book/_build/x.json"
    kernel = "OSError: [Errno 28] No space left on device: '/srv/book/_build/work/x/figures/a.svg'"
    assert stops.full_disk_in_text(kernel) == (
        "no space left on device while writing /srv/book/_build/work/x/figures/a.svg"
    )
    assert stops.full_disk_in_text("OSError: [Errno 13] Permission denied: 'x'") is None


@SLOW
@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_full_disk_stops_the_build_with_one_line_naming_the_file(book: Path) -> None:
    before = digest(book / "_build/html")
    written = book / "_build/executed/day_services.ipynb"  # written by every build, from the cache or a run
    kept = written.read_bytes()
    written.unlink()
    written.symlink_to("/dev/full")
    try:
        done = hertsbook(book, "build")
    finally:
        written.unlink()
        written.write_bytes(kept)
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == (
        "error: no space left on device while writing _build/executed/day_services.ipynb"
    )
    assert "Traceback" not in done.stderr
    assert no_processes_left(book) == []
    assert digest(book / "_build/html") == before


# --- run -o cannot destroy work ------------------------------------------------------------------------------


@pytest.fixture
def analyst(scratch: Project, monkeypatch) -> Project:
    """A copy of the project to run commands in, in this process, as from its folder."""
    monkeypatch.setenv("HERTSBOOK_ROOT", str(scratch.root))
    monkeypatch.chdir(scratch.root)
    (scratch.root / "folder.ipynb").mkdir()
    (scratch.root / "link.ipynb").symlink_to(scratch.root / "notebooks/day_services.py")
    (scratch.root / "mine.ipynb").write_text(nbformat.writes(nbformat.v4.new_notebook()))  # someone's work
    return scratch


@pytest.mark.parametrize(
    ("given", "reason"),
    [
        ("notebooks/x.ipynb", "it is under notebooks/, the notebooks' sources"),
        ("notebooks/day_services.py", "it is under notebooks/, the notebooks' sources"),
        ("figures/../notebooks/day_services.ipynb", "it is under notebooks/, the notebooks' sources"),
        ("data/lists/x.ipynb", "it is under data/, the book's data"),
        ("_build/html/x.ipynb", "it is under _build/html/, the published site"),
        ("_build/html", "it is under _build/html/, the published site"),
        ("link.ipynb", "it is under notebooks/, the notebooks' sources"),
        ("folder.ipynb", "it is a folder; name a .ipynb file in it"),
        (".", "it is a folder; name a .ipynb file in it"),
        ("nowhere/x.ipynb", "the folder {root}/nowhere does not exist"),
        ("README.md/x.ipynb", "{root}/README.md is not a folder"),
        ("out.txt", "the executed notebook must be a .ipynb file"),
        ("mine.ipynb", "it is not a notebook an earlier run wrote (choose a new file)"),
    ],
)
def test_run_refuses_an_output_it_would_destroy_and_writes_nothing(analyst: Project, given, reason, capsys):
    before = tree(analyst.root)
    code = main(["run", "day_services", "-o", given])
    err = capsys.readouterr().err
    assert code == 1
    assert err.startswith(f"error: refusing to write the run to {given}")
    assert err.rstrip("\n").endswith(": " + reason.format(root=analyst.root)) and err.count("\n") == 1
    assert tree(analyst.root) == before


def test_run_refuses_a_file_git_tracks_and_an_unwritable_folder(analyst: Project, tmp_path: Path) -> None:
    repository = tmp_path / "repository"
    repository.mkdir()
    tracked = repository / "kept.ipynb"
    run = nbformat.v4.new_notebook(metadata={"papermill": {"parameters": {}}})  # as a run writes it
    tracked.write_text(nbformat.writes(run))
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repository)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "kept.ipynb"], check=True)
    with pytest.raises(params.ParameterError, match="git tracks kept.ipynb"):
        params.check_output(analyst, tracked)
    untracked = repository / "earlier.ipynb"
    untracked.write_text(nbformat.writes(run))
    assert params.check_output(analyst, untracked) == untracked  # an earlier run's output may be replaced
    assert params.check_output(analyst, repository / "new.ipynb") == repository / "new.ipynb"
    if os.geteuid() == 0:  # root may write anywhere permissions allow only others: /sys allows no one
        unwritable = Path("/sys/x.ipynb")
    else:
        (tmp_path / "locked").mkdir(mode=0o500)
        unwritable = tmp_path / "locked/x.ipynb"
    with pytest.raises(params.ParameterError, match=r"it cannot be written \(Permission denied\)"):
        params.check_output(analyst, unwritable)
    assert not unwritable.exists()


def test_a_parameter_given_twice_is_a_batch_checked_before_anything_runs(analyst: Project, capsys) -> None:
    # Given twice, a parameter runs once per value (a batch); every value is checked before the first run.
    code = main(["run", "adult_care_performance", "-p", "council", "E10000016", "-p", "council", "E99999999"])
    assert code == 1
    assert capsys.readouterr().err.startswith("error: parameter council cannot be 'E99999999'")
    assert not (analyst.build / "runs").exists()
    # One run's values given twice stay refused by name where a single run is resolved.
    with pytest.raises(params.ParameterError, match="parameter year is given twice"):
        params.resolve(
            params.theme_parameters(analyst, "adult_care_performance"),
            [("year", "2018-19"), ("council", "E10000016"), ("year", "2018-19")],
        )


@pytest.mark.parametrize(
    ("text", "pairs"),
    [
        ("", []),
        ("-p council E10000016", [("council", "E10000016")]),
        ("-p council E10000016 --parameter year 2018-19", [("council", "E10000016"), ("year", "2018-19")]),
        ("-p note 'two words; touch y'", [("note", "two words; touch y")]),
        ('-p a "$(touch y)" -p b `touch`', [("a", "$(touch y)"), ("b", "`touch`")]),
    ],
)
def test_parameters_given_as_one_text_are_split_as_words_and_never_run(text: str, pairs) -> None:
    assert params.split_parameters(text) == pairs


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("-p council", "the parameters must be given as -p NAME VALUE ..., not '-p council'"),
        ("council E10000016", "the parameters must be given as -p NAME VALUE ..., not 'council E10000016'"),
        (
            "-p council 'E1",
            'the parameters "-p council \'E1" cannot be split into words: No closing quotation',
        ),
    ],
)
def test_parameters_given_as_one_text_must_be_pairs(text: str, message: str) -> None:
    with pytest.raises(params.ParameterError) as caught:
        params.split_parameters(text)
    assert str(caught.value) == message


# --- The Makefile passes values, never shell text ------------------------------------------------------------


def make(root: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("NB", "P", "OUT", "MAKEFLAGS", "HERTSBOOK_ROOT")}
    command = ["make", "--no-print-directory", f"VENV={ROOT / '.venv'}", *args]
    return subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=600)


@SLOW
@pytest.mark.skipif(shutil.which("make") is None, reason="needs make")
def test_make_passes_nb_p_and_out_as_values_never_as_commands(scratch: Project) -> None:
    root = scratch.root
    attacks = [
        (["params", "NB=x; touch y"], "error: unknown theme 'x; touch y'"),
        (["params", "NB=$$(touch y)"], "error: unknown theme '$(touch y)'"),
        (["run", "NB=x`touch y`"], "error: unknown theme 'x`touch y`'"),
        (
            ["run", "NB=adult_care_performance", "P=-p council 'E10000016; touch y'"],
            "error: parameter council cannot be 'E10000016; touch y'",
        ),
        (
            ["run", "NB=adult_care_performance", "P=-p council E10000016", "OUT=nowhere/x; touch y.ipynb"],
            "error: refusing to write the run to nowhere/x; touch y.ipynb: the folder",
        ),
        (
            # Several pairs reach hertsbook as one value it splits itself (two councils are now a batch;
            # the same one twice is still refused, so the refusal shows the whole value arrived intact).
            ["run", "NB=adult_care_performance", "P=-p council E10000016 -p council E10000016"],
            "error: the run with council 'E10000016' is asked for twice",
        ),
    ]
    for args, message in attacks:
        done = make(root, *args)
        assert done.returncode != 0 and message in done.stderr, (args, done.stderr)
        assert not (root / "y").exists(), args
    done = make(root, "params", "NB=adult_care_performance")
    assert done.returncode == 0, done.stderr
    assert "E10000016" in json.loads(done.stdout)["council"]["choices"]
    out = root / "kent (2018-19).ipynb"
    done = make(
        root, "run", "NB=adult_care_performance", "P=-p council E10000016 -p year 2018-19", f"OUT={out}"
    )
    assert done.returncode == 0, done.stderr
    ran = nbformat.read(out, as_version=4)
    assert ran.metadata.papermill.parameters == {"council": "E10000016", "year": "2018-19"}
    assert not (root / "y").exists()


# --- Threads stopped by a signal ------------------------------------------------------------------------------


def failing_thread_reported(monkeypatch, caught: int | None) -> list[str]:
    """The errors reported of a thread that raises, with the command's signal handling installed and `caught`
    as the signal it caught (the reporter is replaced by a recorder, so pytest's own hook is not involved)."""
    reported: list[str] = []
    monkeypatch.setattr(stops, "_report_thread_error", lambda args: reported.append(args.exc_type.__name__))
    previous = stops.install()
    try:
        monkeypatch.setattr(stops, "_caught", caught)
        worker = threading.Thread(target=lambda: 1 / 0)
        worker.start()
        worker.join()
    finally:
        stops.restore(previous)
    return reported


WAITED_FOR = """
import concurrent.futures, signal, threading, time
from hertsbook import stops

def relay():  # a signal this thread takes, not the main one (as when the main one is starting a thread)
    time.sleep(1)  # the main thread is waiting by then
    signal.pthread_kill(threading.get_ident(), signal.SIGINT)
    time.sleep(300)  # a notebook's long cell

stops.install()
try:
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        stops.wait([pool.submit(relay)])
except stops.Interrupted:
    stops.finish()
"""


def test_a_signal_another_thread_took_still_stops_the_command(tmp_path: Path) -> None:
    """Python runs a signal's handler in the main thread, once it next runs Python code: the main thread
    waiting for a notebook's thread with no end to its wait hung a build on Ctrl-C until the cell was done."""
    done = subprocess.run(
        [sys.executable, "-c", WAITED_FOR], capture_output=True, text=True, timeout=120, cwd=tmp_path
    )
    assert (done.returncode, done.stderr) == (130, "interrupted\n")


DASK_WAITED_FOR = """
import signal, threading, time
from hertsbook import stops
from hertsbook.execute import cluster, runner
from hertsbook.project import Project

class Running:  # a task on a worker, still running: its result() waits as long as the task (a long cell)
    def done(self):
        return False

    def result(self):
        threading.Event().wait()

class Client:
    def submit(self, *args, **kwargs):
        return Running()

def relay():  # a signal another thread takes, once the main one waits for the cluster
    time.sleep(1)
    signal.pthread_kill(threading.get_ident(), signal.SIGINT)

stops.install()
threading.Thread(target=relay, daemon=True).start()
try:
    cluster.run_all(Project.find(), Client(), [cluster.RunRequest("x", "prevention", {})], runner.Limits())
except stops.Interrupted:
    stops.finish()
"""


def test_a_signal_another_thread_took_stops_a_wait_for_the_dask_cluster(project) -> None:
    """The same for a build on a Dask cluster: waiting in the task's `result()` hung until the task ended."""
    done = subprocess.run(
        [sys.executable, "-c", DASK_WAITED_FOR],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=project.root,
        env={**os.environ, "HERTSBOOK_ROOT": str(project.root)},
    )
    assert (done.returncode, done.stderr) == (130, "interrupted\n")


def test_a_thread_failing_because_a_signal_stopped_its_kernel_is_not_reported(monkeypatch) -> None:
    assert failing_thread_reported(monkeypatch, signal.SIGINT) == []


def test_a_thread_failing_otherwise_is_still_reported(monkeypatch) -> None:
    assert failing_thread_reported(monkeypatch, None) == ["ZeroDivisionError"]
