"""How every page writes numbers, money, changes, percentages, dates and lists (GOV.UK and ONS style).

One module for all pages, so the house style lives in one place: £169.9 million (or £169.9m), "up £5.9m",
"+£5.9m" and "−£0.4m" with a true minus sign, whole numbers without ".0", thousands separated by commas,
percentages with the precision of the source. A figure quoted from a document keeps the document's decimals
(`figure`); a figure worked out by the book is written by the other functions here.
"""

from __future__ import annotations

import calendar
import math
import re

from hertsbook.content.places import ENGLAND, HERTFORDSHIRE

MINUS = "\N{MINUS SIGN}"  # "−", not the hyphen "-"
MONTHS = list(calendar.month_name)[1:]


def _signed(text: str, negative: bool, sign: bool) -> str:
    if negative:
        return MINUS + text
    return ("+" + text) if sign else text


def number(value: float, decimals: int | None = None, sign: bool = False) -> str:
    """A number with thousands separators; a whole number has no ".0".

    With `decimals` the value is rounded to that many places; without, it is written as precisely as it is
    held (163970.0 is "163,970", 84.1 is "84.1"). `sign` puts "+" before a positive number; a negative one
    always has a true minus sign.
    """
    if decimals is None:
        held = round(abs(float(value)), 10)  # 8.899999999999999, a subtraction's error, is 8.9
        text = f"{held:,.0f}" if held.is_integer() else f"{held:,}"
    else:
        text = f"{abs(value):,.{decimals}f}"
    negative = value < 0 and float(text.replace(",", "")) != 0
    return _signed(text, negative, sign)


def percent(value: float, decimals: int | None = None, sign: bool = False) -> str:
    """A percentage: "27.2%", "+0.4%" (`decimals` as for `number`)."""
    return number(value, decimals, sign) + "%"


def money(pounds: float, sign: bool = False, short: bool = False) -> str:
    """An amount of money: £1 million or more as "£169.9 million" (one decimal), less as "£809,000".

    `short` writes "£169.9m" (tables and charts); `sign` writes a change, "+£5.9m" or "−£0.4m".
    """
    size = abs(pounds)
    if round(size) >= 1_000_000:
        text = "£" + f"{size / 1_000_000:,.1f}".removesuffix(".0") + ("m" if short else " million")
    else:
        text = f"£{size:,.0f}"
    return _signed(text, pounds < 0 and text != "£0", sign)


def millions(value: float, sign: bool = False, short: bool = True) -> str:
    """An amount already in £ million, as precise as it is held: "£4m", "£5.47m", "−£1m", "£19 million"."""
    return _signed("£" + number(abs(value)) + ("m" if short else " million"), value < 0, sign)


def money_thousands(thousands: float, sign: bool = False, short: bool = False) -> str:
    """An amount printed in thousands of pounds (the local account's unit), in the house style."""
    return money(thousands * 1000, sign=sign, short=short)


def thousands_short(thousands: float) -> str:
    """An amount in thousands of pounds as a chart labels it: "£169.9m", "£809,000"."""
    return money_thousands(thousands, short=True)


def change(pounds: float, short: bool = False) -> str:
    """A change in money in words: "up £5.9 million", "down £385,000", "no change"."""
    if pounds == 0:
        return "no change"
    return ("up " if pounds > 0 else "down ") + money(abs(pounds), short=short)


def times(value: float) -> str:
    """A ratio in words with one decimal: "1.5 times"."""
    return f"{number(value, 1).removesuffix('.0')} times"


def figure(written: str, unit: str) -> str:
    """A value quoted from a document, with the decimals the document printed (26,362; 84.1%; £16.62m).

    Amounts the local account prints in thousands of pounds (unit £000) are written in the house style,
    "£169.9m"; the quote beside each figure on the evidence page keeps the document's own wording.
    """
    value = float(written)
    if unit == "£000":
        return money_thousands(value, short=True)
    decimals = len(written.split(".")[1]) if "." in written else 0
    plain = number(value, decimals)
    return {
        "%": f"{plain}%",
        "£": f"£{plain}",
        "£m": f"£{plain}m",
        "per 100,000": f"{plain} per 100,000",
        "count": plain,
    }.get(unit, f"{plain} {unit}")


def date_in_words(value: str) -> str:
    """A date as readers write it, as fine as the source gives it: 2024-05-20, 2018-04 or 2025.

    "20 May 2024", "April 2018", "2025". (The gate's own matcher, gate.evidence.date_renderings, finds the
    ways a document may print a date; this is how the book writes one.)
    """
    parts = [int(p) for p in str(value)[:10].split("-")]
    if len(parts) == 3:
        return f"{parts[2]} {MONTHS[parts[1] - 1]} {parts[0]}"
    if len(parts) == 2:
        return f"{MONTHS[parts[1] - 1]} {parts[0]}"
    return str(parts[0])


def month_in_words(value: str) -> str:
    """The month of a date (2018-11-20 or 2018-11) in words: "November 2018"."""
    return date_in_words(str(value)[:7])


def in_words(items: list[str], conjunction: str = "and") -> str:
    """Items as a sentence writes them: "a", "a and b", "a, b and c"."""
    items = [str(i) for i in items]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {conjunction} {items[-1]}"


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


def is_number(value: object) -> bool:
    """Whether a table cell holds a number (Python's or numpy's), not a truth value."""
    kind = type(value).__name__
    return isinstance(value, int | float) and not isinstance(value, bool) or kind.startswith(("int", "float"))


def plain_cell(value: object) -> str:
    """A cell of an HTML data table: a number as `number` writes it (no ".0"), empty for a missing one."""
    if value is None or (is_number(value) and math.isnan(float(value))):  # type: ignore[arg-type]
        return ""
    return number(value) if is_number(value) else str(value)  # type: ignore[arg-type]


# Words a machine column name writes in lower case that a heading writes otherwise.
_HEADING_WORDS = {"ons": "ONS", "ascof": "ASCOF", "dfe": "DfE"} | {
    p.lower(): p for p in (HERTFORDSHIRE, ENGLAND)
}
_UNITS = {
    ("percent",): "%",
    ("gbp", "thousands"): "£ thousand",
    ("thousand", "pounds"): "£ thousand",
    ("million", "pounds"): "£ million",
}


def heading(column: str) -> str:
    """A data table's heading in words with its unit, from a machine column name (the CSV's).

    spend_2018_19_gbp_thousands is "Spend 2018/19, £ thousand"; take_up_percent is "Take up, %". A heading
    already in words ("Target 2019/20") is kept.
    """
    if "_" not in column and not re.fullmatch(r"[a-z]+", column):
        return column
    words = column.split("_")
    unit = ""
    for tail, name in _UNITS.items():
        if tuple(words[-len(tail) :]) == tail:
            words, unit = words[: -len(tail)], name
            break
    joined: list[str] = []
    for word in words:  # 2018 19 is the financial year 2018/19
        if joined and re.fullmatch(r"\d\d", word) and re.fullmatch(r"\d{4}", joined[-1]):
            joined[-1] += "/" + word
        else:
            joined.append(_HEADING_WORDS.get(word, word))
    text = " ".join(joined)
    text = text[:1].upper() + text[1:] if text else ""
    if not text:
        return unit
    return f"{text}, {unit}" if unit else text


def decimals(written: str) -> int:
    """How many decimals a figure is printed with ("84.1" has 1)."""
    return len(written.split(".")[1]) if "." in written else 0


def rounds_to(computed: float, written: str) -> bool:
    """Whether a worked-out value, rounded as the document rounds the printed one, gives the printed one."""
    return abs(computed - float(written)) <= 0.5 * 10 ** -decimals(written) + 1e-9
