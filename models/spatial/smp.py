r"""KTAB's Spatial Model of Politics (SMP): actors' multi-dimensional positions, round by round.

This is a Python implementation of the SMP application of KAPSARC's Toolkit
for Behavioral Analysis (KTAB), following its C++ source (``kmodel.cpp``,
``smp.cpp``, ``smpbcn.cpp``), and reproducing its deterministic reference runs
to their printed precision.

Actor :math:`i` has a capability :math:`c_i > 0`, saliences :math:`s_{ik} \ge 0`
with :math:`S_i = \sum_k s_{ik} \le 1`, a position :math:`x_i` and an ideal
point :math:`\hat x_i` in :math:`[0, 1]^m` (the input scale mapped to the unit
cube). Each round (a *state*):

1. **Utilities.** The salience-weighted distance is
   :math:`d_{ij} = \sqrt{\sum_k s_{ik}^2 (\hat x_{ik} - x_{jk})^2 / \sum_k s_{ik}^2}`
   and the utility with risk attitude :math:`R` is
   :math:`u = (1 - d)(1 + d R)`.
2. **Risk attitudes.** With risk-neutral utilities :math:`u_{ij} = 1 - d_{ij}`,
   votes :math:`v_k(i{:}j) = c_k\, \rho(u_{ki} - u_{kj})` (voting rule
   :math:`\rho`) build coalitions
   :math:`C_{ij} = 10^{-8} + \sum_k \max(v_k(i{:}j), 0)`, victory probabilities
   :math:`P[i > j] = C_{ij}^a / (C_{ij}^a + C_{ji}^a)` (:math:`a` = 1, 2, 4, 8 or
   a threshold law) and a *probabilistic Condorcet election* (PCE) gives each
   position a probability :math:`p_i`; conditionally
   :math:`p_i \propto \prod_j P[i > j]`, or the stationary law of a Markov
   chain of challenges. Risk attitudes are linear in :math:`p_i`, from
   :math:`R = 1` for the most likely position down to :math:`-1`, :math:`-1/2`
   or :math:`0` for the least likely; actor :math:`h` estimates actor
   :math:`i`'s as a blend of :math:`R_h` and :math:`R_i`.
3. **Challenges.** From its own estimates, actor :math:`i` values challenging
   :math:`j` as the expected gain
   :math:`\Delta_{ij} = 2(1 - S_j) u_{ii} + 2 S_j (p u_{ii} + (1-p) u_{ij}) - u_{ii} - u_{ij}`
   where :math:`p = P[i > j]` comes from the principals' own contributions
   :math:`\rho(u_{ii} - u_{ij}) S_i c_i` and :math:`\rho(u_{ji} - u_{jj}) S_j c_j`
   plus each third party's vote, cast by comparing its expected utility of
   joining either side in the three-actor contest. It targets the :math:`j`
   with the largest gain above :math:`10^{-5}`.
4. **Bargains.** The challenge becomes a bargain interpolated on each dimension,
   :math:`b = ((w_i + 10^{-6}) x_i + w_j x_j) / (w_i + 10^{-6} + w_j)` with
   :math:`w = s^2 p^2` (or :math:`s\,p`, or a probability-gap rule), rounded to
   four decimals.
5. **Choice.** Each actor's options are its status quo and every bargain that
   involves it; all actors value them (mean utility of the resulting
   positions), a PCE weighted by capabilities gives their probabilities, and
   the actor adopts the most likely one (or draws one, in stochastic mode).
6. **Accommodation.** Ideals move to
   :math:`\hat x_i \leftarrow \sum_j a_{ij} x_j + (1 - \sum_j a_{ij}) \hat x_i`
   (the identity matrix makes ideals track positions).
7. **Stopping.** After round :math:`t \ge 2` the run stops when the summed
   Euclidean move of the round is below 2% of the first round's move (plus
   :math:`10^{-4}`), or at ``max_rounds``.

Where this implementation departs from KTAB's code (and why), it says so in
:func:`smp`'s Notes.

References
----------
.. [1] KAPSARC, "KTAB: KAPSARC Toolkit for Behavioral Analysis", open-source
   C++ code (MIT licence), https://github.com/KAPSARC/KTAB, files
   ``KTAB/kmodel/libsrc/kmodel.cpp``, ``examples/smp/libsrc/smp.cpp``,
   ``examples/smp/libsrc/smpbcn.cpp`` and the reference runs in
   ``examples/smp/doc/20170530_ref-*.txt``.
.. [2] KAPSARC, "An Introduction to the KAPSARC Toolkit for Behavioral
   Analysis (KTAB)" and "Multidimensional Bargaining using KTAB", KAPSARC
   discussion papers, cited by KTAB's SMP user guide
   (``web/tutorial/SMPTutorial.md`` in [1]).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import check_array, check_int, param_error
from models._repr import compact_repr, frame_html
from models.spatial import _smp_core as core
from models.spatial.smp_params import SMPParams

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["SMPBatchResult", "SMPParams", "SMPResult", "smp", "smp_batch"]

MAX_HISTORY_BYTES = 4 * 2**30
"""The most memory the round-by-round history of one call may take (4 GiB)."""

@dataclass(frozen=True, slots=True)
class SMPResult:
    """One SMP run: positions and everything that moved them, round by round.

    State 0 is the input; state t follows round t. ``n_states = num_iter + 1``.

    Attributes
    ----------
    positions : ndarray of shape (n_states, n_actors, n_dims)
        Positions on the input scale.
    ideals : ndarray of shape (n_states, n_actors, n_dims)
        Ideal points on the input scale (equal to positions under the identity
        accommodation matrix).
    win_prob : ndarray of shape (n_states, n_actors)
        Probability that each actor's position wins the state's PCE (KTAB's
        "History of actors' winning probabilities"; actors sharing a position
        share its probability, so rows can sum to more than 1).
    risk_attitude : ndarray of shape (n_states, n_actors)
        Risk attitudes inferred in each state.
    change_ratio : ndarray of shape (n_rounds,)
        Each round's summed move over the first round's (the stopping statistic).
    challenge_target : ndarray of int, shape (n_rounds, n_actors)
        Whom each actor challenged in each round (-1: nobody).
    challenge_prob : ndarray of shape (n_rounds, n_actors)
        The challenger's estimate of P[challenger beats target] (NaN: no challenge).
    challenge_gain : ndarray of shape (n_rounds, n_actors)
        The challenger's expected gain from the challenge (NaN: no challenge).
    bargain_initiator, bargain_receiver : ndarray of int, shape (n_rounds, n_actors)
        Initiator and receiver of the bargain each actor adopted (-1: status quo).
    moved : ndarray of bool, shape (n_rounds, n_actors)
        Whether the adopted bargain changed the actor's position.
    capability : ndarray of shape (n_actors,)
    salience : ndarray of shape (n_actors, n_dims)
    actor_names, dimension_names : tuple of str
    params : SMPParams
    scale : tuple of float
    converged : bool
        True when KTAB's stopping rule ended the run, False when ``max_rounds`` did.
    num_iter : int
        Rounds run.
    max_iter : int
        The ``max_rounds`` cap.
    """

    _repr_html_ = frame_html

    __repr__ = compact_repr

    positions: NDArray[np.float64]
    ideals: NDArray[np.float64]
    win_prob: NDArray[np.float64]
    risk_attitude: NDArray[np.float64]
    change_ratio: NDArray[np.float64]
    challenge_target: NDArray[np.intp]
    challenge_prob: NDArray[np.float64]
    challenge_gain: NDArray[np.float64]
    bargain_initiator: NDArray[np.intp]
    bargain_receiver: NDArray[np.intp]
    moved: NDArray[np.bool_]
    capability: NDArray[np.float64]
    salience: NDArray[np.float64]
    actor_names: tuple[str, ...]
    dimension_names: tuple[str, ...]
    params: SMPParams
    scale: tuple[float, float]
    converged: bool
    num_iter: int
    max_iter: int

    def to_frame(
        self, kind: Literal["positions", "actors", "challenges", "bargains"] = "positions"
    ) -> pd.DataFrame:
        """Return one tidy table of the run.

        Parameters
        ----------
        kind : {"positions", "actors", "challenges", "bargains"}
            "positions": one row per state, actor and dimension (position,
            ideal); "actors": one row per state and actor (win_prob,
            risk_attitude); "challenges": one row per round and challenger
            (target, prob, gain); "bargains": one row per round and actor
            (initiator and receiver of the adopted bargain, None for the
            status quo; moved).

        Returns
        -------
        pandas.DataFrame

        Raises
        ------
        ValueError
            An unknown ``kind``.

        Examples
        --------
        >>> r = smp([[10, 20], [60, 50], [90, 80]], [[0.5, 0.3]] * 3, [1, 2, 3])
        >>> list(r.to_frame().columns)
        ['state', 'actor', 'dimension', 'position', 'ideal']
        >>> list(r.to_frame("challenges").columns)
        ['round', 'initiator', 'target', 'prob', 'gain']
        """
        import pandas as pd

        names = list(self.actor_names)
        t_n, n, d = self.positions.shape
        if kind == "positions":
            return pd.DataFrame({
                "state": np.repeat(np.arange(t_n), n * d),
                "actor": np.tile(np.repeat(names, d), t_n),
                "dimension": np.tile(list(self.dimension_names), t_n * n),
                "position": self.positions.reshape(-1),
                "ideal": self.ideals.reshape(-1),
            })
        if kind == "actors":
            return pd.DataFrame({
                "state": np.repeat(np.arange(t_n), n),
                "actor": np.tile(names, t_n),
                "win_prob": self.win_prob.reshape(-1),
                "risk_attitude": self.risk_attitude.reshape(-1),
            })
        rounds = np.repeat(np.arange(1, t_n), n)
        actor_idx = np.tile(np.arange(n), t_n - 1)
        if kind == "challenges":
            tgt = self.challenge_target.reshape(-1)
            keep = tgt >= 0
            return pd.DataFrame({
                "round": rounds[keep],
                "initiator": [names[i] for i in actor_idx[keep]],
                "target": [names[j] for j in tgt[keep]],
                "prob": self.challenge_prob.reshape(-1)[keep],
                "gain": self.challenge_gain.reshape(-1)[keep],
            })
        if kind == "bargains":
            ini = self.bargain_initiator.reshape(-1)
            rcv = self.bargain_receiver.reshape(-1)
            return pd.DataFrame({
                "round": rounds,
                "actor": [names[i] for i in actor_idx],
                "initiator": [names[i] if i >= 0 else None for i in ini],
                "receiver": [names[j] if j >= 0 else None for j in rcv],
                "moved": self.moved.reshape(-1),
            })
        raise param_error("kind", "SMPResult.to_frame",
                          "one of 'positions', 'actors', 'challenges', 'bargains'", repr(kind))

    def plot(self, ax: Axes | None = None, dim: int = 0) -> Axes:
        """Plot positions over rounds on one dimension (:func:`~models.plotting.plot_trajectories`).

        Parameters
        ----------
        ax : matplotlib Axes, optional
        dim : int
            Dimension index.

        Returns
        -------
        matplotlib Axes

        Examples
        --------
        >>> r = smp([[10, 20], [60, 50], [90, 80]], [[0.5, 0.3]] * 3, [1, 2, 3])
        >>> r.plot(dim=1).get_xlabel()
        'round'
        """
        from models.plotting.spatial import plot_trajectories

        return plot_trajectories(self, ax=ax, dim=dim)


@dataclass(frozen=True, slots=True)
class SMPBatchResult:
    """Many SMP runs over perturbed inputs (see :func:`smp_batch`).

    Attributes
    ----------
    positions : ndarray of shape (n_runs, n_states, n_actors, n_dims)
        Positions on the input scale; ``n_states = max(num_iter) + 1`` and a
        run's states after its last are NaN.
    win_prob : ndarray of shape (n_runs, n_states, n_actors)
    final_positions : ndarray of shape (n_runs, n_actors, n_dims)
        Each run's last state.
    num_iter : ndarray of int, shape (n_runs,)
    converged : ndarray of bool, shape (n_runs,)
    max_iter : int
    actor_names, dimension_names : tuple of str
    params : SMPParams
    scale : tuple of float
    """

    _repr_html_ = frame_html

    __repr__ = compact_repr

    positions: NDArray[np.float64]
    win_prob: NDArray[np.float64]
    final_positions: NDArray[np.float64]
    num_iter: NDArray[np.intp]
    converged: NDArray[np.bool_]
    max_iter: int
    actor_names: tuple[str, ...]
    dimension_names: tuple[str, ...]
    params: SMPParams
    scale: tuple[float, float]

    def to_frame(self) -> pd.DataFrame:
        """Return the final positions as a tidy table (run, actor, dimension, position, ...).

        Returns
        -------
        pandas.DataFrame
            Columns run, actor, dimension, position, num_iter, converged.

        Examples
        --------
        >>> pos = np.array([[[10, 20], [60, 50], [90, 80]]] * 2, dtype=float)
        >>> b = smp_batch(pos, [[0.5, 0.3]] * 3, [1, 2, 3])
        >>> b.to_frame().shape
        (12, 6)
        """
        import pandas as pd

        r_n, n, d = self.final_positions.shape
        return pd.DataFrame({
            "run": np.repeat(np.arange(r_n), n * d),
            "actor": np.tile(np.repeat(list(self.actor_names), d), r_n),
            "dimension": np.tile(list(self.dimension_names), r_n * n),
            "position": self.final_positions.reshape(-1),
            "num_iter": np.repeat(self.num_iter, n * d),
            "converged": np.repeat(self.converged, n * d),
        })

    def plot(self, ax: Axes | None = None, dim: int = 0) -> Axes:
        """Plot the spread of final positions per actor.

        See :func:`~models.plotting.plot_batch_outcomes`.

        Parameters
        ----------
        ax : matplotlib Axes, optional
        dim : int
            Dimension index.

        Returns
        -------
        matplotlib Axes

        Examples
        --------
        >>> pos = np.array([[[10, 20], [60, 50], [90, 80]]] * 2, dtype=float)
        >>> smp_batch(pos, [[0.5, 0.3]] * 3, [1, 2, 3]).plot().get_ylabel()
        'final position'
        """
        from models.plotting.spatial import plot_batch_outcomes

        return plot_batch_outcomes(self, ax=ax, dim=dim)


# ---------------------------------------------------------------------------
# Argument checks


def _check_scale(scale: Any, func: str) -> tuple[float, float]:
    try:
        lo, hi = (float(scale[0]), float(scale[1]))
        ok = len(scale) == 2 and np.isfinite(lo) and np.isfinite(hi) and lo < hi
    except (TypeError, ValueError, IndexError):
        ok = False
    if not ok:
        raise param_error("scale", func, "a pair (low, high) of finite numbers with low < high",
                          repr(scale))
    return lo, hi


def _check_inputs(
    positions: ArrayLike,
    salience: ArrayLike,
    capability: ArrayLike,
    accommodation: ArrayLike | None,
    scale: Any,
    func: str,
    batched: bool,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64],
           tuple[float, float]]:
    """Validate and bring the inputs to batched unit-scale arrays."""
    lo, hi = _check_scale(scale, func)
    pos = _check_positions(positions, lo, hi, func, batched)
    r_n, n, d = pos.shape
    sal = _check_salience(salience, (r_n, n, d), func, batched)
    cap = _check_capability(capability, (r_n, n), func, batched)
    acc = _check_accommodation(accommodation, (r_n, n), func)
    unit = (pos - lo) / (hi - lo)
    return unit, sal, cap, acc, (lo, hi)


def _check_positions(
    positions: ArrayLike, lo: float, hi: float, func: str, batched: bool
) -> NDArray[np.float64]:
    """Positions of shape (n_runs, n_actors, n_dims) within [lo, hi]."""
    if batched:
        pos = check_array(positions, "positions", func, ndim=3,
                          shape_text="(n_runs, n_actors, n_dims)")
    else:
        pos = check_array(positions, "positions", func, ndim=2,
                          shape_text="(n_actors, n_dims)")[None]
    r_n, n, d = pos.shape
    if n < 2 or d < 1 or r_n < 1:
        raise param_error("positions", func, "an array with at least 2 actors and 1 dimension",
                          f"an array of shape {pos.shape[1:] if not batched else pos.shape}")
    bad = (pos < lo) | (pos > hi)
    if bad.any():
        raise param_error("positions", func, f"within the scale [{lo:g}, {hi:g}]",
                          f"{float(pos[bad][0]):g}")
    return pos


def _check_salience(
    salience: ArrayLike, shape: tuple[int, int, int], func: str, batched: bool
) -> NDArray[np.float64]:
    """Saliences broadcast to (n_runs, n_actors, n_dims): fractions, rows summing to (0, 1]."""
    r_n, n, d = shape
    sal = check_array(salience, "salience", func, ndim=(2, 3) if batched else 2,
                      shape=(n, d), nonnegative=True,
                      shape_text="(n_actors, n_dims)" + (" or (n_runs, n_actors, n_dims)"
                                                          if batched else ""))
    if sal.ndim == 3 and sal.shape[0] != r_n:
        raise param_error("salience", func, f"an array with {r_n} runs", f"{sal.shape[0]}")
    sal = np.broadcast_to(sal, (r_n, n, d)).astype(float)
    if np.any(sal > 1.0):
        raise param_error("salience", func, "fractions in [0, 1] (KTAB's percentages / 100)",
                          f"{float(sal.max()):g}")
    total = core._seq_sum(sal)
    if np.any(total <= 0.0):
        a = int(np.argwhere(total <= 0.0)[0][1])
        raise param_error("salience", func, "an array whose rows are not all zero",
                          f"all-zero saliences for actor {a}")
    if np.any(total > 1.0 + 1e-9):
        raise param_error("salience", func, "an array whose rows sum to at most 1",
                          f"a row sum of {float(total.max()):g}")
    return sal


def _check_capability(
    capability: ArrayLike, shape: tuple[int, int], func: str, batched: bool
) -> NDArray[np.float64]:
    """Positive capabilities broadcast to (n_runs, n_actors)."""
    r_n, n = shape
    cap = check_array(capability, "capability", func, ndim=(1, 2) if batched else 1,
                      shape=(n,), shape_text="(n_actors,)" + (" or (n_runs, n_actors)"
                                                              if batched else ""))
    if cap.ndim == 2 and cap.shape[0] != r_n:
        raise param_error("capability", func, f"an array with {r_n} runs", f"{cap.shape[0]}")
    if np.any(cap <= 0.0):
        raise param_error("capability", func, "positive (KTAB's votes need weights > 0)",
                          f"{float(cap.min()):g}")
    return np.broadcast_to(cap, (r_n, n)).astype(float)


def _check_accommodation(
    accommodation: ArrayLike | None, shape: tuple[int, int], func: str
) -> NDArray[np.float64]:
    """Accommodation rates broadcast to (n_runs, n_actors, n_actors); the identity when None."""
    r_n, n = shape
    if accommodation is None:
        return np.broadcast_to(np.eye(n), (r_n, n, n)).copy()
    acc = check_array(accommodation, "accommodation", func, ndim=2, shape=(n, n),
                      nonnegative=True, shape_text="(n_actors, n_actors)")
    if np.any(acc > 1.0):
        raise param_error("accommodation", func, "rates in [0, 1]", f"{float(acc.max()):g}")
    rows = core._seq_sum(acc)
    if np.any(rows > 1.0 + 1e-10):
        raise param_error("accommodation", func, "an array whose rows sum to at most 1",
                          f"a row sum of {float(rows.max()):g}")
    return np.broadcast_to(acc, (r_n, n, n)).copy()


def history_bytes(n_runs: int, n_actors: int, n_dims: int, max_rounds: int) -> int:
    """Return the bytes of the history of ``n_runs`` runs of up to ``max_rounds`` rounds."""
    return n_runs * (max_rounds + 1) * (16 * n_actors * n_dims + 57 * n_actors + 8)


def check_history(n_runs: int, n_actors: int, n_dims: int, max_rounds: int, func: str) -> None:
    """Raise a ValueError, before any allocation, if the history exceeds :data:`MAX_HISTORY_BYTES`."""  # noqa: E501
    need = history_bytes(n_runs, n_actors, n_dims, max_rounds)
    if need > MAX_HISTORY_BYTES:
        raise param_error(
            "max_rounds", func,
            f"small enough that the history of {n_runs:,} run(s) of {n_actors} actors on "
            f"{n_dims} dimensions fits in {MAX_HISTORY_BYTES / 2**30:.0f} GiB (it would need "
            f"{_size(need)}); lower max_rounds or run fewer at once", f"{max_rounds:,}")


def _size(n_bytes: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB"):
        if n_bytes < 1024 or unit == "PiB":
            return f"{n_bytes:.1f} {unit}"
        n_bytes /= 1024
    return f"{n_bytes:.1f} PiB"  # pragma: no cover


def _check_names(names: Sequence[str] | None, n: int, name: str, func: str,
                 prefix: str) -> tuple[str, ...]:
    if names is None:
        return tuple(f"{prefix}{i}" for i in range(n))
    out = tuple(str(x) for x in names)
    if len(out) != n or len(set(out)) != n:
        raise param_error(name, func, f"{n} distinct names", repr(names))
    return out


def _check_params(params: SMPParams | None, func: str) -> SMPParams:
    if params is None:
        return SMPParams()
    if not isinstance(params, SMPParams):
        raise param_error("params", func, "an SMPParams or None", repr(params))
    return params


# ---------------------------------------------------------------------------
# Public functions


def smp(
    positions: ArrayLike,
    salience: ArrayLike,
    capability: ArrayLike,
    *,
    params: SMPParams | None = None,
    accommodation: ArrayLike | None = None,
    max_rounds: int = 100,
    rng: np.random.Generator | int | None = None,
    scale: tuple[float, float] = (0, 100),
    actor_names: Sequence[str] | None = None,
    dimension_names: Sequence[str] | None = None,
) -> SMPResult:
    """Run KTAB's Spatial Model of Politics until its stopping rule holds.

    Parameters
    ----------
    positions : array_like of shape (n_actors, n_dims)
        Initial positions on ``scale`` (KTAB uses 0-100).
    salience : array_like of shape (n_actors, n_dims)
        Saliences as fractions in [0, 1] (KTAB's input percentages / 100);
        each actor's total must be in (0, 1].
    capability : array_like of shape (n_actors,)
        Positive capabilities (KTAB's "power").
    params : SMPParams, optional
        Model switches; KTAB's defaults when None.
    accommodation : array_like of shape (n_actors, n_actors), optional
        Ideal-accommodation rates a_ij in [0, 1], rows summing to at most 1
        (KTAB's ``IdealAdjustment``); the identity (ideals track positions)
        when None.
    max_rounds : int
        Cap on the rounds (KTAB: 100).
    rng : numpy.random.Generator, int or None
        Randomness of stochastic state transitions (unused when deterministic).
    scale : tuple of float
        The (low, high) of the position scale.
    actor_names, dimension_names : sequence of str, optional
        Labels for tables and figures.

    Returns
    -------
    SMPResult

    Raises
    ------
    ValueError
        Positions outside ``scale``; negative saliences, saliences above 1,
        an actor with all-zero saliences or a total above 1; non-positive
        capabilities; mismatched shapes; a bad accommodation matrix,
        ``max_rounds`` < 1 or so large that the history would exceed
        :data:`MAX_HISTORY_BYTES`, bad names or a bad ``params``.
    TypeError
        Non-numeric arrays.

    Notes
    -----
    Deterministic runs reproduce KTAB's reference logs to their printed
    precision (positions to 0.1 and winning probabilities to 1e-4 in every
    state; tested on ``dummyData_3Dim.csv`` and ``SOE-Pol-Comp.csv``). Sums are
    taken in KTAB's order so that rounding matches. Departures from KTAB's code:

    * KTAB orders the bargains an actor chooses among by thread completion;
      here they come in initiator order after the status quo. The order only
      matters for exact ties between options.
    * When all positions are equally likely KTAB's risk inference divides by
      zero; here all actors are then risk neutral. KTAB's sanity exceptions
      (e.g. when all positions coincide) are not raised.
    * KTAB's Markov PCEs iterate without a cap and then fail if they needed
      1000 iterations; here they stop at 1000.
    * Stochastic runs draw from NumPy's generator, not KTAB's PRNG, so they
      cannot repeat KTAB's stochastic logs.

    Two KTAB details are kept as they are: with ``"init_rcvr_interp"`` and
    ``"pw_comp_interp"`` the receiver's view of the bargain uses the expected
    gain that KTAB passes where its comment says "probability", and the
    power-weighted compromise weighs the receiver's proposal by the
    initiator's capability times the receiver's salience (``smpbcn.cpp``).

    Cost: a round with n actors adds O(n^3) terms (the coalitions of the
    PCEs, the utility of every bargain to every actor, and every challenge's
    third parties), in KTAB's order; memory is O(n^2). With the ``fast``
    extra (Numba) the sums run compiled for large problems (and then each
    state's O(n^2) steps too: distances, unique positions, conditional PCEs),
    split over ``STANCES_THREADS`` threads (the CPU count by default), with
    the same results whatever the number of threads
    (``benchmarks/bench_smp.py`` has the timings).

    Examples
    --------
    >>> r = smp([[10.0, 20.0], [60.0, 50.0], [90.0, 80.0]],
    ...         [[0.5, 0.3], [0.4, 0.4], [0.6, 0.2]], [100.0, 60.0, 80.0])
    >>> r.positions.shape[1:], r.converged
    ((3, 2), True)
    >>> bool(np.allclose(r.win_prob.shape, (r.num_iter + 1, 3)))
    True

    References
    ----------
    .. [1] KTAB (KAPSARC), ``examples/smp/libsrc/smpbcn.cpp`` (``doBCN``,
       ``probEduChlg``, ``updateBestBrgnPositions``), ``smp.cpp``
       (``setAllAUtil``, ``interpolateBrgn``, ``newIdeals``, ``smpStopFn``)
       and ``KTAB/kmodel/libsrc/kmodel.cpp``, https://github.com/KAPSARC/KTAB
    """
    func = "smp"
    prm = _check_params(params, func)
    max_rounds = check_int(max_rounds, "max_rounds", func, low=1)
    unit, sal, cap, acc, (lo, hi) = _check_inputs(
        positions, salience, capability, accommodation, scale, func, batched=False
    )
    n, d = unit.shape[1:]
    names = _check_names(actor_names, n, "actor_names", func, "A")
    dims = _check_names(dimension_names, d, "dimension_names", func, "D")
    check_history(1, n, d, max_rounds, func)
    gens = [np.random.default_rng(rng)] if prm.state_transition == "stochastic" else None
    run = core.run_batch(unit, sal, cap, acc, prm, max_rounds, gens)
    t = int(run.num_iter[0])
    span = hi - lo
    return SMPResult(
        positions=run.positions[0, : t + 1] * span + lo,
        ideals=run.ideals[0, : t + 1] * span + lo,
        win_prob=run.win_prob[0, : t + 1],
        risk_attitude=run.risk[0, : t + 1],
        change_ratio=run.change_ratio[0, :t],
        challenge_target=run.target[0, :t],
        challenge_prob=run.prob[0, :t],
        challenge_gain=run.gain[0, :t],
        bargain_initiator=run.brg_init[0, :t],
        bargain_receiver=run.brg_rcvr[0, :t],
        moved=run.moved[0, :t],
        capability=cap[0].copy(),
        salience=sal[0].copy(),
        actor_names=names,
        dimension_names=dims,
        params=prm,
        scale=(lo, hi),
        converged=bool(run.converged[0]),
        num_iter=t,
        max_iter=max_rounds,
    )


def smp_batch(
    positions: ArrayLike,
    salience: ArrayLike,
    capability: ArrayLike,
    *,
    params: SMPParams | None = None,
    accommodation: ArrayLike | None = None,
    max_rounds: int = 100,
    rng: np.random.Generator | int | None = None,
    scale: tuple[float, float] = (0, 100),
    actor_names: Sequence[str] | None = None,
    dimension_names: Sequence[str] | None = None,
) -> SMPBatchResult:
    """Run many SMPs at once, vectorised over a leading run axis (Monte Carlo over inputs).

    Each run is exactly what :func:`smp` computes for its inputs; runs that
    stop early leave the batch while the others go on.

    Parameters
    ----------
    positions : array_like of shape (n_runs, n_actors, n_dims)
        Initial positions of each run on ``scale``.
    salience : array_like of shape (n_actors, n_dims) or (n_runs, n_actors, n_dims)
        Saliences as fractions (shared by all runs, or one set per run).
    capability : array_like of shape (n_actors,) or (n_runs, n_actors)
        Positive capabilities.
    params : SMPParams, optional
    accommodation : array_like of shape (n_actors, n_actors), optional
    max_rounds : int
    rng : numpy.random.Generator, int or None
        For stochastic transitions, run r draws from the r-th child
        ``np.random.default_rng(rng).spawn(n_runs)[r]``.
    scale : tuple of float
    actor_names, dimension_names : sequence of str, optional

    Returns
    -------
    SMPBatchResult

    Raises
    ------
    ValueError
        As :func:`smp`, for any run.
    TypeError
        Non-numeric arrays.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> base = np.array([[10.0, 20.0], [60.0, 50.0], [90.0, 80.0]])
    >>> pos = np.clip(base + rng.normal(0, 5, size=(8, 3, 2)), 0, 100)
    >>> b = smp_batch(pos, [[0.5, 0.3], [0.4, 0.4], [0.6, 0.2]], [100.0, 60.0, 80.0])
    >>> b.final_positions.shape
    (8, 3, 2)

    References
    ----------
    .. [1] KTAB (KAPSARC), https://github.com/KAPSARC/KTAB; see :func:`smp`.
    """
    func = "smp_batch"
    prm = _check_params(params, func)
    max_rounds = check_int(max_rounds, "max_rounds", func, low=1)
    unit, sal, cap, acc, (lo, hi) = _check_inputs(
        positions, salience, capability, accommodation, scale, func, batched=True
    )
    r_n, n, d = unit.shape
    names = _check_names(actor_names, n, "actor_names", func, "A")
    dims = _check_names(dimension_names, d, "dimension_names", func, "D")
    check_history(r_n, n, d, max_rounds, func)
    gens = (
        list(np.random.default_rng(rng).spawn(r_n))
        if prm.state_transition == "stochastic" else None
    )
    run = core.run_batch(unit, sal, cap, acc, prm, max_rounds, gens)
    t_max = int(run.num_iter.max())
    span = hi - lo
    pos = run.positions[:, : t_max + 1] * span + lo
    final = pos[np.arange(r_n), run.num_iter]
    return SMPBatchResult(
        positions=pos,
        win_prob=run.win_prob[:, : t_max + 1],
        final_positions=final,
        num_iter=run.num_iter,
        converged=run.converged,
        max_iter=max_rounds,
        actor_names=names,
        dimension_names=dims,
        params=prm,
        scale=(lo, hi),
    )
