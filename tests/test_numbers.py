"""The house number style (GOV.UK and ONS): one module writes every number, amount, change and date."""

import pytest

from hertsbook.content import numbers


@pytest.mark.parametrize(
    ("value", "kwargs", "written"),
    [
        (163970.0, {}, "163,970"),  # a whole number has no ".0"
        (84.1, {}, "84.1"),
        (8.899999999999999, {}, "8.9"),  # a subtraction's rounding error is not shown
        (-385, {"sign": True}, "−385"),  # a true minus sign
        (5938, {"sign": True}, "+5,938"),
        (1182795.7, {"decimals": 0}, "1,182,796"),
        (-0.04, {"decimals": 1}, "0.0"),  # no "−0.0"
    ],
)
def test_number(value, kwargs, written) -> None:
    assert numbers.number(value, **kwargs) == written


@pytest.mark.parametrize(
    ("pounds", "kwargs", "written"),
    [
        (169_908_000, {}, "£169.9 million"),
        (169_908_000, {"short": True}, "£169.9m"),
        (5_938_000, {"sign": True, "short": True}, "+£5.9m"),
        (-385_000, {"sign": True}, "−£385,000"),
        (15_000_000, {}, "£15 million"),  # not "£15.0 million"
        (809_000, {"short": True}, "£809,000"),
    ],
)
def test_money(pounds, kwargs, written) -> None:
    assert numbers.money(pounds, **kwargs) == written


def test_changes_in_words_and_millions() -> None:
    assert numbers.change(5_938_000, short=True) == "up £5.9m"
    assert numbers.change(-133_000) == "down £133,000"
    assert numbers.millions(5.47) == "£5.47m" and numbers.millions(-1, sign=True) == "−£1m"
    assert numbers.thousands_short(169908) == "£169.9m"


@pytest.mark.parametrize(
    ("written", "unit", "shown"),
    [
        ("26362", "count", "26,362"),
        ("84.1", "%", "84.1%"),
        ("67.0", "%", "67.0%"),  # a quoted figure keeps the document's precision
        ("16.62", "£m", "£16.62m"),
        ("327583", "£000", "£327.6m"),  # thousands of pounds in the house style, never "£327,583k"
        ("536.7", "per 100,000", "536.7 per 100,000"),
        ("-3.5", "count", "−3.5"),
    ],
)
def test_a_quoted_figure(written, unit, shown) -> None:
    assert numbers.figure(written, unit) == shown


@pytest.mark.parametrize(
    ("value", "written"), [("2024-05-20", "20 May 2024"), ("2018-04", "April 2018"), ("2030", "2030")]
)
def test_dates_in_words(value, written) -> None:
    assert numbers.date_in_words(value) == written


def test_lists_ordinals_and_rounding() -> None:
    assert numbers.in_words(["a"]) == "a" and numbers.in_words(["a", "b", "c"]) == "a, b and c"
    assert [numbers.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
    ]
    assert numbers.rounds_to(32.08, "32.1") and not numbers.rounds_to(32.08, "30")
    assert numbers.month_in_words("2018-11-20") == "November 2018"


@pytest.mark.parametrize(
    ("column", "heading"),
    [
        ("spend_2018_19_gbp_thousands", "Spend 2018/19, £ thousand"),
        ("take_up_percent", "Take up, %"),
        ("ons_hertfordshire_2018_to_2037_percent", "ONS Hertfordshire 2018 to 2037, %"),
        ("East of England_percent", "East of England, %"),
        ("ascof_code", "ASCOF code"),
        ("measure", "Measure"),
        ("Target 2019/20", "Target 2019/20"),  # already in words
    ],
)
def test_table_headings_are_words_with_units(column, heading) -> None:
    assert numbers.heading(column) == heading


def test_table_cells_are_plain() -> None:
    import numpy as np

    assert [
        numbers.plain_cell(v) for v in (163970.0, np.int64(40), np.float64(4.15), float("nan"), None, "x")
    ] == ["163,970", "40", "4.15", "", "", "x"]
    assert numbers.plain_cell(True) == "True"
