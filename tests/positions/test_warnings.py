"""Warnings (positions.advice): missing bounds, apart from errors; coalitions and veto parties."""

import pytest
from wage_dispute import wage_dispute, wage_dispute_dict

import positions


def test_missing_bounds_warn_with_their_path():
    s = wage_dispute()
    assert [str(w) for w in s.warnings()] == [
        "positions[C/job_security].acceptable: none given; read as the whole scale 0-100"
    ]
    # a warning is not an error: the scenario is valid, and the bound is the whole scale
    from models.outcomes import scenario_arrays

    arrays = scenario_arrays(s)
    assert arrays.acceptable_low[2, 1] == 0 and arrays.acceptable_high[2, 1] == 100
    # giving the range makes the choice explicit and silences the warning
    data = wage_dispute_dict()
    data["positions"][5]["acceptable"] = {
        "low": {"value": 0, "uncertainty": {"dist": "fixed"}, "rationale": "no red line"}}
    assert positions.Scenario.model_validate(data).warnings() == ()


def test_a_coalition_missing_a_veto_party_is_refused():
    with pytest.raises(ValueError, match=r"roles.coalitions\[unions\].parties: "
                                         r"leaves out the veto parties T"):
        wage_dispute(roles={"veto": ["T"], "coalitions": [{"id": "unions",
                                                            "parties": ["U", "C"]}]})

