"""Tests of the DEU-style backtest helper (models.spatial.backtest) on a synthetic set."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

import models

# Three issues built so that every error is known by hand. Weights are capability x
# salience; the baseline is the weighted mean of Thomson et al. (2006, "compromise model").
#   A: weights (0.6, 0.3, 0.1) at (0, 20, 100): mean 16, median 0; outcome 10
#   B: equal weights at (10, 50, 90):          mean 50, median 50; outcome 60
#   C: weights (1, 3) at (0, 40):              mean 30, median 40; outcome 30 (= the mean)
ISSUES = [
    models.spatial.BacktestIssue([0, 20, 100], [0.6, 0.3, 0.1], [1, 1, 1], outcome=10, name="A"),
    models.spatial.BacktestIssue([10, 50, 90], [1, 1, 1], [1, 1, 1], outcome=60, name="B"),
    models.spatial.BacktestIssue([0, 40], [1, 1], [1, 3], outcome=30, name="C"),
]
OUTCOME = {(0.0, 20.0, 100.0): 10.0, (10.0, 50.0, 90.0): 60.0, (0.0, 40.0): 30.0}


def oracle(x, s, c):
    return OUTCOME[tuple(float(v) for v in x)]


def test_known_errors():
    methods = {
        "weighted_median": lambda x, s, c: float(models.spatial.weighted_median(x, s, c)),
        "fifty": lambda x, s, c: 50.0,
        "mean_plus_one": lambda x, s, c: float(models.spatial.weighted_mean(x, s, c)) + 1.0,
        "oracle": oracle,
    }
    r = models.spatial.backtest(ISSUES, methods)
    assert r.method_names == ("weighted_median", "fifty", "mean_plus_one", "oracle")
    assert r.issue_names == ("A", "B", "C")
    np.testing.assert_allclose(r.outcomes, [10, 60, 30])
    np.testing.assert_allclose(r.baseline_forecasts, [16, 50, 30])
    np.testing.assert_allclose(r.baseline_errors, [6, 10, 0], atol=1e-12)
    assert r.baseline_mae == pytest.approx(16 / 3)
    np.testing.assert_allclose(r.forecasts, [[0, 50, 17, 10], [50, 50, 51, 60], [40, 50, 31, 30]])
    np.testing.assert_allclose(r.errors, [[10, 40, 7, 0], [10, 10, 9, 0], [10, 20, 1, 0]])
    np.testing.assert_allclose(r.mae, [10, 70 / 3, 17 / 3, 0])
    np.testing.assert_allclose(r.mae_difference, [10 - 16 / 3, 70 / 3 - 16 / 3, 1 / 3, -16 / 3])
    # strictly better than the baseline: the oracle on A and B (C is a tie at 0)
    np.testing.assert_allclose(r.win_rate, [0, 0, 1 / 3, 2 / 3])


def test_default_methods_include_weighted_mean_median_and_eum():
    r = models.spatial.backtest(ISSUES)
    assert r.method_names == ("weighted_mean", "weighted_median", "eum")
    np.testing.assert_allclose(r.forecasts[:, 0], r.baseline_forecasts)
    np.testing.assert_allclose(r.forecasts[:, 1], [0, 50, 40])
    assert r.mae_difference[0] == pytest.approx(0.0) and r.win_rate[0] == 0
    # the EUM column is the weighted median after the model's last round
    for k, issue in enumerate(ISSUES):
        x = np.asarray(issue.positions, dtype=float)
        run = models.spatial.eum(x, issue.salience, issue.capability, scale=(x.min(), x.max()))
        assert r.forecasts[k, 2] == pytest.approx(run.weighted_median[-1, 0])


def test_eum_method_passes_switches_and_statistic():
    x, s, c = [0.0, 40.0, 70.0], [0.5, 0.9, 0.4], [2.0, 1.0, 1.5]
    method = models.spatial.eum_method("mean", rounds=2, probability="global")
    run = models.spatial.eum(x, s, c, scale=(0, 70), rounds=2, probability="global")
    assert method(np.array(x), np.array(s), np.array(c)) == pytest.approx(
        run.weighted_mean[-1, 0]
    )
    # one shared position: forecast there without running the model
    assert models.spatial.eum_method()(np.array([5.0, 5.0]), np.ones(2), np.ones(2)) == 5.0
    with pytest.raises(ValueError, match=r"'statistic' parameter of eum_method"):
        models.spatial.eum_method("mode")


def test_frames_and_plot():
    r = models.spatial.backtest(ISSUES, {"fifty": lambda x, s, c: 50.0, "oracle": oracle})
    summary = r.to_frame()
    assert list(summary.columns) == ["method", "mae", "baseline_mae", "mae_difference",
                                     "win_rate"]
    assert summary["mae"].tolist() == pytest.approx([70 / 3, 0])
    issues = r.to_frame("issues")
    assert len(issues) == 3 * 2
    row = issues[(issues["issue"] == "A") & (issues["method"] == "fifty")].iloc[0]
    assert (row["forecast"], row["error"], row["baseline_error"]) == pytest.approx((50, 40, 6))
    with pytest.raises(ValueError, match=r"'kind' parameter of BacktestResult\.to_frame"):
        r.to_frame("nope")
    ax = r.plot()
    assert [t.get_text() for t in ax.get_yticklabels()] == ["fifty", "oracle"]
    assert len(ax.patches) == 2 and ax.get_lines()[0].get_xdata()[0] == pytest.approx(16 / 3)
    plt.close(ax.figure)
    fig, ax = plt.subplots()
    assert models.plotting.plot_backtest(r, ax=ax) is ax
    plt.close(fig)


@pytest.mark.parametrize(("issues", "match"), [
    ([], r"'issues' parameter of backtest must be a non-empty sequence"),
    ([{"positions": [1, 2]}], r"'issues\[0\]' parameter of backtest must be a BacktestIssue"),
    ([ISSUES[0], models.spatial.BacktestIssue([0, 1], [1], [1, 1], outcome=0)],
     r"'issues\[1\]\.salience' parameter of backtest must be an array of shape \(n_actors,\)"),
    ([models.spatial.BacktestIssue([0, 1], [1, 1], [1, -2], outcome=0)],
     r"'issues\[0\]\.capability' parameter of backtest must be a non-negative .* -2"),
    ([models.spatial.BacktestIssue([0, 1], [0, 0], [1, 1], outcome=0)],
     r"'issues\[0\]\.capability' .* capability x salience all zero"),
    ([models.spatial.BacktestIssue([0, 1], [1, 1], [1, 1], outcome=float("nan"))],
     r"'issues\[0\]\.outcome' parameter of backtest must be a finite real number"),
    ([models.spatial.BacktestIssue([], [], [], outcome=0)],
     r"'issues\[0\]\.positions' .* at least 1"),
])
def test_bad_issues(issues, match):
    with pytest.raises(ValueError, match=match):
        models.spatial.backtest(issues, {"fifty": lambda x, s, c: 50.0})


def test_bad_methods():
    with pytest.raises(ValueError, match=r"'methods' parameter of backtest must be a non-empty"):
        models.spatial.backtest(ISSUES, {})
    with pytest.raises(ValueError, match=r"finite forecasts\. Got nan from 'bad' on issue 0"):
        models.spatial.backtest(ISSUES, {"bad": lambda x, s, c: float("nan")})
