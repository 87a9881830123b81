"""The landing page: its findings are the chapters' own key points, worked out from the data at build time."""

import re

import pytest

from hertsbook.publish import pages


@pytest.fixture(scope="module")
def landing(project) -> str:
    text = (project.root / "book" / "index.md").read_text(encoding="utf-8")
    assert pages.LANDING_MARK + "what-the-figures-show" in text
    return pages.landing_page(text, pages.landing_findings(project))


def test_the_landing_findings_are_the_chapters_key_points_with_their_links(project, landing) -> None:
    assert pages.LANDING_MARK not in landing
    points = pages.chapter_key_points(project)
    for theme, (_, chosen) in pages.LANDING_POINTS.items():
        for i in chosen:
            assert points[theme][i] in landing, (theme, i)  # the same sentence, links and all
        assert f'href="../notebooks/{theme}.html"' in landing
    assert "in all 6 years" in landing  # above its region in every year, not only "in the latest years"
    assert landing.count('class="hb-evidence"') >= 20 and 'class="hb-national"' in landing
    assert "give 32.1% (worked out): the two do not match" in landing  # the safeguarding check, worked out


def test_the_landing_page_writes_no_figure_by_hand(project) -> None:
    """Outside the computed findings, the page's own words hold no digit, no number word (two to ten) and no comparison."""
    text = (project.root / "book" / "index.md").read_text(encoding="utf-8")
    words = re.findall(
        r"\b(two|three|four|five|six|seven|eight|nine|ten|dozen|half|most|fewer)\b", text, re.I
    )
    assert not re.search(r"\d", text) and not words, words
    framing = pages.EARLY_HELP_SOURCE + " ".join(label for label, _ in pages.LANDING_POINTS.values())
    assert not re.search(r"\d", framing)


def test_a_finding_changes_with_the_data(project, monkeypatch) -> None:
    from hertsbook.content import data

    evidence = data.evidence(project)
    changed = evidence.copy()
    changed.loc["cp-safeguarding-enquiries-2024-25-q4", ["value", "written"]] = [2600.0, "2600"]
    assert "2,600" in pages.safeguarding_point(changed) and "2,780" in pages.safeguarding_point(evidence)


def test_the_landing_page_claims_nothing_the_book_does_not_do(project, landing) -> None:
    text = (project.root / "book" / "index.md").read_text(encoding="utf-8")
    assert "lets you pick any council" not in text  # no page does
    assert "above its region too" not in landing  # typed, and wrong: it was above in all six years
    assert "only public source" not in landing  # the article itself cites cabinet reports
    assert "draws on cabinet reports" in landing


def test_a_finding_is_a_raw_block_nothing_inside_can_close() -> None:
    page = pages.landing_page("before\n% computed: x\nafter\n", {"x": "<p>```\n{doc}`z`</p>"})
    assert page == "before\n```{raw} html\n<p>&#96;&#96;&#96;\n{doc}&#96;z&#96;</p>\n```\nafter\n"


def test_a_mark_without_its_finding_is_an_error() -> None:
    with pytest.raises(KeyError, match="missing"):
        pages.landing_page("% computed: missing\n", {})
