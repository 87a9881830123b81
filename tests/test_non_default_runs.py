"""Issue 19: prevention, day services and early help each run with a non-default value, as an analyst runs them.

Each theme runs once through `python -m hertsbook run` on the real project, into a folder of the test's own.
What the chosen value should put on the page is worked out here from data/ by the package's own functions,
and the default's is shown to be absent: a notebook that ignored its parameter would fail both ways.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from hertsbook.content import audit, charts, councils, data
from hertsbook.content.text import paragraph
from hertsbook.content.themes import day_services as ds
from hertsbook.content.themes import prevention as prev
from hertsbook.project import Project
from tests.conftest import ROOT
from tests.helpers import hertsbook

pytestmark = pytest.mark.slow

HERTFORDSHIRE, KENT = "E10000015", "E10000016"


def run(tmp_path: Path, theme: str, *parameters: str) -> tuple[str, Path]:
    """The HTML the run's cells show, and the run's own folder of figures and CSVs."""
    out = tmp_path / f"{theme}.ipynb"
    done = hertsbook(ROOT, "run", theme, *parameters, "-o", str(out))
    assert done.returncode == 0, done.stderr
    notebook = nbformat.read(out, as_version=4)
    shown = "".join(
        str(output.get("data", {}).get("text/html", ""))
        for cell in notebook.cells
        for output in cell.get("outputs", [])
    )
    return shown, tmp_path / f"{theme}_files"


@pytest.fixture(scope="module")
def project() -> Project:
    return Project(ROOT)


def test_prevention_for_kent_sets_kents_projection_beside_the_strategy(
    tmp_path: Path, project: Project
) -> None:
    shown, files = run(tmp_path, "prevention", "-p", "council", KENT)
    evidence = audit.annotate(data.evidence(project), audit.run(project))
    projection = prev.strategy_projection(evidence)
    population = data.ons_snpp(project)

    def sentence(code: str) -> str:
        return paragraph(prev.population_sentence(evidence, projection, population, code, 2037))

    assert prev.area_name(population, KENT) == "Kent"
    assert sentence(KENT) in shown
    assert sentence(HERTFORDSHIRE) not in shown
    assert (files / f"population-growth-{KENT}-2037.csv").is_file()
    assert not (files / f"population-growth-{HERTFORDSHIRE}-2037.csv").exists()


def test_day_services_for_kent_shows_kents_long_term_care(tmp_path: Path, project: Project) -> None:
    shown, files = run(tmp_path, "day_services", "-p", "council", KENT)
    long_term, adults = data.ascfr_long_term(project), data.ascfr_adults(project)
    names = councils.names(project)

    def sentence(code: str) -> str:
        spend = ds.settings_table(long_term, adults, "spend", code)
        clients = ds.settings_table(long_term, adults, "clients", code)
        return paragraph(ds.settings_sentence(spend, clients, code, names[code]))

    assert names[KENT] == "Kent"
    assert sentence(KENT) in shown
    assert sentence(HERTFORDSHIRE) not in shown
    assert (files / f"long-term-care-settings-{KENT}.csv").is_file()
    assert not (files / f"long-term-care-settings-{HERTFORDSHIRE}.csv").exists()


def test_early_help_for_older_people_lists_their_ambitions(tmp_path: Path, project: Project) -> None:
    chosen, default = "Older people", "Children, young people and their families"
    shown, _ = run(tmp_path, "early_help", "-p", "life_stage", chosen)
    ambitions = data.table(project, "lists/corporate_plan_ambitions.csv")
    mine = prev.ambitions_for_stage(ambitions, chosen)
    theirs = prev.ambitions_for_stage(ambitions, default)
    assert len(mine) > 0 and not mine.equals(theirs)
    assert charts.table_html(mine, f"Corporate Plan ambitions: {chosen}") in shown
    assert f"Corporate Plan ambitions: {default}" not in shown
