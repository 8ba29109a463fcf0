"""The report's sections read like a brief: one forecast table, numbers with their meaning."""

from __future__ import annotations

import json
import re

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from strategies import random_scenario_dicts
from wage_dispute import wage_dispute_dict

import models
import positions
from models.analysis.report_sections import NEGLIGIBLE, forecast_table, negligible_inputs


@pytest.fixture(scope="module")
def ukraine():
    scenario = positions.load("ukraine-ceasefire-2025-05")
    return models.analyze(scenario, n_draws=128, n_base=8, progress=False, seed=5)


@pytest.fixture(scope="module")
def page(ukraine):
    return ukraine.report().to_html()


def _part(page, heading):
    start = re.search(r'<h2 id="s\d+">' + re.escape(heading), page).start()
    end = page.find("<h2", start + 1)
    return page[start:end if end > 0 else None]


def test_one_forecast_table_says_which_parties(ukraine, page):
    table, groups = forecast_table(ukraine)
    assert sum(n for _, n in groups) == len(table.columns)
    assert groups[1][0] == "over all parties (RUS, USA, EUR, UKR)"
    assert groups[2][0] == "over the core parties (RUS, USA, UKR without EUR)"
    wide = ukraine.forecast.table()
    issues = [i.id for i in ukraine.scenario.issues]
    assert np.allclose(table["weighted median"], wide["median"].reindex(issues))
    core = ukraine.bargain_core.to_frame().set_index(["method", "issue"])["value"]
    assert np.allclose(table["weighted median (core)"],
                       [core["weighted_median", i] for i in issues])
    assert np.allclose(table["Nash"], [core["nash", i] for i in issues], equal_nan=True)
    # The two weighted medians of an issue differ only because the parties differ, and
    # the report has one table that says so (no separate "core" table, no empty column).
    part = _part(page, "Forecasts")
    assert part.count("<table") == 2  # the forecasts, and the options folded under them
    assert "Bargaining solutions (core parties)" not in page
    assert ">method</th>" not in page


def test_war_and_threat_numbers_in_words(ukraine, page):
    war = _part(page, "War bargaining")
    w = ukraine.war
    assert f"p = {float(w.static.p_a):.2f} is the probability that Russia wins a war" in war
    assert f"between {float(w.static.low):.2f} and {float(w.static.high):.2f}" in war
    assert ("no settlement satisfies both" in war) == (not bool(w.optimism.nonempty))
    assert "months of fighting" not in war  # the caption matches the figure's two rows
    assert "top row with the common estimate p" in war
    threat = _part(page, "Threat game")
    credible = ukraine.threat.strategy["follow_through"] == "carry out"
    assert ("the threat is credible" in threat) == credible
    assert ("the threat is not credible" in threat) == (not credible)
    assert "By backward induction (the subgame-perfect equilibrium): United States " in threat


def test_sensitivity_says_what_was_negligible(ukraine, page):
    small, total = negligible_inputs(ukraine)
    st = ukraine.sensitivity.to_frame().query("index == 'ST'")
    top = st.groupby("input")["value"].max().fillna(0)
    assert total == len(ukraine.monte_carlo.inputs.names) == len(top)
    assert small == int((top < NEGLIGIBLE).sum())
    part = _part(page, "Uncertainty")
    assert f"{total - small} of the {total} inputs matter; {small} are negligible" in part
    # The influential inputs: five columns, no evidence_from, ids cited by name.
    head = re.search(r"Most influential inputs.*?<thead>(.*?)</thead>", part, re.S).group(1)
    columns = re.findall(r"<th>(.*?)</th>", head)
    assert len(columns) == 5 and "evidence_from" not in head


@pytest.mark.parametrize("name", [*positions.available(), "wage-dispute"])
def test_every_built_in_report_builds(name):
    scenario = (positions.Scenario.from_dict(wage_dispute_dict()) if name == "wage-dispute"
                else positions.load(name))
    analysis = models.analyze(scenario, n_draws=32, n_base=4, progress=False, seed=1)
    page = analysis.report().to_html()
    headings = re.findall(r'<h2 id="s\d+">([^<]+)</h2>', page)
    assert headings[0] == "Positions" and headings[-1] == "Summary" and "Sources" in headings
    table, groups = forecast_table(analysis)
    assert sum(n for _, n in groups) == len(table.columns) == 1 + (
        0 if analysis.forecast is None else len(analysis.forecast.methods)) + (
        0 if analysis.bargain_core is None else
        analysis.bargain_core.to_frame()["method"].nunique())
    for step, reason in analysis.skipped.items():
        if step in ("graph model", "war bargaining", "threat game", "bargaining"):
            assert reason in page or _escaped(reason) in page


def _escaped(text):
    import html

    return html.escape(text)


@pytest.mark.slow
@settings(max_examples=6, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(random_scenario_dicts())
def test_generated_scenarios_report(data):
    scenario = positions.Scenario.from_json(json.dumps(data))
    analysis = models.analyze(scenario, n_draws=16, n_base=4, progress=False, seed=0)
    page = analysis.report().to_html()
    table, groups = forecast_table(analysis)
    assert sum(n for _, n in groups) == len(table.columns)
    assert len(table) == len(scenario.issues)
    assert page.count('<h3 id="src-') == len(scenario.sources)
    small, total = negligible_inputs(analysis)
    assert 0 <= small <= total
