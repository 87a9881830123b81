"""What the repository itself must hold (and must not)."""

import ast
import subprocess

from hertsbook.project import THEMES


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
