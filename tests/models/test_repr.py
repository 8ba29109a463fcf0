"""Results print as a few readable lines: rounded numbers, names, arrays by shape.

Issue 16: no ``mappingproxy``, no raw arrays, no float noise such as
``0.44999999999999996``; table-shaped results also render as an HTML table.
"""

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import models
import models.bargaining as mb
import models.games as mg
import models.spatial as ms
import models.uncertainty as mu
import models.war as mw
import positions
from models._repr import compact_repr, fmt_number, frame_html


@pytest.fixture(scope="module")
def s():
    return positions.load("ukraine-ceasefire-2025-05")


def _small_graph():
    return models.GraphModel.from_states(
        4, {"A": [(1, 2), (2, 1), (3, 4), (4, 3)], "B": [(1, 3), (3, 1), (2, 4), (4, 2)]},
        {"A": [3, 4, 1, 2], "B": [3, 1, 4, 2]}, status_quo=1)


def _inputs():
    return models.uncertain(inputs={"a": positions.Uniform(low=0, high=1),
                                    "b": positions.Uniform(low=0, high=1)})


def _mc():
    return models.monte_carlo(lambda v: {"y": v["a"] + 2 * v["b"]}, _inputs(), 256, rng=1,
                              progress=False)


def _pie(x):
    return np.column_stack([x[:, 0], np.sqrt(1 - x[:, 0])])


_U = np.column_stack([np.arange(11.0), 10 - np.arange(11.0)]) / 3

# Every public result type, built from the built-in scenario or a small generated input.
RESULTS = {
    "WarBargaining": lambda s: models.war_bargaining(s, n_draws=300, rng=1),
    "WarLearning": lambda s: mw.simulate_war_learning((17, 3), (3, 17), 0.3, 0.02, 0.04, 24,
                                                      n_draws=300, rng=1),
    "BargainingRange": lambda s: mw.bargaining_range(0.7, 0.1, 0.25),
    "RiskReturn": lambda s: mw.risk_return(0.5, 0.1, 0.0, 0.3),
    "GraphModel": lambda s: models.GraphModel.from_scenario(s),
    "GraphStability": lambda s: models.GraphModel.from_scenario(s).stability(),
    "CoalitionStability": lambda s: _small_graph().coalition_stability([["A", "B"]]),
    "StatusQuoAnalysis": lambda s: _small_graph().status_quo_analysis("R"),
    "GameTree": lambda s: models.threat_game(s),
    "SubgamePerfectEquilibrium": lambda s: mg.backward_induction(models.threat_game(s)),
    "ThreatCredibility": lambda s: models.threat_credibility(
        audience_cost=np.linspace(0, 0.5, 7), threat_cost_threatener=0.2,
        war_gain_target=0.1, threat_cost_target=0.3),
    "Equilibria": lambda s: mg.NormalFormGame(([[2, 0], [0, 1]], [[1, 0], [0, 2]]))
    .support_enumeration(),
    "SMPResult": lambda s: models.forecast(s, ["smp"]).smp_result,
    "EUMResult": lambda s: models.forecast(s, ["eum"]).eum_results["territory"],
    "ForecastResult": lambda s: models.forecast(s),
    "BargainResult": lambda s: models.bargain(s),
    "ScenarioArrays": lambda s: models.scenario_arrays(s),
    "Solution": lambda s: mb.solve(_U, [0, 0]),
    "ContinuousSolution": lambda s: mb.solve_continuous(_pie, [[0, 1]], [0, 0], rng=0),
    "RubinsteinResult": lambda s: mb.rubinstein(0.9, 0.8),
    "MonteCarloResult": lambda s: _mc(),
    "MCEstimate": lambda s: _mc().mean("y"),
    "Convergence": lambda s: mu.running_estimate("heads", np.arange(1000) % 3 == 0, n_points=5),
    "SobolIndices": lambda s: models.sobol_indices(
        lambda v: {"y": v["a"] + 2 * v["b"]}, _inputs(), 256, rng=0, second_order=False),
    "MorrisScreening": lambda s: models.morris_screening(
        lambda v: {"y": v["a"] + 5 * v["b"]}, _inputs(), 10, rng=0),
    "PrimResult": lambda s: models.prim(
        np.random.default_rng(0).random((500, 3)),
        np.random.default_rng(0).random((500, 3))[:, 0] > 0.6, names=["a", "b", "c"]),
    "UncertainInputs": lambda s: _inputs(),
    "IteratedDominance": lambda s: mg.NormalFormGame(
        ([[3, 0], [0, 3], [1, 1]], np.zeros((3, 2)))).eliminate_dominated(),
    "Equilibrium": lambda s: mg.NormalFormGame(
        ([[2, 0], [0, 1]], [[1, 0], [0, 2]])).approximate_equilibrium(),
    "SMPBatchResult": lambda s: ms.smp_batch(
        np.clip(np.array([[10.0, 20.0], [60.0, 50.0], [90.0, 80.0]])
                + np.random.default_rng(0).normal(0, 5, size=(8, 3, 2)), 0, 100),
        [[0.5, 0.3], [0.4, 0.4], [0.6, 0.2]], [100.0, 60.0, 80.0]),
    "BacktestResult": lambda s: ms.backtest(
        [ms.BacktestIssue([0, 20, 100], [0.6, 0.3, 0.1], [1, 1, 1], outcome=10, name="A"),
         ms.BacktestIssue([10, 50, 90], [1, 1, 1], [1, 1, 1], outcome=60, name="B")],
        {"fifty": lambda x, w, c: 50.0}),
}

_FLOAT = re.compile(r"(?<![\w.])-?\d+\.\d+(?:e[+-]?\d+)?")


def _significant(number: str) -> int:
    mantissa = number.lstrip("-").split("e")[0].replace(".", "").lstrip("0")
    return len(mantissa)


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_repr_is_short_rounded_and_named(s, name):
    result = RESULTS[name](s)
    assert type(result).__name__ == name
    text = repr(result)
    assert "mappingproxy" not in text, text
    assert "array(" not in text, text
    noisy = [f for f in _FLOAT.findall(text) if _significant(f) > 6]
    assert not noisy, (name, noisy)
    assert len(text) < 1600, (name, len(text))


_NO_TABLE = {"Equilibrium", "GameTree", "GraphModel", "ScenarioArrays"}
"""Results with no tabular form (a profile, a tree, a graph, arrays): no ``_repr_html_``."""


@pytest.mark.parametrize("name", sorted(RESULTS))
def test_repr_html_is_a_table(s, name):
    result = RESULTS[name](s)
    assert hasattr(result, "_repr_html_") == (name not in _NO_TABLE), name
    if name in _NO_TABLE:
        return
    page = result._repr_html_()
    assert "<table" in page and "</table>" in page
    assert len(page) < 60_000


def test_table_results_have_html(s):
    # The results whose natural form is a table all render as one.
    for name in ("WarBargaining", "GraphStability", "SobolIndices", "MorrisScreening",
                 "MCEstimate", "Solution", "SubgamePerfectEquilibrium", "ForecastResult"):
        assert hasattr(RESULTS[name](s), "_repr_html_"), name


def test_known_offenders_are_fixed(s):
    war = repr(models.war_bargaining(s, n_draws=50, rng=1))
    assert "low=0.05," in war and "width=0.45," in war
    assert "0.05000000000000002" not in war and "0.44999999999999996" not in war
    spe = repr(mg.backward_induction(models.threat_game(s)))
    assert "strategy={decide_threat: 'no threat'" in spe  # names, not a mappingproxy
    stab = repr(models.GraphModel.from_scenario(s).stability())
    assert "<array 9216x4x4 bool: " in stab  # shape plus first values
    assert "n_states=9216" in stab and "payoffs=" not in stab  # the model in one line
    r_states = models.GraphModel.from_scenario(s).equilibria("R")
    assert f"equilibria={{R: ({r_states[0]}, " in stab


def test_small_graph_results_name_their_equilibria():
    text = repr(_small_graph().status_quo_analysis("R"))
    assert "equilibria=(4,)" in text and "paths=((1, 3, 4),)" in text
    assert "movers=(('B', 'A'),)" in text
    assert "equilibria={R: (4,), GMR: (1, 4)" in repr(_small_graph().stability())


def test_small_values_stay_visible():
    text = repr(mw.bargaining_range(0.6, 0.1, 0.2))
    assert "low=0.5" in text and "high=0.8" in text and "nonempty=True" in text


def test_compact_repr_details():
    from dataclasses import dataclass, field

    @dataclass
    class R:
        big: np.ndarray
        small: np.ndarray
        shares: dict = field(default_factory=dict)
        names: tuple = ()

    r = R(np.arange(12.0).reshape(3, 4) / 3, np.array([0.1 + 0.2, 1e-9]),
          {f"k{i}": i / 7 for i in range(6)}, tuple("abcdefg"))
    assert compact_repr(r) == (
        "R(big=<array 3x4 float64: 0, 0.3333, 0.6667, 1, ...>, small=[0.3, 1e-09], "
        "shares={k0: 0, k1: 0.1429, k2: 0.2857, k3: 0.4286, ... and 2 more}, "
        "names=('a', 'b', 'c', 'd', ... and 3 more))"
    )


@given(st.floats(min_value=-1e300, max_value=1e300))
def test_fmt_number_rounds_to_four_digits(x):
    text = fmt_number(x)
    assert _significant(text) <= 4
    assert float(text) == pytest.approx(x, rel=5e-4, abs=0)


def test_frame_html_caps_rows():
    import pandas as pd

    class T:
        def to_frame(self):
            return pd.DataFrame({"x": np.arange(50) / 3})

    page = frame_html(T())
    assert "first 20 of 50 rows" in page and page.count("</tr>") == 21
    assert "0.3333<" in page and "0.333333" not in page
