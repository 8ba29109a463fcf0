"""The Graph Model in the report: states in words and option tables, not state numbers."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import option_model_specs

import models
import positions
from models.analysis import Report
from models.analysis.report_gmcr import graph_model_section, option_table, state_words
from models.gmcr import GraphModel


@pytest.fixture(scope="module")
def elmira():
    scenario = positions.load("elmira-groundwater")
    return scenario, GraphModel.from_scenario(scenario)


def test_states_in_words(elmira):
    scenario, model = elmira
    labels = {o.id: o.label for o in scenario.options}
    names = {a.id: a.name for a in scenario.actors}
    assert state_words(model, model.status_quo, scenario) == "the status quo"
    sq = model.states[model.status_quo - 1]
    for state in model.equilibria("R"):
        words = state_words(model, state, scenario)
        changed = np.flatnonzero(model.states[state - 1] != sq)
        for k in changed:
            option = model.options[k]
            verb = "takes" if model.states[state - 1][k] else "stops"
            assert f"{verb} \u201c{labels[option]}\u201d" in words
            assert names[model.option_owners[k]] in words
        assert str(state) not in words  # state numbers are ids, not the description


def test_option_table_marks_what_differs(elmira):
    scenario, model = elmira
    states = [model.status_quo, *model.equilibria("R")]
    table, marks, groups = option_table(model, states, scenario)
    owned = list(zip(model.options, model.option_owners, strict=True))
    assert list(table.columns[1:-1]) == [o for dm in model.decision_makers
                                         for o, owner in owned if owner == dm]
    assert sum(n for _, n in groups) == len(table.columns)
    assert table["state"].tolist() == states
    assert not marks.iloc[0].any()  # the status quo differs from nothing
    sq = table.iloc[0, 1:-1]
    for i in range(len(table)):
        row = table.iloc[i, 1:-1]
        assert (marks.iloc[i, 1:-1].to_numpy() == (row != sq).to_numpy()).all()
        assert set(row) <= {"Y", "N"}
    assert table["change from the status quo"].iloc[0] == "(the status quo)"


def test_section_words_first_numbers_second(elmira):
    scenario, _ = elmira
    analysis = models.analyze(scenario, n_draws=16, n_base=4, progress=False, seed=0)
    rep = Report("t")
    files = graph_model_section(analysis, rep)
    page = rep.to_html()
    assert files == ("stability.parquet", "status_quo.parquet")
    for concept in analysis.stability.concepts:
        eq = analysis.stability.equilibria(concept)
        assert f"({concept}): {len(eq)} equilibri" in page
    assert "Nash stability" in page and "From the status quo" in page
    assert page.count("<figure>") == 1
    labels = [o.label for o in scenario.options]
    assert sum(label in page for label in labels) == len(labels)


def _scenario_like(model):
    return SimpleNamespace(options=[], actors=[])


@settings(max_examples=25, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(option_model_specs(), st.integers(0, 10**6))
def test_generated_models(spec, st_index):
    model = GraphModel.from_options(**spec)
    sq_state = 1 + st_index % model.n_states
    sq = [o for o, on in zip(model.options, model.states[sq_state - 1], strict=True) if on]
    model = GraphModel.from_options(**spec, status_quo=sq)
    scenario = _scenario_like(model)
    states = list(range(1, model.n_states + 1))
    _, marks, _ = option_table(model, states, scenario)
    base = model.states[model.status_quo - 1]
    for i, state in enumerate(states):
        differs = model.states[state - 1] != base
        assert marks.iloc[i, 1:-1].sum() == differs.sum()
        assert (state_words(model, state, scenario) == "the status quo") == (not differs.any())
