"""The national files copied for the audit: unchanged, catalogued, and read back as their publisher gives them."""

import hashlib
import json

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from hertsbook.content import charts, data
from hertsbook.content.text import html_text, national_anchor
from hertsbook.gate import validate
from hertsbook.gate.readers import ReadProblem, _header_problems
from hertsbook.project import Project
from hertsbook.publish import pages

NATIONAL = {
    data.ONS_SNPP: "24cc580d566d4b149492fe645a08f67b2a2f60da99122de5187806bcdd0dd4ae",
    data.DFE_EARLY_EDUCATION: "b9950401f601c371310a10e7697c8ed35a2630accce82383e623c8e62f61d245",
    data.DFE_NEIGHBOURS: "e9594202bbf624f3328bd042ae0cf18d0df747d4320146449804dfe3133aa219",
    data.ASCFR: "f5cb529cd35f819949fc064337b105f968b06d841d9eb7e2a5f9c79c8ea63205",
}


@pytest.fixture(scope="module")
def snpp(project):
    return data.ons_snpp(project)


@pytest.fixture(scope="module")
def early(project):
    return data.dfe_early_education(project)


@pytest.mark.parametrize("name", sorted(NATIONAL))
def test_each_national_file_is_pinned_and_has_its_provenance(project: Project, name: str) -> None:
    path = project.data / "national" / name
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert digest == NATIONAL[name]
    entry = validate.match(validate.load_catalogue(project), f"data/national/{name}")
    assert entry is not None and entry.sha256 == digest
    # A CSV also has a suite; the workbook is read by its loader alone, whose reading a test below checks.
    assert (entry.suite is not None) == name.endswith(".csv")
    provenance = json.loads((path.parent / f"{path.stem}.provenance.json").read_text(encoding="utf-8"))
    assert provenance["file"] == name
    assert provenance["sha256"] == digest
    for key in ("title", "publisher", "licence", "origin", "retrieved_from", "copied_from", "caveats"):
        assert provenance[key], key


def test_the_national_data_page_gives_each_file_its_provenance(project: Project) -> None:
    records = data.national_provenance(project)
    files = sorted(p.name for p in (project.data / "national").iterdir() if not p.name.endswith(".json"))
    assert [r["file"] for r in records] == files
    page = pages.national_page(records)
    assert f"uses {len(records)} files of national statistics" in page
    for record in records:
        label = f"({national_anchor(record['file'])})=\n## "
        assert page.count(label) == 1
        section = page.split(label, 1)[1].split("\n(national-", 1)[0]
        assert f"<code>data/national/{record['file']}</code>" in section and record["sha256"] in section
        assert html_text(record["publisher"]) in section and html_text(record["licence"]) in section
        assert f'<a href="{html_text(record["origin"])}">' in section
        caveats = section.split("<strong>Caveats:</strong><ul>", 1)[1].split("</ul>", 1)[0]
        assert caveats == "".join(f"<li>{html_text(c)}</li>" for c in record["caveats"])
    ons = next(r for r in records if r["file"] == data.ONS_SNPP)
    assert ons["columns"][:4] == ["", "CODE", "AREA", "AGE GROUP"]  # the conversion's unnamed row number
    assert national_anchor(data.ONS_SNPP) == "national-ons-snpp-2018based-table2-persons-ons-pop"
    dhsc = next(r for r in records if r["file"] == data.ASCOF_SERIES)  # a workbook: its tables' header row
    assert dhsc["columns"][:3] == ["Local authority code", "Local authority", "ONS area code"]


def test_a_chart_of_national_data_links_to_its_files_provenance(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("HERTSBOOK_FIGURES", str(tmp_path))
    drawn = pd.DataFrame({"group": ["All ages"], "percent": [3.7]})
    made = {}
    for files in ((data.ONS_SNPP,), ()):
        chart = charts.Chart(
            f"unit-{len(files)}", "Title", "Subtitle.", "ONS", "Alt text.", national_files=files
        )
        made[files] = charts.publish(lambda layout: plt.figure(), chart, drawn)
    link = (
        '<a class="hb-national" href="../book/national.html#national-ons-snpp-2018based-table2-persons-ons-pop">'
        "Where the national data comes from</a>.</p></figure>"
    )
    assert f"Source: ONS. {link}" in made[(data.ONS_SNPP,)]
    assert "hb-national" not in made[()] and "Source: ONS.</p></figure>" in made[()]


def test_neighbours_loader_gives_the_documented_lists(project: Project) -> None:
    neighbours = data.dfe_statistical_neighbours(project)
    herts = neighbours[neighbours["la_number"] == 919]
    # shared/data/SOURCES.md: Hertfordshire's ten, closest first, in April 2021
    assert herts["neighbour"].tolist() == [867, 931, 850, 358, 823, 825, 869, 938, 873, 868]
    assert herts["rank"].tolist() == list(range(1, 11)) and herts["closeness"].iloc[0] == "Extremely Close"
    assert set(neighbours.groupby("la_number").size()) == {10}  # ten each: none lost, none without
    assert 928 not in set(neighbours["la_number"])  # Northamptonshire is in the "Old SNs" part only
    assert {942, 943} & set(neighbours["la_number"]) == set()  # Cumberland, Westmorland: "-" throughout


def test_ons_loader_gives_the_documented_hertfordshire_totals(snpp) -> None:
    herts = snpp[snpp["code"] == "E10000015"]
    assert set(herts["area"]) == {"Hertfordshire"}
    all_ages = herts[herts["age_group"] == "All ages"].set_index("year")["population"]
    assert all_ages[2018] == 1184365
    assert round(all_ages[2037]) == 1228538
    assert round(all_ages[2043]) == 1243402
    older = herts[herts["age_group"].isin(["65-69", "70-74", "75-79", "80-84", "85-89", "90+"])]
    by_year = older.groupby("year")["population"].sum()
    assert (by_year[2018], round(by_year[2037]), round(by_year[2043])) == (201242, 273222, 287923)
    assert len(snpp) == 7380 * 26  # every area, age group and year, none lost in reshaping
    assert str(snpp["population"].dtype) == "float64"


def test_dfe_loader_gives_the_documented_take_up(early) -> None:
    take_up = early[early["measure"] == "%_2yr_olds"]
    herts = take_up[take_up["la_number"] == 919].set_index("year")["value"].round(1).to_dict()
    assert herts == {
        2018: 68.7,
        2019: 73.3,
        2020: 77.2,
        2021: 77.4,
        2022: 84.1,
        2023: 87.8,
        2024: 86.3,
        2025: 77.8,
    }
    england = take_up[take_up["area"] == "England"].set_index("year")["value"]
    assert england[2018] == 71.8
    assert early["value"].isna().sum() == 212  # the '-' markers, and nothing else, are missing


def test_an_unnamed_column_is_allowed_only_when_the_suite_lists_it() -> None:
    assert _header_problems("f.csv", ["", "CODE"], ["", "CODE"]) == []
    assert _header_problems("f.csv", ["", "CODE"], ["CODE"]) == [
        ReadProblem("f.csv", "the header has an unnamed column", row=1)
    ]


@pytest.mark.slow  # checks the whole data tree with great-expectations
def test_a_changed_ons_figure_fails_the_gate(scratch: Project) -> None:
    path = scratch.data / "national" / data.ONS_SNPP
    text = path.read_text(encoding="utf-8")
    assert '" 1188457.7"' in text
    path.write_text(text.replace('" 1188457.7"', '" 1188457.7x"', 1), encoding="utf-8")
    found = [str(f) for f in validate.validate(scratch).failures]
    assert any("has changed since it was catalogued" in m for m in found)
    assert any("a projected population must be a number with one decimal place" in m for m in found)


def test_a_national_frame_shaped_once_is_shaped_again_when_its_file_changes(project, tmp_path):
    """data._shaped_once keeps a frame per version of its file's bytes: an edit is seen, a caller's change
    to its copy is not."""
    import shutil

    from hertsbook.content import data
    from hertsbook.project import Project

    (tmp_path / "data/national").mkdir(parents=True)
    path = tmp_path / "data/national" / data.ONS_SNPP
    shutil.copyfile(project.data / "national" / data.ONS_SNPP, path)
    copy = Project(tmp_path)
    first = data.ons_snpp(copy)
    first["population"] = 0.0  # the caller's own copy
    again = data.ons_snpp(copy)
    assert (again["population"] > 0).all()
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if ',"E06000001","Hartlepool","All ages"' in line)
    cells = lines[at].split(",")
    cells[-1] = '"   12345.0"'
    lines[at] = ",".join(cells)
    path.write_text("\n".join(lines), encoding="utf-8")
    edited = data.ons_snpp(copy)
    hartlepool = edited[(edited["code"] == "E06000001") & (edited["age_group"] == "All ages")]
    assert hartlepool["population"].iloc[-1] == 12345.0
