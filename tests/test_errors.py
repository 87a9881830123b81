"""One error base class: the command line turns any of the book's errors into one line and an exit code.

Every error the book reports to a person derives from `hertsbook.errors.HertsbookError`; anything else is a
bug and keeps its traceback.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from hertsbook import __main__ as cli
from hertsbook import errors, lockfile, pipeline
from hertsbook.execute import params, plan, runner
from hertsbook.gate import book_config, readers, validate
from hertsbook.project import NoProject, Project
from hertsbook.publish import assemble, verify
from tests.conftest import ROOT
from tests.helpers import hertsbook

COMMANDS = {  # each command, and the function of the book it hands its work to
    "build": (["build"], pipeline, "build"),
    "validate": (["validate"], pipeline, "check_data"),
    "run": (["run", "prevention"], plan, "run_theme"),
    "params": (["params", "prevention"], params, "theme_parameters"),
    "manifest": (["manifest"], pipeline, "refresh_manifest"),
    "verify": (["verify"], verify, "verify"),
    "lock-env": (["lock-env"], lockfile, "write_environment"),
}
ERRORS = {  # one of each of the book's errors, as the code that raises it makes it
    "BuildError": errors.BuildError("another build of this book is running (pid 7); wait for it to finish"),
    "NotebookFailed": runner.NotebookFailed("notebooks/prevention.py, cell at line 40: ValueError: no"),
    "ParameterError": params.ParameterError("unknown parameter 'x'; this notebook's parameters are: year"),
    "AssemblyFailed": assemble.AssemblyFailed("jupyter-book stopped: no space left on device"),
    "ConfigurationError": validate.ConfigurationError([validate.Failure("expectations/x.json", "is empty")]),
    "Unreadable": readers.Unreadable([readers.ReadProblem("data/x.csv", "is empty")]),
    "BookConfigError": book_config.BookConfigError("_toc.yml, line 3: book/x names no page"),
    "NoProject": NoProject("no Hertfordshire book project (a folder with _toc.yml) at or above /tmp"),
}


@pytest.mark.parametrize("error", ERRORS.values(), ids=ERRORS.keys())
@pytest.mark.parametrize("command", COMMANDS, ids=COMMANDS.keys())
def test_each_command_reports_each_error_in_one_line(monkeypatch, capsys, command, error) -> None:
    argv, module, function = COMMANDS[command]

    def fail(*_, **__):
        raise error

    monkeypatch.setenv("HERTSBOOK_ROOT", str(ROOT))
    monkeypatch.setattr(module, function, fail)
    assert cli.main(argv) == 1
    assert capsys.readouterr().err == f"error: {error}\n"


@pytest.mark.parametrize("command", COMMANDS, ids=COMMANDS.keys())
def test_an_unexpected_exception_is_not_swallowed(monkeypatch, command) -> None:
    argv, module, function = COMMANDS[command]

    def fail(*_, **__):
        raise KeyError("a bug")

    monkeypatch.setenv("HERTSBOOK_ROOT", str(ROOT))
    monkeypatch.setattr(module, function, fail)
    with pytest.raises(KeyError, match="a bug"):
        cli.main(argv)


def one_line(done) -> str:
    """The one line a failed command printed (and that it printed nothing else, no traceback)."""
    assert done.returncode == 1, done.stderr
    assert done.stdout == "" and "Traceback" not in done.stderr
    progress = ("▶ ", "✓ ", "  ")  # a step's progress lines, and the one that says it failed
    lines = [
        line
        for line in done.stderr.splitlines()
        if not line.startswith(progress) and not (line.startswith("✗ ") and " failed after " in line)
    ]
    assert len(lines) == 1, done.stderr
    return lines[0]


@pytest.mark.parametrize("argv", [[*argv] for argv, _, _ in COMMANDS.values()] + [["check-site"]])
def test_outside_a_project_every_command_says_so_in_one_line(tmp_path: Path, argv) -> None:
    done = hertsbook(tmp_path, *argv)
    assert (
        one_line(done)
        == f"error: no Hertfordshire book project (a folder with _toc.yml) at or above {tmp_path}"
    )


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["params", "housing"], "error: unknown theme 'housing'; the themes are: prevention, "),
        (["run", "prevention", "-p", "colour", "blue"], "error: unknown parameter 'colour'"),
    ],
)
def test_a_bad_parameter_is_one_line(argv, said) -> None:
    assert one_line(hertsbook(ROOT, *argv)).startswith(said)


def test_a_build_with_a_theme_left_out_of_the_toc_is_one_line(scratch: Project) -> None:
    toc = scratch.root / "_toc.yml"
    toc.write_text(toc.read_text().replace("      - file: notebooks/early_help\n", ""))
    for command in ("build", "manifest"):
        assert one_line(hertsbook(scratch.root, command)) == (
            "error: _toc.yml: the theme early_help (notebooks/early_help.py) is not listed: "
            "add `- file: notebooks/early_help`"
        )


def test_a_build_with_a_bad_limit_is_one_line(scratch: Project) -> None:
    done = hertsbook(scratch.root, "build", env={"HERTSBOOK_CELL_TIMEOUT": "soon"})
    assert (
        one_line(done)
        == "error: HERTSBOOK_CELL_TIMEOUT must be a whole number of seconds above 0, not 'soon'"
    )


def test_verify_without_a_site_is_one_line(scratch: Project) -> None:
    assert one_line(hertsbook(scratch.root, "verify")).startswith(
        "error: there is no published site with a manifest.json in "
    )
