"""Tests of the bargaining facade (models.bargain) and its figure."""

from __future__ import annotations

import datetime as dt
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from strategies import scenario_dicts

import positions
from models import BargainResult, OutcomeSpace, bargain
from models.bargaining import SOLUTIONS
from models.plotting import plot_bargaining_space

BUILTIN = "ukraine-ceasefire-2025-05"


# ----------------------------------------------------------------------------- helpers
def _est(value: float) -> dict[str, Any]:
    return {"value": value, "uncertainty": {"dist": "fixed"}, "rationale": "test"}


def make_scenario(
    issues: dict[str, dict[str, Any]],
    parties: dict[str, float],
    positions_: dict[tuple[str, str], dict[str, Any]],
    *,
    disagreement: dict[str, float] | None = None,
) -> positions.Scenario:
    """Build a Scenario from plain dicts.

    ``issues``: id -> {"options": [values], "status_quo": v}; ``parties``: id ->
    capability; ``positions_``: (actor, issue) -> {"ideal", "salience", "low",
    "high"}; pairs left out get a NoPosition.
    """
    issue_list = [
        {
            "id": ident,
            "label": ident.title(),
            "description": f"Issue {ident}",
            "options": [
                {"id": f"{ident}{v:g}", "label": f"{ident} at {v:g}", "value": v}
                for v in spec["options"]
            ],
            "status_quo": _est(spec.get("status_quo", 0.0)),
        }
        for ident, spec in issues.items()
    ]
    pos, nopos = [], []
    for actor in parties:
        for ident in issues:
            spec = positions_.get((actor, ident))
            if spec is None:
                nopos.append({"actor": actor, "issue": ident, "reason": "none"})
                continue
            entry: dict[str, Any] = {
                "actor": actor, "issue": ident, "kind": "aim", "basis": "coded",
                "ideal": _est(spec["ideal"]), "salience": _est(spec["salience"]),
                "rationale": "test",
            }
            bounds = {k: _est(spec[k]) for k in ("low", "high") if spec.get(k) is not None}
            if bounds:
                entry["kind"] = "red_line"
                entry["acceptable"] = bounds
            pos.append(entry)
    return positions.Scenario.model_validate(
        {
            "id": "test",
            "title": "Test",
            "date": dt.date(2025, 5, 19),
            "actors": [
                {"id": a, "name": a, "kind": "state", "capability": _est(c)}
                for a, c in parties.items()
            ],
            "issues": issue_list,
            "positions": pos,
            "no_positions": nopos,
            "disagreement": [
                {"actor": a, "utility": _est(u)} for a, u in (disagreement or {}).items()
            ],
        }
    )


FIVE = [0.0, 25.0, 50.0, 75.0, 100.0]


def split_the_pie(
    cap_p: float = 1.0, cap_q: float = 1.0, *, p_high: float | None = None,
    q_low: float | None = None, disagreement: dict[str, float] | None = None,
) -> positions.Scenario:
    """One issue on [0, 100], P wants 0 and Q wants 100: u_P = 1 - x/100, u_Q = x/100."""
    return make_scenario(
        {"x": {"options": FIVE, "status_quo": 0.0}},
        {"P": cap_p, "Q": cap_q},
        {
            ("P", "x"): {"ideal": 0.0, "salience": 1.0, "high": p_high},
            ("Q", "x"): {"ideal": 100.0, "salience": 1.0, "low": q_low},
        },
        disagreement=disagreement if disagreement is not None else {"P": 0.0, "Q": 0.0},
    )


def check_invariants(result: BargainResult) -> None:
    """Properties every result must have, whatever the scenario."""
    U, d = result.U, result.d
    assert U.shape == (result.n_outcomes, result.n_actors)
    assert np.all((U >= 0) & (U <= 1))
    feasible = set(result.feasible.tolist())
    np.testing.assert_array_equal(result.feasible, np.flatnonzero(result.acceptable.all(axis=1)))
    assert set(result.zopa.tolist()) <= feasible and set(result.frontier.tolist()) <= feasible
    if result.zopa.size:
        assert np.all(U[result.zopa] >= d - 1e-12)
    # nothing feasible dominates a frontier point
    F = U[result.feasible]
    for idx in result.frontier[:200]:
        dominated = np.all(F >= U[idx], axis=1) & np.any(F > U[idx] + 1e-12, axis=1)
        assert not dominated.any()
    assert list(result.solutions) == list(SOLUTIONS)
    defined = [sol for sol in result.solutions.values() if sol is not None]
    if result.zopa_empty:
        assert defined == [] and result.note and "ZOPA is empty" in result.note
        assert "ZOPA is empty" in repr(result)
    else:
        assert len(defined) == len(SOLUTIONS) and result.note is None
        zopa, frontier = set(result.zopa.tolist()), set(result.frontier.tolist())
        for sol in defined:
            assert sol.index in zopa, sol.name
            assert sol.index in frontier, sol.name
            np.testing.assert_allclose(sol.utilities, U[sol.index])
            np.testing.assert_array_equal(sol.point, result.space.points[sol.index])
            assert sol.index in sol.ties.tolist()


# ----------------------------------------------------------------- closed forms
def test_symmetric_split_the_pie() -> None:
    # Nash (1950): with u_P = 1 - x, u_Q = x and d = 0, max x(1 - x) at x = 1/2; the
    # Kalai-Smorodinsky and egalitarian points coincide by symmetry; the utilitarian sum
    # is 1 everywhere, so every outcome ties.
    result = bargain(split_the_pie(), weights="equal")
    check_invariants(result)
    for name in ("nash", "kalai_smorodinsky", "egalitarian"):
        sol = result.solutions[name]
        assert sol is not None and sol.point.tolist() == [50.0], name
        np.testing.assert_allclose(sol.utilities, [0.5, 0.5])
        assert sol.labels == ("x at 50",) and sol.ids == ("x50",)
    util = result.solutions["utilitarian"]
    assert util is not None
    assert set(util.ties.tolist()) == set(range(5))
    assert result.zopa.tolist() == [0, 1, 2, 3, 4] and result.frontier.tolist() == [0, 1, 2, 3, 4]
    assert result.disagreement_source == ("scenario", "scenario")


def test_asymmetric_nash_follows_capabilities() -> None:
    # Asymmetric Nash solution (Kalai 1977; Roth 1979, Axiomatic Models of Bargaining):
    # on the frontier u_P + u_Q = 1 with d = 0, max u_P^w u_Q^(1-w) gives u_P = w.
    # Capabilities 3:1 give w = 3/4, so x = 25.
    result = bargain(split_the_pie(3.0, 1.0))
    np.testing.assert_allclose(result.weights, [0.75, 0.25])
    nash = result.solutions["nash"]
    assert nash is not None and nash.point.tolist() == [25.0]
    explicit = bargain(split_the_pie(3.0, 1.0), weights={"P": 1, "Q": 3}).solutions["nash"]
    assert explicit is not None and explicit.point.tolist() == [75.0]
    assert bargain(split_the_pie(3.0, 1.0), weights=None).weights is None


def test_red_lines_exclude_outcomes() -> None:
    # P accepts at most 50, Q at least 25: only 25 and 50 remain (Raiffa 1982, ch. 4).
    result = bargain(split_the_pie(p_high=50.0, q_low=25.0), weights="equal")
    check_invariants(result)
    assert result.feasible.tolist() == [1, 2] and result.zopa.tolist() == [1, 2]
    assert result.acceptable[:, 0].tolist() == [True, True, True, False, False]
    nash, util = result.solutions["nash"], result.solutions["utilitarian"]
    assert nash is not None and nash.point.tolist() == [50.0]
    assert util is not None and set(util.ties.tolist()) == {1, 2}


def test_incompatible_red_lines_give_empty_zopa() -> None:
    result = bargain(split_the_pie(p_high=50.0, q_low=75.0))
    check_invariants(result)
    assert result.feasible.size == 0 and result.zopa.size == 0 and result.frontier.size == 0
    assert result.solutions["nash"] is None and result.solutions["kalai_smorodinsky"] is None
    assert result.note is not None
    assert "x (Q accepts at least 75, P at most 50)" in result.note
    assert result.utilities_frame().empty
    assert result.solutions_frame()["x"].isna().all()
    frame = result.to_frame()
    assert frame.loc[frame["family"] == "bargaining", "value"].isna().all()


def test_red_lines_between_options_give_empty_zopa() -> None:
    # The ranges overlap on [55, 60], but no option lies there.
    result = bargain(split_the_pie(p_high=60.0, q_low=55.0))
    assert result.zopa_empty and result.note is not None
    assert "no point of the outcome space lies in [55, 60]" in result.note


def test_high_disagreement_gives_empty_zopa() -> None:
    # No split gives both at least 0.6: u_P + u_Q = 1.
    result = bargain(split_the_pie(), disagreement=[0.6, 0.6])
    check_invariants(result)
    assert result.feasible.size == 5 and result.zopa_empty
    assert result.note is not None and "short" in result.note and "P by 0.100" in result.note
    assert result.disagreement_source == ("given", "given")


def test_disagreement_defaults_to_status_quo_utility() -> None:
    s = make_scenario(
        {"x": {"options": FIVE, "status_quo": 25.0}, "y": {"options": [0, 100], "status_quo": 0}},
        {"P": 1.0, "Q": 1.0},
        {
            ("P", "x"): {"ideal": 0.0, "salience": 0.5},
            ("P", "y"): {"ideal": 100.0, "salience": 0.5},
            ("Q", "x"): {"ideal": 100.0, "salience": 1.0},
        },
        disagreement={"Q": 0.1},
    )
    result = bargain(s)
    # P at the status quo (25, 0): 1 - (0.5 * 0.25 + 0.5 * 1) / 1 = 0.375
    np.testing.assert_allclose(result.d, [0.375, 0.1])
    assert result.disagreement_source == ("status quo", "scenario")
    sq = bargain(s, disagreement="status_quo")
    np.testing.assert_allclose(sq.d, [0.375, 0.25])
    mixed = bargain(s, disagreement={"P": 0.2})
    np.testing.assert_allclose(mixed.d, [0.2, 0.1])
    assert mixed.disagreement_source == ("given", "scenario")
    check_invariants(result)


def test_static_forecasts_closed_form() -> None:
    # Weighted mean sum(c s y) / sum(c s) = (3 * 0 + 1 * 100) / 4 = 25; P holds 3/4 of the
    # weight, so the weighted median (Black 1948) and the Condorcet winner are P's ideal, 0.
    result = bargain(split_the_pie(3.0, 1.0))
    f = result.forecast("x")
    assert f.n_actors == 2
    assert f.weighted_mean == pytest.approx(25.0)
    assert f.weighted_mean_label == "x at 25"
    assert f.weighted_median == 0.0 and f.condorcet == 0.0 and f.condorcet_label == "x at 0"


def test_issue_without_positions_has_no_forecast() -> None:
    s = make_scenario(
        {"x": {"options": FIVE}, "y": {"options": [0, 100]}},
        {"P": 1.0, "Q": 1.0},
        {("P", "x"): {"ideal": 0, "salience": 1}, ("Q", "x"): {"ideal": 100, "salience": 1}},
    )
    f = bargain(s).forecast("y")
    assert f.n_actors == 0 and np.isnan(f.weighted_mean) and f.condorcet is None


# ------------------------------------------------------------------ invariance
def test_reordering_actors_permutes_the_answer() -> None:
    s = make_scenario(
        {"x": {"options": FIVE, "status_quo": 50}, "y": {"options": [0, 30, 100], "status_quo": 0}},
        {"P": 2.0, "Q": 1.0, "R": 1.5},
        {
            ("P", "x"): {"ideal": 0, "salience": 0.9},
            ("P", "y"): {"ideal": 30, "salience": 0.3},
            ("Q", "x"): {"ideal": 100, "salience": 0.6},
            ("Q", "y"): {"ideal": 100, "salience": 0.8, "low": 30},
            ("R", "x"): {"ideal": 50, "salience": 0.5},
        },
        disagreement={"P": 0.3, "Q": 0.2, "R": 0.4},
    )
    a = bargain(s)
    assert a.zopa.size >= 5
    b = bargain(s, actors=["R", "P", "Q"])
    perm = [2, 0, 1]
    np.testing.assert_allclose(b.U, a.U[:, perm])
    np.testing.assert_allclose(b.d, a.d[perm])
    np.testing.assert_array_equal(a.zopa, b.zopa)
    np.testing.assert_array_equal(a.frontier, b.frontier)
    for name in SOLUTIONS:
        sa, sb = a.solutions[name], b.solutions[name]
        assert (sa is None) == (sb is None)
        if sa is not None:
            assert sa.index == sb.index, name
            np.testing.assert_allclose(sb.utilities, sa.utilities[perm])
    check_invariants(a)
    # reordering the issues reorders each solution's coordinates
    c = bargain(s, space=OutcomeSpace.from_scenario(s, issues=["y", "x"]))
    assert c.issue_ids == ("y", "x") and c.zopa.size == a.zopa.size
    for name in SOLUTIONS:
        sa, sc = a.solutions[name], c.solutions[name]
        assert (sa is None) == (sc is None)
        if sa is not None:
            assert sc.point.tolist() == sa.point[::-1].tolist(), name
            np.testing.assert_allclose(sc.utilities, sa.utilities)
    assert [f.weighted_mean for f in c.forecasts] == [f.weighted_mean for f in a.forecasts][::-1]


def test_subset_of_issues_via_space() -> None:
    s = positions.load(BUILTIN)
    issues = [i.id for i in s.issues][:3]
    space = OutcomeSpace.from_scenario(s, issues=issues)
    result = bargain(s, space=space)
    assert result.issue_ids == tuple(issues) and result.n_outcomes == space.n_outcomes
    check_invariants(result)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario_dicts())
def test_random_scenarios_satisfy_invariants(data: dict[str, Any]) -> None:
    s = positions.Scenario.model_validate(data)
    for loss in ("linear", "quadratic"):
        check_invariants(bargain(s, loss=loss))  # type: ignore[arg-type]


# ---------------------------------------------------------------- the built-in case
def test_builtin_scenario() -> None:
    s = positions.load(BUILTIN)
    result = bargain(s)
    parties = tuple(a.id for a in s.parties)
    assert result.actor_ids == parties
    assert result.issue_ids == tuple(i.id for i in s.issues)
    assert result.n_outcomes == int(np.prod([max(len(i.options), 1) for i in s.issues]))
    check_invariants(result)
    df = s.to_frame()
    for f in result.forecasts:
        ideals = df.loc[df["issue"] == f.issue, "ideal"]
        assert f.n_actors == len(ideals)
        assert ideals.min() - 1e-9 <= f.weighted_mean <= ideals.max() + 1e-9
        assert ideals.min() - 1e-9 <= f.weighted_median <= ideals.max() + 1e-9
        if f.condorcet is not None:
            assert f.condorcet in s.issue(f.issue).option_values()
    text = repr(result)
    assert text.startswith(f"BargainResult: {len(parties)} parties ({', '.join(parties)})")
    assert "<table>" in result._repr_html_()
    # every pair of parties, and the bilateral talks, also work
    for pair in (("RUS", "USA"), ("RUS", "UKR"), ("USA", "EUR")):
        if set(pair) <= set(parties):
            check_invariants(bargain(s, actors=pair))


def test_builtin_quadratic_and_grid() -> None:
    s = positions.load(BUILTIN)
    check_invariants(bargain(s, loss="quadratic", weights="equal"))
    small = OutcomeSpace.from_scenario(s, kind="grid", resolution=3,
                                       issues=[i.id for i in s.issues][:4])
    check_invariants(bargain(s, space=small))


# ------------------------------------------------------------------------ output
def test_frames_and_repr() -> None:
    result = bargain(split_the_pie(), weights="equal")
    frame = result.to_frame()
    assert list(frame.columns) == ["method", "family", "issue", "value", "label", "option"]
    assert len(frame) == (len(SOLUTIONS) + 3) * result.n_issues  # solutions and 3 forecasts
    nash = frame[(frame["method"] == "nash")].iloc[0]
    assert nash["value"] == 50.0 and nash["option"] == "x50"
    mean = frame[(frame["method"] == "weighted_mean")].iloc[0]
    assert mean["family"] == "forecast" and mean["value"] == pytest.approx(50.0)
    util = result.utilities_frame()
    assert len(util) == len(SOLUTIONS) * 2
    np.testing.assert_allclose(util["gain"], util["utility"] - util["disagreement"])
    wide = result.solutions_frame()
    assert list(wide.index) == list(SOLUTIONS)
    assert wide.loc["nash", "x"] == "x at 50" and wide.loc["nash", "u_P"] == 0.5
    text = repr(result)
    assert "Nash" in text and "x=x50" in text and "ZOPA: 5" in text
    assert "<th>Nash</th>" in result._repr_html_()


def test_plot_returns_axes_with_labels() -> None:
    result = bargain(split_the_pie(p_high=75.0), weights="equal")
    ax = result.plot()
    assert ax.get_xlabel() == "Utility of P" and ax.get_ylabel() == "Utility of Q"
    labels = ax.get_legend_handles_labels()[1]
    assert {"ZOPA", "disagreement point", "Nash", "Pareto frontier"} <= set(labels)
    plt.close(ax.figure)
    fig, given_ax = plt.subplots()
    assert plot_bargaining_space(result, ax=given_ax, actors=("Q", "P")) is given_ax
    assert given_ax.get_xlabel() == "Utility of Q"
    plt.close(fig)
    empty = bargain(split_the_pie(p_high=25.0, q_low=75.0))
    ax = empty.plot()
    assert "empty ZOPA" in ax.get_title()
    assert "Pareto frontier (ignoring red lines)" in ax.get_legend_handles_labels()[1]
    plt.close(ax.figure)


def test_plot_builtin_default_pair() -> None:
    result = bargain(positions.load(BUILTIN))
    ax = result.plot()
    if {"RUS", "USA"} <= set(result.actor_ids):
        assert ax.get_xlabel() == "Utility of RUS" and ax.get_ylabel() == "Utility of USA"
    plt.close(ax.figure)


# ---------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"actors": ["P", "ZZ"]},
         r"'actors' parameter of bargain must be party ids of the scenario \(P, Q\). Got 'ZZ'"),
        ({"actors": ["P", "P"]}, r"'actors' parameter of bargain .* distinct"),
        ({"space": "cube"}, r"'space' parameter of bargain .* Got 'cube'"),
        ({"space": "grid", "resolution": 1}, r"'resolution' parameter of bargain .* Got 1"),
        ({"loss": "cubic"}, r"'loss' parameter of bargain .* Got 'cubic'"),
        ({"weights": "power"}, r"'weights' parameter of bargain .* Got 'power'"),
        ({"weights": [1.0, -1.0]}, r"'weights' parameter of bargain .* non-negative"),
        ({"weights": [0.0, 0.0]}, r"'weights' parameter of bargain .* positive sum"),
        ({"weights": {"P": 1.0}}, r"'weights' parameter of bargain .* no weight for 'Q'"),
        ({"disagreement": [0.1, 0.2, 0.3]}, r"'disagreement' parameter of bargain .* \(3,\)"),
        ({"disagreement": [0.1, 1.5]},
         r"'disagreement' parameter of bargain .* Got a value of 1.5"),
        ({"disagreement": {"ZZ": 0.1}}, r"'disagreement' parameter of bargain .* 'ZZ'"),
        ({"disagreement": "war"}, r"'disagreement' parameter of bargain .* Got 'war'"),
        ({"space": OutcomeSpace.from_box([0], [100], issue_ids=["x"])},
         r"'space' parameter of bargain must be a finite outcome space"),
        ({"space": OutcomeSpace.from_levels([[0, 1]], issue_ids=["zz"])},
         r"'space' parameter of bargain .* issue 'zz'"),
    ],
)
def test_bad_input(kwargs: dict[str, Any], match: str) -> None:
    with pytest.raises(ValueError, match=match):
        bargain(split_the_pie(), **kwargs)


def test_grid_too_large_names_resolution() -> None:
    s = positions.load(BUILTIN)
    n = len(s.issues)
    with pytest.raises(ValueError, match=r"'resolution' parameter of bargain .* at most "
                       rf"max_outcomes=10,000,000 .* Got 11, which gives 11( x 11){{{n - 1}}}"):
        bargain(s, space="grid")


def test_bad_plot_actors() -> None:
    result = bargain(split_the_pie())
    with pytest.raises(ValueError, match=r"'actors' parameter of plot_bargaining_space .* 'R'"):
        result.plot(actors=("P", "R"))
    single = bargain(split_the_pie(), actors=["P"])
    with pytest.raises(ValueError, match=r"at least two parties"):
        single.plot()
    with pytest.raises(ValueError, match=r"'issue' parameter of BargainResult.forecast"):
        result.forecast("nope")


# ------------------------------------------------------------ continuous issues (issue 12)
def test_wage_dispute_zopa_found_on_the_scale() -> None:
    from wage_dispute import wage_dispute

    s = wage_dispute()
    result = bargain(s)
    check_invariants(result)
    assert not result.zopa_empty and result.space.kind == "levels"
    wages = result.space.points[result.zopa, 0]
    assert wages.min() >= 9 and wages.max() <= 10
    nash = result.solutions["nash"]
    assert nash is not None and 9 <= nash.point[0] <= 10
    assert "21-point grid" in result.space.describe()
    # the earlier space (the wage's two anchors, 6 and 15) finds no agreement
    old = bargain(s, space="options")
    assert old.zopa_empty and old.note is not None
    assert "no point of the outcome space lies in [9, 10]" in old.note


def test_wage_dispute_monte_carlo_draws_vary() -> None:
    from wage_dispute import wage_dispute

    import models
    from models.bargaining import BargainingModel

    inputs = models.uncertain(wage_dispute())
    model = BargainingModel(inputs)
    assert model.space_full.kind == "levels"
    res = models.monte_carlo(model, inputs, 300, rng=1, progress=False)
    wage = np.asarray(res.outputs["nash.wage"], dtype=float)
    assert np.isfinite(wage).all() and ((wage >= 9) & (wage <= 10)).all()
    assert np.unique(wage).size > 1
