"""Why a step does not apply, in the scenario's terms (models.analysis.explain)."""

from __future__ import annotations

import pytest
import yaml

import positions
from models.analysis.cli import template_text
from models.analysis.explain import EXPLANATIONS, explain


@pytest.fixture
def data():
    return yaml.safe_load(template_text("case"))


def _scenario(data):
    return positions.Scenario.from_dict(data)


def test_nothing_missing_in_the_template(data):
    scenario = _scenario(data)
    assert all(explain(step, scenario) is None for step in EXPLANATIONS)
    assert explain("no such step", scenario) is None


def test_graph_model_names_what_is_missing(data):
    del data["preferences"][2]  # CITY's list
    assert explain("graph model", _scenario(data)).startswith(
        "CITY controls options but has no preference list")
    data["options"] = [o for o in data["options"] if o["actor"] == "UNION"]
    data["preferences"] = [p for p in data["preferences"] if p["actor"] == "UNION"]
    data["preferences"][0]["statements"] = ["-UNION_strike"]
    data["infeasible"] = []
    data["roles"].pop("threats")
    assert explain("graph model", _scenario(data)).startswith("only UNION controls options")


def test_forecasts_name_parties_without_salience_or_capability(data):
    for position in data["positions"]:
        if position["actor"] == "CITY":
            position["salience"] = {"value": 0, "uncertainty": {"dist": "fixed"},
                                    "rationale": "r"}
    assert explain("forecast (dynamic)", _scenario(data)).startswith(
        "CITY gives salience 0 to every issue")
    data = yaml.safe_load(template_text("case"))
    data["actors"][2]["capability"] = {"value": 0, "uncertainty": {"dist": "fixed"},
                                       "rationale": "r"}
    assert explain("forecast", _scenario(data)).startswith("CITY has capability 0")


def test_monte_carlo_says_nothing_is_uncertain(data):
    scenario = _scenario(data)
    fixed = scenario.with_estimates(
        {path: {"value": e.value, "uncertainty": {"dist": "fixed"}, "rationale": "r"}
         for path, e in scenario.estimates().items()}, record=False)
    assert explain("monte carlo", fixed).startswith("every judged number of the scenario is fixed")
