"""Tests of the sampler registry: a sampler added in one entry is usable everywhere."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pytest
from numpy.typing import NDArray
from pydantic import ValidationError

from models import SweepSpec, monte_carlo, uncertain
from models.uncertainty import SAMPLERS, Design, SamplerSpec, design, sample
from positions import Uniform


def midpoints(plan: Design, start: int, stop: int) -> NDArray[np.float64]:
    """Every input at the midpoint of stratum ``r`` of ``n_draws``: a throwaway sampler."""
    r = np.arange(start, stop)
    return np.repeat(((r + 0.5) / plan.n_draws)[:, None], plan.n_inputs, axis=1)


def double(values: Mapping[str, NDArray[Any]]) -> dict[str, NDArray[Any]]:
    return {"y": 2 * values["x"], "big": values["x"] > 5}


def test_a_registered_sampler_is_usable_then_removed() -> None:
    inputs = uncertain(inputs={"x": Uniform(low=0, high=10)})
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(SAMPLERS, "midpoints", SamplerSpec(midpoints, "midpoint"))
        res = monte_carlo(double, inputs, 4, sampler="midpoints", chunk_size=3, rng=0,
                          keep_draws=False, progress=False)
        assert res.sampler == "midpoints"
        assert res.input_values()[:, 0].tolist() == [1.25, 3.75, 6.25, 8.75]
        assert res.outputs["y"].tolist() == [2.5, 7.5, 12.5, 17.5]
        assert res.probability("big").estimate == 0.5
        assert sample(inputs, 4, sampler="midpoints", start=2).ravel().tolist() == [6.25, 8.75]
        assert design(inputs, 4, sampler="midpoints").spec.title == "midpoint"
        # the sweep specs read the registry too
        assert SweepSpec(scenario=None, model="war", sampler="midpoints").sampler == "midpoints"
    assert "midpoints" not in SAMPLERS
    with pytest.raises(ValueError, match="'sampler' parameter of monte_carlo must be one of"):
        monte_carlo(double, inputs, 4, sampler="midpoints", progress=False)
    with pytest.raises(ValidationError, match="'midpoints' is not one of"):
        SweepSpec(scenario=None, model="war", sampler="midpoints")


def test_the_registry_drives_the_checks() -> None:
    assert list(SAMPLERS) == ["random", "lhs", "sobol", "halton", "factorial"]
    assert [k for k, s in SAMPLERS.items() if s.levels] == ["factorial"]
    assert [k for k, s in SAMPLERS.items() if s.power_of_two] == ["sobol"]
    inputs = uncertain(inputs={"x": Uniform(low=0, high=1)})
    with pytest.raises(ValueError, match="None only for sampler='factorial'"):
        design(inputs, sampler="lhs")
    with pytest.raises(ValidationError, match="'factorial' is not one of 'random', 'lhs', "
                                              "'sobol' or 'halton'"):
        SweepSpec(scenario=None, model="war", sampler="factorial")
