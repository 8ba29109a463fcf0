r"""The Graph Model for Conflict Resolution (GMCR): states, moves, stability.

A graph model is a finite set of states :math:`S = \{1, \dots, n\}`, a set of
decision makers :math:`N`, for each :math:`i \in N` a directed graph
:math:`(S, A_i)` of the *unilateral moves* :math:`i` controls and a preference
over :math:`S` given here by ordinal payoffs :math:`P_i(s)` (higher is better,
ties allowed). Write :math:`R_i(s) = \{t : (s, t) \in A_i\}` for the states
:math:`i` can reach in one move and :math:`R_i^+(s) = \{t \in R_i(s) : P_i(t) >
P_i(s)\}` for its *unilateral improvements*.

**Coalition reachable lists.** For a coalition :math:`H \subseteq N`,
:math:`R_H(s)` is the set of states reachable from :math:`s` by a *legal
sequence* of unilateral moves by members of :math:`H`: a finite sequence of at
least one move in which no decision maker moves twice in succession (a decision
maker's two moves in a row are one move of the graph). :math:`R_H^+(s)` is the
same with every move a unilateral improvement for the member who makes it
(Fang, Hipel and Kilgour 1993, ch. 3; Kilgour and Hipel 2005). A sanctioner
may move again after another has moved (``j, k, j`` is legal). The GMCR+
engine (Kinsara et al. 2015; its open-source code) lets each sanctioner move at most once; with
three or more decision makers that can remove a sanction and so make fewer
states GMR, SMR or SEQ stable than here. On the Elmira conflict the two
agree on every state, decision maker and concept (tests).

**Stability of state** :math:`s` **for** :math:`i`, with :math:`\bar H = N
\setminus \{i\}` the sanctioning decision makers and :math:`t \preceq_i s`
meaning :math:`P_i(t) \le P_i(s)`:

* Nash (R): :math:`R_i^+(s) = \emptyset`.
* General metarationality (GMR): for every :math:`s_1 \in R_i^+(s)` there is
  :math:`s_2 \in R_{\bar H}(s_1)` with :math:`s_2 \preceq_i s`.
* Symmetric metarationality (SMR): for every :math:`s_1 \in R_i^+(s)` there is
  :math:`s_2 \in R_{\bar H}(s_1)` with :math:`s_2 \preceq_i s` and
  :math:`s_3 \preceq_i s` for every :math:`s_3 \in R_i(s_2)`.
* Sequential stability (SEQ): for every :math:`s_1 \in R_i^+(s)` there is
  :math:`s_2 \in R_{\bar H}^+(s_1)` with :math:`s_2 \preceq_i s`.

So Nash :math:`\subseteq` SMR :math:`\subseteq` GMR and Nash :math:`\subseteq`
SEQ :math:`\subseteq` GMR. A state stable for every decision maker under a
concept is an *equilibrium* under it.

Each condition "there is :math:`s_2 \in R_{\bar H}(s_1)` with :math:`v(s_2)
\le P_i(s)`" equals :math:`\min_{s_2 \in R_{\bar H}(s_1)} v(s_2) \le P_i(s)`,
and that minimum is computed for every :math:`s_1` at once as the fixed point
of :math:`f_j(s) = \min_{t \in R_j(s)} \min\bigl(v(t), \min_{l \in \bar H,
l \ne j} f_l(t)\bigr)` (the value reachable by legal sequences whose first
mover is :math:`j`), with :math:`v = P_i` for GMR and SEQ and :math:`v(s_2) =
\max(P_i(s_2), \max_{s_3 \in R_i(s_2)} P_i(s_3))` for SMR. The work is
:math:`O(\text{moves} \times \text{sweeps})`, never :math:`O(n^2)`.

**Option form** (Howard's metagame form as used by GMCR II). Decision maker
:math:`i` controls binary options; a state is a feasible combination of taken
options, and :math:`i` can move from :math:`s` to :math:`t \ne s` when the
two differ only in :math:`i`'s options and no changed option breaks its
permitted direction (an irreversible option can only be taken, ``"forward"``,
or only be withdrawn, ``"backward"``; Fang et al. 2003a). States are numbered
from 1 in increasing order of their decimal code :math:`\sum_k y_k 2^{k-1}`,
option 1 being the first option of the first decision maker, as in GMCR II.
Preferences by *option prioritisation* (Fang et al. 2003a; Hipel et al. 1997):
decision maker :math:`i` ranks statements :math:`\Omega_1, \dots, \Omega_q`
from most to least important, and the score of state :math:`s` is

.. math:: \Psi_i(s) = \sum_{j=1}^{q} 2^{q-j} \, [\Omega_j \text{ holds at } s],

so a state that satisfies a statement beats every state that does not but
agrees on all more important statements.

**Coalitions** (Inohara and Hipel 2008; Kilgour et al. 2001). A coalitional
improvement of :math:`H` from :math:`s` is a state :math:`t \in R_H(s)` with
:math:`P_i(t) > P_i(s)` for every :math:`i \in H`; :math:`s` is coalitionally
Nash (CNash) stable for :math:`H` when there is none.

**Status quo analysis** (Li, Kilgour and Hipel 2005; Xu et al. 2010). An
equilibrium is reachable from the status quo when a legal sequence of
unilateral improvements (or, on request, of any unilateral moves) by all the
decision makers leads to it; the path reported is a shortest such sequence,
found by breadth-first search over pairs (state, last mover) so that no
decision maker moves twice in succession (the "coloured path" of Xu et al.
2010).

References
----------
Fang, L., Hipel, K. W., & Kilgour, D. M. (1993). *Interactive Decision Making:
The Graph Model for Conflict Resolution*. New York: Wiley.

Fang, L., Hipel, K. W., Kilgour, D. M., & Peng, X. (2003a). A decision support
system for interactive decision making, Part I: model formulation. *IEEE
Transactions on Systems, Man, and Cybernetics, Part C*, 33(1), 42-55.

Hipel, K. W., Kilgour, D. M., Fang, L., & Peng, X. (1997). The decision support
system GMCR in environmental conflict management. *Applied Mathematics and
Computation*, 83(2-3), 117-152.

Kinsara, R. A., Petersons, O., Hipel, K. W., & Kilgour, D. M. (2015). Advanced
decision support for the graph model for conflict resolution. *Journal of
Decision Systems*, 24(2), 117-145.

Kilgour, D. M., & Hipel, K. W. (2005). The graph model for conflict resolution:
past, present, and future. *Group Decision and Negotiation*, 14(6), 441-460.

Kilgour, D. M., Hipel, K. W., Fang, L., & Peng, X. (2001). Coalition analysis
in group decision support. *Group Decision and Negotiation*, 10(2), 159-175.

Inohara, T., & Hipel, K. W. (2008). Coalition analysis in the graph model for
conflict resolution. *Systems Engineering*, 11(4), 343-359.

Li, K. W., Kilgour, D. M., & Hipel, K. W. (2005). Status quo analysis in the
graph model for conflict resolution. *Journal of the Operational Research
Society*, 56(6), 699-707.

Xu, H., Kilgour, D. M., Hipel, K. W., & Kemkes, G. (2010). Using matrices to
link conflict evolution and resolution in a graph model. *European Journal of
Operational Research*, 207(1), 318-329.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import check_int, param_error
from models._repr import compact_repr
from positions import parse_statement

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from positions import Scenario

__all__ = [
    "CoalitionStability",
    "GraphModel",
    "GraphStability",
    "StatusQuoAnalysis",
    "ranking_to_payoffs",
]

CONCEPTS: tuple[str, ...] = ("R", "GMR", "SMR", "SEQ")
_ALIASES = {"r": "R", "nash": "R", "gmr": "GMR", "smr": "SMR", "seq": "SEQ"}
_MAX_OPTIONS = 20
_MAX_STATEMENTS = 62

Direction = Literal["forward", "backward"]
Edges = tuple[NDArray[np.intp], NDArray[np.intp]]


# --------------------------------------------------------------------- helpers
def _concept(name: Any, func: str) -> str:
    key = _ALIASES.get(str(name).lower()) if isinstance(name, str) else None
    if key is None:
        raise param_error(
            "concept", func, "one of 'R' (or 'Nash'), 'GMR', 'SMR', 'SEQ'", repr(name)
        )
    return key


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _coalition_min(
    edges: Sequence[Edges], values: NDArray[np.float64], n: int
) -> NDArray[np.float64]:
    """Minimum of ``values`` over the states each state reaches by legal sequences.

    ``edges[j]`` are the moves (source, target, 0-based) of coalition member
    ``j``. Returns ``inf`` where a state reaches nothing.
    """
    m = len(edges)
    if m == 0:
        return np.full(n, np.inf)
    first = np.full((m, n), np.inf)  # first[j, s]: min over sequences starting with j
    while True:
        changed = False
        for j, (src, dst) in enumerate(edges):
            if src.size == 0:
                continue
            if m > 1:
                rest = np.delete(first, j, axis=0).min(axis=0)
                reach = np.minimum(values[dst], rest[dst])
            else:
                reach = values[dst]
            new = np.full(n, np.inf)
            np.minimum.at(new, src, reach)
            if not np.array_equal(new, first[j]):
                first[j] = new
                changed = True
        if not changed:
            out: NDArray[np.float64] = first.min(axis=0)
            return out


def _spread(src: NDArray[np.intp], dst: NDArray[np.intp], rows: NDArray[np.uint64]) -> Any:
    """Packed bit rows ``out[k] = OR of rows[t] over the moves (k, t)``; ``src`` sorted."""
    out = np.zeros_like(rows)
    if src.size == 0:
        return out
    starts = np.flatnonzero(np.r_[True, src[1:] != src[:-1]])
    ends = np.r_[starts[1:], src.size]
    chunk = max(1, 2**22 // rows.shape[1])  # about 32 MB of gathered rows at a time
    g = 0
    while g < starts.size:
        h = int(np.searchsorted(ends, starts[g] + chunk, side="right"))
        h = max(h, g + 1)
        e0, e1 = int(starts[g]), int(ends[h - 1])
        gathered = rows[dst[e0:e1]]
        out[src[starts[g:h]]] = np.bitwise_or.reduceat(gathered, starts[g:h] - e0, axis=0)
        g = h
    return out


def _coalition_reach(edges: Sequence[Edges], n: int) -> NDArray[np.uint64]:
    """Packed bit matrix: bit ``t`` of row ``s`` is set when a legal sequence leads from s to t.

    Rows are ``ceil(n / 64)`` little-endian 64-bit words; ``first[j]`` holds the
    states reachable by legal sequences whose first mover is ``j``, the fixed
    point of ``first[j](s) = OR over moves (s, t) of j of ({t} | first[l](t), l != j)``.
    """
    words = (n + 63) // 64
    diag = np.zeros((n, words), dtype=np.uint64)
    idx = np.arange(n)
    diag[idx, idx // 64] = np.left_shift(np.uint64(1), (idx % 64).astype(np.uint64))
    first = [_spread(src, dst, diag) for src, dst in edges]
    if len(first) > 1:
        while True:
            changed = False
            for j, (src, dst) in enumerate(edges):
                rest = diag.copy()
                for k, other in enumerate(first):
                    if k != j:
                        rest |= other
                new = _spread(src, dst, rest)
                if not np.array_equal(new, first[j]):
                    first[j] = new
                    changed = True
            if not changed:
                break
    out = np.zeros((n, words), dtype=np.uint64)
    for other in first:
        out |= other
    return out


def _any_improvement(
    reach: NDArray[np.uint64], payoffs: NDArray[np.float64], block: int = 512
) -> NDArray[np.bool_]:
    """Tell for each state ``s`` whether a reachable ``t`` is better in every payoff column."""
    n = payoffs.shape[0]
    has = np.zeros(n, dtype=bool)
    as_bytes = reach.astype("<u8", copy=False).view(np.uint8)
    for lo in range(0, n, block):
        hi = min(n, lo + block)
        bits = np.unpackbits(as_bytes[lo:hi], axis=1, bitorder="little")[:, :n].astype(bool)
        for k in range(payoffs.shape[1]):
            bits &= payoffs[None, :, k] > payoffs[lo:hi, None, k]
        has[lo:hi] = bits.any(axis=1)
    return has


def _legal_bfs(
    edges: Sequence[Edges], n: int, source: int
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Breadth-first search over (state, last mover) from ``source`` (0-based).

    Returns ``dist`` of shape (n, m) (steps to reach the state with mover
    ``j`` last, -1 if never), and the parent state and parent last mover of
    each (state, mover) node (``m`` stands for "nobody has moved yet").
    """
    m = len(edges)
    dist = np.full((n, m), -1, dtype=np.int64)
    parent = np.full((n, m), -1, dtype=np.int64)
    parent_mover = np.full((n, m), -1, dtype=np.int64)
    frontier = np.zeros((n, m + 1), dtype=bool)
    frontier[source, m] = True
    step = 0
    while frontier.any():
        step += 1
        nxt = np.zeros((n, m + 1), dtype=bool)
        for j, (src, dst) in enumerate(edges):
            allowed = np.delete(frontier, j, axis=1)
            active: NDArray[np.bool_] = np.asarray(allowed.any(axis=1))
            keep = active[src]
            s, t = src[keep], dst[keep]
            fresh = dist[t, j] < 0
            s, t = s[fresh], t[fresh]
            if t.size == 0:
                continue
            t, first = np.unique(t, return_index=True)
            s = s[first]
            cols = np.flatnonzero(np.arange(m + 1) != j)
            prev = cols[np.argmax(allowed[s], axis=1)]
            dist[t, j] = step
            parent[t, j] = s
            parent_mover[t, j] = prev
            nxt[t, j] = True
        frontier = nxt
    return dist, parent, parent_mover


def _path_to(
    target: int,
    dist: NDArray[np.int64],
    parent: NDArray[np.int64],
    parent_mover: NDArray[np.int64],
    source: int,
) -> tuple[list[int], list[int]] | None:
    """Shortest legal path (states, movers; 0-based) from the BFS source to ``target``."""
    if target == source:
        return [source], []
    row = dist[target]
    if not (row >= 0).any():
        return None
    j = int(np.flatnonzero(row == row[row >= 0].min())[0])
    states, movers = [target], [j]
    s = target
    m = dist.shape[1]
    while True:
        prev_s, prev_j = int(parent[s, j]), int(parent_mover[s, j])
        states.append(prev_s)
        if prev_j == m:
            break
        movers.append(prev_j)
        s, j = prev_s, prev_j
    return states[::-1], movers[::-1]


def ranking_to_payoffs(ranking: Sequence[Any], n_states: int) -> NDArray[np.int64]:
    """Convert a preference ranking of states into ordinal payoffs.

    Parameters
    ----------
    ranking : sequence
        State numbers (from 1) from most to least preferred, as printed in the
        literature; a nested sequence groups equally preferred states, e.g.
        ``[7, 3, [4, 8], 5]``.
    n_states : int
        Number of states; every state must appear exactly once.

    Returns
    -------
    ndarray of shape (n_states,)
        Payoff of each state: the most preferred group gets ``n_groups - 1``,
        the least preferred 0.

    Raises
    ------
    ValueError
        If a state is missing, repeated or out of range.

    Examples
    --------
    >>> ranking_to_payoffs([2, [1, 3]], 3).tolist()
    [0, 1, 0]
    >>> ranking_to_payoffs([2, 1], 3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: The 'ranking' parameter ... Got a ranking without state 3 instead.
    """
    func = "ranking_to_payoffs"
    n = check_int(n_states, "n_states", func, low=1)
    must = f"a ranking of every state 1..{n}, each exactly once"
    groups = [list(g) if isinstance(g, list | tuple) else [g] for g in ranking]
    payoffs = np.full(n, -1, dtype=np.int64)
    for level, group in enumerate(groups):
        for state in group:
            ok = isinstance(state, int | np.integer) and not isinstance(state, bool)
            if not ok or not 1 <= state <= n:
                raise param_error("ranking", func, must, f"state {_short(state)}")
            if payoffs[state - 1] >= 0:
                raise param_error("ranking", func, must, f"state {state} twice")
            payoffs[state - 1] = len(groups) - 1 - level
    missing = np.flatnonzero(payoffs < 0) + 1
    if missing.size:
        listed = ", ".join(str(s) for s in missing[:10])
        plural = "s" if missing.size > 1 else ""
        raise param_error("ranking", func, must, f"a ranking without state{plural} {listed}")
    return payoffs


# ---------------------------------------------------------------------- model
@dataclass(frozen=True, slots=True)
class GraphModel:
    """A graph model: decision makers, their unilateral moves and payoffs over states.

    Build one with :meth:`from_states` (the graph form of the literature),
    :meth:`from_options` (option form with option prioritisation) or
    :meth:`from_scenario` (a :class:`positions.Scenario`).

    Attributes
    ----------
    decision_makers : tuple of str
    payoffs : ndarray of shape (n_states, n_decision_makers)
        Ordinal payoffs, higher is better.
    moves : tuple of ndarray of shape (n_moves, 2)
        For each decision maker, its unilateral moves as (from, to) state
        numbers counted from 1, sorted.
    status_quo : int or None
        The status quo state (from 1), if known.
    options : tuple of str
        Option ids in code order (empty for a model built from states).
    option_owners : tuple of str
        The decision maker controlling each option.
    states : ndarray of shape (n_states, n_options)
        Whether each option is taken in each state.

    Examples
    --------
    The prisoner's dilemma in graph form (Fang, Hipel and Kilgour 1993):
    states 1 = both cooperate, 2 = A defects, 3 = B defects, 4 = both defect.

    >>> pd_model = GraphModel.from_states(
    ...     4,
    ...     {"A": [(1, 2), (2, 1), (3, 4), (4, 3)], "B": [(1, 3), (3, 1), (2, 4), (4, 2)]},
    ...     {"A": [3, 4, 1, 2], "B": [3, 1, 4, 2]},
    ... )
    >>> pd_model.equilibria("R")
    (4,)
    >>> pd_model.equilibria("GMR")
    (1, 4)
    """

    __repr__ = compact_repr

    decision_makers: tuple[str, ...]
    payoffs: NDArray[np.float64]
    moves: tuple[NDArray[np.intp], ...]
    status_quo: int | None = None
    options: tuple[str, ...] = ()
    option_owners: tuple[str, ...] = ()
    states: NDArray[np.bool_] = field(default_factory=lambda: np.zeros((0, 0), dtype=bool))

    def __post_init__(self) -> None:
        n, m = self.payoffs.shape
        if self.states.size == 0 and self.states.shape[0] != n:
            object.__setattr__(self, "states", np.zeros((n, 0), dtype=bool))
        if self.states.shape[0] != n or self.states.shape[1] != len(self.options):
            raise ValueError(
                "GraphModel states must have one row per state and one column per option."
            )
        if m != len(self.decision_makers) or len(self.moves) != m:
            raise ValueError(
                "GraphModel needs one payoff column and one move list per decision maker; "
                f"got {m} payoff columns, {len(self.moves)} move lists and "
                f"{len(self.decision_makers)} decision makers."
            )
        for edges in self.moves:
            if edges.size and (edges.min() < 1 or edges.max() > n):
                raise ValueError(f"GraphModel moves must connect states 1..{n}.")
        if self.status_quo is not None and not 1 <= self.status_quo <= n:
            raise ValueError(f"GraphModel status_quo must be a state in 1..{n}.")

    # ---------------------------------------------------------- constructors
    @classmethod
    def from_states(
        cls,
        n_states: int,
        moves: Mapping[str, Iterable[tuple[int, int]]],
        payoffs: Mapping[str, ArrayLike],
        *,
        decision_makers: Sequence[str] | None = None,
        status_quo: int | None = None,
    ) -> GraphModel:
        """Build a graph model from numbered states, moves and payoffs.

        Parameters
        ----------
        n_states : int
            Number of states, numbered 1 to ``n_states`` as in the literature.
        moves : mapping of str to iterable of (int, int)
            For each decision maker, its unilateral moves as (from, to) pairs.
            Repeated pairs count once.
        payoffs : mapping of str to sequence of float
            For each decision maker, one ordinal payoff per state (state 1
            first); higher is better and ties mean equal preference. Use
            :func:`ranking_to_payoffs` to convert a printed ranking.
        decision_makers : sequence of str, optional
            Their order (default: the order of ``moves``).
        status_quo : int, optional
            The status quo state.

        Returns
        -------
        GraphModel

        Raises
        ------
        ValueError
            If a move leaves the states or is a self-loop, a payoff list does not
            have one finite value per state, the decision makers of ``moves`` and
            ``payoffs`` differ, there are fewer than two, or ``status_quo`` is
            not a state.

        Examples
        --------
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": []},
        ...                            {"A": [0, 1], "B": [1, 0]}, status_quo=1)
        >>> m.n_states, m.decision_makers
        (2, ('A', 'B'))
        >>> GraphModel.from_states(2, {"A": [(1, 1)], "B": []},
        ...                        {"A": [0, 1], "B": [1, 0]})  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        ValueError: The 'moves' parameter ... Got the self-loop (1, 1) for 'A' instead.
        """
        func = "GraphModel.from_states"
        n = check_int(n_states, "n_states", func, low=1)
        if not isinstance(moves, Mapping):
            raise param_error("moves", func, "a mapping of decision maker to (from, to) pairs",
                              _short(moves))
        if not isinstance(payoffs, Mapping):
            raise param_error("payoffs", func, "a mapping of decision maker to payoff lists",
                              _short(payoffs))
        dms = tuple(str(d) for d in (moves if decision_makers is None else decision_makers))
        if len(set(dms)) != len(dms):
            raise param_error("decision_makers", func, "distinct ids", _short(list(dms)))
        if len(dms) < 2:
            raise param_error("decision_makers", func, "at least two decision makers",
                              _short(list(dms)))
        for name, given in (("moves", moves), ("payoffs", payoffs)):
            missing = [d for d in dms if d not in given]
            extra = [str(d) for d in given if d not in dms]
            if missing:
                raise param_error(name, func, f"an entry for every decision maker {list(dms)}",
                                  f"none for {missing[0]!r}")
            if extra:
                raise param_error(name, func, f"entries for the decision makers {list(dms)} only",
                                  f"an entry for unknown decision maker {extra[0]!r}")
        must_move = f"pairs (from, to) of different states in 1..{n}"
        edge_list: list[NDArray[np.intp]] = []
        for dm in dms:
            pairs = []
            for pair in moves[dm]:
                try:
                    a, b = pair
                except (TypeError, ValueError):
                    raise param_error("moves", func, must_move,
                                      f"{_short(pair)} for {dm!r}") from None
                for x in (a, b):
                    if not isinstance(x, int | np.integer) or isinstance(x, bool) or not (
                        1 <= x <= n
                    ):
                        raise param_error("moves", func, must_move,
                                          f"the move {_short(pair)} to an unknown state for {dm!r}")
                if a == b:
                    raise param_error("moves", func, must_move,
                                      f"the self-loop {(int(a), int(b))} for {dm!r}")
                pairs.append((int(a), int(b)))
            arr = np.array(sorted(set(pairs)), dtype=np.intp).reshape(-1, 2)
            edge_list.append(arr)
        columns = []
        for dm in dms:
            values = payoffs[dm]
            try:
                col = np.asarray(values, dtype=float)
            except (TypeError, ValueError):
                raise param_error("payoffs", func, "numeric payoffs",
                                  f"{_short(values)} for {dm!r}") from None
            if col.ndim != 1 or col.size != n:
                size = col.size if col.ndim == 1 else f"an array of shape {col.shape}"
                raise param_error("payoffs", func,
                                  f"one payoff per state ({n} values) for each decision maker",
                                  f"{size} values for {dm!r}")
            if not np.all(np.isfinite(col)):
                raise param_error("payoffs", func, "finite payoffs",
                                  f"a NaN or infinite payoff for {dm!r}")
            columns.append(col)
        sq = None
        if status_quo is not None:
            sq = check_int(status_quo, "status_quo", func, low=1)
            if sq > n:
                raise param_error("status_quo", func, f"a state in 1..{n}", str(sq))
        return cls(
            decision_makers=dms,
            payoffs=np.column_stack(columns),
            moves=tuple(edge_list),
            status_quo=sq,
            states=np.zeros((n, 0), dtype=bool),
        )

    @classmethod
    def from_options(
        cls,
        decision_makers: Sequence[str],
        options: Mapping[str, Sequence[str]],
        *,
        infeasible: Sequence[str] = (),
        irreversible: Mapping[str, Direction] | Sequence[str] = (),
        preferences: Mapping[str, Sequence[str]],
        status_quo: Iterable[str] | None = None,
    ) -> GraphModel:
        r"""Build a graph model in option form, with preferences by option prioritisation.

        Parameters
        ----------
        decision_makers : sequence of str
            The decision makers, in the order their options are coded.
        options : mapping of str to sequence of str
            For each decision maker, the ids of the binary options it controls
            (at least one each; ids unique across decision makers).
        infeasible : sequence of str
            Statements (grammar of :func:`positions.parse_statement`) that no
            state may satisfy, e.g. ``"RUS_ceasefire & RUS_offensive"``.
        irreversible : mapping of str to {'forward', 'backward'} or sequence of str
            Options that can change in one direction only: ``'forward'`` means
            it can be taken (N to Y) but never withdrawn, ``'backward'`` that it
            can be withdrawn (Y to N) but never taken again (GMCR II's two kinds
            of irreversible move). A plain sequence of ids means ``'forward'``.
        preferences : mapping of str to sequence of str
            For each decision maker, statements from most to least important;
            state ``s`` scores :math:`\sum_j 2^{q-j}` over the statements
            :math:`j` that hold at ``s`` (Fang et al. 2003a).
        status_quo : iterable of str, optional
            The options taken in the status quo (must be a feasible state).

        Returns
        -------
        GraphModel
            States are the feasible option combinations, numbered from 1 by
            increasing decimal code (first option = least significant bit).

        Raises
        ------
        ValueError
            If a decision maker has no options or no preference statements, an
            option id repeats, a statement names an unknown option or cannot be
            parsed, a direction is not 'forward' or 'backward', no state is
            feasible, or the status quo is infeasible.

        Examples
        --------
        The prisoner's dilemma with options "defect":

        >>> m = GraphModel.from_options(
        ...     ["A", "B"], {"A": ["A_defect"], "B": ["B_defect"]},
        ...     preferences={"A": ["-B_defect", "A_defect"], "B": ["-A_defect", "B_defect"]})
        >>> m.states.astype(int).tolist()
        [[0, 0], [1, 0], [0, 1], [1, 1]]
        >>> m.payoffs[:, 0].tolist()
        [2.0, 3.0, 0.0, 1.0]
        >>> m.equilibria("R")
        (4,)
        """
        func = "GraphModel.from_options"
        dms = tuple(str(d) for d in decision_makers)
        if len(set(dms)) != len(dms) or len(dms) < 2:
            raise param_error("decision_makers", func, "at least two distinct ids",
                              _short(list(dms)))
        if not isinstance(options, Mapping):
            raise param_error("options", func, "a mapping of decision maker to option ids",
                              _short(options))
        for dm in options:
            if dm not in dms:
                raise param_error("options", func, f"options of the decision makers {list(dms)}",
                                  f"options for unknown decision maker {dm!r}")
        opt_ids: list[str] = []
        owners: list[str] = []
        for dm in dms:
            own = [str(o) for o in options.get(dm, ())]
            if isinstance(options.get(dm), str) or not own:
                raise param_error("options", func,
                                  "a non-empty list of option ids for each decision maker",
                                  f"no options for {dm!r}" if not own else _short(options[dm]))
            opt_ids += own
            owners += [dm] * len(own)
        repeated = [o for o in opt_ids if opt_ids.count(o) > 1]
        if repeated:
            raise param_error("options", func, "unique option ids", f"{repeated[0]!r} twice")
        n_opt = len(opt_ids)
        if n_opt > _MAX_OPTIONS:
            raise param_error("options", func, f"at most {_MAX_OPTIONS} options in all",
                              f"{n_opt} options")
        index = {o: k for k, o in enumerate(opt_ids)}

        codes = np.arange(2**n_opt, dtype=np.int64)
        table = ((codes[:, None] >> np.arange(n_opt)) & 1).astype(bool)

        def taken_in(tab: NDArray[np.bool_]) -> Any:
            return lambda o: tab[:, index[o]]

        def parse(text: Any, name: str, whose: str) -> Any:
            if not isinstance(text, str):
                raise param_error(name, func, "statements given as strings",
                                  f"{_short(text)}{whose}")
            try:
                expr = parse_statement(text)
            except ValueError as exc:
                raise param_error(name, func, "valid statements", f"{exc}{whose}") from None
            unknown = sorted(expr.options() - set(index))
            if unknown:
                raise param_error(
                    name, func, f"statements over the declared options ({', '.join(opt_ids)})",
                    f"unknown option {unknown[0]!r} in statement {text!r}{whose}")
            return expr

        if isinstance(infeasible, str):
            infeasible = [infeasible]
        feasible = np.ones(table.shape[0], dtype=bool)
        for text in infeasible:
            feasible &= ~np.asarray(parse(text, "infeasible", "").evaluate(taken_in(table)),
                                    dtype=bool)
        if not feasible.any():
            raise param_error("infeasible", func, "statements that leave a feasible state",
                              "statements that exclude every state")
        states = table[feasible]
        state_codes = codes[feasible]
        n = states.shape[0]
        lookup = np.full(codes.size, -1, dtype=np.intp)
        lookup[state_codes] = np.arange(n)

        forward_only = np.zeros(n_opt, dtype=bool)
        backward_only = np.zeros(n_opt, dtype=bool)
        items: Iterable[tuple[str, Any]]
        if isinstance(irreversible, Mapping):
            items = irreversible.items()
        elif isinstance(irreversible, str):
            items = [(irreversible, "forward")]
        else:
            items = [(str(o), "forward") for o in irreversible]
        for opt, direction in items:
            if opt not in index:
                raise param_error("irreversible", func,
                                  f"ids of declared options ({', '.join(opt_ids)})",
                                  f"unknown option {opt!r}")
            if direction == "forward":
                forward_only[index[opt]] = True
            elif direction == "backward":
                backward_only[index[opt]] = True
            else:
                raise param_error("irreversible", func, "'forward' or 'backward' for each option",
                                  f"{direction!r} for {opt!r}")

        if not isinstance(preferences, Mapping):
            raise param_error("preferences", func,
                              "a mapping of decision maker to ranked statements",
                              _short(preferences))
        for dm in preferences:
            if dm not in dms:
                raise param_error("preferences", func,
                                  f"statements of the decision makers {list(dms)}",
                                  f"statements for unknown decision maker {dm!r}")
        payoff_cols = []
        for dm in dms:
            ranked = preferences.get(dm)
            if isinstance(ranked, str):
                ranked = [ranked]
            if not ranked:
                raise param_error("preferences", func,
                                  "at least one statement for each decision maker",
                                  f"none for {dm!r}")
            if len(ranked) > _MAX_STATEMENTS:
                raise param_error("preferences", func,
                                  f"at most {_MAX_STATEMENTS} statements per decision maker",
                                  f"{len(ranked)} for {dm!r}")
            q = len(ranked)
            score = np.zeros(n, dtype=np.int64)
            for j, text in enumerate(ranked):
                holds = np.asarray(
                    parse(text, "preferences", f" of {dm!r}").evaluate(taken_in(states)),
                    dtype=bool,
                )
                score += holds.astype(np.int64) << (q - 1 - j)
            payoff_cols.append(score.astype(float))

        bit = np.int64(1) << np.arange(n_opt, dtype=np.int64)
        fwd_mask = int((bit * forward_only).sum())
        bwd_mask = int((bit * backward_only).sum())
        edge_list = []
        for dm in dms:
            own_bits = bit[np.array([o == dm for o in owners])]
            mask = int(own_bits.sum())
            sub = ((np.arange(2 ** own_bits.size)[:, None] >> np.arange(own_bits.size)) & 1)
            own_codes = (sub * own_bits).sum(axis=1)
            target_codes = (state_codes[:, None] & ~mask) | own_codes[None, :]
            tgt = lookup[target_codes]
            src = np.broadcast_to(np.arange(n)[:, None], tgt.shape)
            ok = (tgt >= 0) & (tgt != src)
            before = np.broadcast_to(state_codes[:, None], tgt.shape)
            after = target_codes
            withdrawn = before & ~after
            taken = ~before & after
            ok &= (withdrawn & fwd_mask) == 0
            ok &= (taken & bwd_mask) == 0
            pairs = np.column_stack([src[ok], tgt[ok]]) + 1
            order = np.lexsort((pairs[:, 1], pairs[:, 0]))
            edge_list.append(pairs[order].astype(np.intp))

        sq = None
        if status_quo is not None:
            chosen = [status_quo] if isinstance(status_quo, str) else list(status_quo)
            for opt in chosen:
                if opt not in index:
                    raise param_error("status_quo", func,
                                      f"ids of declared options ({', '.join(opt_ids)})",
                                      f"unknown option {opt!r}")
            code = sum(1 << index[o] for o in set(chosen))
            if lookup[code] < 0:
                raise param_error("status_quo", func, "a feasible combination of options",
                                  f"the infeasible combination {sorted(set(chosen))}")
            sq = int(lookup[code]) + 1

        return cls(
            decision_makers=dms,
            payoffs=np.column_stack(payoff_cols),
            moves=tuple(edge_list),
            status_quo=sq,
            options=tuple(opt_ids),
            option_owners=tuple(owners),
            states=states,
        )

    @classmethod
    def from_scenario(cls, scenario: Scenario) -> GraphModel:
        """Build the option-form graph model of a :class:`positions.Scenario`.

        The decision makers are the actors that control options (in the
        scenario's order of actors); each option's ``status_quo`` flag gives the
        status quo state; ``infeasible`` statements remove states; each actor's
        ``preferences`` statements rank states by option prioritisation.

        An option with ``reversible: false`` is read as GMCR II's ``'forward'``
        irreversibility: it can be taken but, once taken, never withdrawn. So an
        irreversible option taken in the status quo stays taken in every state
        reachable from it. States where it is not taken remain in the model
        (irreversibility restricts moves, not feasibility), but no move leads to
        them from a state where it is taken.

        Parameters
        ----------
        scenario : positions.Scenario

        Returns
        -------
        GraphModel

        Raises
        ------
        ValueError
            If fewer than two actors control options, an actor with options has
            no preference statements, an actor with preferences controls no option,
            or the status quo is infeasible.

        Examples
        --------
        >>> import positions
        >>> m = GraphModel.from_scenario(positions.load("ukraine-ceasefire-2025-05"))
        >>> m.decision_makers
        ('RUS', 'USA', 'EUR', 'UKR')
        """
        func = "GraphModel.from_scenario"
        if not scenario.options:
            raise param_error("scenario", func, "a scenario with options", "no options")
        owners_all = {o.actor for o in scenario.options}
        dms = [a.id for a in scenario.actors if a.id in owners_all]
        if len(dms) < 2:
            raise param_error("scenario", func, "a scenario in which at least two actors control "
                              "options", f"options for {dms} only")
        options = {dm: [o.id for o in scenario.options if o.actor == dm] for dm in dms}
        prefs = {p.actor: list(p.statements) for p in scenario.preferences}
        for actor in prefs:
            if actor not in owners_all:
                raise param_error("scenario", func,
                                  "preferences only for actors that control options",
                                  f"preferences for {actor!r}, a decision maker with no options")
        for dm in dms:
            if dm not in prefs:
                raise param_error("scenario", func,
                                  "a preference list for every actor that controls options",
                                  f"none for {dm!r}")
        irreversible: dict[str, Direction] = {
            o.id: "forward" for o in scenario.options if not o.reversible
        }
        return cls.from_options(
            dms,
            options,
            infeasible=[i.statement for i in scenario.infeasible],
            irreversible=irreversible,
            preferences=prefs,
            status_quo=[o.id for o in scenario.options if o.status_quo],
        )

    # ------------------------------------------------------------ properties
    @property
    def n_states(self) -> int:
        """Number of states (``m.n_states``)."""
        return int(self.payoffs.shape[0])

    @property
    def n_decision_makers(self) -> int:
        """Number of decision makers."""
        return len(self.decision_makers)

    def _edges(self, improvements: bool = False) -> list[Edges]:
        out: list[Edges] = []
        for i, pairs in enumerate(self.moves):
            src = pairs[:, 0].astype(np.intp) - 1
            dst = pairs[:, 1].astype(np.intp) - 1
            if improvements:
                up = self.payoffs[dst, i] > self.payoffs[src, i]
                src, dst = src[up], dst[up]
            out.append((src, dst))
        return out

    def _dm_index(self, dm: Any, name: str, func: str) -> int:
        if dm not in self.decision_makers:
            known = list(self.decision_makers)
            raise param_error(name, func, f"one of the decision makers {known}", _short(dm))
        return self.decision_makers.index(dm)

    # -------------------------------------------------------------- analysis
    def stability(self) -> GraphStability:
        """Compute Nash, GMR, SMR and SEQ stability of every state for every decision maker.

        Sanctions are legal sequences of unilateral moves (GMR, SMR) or of
        unilateral improvements (SEQ) by the decision makers other than the
        focal one, in which none moves twice in succession (module docstring).

        Returns
        -------
        GraphStability

        Examples
        --------
        >>> m = GraphModel.from_states(
        ...     4, {"A": [(1, 2), (2, 1), (3, 4), (4, 3)], "B": [(1, 3), (3, 1), (2, 4), (4, 2)]},
        ...     {"A": [3, 4, 1, 2], "B": [3, 1, 4, 2]})
        >>> res = m.stability()
        >>> res.equilibria("SEQ")
        (1, 4)

        References
        ----------
        Fang, Hipel and Kilgour (1993), ch. 3; Kilgour and Hipel (2005).
        """
        n, m = self.n_states, self.n_decision_makers
        stable = np.ones((n, m, len(CONCEPTS)), dtype=bool)
        moves = self._edges()
        ups = self._edges(improvements=True)
        for i in range(m):
            pay = self.payoffs[:, i]
            src, dst = moves[i]
            w = pay.copy()
            np.maximum.at(w, src, pay[dst])
            others = [moves[j] for j in range(m) if j != i]
            others_up = [ups[j] for j in range(m) if j != i]
            worst = {
                "GMR": _coalition_min(others, pay, n),
                "SMR": _coalition_min(others, w, n),
                "SEQ": _coalition_min(others_up, pay, n),
            }
            us, ud = ups[i]
            stable[us, i, 0] = False
            for c, concept in enumerate(CONCEPTS[1:], start=1):
                blocked = worst[concept][ud] <= pay[us]
                stable[us[~blocked], i, c] = False
        return GraphStability(model=self, concepts=CONCEPTS, stable=stable)

    def equilibria(self, concept: str = "R") -> tuple[int, ...]:
        """Return the states stable for every decision maker under ``concept``.

        Parameters
        ----------
        concept : {'R', 'Nash', 'GMR', 'SMR', 'SEQ'}

        Returns
        -------
        tuple of int
            State numbers, from 1.

        Raises
        ------
        ValueError
            If ``concept`` is unknown.

        Examples
        --------
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
        ...                            {"A": [0, 1], "B": [0, 1]})
        >>> m.equilibria("Nash")
        (2,)
        """
        _concept(concept, "GraphModel.equilibria")
        return self.stability().equilibria(concept)

    def coalition_stability(
        self, coalitions: Iterable[Iterable[str]] | None = None
    ) -> CoalitionStability:
        """Find coalitional improvements and coalitional Nash (CNash) stability.

        A coalitional improvement of coalition ``H`` from state ``s`` is a state
        reachable from ``s`` by a legal sequence of unilateral moves by members
        of ``H`` (none moving twice in succession) that every member strictly
        prefers to ``s``. ``s`` is CNash stable for ``H`` when ``H`` has none,
        and CNash stable for a decision maker when no coalition containing it
        (among those given, and the decision maker alone) has one (Inohara and
        Hipel 2008).

        Parameters
        ----------
        coalitions : iterable of iterable of str, optional
            Coalitions of two or more decision makers. Default: every one. Each
            coalition's reachable sets are held as an ``n_states`` x
            ``n_states`` bit matrix (about 10 MB and a few seconds for the 9216
            states of the built-in Ukraine scenario).

        Returns
        -------
        CoalitionStability

        Raises
        ------
        ValueError
            If a coalition names an unknown decision maker or has fewer than two
            members.

        Examples
        --------
        >>> m = GraphModel.from_states(
        ...     4, {"A": [(1, 2), (2, 1), (3, 4), (4, 3)], "B": [(1, 3), (3, 1), (2, 4), (4, 2)]},
        ...     {"A": [3, 4, 1, 2], "B": [3, 1, 4, 2]})
        >>> res = m.coalition_stability([["A", "B"]])
        >>> res.equilibria()
        ()
        >>> res.improvements(4, ["A", "B"])
        (1,)

        References
        ----------
        Inohara and Hipel (2008); Kilgour et al. (2001).
        """
        func = "GraphModel.coalition_stability"
        if coalitions is None:
            groups = [
                tuple(c)
                for size in range(2, self.n_decision_makers + 1)
                for c in itertools.combinations(self.decision_makers, size)
            ]
        else:
            groups = []
            for coalition in coalitions:
                members = [coalition] if isinstance(coalition, str) else list(coalition)
                idx = sorted({self._dm_index(d, "coalitions", func) for d in members})
                if len(idx) < 2:
                    raise param_error("coalitions", func,
                                      "coalitions of at least two decision makers",
                                      _short(members))
                groups.append(tuple(self.decision_makers[k] for k in idx))
        n = self.n_states
        moves = self._edges()
        has = np.zeros((n, len(groups)), dtype=bool)
        for c, group in enumerate(groups):
            idx = [self.decision_makers.index(d) for d in group]
            reach = _coalition_reach([moves[k] for k in idx], n)
            has[:, c] = _any_improvement(reach, self.payoffs[:, idx])
        nash = self.stability().stable[:, :, 0]
        per_dm = nash.copy()
        for c, group in enumerate(groups):
            for d in group:
                per_dm[:, self.decision_makers.index(d)] &= ~has[:, c]
        return CoalitionStability(
            model=self, coalitions=tuple(groups), stable=~has, stable_dm=per_dm
        )

    def status_quo_analysis(
        self,
        concept: str = "R",
        *,
        moves: Literal["improvements", "any"] = "improvements",
        status_quo: int | None = None,
    ) -> StatusQuoAnalysis:
        """Find which equilibria the conflict can reach from the status quo, and how.

        The conflict evolves by legal sequences of unilateral moves by all the
        decision makers, none moving twice in succession. With
        ``moves='improvements'`` (default) each move must be a unilateral
        improvement for the decision maker who makes it; with ``'any'`` every
        unilateral move counts. For each equilibrium the result gives one shortest
        such path (fewest moves; the same one every run).

        Parameters
        ----------
        concept : {'R', 'Nash', 'GMR', 'SMR', 'SEQ'}
            Which equilibria to look for.
        moves : {'improvements', 'any'}
        status_quo : int, optional
            Start state (default: the model's status quo).

        Returns
        -------
        StatusQuoAnalysis

        Raises
        ------
        ValueError
            If there is no status quo, or an argument is not one of its values.

        Examples
        --------
        >>> m = GraphModel.from_states(
        ...     4, {"A": [(1, 2), (2, 1), (3, 4), (4, 3)], "B": [(1, 3), (3, 1), (2, 4), (4, 2)]},
        ...     {"A": [3, 4, 1, 2], "B": [3, 1, 4, 2]}, status_quo=1)
        >>> sq = m.status_quo_analysis("R")
        >>> sq.paths
        ((1, 3, 4),)
        >>> sq.movers
        (('B', 'A'),)

        References
        ----------
        Li, Kilgour and Hipel (2005); Xu et al. (2010).
        """
        func = "GraphModel.status_quo_analysis"
        key = _concept(concept, func)
        if moves not in ("improvements", "any"):
            raise param_error("moves", func, "'improvements' or 'any'", _short(moves))
        start = self.status_quo if status_quo is None else status_quo
        if start is None:
            raise param_error("status_quo", func, "a state (the model has no status quo)", "None")
        start = check_int(start, "status_quo", func, low=1)
        if start > self.n_states:
            raise param_error("status_quo", func, f"a state in 1..{self.n_states}", str(start))
        eq = self.stability().equilibria(key)
        edges = self._edges(improvements=moves == "improvements")
        dist, parent, parent_mover = _legal_bfs(edges, self.n_states, start - 1)
        steps = np.where(dist >= 0, dist, np.iinfo(np.int64).max).min(axis=1)
        n_steps = np.where(steps == np.iinfo(np.int64).max, -1, steps)
        n_steps[start - 1] = 0
        paths: list[tuple[int, ...]] = []
        movers: list[tuple[str, ...]] = []
        for state in eq:
            found = _path_to(state - 1, dist, parent, parent_mover, start - 1)
            if found is None:
                paths.append(())
                movers.append(())
            else:
                paths.append(tuple(s + 1 for s in found[0]))
                movers.append(tuple(self.decision_makers[j] for j in found[1]))
        return StatusQuoAnalysis(
            model=self,
            status_quo=start,
            concept=key,
            moves=moves,
            equilibria=eq,
            n_steps=n_steps,
            paths=tuple(paths),
            movers=tuple(movers),
        )

    # ------------------------------------------------------------ output
    def to_frame(self) -> pd.DataFrame:
        """Return the moves as a tidy table.

        Returns
        -------
        pandas.DataFrame
            One row per unilateral move: ``decision_maker``, ``from_state``,
            ``to_state`` and ``improvement`` (whether the mover prefers the
            target).

        Examples
        --------
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
        ...                            {"A": [0, 1], "B": [0, 1]})
        >>> m.to_frame().to_dict("records")[0]
        {'decision_maker': 'A', 'from_state': 1, 'to_state': 2, 'improvement': True}
        """
        import pandas as pd

        frames = []
        for i, pairs in enumerate(self.moves):
            up = self.payoffs[pairs[:, 1] - 1, i] > self.payoffs[pairs[:, 0] - 1, i]
            frames.append(
                pd.DataFrame(
                    {
                        "decision_maker": self.decision_makers[i],
                        "from_state": pairs[:, 0].astype(int),
                        "to_state": pairs[:, 1].astype(int),
                        "improvement": up.astype(bool),
                    }
                )
            )
        return pd.concat(frames, ignore_index=True)

    def describe(self, states: int | Iterable[int] | None = None) -> pd.DataFrame:
        """Say in options what each state is: one row per state, one column per decision maker.

        Parameters
        ----------
        states : int or iterable of int, optional
            State numbers (from 1); default every state.

        Returns
        -------
        pandas.DataFrame
            Indexed by ``state``; for each decision maker the ids of the
            options it takes in that state, joined with ``", "`` (empty when
            it takes none).

        Raises
        ------
        ValueError
            If the model was built from states (it has no options), or a state
            is out of range.

        Examples
        --------
        >>> m = GraphModel.from_options(["A", "B"], {"A": ["a1", "a2"], "B": ["b"]},
        ...                             preferences={"A": ["a1"], "B": ["b"]})
        >>> m.describe([1, 4, 8]).to_dict("index")
        {1: {'A': '', 'B': ''}, 4: {'A': 'a1, a2', 'B': ''}, 8: {'A': 'a1, a2', 'B': 'b'}}
        """
        import pandas as pd

        func = "GraphModel.describe"
        chosen = self._states_arg(states, func)
        if not self.options:
            raise ValueError(
                f"{func} needs a model built from options (GraphModel.from_options or "
                "from_scenario); this one was built from states and has none."
            )
        names = np.array(self.options, dtype=object)
        owners = np.array(self.option_owners, dtype=object)
        columns = {}
        for dm in self.decision_makers:
            mine = owners == dm
            columns[dm] = [", ".join(names[mine & self.states[s - 1]]) for s in chosen]
        return pd.DataFrame(columns, index=pd.Index(chosen, name="state"))

    def move_text(self, from_state: int, to_state: int) -> str:
        """Say in options what changes from one state to another.

        Parameters
        ----------
        from_state, to_state : int
            State numbers (from 1).

        Returns
        -------
        str
            ``"takes x, y; withdraws z"`` for a model built from options;
            ``"state a -> state b"`` for one built from states.

        Examples
        --------
        >>> m = GraphModel.from_options(["A", "B"], {"A": ["a1", "a2"], "B": ["b"]},
        ...                             preferences={"A": ["a1"], "B": ["b"]})
        >>> m.move_text(2, 3)
        'takes a2; withdraws a1'
        """
        func = "GraphModel.move_text"
        a, b = self._states_arg([from_state, to_state], func)
        if not self.options:
            return f"state {a} -> state {b}"
        names = np.array(self.options, dtype=object)
        before, after = self.states[a - 1], self.states[b - 1]
        parts = []
        taken, dropped = names[after & ~before], names[before & ~after]
        if taken.size:
            parts.append("takes " + ", ".join(taken))
        if dropped.size:
            parts.append("withdraws " + ", ".join(dropped))
        return "; ".join(parts) if parts else "no change"

    def _states_arg(self, states: int | Iterable[int] | None, func: str) -> list[int]:
        """Check state numbers given as one int or an iterable; default all."""
        if states is None:
            return list(range(1, self.n_states + 1))
        items = [states] if isinstance(states, int | np.integer) else list(states)
        out = []
        for s in items:
            if isinstance(s, bool) or not isinstance(s, int | np.integer) or not (
                1 <= s <= self.n_states
            ):
                raise param_error("states", func, f"state numbers in 1..{self.n_states}", repr(s))
            out.append(int(s))
        return out

    def states_frame(self) -> pd.DataFrame:
        """Return which options each state takes (option form), as a tidy table.

        Returns
        -------
        pandas.DataFrame
            One row per state and option: ``state``, ``option``,
            ``decision_maker`` and ``taken``. Empty for a model built from states.

        Examples
        --------
        >>> m = GraphModel.from_options(["A", "B"], {"A": ["a"], "B": ["b"]},
        ...                             preferences={"A": ["a"], "B": ["b"]})
        >>> m.states_frame().query("state == 2").taken.tolist()
        [True, False]
        """
        import pandas as pd

        table = self.states
        n, k = table.shape
        return pd.DataFrame(
            {
                "state": np.repeat(np.arange(1, n + 1), k),
                "option": np.tile(np.array(self.options, dtype=object), n),
                "decision_maker": np.tile(np.array(self.option_owners, dtype=object), n),
                "taken": table.reshape(-1),
            }
        )

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the state graph; see :func:`models.plotting.plot_graph_model`.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
        **kwargs
            Passed to :func:`~models.plotting.plot_graph_model`.

        Returns
        -------
        matplotlib.axes.Axes

        Examples
        --------
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
        ...                            {"A": [0, 1], "B": [0, 1]}, status_quo=1)
        >>> len(m.plot().patches)
        2
        """
        from models.plotting.gmcr import plot_graph_model

        return plot_graph_model(self, ax=ax, **kwargs)


# -------------------------------------------------------------------- results
@dataclass(frozen=True, slots=True)
class GraphStability:
    """Nash, GMR, SMR and SEQ stability of every state for every decision maker.

    Attributes
    ----------
    model : GraphModel
    concepts : tuple of str
        ``('R', 'GMR', 'SMR', 'SEQ')``.
    stable : ndarray of shape (n_states, n_decision_makers, n_concepts)
        ``stable[s - 1, i, c]``: state ``s`` is stable for decision maker ``i``
        under concept ``c``.

    Examples
    --------
    >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
    ...                            {"A": [0, 1], "B": [0, 1]})
    >>> m.stability().to_frame().query("concept == 'R' and state == 1")
       state decision_maker concept  stable
    0      1              A       R   False
    4      1              B       R    True
    """

    __repr__ = compact_repr

    model: GraphModel
    concepts: tuple[str, ...]
    stable: NDArray[np.bool_]

    def equilibria(self, concept: str = "R") -> tuple[int, ...]:
        """Return the states stable for every decision maker under ``concept``.

        Parameters
        ----------
        concept : {'R', 'Nash', 'GMR', 'SMR', 'SEQ'}

        Returns
        -------
        tuple of int

        Raises
        ------
        ValueError
            If ``concept`` is unknown.

        Examples
        --------
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
        ...                            {"A": [0, 1], "B": [0, 1]}, status_quo=1)
        >>> m.stability().equilibria("SEQ")
        (2,)
        """
        c = self.concepts.index(_concept(concept, "GraphStability.equilibria"))
        return tuple(int(s) + 1 for s in np.flatnonzero(self.stable[:, :, c].all(axis=1)))

    def is_stable(self, state: int, decision_maker: str, concept: str = "R") -> bool:
        """Tell whether ``state`` is stable for ``decision_maker`` under ``concept``.

        Parameters
        ----------
        state : int
        decision_maker : str
        concept : {'R', 'Nash', 'GMR', 'SMR', 'SEQ'}

        Returns
        -------
        bool

        Raises
        ------
        ValueError
            If an argument is unknown.

        Examples
        --------
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
        ...                            {"A": [0, 1], "B": [0, 1]}, status_quo=1)
        >>> m.stability().is_stable(1, "A", "R")
        False
        """
        func = "GraphStability.is_stable"
        c = self.concepts.index(_concept(concept, func))
        i = self.model._dm_index(decision_maker, "decision_maker", func)
        s = check_int(state, "state", func, low=1)
        if s > self.model.n_states:
            raise param_error("state", func, f"a state in 1..{self.model.n_states}", str(s))
        return bool(self.stable[s - 1, i, c])

    def to_frame(self) -> pd.DataFrame:
        """Return the stability table in long form.

        Returns
        -------
        pandas.DataFrame
            Columns ``state``, ``decision_maker``, ``concept``, ``stable``.

        Examples
        --------
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
        ...                            {"A": [0, 1], "B": [0, 1]}, status_quo=1)
        >>> m.stability().to_frame().shape
        (16, 4)
        """
        import pandas as pd

        n, m, k = self.stable.shape
        grid = np.indices((n, m, k)).reshape(3, -1)
        return pd.DataFrame(
            {
                "state": grid[0] + 1,
                "decision_maker": np.array(self.model.decision_makers, dtype=object)[grid[1]],
                "concept": np.array(self.concepts, dtype=object)[grid[2]],
                "stable": self.stable.reshape(-1),
            }
        )

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the state graph with the equilibria of a concept highlighted.

        See :func:`models.plotting.plot_graph_model` (keyword ``concept``).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
        **kwargs
            Passed to :func:`~models.plotting.plot_graph_model`.

        Returns
        -------
        matplotlib.axes.Axes

        Examples
        --------
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
        ...                            {"A": [0, 1], "B": [0, 1]}, status_quo=1)
        >>> m.stability().plot(concept="GMR").get_title()
        'Graph model: GMR equilibria'
        """
        from models.plotting.gmcr import plot_graph_model

        return plot_graph_model(self, ax=ax, **kwargs)


@dataclass(frozen=True, slots=True)
class CoalitionStability:
    """Coalitional Nash (CNash) stability for given coalitions.

    Attributes
    ----------
    model : GraphModel
    coalitions : tuple of tuple of str
    stable : ndarray of shape (n_states, n_coalitions)
        ``stable[s - 1, c]``: coalition ``c`` has no coalitional improvement
        from state ``s``.
    stable_dm : ndarray of shape (n_states, n_decision_makers)
        CNash stability for each decision maker: neither it alone (Nash) nor
        any listed coalition containing it can improve.

    Examples
    --------
    >>> m = GraphModel.from_states(
    ...     4, {"A": [(1, 2), (2, 1), (3, 4), (4, 3)], "B": [(1, 3), (3, 1), (2, 4), (4, 2)]},
    ...     {"A": [3, 4, 1, 2], "B": [3, 1, 4, 2]})
    >>> m.coalition_stability().stable[:, 0].tolist()
    [True, True, True, False]
    """

    __repr__ = compact_repr

    model: GraphModel
    coalitions: tuple[tuple[str, ...], ...]
    stable: NDArray[np.bool_]
    stable_dm: NDArray[np.bool_]

    def equilibria(self) -> tuple[int, ...]:
        """Return the states CNash stable for every decision maker.

        Returns
        -------
        tuple of int

        Examples
        --------
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
        ...                            {"A": [0, 1], "B": [0, 1]}, status_quo=1)
        >>> m.coalition_stability().equilibria()
        (2,)
        """
        return tuple(int(s) + 1 for s in np.flatnonzero(self.stable_dm.all(axis=1)))

    def improvements(self, state: int, coalition: Iterable[str]) -> tuple[int, ...]:
        """Return the coalitional improvements of ``coalition`` from ``state``.

        Parameters
        ----------
        state : int
        coalition : iterable of str
            Any set of decision makers (one alone gives its unilateral
            improvements).

        Returns
        -------
        tuple of int
            Reachable states every member strictly prefers, sorted.

        Raises
        ------
        ValueError
            If the state or a decision maker is unknown.

        Examples
        --------
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
        ...                            {"A": [0, 1], "B": [0, 1]}, status_quo=1)
        >>> m.coalition_stability().improvements(1, ["A", "B"])
        (2,)
        """
        func = "CoalitionStability.improvements"
        model = self.model
        s = check_int(state, "state", func, low=1)
        if s > model.n_states:
            raise param_error("state", func, f"a state in 1..{model.n_states}", str(s))
        members = [coalition] if isinstance(coalition, str) else list(coalition)
        idx = sorted({model._dm_index(d, "coalition", func) for d in members})
        if not idx:
            raise param_error("coalition", func, "at least one decision maker", "none")
        moves = model._edges()
        dist, _, _ = _legal_bfs([moves[k] for k in idx], model.n_states, s - 1)
        reach = (dist >= 0).any(axis=1)
        for k in idx:
            reach &= model.payoffs[:, k] > model.payoffs[s - 1, k]
        return tuple(int(t) + 1 for t in np.flatnonzero(reach))

    def to_frame(self) -> pd.DataFrame:
        """Return CNash stability in long form.

        Returns
        -------
        pandas.DataFrame
            Columns ``state``, ``coalition`` (members joined by ``+``) and
            ``stable`` (no coalitional improvement).

        Examples
        --------
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
        ...                            {"A": [0, 1], "B": [0, 1]}, status_quo=1)
        >>> m.coalition_stability().to_frame().coalition.unique().tolist()
        ['A+B']
        """
        import pandas as pd

        n, k = self.stable.shape
        names = np.array(["+".join(c) for c in self.coalitions], dtype=object)
        return pd.DataFrame(
            {
                "state": np.repeat(np.arange(1, n + 1), k),
                "coalition": np.tile(names, n),
                "stable": self.stable.reshape(-1),
            }
        )

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the state graph with the CNash equilibria highlighted.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
        **kwargs
            Passed to :func:`~models.plotting.plot_graph_model`.

        Returns
        -------
        matplotlib.axes.Axes

        Examples
        --------
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
        ...                            {"A": [0, 1], "B": [0, 1]}, status_quo=1)
        >>> m.coalition_stability().plot().get_title()
        'Graph model: CNash equilibria'
        """
        from models.plotting.gmcr import plot_graph_model

        return plot_graph_model(self, ax=ax, **kwargs)


@dataclass(frozen=True, slots=True)
class StatusQuoAnalysis:
    """Which equilibria are reachable from the status quo, and by what path.

    Attributes
    ----------
    model : GraphModel
    status_quo : int
    concept : str
        Equilibrium concept of the targets.
    moves : {'improvements', 'any'}
        Which unilateral moves the paths may use.
    equilibria : tuple of int
        The equilibria under ``concept``.
    n_steps : ndarray of shape (n_states,)
        Fewest moves from the status quo to each state (-1: unreachable).
    paths : tuple of tuple of int
        For each equilibrium, the states of a shortest path from the status quo
        (empty when unreachable).
    movers : tuple of tuple of str
        For each equilibrium, who makes each move of its path.

    Examples
    --------
    >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
    ...                            {"A": [0, 1], "B": [0, 1]}, status_quo=1)
    >>> m.status_quo_analysis().reachable
    (2,)
    """

    __repr__ = compact_repr

    model: GraphModel
    status_quo: int
    concept: str
    moves: str
    equilibria: tuple[int, ...]
    n_steps: NDArray[np.int64]
    paths: tuple[tuple[int, ...], ...]
    movers: tuple[tuple[str, ...], ...]

    @property
    def reachable(self) -> tuple[int, ...]:
        """The equilibria reachable from the status quo (state numbers)."""
        return tuple(e for e, p in zip(self.equilibria, self.paths, strict=True) if p)

    def to_frame(self) -> pd.DataFrame:
        """Return the paths in long form.

        Returns
        -------
        pandas.DataFrame
            One row per equilibrium and step: ``equilibrium``, ``reachable``,
            ``step`` (0 is the status quo), ``state`` after the step, the
            ``decision_maker`` who moved and the ``change`` in options
            (:meth:`GraphModel.move_text`). An unreachable equilibrium has one
            row with ``step`` missing.

        Examples
        --------
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
        ...                            {"A": [0, 1], "B": [0, 1]}, status_quo=1)
        >>> m.status_quo_analysis().to_frame()[["step", "state", "decision_maker", "change"]]
           step  state decision_maker              change
        0     0      1            NaN                 NaN
        1     1      2              A  state 1 -> state 2
        """
        import pandas as pd

        rows: list[dict[str, Any]] = []
        for eq, path, who in zip(self.equilibria, self.paths, self.movers, strict=True):
            if not path:
                rows.append({"equilibrium": eq, "reachable": False, "step": pd.NA,
                             "state": eq, "decision_maker": None, "change": None})
                continue
            for k, state in enumerate(path):
                rows.append({
                    "equilibrium": eq, "reachable": True, "step": k, "state": state,
                    "decision_maker": who[k - 1] if k else None,
                    "change": self.model.move_text(path[k - 1], state) if k else None,
                })
        frame = pd.DataFrame(
            rows, columns=["equilibrium", "reachable", "step", "state", "decision_maker", "change"]
        )
        frame["step"] = frame["step"].astype("Int64")
        return frame

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the state graph with the status quo, equilibria and paths highlighted.

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
        **kwargs
            Passed to :func:`~models.plotting.plot_graph_model`.

        Returns
        -------
        matplotlib.axes.Axes

        Examples
        --------
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
        ...                            {"A": [0, 1], "B": [0, 1]}, status_quo=1)
        >>> m.status_quo_analysis().plot().get_title()
        'Status quo analysis (R, improvements)'
        """
        from models.plotting.gmcr import plot_graph_model

        return plot_graph_model(self, ax=ax, **kwargs)
