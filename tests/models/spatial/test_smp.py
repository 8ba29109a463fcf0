"""Tests of KTAB's Spatial Model of Politics (models.spatial.smp).

Reference numbers: KAPSARC's KTAB, https://github.com/KAPSARC/KTAB (MIT licence),
the reference runs ``examples/smp/doc/20170530_ref-dummyData_3Dim.txt``,
``20170530_ref-SOE-Pol-Comp.txt`` and ``20170530_ref-smpExample.txt`` written by
KTAB's ``smpc`` on 2017-05-30 from the example inputs ``dummyData_3Dim.csv``,
``SOE-Pol-Comp.csv`` and ``smpExample.xml``. Their inputs and logged outputs are
restated as numbers, with citations, in ``tests/models/spatial/data/ktab/ref_*.json``
(see the README there).
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from numpy.typing import ArrayLike
from strategies import smp_inputs

from models.plotting import plot_batch_outcomes, plot_power_landscape, plot_trajectories
from models.spatial import SMPParams, read_ktab_csv, read_ktab_xml, smp, smp_batch

DATA = Path(__file__).parent / "data" / "ktab"
REF_DUMMY = "ref_dummy_3dim.json"
REF_SOE = "ref_soe_pol_comp.json"
REF_EXAMPLE = "ref_smp_example_turn0.json"


def load_reference(name: str) -> dict[str, Any]:
    """A reference-run fixture: ``source``, ``inputs``, ``precision``, ``outputs``."""
    return json.loads((DATA / name).read_text(encoding="utf-8"))


def reference_arrays(ref: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions (0-100), saliences as fractions (KTAB divides its percentages by 100),
    capabilities."""
    inp = ref["inputs"]
    return (
        np.array(inp["positions"], dtype=float),
        np.array(inp["salience_percent"], dtype=float) / 100.0,
        np.array(inp["capability"], dtype=float),
    )


def reference_accommodation(ref: dict[str, Any]) -> np.ndarray | None:
    """KTAB's IdealAdjustment pairs set entries of a matrix that starts as the identity."""
    inp = ref["inputs"]
    if "ideal_adjustment" not in inp:
        return None
    names = inp["actors"]
    acc = np.eye(len(names))
    for pair in inp["ideal_adjustment"]:
        acc[names.index(pair["adjusting"]), names.index(pair["reference"])] = pair["adjust"]
    return acc


def run_reference(ref: dict[str, Any], **kwargs: Any):
    inp = ref["inputs"]
    return smp(
        *reference_arrays(ref), params=SMPParams.from_ktab(inp["model_parameters"]),
        accommodation=reference_accommodation(ref), actor_names=inp["actors"],
        dimension_names=inp["dimensions"], **kwargs,
    )


def fmt(values: ArrayLike, places: int, sign: str = "") -> list[str]:
    """Numbers as KTAB's log prints them: ``places`` decimals, optional sign."""
    return [f"{x:{sign}.{places}f}" for x in np.ravel(np.asarray(values, dtype=float))]


def check_challenges(result, rounds: list[list[dict[str, Any]]], precision: dict[str, int]):
    """Who challenged whom, with what probability and expected gain, in each listed round;
    an actor not listed in a round made no challenge."""
    p, g = precision["challenge_prob"], precision["challenge_gain"]
    for t, listed in enumerate(rounds):
        expected = {c["challenger"]: c for c in listed}
        assert len(expected) == len(listed), t
        for i in range(len(result.actor_names)):
            target = int(result.challenge_target[t, i])
            if i not in expected:
                assert target == -1, (t, i)
                continue
            c = expected[i]
            assert target == c["target"], (t, i)
            assert fmt(result.challenge_prob[t, i], p) == fmt(c["prob"], p), (t, i)
            assert fmt(result.challenge_gain[t, i], g, "+") == fmt(c["gain"], g, "+"), (t, i)


def check_against_reference(result, ref: dict[str, Any]) -> None:
    """Every logged number, formatted as KTAB prints it, must be equal."""
    out, dp = ref["outputs"], ref["precision"]
    n_states = out["n_states"]
    assert len(out["positions"]) == len(out["win_prob"]) == n_states
    assert len(out["change_ratio"]) == len(out["challenges"]) == n_states - 1
    assert result.positions.shape[0] == n_states
    assert result.num_iter == n_states - 1 and result.converged
    assert result.actor_names == tuple(ref["inputs"]["actors"])
    assert result.dimension_names == tuple(ref["inputs"]["dimensions"])
    assert fmt(result.change_ratio, dp["change_ratio"]) == fmt(
        out["change_ratio"], dp["change_ratio"]
    )
    for t in range(n_states):
        assert fmt(result.win_prob[t], dp["win_prob"]) == fmt(
            out["win_prob"][t], dp["win_prob"]
        ), t
        # [actor][dimension] in both
        assert fmt(result.positions[t], dp["positions"]) == fmt(
            out["positions"][t], dp["positions"]
        ), t
    check_challenges(result, out["challenges"], dp)


def test_reference_run_dummy_3dim():
    # KTAB dummyData_3Dim (7 actors, 3 dimensions), KTAB's default parameters;
    # log 20170530_ref-dummyData_3Dim.txt: 11 states, positions to 0.1 and
    # winning probabilities to 1e-4 in every state, every round's challenges.
    ref = load_reference(REF_DUMMY)
    params = SMPParams.from_ktab(ref["inputs"]["model_parameters"])
    assert params == SMPParams()
    assert params.min_delta_ratio == ref["inputs"]["stop_fractional_change"]
    result = run_reference(ref)
    check_against_reference(result, ref)
    # KTAB log: "Inferred risk attitudes" of the initial state
    places = ref["precision"]["risk_attitude"]
    assert fmt(result.risk_attitude[0], places, "+") == fmt(
        ref["outputs"]["risk_attitude_initial"], places, "+"
    )


def test_reference_run_soe_pol_comp():
    # KTAB SOE-Pol-Comp (13 actors, 2 dimensions), default parameters; log
    # 20170530_ref-SOE-Pol-Comp.txt: 28 states of a long, oscillating run,
    # every state reproduced.
    ref = load_reference(REF_SOE)
    params = SMPParams.from_ktab(ref["inputs"]["model_parameters"])
    assert params == SMPParams()
    assert params.min_delta_ratio == ref["inputs"]["stop_fractional_change"]
    check_against_reference(run_reference(ref), ref)


def test_reference_markov_incentive_first_round():
    # KTAB smpExample: Markov-incentive PCE, PropCbc voting, stochastic
    # transitions, ideal adjustment. Alice's first coordinate is the 2017 log's
    # 52.80 (the file now has it empty). State 0 and the round-0 challenges come
    # before any random draw, so the log's values hold for any seed.
    ref = load_reference(REF_EXAMPLE)
    params = SMPParams.from_ktab(ref["inputs"]["model_parameters"])
    assert params.pce_model == "markov_incentive"
    assert params.voting_rule == "prop_cubic"
    assert params.state_transition == "stochastic"
    out, dp = ref["outputs"], ref["precision"]
    result = run_reference(ref, rng=3, max_rounds=2)
    assert fmt(result.risk_attitude[0], dp["risk_attitude"], "+") == fmt(
        out["risk_attitude_initial"], dp["risk_attitude"], "+"
    )
    # first column of the log's "History of actors' winning probabilities"
    assert fmt(result.win_prob[0], dp["win_prob"]) == fmt(out["win_prob_initial"], dp["win_prob"])
    assert len(out["challenges"]) == 1
    check_challenges(result, out["challenges"], dp)


def _ktab_csv(ref: dict[str, Any]) -> str:
    """A reference run's inputs written in KTAB's CSV format."""
    inp = ref["inputs"]
    dims = inp["dimensions"]
    lines = [f"{inp['scenario']},,{len(inp['actors'])},{len(dims)},",
             "Actor,Description,Power," + ",".join(f"{d},Sal{k + 1}" for k, d in enumerate(dims))
             + ","]
    for name, cap, pos, sal in zip(inp["actors"], inp["capability"], inp["positions"],
                                   inp["salience_percent"], strict=True):
        pairs = ",".join(f"{x!r},{y!r}" for x, y in zip(pos, sal, strict=True))
        lines.append(f"{name},,{cap!r},{pairs},")
    return "\n".join(lines) + "\n"


def _ktab_xml(ref: dict[str, Any]) -> str:
    """A reference run's inputs written in KTAB's XML format."""
    inp = ref["inputs"]
    params = "".join(f"<{k}>{v}</{k}>" for k, v in inp["model_parameters"].items())
    dims = "".join(f"<dName>{d}</dName>" for d in inp["dimensions"])
    actors = "".join(
        f"<Actor><name>{name}</name><description/><capability>{cap!r}</capability>"
        f"<Position>{''.join(f'<dCoord>{x!r}</dCoord>' for x in pos)}</Position>"
        f"<Salience>{''.join(f'<dSal>{x!r}</dSal>' for x in sal)}</Salience></Actor>"
        for name, cap, pos, sal in zip(inp["actors"], inp["capability"], inp["positions"],
                                       inp["salience_percent"], strict=True)
    )
    pairs = "".join(
        f"<iaPair><adjustingIdeal>{p['adjusting']}</adjustingIdeal><referencePos>"
        f"{p['reference']}</referencePos><adjust>{p['adjust']!r}</adjust></iaPair>"
        for p in inp["ideal_adjustment"]
    )
    return (f"<Scenario><name>{inp['scenario']}</name><desc/><prngSeed>{inp['prng_seed']}"
            f"</prngSeed><ModelParameters>{params}</ModelParameters><Dimensions>{dims}"
            f"</Dimensions><Actors>{actors}</Actors><IdealAdjustment>{pairs}</IdealAdjustment>"
            "</Scenario>")


@pytest.mark.parametrize("name", [REF_DUMMY, REF_SOE, REF_EXAMPLE])
def test_reference_inputs_through_readers(tmp_path, name):
    # The fixtures' inputs, written in KTAB's formats and read back, give exactly
    # the arrays (and, from XML, the parameters and accommodation) the runs use.
    ref = load_reference(name)
    inp = ref["inputs"]
    if "ideal_adjustment" in inp:
        path = tmp_path / "scenario.xml"
        path.write_text(_ktab_xml(ref))
        s = read_ktab_xml(path)
        assert s.params == SMPParams.from_ktab(inp["model_parameters"])
        np.testing.assert_array_equal(s.accommodation, reference_accommodation(ref))
        assert s.seed == inp["prng_seed"]
    else:
        path = tmp_path / "scenario.csv"
        path.write_text(_ktab_csv(ref))
        s = read_ktab_csv(path)
        assert s.params is None and s.accommodation is None
    assert s.name == inp["scenario"]
    assert s.actor_names == tuple(inp["actors"])
    assert s.dimension_names == tuple(inp["dimensions"])
    for got, want in zip((s.positions, s.salience, s.capability), reference_arrays(ref),
                         strict=True):
        np.testing.assert_array_equal(got, want)
    if s.params is not None:
        a, b = s.run(rng=3, max_rounds=2), run_reference(ref, rng=3, max_rounds=2)
        np.testing.assert_array_equal(a.positions, b.positions)
        np.testing.assert_array_equal(a.win_prob, b.win_prob)


@pytest.fixture(scope="module")
def dummy():
    # the inputs of KTAB's dummyData_3Dim (7 actors, 3 dimensions)
    return reference_arrays(load_reference(REF_DUMMY))


SWITCHES = [
    ("victory_prob", ["square", "quartic", "octic", "binary"]),
    ("voting_rule", ["binary", "prop_bin", "prop_cubic", "cubic", "asym_prospect"]),
    ("pce_model", ["markov_incentive", "markov_uniform"]),
    ("big_r_range", ["min", "max"]),
    ("big_r_adjust", ["none", "half", "two_thirds", "full"]),
    ("third_party_commit", ["no_commit", "full_commit"]),
    ("inter_vec_brgn", ["s1p1", "s2pmax"]),
    ("bargain_model", ["init_rcvr_interp", "pw_comp_interp"]),
]


@pytest.mark.parametrize(
    ("field", "value"), [(f, v) for f, values in SWITCHES for v in values]
)
def test_every_switch_runs_and_stays_valid(dummy, field, value):
    result = smp(*dummy, params=SMPParams(**{field: value}), max_rounds=6)
    assert 1 <= result.num_iter <= 6
    assert np.all((result.positions >= 0) & (result.positions <= 100))
    assert np.all((result.win_prob >= 0) & (result.win_prob <= 1 + 1e-12))
    assert np.all((result.risk_attitude >= -1 - 1e-12) & (result.risk_attitude <= 1 + 1e-12))
    has = result.challenge_target >= 0
    assert np.all((result.challenge_prob[has] > 0) & (result.challenge_prob[has] < 1))
    assert np.all(result.challenge_gain[has] > 1e-5)
    assert np.all(np.isnan(result.challenge_gain[~has]))
    # an actor that moved adopted a bargain it is party to
    moved = result.moved
    ini, rcv = result.bargain_initiator, result.bargain_receiver
    actor = np.broadcast_to(np.arange(7), moved.shape)
    assert np.all((ini[moved] == actor[moved]) | (rcv[moved] == actor[moved]))


def test_bargain_models_differ(dummy):
    # The three bargaining models give three different second states on this input.
    second = [
        smp(*dummy, params=SMPParams(bargain_model=m), max_rounds=1).positions[1]
        for m in ("init_only_interp", "init_rcvr_interp", "pw_comp_interp")
    ]
    assert not np.array_equal(second[0], second[1])
    assert not np.array_equal(second[0], second[2])


def test_max_rounds_stops_early(dummy):
    full = smp(*dummy)
    short = smp(*dummy, max_rounds=3)
    assert (short.num_iter, short.max_iter, short.converged) == (3, 3, False)
    np.testing.assert_array_equal(short.positions, full.positions[:4])
    np.testing.assert_array_equal(short.win_prob, full.win_prob[:4])


def test_scale_maps_linearly(dummy):
    pos, sal, cap = dummy
    base = smp(pos, sal, cap, max_rounds=4)
    unit = smp(pos / 100, sal, cap, scale=(0, 1), max_rounds=4)
    np.testing.assert_allclose(unit.positions * 100, base.positions, atol=1e-10)
    np.testing.assert_array_equal(unit.win_prob, base.win_prob)


def test_stochastic_runs_reproducible(dummy):
    params = SMPParams(state_transition="stochastic")
    a = smp(*dummy, params=params, rng=11)
    b = smp(*dummy, params=params, rng=np.random.default_rng(11))
    np.testing.assert_array_equal(a.positions, b.positions)
    runs = [smp(*dummy, params=params, rng=seed, max_rounds=8).positions for seed in (1, 2, 3)]
    assert any(not np.array_equal(runs[0], r) for r in runs[1:])
    # deterministic runs ignore rng
    np.testing.assert_array_equal(smp(*dummy, rng=1).positions, smp(*dummy, rng=2).positions)


def test_batch_equals_single_runs(dummy):
    pos, sal, cap = dummy
    rng = np.random.default_rng(5)
    batch_pos = np.clip(pos + rng.normal(0, 4, size=(4, *pos.shape)), 0, 100)
    batch_cap = cap * rng.uniform(0.8, 1.2, size=(4, cap.size))
    batch = smp_batch(batch_pos, sal, batch_cap)
    for r in range(4):
        single = smp(batch_pos[r], sal, batch_cap[r])
        assert batch.num_iter[r] == single.num_iter
        assert batch.converged[r] == single.converged
        np.testing.assert_array_equal(batch.positions[r, : single.num_iter + 1], single.positions)
        np.testing.assert_array_equal(batch.final_positions[r], single.positions[-1])
        assert np.all(np.isnan(batch.positions[r, single.num_iter + 1 :]))
    frame = batch.to_frame()
    assert frame.shape == (4 * 7 * 3, 6)


def test_batch_stochastic_seeded(dummy):
    pos, sal, cap = dummy
    params = SMPParams(state_transition="stochastic")
    stacked = np.stack([pos] * 3)
    a = smp_batch(stacked, sal, cap, params=params, rng=4, max_rounds=10)
    b = smp_batch(stacked, sal, cap, params=params, rng=4, max_rounds=10)
    np.testing.assert_array_equal(a.positions, b.positions)
    # identical inputs, independent streams: the runs differ from one another
    assert not np.array_equal(a.final_positions[0], a.final_positions[1]) or not np.array_equal(
        a.final_positions[0], a.final_positions[2]
    )


@settings(max_examples=15, deadline=None)
@given(data=smp_inputs())
def test_reordering_actors_permutes_result(data):
    pos, sal, cap = data
    n = len(cap)
    perm = np.roll(np.arange(n), 1)[::-1]
    a = smp(pos, sal, cap, max_rounds=8)
    b = smp(pos[perm], sal[perm], cap[perm], max_rounds=8)
    assert a.num_iter == b.num_iter
    np.testing.assert_allclose(b.positions, a.positions[:, perm], atol=1e-9)
    # Winning probabilities use one representative per class of positions within
    # 1e-3 of each other, the first in actor order (KTAB's ueIndices); compare
    # the states where no two different positions are that close.
    unit = a.positions / 100
    gaps = np.linalg.norm(unit[:, :, None] - unit[:, None], axis=-1)
    clean = ~np.any((gaps > 0) & (gaps < 1e-3), axis=(1, 2))
    np.testing.assert_allclose(b.win_prob[clean], a.win_prob[clean][:, perm], atol=1e-9)
    np.testing.assert_allclose(b.risk_attitude, a.risk_attitude[:, perm], atol=1e-9)
    inverse = np.argsort(perm)
    target_a = np.where(a.challenge_target >= 0, inverse[a.challenge_target], -1)
    np.testing.assert_array_equal(b.challenge_target, target_a[:, perm])


@settings(max_examples=15, deadline=None)
@given(data=smp_inputs())
def test_identity_accommodation_ideals_track_positions(data):
    result = smp(*data, max_rounds=5)
    np.testing.assert_array_equal(result.ideals, result.positions)
    assert np.all(np.isfinite(result.win_prob))


def test_accommodation_recursion(dummy):
    # KTAB SMPState::newIdeals: ideal_i <- sum_j a_ij pos_j + (1 - sum_j a_ij) ideal_i
    acc = np.diag([0.87, 0.75, 0.65, 0.57, 1.0, 0.3, 0.0])
    acc[1, 0] = 0.07
    acc[2, 3] = 0.13
    result = smp(*dummy, accommodation=acc, max_rounds=6)
    np.testing.assert_array_equal(result.ideals[0], result.positions[0])
    lag = 1 - acc.sum(axis=1)
    for t in range(1, result.positions.shape[0]):
        expected = acc @ result.positions[t] + lag[:, None] * result.ideals[t - 1]
        np.testing.assert_allclose(result.ideals[t], expected, atol=1e-9)
    assert not np.allclose(result.ideals, result.positions)
    # an actor with zero accommodation keeps its ideal
    np.testing.assert_allclose(result.ideals[:, 6], np.broadcast_to(result.ideals[0, 6], (
        result.positions.shape[0], 3)))


def test_to_frame_tables(dummy):
    result = smp(*dummy, actor_names=list("ABCDEFG"), dimension_names=["x", "y", "z"])
    t_n = result.num_iter + 1
    positions = result.to_frame()
    assert positions.shape == (t_n * 7 * 3, 5)
    row = positions.query("state == 1 and actor == 'B' and dimension == 'y'")
    assert row["position"].item() == result.positions[1, 1, 1]
    actors = result.to_frame("actors")
    assert actors.shape == (t_n * 7, 4)
    challenges = result.to_frame("challenges")
    assert len(challenges) == int((result.challenge_target >= 0).sum())
    first = challenges.iloc[0]
    i = "ABCDEFG".index(first["initiator"])
    assert first["target"] == "ABCDEFG"[result.challenge_target[first["round"] - 1, i]]
    bargains = result.to_frame("bargains")
    assert bargains.shape == (result.num_iter * 7, 5)
    assert bargains["moved"].sum() == result.moved.sum()
    with pytest.raises(ValueError, match=r"'kind' parameter of SMPResult\.to_frame"):
        result.to_frame("rounds")


def _not_blank(ax) -> None:
    buffer = io.BytesIO()
    ax.figure.savefig(buffer, format="png", dpi=50)
    buffer.seek(0)
    pixels = plt.imread(buffer)[..., :3]
    plt.close(ax.figure)
    assert pixels.std() > 0.02


def test_plots(dummy):
    result = smp(*dummy)
    ax = result.plot(dim=2)
    assert len(ax.get_lines()) == 7
    np.testing.assert_array_equal(ax.get_lines()[0].get_ydata(), result.positions[:, 0, 2])
    _not_blank(ax)
    ax = plot_trajectories(result, dim=0)
    assert ax.get_xlabel() == "round"
    _not_blank(ax)
    ax = plot_power_landscape(result, dim=1, state=-1)
    assert ax.get_ylabel() == "effective power (capability x salience)"
    _not_blank(ax)
    batch = smp_batch(np.stack([dummy[0]] * 3), dummy[1], dummy[2], max_rounds=3)
    ax = plot_batch_outcomes(batch, dim=0)
    assert [t.get_text() for t in ax.get_xticklabels()] == list(batch.actor_names)
    _not_blank(ax)
    with pytest.raises(ValueError, match="'dim' parameter of plot_trajectories"):
        plot_trajectories(result, dim=3)
    with pytest.raises(ValueError, match="'state' parameter of plot_power_landscape"):
        plot_power_landscape(result, state=99)


# --------------------------------------------------------------------------- bad input
BASE_POS = [[10.0, 20.0], [60.0, 50.0], [90.0, 80.0]]
BASE_SAL = [[0.5, 0.3], [0.4, 0.4], [0.6, 0.2]]
BASE_CAP = [100.0, 60.0, 80.0]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"capability": [100.0, -1.0, 80.0]}, r"'capability' parameter of smp must be positive"),
        ({"capability": [0.0, 0.0, 0.0]}, r"'capability' .* Got 0 instead"),
        ({"capability": [1.0, 2.0]}, r"'capability' .* Got an array of shape \(2,\)"),
        ({"salience": [[0.5, -0.1], [0.4, 0.4], [0.6, 0.2]]}, r"'salience' .* non-negative"),
        ({"salience": [[0.0, 0.0], [0.4, 0.4], [0.6, 0.2]]}, r"'salience' .* all-zero .* 0"),
        ({"salience": [[0.7, 0.5], [0.4, 0.4], [0.6, 0.2]]}, r"'salience' .* sum to at most 1"),
        ({"salience": [[50.0, 30.0], [40, 40], [60, 20]]}, r"'salience' .* fractions"),
        ({"salience": [[0.5, 0.3], [0.4, 0.4]]}, r"'salience' .* Got an array of shape"),
        ({"positions": [[10.0, 20.0], [60.0, 150.0], [90.0, 80.0]]},
         r"'positions' parameter of smp must be within the scale \[0, 100\]. Got 150"),
        ({"positions": [[10.0, 20.0], [60.0, np.nan], [90.0, 80.0]]}, r"'positions' .* NaN"),
        ({"positions": [10.0, 20.0, 30.0]}, r"'positions' .* 1 dimension"),
        ({"scale": (100, 0)}, r"'scale' parameter of smp"),
        ({"max_rounds": 0}, r"'max_rounds' parameter of smp must be an int >= 1"),
        ({"params": {"voting_rule": "binary"}}, r"'params' parameter of smp"),
        ({"accommodation": np.full((3, 3), 0.5)}, r"'accommodation' .* sum to at most 1"),
        ({"accommodation": np.eye(2)}, r"'accommodation' .* shape"),
        ({"actor_names": ["a", "a", "b"]}, r"'actor_names' parameter of smp"),
    ],
)
def test_bad_input(kwargs, match):
    args = {"positions": BASE_POS, "salience": BASE_SAL, "capability": BASE_CAP} | kwargs
    pos, sal, cap = args.pop("positions"), args.pop("salience"), args.pop("capability")
    with pytest.raises(ValueError, match=match):
        smp(pos, sal, cap, **args)


def test_bad_input_batch():
    with pytest.raises(ValueError, match=r"'positions' parameter of smp_batch"):
        smp_batch(BASE_POS, BASE_SAL, BASE_CAP)
    with pytest.raises(ValueError, match=r"'capability' parameter of smp_batch"):
        smp_batch([BASE_POS], BASE_SAL, [[1.0, 2.0, 3.0]] * 2)
