"""Coder files: loading, validation against the scenario, the coders' frame (issue 17)."""

from __future__ import annotations

import pytest

import positions
from positions import Coding, ScenarioError, codings_frame, load_coding

CASE = "ukraine-ceasefire-2025-05"


@pytest.fixture(scope="module")
def scenario() -> positions.Scenario:
    return positions.load(CASE)


def _coding(values: dict, **extra) -> dict:
    return {"schema_version": 1, "kind": "coding", "scenario": CASE, "coder": "B",
            "values": values, **extra}


def test_load_from_file(tmp_path, scenario) -> None:
    path = tmp_path / "b.yaml"
    path.write_text(
        "schema_version: 1\nkind: coding\nscenario: ukraine-ceasefire-2025-05\ncoder: B\n"
        "coded_on: 2026-12-08\nmethod: read the articles\nvalues:\n"
        "  positions[RUS/territory].salience:\n    value: 0.9\n    low: 0.8\n    high: 1.0\n"
        "    rationale: core demand\n    quote: \"Putin believes he has the upper hand\"\n"
        "    source: s001\n"
        "  beliefs[b_MARKOV_truce].probability:\n    abstain: true\n    rationale: nothing\n",
        encoding="utf-8")
    c = load_coding(path, scenario)
    assert c.coder == "B" and str(c.coded_on) == "2026-12-08"
    assert c.coded()["positions[RUS/territory].salience"].bounds() == (0.8, 1.0)
    assert c.abstained() == ("beliefs[b_MARKOV_truce].probability",)


def test_every_problem_reported_with_path_and_value(scenario) -> None:
    data = _coding({
        "positions[RUS/sanctions].salience": {"value": 1.4, "rationale": "x"},
        "positions[RUS/nosuch].salience": {"value": 0.5, "rationale": "x"},
        "positions[RUS/territory].ideal": {"value": 90, "low": 80, "high": 120, "rationale": "x"},
        "positions[UKR/nato].salience": {"value": 0.5, "low": 0.6, "high": 0.9, "rationale": "x"},
        "positions[EUR/nato].salience": {"value": 0.5, "low": 0.7, "high": 0.4, "rationale": "x"},
        "beliefs[b_KOFMAN_truce].probability": {"value": -0.1, "rationale": "x"},
    }, scenario="another-case")
    with pytest.raises(ScenarioError) as info:
        load_coding(data, scenario)
    text = str(info.value)
    assert "scenario: codes 'another-case', not the scenario 'ukraine-ceasefire-2025-05'" in text
    assert "values[positions[RUS/nosuch].salience]: " in text and "did you mean" in text
    assert "positions[RUS/sanctions].salience: 1.4 is above 1" in text
    assert "positions[RUS/territory].ideal (high): 120 is above its issue's scale [0, 100]" in text
    assert "values[positions[UKR/nato].salience]: value 0.5 lies outside [low, high]" in text
    assert "values[positions[EUR/nato].salience]: low 0.7 is above high 0.4" in text
    assert "beliefs[b_KOFMAN_truce].probability: -0.1 is below 0" in text


def test_file_named_in_errors(tmp_path, scenario) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("kind: coding\nscenario: ukraine-ceasefire-2025-05\ncoder: B\nvalues:\n"
                    "  actors[RUS].capability: {value: -2, rationale: x}\n", encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_coding(path, scenario)
    assert str(info.value) == f"{path}: actors[RUS].capability: -2.0 is below 0"


def test_missing_rationale_and_half_range(scenario) -> None:
    with pytest.raises(ScenarioError) as info:
        load_coding(_coding({"actors[RUS].capability": {"value": 0.5},
                             "actors[EUR].capability": {"value": 0.5, "low": 0.4,
                                                        "rationale": "r"}}), scenario)
    text = str(info.value)
    assert "values[actors[RUS].capability].rationale: required field is missing" in text
    assert "values[actors[EUR].capability]: give both low and high, or neither" in text


def test_scenario_of_and_frame(scenario) -> None:
    c = load_coding(_coding({
        "positions[RUS/sanctions].salience": {"value": 0.4, "rationale": "r"},
        "positions[RUS/territory].ideal": {"value": 95, "low": 90, "high": 100, "rationale": "r"},
        "positions[USA/territory].ideal": {"abstain": True, "rationale": "none"},
    }), scenario)
    s = c.scenario_of(scenario)
    est = s.estimates()
    assert est["positions[RUS/sanctions].salience"].value == 0.4
    assert est["positions[RUS/sanctions].salience"].uncertainty.dist == "fixed"
    assert est["positions[RUS/territory].ideal"].bounds() == (90.0, 100.0)
    assert est["positions[USA/territory].ideal"] == scenario.estimates()[
        "positions[USA/territory].ideal"]
    df = codings_frame(scenario, [c])
    wide = df.pivot(index="path", columns="coder", values="value")
    assert wide.loc["positions[RUS/sanctions].salience"].tolist() == [0.2, 0.4]
    assert df[df.abstain].path.tolist() == ["positions[USA/territory].ideal"]


def test_coder_names(scenario) -> None:
    c = Coding.model_validate(_coding({"actors[RUS].capability": {"value": 0.5,
                                                                  "rationale": "r"}}))
    with pytest.raises(ValueError, match="more than once"):
        codings_frame(scenario, [c, c])
    a = Coding.model_validate(_coding({}, coder="A"))
    with pytest.raises(ValueError, match="scenario's own"):
        codings_frame(scenario, [a])


def test_builtin_codings_are_not_scenarios() -> None:
    assert all(".coder-" not in name for name in positions.available())
    assert [p.name for p in positions.available_codings(CASE)] == [f"{CASE}.coder-B.yaml"]
    for path in positions.available_codings(CASE):
        c = load_coding(path, positions.load(CASE))
        assert c.scenario == CASE and c.coder != "A"


def test_quotes_checked_against_sources(scenario) -> None:
    with pytest.raises(ScenarioError) as info:
        load_coding(_coding({
            "actors[RUS].capability": {"value": 0.8, "rationale": "r",
                                       "quote": "words no article contains", "source": "s001"},
            "actors[EUR].capability": {"value": 0.5, "rationale": "r", "source": "s999"},
        }), scenario)
    text = str(info.value)
    assert ("values[actors[RUS].capability].quote: 'words no article contains' does not occur "
            "in source s001") in text
    assert "values[actors[EUR].capability].source: unknown source 's999'" in text
