"""A theme notebook's parameters: read from its `parameters` cell, checked before anything runs.

The parameters cell is the single place a parameter is declared:

    year: str = "2019-20"  # year of the national comparison

The annotation gives the type, the literal the default and the trailing comment the help. Where the valid
values form a closed set, the theme's module in `hertsbook.content.themes` lists them (`parameter_choices`).
"""

from __future__ import annotations

import ast
import difflib
import importlib
import io
import itertools
import json
import os
import re
import shlex
import subprocess
import tempfile
import tokenize
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hertsbook.errors import HertsbookError, kind
from hertsbook.execute import sources
from hertsbook.project import THEMES, Project

TYPES: dict[str, type] = {"str": str, "int": int, "float": float, "bool": bool}
# What each type takes, in an analyst's words (never "takes a int").
TYPE_WORDS = {"str": "text", "int": "a whole number", "float": "a number", "bool": "true or false"}


class ParameterError(HertsbookError, ValueError):
    """A parameter that is unknown, of the wrong type or outside its choices."""


@dataclass(frozen=True)
class Parameter:
    name: str
    type: str
    default: Any
    help: str
    choices: tuple[Any, ...] | None = None
    names: tuple[str, ...] | None = None  # each choice's name (a council's, for a code), in the same order

    def as_json(self) -> dict[str, Any]:
        out = {"default": self.default, "type": self.type, "help": self.help}
        if self.choices is not None:
            out["choices"] = list(self.choices)
        if self.choices is not None and self.names is not None:
            out["names"] = dict(zip(map(str, self.choices), self.names, strict=True))
        return out


def _folded(text: str) -> str:
    """Text as a person may type it: case, spaces, hyphens and underscores do not matter."""
    return re.sub(r"[\s_-]+", " ", text.strip().casefold())


def _did_you_mean(text: str, candidates: list[str]) -> str:
    """ " (did you mean 'x'?)" for the closest of `candidates` (difflib), or nothing when none is close."""
    typed = _folded(text)
    # A name inside what was typed ("Kent County Council"), or what was typed inside one name, first.
    within = [c for c in candidates if len(_folded(c)) > 2 and (_folded(c) in typed or typed in _folded(c))]
    close = difflib.get_close_matches(typed, [_folded(c) for c in candidates], n=1, cutoff=0.6)
    found = (
        within[:1] if len(within) == 1 else [next(c for c in candidates if _folded(c) == f) for f in close]
    )
    return f" (did you mean {found[0]!r}?)" if found else ""


def check_theme(theme: str) -> str:
    """The theme's registered name; one written with other case, spaces or hyphens is taken as it."""
    if theme in THEMES:
        return theme
    same = [t for t in THEMES if _folded(t) == _folded(theme)]
    if same:
        return same[0]
    raise ParameterError(
        f"unknown theme {theme!r}{_did_you_mean(theme, list(THEMES))}; the themes are: {', '.join(THEMES)}"
    )


def parameters_cell(path: Path) -> str:
    notebook = sources.read(path)
    cells = [c for c in notebook.cells if "parameters" in c.metadata.get("tags", [])]
    if len(cells) != 1:
        raise ParameterError(
            f"{path.name} must have exactly one cell tagged 'parameters' (found {len(cells)})"
        )
    return cells[0].source


def parse(source: str, where: str = "the parameters cell", first_line: int = 1) -> list[Parameter]:
    """Parameters declared as `name: type = literal  # help` lines.

    `first_line` is the line where `source` starts in its file: messages give lines of the file.
    """

    def refuse(line: int | None, what: str) -> ParameterError:
        return ParameterError(f"{where}, line {first_line + (line or 1) - 1}: {what}")

    try:
        body = ast.parse(source).body  # before tokenizing, which reports an unclosed bracket only at the end
    except SyntaxError as error:
        raise refuse(error.lineno, f"not Python ({error.msg})") from None
    comments = {
        token.start[0]: token.string.lstrip("#").strip()
        for token in tokenize.generate_tokens(io.StringIO(source).readline)
        if token.type == tokenize.COMMENT
    }
    found = []
    for node in body:
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value):
            raise refuse(node.lineno, "write each parameter as `name: type = value  # help`")
        kind = ast.unparse(node.annotation)
        if kind not in TYPES:
            raise refuse(node.lineno, f"type must be one of {', '.join(TYPES)}")
        try:
            default = ast.literal_eval(node.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            raise refuse(
                node.lineno, f"the default of {node.target.id} must be a plain value, not code"
            ) from None
        lines = range(node.lineno, (node.end_lineno or node.lineno) + 1)
        help_text = " ".join(comments[n] for n in lines if n in comments)
        if not help_text:
            raise refuse(node.lineno, f"say what {node.target.id} means in a comment")
        found.append(Parameter(node.target.id, kind, default, help_text))
    return found


def declared(project: Project, theme: str) -> list[Parameter]:
    """The parameters as the notebook declares them (no choices: those need the theme's data)."""
    path = project.notebook(check_theme(theme))
    source = parameters_cell(path)
    return parse(
        source, where=f"{project.relative(path)}, parameters cell", first_line=_first_line(path, source)
    )


def _first_line(path: Path, source: str) -> int:
    """The line of `path` where the parameters cell's `source` starts (just after its `# %%` marker)."""
    cells = sources.read(path).cells
    index = next(i for i, c in enumerate(cells) if "parameters" in c.metadata.get("tags", []))
    marker = sources.cell_lines(path)[index]
    if marker is None:
        return 1
    lines = path.read_text(encoding="utf-8").split("\n")
    first = source.split("\n")[0]
    return next((n + 1 for n in range(marker, len(lines)) if lines[n] == first), marker + 1)


def defaults(project: Project, theme: str) -> dict[str, Any]:
    """The values a build runs the theme with."""
    return {p.name: p.default for p in declared(project, theme)}


def theme_parameters(project: Project, theme: str) -> dict[str, Parameter]:
    """The theme's parameters with their closed choices, keyed by name."""
    module = importlib.import_module(f"hertsbook.content.themes.{check_theme(theme)}")
    choices = module.parameter_choices(project) if hasattr(module, "parameter_choices") else {}
    out = {}
    known: dict[str, str] | None = None
    for p in declared(project, theme):
        allowed = tuple(choices[p.name]) if p.name in choices else None
        names = None
        if allowed and all(isinstance(c, str) and ONS_CODE.fullmatch(c) for c in allowed):
            if known is None:
                from hertsbook.content.councils import names as area_names

                known = area_names(project)
            names = tuple(known.get(c, c) for c in allowed)
        out[p.name] = Parameter(p.name, p.type, p.default, p.help, allowed, names)
    return out


ONS_CODE = re.compile(r"[EWSN]\d{8}")  # a choice of this form is an area, named from the national data


def coerce(parameter: Parameter, text: str) -> Any:
    """A command-line value as the parameter's type, never evaluated as code."""
    if parameter.type == "bool":
        lowered = text.strip().lower()
        if lowered in ("true", "yes", "1"):
            return True
        if lowered in ("false", "no", "0"):
            return False
        raise ParameterError(f"parameter {parameter.name} takes true or false, not {text!r}")
    try:
        return TYPES[parameter.type](text)
    except ValueError:
        raise ParameterError(
            f"parameter {parameter.name} takes {TYPE_WORDS[parameter.type]}, not {text!r}"
        ) from None


def choose(parameter: Parameter, value: Any) -> Any:
    """The choice `value` means: itself, the same text in another case, or the choice it names ("Kent").

    Anything else is refused with the closest choices or names offered (difflib), and the valid values.
    """
    assert parameter.choices is not None
    if value in parameter.choices:
        return value
    names = parameter.names or tuple(map(str, parameter.choices))
    if isinstance(value, str):
        for choice in parameter.choices:
            if _folded(str(choice)) == _folded(value):
                return choice
        named = [c for c, n in zip(parameter.choices, names, strict=True) if _folded(n) == _folded(value)]
        if len(named) == 1:
            return named[0]
        if named:
            raise ParameterError(
                f"parameter {parameter.name}: {value!r} names {len(named)} choices ({', '.join(named)}); "
                "give the code"
            )
    labels = [str(c) for c in parameter.choices] + (list(parameter.names) if parameter.names else [])
    by_label = dict(zip(names, parameter.choices, strict=True))
    hint = _did_you_mean(str(value), labels)
    for name, choice in by_label.items():  # a name suggested is shown with its code
        hint = hint.replace(repr(name), f"{name!r}, code {choice}")
    shown = ", ".join(map(str, parameter.choices[:40]))
    more = (
        f" … ({len(parameter.choices)} in all; `python -m hertsbook params` lists them)"
        if len(parameter.choices) > 40
        else ""
    )
    raise ParameterError(f"parameter {parameter.name} cannot be {value!r}{hint}; valid values: {shown}{more}")


def resolve(declared: dict[str, Parameter], given: list[tuple[str, str]] | dict[str, Any]) -> dict[str, Any]:
    """Defaults overridden by the given values, each checked; raise ParameterError naming what is wrong."""
    values = {name: p.default for name, p in declared.items()}
    pairs = given.items() if isinstance(given, dict) else given
    seen: dict[str, Any] = {}
    for name, raw in pairs:
        if name in seen:
            raise ParameterError(
                f"parameter {name} is given twice ({seen[name]!r}, then {raw!r}): give it once"
            )
        seen[name] = raw
        if name not in declared:
            valid = ", ".join(declared) or "(none)"
            raise ParameterError(f"unknown parameter {name!r}; this notebook's parameters are: {valid}")
        parameter = declared[name]
        value: Any
        if parameter.choices is not None and parameter.type == "str" and isinstance(raw, str):
            value = raw  # a name or another case is matched to its choice below
        else:
            value = coerce(parameter, raw) if isinstance(raw, str) else raw
        wanted = TYPES[parameter.type]
        if type(value) is not wanted and not (wanted is float and type(value) is int):
            raise ParameterError(f"parameter {name} takes {TYPE_WORDS[parameter.type]}, not {raw!r}")
        if parameter.choices is not None:
            value = choose(parameter, value)
        values[name] = value
    return values


def read_parameters_file(path: Path) -> list[tuple[str, Any]]:
    """A papermill-style parameters file: YAML (read with safe_load, so never code), `name: value` lines.

    A list of values (`council: [E10000012, E10000016]`) is that parameter given once per value: one run each.
    The values are then checked as -p's are.
    """
    import yaml

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise ParameterError(f"cannot read the parameters file {path}: {reason}") from None
    try:
        loaded = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f", line {mark.line + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or "not YAML"
        raise ParameterError(f"{path}{where}: {problem}") from None
    if loaded is None:
        return []
    if not isinstance(loaded, dict):
        raise ParameterError(f"{path}: write each parameter as `name: value` (found {kind(loaded)})")
    pairs = []
    for name, value in loaded.items():
        values = value if isinstance(value, list) else [value]
        if not values:
            raise ParameterError(f"{path}: {name} has an empty list of values")
        for one in values:
            if not isinstance(one, (str, int, float, bool)):
                raise ParameterError(
                    f"{path}: the value of {name} must be text, a number or true/false, not {one!r}"
                )
            pairs.append((str(name), one))
    return pairs


def merged(from_file: list[tuple[str, Any]], given: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    """The file's parameters with those given by -p in place of the file's values for the same names."""
    overridden = {name for name, _ in given}
    return [pair for pair in from_file if pair[0] not in overridden] + list(given)


def batch(declared: dict[str, Parameter], given: list[tuple[str, Any]]) -> list[dict[str, Any]]:
    """The runs these values ask for, each checked before any runs.

    A parameter given once is the same in every run; one given several times (`-p council E10000012 -p
    council E10000016`) runs once per value, and two such parameters run every combination of their values.
    The same run asked for twice (a code and its name, say) is refused, as a slip.
    """
    grouped: dict[str, list[Any]] = {}
    for name, raw in given:
        grouped.setdefault(name, []).append(raw)
    runs: list[dict[str, Any]] = []
    for combination in itertools.product(*grouped.values()):
        values = resolve(declared, list(zip(grouped, combination, strict=True)))
        if values in runs:
            shown = ", ".join(f"{n} {v!r}" for n, v in values.items() if n in grouped)
            raise ParameterError(f"the run with {shown} is asked for twice: give each value once")
        runs.append(values)
    return runs or [resolve(declared, [])]


def run_name(theme: str, values: dict[str, Any]) -> str:
    """The run's notebook file name: the theme, then each parameter's value in the order declared.

    `adult_care_performance-E10000016-2019-20.ipynb`; any character but letters, digits, `.` and `-` becomes
    `_` and dots never come two together, so a value can never make a path (no `/`, no `..`, no spaces).
    """
    parts = [theme]
    for value in values.values():
        text = str(value).lower() if isinstance(value, bool) else str(value)
        safe = re.sub(r"\.{2,}", ".", re.sub(r"[^A-Za-z0-9.-]", "_", text))
        parts.append(safe.lstrip(".") or "_")
    return "-".join(parts)[:200] + ".ipynb"


def figures_folder(output: Path) -> Path:
    """Where a run's charts go: a folder beside its notebook and page, named after them (`x_files/`)."""
    return output.with_name(f"{output.stem}_files")


def split_parameters(text: str) -> list[tuple[str, str]]:
    """`-p NAME VALUE ...` given as one text (make's `P="..."`), split as a shell would, never run by one."""
    try:
        words = shlex.split(text)
    except ValueError as error:
        raise ParameterError(f"the parameters {text!r} cannot be split into words: {error}") from None
    pairs = []
    while words:
        if len(words) < 3 or words[0] not in ("-p", "--parameter"):
            raise ParameterError(f"the parameters must be given as -p NAME VALUE ..., not {text!r}")
        pairs.append((words[1], words[2]))
        del words[:3]
    return pairs


def check_output(project: Project, given: Path) -> Path:
    """Where `run -o` may write its notebook, resolved; ParameterError says why a path is refused.

    Never over a file git tracks, anything under notebooks/, data/ or _build/html/, a folder, or a file that
    is not a notebook an earlier run wrote; symlinks and `..` are resolved first, so none leads there.
    """
    target = Path(os.path.realpath(given))  # symlinks followed, then `..` taken from where they lead
    shown = str(given) if str(target) == os.path.abspath(given) else f"{given} (which is {target})"
    refuse = f"refusing to write the run to {shown}"
    if target.is_dir():
        raise ParameterError(f"{refuse}: it is a folder; name a .ipynb file in it")
    for folder, what in (
        (project.notebooks, "the notebooks' sources"),
        (project.data, "the book's data"),
        (project.site, "the published site"),
    ):
        folder = folder.resolve()
        if target == folder or folder in target.parents:
            raise ParameterError(f"{refuse}: it is under {project.relative(folder)}/, {what}")
    if given.suffix != ".ipynb" or target.suffix != ".ipynb":
        raise ParameterError(f"{refuse}: the executed notebook must be a .ipynb file")
    if target.parent == (project.build / "runs").resolve():  # the runs' own folder, made as for the default
        target.parent.mkdir(parents=True, exist_ok=True)
    if not target.parent.exists():
        raise ParameterError(f"{refuse}: the folder {target.parent} does not exist")
    if not target.parent.is_dir():
        raise ParameterError(f"{refuse}: {target.parent} is not a folder")
    for path in {target, Path(os.path.abspath(given))}:
        if _tracked(path):
            raise ParameterError(f"{refuse}: git tracks {path.name} (choose a new file)")
    if target.exists() or target.is_symlink():
        if not target.is_file():
            raise ParameterError(f"{refuse}: it is not a regular file")
        if not _an_earlier_run(target):
            raise ParameterError(f"{refuse}: it is not a notebook an earlier run wrote (choose a new file)")
    try:
        with tempfile.TemporaryFile(dir=target.parent):
            pass
        if target.exists():
            target.open("r+b").close()  # opened for writing, not written
    except OSError as error:
        raise ParameterError(f"{refuse}: it cannot be written ({error.strerror})") from None
    return target


def _tracked(path: Path) -> bool:
    """Whether git tracks the file at `path`, in whatever repository holds it."""
    if not path.parent.is_dir():
        return False
    try:
        listed = subprocess.run(
            ["git", "--literal-pathspecs", "ls-files", "--error-unmatch", "--", path.name],
            cwd=path.parent,
            capture_output=True,
        )
    except OSError:  # no git: nothing can be tracked
        return False
    return listed.returncode == 0


def _an_earlier_run(path: Path) -> bool:
    """Whether the file is a notebook papermill wrote (what `run` writes), so overwriting it loses nothing."""
    try:
        with path.open("rb") as handle:
            notebook = json.loads(handle.read(50_000_000))
    except (OSError, ValueError):
        return False
    return isinstance(notebook, dict) and "papermill" in (notebook.get("metadata") or {})
