"""Tests of uncertain inputs: inverse CDFs, declarations, correlation, constraints, copies."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats
from strategies import numeric_distributions, scenario_dicts

import positions
from models import UncertainInputs, scenario_arrays, uncertain
from models.uncertainty import ScenarioBatch, UncertainInput, ppf, sample
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

U_GRID = np.linspace(0.001, 0.999, 41)


@pytest.fixture(scope="module")
def scenario() -> positions.Scenario:
    return positions.load("ukraine-ceasefire-2025-05")


def _est(value: float, dist: dict[str, object] | None = None) -> dict[str, object]:
    return {"value": value, "uncertainty": dist or {"dist": "fixed"}, "rationale": "coded"}


def tiny_scenario(convention: str = "independent") -> positions.Scenario:
    """Two parties, two issues; saliences sum to 1 per actor at their point values."""
    issues = [
        {"id": k, "label": k, "description": k, "status_quo": _est(50.0),
         "options": [{"id": f"{k}0", "label": "none", "value": 0},
                     {"id": f"{k}1", "label": "half", "value": 50},
                     {"id": f"{k}2", "label": "all", "value": 100}]}
        for k in ("land", "money")
    ]
    sal = {("A", "land"): 0.7, ("A", "money"): 0.3, ("B", "land"): 0.4, ("B", "money"): 0.6}
    ideal = {"A": 100.0, "B": 0.0}
    positions_ = []
    for (a, k), s in sal.items():
        positions_.append({
            "actor": a, "issue": k, "kind": "demand", "basis": "coded",
            "ideal": _est(ideal[a], {"dist": "uniform", "low": 0.0, "high": 100.0}),
            "acceptable": {"low": _est(0.0, {"dist": "uniform", "low": 0.0, "high": 60.0}),
                           "high": _est(100.0, {"dist": "uniform", "low": 40.0, "high": 100.0})},
            "salience": _est(s, {"dist": "uniform", "low": 0.05, "high": 0.95}),
            "option": f"{k}2" if ideal[a] == 100 else f"{k}0",
            "rationale": "coded",
        })
    return positions.Scenario.from_dict({
        "id": "tiny", "title": "Tiny", "date": "2025-05-19",
        "conventions": {"salience": convention, "salience_tolerance": 0.01},
        "actors": [{"id": a, "name": a, "kind": "state",
                    "capability": _est(1.0, {"dist": "uniform", "low": 0.5, "high": 1.5})}
                   for a in ("A", "B")],
        "issues": issues,
        "positions": positions_,
    })


# ------------------------------------------------------------------ inverse CDFs
@pytest.mark.parametrize(
    ("dist", "frozen"),
    [
        (Uniform(low=-2, high=3), stats.uniform(loc=-2, scale=5)),
        (Triangular(low=0, mode=0.3, high=2), stats.triang(0.15, loc=0, scale=2)),
        (Triangular(low=0, mode=0, high=1), stats.triang(0.0, loc=0, scale=1)),
        (Triangular(low=0, mode=1, high=1), stats.triang(1.0, loc=0, scale=1)),
        (TruncNormal(mean=0.5, sd=0.2, low=0, high=1), stats.truncnorm(-2.5, 2.5, 0.5, 0.2)),
        (TruncNormal(mean=1.0, sd=2.0), stats.norm(1.0, 2.0)),
        (Beta(alpha=2, beta=5, low=10, high=20), stats.beta(2, 5, loc=10, scale=10)),
        (LogNormal(median=2.0, sigma=0.5), stats.lognorm(0.5, scale=2.0)),
    ],
)
def test_continuous_ppf_is_scipys(dist: object, frozen: object) -> None:
    # The inversion method (Devroye 1986, ch. II.2): x = F^-1(u), with F^-1 from
    # scipy.stats (Virtanen et al. 2020) or its closed form (uniform, triangular, log-normal).
    np.testing.assert_allclose(ppf(dist, U_GRID), frozen.ppf(U_GRID), rtol=1e-10, atol=1e-12)


def test_discrete_ppf_is_the_generalised_inverse() -> None:
    # F^-1(u) = inf{x : F(x) >= u} for a step CDF; values are sorted first.
    dist = Discrete(values=(100, 0, 50), weights=(0.3, 0.2, 0.5))
    got = ppf(dist, [0.0, 0.19, 0.2, 0.21, 0.69, 0.7, 0.71, 1.0])
    assert got.tolist() == [0.0, 0.0, 0.0, 50.0, 50.0, 50.0, 100.0, 100.0]
    # equal weights when none are given
    assert ppf(Discrete(values=(1, 2)), [0.49, 0.51]).tolist() == [1.0, 2.0]


def test_categorical_empirical_and_fixed() -> None:
    cat = Categorical(categories=("talks", "war", "truce"), weights=(1, 2, 1))
    assert ppf(cat, [0.1, 0.5, 0.9]).tolist() == [0.0, 1.0, 2.0]
    emp = Empirical(samples=(0.9, 0.6, 0.7, 0.8))
    assert ppf(emp, [0.0, 0.26, 0.5, 0.99]).tolist() == [0.6, 0.7, 0.8, 0.9]
    assert ppf(Fixed(value=3.0), [0.1, 0.9]).tolist() == [3.0, 3.0]
    assert ppf(Fixed(), [0.5], value=7.0).tolist() == [7.0]


def test_ppf_bad_inputs() -> None:
    with pytest.raises(ValueError, match="'u' parameter of ppf must be an array of probabilities"):
        ppf(Uniform(low=0, high=1), [0.5, 1.5])
    with pytest.raises(ValueError, match="'u' parameter of ppf must be a finite"):
        ppf(Uniform(low=0, high=1), [np.nan])
    with pytest.raises(TypeError, match="'distribution' parameter of ppf"):
        ppf("uniform", [0.5])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="'value' parameter of ppf must be given"):
        ppf(Fixed(), [0.5])


@settings(max_examples=40, deadline=None)
@given(numeric_distributions(), st.lists(st.floats(0, 1), min_size=2, max_size=20))
def test_ppf_is_monotone_and_stays_in_the_support(dist: object, us: list[float]) -> None:
    u = np.sort(np.asarray(us))
    x = ppf(dist, u)  # type: ignore[arg-type]
    assert np.all(np.isfinite(x))
    assert np.all(np.diff(x) >= -1e-9 * max(1.0, float(np.abs(x).max())))
    low, high = dist.support()  # type: ignore[attr-defined]
    assert np.all(x >= low - 1e-9) and np.all(x <= high + 1e-9)


# ------------------------------------------------------------------ declarations
def test_default_declaration_is_every_coded_uncertainty(scenario: positions.Scenario) -> None:
    inputs = uncertain(scenario)
    expected = [p for p, e in scenario.estimates().items() if e.uncertainty.dist != "fixed"]
    assert isinstance(inputs, UncertainInputs)
    assert inputs.names == tuple(expected)
    assert "actors[USA].capability" not in inputs  # fixed: USA = 1
    x = inputs["positions[RUS/territory].salience"]
    assert isinstance(x, UncertainInput)
    assert (x.value, x.dist, x.bounds) == (0.95, "triangular", (0.85, 1.0))
    np.testing.assert_allclose(inputs.values, [scenario.estimates()[n].value for n in expected])
    assert inputs.renormalise is False  # the built-in case's convention is 'independent'
    frame = inputs.to_frame()
    assert list(frame.columns) == ["name", "dist", "value", "low", "high", "parameters"]
    assert len(frame) == inputs.n_inputs == len(inputs)


def test_include_exclude_patterns(scenario: positions.Scenario) -> None:
    rus = uncertain(scenario, include="positions[RUS/*].salience")
    assert len(rus) == 9 and all(n.startswith("positions[RUS/") for n in rus.names)
    # an item pattern selects every estimate of the item; brackets are literal
    nato = uncertain(scenario, include="positions[RUS/nato]")
    assert nato.names == ("positions[RUS/nato].ideal", "positions[RUS/nato].acceptable.high",
                          "positions[RUS/nato].salience")
    no_ranges = uncertain(scenario, include="positions[*]", exclude="*acceptable*")
    assert not any("acceptable" in n for n in no_ranges.names)
    both = uncertain(scenario, include=["beliefs[*]", "parameters[*]"])
    expected = [p for p, e in scenario.estimates().items()
                if p.startswith(("beliefs[", "parameters[")) and e.uncertainty.dist != "fixed"]
    assert both.names == tuple(expected) and len(expected) >= 24 + 10


def test_adding_and_overriding_inputs(scenario: positions.Scenario) -> None:
    inputs = uncertain(scenario, include="parameters[*]", inputs={
        "parameters[war_cost_RUS].value": Uniform(low=0.0, high=0.5),
        "audience_cost": Triangular(low=0.0, mode=0.02, high=0.1),
        "mood": Categorical(categories=("calm", "tense"), weights=(1, 3)),
    })
    x = inputs["parameters[war_cost_RUS].value"]
    assert x.dist == "uniform" and x.value == 0.15  # the scenario's point value stays
    free = inputs["audience_cost"]
    assert free.value == pytest.approx(stats.triang(0.2, scale=0.1).ppf(0.5))
    assert inputs["mood"].value == 1.0 and inputs["mood"].categories == ("calm", "tense")
    assert inputs.names[-2:] == ("audience_cost", "mood")


def test_declaration_errors(scenario: positions.Scenario) -> None:
    with pytest.raises(ValueError, match="'inputs' parameter of uncertain must be paths"):
        uncertain(scenario, inputs={"positions[XXX/nato].salience": Uniform(low=0, high=1)})
    # an override must respect the scenario's rules at its path (positions.ScenarioError)
    with pytest.raises(positions.ScenarioError, match=r"salience: its uncertainty reaches 1\.5"):
        uncertain(scenario, inputs={"positions[RUS/nato].salience": Uniform(low=0.5, high=1.5)})
    with pytest.raises(positions.ScenarioError, match=r"ideal: .* leaves the scale"):
        uncertain(scenario, inputs={"positions[RUS/nato].ideal": Uniform(low=-10, high=20)})
    with pytest.raises(ValueError, match="'inputs' parameter of uncertain must be free names"):
        uncertain(inputs={"bad name!": Uniform(low=0, high=1)})
    with pytest.raises(TypeError, match="must map names to distributions"):
        uncertain(inputs={"x": 0.5})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="a Fixed distribution with a value for a free name"):
        uncertain(inputs={"x": Fixed()})
    with pytest.raises(ValueError, match="'scenario' parameter of uncertain must be a scenario"):
        uncertain(scenario, include="nothing matches this")
    with pytest.raises(ValueError, match="'include' parameter of uncertain"):
        uncertain(scenario, include=[1])  # type: ignore[list-item]


# ------------------------------------------------------------------ correlation
def test_rank_correlation_is_induced_and_marginals_kept() -> None:
    # Gaussian copula with R = 2 sin(pi rho_S / 6) (Kruskal 1958; Cario and Nelson 1997):
    # the draws' Spearman correlation equals the target, each marginal is untouched.
    dists = {"a": Triangular(low=0, mode=0.2, high=1), "b": Beta(alpha=2, beta=5),
             "c": LogNormal(median=1, sigma=0.5)}
    target = {("a", "b"): 0.7, ("a", "c"): -0.4}
    inputs = uncertain(inputs=dists, correlation=target)
    x = sample(inputs, 20000, rng=11)
    rho = stats.spearmanr(x).statistic
    assert rho[0, 1] == pytest.approx(0.7, abs=0.02)
    assert rho[0, 2] == pytest.approx(-0.4, abs=0.02)
    assert rho[1, 2] == pytest.approx(0.0, abs=0.03)  # implied by the two (Gaussian copula)
    assert stats.kstest(x[:, 0], stats.triang(0.2).cdf).pvalue > 0.01
    assert stats.kstest(x[:, 1], stats.beta(2, 5).cdf).pvalue > 0.01
    assert stats.kstest(x[:, 2], stats.lognorm(0.5).cdf).pvalue > 0.01
    assert inputs.correlation is not None and inputs.correlation[0, 1] == 0.7


def test_correlation_errors() -> None:
    dists = {"a": Uniform(low=0, high=1), "b": Uniform(low=0, high=1),
             "c": Uniform(low=0, high=1)}
    with pytest.raises(ValueError, match="positive definite"):
        uncertain(inputs=dists, correlation={("a", "b"): 0.9, ("a", "c"): 0.9, ("b", "c"): -0.9})
    with pytest.raises(ValueError, match="pairs of declared input names"):
        uncertain(inputs=dists, correlation={("a", "zzz"): 0.5})
    with pytest.raises(ValueError, match="symmetric matrix with a unit diagonal"):
        uncertain(inputs=dists, correlation=[[1, 0.5, 0], [0.2, 1, 0], [0, 0, 1]])
    with pytest.raises(ValueError, match=r"rank correlations in \[-1, 1\]"):
        uncertain(inputs=dists, correlation={("a", "b"): 1.5})
    with pytest.raises(ValueError, match="pairs of two different inputs"):
        uncertain(inputs=dists, correlation={("a", "a"): 0.5})


# ------------------------------------------------------------------ arrays and constraints
def test_apply_places_draws_in_the_scenario_arrays(scenario: positions.Scenario) -> None:
    inputs = uncertain(scenario)
    base = scenario_arrays(scenario)
    batch = inputs.apply({
        "positions[RUS/territory].salience": [0.9, 1.0],
        "actors[EUR].capability": [0.4, 0.6],
        "disagreement[UKR].utility": [0.1, 0.2],
        "issues[nato].status_quo": [35.0, 60.0],
        "parameters[war_cost_RUS].value": [0.1, 0.3],
    })
    assert isinstance(batch, ScenarioBatch)
    assert batch.n_draws == 2 and batch.ideals.shape == (2, base.n_actors, base.n_issues)
    a, k = base.actor_ids.index("RUS"), base.issue_ids.index("territory")
    assert batch.saliences[:, a, k].tolist() == [0.9, 1.0]
    assert batch.capabilities[:, base.actor_ids.index("EUR")].tolist() == [0.4, 0.6]
    assert batch.disagreement[:, base.actor_ids.index("UKR")].tolist() == [0.1, 0.2]
    assert batch.status_quo[:, base.issue_ids.index("nato")].tolist() == [35.0, 60.0]
    assert batch.value("parameters[war_cost_RUS].value").tolist() == [0.1, 0.3]
    assert batch.value("parameters[war_cost_UKR].value").tolist() == [0.3, 0.3]  # point value
    # everything not drawn keeps its point value
    np.testing.assert_array_equal(batch.ideals[0], base.ideals)
    with pytest.raises(KeyError, match="no input or scenario estimate"):
        batch.value("nope")
    assert len(batch.to_frame()) == 2 * base.n_actors * base.n_issues


def test_crossing_ranges_are_reordered_and_ideals_clipped() -> None:
    s = tiny_scenario()
    inputs = uncertain(s)
    batch = inputs.apply({
        "positions[A/land].acceptable.low": [50.0, 55.0],
        "positions[A/land].acceptable.high": [45.0, 90.0],
        "positions[A/land].ideal": [80.0, 20.0],
    })
    assert batch.acceptable_low[:, 0, 0].tolist() == [45.0, 55.0]
    assert batch.acceptable_high[:, 0, 0].tolist() == [50.0, 90.0]
    assert batch.ideals[:, 0, 0].tolist() == [50.0, 55.0]  # clipped into [low, high]
    unclipped = uncertain(s, clip_ideals=False).apply({"positions[A/land].ideal": [80.0],
                                                       "positions[A/land].acceptable.high": [50.0]})
    assert unclipped.ideals[0, 0, 0] == 80.0


def test_saliences_are_renormalised_under_sum_to_one() -> None:
    s = tiny_scenario("sum_to_one")
    inputs = uncertain(s)
    assert inputs.renormalise is True
    x = sample(inputs, 200, rng=3)
    batch = inputs.apply(x)
    np.testing.assert_allclose(batch.saliences.sum(axis=-1), 1.0)
    raw = uncertain(s, renormalise=False).apply(x)
    ratio = batch.saliences / raw.saliences
    np.testing.assert_allclose(ratio[..., 0], ratio[..., 1])  # proportions kept


def test_disagreement_point_falls_back_to_the_status_quo() -> None:
    # Without a coded disagreement point, d_i is the utility of the status quo outcome
    # (models.ScenarioArrays.disagreement_point), here for every draw.
    s = tiny_scenario()
    inputs = uncertain(s)
    batch = inputs.apply({"positions[A/land].salience": [0.7, 0.2]})
    d = batch.disagreement_point()
    np.testing.assert_allclose(d[0], scenario_arrays(s).disagreement_point())
    quad = batch.disagreement_point(loss="quadratic")
    np.testing.assert_allclose(quad[0], scenario_arrays(s).disagreement_point(loss="quadratic"))
    with pytest.raises(ValueError, match=r"'loss' parameter of ScenarioBatch\.disagreement_point"):
        batch.disagreement_point(loss="cubic")  # type: ignore[arg-type]


def test_apply_errors(scenario: positions.Scenario) -> None:
    inputs = uncertain(scenario)
    with pytest.raises(ValueError, match="columns of one length"):
        inputs.apply({"actors[RUS].capability": [0.7, 0.8],
                      "actors[EUR].capability": [0.5]})
    with pytest.raises(ValueError, match=r"\(n_draws, n_inputs\)"):
        inputs.apply(np.zeros((3, 2)))
    free = uncertain(inputs={"x": Uniform(low=0, high=1)})
    with pytest.raises(ValueError, match="a scenario with parties and issues"):
        free.apply({"x": [0.5]})
    with pytest.raises(ValueError, match=r"'u' parameter of UncertainInputs\.transform"):
        free.transform([[1.5]])


# ------------------------------------------------------------------ scenario copies
def test_scenario_at_one_draw_is_a_validated_copy(scenario: positions.Scenario) -> None:
    inputs = uncertain(scenario)
    x = sample(inputs, 1, rng=5)[0]
    copy = inputs.scenario_at(x)
    assert isinstance(copy, positions.Scenario)
    drawn = dict(zip(inputs.names, x, strict=True))
    p = copy.position("RUS", "nato")
    assert p.salience.value == pytest.approx(drawn["positions[RUS/nato].salience"])
    assert p.salience.uncertainty.dist == "fixed"
    low, high = p.acceptable.low, p.acceptable.high  # type: ignore[union-attr]
    assert low is None and high is not None
    assert p.ideal.value <= high.value + 1e-9  # clipped into the drawn range
    assert copy.actor("USA").capability.value == 1.0  # not drawn: unchanged
    b = copy.beliefs_about("four_regions_2025")[0]
    assert b.probability.value == pytest.approx(drawn[f"beliefs[{b.id}].probability"])
    # the ideal moved off its option: the option tag is dropped, the scenario stays valid
    assert copy.position("RUS", "territory").option is None
    # at the point values nothing changes but the uncertainty tags
    same = inputs.scenario_at(inputs.values)
    assert same.to_frame()["ideal"].tolist() == scenario.to_frame()["ideal"].tolist()


def test_scenario_at_errors(scenario: positions.Scenario) -> None:
    inputs = uncertain(scenario)
    with pytest.raises(ValueError, match=r"\(n_inputs,\)"):
        inputs.scenario_at([0.5, 0.5])
    with pytest.raises(ValueError, match="a scenario with parties and issues"):
        uncertain(inputs={"x": Uniform(low=0, high=1)}).scenario_at({"x": 0.5})


@settings(max_examples=15, deadline=None)
@given(scenario_dicts(), st.integers(0, 2**31))
def test_any_draw_of_any_scenario_gives_a_valid_scenario(
    data: dict[str, object], seed: int
) -> None:
    s = positions.Scenario.from_dict(data)
    if all(e.uncertainty.dist == "fixed" for e in s.estimates().values()):
        return
    inputs = uncertain(s)
    x = sample(inputs, 3, rng=seed)
    batch = inputs.apply(x)
    assert np.all(batch.acceptable_low <= batch.acceptable_high)
    has = batch.has_position
    assert np.all((batch.ideals >= batch.acceptable_low)[:, has])
    assert np.all((batch.ideals <= batch.acceptable_high)[:, has])
    copy = inputs.scenario_at(x[0])
    assert isinstance(copy, positions.Scenario)
    assert isinstance(inputs.to_frame(), pd.DataFrame)
