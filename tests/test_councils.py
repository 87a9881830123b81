"""The councils in the national data, listed by code, name, type and region (`python -m hertsbook councils`)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from hertsbook.content import councils
from hertsbook.execute import params
from tests.conftest import ROOT
from tests.helpers import hertsbook


def test_councils_have_their_name_type_and_region(project) -> None:
    table = councils.councils(project).set_index("code")
    assert table.loc["E10000015"].to_dict() == {
        "name": "Hertfordshire",
        "type": "county council",
        "region": "East of England",
    }
    assert table.loc["E10000016", "name"] == "Kent"
    assert table.loc["E10000016", "region"] == "South East"
    assert table.loc["E09000002", "type"] == "London borough"
    assert table.loc["E06000001", "type"] == "unitary authority"
    # Councils made after the 2018 projections (Buckinghamshire, 2020) have no region there: said so.
    assert table.loc["E06000060", "region"] == councils.NO_REGION
    assert not table.index.str.startswith(("E12", "E92", "E11", "E13")).any()  # no regions, England


def test_every_council_a_parameter_offers_is_listed_with_its_name(project) -> None:
    listed = set(councils.councils(project)["code"])
    for theme in ("adult_care_performance", "prevention"):
        council = params.theme_parameters(project, theme)["council"]
        offered = {c for c in council.choices if councils.area_type(c) in councils.COUNCIL_TYPES}
        assert offered <= listed
        assert all(name != code for code, name in zip(council.choices, council.names, strict=True))


def test_the_councils_command_prints_one_aligned_line_per_council(project) -> None:
    done = hertsbook(ROOT, "councils")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].split() == ["code", "name", "type", "region"]
    kent = next(line for line in lines if line.startswith("E10000016"))
    assert "Kent" in kent and "county council" in kent and "South East" in kent
    assert len(lines) == len(councils.councils(project)) + 1


@pytest.mark.parametrize("command", ["params adult_care_performance", "councils"])
@pytest.mark.parametrize(
    "head", ["head -n 3", "head -n 0"]
)  # -n 0: the pipe closes before anything is written
def test_a_listing_piped_into_head_gives_no_traceback(command: str, head: str) -> None:
    done = subprocess.run(
        f"{sys.executable} -m hertsbook {command} | {head}; exit ${{PIPESTATUS[0]}}",
        shell=True,
        executable="/bin/bash",
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.stderr == ""  # no BrokenPipeError, no "Exception ignored" at exit
    assert done.returncode == 0
    assert len(done.stdout.splitlines()) == int(head.split()[-1])


def test_a_page_run_for_another_council_says_in_one_sentence_whose_documents_it_quotes() -> None:
    assert councils.own_documents_note("E10000015", "Hertfordshire") == ""
    note = councils.own_documents_note("E10000016", "Kent")
    text = note.removeprefix('<p class="hb-run-note">').removesuffix("</p>")
    assert text.count(".") == 1 and text.endswith(".")  # one sentence
    assert "run for Kent" in text and "describe Hertfordshire, not Kent" in text
    assert "&lt;b&gt;" in councils.own_documents_note("E1", "<b>")  # data is text


LOCAL_ACCOUNT_SECTIONS = 5  # the adult care chapter's sections from Hertfordshire's own Local Account


def headings(project, theme: str) -> list[str]:
    text = project.notebook(theme).read_text(encoding="utf-8")
    return [line.removeprefix("# ## ") for line in text.splitlines() if line.startswith("# ## ")]


def test_the_local_account_sections_are_labelled_as_hertfordshires(project) -> None:
    found = headings(project, "adult_care_performance")
    local = found[1 : 1 + LOCAL_ACCOUNT_SECTIONS]  # after the key points
    assert all("Hertfordshire" in h for h in local), local
    notebook = project.notebook("adult_care_performance").read_text(encoding="utf-8")
    assert "councils.own_documents_note(council, name)" in notebook
    day = headings(project, "day_services")
    assert all("Hertfordshire" in h for h in day if "England" not in h and h != "Key points"), day
    assert "councils.own_documents_note(council, name)" in project.notebook("day_services").read_text()
