"""`analyze` and `stances analyze NAME` run end to end on the built-in published scenarios."""

import pytest

import models
import positions
from models.analysis.cli import main

# The Elmira scenario has options and no issues (the Graph Model needs none); the analysis
# still bargains over the issues unconditionally, and raises
# "The 'scenario' parameter of bargain must be a scenario with at least one issue. Got none
# instead." from models/analysis/analyze.py (_coalitions -> bargain). Issue 12 item 3 makes
# every step run or explain itself; until that lands this is an expected failure.
REASON = "analyze bargains even when a scenario has no issues"
PUBLISHED = [
    "ec-car-emissions-bdm1994",
    pytest.param("elmira-groundwater",
                 marks=pytest.mark.xfail(raises=ValueError, strict=False, reason=REASON)),
    "ktab-soe-pol-comp",
]
# `stances analyze` reports the error and returns 1 instead of raising.
PUBLISHED_CLI = [
    "ec-car-emissions-bdm1994",
    pytest.param("elmira-groundwater", marks=pytest.mark.xfail(strict=False, reason=REASON)),
    "ktab-soe-pol-comp",
]


@pytest.mark.parametrize("name", PUBLISHED)
def test_analyze_runs_on_published_scenario(name):
    result = models.analyze(positions.load(name), n_draws=64, n_base=4, progress=False)
    assert result.summary()
    for step, reason in result.skipped.items():
        assert reason, step


@pytest.mark.parametrize("name", PUBLISHED_CLI)
def test_cli_analyze_writes_a_report(tmp_path, name):
    assert main(["analyze", name, "--out", str(tmp_path), "--quiet", "--n", "64"]) == 0
    assert (tmp_path / "report.html").is_file()
