import copy

import pytest
from hypothesis import given, settings
from strategies import minimal_scenario_dict, scenario_dicts

import positions
from positions import Scenario, ScenarioError


def build(data):
    return positions.Scenario.from_json(__import__("json").dumps(data))


def problems(data):
    with pytest.raises(ScenarioError) as info:
        build(data)
    return [str(p) for p in info.value.problems]


def test_minimal_scenario_is_valid():
    s = build(minimal_scenario_dict())
    assert [a.id for a in s.parties] == ["RUS", "EUR"]
    assert s.position("RUS", "territory").option == "four"
    assert s.beliefs_about("four_regions")[0].holder == "RUS"
    assert s.parameter("war_cost_RUS").value.value == 0.1


def test_salience_above_one_names_path_and_value():
    data = minimal_scenario_dict()
    data["positions"][0]["salience"]["value"] = 1.4
    assert problems(data) == ["positions[RUS/territory].salience: 1.4 is above 1"]


def test_uncertainty_leaving_unit_interval_is_reported():
    data = minimal_scenario_dict()
    data["positions"][0]["salience"]["uncertainty"] = {"dist": "uniform", "low": 0.5, "high": 1.2}
    assert problems(data) == [
        "positions[RUS/territory].salience: its uncertainty reaches 1.2, above 1"
    ]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        (
            lambda d: d["positions"][0].update(actor="XXX"),
            "positions[XXX/territory].actor: unknown actor 'XXX'",
        ),
        (
            lambda d: d["positions"][0].update(issue="nato"),
            "positions[RUS/nato].issue: unknown issue 'nato'",
        ),
        (
            lambda d: d["actors"].append(copy.deepcopy(d["actors"][0])),
            "actors[RUS]: id 'RUS' is used 2 times",
        ),
        (
            lambda d: d["no_positions"].clear(),
            "positions[EUR/territory]: party 'EUR' has no position on issue 'territory'",
        ),
        (
            lambda d: d["positions"][0]["evidence"][0].update(quote="wants Kyiv"),
            "positions[RUS/territory].evidence[0].quote: "
            "'wants Kyiv' does not occur in source 's1'; nearest passages",
        ),
        (
            lambda d: d["positions"][0]["evidence"][0].update(origin="tass"),
            "positions[RUS/territory].evidence[0].origin: unknown origin 'tass'",
        ),
        (
            lambda d: d["positions"][0]["evidence"][0].update(source="s9"),
            "positions[RUS/territory].evidence[0].source: unknown source 's9'",
        ),
        (
            lambda d: d["beliefs"][0].update(holder="NOBODY"),
            "beliefs[putin].holder: unknown actor 'NOBODY'",
        ),
        (
            lambda d: d["beliefs"][0].update(proposition="p9"),
            "beliefs[putin].proposition: unknown proposition 'p9'",
        ),
        (
            lambda d: d["positions"].append({**copy.deepcopy(d["positions"][0]), "actor": "KOF"}),
            "positions[KOF/territory].actor: 'KOF' is not a party",
        ),
        (
            lambda d: d["positions"][0].update(option="none"),
            "positions[RUS/territory].option: option 'none' sits at 0.0, not at the ideal 100.0",
        ),
        (
            lambda d: d["positions"][0]["ideal"].update(value=120),
            "positions[RUS/territory].ideal: 120.0 (plausible range [120.0, 120.0]) "
            "leaves the scale",
        ),
        (
            lambda d: d["preferences"][0].update(statements=["USA_sanctions"]),
            "preferences[RUS].statements[0]: unknown option 'USA_sanctions'",
        ),
        (
            lambda d: d["infeasible"][0].update(statement="RUS_offensive & nothing"),
            "infeasible[0].statement: unknown option 'nothing'",
        ),
        (
            lambda d: d["disagreement"].append(
                {"actor": "KOF", "utility": d["disagreement"][0]["utility"]}
            ),
            "disagreement[KOF].actor: 'KOF' is not a party",
        ),
        (
            lambda d: d["origins"][1].update(via=["reuters"]),
            "origins[insiders].via: unknown origin 'reuters'",
        ),
    ],
)
def test_cross_reference_problems(mutate, expected):
    data = minimal_scenario_dict()
    mutate(data)
    found = problems(data)
    assert any(p.startswith(expected) for p in found), found


def test_every_problem_is_reported_at_once():
    data = minimal_scenario_dict()
    data["beliefs"][0]["holder"] = "NOBODY"
    data["positions"][0]["evidence"][0]["quote"] = "not there"
    assert len(problems(data)) == 2


@pytest.mark.parametrize(
    ("path", "value", "expected"),
    [
        (("positions", 0, "kind"), "wish", "positions[RUS/territory].kind: 'wish' is not one of"),
        (("actors", 0, "capability", "value"), -1, "actors[RUS].capability: -1 is below 0"),
        (("positions", 0, "colour"), "red", "positions[RUS/territory].colour: unknown field"),
        (
            ("beliefs", 0, "probability", "uncertainty", "dist"),
            "gamma",
            "beliefs[putin].probability.uncertainty: unknown distribution 'gamma'",
        ),
        (("date",), "yesterday", "date: "),
        (("actors", 0, "id"), "1RUS", "actors[1RUS].id: '1RUS' is not a valid identifier"),
    ],
)
def test_field_errors_name_path_and_value(path, value, expected):
    data = minimal_scenario_dict()
    node = data
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    found = problems(data)
    assert any(p.startswith(expected) for p in found), found


def test_salience_convention_sum_to_one():
    data = minimal_scenario_dict()
    data["conventions"] = {"salience": "sum_to_one"}
    assert problems(data) == [
        "actors[RUS]: saliences sum to 0.9, but the convention 'sum_to_one' needs 1 +/- 0.01"
    ]
    data["positions"][0]["salience"]["value"] = 1.0
    assert build(data).conventions.salience == "sum_to_one"


def test_stated_items_need_evidence():
    data = minimal_scenario_dict()
    data["positions"][0]["evidence"] = []
    assert problems(data) == ["positions[RUS/territory]: a stated position needs evidence"]


def test_red_line_needs_acceptable_range():
    data = minimal_scenario_dict()
    data["positions"][0]["kind"] = "red_line"
    del data["positions"][0]["acceptable"]
    assert "needs an acceptable range" in problems(data)[0]


def test_corroboration_counts_sources_and_origins():
    s = build(minimal_scenario_dict())
    c = s.corroboration(s.position("RUS", "territory"))
    # Two articles repeating one Kremlin-insider origin: two sources, one origin.
    assert (c.n_quotes, c.n_sources, c.n_origins) == (2, 2, 1)
    assert c.sources == ("s1", "s2") and c.origins == ("insiders",)


def test_to_frame_is_one_row_per_position():
    s = build(minimal_scenario_dict())
    df = s.to_frame()
    assert len(df) == len(s.positions) == 1
    row = df.iloc[0]
    assert (row.actor, row.issue, row.ideal, row.acceptable_low, row.acceptable_high) == (
        "RUS",
        "territory",
        100.0,
        80.0,
        100.0,
    )
    assert (row.n_sources, row.n_origins) == (2, 1)
    assert list(s.beliefs_frame().holder) == ["RUS"]
    assert len(s.evidence_frame()) == 3


def test_html_and_repr():
    s = build(minimal_scenario_dict())
    html = s._repr_html_()
    assert "<table" in html and "territory" in html and "Minimal" in html
    assert repr(s).startswith("Scenario(id='mini'")


def test_estimates_are_addressed_by_path():
    s = build(minimal_scenario_dict())
    paths = s.estimates()
    assert paths["positions[RUS/territory].salience"].value == 0.9
    assert paths["actors[EUR].capability"].value == 0.5
    assert paths["beliefs[putin].probability"].value == 0.85
    assert "parameters[war_cost_RUS].value" in paths


def test_changed_copy_is_validated():
    s = build(minimal_scenario_dict())
    data = s.model_dump()
    data["title"] = "Changed"
    assert Scenario.model_validate(data).title == "Changed"
    data["actors"] = ()
    with pytest.raises(ValueError, match="actors"):
        Scenario.model_validate(data)


def test_lookups_raise_key_error():
    s = build(minimal_scenario_dict())
    with pytest.raises(KeyError, match="no actor 'X'"):
        s.actor("X")
    with pytest.raises(KeyError, match="no position of 'EUR' on 'territory'"):
        s.position("EUR", "territory")


def test_json_schema_describes_files():
    schema = Scenario.json_schema()
    assert schema["title"] == "Scenario"
    assert "include" in schema["properties"]
    assert "text" not in schema["$defs"]["Source"]["required"]


@settings(max_examples=40, deadline=None)
@given(scenario_dicts())
def test_yaml_and_json_round_trips_are_lossless(data):
    s = Scenario.model_validate(data)
    assert Scenario.from_yaml(s.to_yaml()) == s
    assert Scenario.from_json(s.to_json()) == s
    assert Scenario.from_yaml(s.to_yaml()).to_yaml() == s.to_yaml()
