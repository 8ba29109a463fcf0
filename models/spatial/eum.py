r"""Bueno de Mesquita's expected utility model (EUM) of group decisions (Scholz et al. 2011).

Actors :math:`i = 1, \dots, n` hold positions :math:`x_i` on one issue
dimension, capabilities :math:`c_i \ge 0` and saliences :math:`s_i \in [0, 1]`;
each actor weighs in with :math:`w_i = c_i s_i`. Distances are measured on a
range :math:`D` (by default the range of the initial positions,
:math:`x_{\max} - x_{\min}`). Every round:

1. **Median voter.** The Condorcet winner of the pairwise votes
   :math:`v_k^{ij} = w_k (|x_k - x_j| - |x_k - x_i|)/D`, that is the
   :math:`w`-weighted median :math:`\mu` of the positions (Black 1948).
2. **Probability of prevailing.** When :math:`i` challenges :math:`j`, the
   actors who prefer :math:`x_i` side with :math:`i`:
   :math:`P_{ij} = \sum_{k: v_k^{ij} > 0} v_k^{ij} / \sum_k |v_k^{ij}|`
   (Scholz et al. eq. 30-31).
3. **Expected utility of a challenge** (eqs. 5-7, 25): from the viewpoint of
   an observer with risk exponent :math:`r`,

   .. math::

      E(U_{ij}) = s_j [P_{ij} U_s + (1 - P_{ij}) U_f] + (1 - s_j) U_s
                  - Q U_{sq} - (1 - Q)[T U_b + (1 - T) U_w]

   with :math:`d = |x_i - x_j|/D`, :math:`m = |x_i - \mu|/D` and
   :math:`U_s = 2 - 4(0.5 - 0.5 d)^r`, :math:`U_f = 2 - 4(0.5 + 0.5 d)^r`,
   :math:`U_b = 2 - 4(0.5 - 0.25(m + d))^r`,
   :math:`U_w = 2 - 4(0.5 + 0.25(m + d))^r`, :math:`U_{sq} = 2 - 4 \cdot 0.5^r`
   (eqs. 15-16, 22-24). :math:`Q` is the probability that :math:`j` keeps its
   position if unchallenged, and :math:`T = 1` when :math:`j`'s expected drift
   to the median would bring it closer to :math:`i` (:math:`m < d`), else 0.
   Challenges between actors at the same position are void
   (:math:`E = 0`).
4. **Risk.** With :math:`r = 1` for all, actor :math:`i`'s security is what
   the others expect from challenging it,
   :math:`S_i = \sum_{j \ne i} E^j(U_{ji})`, and
   :math:`R_i = (2 S_i - S_{\max} - S_{\min}) / (S_{\max} - S_{\min})`,
   :math:`r_i = (1 - R_i/3)/(1 + R_i/3) \in [0.5, 2]` (eqs. 32-34). The
   expected utilities are then recomputed with these exponents: actor
   :math:`i` evaluates its own challenge :math:`E^i(U_{ij})` *and* its rival's
   :math:`E^i(U_{ji})` with :math:`r_i`.
5. **Offers.** Actor :math:`i` reads each rival :math:`j` in its perspective
   plane :math:`(a, b) = (E^i(U_{ij}), E^i(U_{ji}))` (Scholz et al. fig. 6):
   *conflict* when :math:`b > a > 0` (i gives way to :math:`x_j`),
   *compromise* when :math:`a < 0 < b` and :math:`b > |a|` (i moves to
   :math:`x_i + (x_j - x_i)|a/b|`, eq. 36), *capitulation* when
   :math:`a < 0 < b \le |a|` (i moves to :math:`x_j`); elsewhere it
   either has the upper hand or is at a stalemate, and does not move.
6. **Moves.** Each actor accepts one of the offers it receives (conflicts
   before compromises before capitulations, then the smallest move) and all
   move at once.

Each step is one function of the private module ``models/spatial/_eum_steps.py``,
documented with the equations of Scholz et al. it implements; :func:`eum`
checks its arguments, plays the rounds and stacks them into an
:class:`EUMResult`.

Every point where replications of the model disagree is a keyword switch of
:func:`eum`; its docstring says which source does what. The defaults follow the
equations printed in Scholz et al. (2011) with :math:`Q = 1` as in their
replication of the car-emissions example.

References
----------
.. [1] Scholz, J. B., Calbert, G. J. and Smith, G. A. (2011). "Unravelling Bueno
   De Mesquita's group decision model." Proceedings of the 3rd International
   Conference on Agents and Artificial Intelligence (ICAART 2011), 18-30;
   journal version in Journal of Theoretical Politics 23(4), 510-531.
.. [2] Bueno de Mesquita, B. (1994). "Political forecasting: an expected utility
   method." In Stokman, F. and Bueno de Mesquita, B. (eds.), European Community
   Decision Making, Yale University Press, ch. 4, 71-104.
.. [3] Bueno de Mesquita, B. (1985). "The war trap revisited: a revised expected
   utility model." American Political Science Review 79(1), 156-177.
.. [4] Bueno de Mesquita, B. (1997). "A decision making model: its structure and
   form." International Interactions 23(3-4), 235-266.
.. [5] Black, D. (1948). "On the rationale of group decision-making." Journal of
   Political Economy 56(1), 23-34.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import check_array, check_int, check_real, param_error
from models._repr import compact_repr, frame_html
from models.spatial import _eum_steps as steps

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = ["OFFER_TYPES", "EUMResult", "EUMSettings", "eum"]

ProbabilityRule = Literal["pairwise", "global", "net"]
VoteUtility = Literal["linear", "risk"]
RiskRule = Literal["security", "positions", "neutral"]
RivalRisk = Literal["observer", "own"]
ConflictRule = Literal["loser_moves", "stay"]
OfferChoice = Literal["type_then_least", "least_move", "enforceable", "weighted_compromise"]
UpdateRule = Literal["simultaneous", "sequential"]
DistanceScale = Literal["positions", "current", "scale"]
Anchor = Literal["median", "mean"]
SalienceScale = Literal["auto", "unit", "percent"]

OFFER_TYPES: tuple[str, ...] = ("none", "conflict", "compromise", "capitulation")
"""Names of the codes in :attr:`EUMResult.offer_type` (0 = no offer)."""



@dataclass(frozen=True, slots=True)
class EUMSettings:
    """The switches an :func:`eum` run used (see :func:`eum` for their meaning).

    Attributes
    ----------
    q : float
    probability, vote_utility, risk, rival_risk, conflict, offer_choice, update, distance_scale,
    anchor : str
    tol : float

    Examples
    --------
    >>> eum([10, 40, 90], [0.9, 0.5, 0.7], [1, 2, 1], q=0.5).settings.q
    0.5
    """

    __repr__ = compact_repr

    q: float
    probability: ProbabilityRule
    vote_utility: VoteUtility
    risk: RiskRule
    rival_risk: RivalRisk
    conflict: ConflictRule
    offer_choice: OfferChoice
    update: UpdateRule
    distance_scale: DistanceScale
    anchor: Anchor
    tol: float


@dataclass(frozen=True, slots=True)
class EUMResult:
    """One run of the expected utility model, round by round.

    State 0 is the input; round ``t`` (counted from 0) starts from state ``t``
    and produces state ``t + 1``, so ``n_states = num_iter + 1``. Actor axes
    follow the input order; in a pair of actor axes the first is the row actor
    ``i`` and the second the column actor ``j``.

    Attributes
    ----------
    positions : ndarray of shape (n_states, n_actors, n_dims)
        Positions on the input scale.
    weighted_mean, weighted_median : ndarray of shape (n_states, n_dims)
        The forecasts of each state: capability x salience weighted mean and
        median of the positions.
    probability : ndarray of shape (n_rounds, n_actors, n_actors, n_dims)
        ``[t, i, j]``: probability that i prevails when it challenges j.
    eu_challenge : ndarray of shape (n_rounds, n_actors, n_actors, n_dims)
        ``[t, i, j]``: E^i(U_ij), i's expected utility of challenging j
        (risk-adjusted, second pass).
    eu_rival : ndarray of shape (n_rounds, n_actors, n_actors, n_dims)
        ``[t, i, j]``: E^i(U_ji), i's estimate of j's expected utility of
        challenging i. ``(eu_challenge, eu_rival)`` is i's perspective plane.
    security : ndarray of shape (n_rounds, n_actors, n_dims)
        Sum of the others' (risk-neutral) expected utilities of challenging the actor.
    risk_acceptance : ndarray of shape (n_rounds, n_actors, n_dims)
        R_i in [-1, 1] (-1: the most secure actor).
    risk_exponent : ndarray of shape (n_rounds, n_actors, n_dims)
        r_i = (1 - R_i/3) / (1 + R_i/3) in [0.5, 2] (1: risk neutral).
    offer_type : ndarray of int8, shape (n_rounds, n_actors, n_actors, n_dims)
        ``[t, i, j]``: the offer i received from j, coded as in
        :data:`OFFER_TYPES` (0 none, 1 conflict, 2 compromise, 3 capitulation).
    offer_position : ndarray of shape (n_rounds, n_actors, n_actors, n_dims)
        ``[t, i, j]``: where the offer from j would take i (NaN: no offer).
    accepted : ndarray of int, shape (n_rounds, n_actors, n_dims)
        The proposer whose offer each actor accepted (-1: none). Among
        identical offers the first proposer in input order is named.
    capability : ndarray of shape (n_actors,)
    salience : ndarray of shape (n_actors,)
        On the unit scale [0, 1].
    actor_names, dimension_names : tuple of str
    scale : tuple of float
    settings : EUMSettings
    converged : bool
        True when a round left every position unchanged (a fixed point).
    num_iter : int
        Rounds run.
    max_iter : int
        The ``rounds`` cap.

    Examples
    --------
    >>> r = eum([10, 40, 90], [0.9, 0.5, 0.7], [1, 2, 1], actor_names=["A", "B", "C"])
    >>> r.positions[:, :, 0].tolist()
    [[10.0, 40.0, 90.0], [40.0, 40.0, 40.0], [40.0, 40.0, 40.0]]
    >>> r.converged, r.num_iter, OFFER_TYPES[r.offer_type[0, 0, 1, 0]]
    (True, 2, 'conflict')
    """

    _repr_html_ = frame_html

    __repr__ = compact_repr

    positions: NDArray[np.float64]
    weighted_mean: NDArray[np.float64]
    weighted_median: NDArray[np.float64]
    probability: NDArray[np.float64]
    eu_challenge: NDArray[np.float64]
    eu_rival: NDArray[np.float64]
    security: NDArray[np.float64]
    risk_acceptance: NDArray[np.float64]
    risk_exponent: NDArray[np.float64]
    offer_type: NDArray[np.int8]
    offer_position: NDArray[np.float64]
    accepted: NDArray[np.intp]
    capability: NDArray[np.float64]
    salience: NDArray[np.float64]
    actor_names: tuple[str, ...]
    dimension_names: tuple[str, ...]
    scale: tuple[float, float]
    settings: EUMSettings
    converged: bool
    num_iter: int
    max_iter: int

    def to_frame(
        self, kind: Literal["positions", "forecast", "actors", "dyads", "offers"] = "positions"
    ) -> pd.DataFrame:
        """Return one tidy table of the run.

        Parameters
        ----------
        kind : {"positions", "forecast", "actors", "dyads", "offers"}
            "positions": one row per state, actor and dimension; "forecast":
            one row per state and dimension (weighted mean and median);
            "actors": one row per round, actor and dimension (security,
            risk_acceptance, risk_exponent, accepted proposer or None);
            "dyads": one row per round, ordered pair of distinct actors and
            dimension (probability, eu_challenge, eu_rival); "offers": one row
            per offer made (round, receiver, proposer, dimension, type,
            position, accepted), followed by what explains it, all from the
            receiver i's view of the proposer j at the start of the round:
            ``from_position`` (x_i), ``probability`` (P_ij, that i would
            prevail), ``eu_challenge`` (a = E^i(U_ij)) and ``eu_rival``
            (b = E^i(U_ji)); ``type`` follows from (a, b) as in step 5 of the
            module docstring (conflict: b > a > 0, and i moves all the way to
            x_j).

        Returns
        -------
        pandas.DataFrame

        Raises
        ------
        ValueError
            An unknown ``kind``.

        Examples
        --------
        >>> r = eum([10, 40, 90], [0.9, 0.5, 0.7], [1, 2, 1], rounds=3)
        >>> list(r.to_frame().columns)
        ['state', 'actor', 'dimension', 'position']
        >>> list(r.to_frame("offers").columns)[:7]
        ['round', 'receiver', 'proposer', 'dimension', 'type', 'position', 'accepted']
        >>> list(r.to_frame("offers").columns)[7:]
        ['from_position', 'probability', 'eu_challenge', 'eu_rival']

        The offers accepted in round 0: actors 0 (at 10) and 2 (at 90) each
        see a conflict with actor 1 that they lose (b > a > 0) and move all
        the way to 40:

        >>> off = r.to_frame("offers")
        >>> cols = ["receiver", "proposer", "type", "from_position", "position"]
        >>> print(off[off["accepted"]][cols].to_string())
          receiver proposer      type  from_position  position
        0        0        1  conflict           10.0      40.0
        2        2        1  conflict           90.0      40.0
        """
        import pandas as pd

        names = np.array(self.actor_names, dtype=object)
        dims = np.array(self.dimension_names, dtype=object)
        n_states, n, d = self.positions.shape
        if kind == "positions":
            s_i, a_i, d_i = np.indices((n_states, n, d)).reshape(3, -1)
            return pd.DataFrame({
                "state": s_i,
                "actor": names[a_i],
                "dimension": dims[d_i],
                "position": self.positions.reshape(-1),
            })
        if kind == "forecast":
            s_i, d_i = np.indices((n_states, d)).reshape(2, -1)
            return pd.DataFrame({
                "state": s_i,
                "dimension": dims[d_i],
                "weighted_mean": self.weighted_mean.reshape(-1),
                "weighted_median": self.weighted_median.reshape(-1),
            })
        if kind == "actors":
            t_i, a_i, d_i = np.indices((self.num_iter, n, d)).reshape(3, -1)
            acc = self.accepted.reshape(-1)
            return pd.DataFrame({
                "round": t_i,
                "actor": names[a_i],
                "dimension": dims[d_i],
                "security": self.security.reshape(-1),
                "risk_acceptance": self.risk_acceptance.reshape(-1),
                "risk_exponent": self.risk_exponent.reshape(-1),
                "accepted": [names[k] if k >= 0 else None for k in acc],
            })
        if kind == "dyads":
            t_i, a_i, b_i, d_i = np.indices((self.num_iter, n, n, d)).reshape(4, -1)
            keep = a_i != b_i
            return pd.DataFrame({
                "round": t_i[keep],
                "actor": names[a_i[keep]],
                "other": names[b_i[keep]],
                "dimension": dims[d_i[keep]],
                "probability": self.probability.reshape(-1)[keep],
                "eu_challenge": self.eu_challenge.reshape(-1)[keep],
                "eu_rival": self.eu_rival.reshape(-1)[keep],
            })
        if kind == "offers":
            t_i, a_i, b_i, d_i = np.indices((self.num_iter, n, n, d)).reshape(4, -1)
            code = self.offer_type.reshape(-1)
            keep = code > 0
            acc = self.accepted[t_i, a_i, d_i] == b_i
            return pd.DataFrame({
                "round": t_i[keep],
                "receiver": names[a_i[keep]],
                "proposer": names[b_i[keep]],
                "dimension": dims[d_i[keep]],
                "type": np.array(OFFER_TYPES, dtype=object)[code[keep]],
                "position": self.offer_position.reshape(-1)[keep],
                "accepted": acc[keep],
                "from_position": self.positions[t_i, a_i, d_i][keep],
                "probability": self.probability.reshape(-1)[keep],
                "eu_challenge": self.eu_challenge.reshape(-1)[keep],
                "eu_rival": self.eu_rival.reshape(-1)[keep],
            })
        raise param_error(
            "kind",
            "EUMResult.to_frame",
            "one of 'positions', 'forecast', 'actors', 'dyads', 'offers'",
            repr(kind),
        )

    def plot(self, ax: Axes | None = None, dim: int = 0) -> Axes:
        """Plot positions over rounds with the forecasts (:func:`~models.plotting.plot_eum`).

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
        >>> r = eum([10, 40, 90], [0.9, 0.5, 0.7], [1, 2, 1], rounds=3)
        >>> r.plot().get_xlabel()
        'state'
        """
        from models.plotting.spatial import plot_eum

        return plot_eum(self, ax=ax, dim=dim)


def eum(
    positions: ArrayLike,
    salience: ArrayLike,
    capability: ArrayLike,
    *,
    rounds: int = 10,
    q: float = 1.0,
    probability: ProbabilityRule = "pairwise",
    vote_utility: VoteUtility = "linear",
    risk: RiskRule = "security",
    rival_risk: RivalRisk = "observer",
    conflict: ConflictRule = "loser_moves",
    offer_choice: OfferChoice = "type_then_least",
    update: UpdateRule = "simultaneous",
    distance_scale: DistanceScale = "positions",
    anchor: Anchor = "median",
    salience_scale: SalienceScale = "auto",
    scale: tuple[float, float] = (0.0, 100.0),
    actor_names: Sequence[str] | None = None,
    dimension_names: Sequence[str] | None = None,
    tol: float = 1e-9,
) -> EUMResult:
    r"""Run Bueno de Mesquita's expected utility model round by round.

    Parameters
    ----------
    positions : array_like of shape (n_actors,) or (n_actors, n_dims)
        Each actor's position on the input ``scale``. With several columns the
        model runs on each dimension separately (the same capabilities and
        saliences, no interaction between dimensions), as BDM's one-issue
        model is applied issue by issue.
    salience : array_like of shape (n_actors,)
        Non-negative; on [0, 1] or as percentages 0-100 (see ``salience_scale``).
    capability : array_like of shape (n_actors,)
        Non-negative, not all zero; only ratios matter.
    rounds : int
        Maximum number of rounds (>= 1); the run stops earlier at a fixed point.
    q : float
        Probability Q in [0, 1] that an unchallenged rival keeps its position.
        Default 1.0, Scholz et al.'s choice for the car-emissions replication
        (p. 27) and BDM (1985, p. 161); BDM and Lalman (1986, p. 1122) and BDM
        (2009) use 0.5. With Q < 1 the rival is expected to drift towards the
        median (Scholz et al. eqs. 20-23).
    probability : {"pairwise", "global", "net"}
        How votes become P[i prevails over j]. "pairwise": the votes for i over
        the absolute votes cast in that contest (Scholz et al. eqs. 30-31, BDM
        1997 p. 244). "global": the votes for i over the absolute votes of all
        voters in all contests between any two actors, which gives small
        probabilities; the J. McKibben replication
        (github.com/jmckib/bdm-scholz-expected-utility-model) attributes this to
        Scholz et al.'s software, and it reproduces their published
        perspective figures (figs. 7, 8, 10). "net": the net votes for i
        (clipped at 0) over the absolute votes, as in D. Masad's replication
        (github.com/dmasad/BDM_DecisionModel_Replication).
    vote_utility : {"linear", "risk"}
        Votes from linear distances (Scholz et al. eq. 28) or from each voter's
        distances raised to its risk exponent, as in McKibben's replication.
    risk : {"security", "positions", "neutral"}
        "security": Scholz et al. eqs. 32-34 (from BDM 1985), comparing each
        actor's security with the most and least secure actors'. "positions":
        compares the actor's security at its position with its security at
        each position currently held by some actor, McKibben's reading of BDM
        (1985, pp. 167-168) "best and worst ... for any given nation"
        (costs O(n_actors^5) per round). "neutral": r = 1 for everyone (the
        pre-1985 model).
    rival_risk : {"observer", "own"}
        Whose risk exponent values a rival's challenge E^i(U_ji): the
        observer's, r_i (BDM 1985 p. 158 as read by Scholz et al. sec. 3; it
        reproduces their figs. 7-10, where all rivals at one distance sit at
        one height), or the rival's own, r_j (Masad's replication).
    conflict : {"loser_moves", "stay"}
        In a conflict (both expect to gain) the side with the smaller expected
        utility gives way fully (Scholz et al. fig. 6, after BDM 1984's octant
        labels), or nobody moves because the outcome is uncertain (BDM 1997
        p. 244).
    offer_choice : {"type_then_least", "least_move", "enforceable", "weighted_compromise"}
        Which offer an actor accepts. "type_then_least": conflict before
        compromise before capitulation, then the smallest move (Scholz et al.
        sec. 6.2, equally enforceable offers). "least_move": the smallest move
        whatever the type (BDM 1997 pp. 251-252, "players move the least").
        "enforceable": the proposer with the highest expected utility first
        (Scholz et al. sec. 6.2, offers not equally enforceable), then the
        smallest move. "weighted_compromise": like "type_then_least", but among
        compromises the one whose EU-weighted mean of the two positions
        ``(|a| x_i + |b| x_j) / (|a| + |b|)`` is lowest, the rule McKibben reports
        from Scholz et al.'s software. Remaining ties go to the lower target.
    update : {"simultaneous", "sequential"}
        All actors move at once (BDM 1997 p. 252, "each shifts to the position
        contained in the proposal it accepted"), or one after another in input
        order, each re-evaluating the round from the positions so far (the
        result then depends on the actors' order).
    distance_scale : {"positions", "current", "scale"}
        The range D that normalises distances in the utilities: the range of
        the initial positions (Scholz et al. eq. 14, "the range of positions";
        also McKibben), the range of the current round's positions, or the
        width of ``scale`` (the issue's whole continuum).
    anchor : {"median", "mean"}
        The expected destination mu of an unchallenged rival (only matters
        when q < 1): the weighted median voter position (Scholz et al. sec. 3.2
        and Appendix step 3) or the weighted mean (Masad's code).
    salience_scale : {"auto", "unit", "percent"}
        "unit": saliences on [0, 1]; "percent": on 0-100, divided by 100;
        "auto": percent when any salience exceeds 1, else unit.
    scale : tuple of float
        (low, high) of the issue scale; positions must lie within it.
    actor_names, dimension_names : sequence of str, optional
        Labels (default "0", "1", ... and "dim0", "dim1", ...).
    tol : float
        A round that moves no position by more than ``tol`` times the distance
        range D ends the run as converged.

    Returns
    -------
    EUMResult

    Raises
    ------
    ValueError
        Bad shapes, negative or all-zero capabilities or saliences, saliences
        above the scale, positions outside ``scale``, unknown switch values,
        fewer than two actors, repeated names.
    TypeError
        Non-numeric arrays.

    Notes
    -----
    No published variant reproduces Scholz et al.'s Table 2 exactly; the
    closest is ``probability="global", vote_utility="risk",
    offer_choice="weighted_compromise"`` (see the tests). Weighted means and
    medians come from :func:`models.spatial.weighted_mean` and
    :func:`models.spatial.weighted_median` with weights capability x salience.

    **Why runs can end at an end of the scale.** Three features of the model
    as Scholz et al. (2011) specify it, shared by the McKibben and Masad
    replications, can carry the forecast far from the static weighted median,
    most of all with few actors:

    * A target's salience is the probability that it resists a challenge
      (eq. 25), so an actor with low salience is a soft target: rivals expect
      to gain from challenging it even when it would win the vote, and in the
      conflict octant it can be the one expected to give way
      (:math:`E^i(U_{ji}) > E^i(U_{ij}) > 0` although :math:`P_{ij} > 1/2`).
    * With the printed pairwise probabilities (eq. 31) and :math:`Q = 1`,
      often most pairs are in the conflict octant (both expect to gain from
      challenging the other; risk-acceptant observers, :math:`r_i < 1`, value
      the status quo at :math:`U_{sq} = 2 - 4 \cdot 0.5^{r_i} < 0`, which
      lifts every challenge they assess), and the loser of a conflict moves
      *all the way* to the winner's position, not part of the way as in a
      compromise. ``offer_choice="type_then_least"`` also prefers a lost
      conflict to a compromise that would move the actor less.
    * All actors move at once, so an actor can move to a position its
      proposer leaves in the same round (positions leapfrog), and with three
      or four actors a single move by the median actor moves the weighted
      median to wherever that actor goes.

    ``conflict="stay"`` (BDM 1997, p. 244) keeps conflicts from moving
    anyone; it is a documented alternative, not a correction. To see why a
    run went where it did, read ``result.to_frame("offers")``: every offer
    with the receiver's perspective (``eu_challenge``, ``eu_rival``), its
    probability of prevailing and the move it asks for.

    References
    ----------
    .. [1] Scholz, Calbert and Smith (2011), ICAART 2011, 18-30; Journal of
       Theoretical Politics 23(4), 510-531.
    .. [2] Bueno de Mesquita (1994), in European Community Decision Making, ch. 4.
    .. [3] Bueno de Mesquita (1985), APSR 79(1); (1997), International Interactions 23.

    Examples
    --------
    The car-emissions example of BDM (1994, p. 78), positions in years:

    >>> x = [4, 7, 4, 4, 10, 10, 10, 7, 4, 7]
    >>> s = [80, 40, 20, 80, 60, 60, 90, 10, 100, 70]
    >>> c = [0.08, 0.08, 0.03, 0.16, 0.16, 0.16, 0.16, 0.05, 0.05, 0.08]
    >>> r = eum(x, s, c, scale=(0, 10), rounds=3)
    >>> r.positions.shape
    (4, 10, 1)
    >>> round(float(r.weighted_mean[0, 0]), 2), float(r.weighted_median[0, 0])
    (7.39, 7.0)

    A low-salience median actor (at 60, salience 0.25) would win the vote
    against either flank (P = 5/7 and 4/7), yet loses both conflicts and
    moves all the way to 100; the weighted median jumps from 60 to 100:

    >>> r = eum([0, 60, 100], [1, 0.25, 1], [1, 4, 1.5], risk="neutral", rounds=2)
    >>> r.positions[:, 1, 0].tolist(), r.weighted_median[:, 0].tolist()
    ([60.0, 100.0, 100.0], [60.0, 100.0, 100.0])
    >>> off = r.to_frame("offers")
    >>> cols = ["proposer", "type", "probability", "eu_challenge", "eu_rival", "accepted"]
    >>> print(off[off["receiver"] == "1"][cols].round(4).to_string())
      proposer      type  probability  eu_challenge  eu_rival  accepted
    1        0  conflict       0.7143        0.5143    0.7714     False
    2        2  conflict       0.5714        0.1143    0.5714      True
    """
    func = "eum"
    opts = _settings(q, probability, vote_utility, risk, rival_risk, conflict, offer_choice,
                     update, distance_scale, anchor, tol)
    sal_scale = _choice(salience_scale, "salience_scale", ("auto", "unit", "percent"))
    max_iter = check_int(rounds, "rounds", func, low=1)
    low, high = _check_scale(scale, func)
    x = _check_positions(positions, low, high)
    n, n_dims = x.shape
    cap, s = _check_weights(salience, capability, n, sal_scale)
    names = _names(actor_names, n, "actor_names", [str(i) for i in range(n)])
    dnames = _names(dimension_names, n_dims, "dimension_names", [f"dim{k}" for k in range(n_dims)])
    initial = np.ascontiguousarray(x.T)  # (D, n)
    states, records, converged = steps.run_rounds(initial, cap, s, high - low, opts, max_iter)
    return _result(states, records, cap, s, names, dnames, (low, high), opts, converged,
                   max_iter)


# --------------------------------------------------------------------------- argument checks
def _choice(value: Any, name: str, allowed: tuple[str, ...]) -> Any:
    if not isinstance(value, str) or value not in allowed:
        raise param_error(name, "eum", "one of " + ", ".join(map(repr, allowed)), repr(value))
    return value


def _settings(
    q: float, probability: str, vote_utility: str, risk: str, rival_risk: str, conflict: str,
    offer_choice: str, update: str, distance_scale: str, anchor: str, tol: float,
) -> EUMSettings:
    """Check every switch of :func:`eum`, in the order of its signature."""
    return EUMSettings(
        q=check_real(q, "q", "eum", low=0.0, high=1.0),
        probability=_choice(probability, "probability", ("pairwise", "global", "net")),
        vote_utility=_choice(vote_utility, "vote_utility", ("linear", "risk")),
        risk=_choice(risk, "risk", ("security", "positions", "neutral")),
        rival_risk=_choice(rival_risk, "rival_risk", ("observer", "own")),
        conflict=_choice(conflict, "conflict", ("loser_moves", "stay")),
        offer_choice=_choice(offer_choice, "offer_choice", tuple(steps.OFFER_ORDER)),
        update=_choice(update, "update", ("simultaneous", "sequential")),
        distance_scale=_choice(distance_scale, "distance_scale", ("positions", "current", "scale")),
        anchor=_choice(anchor, "anchor", ("median", "mean")),
        tol=check_real(tol, "tol", "eum", low=0.0),
    )


def _check_positions(positions: ArrayLike, low: float, high: float) -> NDArray[np.float64]:
    """Positions as an array of shape (n_actors, n_dims) within [low, high]."""
    func = "eum"
    x = check_array(positions, "positions", func, ndim=(1, 2),
                    shape_text="(n_actors,) or (n_actors, n_dims)")
    x = x.reshape(x.shape[0], -1) if x.ndim == 1 else x
    n, n_dims = x.shape
    if n < 2:
        raise param_error("positions", func, "an array with at least 2 actors", f"{n} actor(s)")
    if n_dims < 1:
        raise param_error("positions", func, "an array with at least 1 dimension", "0")
    outside = (x < low) | (x > high)
    if outside.any():
        bad = float(x[outside][0])
        raise param_error("positions", func, f"within the scale [{low:g}, {high:g}]",
                          f"a value of {bad:g}")
    return x


def _check_weights(
    salience: ArrayLike, capability: ArrayLike, n: int, sal_scale: SalienceScale
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Capabilities and saliences on the unit scale, some actor with weight c s > 0."""
    func = "eum"
    sal = check_array(salience, "salience", func, ndim=1, shape=(n,), nonnegative=True,
                      shape_text="(n_actors,)")
    cap = check_array(capability, "capability", func, ndim=1, shape=(n,), nonnegative=True,
                      shape_text="(n_actors,)")
    if not cap.any():
        raise param_error("capability", func, "an array with a positive entry", "all zeros")
    if not sal.any():
        raise param_error("salience", func, "an array with a positive entry", "all zeros")
    percent = sal_scale == "percent" or (sal_scale == "auto" and sal.max() > 1.0)
    top = 100.0 if percent else 1.0
    if sal.max() > top:
        which = "percent" if percent else "unit"
        raise param_error("salience", func, f"at most {top:g} on the {which} scale",
                          f"a maximum of {float(sal.max()):g}")
    s = sal / top
    if not (cap * s).any():
        raise param_error("capability", func,
                          "positive for at least one actor with positive salience",
                          "zero capability wherever salience is positive")
    return cap, s


def _check_scale(scale: Any, func: str) -> tuple[float, float]:
    must = "a pair (low, high) of finite numbers with low < high"
    try:
        low, high = (float(v) for v in scale)
    except (TypeError, ValueError):
        raise param_error("scale", func, must, repr(scale)) from None
    if not (np.isfinite(low) and np.isfinite(high) and low < high):
        raise param_error("scale", func, must, repr(scale))
    return low, high


def _names(value: Sequence[str] | None, n: int, name: str, default: list[str]) -> tuple[str, ...]:
    if value is None:
        return tuple(default)
    out = tuple(value)
    if len(out) != n or not all(isinstance(v, str) for v in out) or len(set(out)) != n:
        raise param_error(name, "eum", f"{n} distinct strings", repr(value))
    return out


# --------------------------------------------------------------------------- the result
def _result(
    states: list[NDArray[np.float64]],
    records: list[dict[str, NDArray[Any]]],
    cap: NDArray[np.float64],
    s: NDArray[np.float64],
    names: tuple[str, ...],
    dnames: tuple[str, ...],
    scale: tuple[float, float],
    opts: EUMSettings,
    converged: bool,
    max_iter: int,
) -> EUMResult:
    """Stack the rounds' records (dimensions first) into an :class:`EUMResult` (actors first)."""
    pos = np.stack(states)  # (n_states, D, n)

    def stack(key: str, dtype: Any = float) -> NDArray[Any]:
        arr = np.stack([r[key] for r in records]).astype(dtype)  # (T, D, ...)
        return np.moveaxis(arr, 1, -1)

    return EUMResult(
        positions=np.moveaxis(pos, 1, -1),
        weighted_mean=steps.weighted_stat(pos, s, cap, "mean"),
        weighted_median=steps.weighted_stat(pos, s, cap, "median"),
        probability=stack("probability"),
        eu_challenge=stack("eu_challenge"),
        eu_rival=stack("eu_rival"),
        security=stack("security"),
        risk_acceptance=stack("risk_acceptance"),
        risk_exponent=stack("risk_exponent"),
        offer_type=stack("offer_type", np.int8),
        offer_position=stack("offer_position"),
        accepted=stack("accepted", np.intp),
        capability=cap,
        salience=s,
        actor_names=names,
        dimension_names=dnames,
        scale=scale,
        settings=opts,
        converged=converged,
        num_iter=len(records),
        max_iter=max_iter,
    )
