"""An incremental build writes the bytes a build from scratch writes: each kind of edit, then its undo.

Each test edits a warm copy of the built book, builds, undoes the edit, builds again and compares every
file of the published site with `built_book` (a build from scratch of the same tree). Three edits of
independent inputs (a notebook's code, a data file, a narrative page) share their two builds (`three_edits`).
"""

from collections.abc import Callable
from pathlib import Path

import pytest

from hertsbook.cache import sha256
from tests.helpers import hertsbook

pytestmark = pytest.mark.slow


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): sha256(p.read_bytes())
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def differences(site: Path, cold: Path) -> list[str]:
    a, b = tree(site), tree(cold)
    return sorted(
        f"{name}: {'only in the rebuilt site' if name not in b else 'missing' if name not in a else 'differs'}"
        for name in a.keys() | b.keys()
        if a.get(name) != b.get(name)
    )


def build(root: Path) -> str:
    done = hertsbook(root, "build")
    assert done.returncode == 0, done.stderr
    return done.stderr


@pytest.fixture(scope="module")
def root(tmp_path_factory, clone_built) -> Path:
    return clone_built(tmp_path_factory.mktemp("incremental") / "book")


def edit_then_undo(root: Path, built_book: Path, edit: Callable[[], None], check: Callable[[], None]) -> None:
    """Edit, build, check the edit reached the site; undo (every file back as it was), build, compare."""
    saved = sources(root)
    edit()
    build(root)
    assert check() in (None, True), "the edit did not reach the site"
    different = undo_and_compare(root, built_book, saved)
    assert different == [], "\n".join(different)


def sources(root: Path) -> dict[Path, bytes]:
    """Every file of the project outside _build/, to put back after an edit."""
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file() and "_build" not in p.parts}


def undo_and_compare(root: Path, built_book: Path, saved: dict[Path, bytes]) -> list[str]:
    """Every file back as it was (new ones removed), a build, and how the site differs from the cold build."""
    for path in [p for p in root.rglob("*") if p.is_file() and "_build" not in p.parts and p not in saved]:
        path.unlink()
    for path, data in saved.items():
        if path.read_bytes() != data:
            path.write_bytes(data)
    build(root)
    return differences(root / "_build/html", built_book / "_build/html")


def append(path: Path, text: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


def page(root: Path, name: str) -> str:
    return (root / "_build/html" / name).read_text(encoding="utf-8")


def sphinx_pages(root: Path) -> dict[str, int]:
    """Each page in Sphinx's kept output (not the published copy) and when it was last written."""
    (output,) = (root / "_build/stage").glob("out-*/_build/html")
    return {p.relative_to(output).as_posix(): p.stat().st_mtime_ns for p in output.rglob("*.html")}


def test_a_notebook_prose_edit_and_its_undo(root: Path, built_book: Path) -> None:
    before: dict[str, int] = {}

    def edit() -> None:
        append(root / "notebooks/day_services.py", "\n# %% [markdown]\n# Quillwort prose.\n")
        # Sphinx starts afresh in a copy at a new path (as this one may be): this build settles it there.
        build(root)
        before.update(sphinx_pages(root))
        append(root / "notebooks/day_services.py", "\n# %% [markdown]\n# Quillwort, again.\n")

    def check() -> None:
        assert "Quillwort prose." in page(root, "notebooks/day_services.html")
        after = sphinx_pages(root)
        written = sorted(name for name in after if after[name] != before.get(name))
        # Same title, same pages: Sphinx writes the edited page (and its own search and index pages) only.
        assert "book/about.html" not in written and "notebooks/prevention.html" not in written, written
        assert "notebooks/day_services.html" in written

    edit_then_undo(root, built_book, edit, check)


@pytest.fixture(scope="module")
def three_edits(root: Path, built_book: Path) -> tuple[dict[str, str], list[str]]:
    """A notebook's code, a data file another notebook reads and a narrative page, edited together, built,
    undone and built again: two warm builds instead of six. The three touch different inputs (each edit
    reaches one page of its own), so each test below checks one of them; the undo is compared as a whole.
    The site's pages after the edits, and the differences between the undone site and the cold build."""
    saved = sources(root)
    append(root / "notebooks/early_help.py", '\n# %%\nprint("bladderwrack output")\n')
    path = root / "data/adult_care/comparable_measures.csv"
    text = path.read_text()
    assert "may count differently" in text
    path.write_text(text.replace("may count differently", "may count in sundew ways"))
    append(root / "book/about.md", "\nA sentence about the marram grass.\n")
    try:
        build(root)
        names = ("notebooks/early_help.html", "notebooks/adult_care_performance.html", "book/about.html")
        seen = {name: page(root, name) for name in (*names, "searchindex.js")}
    finally:  # the module's other tests share root: it goes back as it was even if the build failed
        different = undo_and_compare(root, built_book, saved)
    return seen, different


def test_a_notebook_code_edit_reaches_its_page(three_edits) -> None:
    seen, _ = three_edits
    assert "bladderwrack output" in seen["notebooks/early_help.html"]
    assert "bladderwrack output" not in seen["notebooks/adult_care_performance.html"]


def test_a_data_edit_reaches_the_page_of_the_notebook_reading_it(three_edits) -> None:
    seen, _ = three_edits
    assert "sundew" in seen["notebooks/adult_care_performance.html"]
    assert "sundew" not in seen["notebooks/early_help.html"]


def test_a_page_edit_reaches_its_page_and_the_search_index(three_edits) -> None:
    seen, _ = three_edits
    assert "marram" in seen["book/about.html"] and "marram" in seen["searchindex.js"]


def test_the_code_data_and_page_edits_undone_give_the_cold_build(three_edits) -> None:
    _, different = three_edits
    assert different == [], "\n".join(different)


def test_a_stylesheet_edit_and_its_undo(root: Path, built_book: Path) -> None:
    edit_then_undo(
        root,
        built_book,
        lambda: append(root / "_static/hertsbook.css", "\n/* samphire */\n"),
        lambda: "samphire" in page(root, "_static/hertsbook.css"),
    )


def test_a_page_and_a_download_added_then_removed(root: Path, built_book: Path) -> None:
    def edit() -> None:
        (root / "book/eelgrass.md").write_text("# Eelgrass\n\nA page about eelgrass.\n", encoding="utf-8")
        toc = root / "_toc.yml"
        toc.write_text(
            toc.read_text().replace(
                "      - file: book/about\n", "      - file: book/about\n      - file: book/eelgrass\n"
            )
        )
        (root / "book/eelgrass.csv").write_text("plant,count\neelgrass,3\n", encoding="utf-8")
        append(root / "book/about.md", "\nThe {download}`eelgrass counts <eelgrass.csv>`.\n")

    def check() -> None:
        assert "A page about eelgrass." in page(root, "book/eelgrass.html")
        assert [p.name for p in (root / "_build/html/_downloads").rglob("*.csv")] == ["eelgrass.csv"]
        assert "Eelgrass" in page(root, "book/glossary.html")  # every page's menu lists the new page

    edit_then_undo(root, built_book, edit, check)


def test_a_changed_title_reaches_every_page_menu(root: Path, built_book: Path) -> None:
    def edit() -> None:
        path = root / "book/glossary.md"
        path.write_text(path.read_text().replace("# Glossary", "# Glossary of saltmarsh words", 1))

    def check() -> None:
        for name in ("book/about.html", "notebooks/prevention.html", "book/index.html"):
            assert "Glossary of saltmarsh words" in page(root, name), name

    edit_then_undo(root, built_book, edit, check)


def test_a_table_of_contents_edit_reaches_every_page_menu(root: Path, built_book: Path) -> None:
    """No page comes or goes and no title changes: only _toc.yml's captions and order (found from outside:
    sphinx-external-toc re-reads the pages whose own toctree changed, and the rest kept their old menus)."""

    def edit() -> None:
        toc = root / "_toc.yml"
        text = toc.read_text(encoding="utf-8")
        assert "caption: About this book" in text and "      - file: book/glossary\n" in text
        text = text.replace("caption: About this book", "caption: About this cordgrass book")
        text = text.replace("      - file: book/glossary\n", "").replace(
            "      - file: book/about\n", "      - file: book/about\n      - file: book/glossary\n"
        )
        toc.write_text(text, encoding="utf-8")

    def check() -> None:
        for name in ("book/methodology.html", "notebooks/prevention.html", "book/evidence.html"):
            menu = page(root, name)
            assert "About this cordgrass book" in menu, name
            assert menu.index(">About this book</a>") < menu.index(">Glossary</a>"), name  # the new order

    edit_then_undo(root, built_book, edit, check)
