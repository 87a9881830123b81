"""Command line: python -m hertsbook {build,validate,run,params,councils,new-suite,manifest,verify,check-site,lock-env}."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
# These machines set PYTHONDONTWRITEBYTECODE, so every command compiled the package's own modules from source
# again: 0.08 of a nothing-changed rebuild's 0.56 CPU s, in 15 paired runs (docs/design.md). Their bytecode is
# kept beside them in src/ (git ignores __pycache__/); Python checks it against each source file's size and time.
sys.dont_write_bytecode = False

from hertsbook import stops  # noqa: E402
from hertsbook.errors import HertsbookError  # noqa: E402
from hertsbook.project import THEMES, Project  # noqa: E402

LIMITS = """limits: a cell may run for 120 seconds and a notebook's outputs may reach 5 MB; past either the run
stops, naming the cell by its line in notebooks/THEME.py. Change them in the environment:
HERTSBOOK_CELL_TIMEOUT=SECONDS, HERTSBOOK_OUTPUT_LIMIT=MEGABYTES (make passes them on too)."""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m hertsbook", description="Build and check the Hertfordshire strategy book."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    build = commands.add_parser(
        "build",
        help="validate the data, run every notebook and publish _build/html/",
        description="Validate the data, run every notebook and publish _build/html/.",
        epilog=LIMITS,
    )
    build.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="run the notebooks on this Dask distributed cluster; its workers need the project's environment "
        "and a checkout of the same commit",
    )
    commands.add_parser("validate", help="check every file under data/ against its suite and sources")
    run = commands.add_parser(
        "run",
        help="run one theme notebook with other parameters",
        description="Run one theme notebook with other parameters.",
        epilog=LIMITS,
    )
    run.add_argument("theme", help=f"one of: {', '.join(THEMES)}")
    run.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        default=[],
        metavar=("NAME", "VALUE"),
        help="a parameter's value; give one parameter several times to run one notebook per value "
        "(two such parameters run every combination)",
    )
    run.add_argument(
        "-f",
        "--parameters-file",
        type=Path,
        metavar="FILE.yaml",
        help="parameters as YAML (name: value; a list of values runs one notebook each); -p overrides it",
    )
    run.add_argument(
        "--parameters",
        default="",
        metavar="TEXT",
        help='more -p NAME VALUE pairs as one text, split as a shell would (how make passes P="...")',
    )
    run.add_argument(
        "-o",
        "--output",
        type=Path,
        help="executed notebook, a new .ipynb or one an earlier run wrote (default "
        "_build/runs/THEME-VALUES.ipynb, named by the parameters' values); one run only; "
        "never a file git tracks, nor anything under notebooks/, data/ or _build/html/",
    )
    show = commands.add_parser("params", help="print a theme notebook's parameters as JSON")
    show.add_argument("theme", help=f"one of: {', '.join(THEMES)}")
    commands.add_parser(
        "councils", help="list the councils in the national data: code, name, type and region"
    )
    drafting = commands.add_parser(
        "new-suite",
        help="draft a suite (expectations/NAME.json) and a catalogue entry from a new data file, for review",
    )
    drafting.add_argument("file", type=Path, help="the new CSV file under data/")
    commands.add_parser("manifest", help="build, then refresh the committed manifest.json")
    check = commands.add_parser(
        "verify",
        help="check _build/html/ against its manifest, then rebuild from scratch and compare file by file",
    )
    check.add_argument("--keep", type=Path, help="leave the rebuilt copy in this folder")
    site = commands.add_parser(
        "check-site", help="check a copy of the site (default _build/html) against its own manifest.json"
    )
    site.add_argument("path", type=Path, nargs="?", help="the site's folder (with manifest.json)")
    commands.add_parser("lock-env", help="rewrite environment.yml from requirements.lock")
    args = parser.parse_args(argv)
    # From here Ctrl-C and SIGTERM end the command with one line, and all it started.
    previous = stops.install()
    try:
        code = command(args)
        sys.stdout.flush()  # here, not at exit: a reader that stopped early is then caught below
        return code
    except (
        BrokenPipeError
    ):  # the reader stopped reading (`params ... | head`): what was read is all it wanted
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so the interpreter's own flush at exit finds no pipe either
        return 0
    except HertsbookError as error:
        if stops.interrupted():  # a kernel stopped by the signal, say: not an error of its own
            stops.finish()
        print(f"error: {error}", file=sys.stderr)
        return error.exit_code
    except BaseException as error:
        if stops.interrupted():  # whatever the unwinding after a signal raised: the one line is "interrupted"
            stops.finish()
        if not stops.is_full_disk(error):
            raise
        print(f"error: {stops.full_disk_message(error, Project.find().root)}", file=sys.stderr)
        return 1
    finally:
        stops.restore(previous)


def command(args: argparse.Namespace) -> int:
    if args.command == "check-site":  # standard library only, as the copy published with the site
        from hertsbook.publish import check_site

        return check_site.main([str(args.path or Project.find().site)])

    project = Project.find()
    if args.command == "build":
        from hertsbook import pipeline

        site = pipeline.build(project, scheduler=args.scheduler or None)
        print(f"the site is in {project.relative(site)}/ (open index.html)")
    elif args.command == "validate":
        from hertsbook import pipeline

        pipeline.check_data(project)
    elif args.command == "params":
        from hertsbook.execute import params

        declared = params.theme_parameters(project, args.theme)
        print(json.dumps({n: p.as_json() for n, p in declared.items()}, indent=2, ensure_ascii=False))
    elif args.command == "councils":
        from hertsbook.content import councils

        print(councils.listing(councils.councils(project)))
    elif args.command == "run":
        from hertsbook.execute import params, plan

        theme = params.check_theme(args.theme)
        given = [*map(tuple, args.parameter), *params.split_parameters(args.parameters)]
        from_file = params.read_parameters_file(args.parameters_file) if args.parameters_file else []
        runs = params.batch(params.theme_parameters(project, theme), params.merged(from_file, given))
        if args.output is not None and len(runs) > 1:
            raise params.ParameterError(
                f"-o names one notebook, but these parameters make {len(runs)} runs; leave -o out and each "
                "run is named by its values in _build/runs/"
            )
        outputs = [
            params.check_output(project, args.output)
            if args.output is not None
            else (project.build / "runs" / params.run_name(theme, values)).resolve()
            for values in runs
        ]
        if len(runs) > 1:
            print(f"{len(runs)} runs of {theme}:", file=sys.stderr)
        for values, output in zip(runs, outputs, strict=True):
            done = plan.run_theme(project, theme, values, output, params.figures_folder(output))
            print(f"executed notebook: {done}")
            print(f"open it in a browser: {done.with_suffix('.html')}")
    elif args.command == "new-suite":
        from hertsbook.gate import draft

        written, entry = draft.new_suite(project, args.file)
        print(
            f"wrote {project.relative(written)}: review each rule (the ranges and sets are this file's own)"
        )
        print("then add this entry to expectations/catalogue.json, before any pattern that also matches:")
        print(json.dumps(entry, indent=1))
    elif args.command == "manifest":
        from hertsbook import pipeline

        print(f"wrote {project.relative(pipeline.refresh_manifest(project))}")
    elif args.command == "verify":
        from hertsbook.publish import verify

        text, ok = verify.verify(project, keep=args.keep)
        print(text)
        return 0 if ok else 1
    elif args.command == "lock-env":
        from hertsbook.lockfile import write_environment

        print(f"wrote {write_environment(project.root)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
