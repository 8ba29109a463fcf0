"""Warnings (positions.advice): missing bounds and unsupported numbers, apart from errors;
coalitions and veto parties."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import random_scenario_dicts
from wage_dispute import wage_dispute, wage_dispute_dict

import positions
from positions.advice import WARNINGS, unsupported_estimates


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
        "low": {"value": 0, "uncertainty": {"dist": "fixed"}, "rationale": "no red line",
                "assumptions": ["The city has no red line on job security."]}}
    assert positions.Scenario.model_validate(data).warnings() == ()


def test_a_coalition_missing_a_veto_party_is_refused():
    with pytest.raises(ValueError, match=r"roles.coalitions\[unions\].parties: "
                                         r"leaves out the veto parties T"):
        wage_dispute(roles={"veto": ["T"], "coalitions": [{"id": "unions",
                                                            "parties": ["U", "C"]}]})



def test_unsupported_estimates_warn_at_their_path():
    data = wage_dispute_dict()
    del data["positions"][0]["salience"]["assumptions"]
    data["disagreement"][2]["utility"]["assumptions"] = []
    s = positions.Scenario.model_validate(data)
    message = "rests on no quote and lists no premises: add evidence or assumptions"
    assert [str(w) for w in s.warnings()] == [
        "positions[C/job_security].acceptable: none given; read as the whole scale 0-100",
        f"positions[U/wage].salience: {message}",
        f"disagreement[C].utility: {message}",
    ]
    assert list(WARNINGS) == ["missing_bounds", "unsupported_estimates"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=random_scenario_dicts(max_parties=4, max_issues=3), choice=st.data())
def test_every_number_without_its_own_quotes_or_premises_is_warned_about(data, choice):
    s = positions.Scenario.model_validate(data)
    paths = list(s.estimates())
    # The generated numbers carry no quotes or premises of their own: each is warned about,
    # even where the item holding it (a stated position, belief or option) has quotes.
    assert [w.path for w in unsupported_estimates(s)] == paths
    assert all(w.message.startswith("rests on no quote") for w in unsupported_estimates(s))
    # Give some a premise and some a quote: exactly the others are still warned about.
    premised = choice.draw(st.sets(st.sampled_from(paths)), label="premised")
    quoted = choice.draw(st.sets(st.sampled_from(paths)), label="quoted")
    quote = {"source": "src", "quote": "Observers expect a long dispute.", "origin": "org"}
    changes = {p: {"assumptions": ["A premise."]} for p in premised}
    changes |= {p: {**changes.get(p, {}), "evidence": [quote]} for p in quoted}
    changed = s.with_estimates(changes) if changes else s
    assert [w.path for w in unsupported_estimates(changed)] == [
        p for p in paths if p not in premised | quoted]
    # The other warnings are untouched, and come first.
    before = [w for w in s.warnings() if w not in unsupported_estimates(s)]
    assert list(changed.warnings())[: len(before)] == before
