"""The book's `_toc.yml` and `_config.yml`, checked before anything runs.

jupyter-book reads both from the staged copy under `_build/stage/`, late in the build, and reports a problem
as a traceback naming that copy. Checked first, each problem is one line naming the repository's own file
and the line in it: YAML that does not parse (or gives a key twice), a `_config.yml` that jupyter-book's own
schema refuses, a `_toc.yml` that sphinx-external-toc cannot use, or a chapter whose file does not exist.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path
from typing import Any

import yaml

from hertsbook.cache import Cache, file_sha256
from hertsbook.cache import key as cache_key
from hertsbook.errors import HertsbookError, kind
from hertsbook.project import REGISTRY, THEMES, Project
from hertsbook.publish import generated

SUFFIXES = (".md", ".ipynb", ".rst")
REPOSITORY_URL = re.compile(r"https?://[A-Za-z0-9._~:/?#@!$&*+,;=%-]+")
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's, where built: the same YAML, faster


class BookConfigError(HertsbookError):
    """`_toc.yml` or `_config.yml` cannot make the book: one line per problem, naming the file and line."""


def check(project: Project, cache: Cache | None = None) -> None:
    """Stop the build, before any kernel starts, if either file has a problem (`problems`)."""
    wrong = problems(project, cache)
    if wrong:
        raise BookConfigError("\n".join(wrong))


def repository_url(project: Project) -> str:
    """`hertsbook: repository_url:` in _config.yml: where the book's repository is, shown on the auditing page."""
    try:
        config = yaml.safe_load((project.root / "_config.yml").read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError):
        return ""  # the build's own check of _config.yml names the problem
    url = (config.get("hertsbook") or {}).get("repository_url") or "" if isinstance(config, dict) else ""
    if not isinstance(url, str) or (url and not REPOSITORY_URL.fullmatch(url)):
        raise BookConfigError(
            f"_config.yml: hertsbook.repository_url must be an http(s) address (no spaces or quotes), not {url!r}"
        )
    return url


def problems(project: Project, cache: Cache | None = None) -> list[str]:
    """What is wrong with the two files, one line each ("_toc.yml, line 7: ..."); empty when nothing is."""
    found: list[str] = []
    loaded = {name: _load(project.root / name, name, found) for name in ("_config.yml", "_toc.yml")}
    config, toc = loaded["_config.yml"], loaded["_toc.yml"]
    listed: set[str] = set()
    if toc is not None:
        wrong, listed = _toc_files(project, *toc)
        found += wrong
    if found or config is None or toc is None:
        return found
    # jupyter-book's schema and sphinx-external-toc's parser: imported only when either file has changed.
    files = ("_config.yml", "_toc.yml", "requirements.lock")  # the lock: jupyter-book's version and schema
    key = cache_key(
        "book-config",
        [file_sha256(p) for p in map(project.root.joinpath, files) if p.is_file()],
        file_sha256(Path(__file__)),
    )
    if cache is None or cache.value("book-config", key) is None:
        found += _config_schema(*config) + _toc_structure(*toc)
        if cache is not None and not found:
            cache.put("book-config", key, {}, value="ok")
    return found or _unlisted_themes(listed)


def _unlisted_themes(listed: set[str]) -> list[str]:
    """A theme in the registry that _toc.yml leaves out would run, then stop Sphinx late ("not in any
    toctree"). Named once the rest is right, so a misspelt chapter is one problem, not two."""
    return [
        f"_toc.yml: the theme {t.name} ({t.notebook}) is not listed: add `- file: {t.chapter}`"
        for t in REGISTRY
        if t.chapter not in listed
    ]


def _load(path: Path, name: str, found: list[str]) -> tuple[yaml.Node, Any] | None:
    """The file's YAML as nodes (which know their lines) and as values, or None and a problem in `found`."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        found.append(f"{name}: does not exist (the book needs it)")
        return None
    except (OSError, UnicodeDecodeError) as error:
        found.append(f"{name}: cannot be read as UTF-8 text ({error})")
        return None
    try:
        node = yaml.compose(text, Loader=LOADER)
        value = yaml.load(text, Loader=LOADER)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f", line {mark.line + 1}" if mark is not None else ""
        said = " ".join(str(part) for part in (error.context, error.problem) if part)
        found.append(f"{name}{where}: is not valid YAML ({said})")
        return None
    except yaml.YAMLError as error:
        found.append(f"{name}: is not valid YAML ({error})")
        return None
    except (ValueError, OverflowError, RecursionError) as error:  # a value YAML cannot make, e.g. 2025-13-01
        found.append(f"{name}, line {_bad_scalar(text)}: is not valid YAML ({error})")
        return None
    twice = _duplicates(node)
    if twice:
        found += [f"{name}, line {line}: the key {key!r} is given twice" for line, key in twice]
        return None
    if not isinstance(value, dict):
        what = "empty" if value is None else f"{kind(value)}, not a mapping of keys"
        found.append(f"{name}, line 1: is {what}")
        return None
    return node, value


def _bad_scalar(text: str) -> int:
    """The line of the first value YAML parses but cannot make (a date with month 13, say), or 1."""
    stack = [yaml.compose(text, Loader=LOADER)]
    while stack:
        node = stack.pop(0)
        if isinstance(node, yaml.ScalarNode):
            try:
                yaml.SafeLoader("").construct_object(node)
            except Exception:
                return node.start_mark.line + 1
        elif isinstance(node, yaml.MappingNode):
            stack += [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return 1


def _duplicates(node: yaml.Node | None) -> list[tuple[int, str]]:
    out = []
    if isinstance(node, yaml.MappingNode):
        seen = set()
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    out.append((key.start_mark.line + 1, key.value))
                seen.add(key.value)
            out += _duplicates(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            out += _duplicates(item)
    return out


def _line(node: yaml.Node, path: list[Any]) -> int:
    """The line (from 1) of the value at `path`, or of the deepest part of it that exists."""
    for part in path:
        if isinstance(node, yaml.MappingNode):
            found = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == str(part)]
            if not found:
                break
            node = found[0]
        elif isinstance(node, yaml.SequenceNode) and str(part).isdigit() and int(part) < len(node.value):
            node = node.value[int(part)]
        else:
            break
    return node.start_mark.line + 1


def _config_schema(node: yaml.Node, config: dict[str, Any]) -> list[str]:
    """What jupyter-book's own schema for _config.yml refuses (it would only warn, late, about the copy)."""
    import jsonschema

    spec = importlib.util.find_spec("jupyter_book")
    assert spec is not None and spec.submodule_search_locations
    schema_path = Path(next(iter(spec.submodule_search_locations))) / "config_schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    out = []
    for error in sorted(validator.iter_errors(config), key=lambda e: [str(p) for p in e.absolute_path]):
        path = list(error.absolute_path)
        at = f" (at {'.'.join(map(str, path))})" if path else ""
        out.append(f"_config.yml, line {_line(node, path)}: {error.message}{at}")
    return out


def _toc_structure(node: yaml.Node, toc: dict[str, Any]) -> list[str]:
    """What sphinx-external-toc (jupyter-book's reader of _toc.yml) refuses, at the line it points to."""
    from sphinx_external_toc.parsing import parse_toc_data

    try:
        parse_toc_data(toc)
    except Exception as error:  # MalformedError, or whatever else the reader raises on odd input
        said = str(error)
        pointer = re.search(r" @ '([^']*)'$", said)
        path = [p for p in pointer.group(1).split("/") if p] if pointer else []
        said = said[: pointer.start()] if pointer else said
        key = re.match(r"'(\w+)' (?!key not found)", said)  # "'parts' not a non-empty list": at that key
        path += [key.group(1)] if key else []
        return [f"_toc.yml, line {_line(node, path)}: jupyter-book cannot use this table of contents: {said}"]
    return []


def _toc_files(project: Project, node: yaml.Node, toc: dict[str, Any]) -> tuple[list[str], set[str]]:
    """A problem for each page the table of contents names that neither the repository nor the build has,
    and the pages it names (without their suffixes)."""
    out = []
    seen: dict[str, int] = {}

    def page(value: Any, path: list[Any]) -> None:
        line = _line(node, path)
        if not isinstance(value, str) or not value.strip():
            out.append(
                f"_toc.yml, line {line}: a page must be a file's path, such as book/about (found {value!r})"
            )
            return
        name = value.strip()
        for suffix in SUFFIXES:
            name = name.removesuffix(suffix)
        if name in seen:
            out.append(f"_toc.yml, line {line}: {value} is already listed on line {seen[name]}")
        seen[name] = line
        if not _exists(project, name):
            out.append(f"_toc.yml, line {line}: {value} names no page: there is no {_expected(name)}")

    def entries(items: Any, path: list[Any]) -> None:
        if not isinstance(items, list):
            return  # the structure check names it
        for number, item in enumerate(items):
            if isinstance(item, dict):
                if "file" in item:
                    page(item["file"], [*path, number, "file"])
                for key in ("sections", "chapters"):
                    entries(item.get(key), [*path, number, key])
                subtrees(item.get("subtrees"), [*path, number, "subtrees"])

    def subtrees(trees: Any, path: list[Any]) -> None:
        for number, tree in enumerate(trees if isinstance(trees, list) else []):
            if isinstance(tree, dict):
                entries(tree.get("entries"), [*path, number, "entries"])

    if "root" in toc:
        page(toc["root"], ["root"])
    for key in ("chapters", "sections"):  # a book's chapters, an article's sections
        entries(toc.get(key), [key])
    subtrees(toc.get("subtrees"), ["subtrees"])
    parts = toc.get("parts")
    for number, part in enumerate(parts if isinstance(parts, list) else []):
        if isinstance(part, dict):
            entries(part.get("chapters"), ["parts", number, "chapters"])
    return out, set(seen)


def _exists(project: Project, name: str) -> bool:
    parts = Path(name).parts
    if Path(name).is_absolute() or ".." in parts:
        return False
    if name in generated.PAGES:  # written by the build itself
        return True
    if len(parts) == 2 and parts[0] == "notebooks":  # executed from notebooks/THEME.py by the build
        return parts[1] in THEMES and project.notebook(parts[1]).is_file()
    return any((project.root / f"{name}{suffix}").is_file() for suffix in SUFFIXES)


def _expected(name: str) -> str:
    parts = Path(name).parts
    if len(parts) == 2 and parts[0] == "notebooks":
        return f"theme notebook notebooks/{parts[1]}.py (themes: {', '.join(THEMES)})"
    return " or ".join(f"{name}{suffix}" for suffix in SUFFIXES[:2])
