import pytest

from hertsbook.content import data
from hertsbook.execute import params
from hertsbook.execute.params import Parameter, ParameterError
from hertsbook.project import THEMES

CELL = """council: str = "E10000015"  # ONS code of the council
runs: int = 3  # how many times
scale: float = 1.5  # zoom
show: bool = True  # show the table
"""


def declared() -> dict[str, Parameter]:
    found = {p.name: p for p in params.parse(CELL)}
    found["council"] = Parameter("council", "str", "E10000015", "ONS code", ("E10000015", "E10000016"))
    return found


def test_parse_reads_type_default_and_help() -> None:
    found = params.parse(CELL)
    assert [(p.name, p.type, p.default, p.help) for p in found] == [
        ("council", "str", "E10000015", "ONS code of the council"),
        ("runs", "int", 3, "how many times"),
        ("scale", "float", 1.5, "zoom"),
        ("show", "bool", True, "show the table"),
    ]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ('council = "x"  # no type', "write each parameter as `name: type = value  # help`"),
        ('council: list = ["x"]  # a list', "type must be one of str, int, float, bool"),
        ('council: str = "x"', "say what council means in a comment"),
        ("import os", "write each parameter as"),
    ],
)
def test_parse_refuses_what_it_cannot_describe(cell: str, message: str) -> None:
    with pytest.raises(ParameterError, match=message.replace("[", r"\[").replace("`", ".")):
        params.parse(cell)


def test_resolve_coerces_command_line_text() -> None:
    values = params.resolve(
        declared(), [("runs", "5"), ("scale", "2"), ("show", "no"), ("council", "E10000016")]
    )
    assert values == {"council": "E10000016", "runs": 5, "scale": 2.0, "show": False}


@pytest.mark.parametrize(
    ("given", "message"),
    [
        (
            [("colour", "red")],
            "unknown parameter 'colour'; this notebook's parameters are: council, runs, scale, show",
        ),
        ([("runs", "many")], "parameter runs takes a int, not 'many'"),
        ([("show", "maybe")], "parameter show takes true or false, not 'maybe'"),
        (
            [("council", "E99999999")],
            "parameter council cannot be 'E99999999'; valid values: E10000015, E10000016",
        ),
        ({"runs": "__import__('os')"}, "parameter runs takes a int"),
        ({"runs": 2.5}, "parameter runs takes a int, not 2.5"),
    ],
)
def test_resolve_refuses_with_the_valid_values(given, message: str) -> None:
    with pytest.raises(ParameterError) as caught:
        params.resolve(declared(), given)
    assert message in str(caught.value)


def test_adult_care_parameters_come_from_the_notebook_and_the_national_data(project) -> None:
    found = params.theme_parameters(project, "adult_care_performance")
    assert found["council"].default == "E10000015"
    assert "E10000015" in found["council"].choices and "E10000016" in found["council"].choices
    assert "E92000001" not in found["council"].choices  # England is the comparison, not a council
    # every year of DHSC's ASCOF time series, 2015-16 to 2024-25
    assert found["year"].choices == tuple(sorted(data.ascof_series(project)["year"].unique()))
    assert (found["year"].choices[0], found["year"].choices[-1]) == ("2015-16", "2024-25")
    assert found["year"].as_json()["type"] == "str"


def test_every_theme_notebook_declares_its_parameters(project) -> None:
    for theme in THEMES:
        assert isinstance(params.theme_parameters(project, theme), dict)
    with pytest.raises(ParameterError, match="unknown theme 'housing'; the themes are: prevention"):
        params.theme_parameters(project, "housing")


def test_the_defaults_a_build_runs_with_are_valid_choices(project) -> None:
    for theme in THEMES:
        declared = params.theme_parameters(project, theme)
        defaults = params.defaults(project, theme)  # read without the theme's data, as the build does
        assert defaults == {name: p.default for name, p in declared.items()}
        assert params.resolve(declared, defaults) == defaults
