"""Tests of the expected utility model (models.spatial.eum): published example, closed forms."""

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import eum_games

import models
from models.spatial import OFFER_TYPES, eum

# BDM (1994, p. 78) car-emissions data as printed in Scholz, Calbert & Smith (2011), Table 1:
# position = year by which emission standards for medium-sized cars apply, salience 0-100.
NAMES = ["Netherlands", "Belgium", "Luxembourg", "Germany", "France",
         "Italy", "UK", "Ireland", "Denmark", "Greece"]
CAP = [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08]
POS = [4, 7, 4, 4, 10, 10, 10, 7, 4, 7]
SAL = [80, 40, 20, 80, 60, 60, 90, 10, 100, 70]
IDX = {name: k for k, name in enumerate(NAMES)}

# The setting that comes closest to Scholz et al.'s published runs (see the Table 2 test).
CLOSEST = {"probability": "global", "vote_utility": "risk", "offer_choice": "weighted_compromise"}


def car(**kwargs):
    return eum(POS, SAL, CAP, scale=(0, 10), actor_names=NAMES, **kwargs)


# --------------------------------------------------------------------------- the published example
def test_car_emissions_initial_weighted_mean_and_median():
    # Closed form from Table 1 (BDM 1994, p. 78 = Scholz et al. 2011, Table 1): weights
    # c*s at 4: 6.4+0.6+12.8+5 = 24.8, at 7: 3.2+0.5+5.6 = 9.3, at 10: 9.6+9.6+14.4 = 33.6;
    # mean = (24.8*4 + 9.3*7 + 33.6*10) / 67.7 = 500.3 / 67.7; the median voter sits at 7
    # (cumulative 24.8 < 33.85 <= 34.1), the "median voter position" of Scholz et al. sec. 3.2.
    r = car(rounds=1)
    assert r.weighted_mean[0, 0] == pytest.approx(500.3 / 67.7, abs=1e-12)
    assert r.weighted_median[0, 0] == 7.0


def test_car_emissions_rounds_closest_to_scholz_table_2():
    # Scholz, Calbert & Smith (2011, ICAART version p. 28, Table 2; the same analysis is in
    # the JTP version) print the median and mean voter positions after rounds 1-8 to one
    # decimal. With Q = 1 (their choice, p. 27) and the printed equations (our defaults:
    # pairwise probabilities, eq. 31) the run does NOT reproduce them: it converges to 7.
    # The closest setting found is CLOSEST: probabilities normalised by all votes in all
    # contests ("global"), votes with the voters' risk exponents, and the compromise rule of
    # Scholz et al.'s software as reported by the McKibben replication
    # (github.com/jmckib/bdm-scholz-expected-utility-model). It reproduces the pattern,
    # including Belgium's round-4 compromise towards the Netherlands and the drop to 7.4 in
    # round 6. 13 of the 16 printed values equal ours truncated to one decimal; every value
    # is within 0.075 of the printed one EXCEPT the round-2 median: ours 9.611, printed 9.9
    # (off by 0.289). The other two misses under truncation are the round-3 and round-8 means
    # (7.590 and 7.572, printed 7.6). No switch setting we tried (all combinations of the
    # switches of eum, plus variants of the risk and probability passes) does better.
    published_median = [8.4, 9.9, 9.9, 9.9, 9.9, 7.4, 8.8, 9.6]
    published_mean = [7.4, 7.5, 7.6, 7.3, 7.3, 7.4, 7.5, 7.6]
    r = car(rounds=8, **CLOSEST)
    assert r.num_iter == 8 and not r.converged
    median, mean = r.weighted_median[1:, 0], r.weighted_mean[1:, 0]
    off = np.abs(median - published_median)
    assert off[1] == pytest.approx(0.289, abs=5e-4)  # the documented round-2 miss
    assert np.delete(off, 1).max() <= 0.075
    assert np.abs(mean - published_mean).max() <= 0.075
    truncated = np.floor(np.concatenate([median, mean]) * 10 + 1e-9) / 10
    agree = np.isclose(truncated, published_median + published_mean)
    assert agree.sum() == 13 and not agree[[1, 8 + 2, 8 + 7]].any()
    # our own trajectory (regression values at the printed setting)
    np.testing.assert_allclose(
        median, [8.416, 9.611, 9.962, 9.962, 9.962, 7.472, 8.825, 9.671], atol=5e-4
    )
    # the median voter is Belgium, except after its round-4 compromise towards the Netherlands
    # (to 4.80), when Luxembourg and then Ireland, following Belgium's path, hold the median
    holders = [[NAMES[k] for k in range(10) if r.positions[t, k, 0] == median[t - 1]]
               for t in range(1, 9)]
    assert holders == [["Belgium"]] * 3 + [["Luxembourg"], ["Ireland"]] + [["Belgium"]] * 3
    assert r.positions[4, IDX["Belgium"], 0] == pytest.approx(4.801, abs=5e-4)
    assert r.accepted[3, IDX["Belgium"], 0] == IDX["Netherlands"]
    assert r.offer_type[3, IDX["Belgium"], IDX["Netherlands"], 0] == OFFER_TYPES.index(
        "compromise"
    )


# Values digitised from Scholz et al. (2011), figs. 7, 8 and 10 ("our interpretation"),
# the perspective planes of the first round with Q = 1. Reading error about +-0.03, so the
# comparisons allow 0.05. The x axis is the viewer's E^i(U_ij), the y axis "Others".
FIG7_BELGIUM = {  # view from Belgium: (E^B(U_Bj), E^B(U_jB))
    "Denmark": (-0.84, 0.245), "UK": (-0.66, 0.245), "Germany": (-0.47, 0.245),
    "Netherlands": (-0.47, 0.245), "France": (-0.12, 0.245), "Italy": (-0.12, 0.245),
    "Luxembourg": (0.59, 0.245), "Ireland": (0.0, 0.0), "Greece": (0.0, 0.0),
}
FIG8_FRANCE = {  # view from France
    "Denmark": (-2.04, -0.43), "Netherlands": (-1.24, -0.44), "Germany": (-1.24, -0.44),
    "Greece": (-0.42, -0.20), "Belgium": (0.20, -0.20), "Ireland": (0.81, -0.20),
    "Luxembourg": (1.16, -0.43), "UK": (0.0, 0.0), "Italy": (0.0, 0.0),
}
FIG10_LUXEMBOURG = {  # (E^j(U_jL) with j's own exponent, E^L(U_jL) with Luxembourg's)
    "Ireland": (0.53, 0.55), "Belgium": (0.59, 0.55), "Greece": (0.59, 0.55),
    "UK": (0.21, 2.0), "France": (1.12, 2.0), "Italy": (1.12, 2.0),
    "Germany": (0.0, 0.0), "Denmark": (0.0, 0.0), "Netherlands": (0.0, 0.0),
}


@pytest.mark.parametrize(("viewer", "points"), [("Belgium", FIG7_BELGIUM),
                                                ("France", FIG8_FRANCE)])
def test_perspective_planes_match_scholz_figures(viewer, points):
    r = car(rounds=1, **CLOSEST)
    i = IDX[viewer]
    for other, (x, y) in points.items():
        j = IDX[other]
        assert r.eu_challenge[0, i, j, 0] == pytest.approx(x, abs=0.05), other
        assert r.eu_rival[0, i, j, 0] == pytest.approx(y, abs=0.05), other


def test_luxembourg_figure_separates_own_and_observer_risk():
    # Scholz et al. fig. 10 plots E^j(U_jL) (j's own risk exponent) against E^L(U_jL)
    # (Luxembourg's): rival_risk="own" gives the first, "observer" (the default) the second.
    observer = car(rounds=1, **CLOSEST)
    own = car(rounds=1, rival_risk="own", **CLOSEST)
    lux = IDX["Luxembourg"]
    for other, (x, y) in FIG10_LUXEMBOURG.items():
        j = IDX[other]
        assert own.eu_rival[0, lux, j, 0] == pytest.approx(x, abs=0.05), other
        assert observer.eu_rival[0, lux, j, 0] == pytest.approx(y, abs=0.05), other
        assert own.eu_rival[0, lux, j, 0] == pytest.approx(observer.eu_challenge[0, j, lux, 0])


def test_printed_equations_do_not_give_the_published_figures():
    # With the printed eq. 31 (pairwise probabilities, the default), Belgium expects to gain
    # from challenging every rival at another position, whereas fig. 7 shows losses
    # against six of them: the published figures need the "global" normalisation.
    r = car(rounds=1)
    b = IDX["Belgium"]
    others = [IDX[k] for k in ("Denmark", "UK", "Germany", "Netherlands", "France", "Italy")]
    assert (r.eu_challenge[0, b, others, 0] > 0).all()


# --------------------------------------------------------------------------- closed forms
def test_two_actors_by_hand():
    # x = (0, 10), D = 10, w = c*s = (1, 0.5). Scholz et al. eq. 31: P_01 = 1/(1 + 0.5) = 2/3.
    # First pass (r = 1, eqs. 15-16, 24 with d = 1): U_s = 2, U_f = -2, U_sq = 0, so
    # E^0(U_01) = 0.5(2/3*2 - 1/3*2) + 0.5*2 = 4/3 and E^1(U_10) = 1*(1/3*2 - 2/3*2) = -2/3.
    # Securities S_0 = -2/3, S_1 = 4/3 give R = (-1, 1) and r = (2, 0.5) (eqs. 32-34).
    # Second pass: U_sq(2) = 1 and U_sq(0.5) = 2 - 4/sqrt(2), so E^0(U_01) = 4/3 - 1 = 1/3,
    # E^0(U_10) = -2/3 - 1 = -5/3, E^1(U_10) = -2/3 - U_sq(0.5), E^1(U_01) = 4/3 - U_sq(0.5).
    # Actor 1's plane: b = E^1(U_01) > a = E^1(U_10) > 0 -> conflict, it gives way to 0.
    r = eum([0, 10], [1, 0.5], [1, 1], scale=(0, 10))
    usq_half = 2 - 4 / np.sqrt(2)
    np.testing.assert_allclose(r.probability[0, :, :, 0], [[0.5, 2 / 3], [1 / 3, 0.5]])
    np.testing.assert_allclose(r.security[0, :, 0], [-2 / 3, 4 / 3])
    np.testing.assert_allclose(r.risk_acceptance[0, :, 0], [-1, 1])
    np.testing.assert_allclose(r.risk_exponent[0, :, 0], [2, 0.5])
    np.testing.assert_allclose(r.eu_challenge[0, :, :, 0], [[0, 1 / 3], [-2 / 3 - usq_half, 0]])
    np.testing.assert_allclose(r.eu_rival[0, :, :, 0], [[0, -5 / 3], [4 / 3 - usq_half, 0]])
    assert r.offer_type[0, 1, 0, 0] == OFFER_TYPES.index("conflict")
    assert r.offer_type[0, 0, 1, 0] == 0 and r.accepted[0, :, 0].tolist() == [-1, 0]
    np.testing.assert_allclose(r.positions[:, :, 0], [[0, 10], [0, 0], [0, 0]])
    assert r.converged and r.num_iter == 2
    assert r.weighted_mean[0, 0] == pytest.approx(10 / 3)


# Three actors at 0, 4, 10 with equal weights c*s = 1 (c = 1, 2, 1; s = 1, 0.5, 1), D = 10.
# Votes (eq. 28, up to the factor 2/D): 0 vs 4: +0.4, -0.4, -0.4 -> P_01 = 1/3;
# 0 vs 10: +1, +0.2, -1 -> P_02 = 1.2/2.2 = 6/11; 4 vs 10: +0.6, +0.6, -0.6 -> P_12 = 2/3.
THREE = ([0, 4, 10], [1, 0.5, 1], [1, 2, 1])
P3 = np.array([[0.5, 1 / 3, 6 / 11], [2 / 3, 0.5, 2 / 3], [5 / 11, 1 / 3, 0.5]])
# Risk neutral, Q = 1: U_s = 2d, U_f = -2d, U_sq = 0, so E(U_ij) = 2d[s_j(2P - 1) + 1 - s_j].
E3 = np.array([[0, 0.8 / 3, 2 / 11], [0.8 / 3, 0, 0.4], [-2 / 11, 0.4, 0]])


def test_three_actors_probabilities_and_expected_utilities_by_hand():
    r = eum(*THREE, scale=(0, 10), risk="neutral", rounds=1)
    np.testing.assert_allclose(r.probability[0, :, :, 0], P3)
    np.testing.assert_allclose(r.eu_challenge[0, :, :, 0], E3, atol=1e-12)
    np.testing.assert_allclose(r.eu_rival[0, :, :, 0], E3.T, atol=1e-12)
    np.testing.assert_allclose(r.risk_exponent[0, :, 0], 1.0)


def test_three_actors_risk_by_hand():
    # Securities (column sums of E3): S = (0.8/3 - 2/11, 0.8/3 + 0.4, 2/11 + 0.4);
    # R_i = (2 S_i - S_max - S_min)/(S_max - S_min), r_i = (1 - R_i/3)/(1 + R_i/3).
    r = eum(*THREE, scale=(0, 10), rounds=1)
    sec = np.array([0.8 / 3 - 2 / 11, 0.8 / 3 + 0.4, 2 / 11 + 0.4])
    big_r = (2 * sec - sec.max() - sec.min()) / (sec.max() - sec.min())
    np.testing.assert_allclose(r.security[0, :, 0], sec)
    np.testing.assert_allclose(r.risk_acceptance[0, :, 0], big_r)
    np.testing.assert_allclose(r.risk_exponent[0, :, 0], (1 - big_r / 3) / (1 + big_r / 3))
    assert r.risk_exponent[0, :, 0] == pytest.approx([2, 0.5, 0.763889 / 1.236111], abs=1e-6)
    # second pass: E^2(U_21) with r_2, d = 0.6, s_1 = 0.5, P_21 = 1/3 (eqs. 15, 16, 24, 25a)
    r2 = r.risk_exponent[0, 2, 0]
    u_s, u_f, u_sq = 2 - 4 * 0.2**r2, 2 - 4 * 0.8**r2, 2 - 4 * 0.5**r2
    expect = 0.5 * (u_s / 3 + 2 * u_f / 3) + 0.5 * u_s - u_sq
    assert r.eu_challenge[0, 2, 1, 0] == pytest.approx(expect)


def test_three_actors_status_quo_terms_by_hand():
    # Q = 0.5, risk neutral; mu = 4 (the weighted median). U_b = m + d and U_w = -(m + d)
    # with m = |x_i - mu|/D (eqs. 22-23 at r = 1); T = 1 when j's drift to mu helps i (m < d,
    # Scholz et al. cases 1 and 3A). E = E3 - 0.5 (m + d)(2T - 1).
    r = eum(*THREE, scale=(0, 10), risk="neutral", q=0.5, rounds=1)
    expect = np.array([
        [0, 0.8 / 3 + 0.4, 2 / 11 - 0.7],
        [0.8 / 3 - 0.2, 0, 0.4 - 0.3],
        [-2 / 11 - 0.8, 0.4 + 0.6, 0],
    ])
    np.testing.assert_allclose(r.eu_challenge[0, :, :, 0], expect, atol=1e-12)
    # actor 1 sees two conflicts it loses (to 0 and to 10); it gives way to the nearer one
    conflict = OFFER_TYPES.index("conflict")
    assert r.offer_type[0, 1, 0, 0] == conflict and r.offer_type[0, 1, 2, 0] == conflict
    assert r.accepted[0, :, 0].tolist() == [-1, 0, -1]
    # "enforceable": the proposer with the larger expected utility (10's: 1.0 > 0.667) wins
    e = eum(*THREE, scale=(0, 10), risk="neutral", q=0.5, rounds=1,
                   offer_choice="enforceable")
    assert e.accepted[0, 1, 0] == 2 and e.positions[1, 1, 0] == 10


def test_three_actors_other_probability_rules_by_hand():
    # "global": every vote over the absolute votes of all ordered contests,
    # 2 * (1.2 + 2.2 + 1.8) = 10.4. "net": max(0, net votes) over the absolute votes.
    g = eum(*THREE, scale=(0, 10), risk="neutral", rounds=1, probability="global")
    np.testing.assert_allclose(g.probability[0, 0, 1, 0], 0.4 / 10.4)
    np.testing.assert_allclose(g.probability[0, 1, 0, 0], 0.8 / 10.4)
    np.testing.assert_allclose(g.probability[0, 0, 2, 0], 1.2 / 10.4)
    n = eum(*THREE, scale=(0, 10), risk="neutral", rounds=1, probability="net")
    np.testing.assert_allclose(n.probability[0, :, :, 0],
                               [[0.5, 0, 0.2 / 2.2], [0.4 / 1.2, 0.5, 0.6 / 1.8],
                                [0, 0, 0.5]], atol=1e-12)


def test_votes_with_risk_exponents():
    # vote_utility="risk": voter k compares (d_kj)^r_k with (d_ki)^r_k.
    r = eum(*THREE, scale=(0, 10), rounds=1, vote_utility="risk")
    x, w, rk = np.array(THREE[0]) / 10, np.ones(3), r.risk_exponent[0, :, 0]
    d = np.abs(x[:, None] - x[None, :]) ** rk[:, None]
    votes = w[:, None, None] * (d[:, None, :] - d[:, :, None])
    off = ~np.eye(3, dtype=bool)
    expect = np.clip(votes, 0, None).sum(0)[off] / np.abs(votes).sum(0)[off]
    np.testing.assert_allclose(r.probability[0, :, :, 0][off], expect)


def test_compromise_by_hand():
    # x = (0, 10), s = (0.5, 1), c = (1, 3): w = (0.5, 3), P_01 = 1/7. Risk neutral, Q = 1:
    # E_01 = 2(2/7 - 1) = -10/7, E_10 = 2[0.5(12/7 - 1) + 0.5] = 12/7. Actor 0 sees
    # a = -10/7 < 0 < b = 12/7 with b > |a|: compromise, eq. 36: 0 + 10 * (10/7)/(12/7) = 25/3.
    r = eum([0, 10], [0.5, 1], [1, 3], scale=(0, 10), risk="neutral", rounds=1)
    np.testing.assert_allclose(r.eu_challenge[0, :, :, 0], [[0, -10 / 7], [12 / 7, 0]])
    assert r.offer_type[0, 0, 1, 0] == OFFER_TYPES.index("compromise")
    assert r.offer_position[0, 0, 1, 0] == pytest.approx(25 / 3)
    np.testing.assert_allclose(r.positions[1, :, 0], [25 / 3, 10])


def test_capitulation_and_stay_rule():
    # x = (0, 10), s = (1, 1), c = (1, 10): P_01 = 1/11. Risk neutral, Q = 1:
    # E_01 = 2(2/11 - 1) = -18/11 and E_10 = 2(20/11 - 1) = 18/11, so actor 0 sees
    # a < 0 < b = |a|: on the compromise/capitulation boundary (Scholz et al. fig. 6), where
    # both give the full move; it is recorded as a capitulation.
    r = eum([0, 10], [1, 1], [1, 10], scale=(0, 10), risk="neutral", rounds=1)
    np.testing.assert_allclose(r.eu_challenge[0, :, :, 0], [[0, -18 / 11], [18 / 11, 0]])
    assert r.offer_type[0, 0, 1, 0] == OFFER_TYPES.index("capitulation")
    assert r.positions[1, 0, 0] == 10
    # with risk exponents, strict capitulations (|a| > b > 0) occur in the car example
    cap = car(rounds=1, probability="global")
    a, b = cap.eu_challenge[0, :, :, 0], cap.eu_rival[0, :, :, 0]
    code = cap.offer_type[0, :, :, 0] == OFFER_TYPES.index("capitulation")
    assert code.any() and np.all(-a[code] > b[code])
    # conflict="stay": the two-actor conflict of test_two_actors_by_hand moves nobody
    s = eum([0, 10], [1, 0.5], [1, 1], scale=(0, 10), conflict="stay")
    assert s.converged and s.num_iter == 1
    np.testing.assert_allclose(s.positions[-1, :, 0], [0, 10])


def test_risk_by_positions_matches_its_definition():
    # risk="positions": R_b compares b's security at its position with its security at each
    # position held by some actor (McKibben's reading of BDM 1985, pp. 167-168).
    x, s, c = [0, 4, 10, 7], [1, 0.5, 1, 0.8], [1, 2, 1, 1.5]
    r = eum(x, s, c, scale=(0, 10), risk="positions", rounds=1)
    for b in range(4):
        sec = []
        for p in x:
            moved = list(x)
            moved[b] = p
            sec.append(eum(moved, s, c, scale=(0, 10), risk="neutral", rounds=1,
                                  distance_scale="scale").security[0, b, 0])
        sec = np.array(sec)
        big_r = (2 * sec[b] - sec.max() - sec.min()) / (sec.max() - sec.min())
        assert r.risk_acceptance[0, b, 0] == pytest.approx(big_r)
        assert r.security[0, b, 0] == pytest.approx(sec[b])


def test_distance_scale_switch():
    # distance_scale="scale": D = 100 for the scale (0, 100), so d = 0.1 between 0 and 10;
    # risk neutral, Q = 1: E_01 = 2d[s_1(2P - 1) + 1 - s_1] = 0.2 * (0.5/3 + 0.5).
    r = eum([0, 10], [1, 0.5], [1, 1], risk="neutral", rounds=1, distance_scale="scale")
    assert r.eu_challenge[0, 0, 1, 0] == pytest.approx(0.2 * (0.5 / 3 + 0.5))
    cur = eum([0, 10, 5], [1, 0.5, 0.2], [1, 1, 1], rounds=3, distance_scale="current")
    assert np.all(np.isfinite(cur.eu_challenge))


def test_several_dimensions_are_independent_runs():
    x = np.array([[10, 80], [40, 20], [90, 50], [60, 55]], dtype=float)
    s, c = [0.9, 0.5, 0.7, 0.3], [1, 2, 1, 3]
    both = eum(x, s, c, rounds=4, dimension_names=["a", "b"])
    for k in range(2):
        one = eum(x[:, k], s, c, rounds=4)
        n = one.num_iter
        np.testing.assert_allclose(both.positions[: n + 1, :, k], one.positions[:, :, 0])
        np.testing.assert_allclose(both.eu_challenge[:n, :, :, k], one.eu_challenge[..., 0])
    assert set(both.to_frame()["dimension"]) == {"a", "b"}


def test_sequential_update_depends_on_order_but_starts_like_simultaneous():
    sim = car(rounds=1)
    seq = car(rounds=1, update="sequential")
    # the first actor sees the same offers either way
    np.testing.assert_array_equal(seq.offer_type[0, 0], sim.offer_type[0, 0])
    assert seq.accepted[0, 0, 0] == sim.accepted[0, 0, 0]
    assert seq.settings.update == "sequential"


# --------------------------------------------------------------------------- invariants
@settings(max_examples=40, deadline=None)
@given(game=eum_games(), data=st.data())
def test_reordering_actors_permutes_the_run(game, data):
    x, s, c = game
    n = len(x)
    perm = np.array(data.draw(st.permutations(range(n))))
    names = [f"a{i}" for i in range(n)]
    r = eum(x, s, c, rounds=4, actor_names=names)
    p = eum(np.array(x)[perm], np.array(s)[perm], np.array(c)[perm], rounds=4,
                   actor_names=[names[i] for i in perm])
    assert p.num_iter == r.num_iter and p.converged == r.converged
    np.testing.assert_allclose(p.positions, r.positions[:, perm], atol=1e-9)
    np.testing.assert_allclose(p.weighted_mean, r.weighted_mean, atol=1e-9)
    np.testing.assert_allclose(p.weighted_median, r.weighted_median, atol=1e-9)
    np.testing.assert_allclose(p.eu_challenge, r.eu_challenge[:, perm][:, :, perm], atol=1e-9)
    np.testing.assert_allclose(p.risk_exponent, r.risk_exponent[:, perm], atol=1e-9)
    np.testing.assert_array_equal(p.offer_type, r.offer_type[:, perm][:, :, perm])


@settings(max_examples=40, deadline=None)
@given(game=eum_games())
def test_invariants(game):
    x, s, c = game
    r = eum(x, s, c, rounds=3)
    n = len(x)
    off = ~np.eye(n, dtype=bool)
    xs = np.array(x)
    distinct = xs[:, None] != xs[None, :]
    # pairwise probabilities of a contest sum to one (eq. 31 partitions the votes)
    prob = r.probability[..., 0]
    np.testing.assert_allclose((prob + np.swapaxes(prob, 1, 2))[:, off], 1.0)
    # risk exponents lie in [0.5, 2] (eq. 33) and securities are column sums of E at r = 1
    assert np.all((r.risk_exponent >= 0.5 - 1e-12) & (r.risk_exponent <= 2 + 1e-12))
    # challenges between actors at one position are void
    assert np.all(r.eu_challenge[0, ~distinct & off, 0] == 0)
    # positions stay between the extreme initial positions (moves are convex combinations)
    assert r.positions.min() >= xs.min() - 1e-9 and r.positions.max() <= xs.max() + 1e-9
    # every accepted offer is one the actor received, and it moved there
    for t in range(r.num_iter):
        for i in range(n):
            j = r.accepted[t, i, 0]
            if j >= 0:
                assert r.offer_type[t, i, j, 0] > 0
                assert r.positions[t + 1, i, 0] == pytest.approx(r.offer_position[t, i, j, 0])
            else:
                assert r.positions[t + 1, i, 0] == r.positions[t, i, 0]
    # offer types agree with the perspective plane (a, b) of the receiver
    a, b = r.eu_challenge[0, :, :, 0], r.eu_rival[0, :, :, 0]
    code = r.offer_type[0, :, :, 0]
    assert np.all(b[code == 1] > a[code == 1]) and np.all(a[code == 1] > 0)
    assert np.all((a[code == 2] < 0) & (b[code == 2] > -a[code == 2]))
    assert np.all((a[code == 3] < 0) & (b[code == 3] > 0))


# --------------------------------------------------------------------------- bad input
@pytest.mark.parametrize(("kwargs", "match"), [
    ({"capability": [1, -1, 1]}, r"'capability' parameter of eum must be a non-negative"),
    ({"capability": [0, 0, 0]}, r"'capability' parameter of eum must be an array with a "
                                r"positive entry\. Got all zeros"),
    ({"salience": [0.5, -0.1, 1]}, r"'salience' parameter of eum must be a non-negative.*"
                                   r"-0\.1"),
    ({"salience": [0, 0, 0]}, r"'salience' parameter of eum .* Got all zeros"),
    ({"salience": [50, 120, 10]}, r"'salience' parameter of eum must be at most 100 .*"
                                  r"maximum of 120"),
    ({"salience": [0.5, 1]}, r"'salience' parameter of eum must be an array of shape "
                             r"\(n_actors,\)\. Got an array of shape \(2,\)"),
    ({"capability": [[1, 1, 1]]}, r"'capability' parameter of eum .* 2 dimension"),
    ({"positions": [10, 150, 30]}, r"'positions' parameter of eum must be within the scale "
                                   r"\[0, 100\]\. Got a value of 150"),
    ({"positions": [-5, 50, 30]}, r"'positions' .* Got a value of -5"),
    ({"positions": [10]}, r"'positions' .* at least 2 actors"),
    ({"positions": [10, np.nan, 30]}, r"'positions' .* NaN"),
    ({"scale": (10, 0)}, r"'scale' parameter of eum .* low < high"),
    ({"rounds": 0}, r"'rounds' parameter of eum must be an int >= 1\. Got 0"),
    ({"q": 1.5}, r"'q' parameter of eum must be a finite real number >= 0 and <= 1\. Got 1\.5"),
    ({"probability": "bayes"}, r"'probability' parameter of eum must be one of .* "
                               r"Got 'bayes'"),
    ({"offer_choice": "random"}, r"'offer_choice' .* Got 'random'"),
    ({"actor_names": ["a", "a", "b"]}, r"'actor_names' parameter of eum must be 3 distinct"),
    ({"capability": [1, 0, 0], "salience": [0, 1, 1]}, r"'capability' .* positive for at least"),
])
def test_bad_input(kwargs, match):
    args = {"positions": [10, 50, 30], "salience": [0.5, 1, 0.2], "capability": [1, 2, 3]}
    args |= kwargs
    with pytest.raises(ValueError, match=match):
        eum(args.pop("positions"), args.pop("salience"), args.pop("capability"), **args)


def test_salience_scales():
    unit = eum([10, 50, 30], [0.5, 1, 0.2], [1, 2, 3], rounds=2)
    pct = eum([10, 50, 30], [50, 100, 20], [1, 2, 3], rounds=2)
    np.testing.assert_allclose(unit.salience, pct.salience)
    np.testing.assert_allclose(unit.positions, pct.positions)
    # "percent" forces division by 100 even when every value is at most 1
    low = eum([10, 50, 30], [0.5, 1, 0.2], [1, 2, 3], rounds=1, salience_scale="percent")
    np.testing.assert_allclose(low.salience, [0.005, 0.01, 0.002])


# --------------------------------------------------------------------------- frames and figures
def test_frames():
    r = car(rounds=4, **CLOSEST)
    pos = r.to_frame()
    assert len(pos) == (r.num_iter + 1) * 10 and set(pos["actor"]) == set(NAMES)
    fc = r.to_frame("forecast")
    assert fc["weighted_mean"].iloc[0] == pytest.approx(500.3 / 67.7)
    actors = r.to_frame("actors")
    assert list(actors.columns) == ["round", "actor", "dimension", "security",
                                    "risk_acceptance", "risk_exponent", "accepted"]
    dyads = r.to_frame("dyads")
    assert len(dyads) == r.num_iter * 10 * 9
    offers = r.to_frame("offers")
    assert set(offers["type"]) <= {"conflict", "compromise", "capitulation"}
    assert offers["accepted"].sum() == (r.accepted >= 0).sum()
    row = offers[(offers["round"] == 3) & (offers["receiver"] == "Belgium") & offers["accepted"]]
    assert row["proposer"].tolist() == ["Netherlands"] and row["type"].tolist() == ["compromise"]
    with pytest.raises(ValueError, match=r"'kind' parameter of EUMResult\.to_frame"):
        r.to_frame("nope")


def test_plots():
    r = car(rounds=3, **CLOSEST)
    ax = r.plot()
    assert len(ax.get_lines()) == 10 + 2 and ax.get_xlabel() == "state"
    colours = [line.get_color() for line in ax.get_lines()[:10]]
    assert colours == [models.plotting.actor_color(name) for name in NAMES]
    plt.close(ax.figure)
    fig, ax = plt.subplots()
    out = models.plotting.plot_perspective(r, "Belgium", ax=ax, round=0)
    assert out is ax and ax.get_title() == "perspective of Belgium, round 0"
    texts = [t.get_text() for t in ax.texts]
    # rivals at one point share a label: Netherlands and Germany, France and Italy, ...
    assert "Netherlands, Germany" in texts and "France, Italy" in texts
    labels = {name for text in texts for name in text.split(", ")}
    assert set(NAMES) - {"Belgium"} <= labels and "stalemate" in labels
    plt.close(fig)
    ax = models.plotting.plot_perspective(r, 4, round=2)
    assert "France" in ax.get_title()
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="'actor' parameter of plot_perspective"):
        models.plotting.plot_perspective(r, "Atlantis")
    with pytest.raises(ValueError, match="'round' parameter of plot_perspective must be an int "
                                         "< 3"):
        models.plotting.plot_perspective(r, "Belgium", round=3)


# --------------------------------------------------------------------------- far-reaching moves
def test_low_salience_median_loses_conflicts_it_would_win_by_vote():
    # Three actors at 0, 60, 100 with w = c*s = 1, 1, 1.5 (total 3.5): the median actor M at
    # 60 has salience 0.25, the flanks 1. Risk neutral, Q = 1, D = 100, so (Scholz et al.
    # 2011, eqs. 15-16, 24-25) E(U_ij) = 2d[s_j(2P_ij - 1) + 1 - s_j].
    # M vs F(100), d = 0.4: votes 0.4, 0.4, -0.6 -> P_MF = 0.8/1.4 = 4/7 > 1/2, yet
    # E_MF = 0.8 * 1/7 = 4/35 and E_FM = 0.8 * (0.25 * (-1/7) + 0.75) = 4/7.
    # M vs A(0), d = 0.6: votes -0.6, 0.6, 0.9 -> P_MA = 5/7, E_MA = 1.2 * 3/7 = 18/35 and
    # E_AM = 1.2 * (0.25 * (-3/7) + 0.75) = 27/35. Both are conflicts M loses (b > a > 0):
    # salience is the probability of resisting, so the soft target gives way. It takes the
    # smaller move, the full 40 points to F; A at 0 (P_AF = 10/27, E_AF = -14/27 = -E_FA)
    # capitulates to F; the weighted median goes from 60 to 100 in one round.
    r = eum([0, 60, 100], [1, 0.25, 1], [1, 4, 1.5], risk="neutral", rounds=3,
                   actor_names=["A", "M", "F"])
    a, m, f = 0, 1, 2
    assert r.probability[0, m, f, 0] == pytest.approx(4 / 7)
    assert r.probability[0, m, a, 0] == pytest.approx(5 / 7)
    np.testing.assert_allclose(r.eu_challenge[0, m, [a, f], 0], [18 / 35, 4 / 35])
    np.testing.assert_allclose(r.eu_rival[0, m, [a, f], 0], [27 / 35, 4 / 7])
    np.testing.assert_allclose(r.eu_challenge[0, a, f, 0], -14 / 27)
    conflict, capitulation = (OFFER_TYPES.index(k) for k in ("conflict", "capitulation"))
    assert r.offer_type[0, m, a, 0] == conflict and r.offer_type[0, m, f, 0] == conflict
    assert r.offer_type[0, a, f, 0] == capitulation
    assert r.accepted[0, :, 0].tolist() == [f, f, -1]
    np.testing.assert_allclose(r.positions[:, :, 0], [[0, 60, 100]] + [[100, 100, 100]] * 2)
    np.testing.assert_allclose(r.weighted_median[:, 0], [60, 100, 100])
    assert r.converged and r.num_iter == 2  # round 1 moves nobody: a fixed point
    # the offers frame carries the receiver's perspective that explains each move
    off = r.to_frame("offers")
    row = off[(off["receiver"] == "M") & off["accepted"]].iloc[0]
    assert (row.proposer, row.type, row.from_position, row.position) == ("F", "conflict", 60, 100)
    assert (row.probability, row.eu_challenge, row.eu_rival) == (
        pytest.approx(4 / 7), pytest.approx(4 / 35), pytest.approx(4 / 7))


def test_offers_frame_agrees_with_the_arrays_and_the_moves():
    r = car(rounds=4, **CLOSEST)
    off = r.to_frame("offers")
    assert list(off.columns) == ["round", "receiver", "proposer", "dimension", "type",
                                 "position", "accepted", "from_position", "probability",
                                 "eu_challenge", "eu_rival"]
    t = off["round"].to_numpy()
    i = off["receiver"].map(IDX).to_numpy()
    j = off["proposer"].map(IDX).to_numpy()
    np.testing.assert_array_equal(off["from_position"], r.positions[t, i, 0])
    np.testing.assert_array_equal(off["probability"], r.probability[t, i, j, 0])
    a, b = off["eu_challenge"].to_numpy(), off["eu_rival"].to_numpy()
    np.testing.assert_array_equal(a, r.eu_challenge[t, i, j, 0])
    np.testing.assert_array_equal(b, r.eu_rival[t, i, j, 0])
    # the type follows from the receiver's plane (a, b), and accepted offers are the moves
    kind = off["type"].to_numpy()
    assert np.all((b > a)[kind == "conflict"] & (a > 0)[kind == "conflict"])
    assert np.all((a < 0)[kind != "conflict"] & (b > 0)[kind != "conflict"])
    acc = off["accepted"].to_numpy()
    np.testing.assert_allclose(off["position"][acc], r.positions[t[acc] + 1, i[acc], 0])
    full = kind != "compromise"
    np.testing.assert_array_equal(off["position"][full], r.positions[t[full], j[full], 0])
