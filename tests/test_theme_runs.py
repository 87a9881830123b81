"""Issue 19, "done when": prevention, early help and day services each run with a non-default parameter value
through `python -m hertsbook run`, and the run's page shows that value's figures, not the default's.

One run per theme (a module fixture); the expected figures are worked out here from data/.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import pytest

from hertsbook.content import data
from hertsbook.content.numbers import thousands_short
from hertsbook.project import Project
from tests.conftest import ROOT
from tests.helpers import hertsbook

KENT = "E10000016"
HERTFORDSHIRE = "E10000015"

pytestmark = pytest.mark.slow


def run(tmp_path: Path, theme: str, *values: tuple[str, str]) -> str:
    """The text of the run's page (tags dropped, entities read), after checking the run recorded its values."""
    out = tmp_path / f"{theme}.ipynb"
    args = [a for name, value in values for a in ("-p", name, value)]
    done = hertsbook(ROOT, "run", theme, *args, "-o", str(out))
    assert done.returncode == 0, done.stderr
    page = out.with_suffix(".html").read_text(encoding="utf-8")
    return html.unescape(re.sub(r"<[^>]+>", " ", page)).replace("\u00a0", " ")


def spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(scope="module")
def prevention(tmp_path_factory) -> str:
    return spaced(
        run(tmp_path_factory.mktemp("prevention"), "prevention", ("council", KENT), ("census_year", "2019"))
    )


@pytest.fixture(scope="module")
def early_help_folder(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("early_help")


@pytest.fixture(scope="module")
def early_help(early_help_folder) -> str:
    return spaced(
        run(
            early_help_folder,
            "early_help",
            ("life_stage", "Older people"),
            ("count_send_in_injection", "true"),
        )
    )


@pytest.fixture(scope="module")
def day_services(tmp_path_factory) -> str:
    return spaced(run(tmp_path_factory.mktemp("day_services"), "day_services", ("council", KENT)))


def ons_growth(code: str) -> str:
    """The ONS 2018-based projection's rise for all ages, 2018 to 2037, read from the CSV itself."""
    table = pd.read_csv(ROOT / "data/national/ons_snpp_2018based_table2_persons_ons_pop.csv", dtype=str)
    row = table[(table["CODE"] == code) & (table["AGE GROUP"] == "All ages")].iloc[0]
    base, horizon = float(row["2018"]), float(row["2037"])
    return f"{round((horizon - base) / base * 100, 1)}%"


def test_prevention_for_kent_in_2019_shows_kents_projection_and_the_2019_census(prevention: str) -> None:
    kent, herts = ons_growth(KENT), ons_growth(HERTFORDSHIRE)
    assert kent != herts  # otherwise the page could not tell the two apart
    assert f"the official ONS projection gives Kent a rise of {kent} from 2018 to 2037" in prevention
    assert f"ONS projects {kent} growth for Kent, 2018 to 2037" in prevention
    assert f"ONS projects {herts} growth" not in prevention  # Hertfordshire's projection is not shown
    # The strategy's own figure stays labelled as Hertfordshire's, never as Kent's.
    assert "the strategy gives 18.6% for Hertfordshire by 2037" in prevention.replace("18.6 %", "18.6%")
    assert "Kent's share of adults with a learning disability in paid work" in prevention
    # The mid-2018 estimate the strategy's base is set against is Hertfordshire's, and is said to be.
    herts_base = pd.read_csv(ROOT / "data/national/ons_snpp_2018based_table2_persons_ons_pop.csv", dtype=str)
    herts_base = herts_base[(herts_base["CODE"] == HERTFORDSHIRE) & (herts_base["AGE GROUP"] == "All ages")]
    estimate = f"{round(float(herts_base.iloc[0]['2018'])):,}"
    assert f"the official estimate of {estimate} for Hertfordshire for mid-2018" in prevention
    assert "projection made from that estimate gives Kent" not in prevention
    # The early education census year chosen, not the default's.
    assert "January 2019" in prevention and "January 2018" not in prevention


def test_early_help_lists_the_chosen_life_stages_ambitions(early_help: str, early_help_folder: Path) -> None:
    # count_send_in_injection = true draws the injection chart with the SEND money, under its own name.
    figures = {p.name for p in (early_help_folder / "early_help_files").iterdir()}
    assert "childrens-services-injection-with-send.svg" in figures
    assert "childrens-services-injection.svg" not in figures
    ambitions = pd.read_csv(ROOT / "data/lists/corporate_plan_ambitions.csv", dtype=str)
    assert "Corporate Plan ambitions: Older people" in early_help
    assert "Corporate Plan ambitions: Children, young people and their families" not in early_help
    chosen = ambitions[ambitions["life_stage"] == "Older people"]
    default = ambitions[ambitions["life_stage"] == "Children, young people and their families"]
    assert len(chosen) and len(default)
    for text in chosen["ambition"]:
        assert spaced(text)[:60] in early_help, text
    for text in default["ambition"]:
        assert spaced(text)[:60] not in early_help, text


def test_day_services_for_kent_shows_kents_long_term_care_and_labels_hertfordshires(
    day_services: str,
) -> None:
    project = Project(ROOT)
    long_term, adults = data.ascfr_long_term(project), data.ascfr_adults(project)

    def spend_per_100000(code: str) -> str:
        rows = long_term[
            (long_term["code"] == code)
            & (long_term["measure"] == "spend")
            & (long_term["setting"] == "Total")
        ]
        assert len(rows) == 2  # 18 to 64, 65 and over
        return thousands_short(
            rows["value"].sum() * 100_000 / adults.loc[adults["code"] == code, "population"].sum()
        )

    kent, herts = spend_per_100000(KENT), spend_per_100000(HERTFORDSHIRE)
    assert kent != herts
    assert f"In 2021-22 Kent spent {kent} on long term care per 100,000 adults" in day_services
    assert f"spent {herts} on long term care" not in day_services
    assert (
        "This page is run for Kent, but the sections marked as Hertfordshire’s come from Hertfordshire County "
        "Council’s own documents and describe Hertfordshire, not Kent." in day_services
    )


@pytest.fixture(scope="module")
def adult_care_for_kent(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("adult_care")
    return run(folder, "adult_care_performance", ("council", "Kent"))


def test_adult_care_for_kent_names_kent_and_labels_hertfordshires_sections(adult_care_for_kent: str) -> None:
    """Issue 19: sections from Hertfordshire's own documents stood as "the council's" on a page run for Kent."""
    text = spaced(adult_care_for_kent)
    assert (
        "This page is run for Kent, but the sections marked as Hertfordshire’s come from Hertfordshire County "
        "Council’s own documents and describe Hertfordshire, not Kent." in text
    )
    for heading in (
        "Did Hertfordshire meet its own targets?",
        "How many people asked Hertfordshire for help",
        "What support people got in Hertfordshire",
        "Keeping people safe in Hertfordshire",
        "Where Hertfordshire's money went",
        "Hertfordshire's July 2025 report beside the official 2024-25 figures",
        "Then and now in Hertfordshire: 2019/20 beside 2024/25",
        "Measures Hertfordshire reported for both 2019/20 and 2024/25",
    ):
        assert heading in text, heading
    assert "Kent against England, its type and its region, 2024-25" in text
    assert re.search(r"In 2024-25, Kent was ", text)
