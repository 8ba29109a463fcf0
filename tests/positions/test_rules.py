"""Each cross-reference rule run alone, and the rules run together by Scenario."""

import copy

import pytest
from hypothesis import given, settings
from pydantic import TypeAdapter
from strategies import minimal_scenario_dict, scenario_dicts

import positions
from positions import Problem, Scenario, ScenarioError
from positions.rules import POSITION_CHECKS, RULES

RUSSIA_OPTIONS = "(known: RUS_ceasefire, RUS_offensive)"
ACTORS = "(known: EUR, KOF, RUS)"
ORIGINS = "(known: bloomberg, insiders)"


def unchecked(data):
    """The scenario of ``data``, each item validated but no cross-reference checked."""
    fields = {
        name: TypeAdapter(field.annotation).validate_python(data[name])
        for name, field in Scenario.model_fields.items()
        if name in data
    }
    return Scenario.model_construct(**fields)


def variant(mutate):
    data = minimal_scenario_dict()
    mutate(data)
    return unchecked(data)


def second_position(data, **changes):
    """Add a copy of RUS's position, changed; it is EUR's unless said otherwise."""
    data["no_positions"].clear()
    data["positions"].append({**copy.deepcopy(data["positions"][0]), "actor": "EUR", **changes})


def est(value):
    return {"value": value, "uncertainty": {"dist": "fixed"}, "rationale": "coded"}


@pytest.fixture(scope="module")
def valid():
    return unchecked(minimal_scenario_dict())


@pytest.fixture(scope="module")
def builtin():
    return positions.load("ukraine-ceasefire-2025-05")


def test_rules_run_in_a_fixed_order():
    assert list(RULES) == [
        "duplicate_ids",
        "duplicate_keys",
        "origin_references",
        "origin_actors",
        "source_origins",
        "evidence_references",
        "positions",
        "no_position_references",
        "coverage",
        "salience_convention",
        "estimate_words",
        "option_actors",
        "belief_references",
        "parameter_actors",
        "disagreement_points",
        "preference_lists",
        "infeasible_statements",
        "role_references",
    ]
    assert [check.__name__ for check in POSITION_CHECKS] == [
        "position_actor",
        "position_issue",
        "scale_bounds",
        "option_at_ideal",
    ]


@pytest.mark.parametrize("name", list(RULES))
def test_valid_scenarios_pass_every_rule(name, valid, builtin):
    assert RULES[name](valid) == []
    assert RULES[name](builtin) == []


@pytest.mark.parametrize("check", POSITION_CHECKS, ids=lambda c: c.__name__)
def test_valid_positions_pass_every_check(check, valid, builtin):
    for scenario in (valid, builtin):
        assert [p for pos in scenario.positions for p in check(scenario, pos)] == []


# Each case: the rule, how to break the minimal scenario, and exactly what the rule reports.
CASES = [
    (
        "duplicate_ids",
        lambda d: d["actors"].append(copy.deepcopy(d["actors"][0])),
        [("actors[RUS]", "id 'RUS' is used 2 times")],
    ),
    (
        "duplicate_ids",
        lambda d: d["sources"].append(copy.deepcopy(d["sources"][1])),
        [("sources[s2]", "id 's2' is used 2 times")],
    ),
    (
        "duplicate_keys",
        lambda d: d["disagreement"].append(copy.deepcopy(d["disagreement"][0])),
        [("disagreement[RUS]", "'RUS' appears 2 times")],
    ),
    (
        "duplicate_keys",
        lambda d: d["positions"].append(copy.deepcopy(d["positions"][0])),
        [("positions[RUS/territory]", "'RUS/territory' appears 2 times")],
    ),
    (
        "origin_references",
        lambda d: d["origins"][1].update(via=["reuters"]),
        [("origins[insiders].via", f"unknown origin 'reuters' {ORIGINS}")],
    ),
    (
        "origin_actors",
        lambda d: d["origins"][1].update(actor="KREMLIN"),
        [("origins[insiders].actor", f"unknown actor 'KREMLIN' {ACTORS}")],
    ),
    (
        "origin_actors",
        lambda d: d["origins"][0].update(capacity="spokesperson"),
        [("origins[bloomberg].capacity",
          "'spokesperson' is given but not the actor it speaks for: add actor")],
    ),
    (
        "evidence_references",
        lambda d: d["positions"][0]["evidence"][0].update(attribution="on_record"),
        [
            (
                "positions[RUS/territory].evidence[0].attribution",
                "'on_record' does not fit origin 'insiders' (kind anonymous_source), "
                "which allows: anonymous, other_party",
            )
        ],
    ),
    (
        "source_origins",
        lambda d: d["sources"][0].update(attributed_to=["afp"]),
        [("sources[s1].attributed_to", f"unknown origin 'afp' {ORIGINS}")],
    ),
    (
        "source_origins",
        lambda d: d["sources"][1].update(attributed_to=[], default_origin="afp"),
        [("sources[s2].default_origin", f"unknown origin 'afp' {ORIGINS}")],
    ),
    (
        "evidence_references",
        lambda d: d["positions"][0]["evidence"][0].update(quote="wants Kyiv"),
        [
            (
                "positions[RUS/territory].evidence[0].quote",
                "'wants Kyiv' does not occur in source 's1'; "
                'nearest passages (70%): "wants a" or (66%): "wants"',
            )
        ],
    ),
    (
        "evidence_references",
        lambda d: d["beliefs"][0]["evidence"][0].update(origin="tass", source="s9"),
        [
            ("beliefs[putin].evidence[0].origin", f"unknown origin 'tass' {ORIGINS}"),
            ("beliefs[putin].evidence[0].source", "unknown source 's9' (known: s1, s2)"),
        ],
    ),
    (
        "evidence_references",
        lambda d: d["positions"][0]["evidence"][1].pop("origin"),
        [
            (
                "positions[RUS/territory].evidence[1].origin",
                "missing; source 's2' has no default_origin",
            )
        ],
    ),
    (
        "positions",
        lambda d: d["positions"][0].update(actor="XXX", issue="nato"),
        [
            ("positions[XXX/nato].actor", f"unknown actor 'XXX' {ACTORS}"),
            ("positions[XXX/nato].issue", "unknown issue 'nato' (known: territory)"),
        ],
    ),
    (
        "no_position_references",
        lambda d: d["no_positions"][0].update(actor="USA", issue="nato"),
        [
            ("no_positions[USA/nato].actor", f"unknown actor 'USA' {ACTORS}"),
            ("no_positions[USA/nato].issue", "unknown issue 'nato' (known: territory)"),
        ],
    ),
    (
        "coverage",
        lambda d: d["no_positions"].clear(),
        [
            (
                "positions[EUR/territory]",
                "party 'EUR' has no position on issue 'territory': add one, "
                "or say so in no_positions with a reason",
            )
        ],
    ),
    (
        "coverage",
        lambda d: d["no_positions"].append({"actor": "RUS", "issue": "territory", "reason": "r"}),
        [("no_positions[RUS/territory]", "listed in no_positions but also has a position")],
    ),
    (
        "salience_convention",
        lambda d: d.update(conventions={"salience": "sum_to_one"}),
        [
            (
                "actors[RUS]",
                "saliences sum to 0.9, but the convention 'sum_to_one' needs 1 +/- 0.01",
            )
        ],
    ),
    # Estimative words (ICD 203, ODNI 2015: "very likely" 80-95 %, "almost no chance /
    # remote" 1-5 %; Kent 1964: "chances about even" 50 +/- about 10 %).
    (
        "estimate_words",
        lambda d: d["beliefs"][0]["probability"].update(words="very likely"),
        [
            (
                "beliefs[putin].probability.uncertainty",
                "its support [0, 1] leaves the range of 'very likely', [0.8, 0.95] on ICD 203",
            )
        ],
    ),
    (
        "estimate_words",
        lambda d: d["parameters"][0]["value"].update(words="is remote"),
        [
            (
                "parameters[war_cost_RUS].value.value",
                "0.1 lies outside the range of 'is remote', [0.01, 0.05] on ICD 203",
            )
        ],
    ),
    (
        "estimate_words",
        lambda d: d["parameters"][0]["value"].update(words="not unlikely"),
        [
            (
                "parameters[war_cost_RUS].value.value",
                "0.1 lies outside the range of 'not unlikely', [0.45, 0.8] on ICD 203 "
                "(derived: a stances convention)",
            )
        ],
    ),
    (
        "estimate_words",
        lambda d: d["beliefs"][0]["probability"].update(words="probabel"),
        [
            (
                "beliefs[putin].probability.words",
                "unknown estimative phrase 'probabel' on ICD 203; nearest known: 'probable', "
                "'probably', 'improbable' (all of them: positions.words_frame())",
            )
        ],
    ),
    (
        "estimate_words",
        lambda d: (
            d.update(conventions={"words": "kent1964"}),
            d["beliefs"][0]["probability"].update(
                words="Chances about even",
                value=0.55,
                uncertainty={"dist": "uniform", "low": 0.45, "high": 0.65},
            ),
        ),
        [
            (
                "beliefs[putin].probability.uncertainty",
                "its support [0.45, 0.65] leaves the range of 'Chances about even', [0.4, 0.6] "
                "on Kent (1964)",
            )
        ],
    ),
    (
        "option_actors",
        lambda d: d["options"][1].update(actor="USA"),
        [("options[RUS_ceasefire].actor", f"unknown actor 'USA' {ACTORS}")],
    ),
    (
        "belief_references",
        lambda d: d["beliefs"][0].update(holder="NOBODY", proposition="p9"),
        [
            ("beliefs[putin].holder", f"unknown actor 'NOBODY' {ACTORS}"),
            ("beliefs[putin].proposition", "unknown proposition 'p9' (known: four_regions)"),
        ],
    ),
    (
        "parameter_actors",
        lambda d: d["parameters"][0].update(actor="USA"),
        [("parameters[war_cost_RUS].actor", f"unknown actor 'USA' {ACTORS}")],
    ),
    (
        "disagreement_points",
        lambda d: d["disagreement"].append({"actor": "KOF", "utility": est(0.2)}),
        [("disagreement[KOF].actor", "'KOF' is not a party")],
    ),
    (
        "disagreement_points",
        lambda d: d["disagreement"][0].update(actor="USA"),
        [("disagreement[USA].actor", f"unknown actor 'USA' {ACTORS}")],
    ),
    (
        "preference_lists",
        lambda d: d["preferences"][0].update(statements=["USA_sanctions | -(RUS_offensive)"]),
        [("preferences[RUS].statements[0]", f"unknown option 'USA_sanctions' {RUSSIA_OPTIONS}")],
    ),
    (
        "preference_lists",
        lambda d: d["preferences"].append(copy.deepcopy(d["preferences"][0])),
        [("preferences[RUS]", "'RUS' has more than one preference list")],
    ),
    (
        "preference_lists",
        lambda d: d["preferences"][0].update(actor="USA", statements=["b & a"]),
        [
            ("preferences[USA].actor", f"unknown actor 'USA' {ACTORS}"),
            ("preferences[USA].statements[0]", f"unknown option 'a' {RUSSIA_OPTIONS}"),
            ("preferences[USA].statements[0]", f"unknown option 'b' {RUSSIA_OPTIONS}"),
        ],
    ),
    (
        "infeasible_statements",
        lambda d: d["infeasible"][0].update(statement="RUS_offensive & nothing"),
        [("infeasible[0].statement", f"unknown option 'nothing' {RUSSIA_OPTIONS}")],
    ),
    (
        "role_references",
        lambda d: d.update(roles={"veto": ["RUS", "USA"]}),
        [("roles.veto", "unknown party 'USA' (known: EUR, RUS)")],
    ),
]


@pytest.mark.parametrize(
    ("name", "mutate", "expected"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_rule_alone_reports_exactly_the_problem(name, mutate, expected):
    assert RULES[name](variant(mutate)) == [Problem(path, message) for path, message in expected]


def test_every_rule_is_tested_on_a_bad_scenario():
    assert {case[0] for case in CASES} == set(RULES)


# Each case: the position check, how to break RUS's position, and exactly what it reports.
POSITION_CASES = [
    (
        "position_actor",
        {"actor": "XXX"},
        [("positions[XXX/territory].actor", f"unknown actor 'XXX' {ACTORS}")],
    ),
    (
        "position_actor",
        {"actor": "KOF"},
        [("positions[KOF/territory].actor", "'KOF' is not a party and takes no positions")],
    ),
    (
        "position_issue",
        {"issue": "nato"},
        [("positions[RUS/nato].issue", "unknown issue 'nato' (known: territory)")],
    ),
    (
        "scale_bounds",
        {"ideal": est(120)},
        [
            (
                "positions[RUS/territory].ideal",
                "120.0 (plausible range [120.0, 120.0]) leaves the scale of issue "
                "'territory', [0, 100]",
            )
        ],
    ),
    (
        "scale_bounds",
        {"acceptable": {"low": est(-5), "high": est(101)}},
        [
            (
                "positions[RUS/territory].acceptable.low",
                "-5.0 (plausible range [-5.0, -5.0]) leaves the scale of issue "
                "'territory', [0, 100]",
            ),
            (
                "positions[RUS/territory].acceptable.high",
                "101.0 (plausible range [101.0, 101.0]) leaves the scale of issue "
                "'territory', [0, 100]",
            ),
        ],
    ),
    ("scale_bounds", {"issue": "nato", "ideal": est(120)}, []),
    (
        "option_at_ideal",
        {"option": "none"},
        [
            (
                "positions[RUS/territory].option",
                "option 'none' sits at 0.0, not at the ideal 100.0",
            )
        ],
    ),
    (
        "option_at_ideal",
        {"option": "half"},
        [("positions[RUS/territory].option", "unknown option 'half' (known: four, none)")],
    ),
    ("option_at_ideal", {"issue": "nato", "option": "half"}, []),
]


@pytest.mark.parametrize(
    ("name", "changes", "expected"),
    POSITION_CASES,
    ids=[f"{c[0]}-{i}" for i, c in enumerate(POSITION_CASES)],
)
def test_position_check_alone_reports_exactly_the_problem(name, changes, expected):
    scenario = variant(lambda d: d["positions"][0].update(changes))
    (check,) = [c for c in POSITION_CHECKS if c.__name__ == name]
    assert check(scenario, scenario.positions[0]) == [Problem(p, m) for p, m in expected]


def test_the_problems_of_one_position_stay_together():
    def mutate(d):
        d["positions"][0].update(actor="KOF", ideal=est(120))
        second_position(d, actor="XXX", ideal=est(150), option="none")

    found = [str(p) for p in RULES["positions"](variant(mutate))]
    assert [p.split(":")[0] for p in found] == [
        "positions[KOF/territory].actor",
        "positions[KOF/territory].ideal",
        "positions[KOF/territory].option",
        "positions[XXX/territory].actor",
        "positions[XXX/territory].ideal",
        "positions[XXX/territory].option",
    ]


def test_loading_reports_every_rule_in_registry_order():
    def mutate(d):
        d["beliefs"][0]["holder"] = "NOBODY"
        d["infeasible"][0]["statement"] = "nothing"
        d["positions"][0]["evidence"][0]["quote"] = "not there"
        d["actors"].append(copy.deepcopy(d["actors"][2]))
        d["no_positions"].clear()

    data = minimal_scenario_dict()
    mutate(data)
    with pytest.raises(ScenarioError) as info:
        Scenario.from_dict(data)
    scenario = unchecked(data)
    expected = [p for rule in RULES.values() for p in rule(scenario)]
    assert list(info.value.problems) == expected
    assert [p.path for p in expected] == [
        "actors[KOF]",
        "positions[RUS/territory].evidence[0].quote",
        "positions[EUR/territory]",
        "beliefs[putin].holder",
        "infeasible[0].statement",
    ]


@settings(max_examples=25, deadline=None)
@given(scenario_dicts())
def test_rules_agree_with_validation(data):
    scenario = Scenario.model_validate(data)
    assert [p for rule in RULES.values() for p in rule(scenario)] == []
