"""What the repository itself must hold (and must not)."""

import ast
import subprocess
from pathlib import Path

import yaml

from hertsbook.execute import councils
from hertsbook.gate import book_config
from hertsbook.project import REGISTRY, THEMES
from hertsbook.publish import council_pages, generated


def tracked(project) -> list[str]:
    return subprocess.run(
        ["git", "ls-files"], cwd=project.root, capture_output=True, text=True, check=True
    ).stdout.split()


def test_no_notebook_outputs_or_build_files_in_git(project) -> None:
    files = tracked(project)
    assert not [f for f in files if f.endswith(".ipynb")]
    assert not [f for f in files if f.startswith(("_build/", ".venv/"))]


def test_design_card_top_level_exists(project) -> None:
    for name in ("book", "notebooks", "data", "expectations", "tests", "src/hertsbook"):
        assert (project.root / name).is_dir(), name
    for name in ("_config.yml", "_toc.yml", "environment.yml", "README.md", "Makefile", ".ci/run"):
        assert (project.root / name).is_file(), name
    assert (project.root / ".ci/run").read_text().rstrip().endswith("make test")


def test_notebooks_are_thin(project) -> None:
    """A notebook loads, calls, shows and explains: no functions, classes or loops of its own."""
    for theme in THEMES:
        tree = ast.parse(project.notebook(theme).read_text())
        own = [
            n
            for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef | ast.ClassDef | ast.For | ast.While | ast.Lambda)
        ]
        assert own == [], f"{theme}: move this logic into the hertsbook package"


def test_great_expectations_analytics_are_off_everywhere(project) -> None:
    makefile = (project.root / "Makefile").read_text()
    assert "export GX_ANALYTICS_ENABLED := false" in makefile
    assert (
        'os.environ["GX_ANALYTICS_ENABLED"] = "false"'
        in (project.root / "src/hertsbook/gate/gx_import.py").read_text()
    )


def toc_files(toc) -> list[str]:
    """Every `file:` that _toc.yml names, at any depth."""
    if isinstance(toc, dict):
        return [*([toc["file"]] if "file" in toc else []), *(f for v in toc.values() for f in toc_files(v))]
    return [f for v in toc for f in toc_files(v)] if isinstance(toc, list) else []


def test_the_table_of_contents_agrees_with_the_theme_registry(project) -> None:
    """Every theme's chapter is listed once; no notebook is listed or kept that the registry does not know."""
    listed = toc_files(yaml.safe_load((project.root / "_toc.yml").read_text(encoding="utf-8")))
    chapters = [f for f in listed if f.startswith("notebooks/")]
    assert sorted(chapters) == sorted(theme.chapter for theme in REGISTRY)
    # notebooks/council.py is run once per council (hertsbook.execute.councils), outside the toc
    assert sorted(p.stem for p in project.notebooks.glob("*.py")) == sorted([*THEMES, councils.NOTEBOOK])
    assert all((project.root / theme.notebook).is_file() for theme in REGISTRY)
    assert book_config.problems(project) == []


def test_the_pages_the_build_writes_are_the_ones_the_gate_lets_the_toc_name(project) -> None:
    made = generated.from_data(project) | generated.auditing(
        [], {"entries": [], "themes": {}, "versions": {}}
    )
    # The landing page is the repository's book/index.md with its computed findings filled in.
    assert generated.LANDING in made and (project.root / generated.LANDING).is_file()
    downloads = {name for name in made if name.startswith("_extra/")}  # published beside the pages
    assert sorted(set(made) - {generated.LANDING} - downloads) == sorted(
        f"{page}.md" for page in generated.PAGES if page != council_pages.INDEX
    )  # the councils' index is written with the council pages (hertsbook.execute.councils.publish)
    listed = toc_files(yaml.safe_load((project.root / "_toc.yml").read_text(encoding="utf-8")))
    assert set(generated.PAGES) <= set(listed)
    assert not any(
        (project.root / f"{page}{suffix}").exists()
        for page in generated.PAGES
        for suffix in (".md", ".ipynb")
    )
    assert {Path(page).parts[0] for page in generated.PAGES} == {"book", council_pages.FOLDER}
