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
        ([("runs", "many")], "parameter runs takes a whole number, not 'many'"),
        ([("show", "maybe")], "parameter show takes true or false, not 'maybe'"),
        (
            [("council", "E99999999")],
            "parameter council cannot be 'E99999999'; valid values: E10000015, E10000016",
        ),
        ({"runs": "__import__('os')"}, "parameter runs takes a whole number"),
        ({"runs": 2.5}, "parameter runs takes a whole number, not 2.5"),
        ({"scale": "big"}, "parameter scale takes a number, not 'big'"),
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


def test_no_message_says_a_before_a_vowel_type() -> None:
    for kind in params.TYPES:
        parameter = Parameter("x", kind, params.TYPES[kind](), "x")
        if kind == "str":
            continue
        with pytest.raises(ParameterError) as caught:
            params.coerce(parameter, "not-a-value")
        assert " a int" not in str(caught.value) and " a float" not in str(caught.value)


NAMED = Parameter(
    "council",
    "str",
    "E10000015",
    "ONS code",
    ("E10000015", "E10000016", "E06000001"),
    ("Hertfordshire", "Kent", "Hartlepool"),
)


@pytest.mark.parametrize(
    ("given", "chosen"),
    [("E10000016", "E10000016"), ("e10000016", "E10000016"), ("Kent", "E10000016"), (" kent ", "E10000016")],
)
def test_a_council_may_be_given_by_its_name_or_a_lower_case_code(given: str, chosen: str) -> None:
    assert params.resolve({"council": NAMED}, [("council", given)]) == {"council": chosen}


@pytest.mark.parametrize(
    ("given", "hint"),
    [
        ("Kentt", "did you mean 'Kent', code E10000016?"),
        ("Kent County Council", "did you mean 'Kent', code E10000016?"),
        ("Hartle", "did you mean 'Hartlepool', code E06000001?"),
        ("E1000016", "did you mean 'E10000016'?"),
    ],
)
def test_a_near_miss_is_answered_with_did_you_mean(given: str, hint: str) -> None:
    with pytest.raises(ParameterError) as caught:
        params.resolve({"council": NAMED}, [("council", given)])
    message = str(caught.value)
    assert message.startswith(f"parameter council cannot be {given!r} ({hint})"), message
    assert "\n" not in message
    assert "; valid values: E10000015, E10000016, E06000001" in message


def test_a_far_miss_has_no_guess() -> None:
    with pytest.raises(ParameterError) as caught:
        params.resolve({"council": NAMED}, [("council", "Atlantis")])
    assert "did you mean" not in str(caught.value)


@pytest.mark.parametrize(
    ("given", "theme"),
    [
        ("adult_care_performance", "adult_care_performance"),
        ("Day Services", "day_services"),
        ("EARLY-HELP", "early_help"),
    ],
)
def test_a_theme_may_be_written_with_other_case_spaces_or_hyphens(given: str, theme: str) -> None:
    assert params.check_theme(given) == theme


def test_a_misspelt_theme_is_answered_with_did_you_mean() -> None:
    with pytest.raises(ParameterError) as caught:
        params.check_theme("adult_care")
    assert str(caught.value).startswith(
        "unknown theme 'adult_care' (did you mean 'adult_care_performance'?); the themes are: prevention"
    )


def test_params_lists_each_councils_name_beside_its_code(project) -> None:
    council = params.theme_parameters(project, "adult_care_performance")["council"].as_json()
    assert council["names"]["E10000016"] == "Kent"
    assert council["names"]["E10000015"] == "Hertfordshire"
    assert list(council["names"]) == council["choices"]
    assert "names" not in params.theme_parameters(project, "adult_care_performance")["year"].as_json()


def test_the_real_choices_take_a_name(project) -> None:
    declared = params.theme_parameters(project, "adult_care_performance")
    assert params.resolve(declared, [("council", "kent")])["council"] == "E10000016"
    prevention = params.theme_parameters(project, "prevention")
    assert params.resolve(prevention, [("council", "Kent")])["council"] == "E10000016"


# --- parameters files and batches --------------------------------------------------------------------------


def test_one_parameter_given_several_times_runs_once_per_value() -> None:
    runs = params.batch(declared(), [("council", "E10000015"), ("council", "E10000016"), ("runs", "2")])
    assert runs == [
        {"council": "E10000015", "runs": 2, "scale": 1.5, "show": True},
        {"council": "E10000016", "runs": 2, "scale": 1.5, "show": True},
    ]


def test_two_parameters_given_several_times_run_every_combination() -> None:
    runs = params.batch(
        declared(), [("council", "E10000015"), ("council", "E10000016"), ("runs", "1"), ("runs", "2")]
    )
    assert [(r["council"], r["runs"]) for r in runs] == [
        ("E10000015", 1),
        ("E10000015", 2),
        ("E10000016", 1),
        ("E10000016", 2),
    ]


def test_the_same_run_asked_for_twice_is_refused() -> None:
    with pytest.raises(ParameterError, match="the run with council 'E10000016' is asked for twice"):
        params.batch({"council": NAMED}, [("council", "Kent"), ("council", "E10000016")])


def test_every_value_of_a_batch_is_checked_before_any_runs() -> None:
    with pytest.raises(ParameterError, match="parameter council cannot be 'E99999999'"):
        params.batch(declared(), [("council", "E10000015"), ("council", "E99999999")])


def test_no_parameters_is_one_run_with_the_defaults() -> None:
    assert params.batch(declared(), []) == [{"council": "E10000015", "runs": 3, "scale": 1.5, "show": True}]


def test_a_parameters_file_is_yaml_and_a_list_is_a_batch(tmp_path) -> None:
    path = tmp_path / "params.yaml"
    path.write_text("council: [E10000015, Kent]\nruns: 4\nshow: false\n", encoding="utf-8")
    pairs = params.read_parameters_file(path)
    assert pairs == [("council", "E10000015"), ("council", "Kent"), ("runs", 4), ("show", False)]
    runs = params.batch(declared() | {"council": NAMED}, pairs)
    assert [r["council"] for r in runs] == ["E10000015", "E10000016"]
    assert all(r["runs"] == 4 and r["show"] is False for r in runs)


def test_p_overrides_the_files_value() -> None:
    merged = params.merged([("council", "E10000015"), ("runs", 4)], [("council", "E10000016")])
    assert merged == [("runs", 4), ("council", "E10000016")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("council: [E1, [x]]\n", "the value of council must be text, a number or true/false, not ['x']"),
        ("- a\n- b\n", "write each parameter as `name: value` (found a list)"),
        ("council: [\n", "line 2"),
        ("council: !!python/object/apply:os.system [touch y]\n", "params.yaml"),
        ("council: []\n", "council has an empty list of values"),
    ],
)
def test_a_bad_parameters_file_is_refused_in_one_line(tmp_path, text: str, message: str) -> None:
    path = tmp_path / "params.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ParameterError) as caught:
        params.read_parameters_file(path)
    assert message in str(caught.value)
    assert not (tmp_path / "y").exists()


def test_a_missing_parameters_file_is_one_line(tmp_path) -> None:
    with pytest.raises(ParameterError, match="cannot read the parameters file .*nothing.yaml"):
        params.read_parameters_file(tmp_path / "nothing.yaml")


def test_run_names_carry_the_values_and_are_safe_file_names() -> None:
    assert (
        params.run_name("adult_care_performance", {"council": "E10000016", "year": "2019-20"})
        == "adult_care_performance-E10000016-2019-20.ipynb"
    )
    assert params.run_name("day_services", {}) == "day_services.ipynb"
    assert params.run_name("x", {"a": True, "b": 2.5}) == "x-true-2.5.ipynb"
    odd = params.run_name("x", {"a": "../../etc/pass wd", "b": "..", "c": "a/b"})
    assert "/" not in odd and " " not in odd and ".." not in odd
