import math

import pytest
from pydantic import ValidationError

import positions
from positions import (
    Beta,
    Categorical,
    Discrete,
    Empirical,
    Fixed,
    LogNormal,
    Triangular,
    TruncNormal,
    Uniform,
)


def test_supports_and_membership():
    assert Uniform(low=1, high=2).support() == (1.0, 2.0)
    assert Triangular(low=0, mode=0.2, high=1).contains(1.0)
    assert not Triangular(low=0, mode=0.2, high=1).contains(1.1)
    assert TruncNormal(mean=0, sd=1).support() == (-math.inf, math.inf)
    assert TruncNormal(mean=0, sd=1, low=-1).support() == (-1.0, math.inf)
    assert Beta(alpha=2, beta=3, low=10, high=20).support() == (10.0, 20.0)
    assert LogNormal(median=1, sigma=1).contains(1e-9) and not LogNormal(
        median=1, sigma=1
    ).contains(0)
    assert Discrete(values=(1, 3)).contains(3) and not Discrete(values=(1, 3)).contains(2)
    assert Empirical(samples=(4, 1, 9)).support() == (1.0, 9.0)
    assert Fixed(value=2).support() == (2.0, 2.0)


@pytest.mark.parametrize(
    ("cls", "kwargs", "match"),
    [
        (Uniform, {"low": 2, "high": 1}, "must be below high"),
        (Triangular, {"low": 0, "mode": 2, "high": 1}, "low <= mode <= high"),
        (TruncNormal, {"mean": 0, "sd": 0}, "greater than 0"),
        (Beta, {"alpha": -1, "beta": 1}, "greater than 0"),
        (Discrete, {"values": (1, 2), "weights": (1,)}, "weights has 1 entries"),
        (Discrete, {"values": (1, 2), "weights": (-1, 2)}, "must be >= 0"),
        (Categorical, {"categories": ("a", "a")}, "repeat"),
        (Uniform, {"low": 0, "high": float("nan")}, "finite"),
    ],
)
def test_invalid_specs_are_rejected(cls, kwargs, match):
    with pytest.raises(ValidationError, match=match):
        cls(**kwargs)


def test_estimate_value_must_lie_in_its_uncertainty():
    with pytest.raises(
        ValidationError, match=r"value 0.9 lies outside its uncertainty's support \[0.1, 0.5\]"
    ):
        positions.Estimate(
            value=0.9, uncertainty={"dist": "uniform", "low": 0.1, "high": 0.5}, rationale="r"
        )
    with pytest.raises(ValidationError, match="categorical"):
        positions.Estimate(
            value=0.9, uncertainty={"dist": "categorical", "categories": ["a"]}, rationale="r"
        )


def test_estimate_requires_uncertainty_and_rationale():
    with pytest.raises(ValidationError, match="uncertainty"):
        positions.Estimate(value=0.5, rationale="r")
    with pytest.raises(ValidationError, match="rationale"):
        positions.Estimate(value=0.5, uncertainty={"dist": "fixed"}, rationale="   ")


def test_dump_keeps_the_distribution_tag():
    est = positions.Estimate(value=0.5, uncertainty={"dist": "fixed"}, rationale="r")
    data = est.model_dump(exclude_defaults=True)
    assert data["uncertainty"] == {"dist": "fixed"}
    assert positions.Estimate.model_validate(data) == est


def test_bounds_of_fixed_is_the_value():
    est = positions.Estimate(value=0.25, uncertainty={"dist": "fixed"}, rationale="r")
    assert est.bounds() == (0.25, 0.25)


def test_models_are_frozen():
    u = Uniform(low=0, high=1)
    with pytest.raises(ValidationError, match="frozen"):
        u.low = 0.5  # type: ignore[misc]
