"""Every plotting function renders a non-blank figure with labels (issue 7's image check).

Each case builds a small real result through the public API and draws it on a fresh Axes;
the figure is rendered to PNG and must have many colours, real contrast and a title or
axis label.
"""

import io

import matplotlib.pyplot as plt
import numpy as np
import pytest

import models
import models.plotting as mp
import positions


@pytest.fixture(scope="module")
def s():
    return positions.load("ukraine-ceasefire-2025-05")


@pytest.fixture(scope="module")
def core(s):
    return s.with_parties(["RUS", "USA", "UKR"])


@pytest.fixture(scope="module")
def fc(s):
    return models.forecast(s)


@pytest.fixture(scope="module")
def mc(core):
    inputs = models.uncertain(core, include=["parameters[*]", "beliefs[*]"])
    return models.monte_carlo(models.games.ThreatModel(inputs), inputs, 512, rng=1, progress=False)


@pytest.fixture(scope="module")
def params(core):
    return models.uncertain(core, include=["parameters[*]"])


def _smp_batch():
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 100, (8, 5, 2))
    sal = np.full((5, 2), 0.45)
    return models.spatial.smp_batch(x, sal, np.arange(1.0, 6.0), rng=1)


CASES = {
    "plot_positions": lambda f: mp.plot_positions(f["s"], ax=f["ax"]),
    "plot_forecasts": lambda f: mp.plot_forecasts(f["fc"], ax=f["ax"]),
    "plot_bargaining_space": lambda f: mp.plot_bargaining_space(
        models.bargain(f["core"]), ax=f["ax"]
    ),
    "plot_solution": lambda f: mp.plot_solution(
        models.bargaining.solve(
            np.column_stack([np.arange(11.0), 10 - np.arange(11.0)]), [0, 0]),
        ax=f["ax"],
    ),
    "plot_rubinstein": lambda f: mp.plot_rubinstein(
        models.bargaining.rubinstein(0.9, 0.8), ax=f["ax"]),
    "plot_trajectories": lambda f: mp.plot_trajectories(f["fc"].smp_result, ax=f["ax"]),
    "plot_power_landscape": lambda f: mp.plot_power_landscape(f["fc"].smp_result, ax=f["ax"]),
    "plot_batch_outcomes": lambda f: mp.plot_batch_outcomes(_smp_batch(), ax=f["ax"]),
    "plot_eum": lambda f: mp.plot_eum(f["fc"].eum_results["territory"], ax=f["ax"]),
    "plot_perspective": lambda f: mp.plot_perspective(
        f["fc"].eum_results["territory"], "RUS", ax=f["ax"]
    ),
    "plot_backtest": lambda f: mp.plot_backtest(
        models.spatial.backtest(
            [
                models.spatial.BacktestIssue(
                    positions=[0, 50, 100],
                    salience=[1, 1, 1],
                    capability=[1, 2, 1],
                    outcome=50,
                    name="a",
                ),
                models.spatial.BacktestIssue(
                    positions=[10, 20, 90],
                    salience=[1, 0.5, 1],
                    capability=[2, 1, 1],
                    outcome=20,
                    name="b",
                ),
            ]
        ),
        ax=f["ax"],
    ),
    "plot_payoff_table": lambda f: mp.plot_payoff_table(
        models.games.NormalFormGame(([[3, 0], [5, 1]], [[3, 5], [0, 1]])).pure_equilibria(),
        ax=f["ax"]
    ),
    "plot_game_tree": lambda f: mp.plot_game_tree(
        models.games.backward_induction(models.threat_game(f["s"])), ax=f["ax"]
    ),
    "plot_threat_credibility": lambda f: mp.plot_threat_credibility(
        models.threat_credibility(
            f["s"],
            audience_cost=np.linspace(0, 0.1, 21)[:, None],
            threat_cost_threatener=np.linspace(0, 0.15, 21)[None, :],
        ),
        ax=f["ax"],
    ),
    "plot_bargaining_range": lambda f: mp.plot_bargaining_range(
        models.war.bargaining_range(0.6, 0.1, 0.2), ax=f["ax"]
    ),
    "plot_risk_return": lambda f: mp.plot_risk_return(
        models.war.risk_return(0.5, 0.1, 0.0, 0.3), ax=f["ax"]
    ),
    "plot_war_learning": lambda f: mp.plot_war_learning(
        models.war.simulate_war_learning((17, 3), (3, 17), 0.3, 0.02, 0.04, 24, n_draws=200, rng=1),
        ax=f["ax"],
    ),
    "plot_war_bargaining": lambda f: mp.plot_war_bargaining(
        models.war_bargaining(f["s"], n_draws=200, rng=1), ax=f["ax"]
    ),
    "plot_graph_model": lambda f: mp.plot_graph_model(
        models.GraphModel.from_scenario(f["s"]).stability(), ax=f["ax"]
    ),
    "plot_monte_carlo": lambda f: mp.plot_monte_carlo(f["mc"], output="credible", ax=f["ax"]),
    "plot_convergence": lambda f: mp.plot_convergence(f["mc"].convergence("credible"), ax=f["ax"]),
    "plot_mc_estimate": lambda f: mp.plot_mc_estimate(f["mc"].probability("credible"), ax=f["ax"]),
    "plot_sobol_indices": lambda f: mp.plot_sobol_indices(
        models.sobol_indices(
            models.games.ThreatModel(f["params"]),
            f["params"],
            16,
            outputs="credible",
            second_order=False,
            rng=1,
        ),
        ax=f["ax"],
    ),
    "plot_morris": lambda f: mp.plot_morris(
        models.morris_screening(
            models.games.ThreatModel(f["params"]), f["params"], 8, outputs="credible", rng=1
        ),
        ax=f["ax"],
    ),
    "plot_agreement": lambda f: mp.plot_agreement(
        models.agreement(f["s"], [positions.load_coding({
            "scenario": f["s"].id, "coder": "B", "values": {
                path: {"value": 0.5 * e.value, "rationale": "half"}
                for path, e in f["s"].estimates().items() if path.endswith(".salience")}},
            f["s"])]),
        ax=f["ax"],
    ),
    "plot_prim": lambda f: mp.plot_prim(
        models.prim(
            f["mc"].input_values(), f["mc"].outputs["credible"], names=list(f["mc"].input_names)
        ),
        ax=f["ax"],
    ),
}


def test_every_plot_function_is_covered():
    names = {n for n in mp.__all__ if n.startswith("plot_")}
    assert names - {"plot_sweep_heatmap"} == set(CASES)  # the heat map is tested with sweeps


@pytest.mark.parametrize("name", sorted(CASES))
def test_plot_renders_with_labels(name, s, core, fc, mc, params):
    fig, ax = plt.subplots(figsize=(6, 4))
    out = CASES[name]({"s": s, "core": core, "fc": fc, "mc": mc, "params": params, "ax": ax})
    assert out is ax or out.figure is fig  # drew on the Axes it was given
    texts = [
        ax.get_title(),
        ax.get_xlabel(),
        ax.get_ylabel(),
        fig._suptitle.get_text() if fig._suptitle else "",
    ]
    texts += [a.get_title() + a.get_xlabel() + a.get_ylabel() for a in fig.axes]
    assert any(t.strip() for t in texts), f"{name} has no title or axis label"
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=50)
    plt.close(fig)
    buffer.seek(0)
    pixels = plt.imread(buffer)[..., :3]
    assert pixels.std() > 0.02, f"{name} looks blank"
    assert len(np.unique((pixels * 255).astype(np.uint8).reshape(-1, 3), axis=0)) > 10


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize("size", [(6, 4), (9, 6)], ids=["6x4", "9x6"])
def test_plot_has_no_text_collisions(name, size, s, core, fc, mc, params):
    """No two drawn texts (tick labels included) overlap, and none leaves the figure."""
    fig, ax = plt.subplots(figsize=size, layout="constrained")
    CASES[name]({"s": s, "core": core, "fc": fc, "mc": mc, "params": params, "ax": ax})
    found = mp.text_collisions(fig)
    plt.close(fig)
    assert not found, f"{name}: " + "; ".join(map(str, found[:8]))
