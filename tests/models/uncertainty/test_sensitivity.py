"""Tests of Sobol indices and Morris screening (through SALib and the batched evaluator)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
from numpy.typing import NDArray

import positions
from models import MorrisScreening, SobolIndices, morris_screening, sobol_indices, uncertain
from models.plotting import plot_morris, plot_sobol_indices
from models.war import WarModel
from positions import Uniform

PI = float(np.pi)
A, B = 7.0, 0.1


def ishigami(values: Mapping[str, NDArray[Any]]) -> dict[str, NDArray[Any]]:
    """Ishigami and Homma (1990): f = sin x1 + a sin^2 x2 + b x3^4 sin x1, x ~ U(-pi, pi)^3."""
    x1, x2, x3 = values["x1"], values["x2"], values["x3"]
    return {"y": np.sin(x1) + A * np.sin(x2) ** 2 + B * x3**4 * np.sin(x1),
            "x2_only": A * np.sin(x2) ** 2}


def _analytic() -> dict[str, float]:
    # Saltelli et al. (2008), "Global Sensitivity Analysis: The Primer", sec. 4.10 (the
    # Ishigami function): V = a^2/8 + b pi^4/5 + b^2 pi^8/18 + 1/2, V1 = (1 + b pi^4/5)^2 / 2,
    # V2 = a^2/8, V13 = b^2 pi^8 (1/18 - 1/50), V3 = V12 = V23 = 0.
    v = A**2 / 8 + B * PI**4 / 5 + B**2 * PI**8 / 18 + 0.5
    v1 = 0.5 * (1 + B * PI**4 / 5) ** 2
    v2 = A**2 / 8
    v13 = B**2 * PI**8 * (1 / 18 - 1 / 50)
    return {"S1": v1 / v, "S2": v2 / v, "S3": 0.0, "S13": v13 / v,
            "ST1": (v1 + v13) / v, "ST2": v2 / v, "ST3": v13 / v}


@pytest.fixture(scope="module")
def inputs() -> Any:
    return uncertain(inputs={f"x{i}": Uniform(low=-PI, high=PI) for i in (1, 2, 3)})


@pytest.fixture(scope="module")
def sobol(inputs: Any) -> SobolIndices:
    return sobol_indices(ishigami, inputs, 4096, rng=0, chunk_size=10000)


def test_analytic_values_are_the_published_ones() -> None:
    # The Primer's values for a = 7, b = 0.1.
    exact = _analytic()
    assert exact["S1"] == pytest.approx(0.3139, abs=1e-4)
    assert exact["S2"] == pytest.approx(0.4424, abs=1e-4)
    assert exact["ST1"] == pytest.approx(0.5576, abs=1e-4)
    assert exact["ST3"] == pytest.approx(0.2437, abs=1e-4)
    assert exact["S13"] == pytest.approx(0.2437, abs=1e-4)


def test_ishigami_sobol_indices(sobol: SobolIndices) -> None:
    # Saltelli's estimators at N = 4096 (seeded): each index lies within its bootstrap
    # interval of the analytic value, or within 0.02 of it.
    exact = _analytic()
    y = sobol.outputs.index("y")
    checks = [
        (sobol.S1[y, 0], sobol.S1_conf[y, 0], exact["S1"]),
        (sobol.S1[y, 1], sobol.S1_conf[y, 1], exact["S2"]),
        (sobol.S1[y, 2], sobol.S1_conf[y, 2], exact["S3"]),
        (sobol.ST[y, 0], sobol.ST_conf[y, 0], exact["ST1"]),
        (sobol.ST[y, 1], sobol.ST_conf[y, 1], exact["ST2"]),
        (sobol.ST[y, 2], sobol.ST_conf[y, 2], exact["ST3"]),
    ]
    assert sobol.S2 is not None and sobol.S2_conf is not None
    checks += [(sobol.S2[y, 0, 2], sobol.S2_conf[y, 0, 2], exact["S13"]),
               (sobol.S2[y, 0, 1], sobol.S2_conf[y, 0, 1], 0.0),
               (sobol.S2[y, 1, 2], sobol.S2_conf[y, 1, 2], 0.0)]
    for est, conf, true in checks:
        assert abs(est - true) <= max(conf, 0.02), (est, conf, true)
    assert sobol.n_evaluations == 4096 * (2 * 3 + 2)
    # an output of x2 alone: S1 = ST = 1 for x2, 0 for the others
    o = sobol.outputs.index("x2_only")
    np.testing.assert_allclose(sobol.S1[o], [0, 1, 0], atol=0.02)
    np.testing.assert_allclose(sobol.ST[o], [0, 1, 0], atol=0.02)


def test_sobol_is_reproducible_and_tidy(inputs: Any, sobol: SobolIndices) -> None:
    again = sobol_indices(ishigami, inputs, 4096, rng=0, chunk_size=3000)
    np.testing.assert_array_equal(again.S1, sobol.S1)
    np.testing.assert_array_equal(again.ST_conf, sobol.ST_conf)
    frame = sobol.to_frame()
    assert set(frame["index"]) == {"S1", "ST", "S2"}
    assert len(frame) == 2 * (3 + 3 + 3)
    row = frame[(frame["output"] == "y") & (frame["index"] == "S2") & (frame["input"] == "x1")
                & (frame["input2"] == "x3")]
    assert row["value"].item() == pytest.approx(float(sobol.S2[0, 0, 2]))  # type: ignore[index]
    first = sobol_indices(ishigami, inputs, 256, rng=1, second_order=False, outputs="y")
    assert first.S2 is None and first.outputs == ("y",) and first.n_evaluations == 256 * 5


def test_morris_ranks_ishigami_inputs(inputs: Any) -> None:
    # Morris (1991) with p = 4 levels: the step Delta = 2/3 moves x2 between -pi and pi/3 or
    # between -pi/3 and pi, where 7 sin^2 changes by 7 * 3/4, so every elementary effect of
    # x2 has |EE| = 7 (3/4) / (2/3) = 7.875 exactly. x3 acts only through its interaction
    # with x1 (S3 = 0, ST3 = 0.24): lowest mu*, and sigma > mu* (Campolongo et al. 2007).
    res = morris_screening(ishigami, inputs, 200, rng=3, outputs="y")
    assert isinstance(res, MorrisScreening)
    assert res.mu_star[0, 1] == pytest.approx(7.875)
    assert res.ranking()[-1] == "x3"
    assert set(res.ranking()[:2]) == {"x1", "x2"}
    assert res.sigma[0, 2] > res.mu_star[0, 2]
    assert res.n_evaluations == 200 * 4
    assert len(res.to_frame()) == 3


def test_morris_linear_model_closed_form() -> None:
    # For Y = sum_i c_i X_i with X_i ~ U(0, 1) every elementary effect of X_i equals c_i.
    inp = uncertain(inputs={k: Uniform(low=0, high=1) for k in "abc"})
    res = morris_screening(lambda v: {"y": 1 * v["a"] - 3 * v["b"] + 0.5 * v["c"]}, inp, 10,
                           rng=0)
    np.testing.assert_allclose(res.mu_star[0], [1, 3, 0.5])
    np.testing.assert_allclose(res.mu[0], [1, -3, 0.5])
    np.testing.assert_allclose(res.sigma[0], 0, atol=1e-12)
    assert res.ranking() == ("b", "a", "c")


def test_sensitivity_of_a_scenario_model() -> None:
    # Mutual optimism turns on p_A - p_B - c_A - c_B: the two beliefs and two costs are
    # the only inputs with any effect (all others have zero total index).
    s = positions.load("ukraine-ceasefire-2025-05")
    inp = uncertain(s, include=["beliefs[*four_regions]*", "parameters[war_cost_*]",
                                "parameters[discount_USA]"])
    res = sobol_indices(WarModel(inp), inp, 512, rng=0, outputs="optimism",
                        second_order=False)
    active = {"beliefs[b_RUS_four_regions].probability",
              "beliefs[b_BARRY_four_regions].probability"}
    for name, st in zip(res.names, res.ST[0], strict=True):
        if name not in active:
            assert abs(st) < 1e-12, name


def test_errors(inputs: Any) -> None:
    with pytest.raises(ValueError, match="'n_base' parameter of sobol_indices must be a power"):
        sobol_indices(ishigami, inputs, 1000)
    correlated = uncertain(inputs={"x1": Uniform(low=0, high=1), "x2": Uniform(low=0, high=1)},
                           correlation={("x1", "x2"): 0.5})
    with pytest.raises(ValueError, match="a declaration of independent inputs"):
        sobol_indices(ishigami, correlated, 64)
    with pytest.raises(ValueError, match="'outputs' parameter of sobol_indices"):
        sobol_indices(ishigami, inputs, 64, outputs="zzz")
    with pytest.raises(ValueError, match="finite in every draw"):
        sobol_indices(lambda v: {"y": np.full(v["x1"].shape, np.nan)}, inputs, 64)
    with pytest.raises(ValueError, match="'num_levels' parameter of morris_screening"):
        morris_screening(ishigami, inputs, 10, num_levels=3)
    with pytest.raises(TypeError, match="'inputs' parameter of morris_screening"):
        morris_screening(ishigami, {"x1": 1}, 10)  # type: ignore[arg-type]
    res = morris_screening(ishigami, inputs, 4, rng=0)
    with pytest.raises(ValueError, match=r"'output' parameter of MorrisScreening\.ranking"):
        res.ranking("zzz")


def test_plots(sobol: SobolIndices, inputs: Any) -> None:
    ax = sobol.plot()
    assert "Sobol" in ax.get_title()
    assert plot_sobol_indices(sobol, output="x2_only") is not None
    res = morris_screening(ishigami, inputs, 10, rng=0)
    assert res.plot().get_xlabel().startswith(r"$\mu^*$")
    _, ax2 = plt.subplots()
    assert plot_morris(res, ax=ax2, output="y") is ax2
    with pytest.raises(ValueError, match="'output' parameter of plot_sobol_indices"):
        sobol.plot(output="zzz")
    plt.close("all")
