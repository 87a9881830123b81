"""The whole pipeline on a copy of the repository: a good build, then a broken data file."""

import hashlib
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from hertsbook.content import ascof, data
from hertsbook.content.themes import adult_care_performance as acp
from hertsbook.execute import params
from hertsbook.project import THEMES, Project
from tests.helpers import hertsbook, processes_in

pytestmark = pytest.mark.slow


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def built(clone_built, tmp_path_factory) -> Path:
    """A copy of the shared build (conftest), in which every step ran and printed its progress line: these
    tests break its data and run notebooks in it, and the shared build is only ever read."""
    return clone_built(tmp_path_factory.mktemp("end-to-end") / "book")


def test_the_site_has_every_page_and_chart(built: Path) -> None:
    site = built / "_build/html"
    for page in (
        "index.html",
        "book/index.html",
        "book/evidence.html",
        "book/methodology.html",
        "book/about.html",
    ):
        assert (site / page).is_file(), page
    for theme in THEMES:
        assert (site / "notebooks" / f"{theme}.html").is_file(), theme
    chapter = (site / "notebooks/adult_care_performance.html").read_text()
    assert (
        '<img src="../figures/key-measures-2019-20.svg" alt="Dot chart of 10 percentage key measures'
        in chapter
    )
    assert '<a href="../figures/key-measures-2019-20.csv" download>' in chapter
    assert "The council set 16 key measures for 2019/20." in chapter
    account = "book/evidence/2020-adult-care-local-account-2018-2020.html"
    assert f'href="../{account}#la-km-first-contact-resolution-performance-2019-20"' in chapter
    assert 'id="la-km-first-contact-resolution-performance-2019-20"' in (site / account).read_text()
    for download in ("downloads/evidence.csv", "downloads/sources/2018-11-prevention-strategy.txt"):
        assert (site / download).is_file(), download
    csv = (site / "figures/key-measures-2019-20.csv").read_text().splitlines()
    assert csv[0] == "measure,better_if,target_2019_20_percent,result_2019_20_percent,status"
    assert len(csv) == 11
    assert "injected-parameters" not in chapter and "council: str" not in chapter  # parameter cells hidden


class Targets(HTMLParser):
    """A page's element ids, and the links and sources it points to."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"])
        self.links += [value for key, value in attrs if key in ("href", "src") and value]


def test_every_link_within_the_site_reaches_its_file_and_anchor(built: Path) -> None:
    site = (built / "_build/html").resolve()
    pages = {}
    for path in site.rglob("*.html"):
        if "_static" not in path.relative_to(site).parts:  # the theme's own fragments
            pages[path] = Targets()
            pages[path].feed(path.read_text(encoding="utf-8"))
    broken = []
    for path, page in pages.items():
        for link in page.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc:
                continue  # another site: a reader's choice to follow, never fetched by the page
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            target = target / "index.html" if target.is_dir() else target
            if not target.is_file():
                broken.append(f"{path.relative_to(site)}: {link} (no such file)")
            elif parts.fragment and target in pages and parts.fragment not in pages[target].ids:
                broken.append(f"{path.relative_to(site)}: {link} (no such anchor)")
    assert not broken, "\n".join(broken)
    national = [
        link
        for path in site.glob("notebooks/*.html")
        for link in pages[path].links
        if link.startswith("../book/national.html#national-")
    ]
    assert len(national) >= 10  # the prose's national figures link to their file's provenance


def test_a_cold_build_runs_the_four_notebooks_at_the_same_time(built: Path) -> None:
    log = (built / "_build/cold-build.log").read_text(encoding="utf-8")
    lines = log.splitlines()
    starts = [i for i, line in enumerate(lines) if line.startswith("▶ execute notebooks/")]
    ends = [i for i, line in enumerate(lines) if line.startswith("✓ execute notebooks/")]
    assert "started 4 Python kernel(s)" in log
    assert len(starts) == len(ends) == 4
    assert max(starts) < min(ends)  # all four were running before the first finished
    # the kernels were started before the data checks, which come before any notebook runs
    assert lines.index("▶ validate data/ against expectations/ …") < min(starts)


def test_executed_notebooks_stay_in_the_build_folder(built: Path) -> None:
    executed = nbformat.read(built / "_build/executed/adult_care_performance.ipynb", as_version=4)
    project = Project(built)
    assert executed.metadata.papermill.parameters == params.defaults(project, "adult_care_performance")
    assert executed.metadata.papermill.parameters["council"] == "E10000015"  # the defaults, recorded
    assert "start_time" not in executed.metadata.papermill
    assert not list((built / "notebooks").glob("*.ipynb"))


def test_bad_data_stops_the_build_before_any_notebook_and_keeps_the_site(built: Path) -> None:
    before = digest(built / "_build/html")
    executed_before = digest(built / "_build/executed")
    path = built / "data/evidence/2025-07-adult-care-cabinet-panel-summary.csv"
    original = path.read_text(encoding="utf-8")
    lines = original.splitlines(keepends=True)
    number = next(
        i for i, line in enumerate(lines, start=1) if line.startswith("cp-dols-applications-2024-25-q4,")
    )
    lines[number - 1] = lines[number - 1].replace(",6404,count,", ",6404,people,")
    path.write_text("".join(lines), encoding="utf-8")
    try:
        done = hertsbook(built, "build")
    finally:
        path.write_text(original, encoding="utf-8")
    assert done.returncode == 1
    assert (
        f"data/evidence/2025-07-adult-care-cabinet-panel-summary.csv, column 'unit', row {number}: must be one of the units"
        in done.stderr
    )
    assert "found 'people'" in done.stderr
    assert "execute notebooks" not in done.stderr
    assert digest(built / "_build/html") == before
    assert digest(built / "_build/executed") == executed_before
    # The kernels started for the chapters that read the file are ended.
    assert "started 4 Python kernel(s)" in done.stderr
    assert processes_in(built) == []


def test_one_theme_runs_alone_for_another_council(built: Path) -> None:
    out = built / "_build/kent.ipynb"
    done = hertsbook(
        built,
        "run",
        "adult_care_performance",
        "-p",
        "council",
        "E10000016",
        "-p",
        "year",
        "2018-19",
        "-o",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    notebook = nbformat.read(out, as_version=4)
    assert notebook.metadata.papermill.parameters == {"council": "E10000016", "year": "2018-19"}
    text = "".join(
        str(o.get("data", {}).get("text/html", "")) for c in notebook.cells for o in c.get("outputs", [])
    )
    # The national section names the chosen council and year, as the theme's code writes them for Kent.
    project = Project(built)
    series, contents = data.ascof_series(project), data.ascof_contents(project)
    snpp = data.table(project, "national/ons_snpp_2018based_table2_persons_ons_pop.csv")
    where = ascof.place(series, snpp, "E10000016")
    assert where.name == "Kent"
    compared = acp.national_compare(ascof.lookup(series), where, "2018-19", contents)
    sentence = acp.national_sentence(compared, where, "2018-19", contents)
    assert sentence.startswith("In 2018-19, Kent ") and sentence in text
    assert "Kent against England, its type and its region, 2018-19" in text  # the table's heading
    assert (built / "_build/figures-kent").exists() is False
    assert (out.parent / "kent_files" / "ascof-E10000016-2018-19.csv").is_file()
    # The run's page opens in a browser: every image it shows is a file of this run, none the book's.
    page = out.with_suffix(".html")
    assert f"open it in a browser: {page}" in done.stdout
    from tests.test_run_page import linked_files

    links = linked_files(page)
    assert any("ascof-E10000016-2018-19" in link for link in links)
    for link in links:
        assert (page.parent / link).resolve().parent == (out.parent / "kent_files").resolve(), link
        assert (page.parent / link).is_file(), link


def test_a_batch_runs_one_notebook_per_value_named_by_its_values(built: Path) -> None:
    params_file = built / "_build/params.yaml"
    params_file.write_text("council: [Kent, e10000015]\n", encoding="utf-8")
    done = hertsbook(built, "run", "adult care performance", "-f", str(params_file), "-p", "year", "2018-19")
    assert done.returncode == 0, done.stderr
    for code in ("E10000016", "E10000015"):
        out = built / f"_build/runs/adult_care_performance-{code}-2018-19.ipynb"
        notebook = nbformat.read(out, as_version=4)
        assert notebook.metadata.papermill.parameters == {"council": code, "year": "2018-19"}
        assert out.with_suffix(".html").is_file()


def test_a_refused_parameter_runs_nothing(built: Path) -> None:
    done = hertsbook(
        built,
        "run",
        "adult_care_performance",
        "-p",
        "council",
        "E99999999",
        "-o",
        str(built / "_build/x.ipynb"),
    )
    assert done.returncode == 1
    assert "parameter council cannot be 'E99999999'; valid values: E06000001" in done.stderr
    assert not (built / "_build/x.ipynb").exists()
