r"""The stages of one round of the expected utility model (private to :mod:`models.spatial.eum`).

Each function is one stage of Bueno de Mesquita's (1994) model as formalised
by Scholz, Calbert and Smith (2011); its docstring names the equations it
implements. Arrays carry the issue dimensions first and the actors last:
positions ``x`` have shape (n_dims, n_actors), a dyad array (n_dims, n_actors,
n_actors) indexed ``[..., i, j]``. One round, in order:

1. :func:`distance_range` (eq. 14) and :func:`anchor` (the median voter,
   sec. 3.2);
2. :func:`votes` (eq. 28) and :func:`probability` (eqs. 30-31);
3. :func:`challenge_utility` (eqs. 5, 15-16, 25) and
   :func:`subtract_status_quo` (eqs. 6-7, 20-24), combined in
   :func:`expected_utility`;
4. :func:`security` and :func:`risk` (eqs. 32-34), then :func:`perspectives`
   (the second pass with the risk exponents);
5. :func:`classify_offers` (fig. 6) and :func:`offer_targets` (eq. 36);
6. :func:`accept_offers` (sec. 6.2) and :func:`play_round` /
   :func:`play_round_sequential` (the position update);
7. :func:`stopped` (the stopping rule).

Arithmetic is kept in the order of the original single function, so that every
number (and every tie broken on a rounded key) is bit for bit what it was.

References
----------
.. [1] Scholz, J. B., Calbert, G. J. and Smith, G. A. (2011). "Unravelling Bueno
   De Mesquita's group decision model." ICAART 2011, 18-30; Journal of
   Theoretical Politics 23(4), 510-531.
.. [2] Bueno de Mesquita, B. (1994). "Political forecasting: an expected utility
   method." In European Community Decision Making, ch. 4, 71-104.
.. [3] Bueno de Mesquita, B. (1985). "The war trap revisited." American
   Political Science Review 79(1), 156-177.
.. [4] Black, D. (1948). "On the rationale of group decision-making." Journal of
   Political Economy 56(1), 23-34.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

if TYPE_CHECKING:
    from models.spatial.eum import Anchor, EUMSettings, ProbabilityRule

Array = NDArray[np.float64]

NONE, CONFLICT, COMPROMISE, CAPITULATION = 0, 1, 2, 3
"""Offer codes, in the order of :data:`models.spatial.OFFER_TYPES`."""

_EPS = 1e-12


# --------------------------------------------------------------------------- 1. scale and anchor
def distance_range(x: Array, initial: Array, width: float, opts: EUMSettings) -> Array:
    r"""Return the range :math:`D` that normalises distances, shape (n_dims,) (eq. 14).

    ``distance_scale="positions"``: :math:`x_{\max} - x_{\min}` of the initial
    positions (eq. 14, "the range of positions"); ``"current"``: of this
    round's; ``"scale"``: the issue scale's ``width``. A zero range falls back
    to ``width``.
    """
    if opts.distance_scale == "scale":
        return np.full(x.shape[:-1], width)
    ref = initial if opts.distance_scale == "positions" else x
    rng = ref.max(axis=-1) - ref.min(axis=-1)
    return np.where(rng > 0, rng, width)


def weighted_stat(x: Array, s: Array, c: Array, stat: Anchor) -> Array:
    r"""Capability x salience weighted mean or median of ``x`` along its last axis.

    The median is the position :math:`\mu` of the median voter, the Condorcet
    winner of the pairwise votes (Black 1948; Scholz et al. sec. 3.2 and
    Appendix step 3). Leading axes of ``x`` are batches; ``s`` and ``c`` have
    shape (n_actors,).
    """
    from models.spatial.static import weighted_mean, weighted_median

    func = weighted_median if stat == "median" else weighted_mean
    flat = x.reshape(-1, x.shape[-1])
    out = np.asarray(func(flat, np.broadcast_to(s, flat.shape), np.broadcast_to(c, flat.shape)))
    return out.reshape(x.shape[:-1])


# --------------------------------------------------------------------------- 2. votes
def votes(x: Array, w: Array, span: Array, rho: Array | None) -> Array:
    r"""Votes :math:`v_k^{ij} = w_k (d_{kj} - d_{ki})`, shape (..., n_voters, n, n) (eq. 28).

    :math:`d_{km} = |x_k - x_m| / D`, raised to the voter's risk exponent
    ``rho[..., k]`` when ``rho`` is given (``vote_utility="risk"``, McKibben's
    replication); positive when voter :math:`k` prefers :math:`x_i` to
    :math:`x_j`.
    """
    dist = np.abs(x[..., :, None] - x[..., None, :]) / span[..., None, None]  # [k, m]
    if rho is not None:
        dist = dist ** rho[..., :, None]
    out: Array = w[:, None, None] * (dist[..., :, None, :] - dist[..., :, :, None])
    return out


def probability(
    x: Array, w: Array, span: Array, rho: Array | None, rule: ProbabilityRule
) -> Array:
    r"""P[..., i, j]: probability that i prevails when it challenges j (eqs. 30-31).

    ``"pairwise"``: :math:`P_{ij} = \sum_{k: v_k^{ij} > 0} v_k^{ij} / \sum_k |v_k^{ij}|`
    (eq. 31); ``"global"``: the same support over the absolute votes of all
    contests; ``"net"``: :math:`\max(\sum_k v_k^{ij}, 0)` over the absolute
    votes. A contest nobody votes in gives 1/2.
    """
    v = votes(x, w, span, rho)
    support = np.clip(v, 0.0, None).sum(axis=-3)
    absolute = np.abs(v)
    if rule == "pairwise":
        den = absolute.sum(axis=-3)
    elif rule == "global":
        den = np.broadcast_to(absolute.sum(axis=(-3, -2, -1))[..., None, None], support.shape)
    else:  # "net"
        support = np.clip(v.sum(axis=-3), 0.0, None)
        den = absolute.sum(axis=-3)
    safe = np.where(den > 0, den, 1.0)
    return np.where(den > 0, support / safe, 0.5)


# --------------------------------------------------------------------------- 3. expected utilities
def utility(base: Array, rho: Array) -> Array:
    r"""Return the utility :math:`U = 2 - 4\, b^{r}` of a base :math:`b \ge 0` (eqs. 15-16, 22-24).

    :math:`b = 0.5 \mp 0.5 d` gives :math:`U_s, U_f`; :math:`0.5 \mp 0.25(m + d)`
    gives :math:`U_b, U_w`; :math:`0.5` gives :math:`U_{sq}`.
    """
    out: Array = 2.0 - 4.0 * np.clip(base, 0.0, None) ** rho
    return out


def challenge_utility(d: Array, s: Array, prob: Array, rho: Array) -> Array:
    r"""Return the expected utility of a challenge, before the status quo (eqs. 5, 25).

    :math:`s_j [P_{ij} U_s + (1 - P_{ij}) U_f] + (1 - s_j) U_s`, with
    :math:`U_s = 2 - 4(0.5 - 0.5 d)^r` and :math:`U_f = 2 - 4(0.5 + 0.5 d)^r`
    (eqs. 15-16): the target :math:`j` resists with probability :math:`s_j`
    and otherwise gives way.
    """
    u_s = utility(0.5 - 0.5 * d, rho)
    u_f = utility(0.5 + 0.5 * d, rho)
    out: Array = s * (prob * u_s + (1.0 - prob) * u_f) + (1.0 - s) * u_s
    return out


def subtract_status_quo(e: Array, d: Array, m: Array, rho: Array, q: float) -> Array:
    r"""Subtract the expected utility of not challenging (eqs. 6-7, 20-24).

    :math:`Q U_{sq} + (1 - Q)[T U_b + (1 - T) U_w]` with
    :math:`U_{sq} = 2 - 4 \cdot 0.5^r`, :math:`U_b = 2 - 4(0.5 - 0.25(m + d))^r`,
    :math:`U_w = 2 - 4(0.5 + 0.25(m + d))^r` and :math:`T = 1` when the
    rival's drift to the anchor brings it closer (:math:`m < d`). The two
    terms are subtracted one after the other.
    """
    e = e - q * utility(np.full_like(d, 0.5), rho)
    if q < 1.0:
        better = m < d
        u_b = utility(0.5 - 0.25 * (m + d), rho)
        u_w = utility(0.5 + 0.25 * (m + d), rho)
        e = e - (1.0 - q) * np.where(better, u_b, u_w)
    return e


def expected_utility(
    x: Array, s: Array, prob: Array, mu: Array, span: Array, rho: Array, q: float
) -> Array:
    r"""E[..., a, b]: expected utility of a challenging b, valued with ``rho[..., a, b]``.

    :math:`E(U_{ab})` = :func:`challenge_utility` minus
    :func:`subtract_status_quo`'s terms (eqs. 5-7, 25), with
    :math:`d = |x_a - x_b|/D` and :math:`m = |x_a - \mu|/D`; void
    (:math:`E = 0`) between actors at one position. ``x`` (..., n) positions,
    ``s`` (n,) unit saliences (the target's enters), ``prob`` (..., n, n),
    ``mu`` (...,) the anchor, ``span`` (...,).
    """
    d = np.abs(x[..., :, None] - x[..., None, :]) / span[..., None, None]
    m = np.abs(x - mu[..., None])[..., :, None] / span[..., None, None]
    e = subtract_status_quo(challenge_utility(d, s, prob, rho), d, m, rho, q)
    return np.where(d > 0, e, 0.0)


# --------------------------------------------------------------------------- 4. risk
def security(
    x: Array, w: Array, s: Array, span: Array, mu: Array, rule: ProbabilityRule, q: float
) -> Array:
    r""":math:`S_b = \sum_a E^a(U_{ab})` with every actor risk neutral (eq. 32)."""
    prob = probability(x, w, span, None, rule)
    e1 = expected_utility(x, s, prob, mu, span, np.ones(prob.shape), q)
    out: Array = e1.sum(axis=-2)
    return out


def _security_bounds_by_position(
    x: Array, c: Array, s: Array, span: Array, opts: EUMSettings
) -> tuple[Array, Array]:
    """Each actor's highest and lowest security over the positions now held (``risk="positions"``).

    McKibben's reading of BDM (1985, pp. 167-168): actor b's security when
    it moves to each position x_p held by some actor.
    """
    w = c * s
    n = x.shape[-1]
    idx = np.arange(n)
    # alt[..., b, p, :] = x with actor b moved to x_p
    mover = (idx[:, None, None] == idx[None, None, :])  # [b, 1, k]: k is the mover b
    alt = np.where(mover, x[..., None, :, None], x[..., None, None, :])
    alt_mu = weighted_stat(alt, s, c, opts.anchor)
    alt_sec = security(
        alt, w, s, np.broadcast_to(span[..., None, None], alt_mu.shape), alt_mu,
        opts.probability, opts.q,
    )  # (..., b, p, n)
    mine = np.take_along_axis(
        alt_sec, np.broadcast_to(idx[:, None, None], (*alt_sec.shape[:-1], 1)), axis=-1
    )[..., 0]  # (..., b, p): b's security at position p
    return mine.max(axis=-1), mine.min(axis=-1)


def risk(
    x: Array, c: Array, s: Array, span: Array, mu: Array, opts: EUMSettings
) -> tuple[Array, Array, Array]:
    r"""Security, risk acceptance :math:`R` and risk exponent :math:`r`, each (..., n) (eqs. 32-34).

    :math:`R_i = (2 S_i - S_{\max} - S_{\min}) / (S_{\max} - S_{\min})` and
    :math:`r_i = (1 - R_i/3)/(1 + R_i/3)`; ``risk="security"`` takes the
    bounds over the actors, ``"positions"`` over the actor's own security at
    every held position, ``"neutral"`` sets :math:`R = 0, r = 1`.
    """
    sec = security(x, c * s, s, span, mu, opts.probability, opts.q)
    if opts.risk == "neutral":
        zero = np.zeros_like(sec)
        return sec, zero, np.ones_like(sec)
    if opts.risk == "security":
        hi = sec.max(axis=-1, keepdims=True)
        lo = sec.min(axis=-1, keepdims=True)
    else:  # "positions"
        hi, lo = _security_bounds_by_position(x, c, s, span, opts)
    width = hi - lo
    big_r = np.where(width > 0, (2.0 * sec - hi - lo) / np.where(width > 0, width, 1.0), 0.0)
    big_r = np.clip(big_r, -1.0, 1.0)
    return sec, big_r, (1.0 - big_r / 3.0) / (1.0 + big_r / 3.0)


def perspectives(
    x: Array, s: Array, prob: Array, mu: Array, span: Array, r: Array, opts: EUMSettings
) -> tuple[Array, Array]:
    r"""Each actor's perspective plane :math:`(a, b) = (E^i(U_{ij}), E^i(U_{ji}))`.

    The second pass of the expected utilities (eqs. 5-7, 25), with the risk
    exponents of eq. 34: :math:`a` with :math:`r_i`; :math:`b` with
    :math:`r_i` (``rival_risk="observer"``, BDM 1985 p. 158 as read by
    Scholz et al. sec. 3) or :math:`r_j` (``"own"``).
    """
    own = expected_utility(
        x, s, prob, mu, span, np.broadcast_to(r[..., :, None], prob.shape), opts.q
    )
    if opts.rival_risk == "observer":
        theirs = expected_utility(
            x, s, prob, mu, span, np.broadcast_to(r[..., None, :], prob.shape), opts.q
        )
        return own, np.swapaxes(theirs, -1, -2)
    return own, np.swapaxes(own, -1, -2)


# --------------------------------------------------------------------------- 5. offers
def classify_offers(x: Array, a: Array, b: Array, conflict_rule: str) -> NDArray[np.int8]:
    r"""Classify the offer i receives from j: none, conflict, ... (Scholz et al. fig. 6).

    In i's plane :math:`(a, b)`: conflict when :math:`b > a > 0`, compromise
    when :math:`a < 0 < b` and :math:`b > |a|`, capitulation when
    :math:`a < 0 < b \le |a|`; none elsewhere or between actors at one
    position. Exact ties (:math:`a = b`, :math:`b = -a`) count as no offer
    whatever the rounding of sums. ``conflict_rule="stay"`` (BDM 1997 p. 244)
    drops the conflicts.
    """
    valid = x[..., :, None] != x[..., None, :]
    conflict = valid & (a > _EPS) & (b > a + _EPS)
    compromise = valid & (a < -_EPS) & (b > -a + _EPS)
    capitulation = valid & (a < -_EPS) & (b > _EPS) & (b <= -a + _EPS)
    if conflict_rule == "stay":
        conflict = np.zeros_like(conflict)
    return np.select(
        [conflict, compromise, capitulation], [CONFLICT, COMPROMISE, CAPITULATION], NONE
    ).astype(np.int8)


def offer_targets(x: Array, a: Array, b: Array, code: NDArray[np.int8]) -> Array:
    r"""Where each offer would take i: :math:`x_i + (x_j - x_i)|a/b|` for a compromise (eq. 36).

    Conflicts and capitulations take i to :math:`x_j`; NaN where there is no
    offer.
    """
    xi, xj = x[..., :, None], x[..., None, :]
    ratio = np.abs(a) / np.where(b != 0, np.abs(b), 1.0)
    target = np.where(code == COMPROMISE, xi + (xj - xi) * ratio, np.broadcast_to(xj, a.shape))
    return np.where(code > 0, target, np.nan)


# --------------------------------------------------------------------------- 6. resolution
def _type_then_least(where: Array, step: Array, kind: Array, **_: Any) -> tuple[Array, ...]:
    return (where, step, kind)


def _least_move(where: Array, step: Array, kind: Array, **_: Any) -> tuple[Array, ...]:
    return (where, kind, step)


def _enforceable(
    where: Array, step: Array, has: NDArray[np.bool_], b: Array, **_: Any
) -> tuple[Array, ...]:
    return (where, step, np.where(has, np.round(-b, 10), np.inf))


def _weighted_compromise(
    where: Array, step: Array, kind: Array, has: NDArray[np.bool_], a: Array, b: Array,
    x: Array, code: NDArray[np.int8], key: Callable[[Array], Array], **_: Any,
) -> tuple[Array, ...]:
    xi, xj = x[..., :, None], x[..., None, :]
    blend = (np.abs(a) * xi + np.abs(b) * xj) / np.where(has, np.abs(a) + np.abs(b), 1.0)
    return (where, np.where(code == COMPROMISE, key(blend), step), kind)


OFFER_ORDER: dict[str, Callable[..., tuple[Array, ...]]] = {
    "type_then_least": _type_then_least,
    "least_move": _least_move,
    "enforceable": _enforceable,
    "weighted_compromise": _weighted_compromise,
}
"""``offer_choice`` name -> the ``np.lexsort`` keys (last key first) that rank an actor's offers.

Every function gets the same keywords: ``where`` (the rounded target),
``step`` (the rounded move), ``kind`` (the offer code), ``has``, ``a``,
``b``, ``x``, ``code`` and ``key`` (the rounding of a value to a key)."""


def accept_offers(
    x: Array, a: Array, b: Array, code: NDArray[np.int8], target: Array, span: Array,
    offer_choice: str,
) -> tuple[NDArray[np.intp], Array]:
    """Each actor accepts one offer (Scholz et al. sec. 6.2) and moves to its target.

    The offers are ranked by :data:`OFFER_ORDER` ``[offer_choice]``; values
    equal up to rounding (keys quantised to 1e-10 of D) tie and fall to the
    next key, and remaining ties go to the lower target. Returns the accepted
    proposer (-1: none), shape (..., n), and the new positions.
    """
    has = code > 0
    unit = span[..., None, None]

    def key(value: Array) -> Array:
        # quantised so that values equal up to rounding tie and fall to the next key
        return np.where(has, np.round(value / unit, 10), np.inf)

    keys = OFFER_ORDER[offer_choice](
        where=key(target), step=key(np.abs(target - x[..., :, None])),
        kind=np.where(has, code.astype(float), np.inf), has=has, a=a, b=b, x=x, code=code,
        key=key,
    )
    best = np.lexsort(keys, axis=-1)[..., 0]
    chosen = np.take_along_axis(has, best[..., None], axis=-1)[..., 0]
    accepted = np.where(chosen, best, -1).astype(np.intp)
    new_x = np.where(chosen, np.take_along_axis(target, best[..., None], axis=-1)[..., 0], x)
    return accepted, new_x


# --------------------------------------------------------------------------- one round
def play_round(
    x: Array, c: Array, s: Array, span: Array, opts: EUMSettings
) -> dict[str, NDArray[Any]]:
    """One round from positions ``x`` of shape (n_dims, n): every stage above, all move at once."""
    mu = weighted_stat(x, s, c, opts.anchor)
    sec, big_r, r = risk(x, c, s, span, mu, opts)
    prob = probability(
        x, c * s, span, r if opts.vote_utility == "risk" else None, opts.probability
    )
    own, rival = perspectives(x, s, prob, mu, span, r, opts)
    code = classify_offers(x, own, rival, opts.conflict)
    target = offer_targets(x, own, rival, code)
    accepted, new_x = accept_offers(x, own, rival, code, target, span, opts.offer_choice)
    return {
        "security": sec,
        "risk_acceptance": big_r,
        "risk_exponent": r,
        "probability": prob,
        "eu_challenge": own,
        "eu_rival": rival,
        "offer_type": code,
        "offer_position": target,
        "accepted": accepted,
        "new_x": new_x,
    }


def play_round_sequential(
    x: Array, initial: Array, c: Array, s: Array, width: float, opts: EUMSettings
) -> dict[str, NDArray[Any]]:
    """One round in which actors move one after another in input order (``update="sequential"``).

    Actor i re-runs the round from the positions after actors 0..i-1 moved
    and takes its own offers and move from that run; the analysis arrays
    (probabilities, utilities, risk) are those of the round's start.
    """
    rec = play_round(x, c, s, distance_range(x, initial, width, opts), opts)
    new_x = x.copy()
    rows: dict[str, list[NDArray[Any]]] = {"offer_type": [], "offer_position": [],
                                           "accepted": []}
    for i in range(x.shape[-1]):
        now = rec if i == 0 else play_round(
            new_x, c, s, distance_range(new_x, initial, width, opts), opts
        )
        for k in rows:
            rows[k].append(now[k][..., i, :] if k != "accepted" else now[k][..., i])
        new_x[..., i] = now["new_x"][..., i]
    return rec | {
        "offer_type": np.stack(rows["offer_type"], axis=-2),
        "offer_position": np.stack(rows["offer_position"], axis=-2),
        "accepted": np.stack(rows["accepted"], axis=-1),
        "new_x": new_x,
    }


# --------------------------------------------------------------------------- 7. stopping
def stopped(old: Array, new: Array, span: Array, tol: float) -> bool:
    r"""Apply the stopping rule: no position moved by more than ``tol`` times :math:`D`.

    This fixed-point test is this implementation's, not an equation of
    Scholz et al.; their Table 2 reports a fixed number of rounds, which
    ``rounds`` caps.
    """
    moved = np.abs(new - old).max(axis=-1)
    return bool(np.all(moved <= tol * span))


def run_rounds(
    initial: Array, c: Array, s: Array, width: float, opts: EUMSettings, max_iter: int
) -> tuple[list[Array], list[dict[str, NDArray[Any]]], bool]:
    """Play rounds from ``initial`` (n_dims, n) until :func:`stopped` or ``max_iter``.

    Returns the states (the input first), each round's record and whether the
    run reached a fixed point.
    """
    state = initial.copy()
    states = [state]
    records: list[dict[str, NDArray[Any]]] = []
    for _ in range(max_iter):
        span = distance_range(state, initial, width, opts)
        if opts.update == "sequential":
            rec = play_round_sequential(state, initial, c, s, width, opts)
        else:
            rec = play_round(state, c, s, span, opts)
        records.append(rec)
        done = stopped(state, rec["new_x"], span, opts.tol)
        state = rec["new_x"]
        states.append(state)
        if done:
            return states, records, True
    return states, records, False
