"""Tests of outcome spaces, spatial utilities and scenario arrays (models.outcomes)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import spatial_problems

import positions
from models import OutcomeSpace, scenario_arrays
from models.outcomes import acceptable, iter_utilities, utilities

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

    ``issues``: id -> {"options": [values] or None, "status_quo": v, "high": h,
    "anchors": [values]}; ``parties``: id -> capability; ``positions_``:
    (actor, issue) -> {"ideal", "salience", "low", "high"}; pairs left out get
    a NoPosition.
    """
    issue_list = []
    for ident, spec in issues.items():
        high = spec.get("high", 100.0)
        issue: dict[str, Any] = {
            "id": ident,
            "label": ident.title(),
            "description": f"Issue {ident}",
            "scale": {
                "low": 0.0,
                "high": high,
                "anchors": [
                    {"value": v, "label": f"anchor {v:g}"} for v in spec.get("anchors", [])
                ],
            },
            "status_quo": _est(spec.get("status_quo", 0.0)),
        }
        if spec.get("options"):
            issue["options"] = [
                {"id": f"{ident}_{j}", "label": f"{ident} option {j}", "value": v}
                for j, v in enumerate(spec["options"])
            ]
        issue_list.append(issue)
    pos, nopos = [], []
    for actor in parties:
        for ident in issues:
            spec = positions_.get((actor, ident))
            if spec is None:
                nopos.append({"actor": actor, "issue": ident, "reason": "none"})
                continue
            entry: dict[str, Any] = {
                "actor": actor,
                "issue": ident,
                "kind": "aim",
                "basis": "coded",
                "ideal": _est(spec["ideal"]),
                "salience": _est(spec["salience"]),
                "rationale": "test",
            }
            bounds = {k: _est(spec[k]) for k in ("low", "high") if spec.get(k) is not None}
            if bounds:
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
            ]
            + [{"id": "OBS", "name": "Observer", "kind": "analyst", "party": False}],
            "issues": issue_list,
            "positions": pos,
            "no_positions": nopos,
            "disagreement": [
                {"actor": a, "utility": _est(u)} for a, u in (disagreement or {}).items()
            ],
        }
    )


def reference_utilities(
    points: np.ndarray, ideals: np.ndarray, saliences: np.ndarray,
    low: np.ndarray, high: np.ndarray, p: int,
) -> np.ndarray:
    """The definition, written out directly (one sample): u = 1 - sum s(|x-y|/R)^p / sum s."""
    dist = (np.abs(points[:, None, :] - ideals[None, :, :]) / (high - low)) ** p
    num = (dist * saliences[None]).sum(-1)
    den = saliences.sum(-1)
    with np.errstate(invalid="ignore", divide="ignore"):
        u = 1 - num / den
    return np.where(den > 0, u, 1.0)


# ----------------------------------------------------------------- closed-form values
# Worked example of the weighted city-block (p = 1) and weighted Euclidean-squared
# (p = 2) spatial loss, Enelow and Hinich (1984), The Spatial Theory of Voting, ch. 2-3,
# with distances in units of the scale's range, normalised so that utilities lie in [0, 1].
POINTS = np.array([[0.0, 0.0], [100.0, 0.0], [50.0, 100.0]])
IDEALS = np.array([[0.0, 0.0], [50.0, 50.0]])
SALIENCES = np.array([[0.75, 0.25], [1.0, 0.0]])


def test_linear_utilities_hand_computed() -> None:
    U = utilities(POINTS, IDEALS, SALIENCES, scale_low=[0, 0], scale_high=[100, 100])
    # actor 0: 1 - (0.75|x1| + 0.25|x2|)/100; actor 1: 1 - |x1 - 50|/100
    expected = np.array([[1.0, 0.5], [0.25, 0.5], [1 - (37.5 + 25) / 100, 1.0]])
    np.testing.assert_allclose(U, expected, atol=1e-12)
    assert U.shape == (3, 2)


def test_quadratic_utilities_hand_computed() -> None:
    U = utilities(POINTS, IDEALS, SALIENCES, scale_low=[0, 0], scale_high=[100, 100],
                  loss="quadratic")
    # actor 0: 1 - (0.75 x1^2 + 0.25 x2^2)/1e4; actor 1: 1 - (x1 - 50)^2/1e4
    expected = np.array([[1.0, 0.75], [0.25, 0.75], [1 - (1875 + 2500) / 1e4, 1.0]])
    np.testing.assert_allclose(U, expected, atol=1e-12)


def test_scale_ranges_normalise_each_issue() -> None:
    # Issue 0 on [0, 10], issue 1 on [0, 100]: being a whole scale away costs the same.
    U = utilities([[10.0, 0.0], [0.0, 100.0]], [[0.0, 0.0]], [[0.5, 0.5]],
                  scale_low=[0, 0], scale_high=[10, 100])
    np.testing.assert_allclose(U[:, 0], [0.5, 0.5])


def test_utility_one_at_ideal_and_zero_at_far_corner() -> None:
    space = OutcomeSpace.from_grid([0, 0, 0], [1, 10, 100], 5)
    ideals = np.array([[0.0, 0.0, 0.0], [1.0, 10.0, 100.0]])
    for loss in ("linear", "quadratic"):
        U = utilities(space, ideals, np.full((2, 3), 0.7), loss=loss)
        assert U[0, 0] == 1.0 and U[-1, 1] == 1.0
        assert U[-1, 0] == 0.0 and U[0, 1] == 0.0
        assert U.min() >= 0.0 and U.max() <= 1.0


def test_actor_without_salient_issue_is_indifferent() -> None:
    U = utilities(POINTS, IDEALS, [[0.0, 0.0], [1.0, 0.0]], scale_low=[0, 0],
                  scale_high=[100, 100])
    np.testing.assert_array_equal(U[:, 0], 1.0)


def test_one_issue_quadratic_is_monotone_transform_of_linear() -> None:
    # On one issue u_quad = 1 - (1 - u_lin)^2: the same ranking, never lower.
    space = OutcomeSpace.from_grid([0], [100], 21)
    ideals, sal = np.array([[30.0], [100.0]]), np.array([[0.4], [1.0]])
    lin = utilities(space, ideals, sal)
    quad = utilities(space, ideals, sal, loss="quadratic")
    np.testing.assert_allclose(quad, 1 - (1 - lin) ** 2, atol=1e-12)


@settings(max_examples=40, deadline=None)
@given(spatial_problems())
def test_quadratic_never_below_linear_on_equal_scales(problem: dict[str, Any]) -> None:
    # With one common range R, (d/R)^2 <= d/R termwise, so u_quad >= u_lin.
    high = np.full_like(problem["high"], 10.0)
    levels = [v / problem["high"][k] * 10.0 for k, v in enumerate(problem["levels"])]
    space = OutcomeSpace.from_levels(levels, low=problem["low"], high=high)
    ideals = problem["ideals"][0] / problem["high"] * 10.0
    sal = problem["saliences"][0]
    lin = utilities(space, ideals, sal)
    quad = utilities(space, ideals, sal, loss="quadratic")
    assert np.all(quad >= lin - 1e-12)


@settings(max_examples=40, deadline=None)
@given(spatial_problems(), st.sampled_from(["linear", "quadratic"]))
def test_matches_definition(problem: dict[str, Any], loss: str) -> None:
    space = OutcomeSpace.from_levels(problem["levels"], low=problem["low"], high=problem["high"])
    p = 1 if loss == "linear" else 2
    U = utilities(space, problem["ideals"], problem["saliences"], loss=loss)  # type: ignore[arg-type]
    for s in range(problem["ideals"].shape[0]):
        ref = reference_utilities(space.points, problem["ideals"][s], problem["saliences"][s],
                                  problem["low"], problem["high"], p)
        np.testing.assert_allclose(U[s], ref, atol=1e-12)
    assert U.min() >= 0.0 and U.max() <= 1.0


def test_many_levels_path_matches_definition() -> None:
    # Random continuous points: one level per point, so the gather path is used.
    rng = np.random.default_rng(1)
    pts = rng.uniform(0, 100, size=(400, 3))
    ideals = rng.uniform(0, 100, size=(3, 5, 3))
    sal = rng.uniform(0, 1, size=(3, 5, 3))
    low, high = np.zeros(3), np.full(3, 100.0)
    for loss, p in (("linear", 1), ("quadratic", 2)):
        U = utilities(pts, ideals, sal, scale_low=low, scale_high=high, loss=loss,  # type: ignore[arg-type]
                      max_bytes=20_000)
        for s in range(3):
            ref = reference_utilities(pts, ideals[s], sal[s], low, high, p)
            np.testing.assert_allclose(U[s], ref, atol=1e-12)


# ------------------------------------------------------------------------- batching
@settings(max_examples=30, deadline=None)
@given(spatial_problems(), st.integers(1, 4), st.integers(64, 4096))
def test_batched_equals_unbatched_and_chunk_independent(
    problem: dict[str, Any], chunk: int, max_bytes: int
) -> None:
    space = OutcomeSpace.from_levels(problem["levels"], low=problem["low"], high=problem["high"])
    ideals, sal = problem["ideals"], problem["saliences"]
    batched = utilities(space, ideals, sal)
    assert batched.shape == (ideals.shape[0], space.n_outcomes, ideals.shape[1])
    # the same up to rounding (BLAS may sum the K terms in another order per block size)
    small = utilities(space, ideals, sal, max_bytes=max_bytes)
    np.testing.assert_allclose(batched, small, rtol=0, atol=1e-14)
    for s in range(ideals.shape[0]):
        np.testing.assert_allclose(batched[s], utilities(space, ideals[s], sal[s]), atol=1e-14)
    # shared ideals, sampled saliences (the Monte Carlo case) broadcast
    shared = utilities(space, ideals[0], sal)
    np.testing.assert_allclose(shared[0], batched[0], atol=1e-14)
    chunks = list(iter_utilities(space, ideals, sal, chunk_size=chunk, max_bytes=max_bytes,
                                 acceptable_low=problem["acceptable_low"],
                                 acceptable_high=problem["acceptable_high"]))
    assert [c.start for c in chunks] == list(range(0, ideals.shape[0], chunk))
    np.testing.assert_allclose(np.concatenate([c.utilities for c in chunks]), batched, atol=1e-14)
    mask = acceptable(space, problem["acceptable_low"], problem["acceptable_high"])
    np.testing.assert_array_equal(np.concatenate([c.acceptable for c in chunks]), mask)


def test_iter_utilities_shared_ranges_and_default_chunks() -> None:
    space = OutcomeSpace.from_grid([0, 0], [10, 10], 6)
    rng = np.random.default_rng(0)
    sal = rng.uniform(0, 1, size=(7, 2, 2))
    low, high = np.zeros((2, 2)), np.full((2, 2), 5.0)
    chunks = list(iter_utilities(space, [[0, 0], [10, 10]], sal, acceptable_low=low,
                                 acceptable_high=high, max_bytes=2 * 36 * 2 * 9))
    assert [(c.start, c.stop) for c in chunks] == [(0, 2), (2, 4), (4, 6), (6, 7)]
    expected = acceptable(space, low, high)
    for c in chunks:
        assert c.acceptable is not None
        np.testing.assert_array_equal(c.acceptable, np.broadcast_to(expected, c.acceptable.shape))
    frame = chunks[1].to_frame()
    assert len(frame) == 2 * space.n_outcomes * 2
    assert frame["sample"].min() == 2 and set(frame.columns) >= {"utility", "acceptable"}


# ----------------------------------------------------------------------- invariance
@settings(max_examples=30, deadline=None)
@given(spatial_problems(), st.randoms(use_true_random=False))
def test_reordering_actors_and_issues_permutes_the_answer(
    problem: dict[str, Any], random: Any
) -> None:
    ideals, sal = problem["ideals"], problem["saliences"]
    n_actors, n_issues = ideals.shape[1:]
    actor_perm = list(range(n_actors))
    issue_perm = list(range(n_issues))
    random.shuffle(actor_perm)
    random.shuffle(issue_perm)
    space = OutcomeSpace.from_levels(problem["levels"], low=problem["low"], high=problem["high"])
    U = utilities(space, ideals, sal)
    A = acceptable(space, problem["acceptable_low"], problem["acceptable_high"])
    points = space.points[:, issue_perm]
    low, high = problem["low"][issue_perm], problem["high"][issue_perm]
    U2 = utilities(points, ideals[:, actor_perm][:, :, issue_perm],
                   sal[:, actor_perm][:, :, issue_perm], scale_low=low, scale_high=high)
    np.testing.assert_allclose(U2, U[:, :, actor_perm], atol=1e-12)
    A2 = acceptable(points, problem["acceptable_low"][:, actor_perm][:, :, issue_perm],
                    problem["acceptable_high"][:, actor_perm][:, :, issue_perm])
    np.testing.assert_array_equal(A2, A[:, :, actor_perm])


# ---------------------------------------------------------------------- acceptability
def test_acceptable_hand_computed_and_bounds_inclusive() -> None:
    # Raiffa (1982), ch. 4: an outcome beyond a party's reservation is unacceptable.
    pts = [[0, 0], [30, 0], [30.0 + 1e-12, 0], [50, 0], [50, 60]]
    low = [[0, 0], [0, 0]]
    high = [[30, 100], [100, 50]]
    mask = acceptable(pts, low, high)
    np.testing.assert_array_equal(
        mask, [[True, True], [True, True], [True, True], [False, True], [False, False]]
    )


def test_acceptable_batched_matches_unbatched() -> None:
    space = OutcomeSpace.from_grid([0, 0], [100, 100], 11)
    rng = np.random.default_rng(3)
    ends = np.sort(rng.uniform(0, 100, size=(2, 5, 3, 2)), axis=0)
    batched = acceptable(space, ends[0], ends[1], max_bytes=1000)
    for s in range(5):
        direct = np.all((space.points[:, None, :] >= ends[0, s][None] - 1e-9)
                        & (space.points[:, None, :] <= ends[1, s][None] + 1e-9), axis=-1)
        np.testing.assert_array_equal(batched[s], direct)


# ---------------------------------------------------------------------- outcome spaces
def test_million_outcome_space() -> None:
    space = OutcomeSpace.from_grid(np.zeros(6), np.full(6, 90.0), 10)
    assert space.points.shape == (10**6, 6) and space.n_outcomes == 10**6
    np.testing.assert_array_equal(space.points[0], np.zeros(6))
    np.testing.assert_array_equal(space.points[-1], np.full(6, 90.0))
    # C order: the last issue varies fastest
    np.testing.assert_array_equal(space.points[1], [0, 0, 0, 0, 0, 10])
    np.testing.assert_array_equal(space.points[123456], [10, 20, 30, 40, 50, 60])
    assert not space.points.flags.writeable
    assert space.shape == (10,) * 6 and space.is_product


def test_from_levels_labels_and_frame() -> None:
    space = OutcomeSpace.from_levels(
        [[0, 100], [0, 50, 100]], issue_ids=["nato", "sanctions"],
        labels=[["No", "Yes"], ["Lifted", "Current", "New"]],
        ids=[["no", "yes"], ["lift", "keep", "add"]],
    )
    assert space.label(4) == ("Yes", "Current")
    np.testing.assert_array_equal(
        space.labels([0, 5], short=True), np.array([["no", "lift"], ["yes", "add"]], dtype=object)
    )
    frame = space.to_frame(labels=True)
    assert list(frame.columns) == ["nato", "sanctions"] and frame.index.name == "outcome"
    assert frame.loc[2, "sanctions"] == "New"
    assert space.to_frame().loc[3].tolist() == [100.0, 0.0]
    assert "n_outcomes=6" in repr(space)


def test_box_and_points_spaces() -> None:
    box = OutcomeSpace.from_box([0, 0], [1, 10], issue_ids=["a", "b"])
    assert box.n_outcomes == 0 and box.kind == "box" and not box.is_product
    _, hi = box.bounds
    np.testing.assert_array_equal(hi, [1, 10])
    assert utilities(box, [[0, 0]], [[1, 1]]).shape == (0, 1)
    grid = box.grid([2, 3])
    assert grid.points.tolist() == [[0, 0], [0, 5], [0, 10], [1, 0], [1, 5], [1, 10]]
    pts = OutcomeSpace.from_points([[3.0, 1.0], [1.0, 1.0]], low=[0, 0], high=[5, 5])
    assert pts.kind == "points" and pts.label(0) == ("3", "1")


def test_from_scenario_options_anchors_grid() -> None:
    s = make_scenario(
        {
            "a": {"options": [0, 40, 100], "status_quo": 40},
            "b": {"anchors": [0, 50, 100], "status_quo": 0},
            "c": {"status_quo": 10, "high": 10},
        },
        {"P": 1.0},
        {("P", "a"): {"ideal": 0, "salience": 1}},
    )
    space = OutcomeSpace.from_scenario(s, kind="options", resolution=3)
    assert space.issue_ids == ("a", "b", "c") and space.shape == (3, 3, 3)
    assert space.kind == "options"
    assert space.label(0) == ("a option 0", "anchor 0", "0")
    assert space.labels([0], short=True)[0, 0] == "a_0"
    grid = OutcomeSpace.from_scenario(s, kind="grid", resolution=6)
    assert grid.shape == (6, 6, 6)
    # a grid point on an option takes the option's label
    assert grid.label(0)[0] == "a option 0" and grid.label(36)[0] == "20"
    assert grid.label(72)[0] == "a option 1" and grid.label(72)[2] == "0"
    box = OutcomeSpace.from_scenario(s, kind="box", issues=["c", "a"])
    assert box.issue_ids == ("c", "a") and box.high.tolist() == [10, 100]
    # the default: options for an issue with options, a grid plus landmarks for the others
    auto = OutcomeSpace.from_scenario(s)
    assert auto.kind == "levels" and auto.levels[0].tolist() == [0, 40, 100]
    assert auto.levels[1].size == 21 and auto.levels[2].size == 21  # ideal 0 is on the grid
    assert "21-point grid" in auto.describe() and auto.describe().endswith("outcomes")


# ------------------------------------------------------------------------ scenario arrays
def test_scenario_arrays_and_disagreement_default() -> None:
    s = make_scenario(
        {"a": {"options": [0, 50, 100], "status_quo": 50}, "b": {"options": [0, 100]}},
        {"P": 2.0, "Q": 1.0},
        {
            ("P", "a"): {"ideal": 0, "salience": 0.8, "high": 50},
            ("P", "b"): {"ideal": 100, "salience": 0.2},
            ("Q", "a"): {"ideal": 100, "salience": 0.5, "low": 50},
        },
        disagreement={"Q": 0.3},
    )
    arr = scenario_arrays(s)
    assert arr.actor_ids == ("P", "Q") and arr.issue_ids == ("a", "b")
    np.testing.assert_array_equal(arr.ideals, [[0, 100], [100, 0]])  # Q/b: the status quo
    np.testing.assert_array_equal(arr.saliences, [[0.8, 0.2], [0.5, 0.0]])
    np.testing.assert_array_equal(arr.has_position, [[True, True], [True, False]])
    np.testing.assert_array_equal(arr.acceptable_low, [[0, 0], [50, 0]])
    np.testing.assert_array_equal(arr.acceptable_high, [[50, 100], [100, 100]])
    np.testing.assert_array_equal(arr.capabilities, [2.0, 1.0])
    assert np.isnan(arr.disagreement[0]) and arr.disagreement[1] == 0.3
    # P's status quo (50, 0): u = 1 - (0.8*50 + 0.2*100)/(0.8*100 + 0.2*100) = 0.4
    np.testing.assert_allclose(arr.disagreement_point(), [0.4, 0.3])
    # quadratic: 1 - (0.8*2500 + 0.2*1e4)/(1e4) = 0.6
    np.testing.assert_allclose(arr.disagreement_point(loss="quadratic"), [0.6, 0.3])
    frame = arr.to_frame()
    assert len(frame) == 4 and frame.loc[3, "has_position"] == np.False_
    swapped = scenario_arrays(s, actors=["Q", "P"], issues=["b", "a"])
    np.testing.assert_array_equal(swapped.ideals, arr.ideals[::-1, ::-1])


def test_builtin_scenario_space() -> None:
    s = positions.load("ukraine-ceasefire-2025-05")
    space = OutcomeSpace.from_scenario(s)
    expected = tuple(len(i.options) for i in s.issues)
    if all(expected):
        assert space.shape == expected
    arr = scenario_arrays(s)
    U = utilities(space, arr.ideals, arr.saliences)
    assert U.shape == (space.n_outcomes, arr.n_actors)
    assert 0.0 <= U.min() and U.max() <= 1.0
    # each party's best outcome is the one nearest its ideal point on every issue
    nearest = [np.argmin(np.abs(v[:, None] - arr.ideals[:, k]), axis=0)
               for k, v in enumerate(space.levels)]
    best = np.ravel_multi_index(np.array(nearest), space.shape)
    np.testing.assert_allclose(U[best, np.arange(arr.n_actors)], U.max(axis=0))


# ---------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"ideals": [[0, 0, 0]]},
         r"'ideals' parameter of utilities .* Got an array of shape \(1, 3\)"),
        ({"saliences": [[0.5, 0.5], [1, 1]]},
         r"'saliences' parameter of utilities .* shape \(2, 2\)"),
        ({"saliences": [[1.5, 0.5]]},
         r"'saliences' parameter of utilities .* \[0, 1\]. Got a value of 1.5"),
        ({"saliences": [[-0.1, 0.5]]}, r"'saliences' .* Got a value of -0.1"),
        ({"ideals": [[150, 0]]}, r"'ideals' parameter of utilities .* scale.* Got 150 on issue 0"),
        ({"ideals": [[np.nan, 0]]}, r"'ideals' parameter of utilities must be a finite"),
        ({"loss": "cubic"}, r"'loss' parameter of utilities .* Got 'cubic'"),
        ({"max_bytes": 0}, r"'max_bytes' parameter of utilities must be an int >= 1. Got 0"),
        ({"scale_high": None}, r"'scale_high' parameter of utilities"),
        ({"scale_high": [100, -1]}, r"'high' parameter of utilities .* Got -1 <= 0 on issue 1"),
        ({"points": [[0, 200]]}, r"'points' parameter of utilities .* Got 200 on issue 1"),
        ({"points": [0, 1]}, r"'points' parameter of utilities .* 2 dimension|1 dimension"),
        ({"ideals": np.zeros((2, 1, 2)), "saliences": np.zeros((3, 1, 2))},
         r"'saliences' .* same number of samples"),
    ],
)
def test_utilities_bad_input(kwargs: dict[str, Any], match: str) -> None:
    args: dict[str, Any] = {
        "points": [[0, 0], [100, 100]], "ideals": [[0, 0]], "saliences": [[0.5, 0.5]],
        "scale_low": [0, 0], "scale_high": [100, 100],
    }
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        utilities(args.pop("points"), args.pop("ideals"), args.pop("saliences"), **args)


def test_other_bad_input() -> None:
    with pytest.raises(ValueError,
                       match=r"'acceptable_high' parameter of acceptable .* Got 10 < 20"):
        acceptable([[0.0]], [[20.0]], [[10.0]])
    with pytest.raises(ValueError, match=r"'levels' parameter of OutcomeSpace.from_levels .* "
                       r"strictly increasing.* Got \[1.0, 0.0\] on issue 0"):
        OutcomeSpace.from_levels([[1, 0]])
    with pytest.raises(ValueError, match=r"max_outcomes=1,000 .* Got 11 x 11 x 11 = 1,331"):
        OutcomeSpace.from_grid([0, 0, 0], [1, 1, 1], 11, max_outcomes=1000)
    with pytest.raises(ValueError, match=r"'resolution' .* int >= 2. Got 1"):
        OutcomeSpace.from_grid([0], [1], 1)
    with pytest.raises(ValueError, match=r"'indices' .* Got an index of 6"):
        OutcomeSpace.from_levels([[0, 1, 2], [0, 1]]).labels([6])
    with pytest.raises(ValueError, match=r"'labels' .* one string per level"):
        OutcomeSpace.from_levels([[0, 1]], labels=[["only one"]])
    with pytest.raises(ValueError, match=r"'chunk_size' parameter of iter_utilities .* Got 0"):
        iter_utilities([[0.0]], [[0.0]], [[1.0]], scale_low=[0], scale_high=[1], chunk_size=0)
    with pytest.raises(ValueError, match=r"'acceptable_high' parameter of iter_utilities"):
        iter_utilities([[0.0]], [[0.0]], [[1.0]], scale_low=[0], scale_high=[1],
                       acceptable_low=[[0.0]])
    s = make_scenario({"a": {"options": [0, 1], "high": 1}}, {"P": 1.0},
                      {("P", "a"): {"ideal": 0, "salience": 1}})
    with pytest.raises(ValueError, match=r"'actors' parameter of scenario_arrays must be party "
                       r"ids of the scenario \(P\). Got 'OBS' instead"):
        scenario_arrays(s, actors=["OBS"])
    with pytest.raises(ValueError, match=r"'issues' parameter of scenario_arrays .* Got 'zz'"):
        scenario_arrays(s, issues=["zz"])
    with pytest.raises(ValueError, match=r"'kind' parameter of OutcomeSpace.from_scenario"):
        OutcomeSpace.from_scenario(s, kind="cube")  # type: ignore[arg-type]


# ------------------------------------------------------------------ continuous issues (auto)
def test_auto_space_covers_a_continuous_scale_with_its_landmarks() -> None:
    from wage_dispute import wage_dispute

    s = wage_dispute()
    space = OutcomeSpace.from_scenario(s)
    wage = space.levels[0].tolist()
    assert wage[0] == 0 and wage[-1] == 20 and {9.0, 10.0} <= set(wage)
    assert space.describe() == (
        "wage 0-20 %: 21-point grid; job_security 0-100: 21-point grid = 441 outcomes"
    )
    # a declared resolution is honoured, and landmarks off the grid are added
    coarse = wage_dispute(roles={"resolution": [{"issue": "wage", "points": 5}]})
    space = OutcomeSpace.from_scenario(coarse)
    assert space.levels[0].tolist() == [0, 4, 5, 6, 9, 10, 12, 15, 20]
    assert space.describe().startswith(
        "wage 0-20 %: 5-point grid (declared) + 4 more (anchors, status quo, ideal points, "
        "acceptable bounds) = 9 levels;"
    )
    assert space.label(0)[0] == "0 %" and "inflation" in space.level_labels[0]
    # the earlier behaviour: the anchors of an issue without options
    assert OutcomeSpace.from_scenario(s, kind="options").levels[0].tolist() == [6, 15]


def test_auto_space_coarsens_default_grids_and_names_a_too_large_size() -> None:
    s = make_scenario({f"i{k}": {"status_quo": 0} for k in range(6)}, {"P": 1.0}, {})
    space = OutcomeSpace.from_scenario(s)
    assert space.n_outcomes <= 10**6 and "coarsened from 21" in space.describe()
    with pytest.raises(ValueError, match=r"at most max_outcomes=1,000 outcomes .* = [\d,]+ "
                                         r"outcomes \(i0 0-100: 6-point grid \(coarsened"):
        OutcomeSpace.from_scenario(s, max_outcomes=1000)
