"""`analyze` and `stances analyze NAME` run end to end on the built-in published scenarios."""

import pytest

import models
import positions
from models.analysis.cli import main

# Elmira has options and no issues: the Graph Model runs, bargaining and the forecasts are
# skipped with a reason in the scenario's terms (issue 12, item 3).
PUBLISHED = ["ec-car-emissions-bdm1994", "elmira-groundwater", "ktab-soe-pol-comp"]
PUBLISHED_CLI = PUBLISHED


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
