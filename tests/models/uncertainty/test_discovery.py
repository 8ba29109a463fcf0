"""Tests of scenario discovery with PRIM (Friedman and Fisher 1999)."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from models import PrimResult, monte_carlo, prim, uncertain
from models.plotting import plot_prim
from positions import Uniform


def box_data(n: int = 5000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Uniform inputs in [0, 1]^5; the cases of interest are exactly the box
    0.3 <= x0 <= 0.7, x1 <= 0.5 (known by construction)."""
    x = np.random.default_rng(seed).random((n, 5))
    y = (x[:, 0] >= 0.3) & (x[:, 0] <= 0.7) & (x[:, 1] <= 0.5)
    return x, y


def test_prim_recovers_a_known_box() -> None:
    # Friedman and Fisher (1999), sec. 4-5: peeling finds the box where the target's mean
    # is highest; with noise-free data its limits are the true ones, up to the spacing of
    # the data.
    x, y = box_data()
    res = prim(x, y, names=["a", "b", "c", "d", "e"], threshold=0.95)
    assert isinstance(res, PrimResult)
    assert res.restricted() == ("a", "b")
    limits = res.limits().set_index("input")
    assert limits.loc["a", "low"] == pytest.approx(0.3, abs=0.02)
    assert limits.loc["a", "high"] == pytest.approx(0.7, abs=0.02)
    assert limits.loc["b", "high"] == pytest.approx(0.5, abs=0.02)
    c = res.chosen
    assert res.density[c] >= 0.95 and res.coverage[c] >= 0.9
    # the measures agree with their definitions
    inside = res.inside(x)
    assert res.n_points[c] == inside.sum()
    assert res.coverage[c] == pytest.approx((y & inside).sum() / y.sum())
    assert res.density[c] == pytest.approx((y & inside).sum() / inside.sum())
    assert res.mass[c] == pytest.approx(inside.mean())


def test_peeling_trajectory_properties() -> None:
    x, y = box_data(seed=1)
    res = prim(x, y, alpha=0.1, paste=False, threshold=1.0)
    t = res.to_frame()
    assert t["kind"].iloc[0] == "start" and set(t["kind"].iloc[1:]) == {"peel"}
    assert res.coverage[0] == 1.0 and res.mass[0] == 1.0
    assert res.density[0] == pytest.approx(y.mean())
    # each peel removes points: mass falls strictly, coverage never rises
    assert np.all(np.diff(res.mass) < 0)
    assert np.all(np.diff(res.coverage) <= 1e-12)
    # each peel removes about alpha of the box's points
    ratio = res.n_points[1:] / res.n_points[:-1]
    assert np.all(ratio >= 0.85) and np.all(ratio < 1)
    # peeling stops at density 1 or at the mass floor
    assert res.density[-1] == 1.0 or res.mass[-1] >= res.mass_min
    assert res.n_steps == len(t) and t["chosen"].sum() == 1


def test_pasting_undoes_an_overgreedy_peel() -> None:
    # Friedman and Fisher (1999), sec. 5.2: pasting extends a box while density rises.
    x, y = box_data(seed=2)
    peeled = prim(x, y, alpha=0.3, paste=False, threshold=0.9)
    pasted = prim(x, y, alpha=0.3, paste=True, threshold=0.9)
    assert pasted.kind[-1] == "paste" and pasted.chosen == pasted.n_steps - 1
    assert pasted.density[pasted.chosen] > peeled.density[peeled.chosen]
    assert pasted.n_points[pasted.chosen] > peeled.n_points[peeled.chosen]
    assert np.all(pasted.box_low <= peeled.box_low)
    assert np.all(pasted.box_high >= peeled.box_high)
    assert pasted.restricted() == ("x0", "x1")


def test_chosen_box_rule() -> None:
    x, y = box_data(seed=3)
    res = prim(x, y, threshold=0.5, paste=False)
    good = np.flatnonzero(res.density >= 0.5)
    assert res.chosen == good[np.argmax(res.coverage[good])]
    never = prim(x, y, threshold=1.0, paste=False)
    assert never.density[never.chosen] == never.density.max()


def test_prim_on_monte_carlo_draws() -> None:
    inputs = uncertain(inputs={"p": Uniform(low=0, high=1), "q": Uniform(low=0, high=1),
                               "noise": Uniform(low=0, high=1)})
    res = monte_carlo(lambda v: {"deal": (v["p"] > 0.6) & (v["q"] < 0.4)}, inputs, 4000,
                      rng=0, progress=False)
    frame = res.to_frame()[list(inputs.names)]
    box = prim(frame, res.outputs["deal"], threshold=0.9)
    assert box.names == inputs.names
    assert box.restricted() == ("p", "q")


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 10_000), st.floats(0.02, 0.3))
def test_prim_invariants(seed: int, alpha: float) -> None:
    rng = np.random.default_rng(seed)
    x = rng.random((300, 3))
    y = rng.random(300) < x[:, 0]
    if not y.any():
        return
    res = prim(x, y, alpha=alpha)
    assert np.all((res.coverage >= 0) & (res.coverage <= 1))
    assert np.all((res.density >= 0) & (res.density <= 1))
    assert np.all(res.low <= res.high + 1e-12)
    assert np.all(res.low >= res.data_low - 1e-12) and np.all(res.high <= res.data_high + 1e-12)
    # every box is nested in the one before it along the peeling trajectory
    peel = [i for i, k in enumerate(res.kind) if k != "paste"]
    assert np.all(np.diff(res.low[peel], axis=0) >= 0)
    assert np.all(np.diff(res.high[peel], axis=0) <= 0)


def test_errors() -> None:
    x, y = box_data(n=100)
    with pytest.raises(ValueError, match="'y' parameter of prim must be booleans"):
        prim(x, y[:50])
    with pytest.raises(ValueError, match="at least one case of interest"):
        prim(x, np.zeros(100, dtype=bool))
    with pytest.raises(ValueError, match=r"'alpha' parameter of prim must be a finite real"):
        prim(x, y, alpha=0.6)
    with pytest.raises(ValueError, match="'names' parameter of prim"):
        prim(x, y, names=["a"])
    with pytest.raises(ValueError, match="'x' parameter of prim must be a finite"):
        prim(np.full((100, 5), np.nan), y)
    res = prim(x, y)
    with pytest.raises(ValueError, match="'step' parameter of PrimResult"):
        res.limits(step=10_000)


def test_plot_and_frames() -> None:
    x, y = box_data(n=1000)
    res = prim(x, y)
    ax = res.plot()
    assert ax.get_xlabel() == "coverage" and ax.get_ylabel() == "density"
    _, ax2 = plt.subplots()
    assert plot_prim(res, ax=ax2) is ax2
    assert isinstance(res.to_frame(), pd.DataFrame)
    assert list(res.limits().columns) == ["input", "low", "high", "data_low", "data_high"]
    plt.close("all")
