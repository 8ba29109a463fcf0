"""Random valid scenarios: every one loads, and ``analyze`` runs or explains each step.

Issue 12: stances is a toolkit for any scenario, so every model runs from what a
scenario declares, or says in the scenario's terms why it cannot. The scenarios
come from :func:`strategies.random_scenario_dicts` (2-6 parties, 1-5 issues on
different scales, with and without named options, options, beliefs, parameters
and roles). ``STANCES_FUZZ_EXAMPLES`` sets how many analyses to run (default 12).
"""

from __future__ import annotations

import json
import os
import re
import warnings
from dataclasses import dataclass, field

import pytest
from hypothesis import HealthCheck, given, settings
from strategies import random_scenario_dicts

import models
import positions

EXAMPLES = int(os.environ.get("STANCES_FUZZ_EXAMPLES", "12"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

ARGUMENT_ERROR = re.compile(r"parameter of \w+|must be (?:one of|a |an |at |in )|needs \w+=")
"""The wording of a model's argument error (``The 'x' parameter of f must be ...``),
which a skipped step must never show a user instead of a reason in the scenario's terms."""

STEPS = ("forecast", "forecast (dynamic)", "war bargaining", "threat game", "graph model",
         "status quo", "monte carlo", "monte carlo (core)", "monte carlo (war)",
         "monte carlo (threat)", "sensitivity", "bargaining")
"""Every step :func:`models.analyze` may skip, by the name it records."""



def _analyze(data):
    scenario = positions.Scenario.from_json(json.dumps(data))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        warnings.simplefilter("ignore", UserWarning)
        return models.analyze(scenario, n_draws=16, n_base=4, seed=0, progress=False)


@settings(max_examples=max(50, EXAMPLES), deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(random_scenario_dicts())
def test_random_scenarios_validate(data):
    scenario = positions.Scenario.from_json(json.dumps(data))
    assert len(scenario.parties) >= 2 and scenario.issues
    assert len(scenario.positions) + len(scenario.no_positions) == (
        len(scenario.parties) * len(scenario.issues))


@dataclass
class Fuzzed:
    """What the analyses of the random scenarios did: failures and skip reasons by step."""

    n: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)
    unexplained: list[tuple[str, str]] = field(default_factory=list)
    reasons: dict[str, list[tuple[str, str]]] = field(default_factory=dict)


def _check(analysis, scenario_json, fuzzed):
    """Record the steps that neither ran nor said why, and every skip reason."""
    for step, reason in analysis.skipped.items():
        fuzzed.reasons.setdefault(step, []).append((reason, scenario_json))
        if not reason.strip():
            fuzzed.unexplained.append((f"{step}: {reason!r}", scenario_json))
    results = {"forecast": analysis.forecast, "war bargaining": analysis.war,
               "threat game": analysis.threat, "graph model": analysis.stability,
               "monte carlo": analysis.monte_carlo}
    for step, result in results.items():
        skipped = step in analysis.skipped or (
            step == "forecast" and "forecast (dynamic)" in analysis.skipped)
        if result is None and not skipped:
            fuzzed.unexplained.append((f"{step} neither ran nor says why", scenario_json))
    assert analysis.summary()
    assert analysis.report().to_html()


@pytest.fixture(scope="module")
def fuzzed():
    """Analyse random scenarios once for every test below (each analysis takes seconds).

    Failures are recorded, not raised, so that one run serves every test; each test
    reports the smallest scenario that breaks its property.
    """
    record = Fuzzed()

    @SETTINGS
    @given(random_scenario_dicts())
    def run(data):
        record.n += 1
        text = json.dumps(data)
        try:
            analysis = _analyze(data)
            _check(analysis, text, record)
        except Exception as exc:  # the property: nothing escapes
            record.failures.append((f"{type(exc).__name__}: {exc}", text))

    run()
    return record


def _smallest(cases):
    message, scenario = min(cases, key=lambda c: len(c[1]))
    return f"{len(cases)} case(s), e.g. {message}\nin the scenario {scenario}"


@pytest.mark.slow
def test_analyze_never_raises(fuzzed):
    assert fuzzed.n >= min(EXAMPLES, 5)
    assert not fuzzed.failures, _smallest(fuzzed.failures)


@pytest.mark.slow
def test_every_step_runs_or_explains_itself(fuzzed):
    assert not fuzzed.unexplained, _smallest(fuzzed.unexplained)


@pytest.mark.slow
@pytest.mark.parametrize("step", STEPS)
def test_skips_speak_the_scenarios_terms(fuzzed, step):
    wrong = [(reason, scenario) for reason, scenario in fuzzed.reasons.get(step, ())
             if ARGUMENT_ERROR.search(reason)]
    assert not wrong, _smallest(wrong)


@pytest.mark.slow
def test_skips_of_other_steps_speak_the_scenarios_terms(fuzzed):
    # A step added to analyze after this list was written is held to the same rule.
    wrong = [(f"{step}: {reason}", scenario)
             for step, cases in fuzzed.reasons.items() if step not in STEPS
             for reason, scenario in cases if ARGUMENT_ERROR.search(reason)]
    assert not wrong, _smallest(wrong)
