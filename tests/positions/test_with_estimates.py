"""Tests of Scenario.with_estimates: changing judged numbers by path."""

import pytest

import positions
from positions import Estimate, ScenarioError


@pytest.fixture(scope="module")
def scenario():
    return positions.load("ukraine-ceasefire-2025-05")


PATH = "parameters[war_cost_RUS].value"


def test_a_number_replaces_the_value_and_is_recorded(scenario):
    changed = scenario.with_estimates({PATH: 0.3, "actors[RUS].capability": 0.7})
    est = changed.estimates()[PATH]
    assert est.value == 0.3
    assert est.uncertainty == scenario.estimates()[PATH].uncertainty
    assert est.assumptions[-1] == "what-if: value 0.15 -> 0.3 (not from the sources)"
    assert changed.actor("RUS").capability.value == 0.7
    # The original is untouched, and nothing else changed.
    assert scenario.estimates()[PATH].value == 0.15
    before, after = scenario.estimates(), changed.estimates()
    assert [p for p in before if before[p] != after[p]] == ["actors[RUS].capability", PATH]


def test_record_false_leaves_the_provenance_as_it_was(scenario):
    est = scenario.with_estimates({PATH: 0.3}, record=False).estimates()[PATH]
    assert est.assumptions == scenario.estimates()[PATH].assumptions


def test_unchanged_values_give_an_equal_scenario(scenario):
    # Every path of estimates() is accepted; setting each to its own value is a no-op.
    same = scenario.with_estimates({p: e.value for p, e in scenario.estimates().items()})
    assert same == scenario


def test_a_mapping_updates_fields_and_an_estimate_replaces(scenario):
    fixed = scenario.with_estimates({PATH: {"value": 0.5, "uncertainty": {"dist": "fixed"}}})
    assert fixed.estimates()[PATH].bounds() == (0.5, 0.5)
    new = Estimate(value=0.2, uncertainty={"dist": "uniform", "low": 0.1, "high": 0.3},
                   rationale="A sensitivity case.")
    replaced = scenario.with_estimates({PATH: new})
    assert replaced.estimates()[PATH] == new


def test_unknown_path_names_the_closest(scenario):
    with pytest.raises(KeyError, match=r"no estimate at 'parameters\[war_cost_RU\]\.value'.*"
                                       r"did you mean \['parameters\[war_cost_RUS\]\.value'"):
        scenario.with_estimates({"parameters[war_cost_RU].value": 0.3})


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"positions[RUS/territory].salience": 1.4},
            r"positions\[RUS/territory\]\.salience: 1\.4 is above 1",
        ),
        (
            {PATH: 0.9},
            r"parameters\[war_cost_RUS\]\.value: value 0\.9 lies outside its "
            r"uncertainty's support \[0\.05, 0\.35\]",
        ),
    ],
)
def test_bad_values_are_reported_by_path(scenario, change, message):
    with pytest.raises(ScenarioError, match=message):
        scenario.with_estimates(change)


def test_a_bound_coded_over_options_takes_only_those_values(scenario):
    # Bounds that straddle options are coded as discrete distributions over the
    # options' scale points; a what-if value must be one of them (or come with
    # a new uncertainty).
    path = "positions[RUS/territory].acceptable.low"
    assert scenario.estimates()[path].uncertainty.values == (80.0, 100.0)
    assert scenario.with_estimates({path: 100}).estimates()[path].value == 100
    with pytest.raises(ScenarioError, match=r"acceptable.low: value 90 is not one of its "
                                            r"uncertainty's values \(80, 100\)"):
        scenario.with_estimates({path: 90})
    fixed = scenario.with_estimates({path: {"value": 90, "uncertainty": {"dist": "fixed"}}})
    assert fixed.estimates()[path].value == 90
