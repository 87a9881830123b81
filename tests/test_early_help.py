"""The early help chapter's tables and sentences, from the real data."""

from functools import partial

import pandas as pd
import pytest

from hertsbook.content import charts, data
from hertsbook.content.themes import early_help as eh
from hertsbook.content.themes import prevention as prev
from hertsbook.execute import params
from hertsbook.execute.params import ParameterError
from hertsbook.gate import evidence


@pytest.fixture(scope="module")
def loaded(project):
    return {
        "evidence": data.evidence(project),
        "dates": data.dates(project),
        "ambitions": data.table(project, "lists/corporate_plan_ambitions.csv"),
    }


def test_the_19m_is_not_all_itemised(loaded) -> None:
    parts = eh.injection(loaded["evidence"])
    assert parts["million_pounds"].tolist() == [5.0, 10.0, 4.0]  # "just over £5m" + £10m, so about £4m left
    assert parts.attrs["total"] == 19
    assert eh.injection_named(parts) == 15 and eh.injection_gap(parts) == 4
    assert eh.injection_title(parts) == "The article names where £15m of the £19m goes; £4m is not itemised"
    assert eh.injection_labels(parts)[-1] == "£4m (worked out)"
    assert "about £4m is not itemised (worked out by this book)" in eh.injection_sentence(
        loaded["evidence"], parts
    )


def test_counting_the_send_money_in_the_19m_overshoots(loaded) -> None:
    parts = eh.injection(loaded["evidence"], count_send_annual=True)
    assert eh.injection_named(parts) == 20 and eh.injection_gap(parts) == -1
    assert eh.injection_title(parts) == "Counted this way, the parts named add up to £20m, more than the £19m"
    drawn = eh.injection_drawn(parts)
    assert drawn["million_pounds"].tolist() == [5.0, 10.0, 5.0, 1.0]
    assert drawn["part"].iloc[-1] == "Named beyond the total (worked out)"
    assert "£1m more than the total" in eh.injection_sentence(loaded["evidence"], parts)


def test_the_injection_chart_publishes_exactly_what_it_draws(loaded, tmp_path, monkeypatch) -> None:
    parts = eh.injection(loaded["evidence"])
    drawn = eh.injection_drawn(parts)
    alt = eh.injection_alt(parts)
    assert alt == (
        "Bar chart of the £19m for children's services in 3 parts. Largest: School transport for children "
        "with SEND, £10m; smallest: Not itemised in the article (worked out), £4m."
    )
    monkeypatch.setenv("HERTSBOOK_FIGURES", str(tmp_path))
    draw = partial(
        charts.bars,
        drawn,
        "part",
        "million_pounds",
        eh.injection_labels(parts),
        "£m",
        hatched=eh.injection_hatched(drawn),
    )
    charts.publish(draw, charts.Chart("injection", eh.injection_title(parts), "s", "src", alt), drawn)
    pd.testing.assert_frame_equal(pd.read_csv(tmp_path / "injection.csv"), drawn)


def test_the_redesign_carries_a_share_of_the_savings(loaded) -> None:
    assert eh.savings(loaded["evidence"]) == {
        "asked": 5.47,
        "redesign": 2.0,
        "redesign_share": pytest.approx(36.56, abs=0.005),
    }
    sentence = eh.savings_sentence(loaded["evidence"])
    assert "That is 36.6% of the savings asked (worked out by this book)" in sentence
    assert "#eh-childrens-services-savings-asked" in sentence


def test_send_commitment_links_staff_and_caseloads(loaded) -> None:
    sentence = eh.send_sentence(loaded["evidence"])
    assert ">80</a> more front-line staff" in sentence and ">30%</a>" in sentence


def test_every_early_help_figure_of_the_strategy_is_shown(loaded) -> None:
    shown = {i for i, _, _ in eh.STRATEGY_MEASURES}
    assert shown == eh.strategy_measure_ids(loaded["evidence"])
    table = eh.strategy_measures(loaded["evidence"])
    assert len(table) == 8
    assert not table["What the strategy gives"].str.contains("ASQ3|EYFSP").any()  # no bare acronyms


def test_timeline_keeps_undated_steps_in_the_article_words(loaded, project) -> None:
    line = eh.timeline(loaded["evidence"], loaded["dates"])
    assert line["when"].iloc[0] == "14 November 2018"
    assert line["when"].iloc[1] == "2023/24"
    assert line["when"].iloc[2] == "“Monday (July 10)” (no year given)"
    assert not line["dated"].iloc[2:].any()
    article = (project.data / "sources" / eh.ARTICLE).read_text()
    for step in eh.STEPS:
        assert evidence.fold(step.printed) in evidence.fold(article), step.printed


def test_a_dated_row_would_replace_the_article_words(loaded) -> None:
    dates = pd.concat(
        [
            loaded["dates"],
            pd.DataFrame(
                {"themes": ["early_help"], "event": ["Cabinet meeting"], "date": ["2023-07-10"]},
                index=pd.Index(["eh-cabinet-meeting"], name="id"),
            ),
        ]
    )
    line = eh.timeline(loaded["evidence"], dates)
    assert (line["when"] == "10 July 2023").sum() == 2
    assert "Cabinet meeting" not in set(line["event"])  # shown once, through the steps


def test_early_help_parameters(project, loaded) -> None:
    found = params.theme_parameters(project, "early_help")
    assert found["life_stage"].default == "Children, young people and their families"
    assert found["life_stage"].choices[0] == "Across Hertfordshire"
    assert found["count_send_in_injection"].default is False
    with pytest.raises(ParameterError, match="parameter life_stage cannot be 'Babies'"):
        params.resolve(found, [("life_stage", "Babies")])
    children = eh.parameter_choices(project)["life_stage"][1]
    from hertsbook.content.themes import prevention as prev

    assert len(prev.ambitions_for_stage(loaded["ambitions"], children)) == 12


# --- key points and what the sources say (issue 17) ----------------------------------------------------


@pytest.fixture(scope="module")
def said(project):
    return {
        "evidence": data.evidence(project),
        "aims": data.table(project, "lists/early_help_stated_aims.csv"),
        "changes": data.table(project, "lists/early_help_redesign_changes.csv"),
    }


def test_the_leaders_stated_aim_is_in_the_chapter(said) -> None:
    sentence = eh.aim_sentence(said["aims"])
    assert "the best possible service to those most in need" in sentence
    assert '#early_help_stated_aims-1"' in sentence


def test_the_youth_centre_closures_keep_or_of_poorer_quality(said) -> None:
    items = prev.items(said["changes"])
    assert any("‘less well used’ or ‘of poorer quality’" in i for i in items)
    points = eh.key_points(said["evidence"], said["aims"], said["changes"])
    assert any("or ‘of poorer quality’" in p for p in points)


def test_key_points_are_findings_from_the_data(said) -> None:
    points = eh.key_points(said["evidence"], said["aims"], said["changes"])
    assert 3 <= len(points) <= 6
    joined = " ".join(points)
    assert ">3 months</a>" in joined and ">£2m</a> over" in joined and "36.6% of the" in joined
    assert ">£19m</a>" in joined and "about £15m" in joined
    assert points[-1].startswith("The sources cannot tell us")
    changed = said["evidence"].copy()
    changed.loc["eh-childrens-services-savings-asked", ["value", "written"]] = [4.0, "4.0"]
    assert "50.0% of the" in " ".join(eh.key_points(changed, said["aims"], said["changes"]))


def test_the_chapter_says_what_its_source_draws_on(project) -> None:
    text = (project.root / "notebooks" / "early_help.py").read_text(encoding="utf-8")
    assert "some less used young people's centres would close" not in text  # dropped "or of poorer quality"
    assert "The only source for the redesign" not in text
    assert "draws\n# on the cabinet's own reports" in text


# --- take-up of funded places by eligible 2 year olds, every year of the DfE extract -------------------


@pytest.fixture(scope="module")
def census(project):
    return data.dfe_early_education(project)


def _extract(census: pd.DataFrame, la_number: int) -> dict[int, float]:
    rows = census[(census["measure"] == prev.TAKE_UP_2) & (census["la_number"] == la_number)]
    return dict(zip(rows["year"], rows["value"], strict=True))


def test_take_up_covers_every_year_the_extract_holds(census) -> None:
    from hertsbook.content import places

    table = eh.take_up(census)
    years = sorted(census.loc[census["measure"] == prev.TAKE_UP_2, "year"].unique())
    assert table["january_census"].tolist() == years and len(years) > 2
    herts, england = _extract(census, places.HERTFORDSHIRE_DFE), _extract(census, places.ENGLAND_DFE)
    assert table["hertfordshire_percent"].tolist() == [herts[y] for y in years]
    assert table["england_percent"].tolist() == [england[y] for y in years]


def test_take_up_is_published_as_a_chart_with_its_narrow_version_table_and_csv(
    census, tmp_path, monkeypatch
) -> None:
    monkeypatch.setenv("HERTSBOOK_FIGURES", str(tmp_path))
    table = eh.take_up(census)
    drawn = eh.take_up_drawn(table, eh.take_up_breaks(census))
    series = eh.take_up_series(drawn)
    assert eh.take_up_highlighted(series) == ("Hertfordshire",) and "England" in series
    chart = charts.Chart(
        name="take-up", title=eh.take_up_title(table), subtitle="s", source="DfE", alt=eh.take_up_alt(table)
    )
    draw = partial(
        charts.small_multiple_lines,
        drawn,
        "panel",
        "january_census",
        series,
        highlighted=eh.take_up_highlighted(series),
    )
    html = charts.publish(draw, chart, drawn)
    assert f'<p class="hb-chart-title">{eh.take_up_title(table).replace(chr(39), "&#x27;")}</p>' in html
    assert (
        'srcset="../figures/take-up-narrow.svg"' in html
        and "<table" in html
        and 'take-up.csv" download' in html
    )
    assert (tmp_path / "take-up.svg").is_file() and (tmp_path / "take-up-narrow.svg").is_file()
    written = pd.read_csv(tmp_path / "take-up.csv")
    assert written["hertfordshire_percent"].tolist() == table["hertfordshire_percent"].tolist()
    first, last = table.iloc[0], table.iloc[-1]
    assert str(int(first["january_census"])) in chart.alt and str(int(last["january_census"])) in chart.alt
    assert len(chart.alt) <= 140


def test_the_extract_marks_no_break_and_the_page_says_so(census) -> None:
    breaks = eh.take_up_breaks(census)
    assert breaks == []
    sentence = eh.take_up_sentence(eh.take_up(census), breaks, eh.last_year_falls(census))
    assert "The extract marks no break in the series." in sentence


def test_a_marked_break_splits_the_lines_and_is_said(census) -> None:
    """A break the extract marks: no line joins the years either side, and the sentence names it."""
    years = sorted(census.loc[census["measure"] == prev.TAKE_UP_2, "year"].unique())
    at = years[len(years) // 2]
    marked = census.copy()
    chosen = (marked["measure"] == prev.TAKE_UP_2) & (marked["year"] == at)
    marked.loc[chosen, "description"] = "Break in series: eligibility criteria changed"
    breaks = eh.take_up_breaks(marked)
    assert breaks == [at]
    drawn = eh.take_up_drawn(eh.take_up(marked), breaks)
    years_drawn = drawn["january_census"].astype(int)
    for column in eh.take_up_series(drawn).values():
        shown = years_drawn[drawn[column].notna()]
        assert shown.max() < at or shown.min() >= at, column  # each line lies wholly on one side
    assert f"Hertfordshire from {at}" in eh.take_up_series(drawn)
    assert f"marks a break in the series in {at}" in eh.take_up_sentence(
        eh.take_up(marked), breaks, eh.last_year_falls(marked)
    )


def test_the_latest_years_fall_is_counted_over_councils(census) -> None:
    falls = eh.last_year_falls(census)
    councils = census[(census["measure"] == prev.TAKE_UP_2) & (census["region"] != "NA")]
    last = councils["year"].max()
    wide = councils.pivot_table(index="la_number", columns="year", values="value")[[last - 1, last]].dropna()
    assert falls == {"year": last, "fell": int((wide[last] < wide[last - 1]).sum()), "councils": len(wide)}
