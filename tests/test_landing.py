"""The landing page: its findings worked out from the data at build time, and no claim the book cannot keep."""

import pytest

from hertsbook.publish import pages


def test_the_landing_finding_is_filled_in_from_the_data(project) -> None:
    text = (project.root / "book" / "index.md").read_text(encoding="utf-8")
    assert pages.LANDING_MARK + "direct-payments" in text
    page = pages.landing_page(text, pages.landing_findings(project))
    assert pages.LANDING_MARK not in page
    assert "- **Over the years**: Hertfordshire was below England" in page
    assert (
        r"in all 6 years\." in page
    )  # it was above its region in every year, not only "in the latest years"


def test_the_landing_page_claims_nothing_the_book_does_not_do(project) -> None:
    text = (project.root / "book" / "index.md").read_text(encoding="utf-8")
    assert "lets you pick any council" not in text  # no page does
    assert "above its region too" not in text  # typed, and wrong: it was above in all six years
    assert "only public source" not in text  # the article itself cites cabinet reports
    assert "draws on cabinet\n  reports" in text


def test_a_finding_is_text_not_markup() -> None:
    page = pages.landing_page(
        "% computed: x | - **A**: | See more.\n", {"x": "Oops *bold* [link](y) {doc}`z`"}
    )
    assert page == r"- **A**: Oops \*bold\* \[link\]\(y\) \{doc\}\`z\` See more." + "\n"


def test_a_mark_without_its_finding_is_an_error() -> None:
    with pytest.raises(KeyError, match="missing"):
        pages.landing_page("% computed: missing | a | b\n", {})
