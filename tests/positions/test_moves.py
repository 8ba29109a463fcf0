"""Properties of what-ifs that move an estimate's uncertainty (positions.moves, with_estimates)."""

import math

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import numeric_distributions, random_scenario_dicts

import positions
from positions import Estimate, Scenario, ScenarioError
from positions.moves import move_uncertainty
from positions.whatif import hard_range


def _old_value(dist, u):
    """A value inside the distribution's support, picked by u in [0, 1]."""
    if isinstance(dist, positions.Discrete):
        return dist.values[int(u * (len(dist.values) - 1))]
    if isinstance(dist, positions.Empirical):
        return dist.samples[int(u * (len(dist.samples) - 1))]
    if isinstance(dist, positions.LogNormal):
        return dist.median * math.exp(4 * u - 2)
    low, high = dist.support()
    return low + u * (high - low)


@given(dist=numeric_distributions(), u=st.floats(0, 1), v=st.floats(0, 1),
       room=st.tuples(st.sampled_from([0.0, 0.5, 10.0, math.inf]),
                      st.sampled_from([0.0, 0.5, 10.0, math.inf])))
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_a_moved_distribution_stays_in_the_hard_range_and_holds_the_value(dist, u, v, room):
    old = _old_value(dist, u)
    low, high = dist.support()
    if isinstance(dist, positions.LogNormal):
        hard = (0.0, math.inf)
    else:
        hard = (low - room[0], high + room[1])
    span_low = hard[0] if math.isfinite(hard[0]) else old - 100
    span_high = hard[1] if math.isfinite(hard[1]) else old + 100
    new = min(max(span_low + v * (span_high - span_low), hard[0]), hard[1])  # no rounding out
    assume(new > 0 or not isinstance(dist, positions.LogNormal))
    move = move_uncertainty(dist, old, new, hard)
    # The moved estimate validates: the new value lies in the moved support...
    est = Estimate(value=new, uncertainty=move.uncertainty, rationale="what-if")
    moved_low, moved_high = est.bounds()
    # ... and the support stays inside the hard range.
    # (supports contain a value to within 1e-9, as Distribution.contains does)
    assert hard[0] - 1e-9 <= moved_low <= new + 1e-9 and new - 1e-9 <= moved_high <= hard[1] + 1e-9
    assert (moved_low, moved_high) == pytest.approx(move.support) or move.how == "collapsed"
    # A pure shift keeps the width of the support.
    if move.how == "shifted" and math.isfinite(high - low):
        assert moved_high - moved_low == pytest.approx(high - low, abs=1e-9, rel=1e-9)


@given(dist=numeric_distributions(), u=st.floats(0, 1))
def test_moving_to_the_same_value_is_a_no_op(dist, u):
    old = _old_value(dist, u)
    move = move_uncertainty(dist, old, old, (-math.inf, math.inf))
    assert move.how == "unchanged"
    assert move.uncertainty == dist.model_dump()


def test_a_value_outside_the_hard_range_is_refused():
    with pytest.raises(ValueError, match=r"value 1\.2 lies outside the hard range \[0, 1\]"):
        move_uncertainty(positions.Uniform(low=0.2, high=0.6), 0.4, 1.2, (0.0, 1.0))
    with pytest.raises(ValueError, match="a log-normal uncertainty cannot move to 0"):
        move_uncertainty(positions.LogNormal(median=1, sigma=0.5), 1.0, 0.0, (0.0, math.inf))


def test_each_family_moves_as_documented():
    unit = (0.0, 1.0)
    t = move_uncertainty(positions.Triangular(low=0.6, mode=0.8, high=0.9), 0.8, 0.95, unit)
    # a' = max(0.75, 0) = 0.75, b' = min(1.05, 1) = 1; 0.6 -> 0.75, 0.8 -> 0.95, 0.9 -> 1.
    assert (t.how, t.uncertainty["low"], t.uncertainty["mode"], t.uncertainty["high"]) == (
        "re-centred", 0.75, 0.95, 1.0)
    b = move_uncertainty(positions.Beta(alpha=2, beta=2, low=0.2, high=0.8), 0.5, 0.9, unit)
    # Support [0.6, 1]; the old mean 0.5 (= the value) maps to 0.9; alpha + beta = 4 kept.
    assert b.how == "re-centred" and (b.uncertainty["low"], b.uncertainty["high"]) == (0.6, 1.0)
    assert b.uncertainty["alpha"] + b.uncertainty["beta"] == pytest.approx(4)
    mean = 0.6 + 0.4 * b.uncertainty["alpha"] / 4
    assert mean == pytest.approx(0.9)
    shifted = move_uncertainty(positions.Beta(alpha=2, beta=5), 0.3, 0.2, (-1.0, 2.0))
    assert shifted.how == "shifted" and shifted.uncertainty["alpha"] == 2
    tn = move_uncertainty(positions.TruncNormal(mean=0.5, sd=0.2, low=0.1, high=0.9), 0.5, 0.8,
                          unit)
    assert (tn.how, tn.uncertainty["mean"], tn.uncertainty["low"], tn.uncertainty["high"]) == (
        "re-centred", 0.8, 0.4, 1.0)
    ln = move_uncertainty(positions.LogNormal(median=2, sigma=0.3), 2.0, 3.0, (0, math.inf))
    assert (ln.how, ln.uncertainty["median"], ln.uncertainty["sigma"]) == ("scaled", 3.0, 0.3)
    d = move_uncertainty(positions.Discrete(values=(10, 20, 30)), 20, 25, (0.0, 100.0))
    assert d.uncertainty["values"] == (15, 25, 35)
    assert move_uncertainty(positions.Fixed(), 0.3, 0.5, unit).uncertainty == {
        "dist": "fixed", "value": None}
    # Value at the low end moved to the top of the hard range: squeezed to a point.
    c = move_uncertainty(positions.Uniform(low=0.5, high=0.7), 0.5, 1.0, unit)
    assert (c.how, c.uncertainty) == ("collapsed", {"dist": "fixed"})


@given(data=random_scenario_dicts(max_parties=3, max_issues=2), choice=st.data())
@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
def test_what_ifs_on_generated_scenarios_move_inside_the_hard_range(data, choice):
    scenario = Scenario.from_dict(data)
    estimates = scenario.estimates()
    path = choice.draw(st.sampled_from(sorted(estimates)))
    old = estimates[path]
    hard = hard_range(scenario, path)
    low = hard[0] if math.isfinite(hard[0]) else old.value - 10
    high = hard[1] if math.isfinite(hard[1]) else old.value + 10
    new = choice.draw(st.floats(low, high, allow_nan=False))
    # Identity change is a no-op, with either rule.
    assert scenario.with_estimates({path: old.value}) == scenario
    assert scenario.with_estimates({path: old.value}, uncertainty="keep") == scenario
    try:
        changed = scenario.with_estimates({path: new}, outside_support=True)
    except ScenarioError as exc:
        # Only cross-item rules may refuse a move (an ideal leaving its acceptable range,
        # bounds out of order), never a support leaving the hard range or missing the value.
        for problem in exc.problems:
            assert "uncertainty reaches" not in problem.message
            assert "outside its uncertainty's support" not in problem.message
            assert "leaves the scale" not in problem.message
        return
    est = changed.estimates()[path]
    moved_low, moved_high = est.bounds()
    assert hard[0] <= moved_low <= est.value <= moved_high <= hard[1]
    assert est.value == new
    # keep reproduces the old behaviour: same distribution, value in it or an error.
    if old.uncertainty.contains(new) and old.words is None:
        kept = scenario.with_estimates({path: new}, uncertainty="keep").estimates()[path]
        assert kept.uncertainty == old.uncertainty
        assert kept.model_dump(exclude={"value", "assumptions"}) == old.model_dump(
            exclude={"value", "assumptions"})
    elif not old.uncertainty.contains(new):
        with pytest.raises(ScenarioError, match=r"support|values"):
            scenario.with_estimates({path: new}, uncertainty="keep")
        with pytest.raises(ScenarioError, match="pass outside_support=True"):
            scenario.with_estimates({path: new})


def test_a_shift_that_rounds_keeps_the_new_value_inside():
    # old at the top of the support: low + (new - old) and high + (new - old) round, and
    # high + (new - old) came out one ulp below new (found by hypothesis)
    dist = positions.Uniform(low=0.0, high=12.138595385064328)
    old, new = 12.138595385064328, -4.46535115373392
    move = move_uncertainty(dist, old, new, (-10.0, 12.138595385064328))
    est = Estimate(value=new, uncertainty=move.uncertainty, rationale="what-if")
    low, high = est.bounds()
    assert low <= new <= high and high == new


def test_a_moved_ideal_keeps_its_option_only_where_one_sits():
    s = positions.load("ukraine-ceasefire-2025-05")
    tied = next(p for p in s.positions if p.option is not None and p.acceptable is not None
                and p.acceptable.low is not None)
    issue = s.issue(tied.issue)
    path = f"positions[{tied.key}].ideal"
    low = tied.acceptable.low.value
    elsewhere = next(o for o in issue.options if o.value != tied.ideal.value and o.value >= low)
    moved = s.with_estimates({path: elsewhere.value}, outside_support=True)
    assert moved.position(tied.actor, tied.issue).option == elsewhere.id
    between = (elsewhere.value + tied.ideal.value) / 2
    assert not any(abs(o.value - between) < 1e-9 for o in issue.options)
    off = s.with_estimates({path: between}, outside_support=True)
    assert off.position(tied.actor, tied.issue).option is None
    assert off.position(tied.actor, tied.issue).ideal.value == between
