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
    # The distribution moved with the value: triangular [0.05, 0.15, 0.35] shifted by 0.15.
    before_dist = scenario.estimates()[PATH].uncertainty
    assert (before_dist.low, before_dist.mode, before_dist.high) == (0.05, 0.15, 0.35)
    assert (est.uncertainty.low, est.uncertainty.mode, est.uncertainty.high) == (0.2, 0.3, 0.5)
    assert est.assumptions[-1] == ("what-if: value 0.15 -> 0.3; distribution shifted to "
                                   "[0.2, 0.5] (not from the sources)")
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
            r"uncertainty's support \[0\.05, 0\.35\]; pass outside_support=True",
        ),
    ],
)
@pytest.mark.parametrize("uncertainty", ["move", "keep"])
def test_bad_values_are_reported_by_path(scenario, change, message, uncertainty):
    with pytest.raises(ScenarioError, match=message.split("; pass")[0]):
        scenario.with_estimates(change, uncertainty=uncertainty)


def test_values_outside_the_hard_range_stay_errors_with_the_flag(scenario):
    with pytest.raises(ScenarioError, match=r"positions\[RUS/territory\]\.salience: 1\.4 is "
                                            r"above 1"):
        scenario.with_estimates({"positions[RUS/territory].salience": 1.4},
                                outside_support=True)
    with pytest.raises(ScenarioError, match=r"actors\[RUS\]\.capability: -0\.1 is below 0"):
        scenario.with_estimates({"actors[RUS].capability": -0.1}, outside_support=True)


def test_a_value_outside_the_support_is_accepted_with_the_flag_and_recorded(scenario):
    changed = scenario.with_estimates({PATH: 0.9}, outside_support=True)
    est = changed.estimates()[PATH]
    assert est.value == 0.9
    assert est.bounds() == (0.8, 1.1)  # a free parameter: shifted, no hard range
    assert est.assumptions[-1] == (
        "what-if: value 0.15 -> 0.9, outside the coded range [0.05, 0.35]; distribution "
        "shifted to [0.8, 1.1] (not from the sources)")


def test_a_move_past_the_hard_range_re_centres_the_support(scenario):
    path = "positions[RUS/territory].salience"
    old = scenario.estimates()[path]
    est = scenario.with_estimates({path: 0.99}, outside_support=True).estimates()[path]
    low, high = est.bounds()
    assert high == 1.0 and low == pytest.approx(old.bounds()[0] + 0.99 - old.value)
    assert est.uncertainty.mode == 0.99
    assert "re-centred" in est.assumptions[-1]


def test_keep_leaves_the_distribution_as_coded(scenario):
    est = scenario.with_estimates({PATH: 0.3}, uncertainty="keep").estimates()[PATH]
    assert est.uncertainty == scenario.estimates()[PATH].uncertainty
    assert est.assumptions[-1] == "what-if: value 0.15 -> 0.3 (not from the sources)"
    with pytest.raises(ValueError, match="uncertainty must be 'move' or 'keep', got 'shift'"):
        scenario.with_estimates({PATH: 0.3}, uncertainty="shift")


def test_words_are_dropped_when_the_value_moves(scenario):
    path = "beliefs[b_BARRY_collapse].probability"
    old = scenario.estimates()[path]
    assert old.words == "unlikely"
    est = scenario.with_estimates({path: 0.4}).estimates()[path]
    assert est.words is None
    assert "the source's words 'unlikely' no longer apply" in est.assumptions[-1]
    assert scenario.with_estimates({path: 0.4}, uncertainty="keep").estimates()[path].words


def test_a_bound_coded_over_options_moves_its_values(scenario):
    # Bounds that straddle options are coded as discrete distributions over the
    # options' scale points. A what-if on one of them keeps the distribution; another
    # value moves the points (here re-centred, as 100 + 10 leaves the scale).
    path = "positions[RUS/territory].acceptable.low"
    assert scenario.estimates()[path].uncertainty.values == (80.0, 100.0)
    same = scenario.with_estimates({path: 100}).estimates()[path]
    assert same.value == 100 and same.uncertainty.values == (80.0, 100.0)
    assert scenario.with_estimates({path: 90}).estimates()[path].uncertainty.values == (90, 100)
    with pytest.raises(ScenarioError, match=r"acceptable.low: value 90 is not one of its "
                                            r"uncertainty's values \(80, 100\)"):
        scenario.with_estimates({path: 90}, uncertainty="keep")
    fixed = scenario.with_estimates({path: {"value": 90, "uncertainty": {"dist": "fixed"}}})
    assert fixed.estimates()[path].value == 90
