r"""The graph model itself: states, decision makers, unilateral moves, preferences.

A graph model is a finite set of states :math:`S = \{1, \dots, n\}`, a set of
decision makers :math:`N`, for each :math:`i \in N` a directed graph
:math:`(S, A_i)` of the *unilateral moves* :math:`i` controls and a preference
over :math:`S` given here by ordinal payoffs :math:`P_i(s)` (higher is better,
ties allowed; Fang, Hipel and Kilgour 1993). :class:`GraphModel` holds these
and builds them three ways: in graph form from numbered states
(:meth:`GraphModel.from_states`, with :func:`ranking_to_payoffs` for printed
rankings), in option form with option prioritisation
(:meth:`GraphModel.from_options`, :mod:`models.gmcr.options`) and from a
:class:`positions.Scenario` (:meth:`GraphModel.from_scenario`).

The analyses live one per module and the model's methods call them:
stability under the registered concepts (:mod:`models.gmcr.stability`,
:mod:`models.gmcr.concepts`), coalitions (:mod:`models.gmcr.coalitions`), the
status quo (:mod:`models.gmcr.status_quo`) and descriptions in options
(:mod:`models.gmcr.describe`).

References
----------
Fang, L., Hipel, K. W., & Kilgour, D. M. (1993). *Interactive Decision Making:
The Graph Model for Conflict Resolution*. New York: Wiley.

Fang, L., Hipel, K. W., Kilgour, D. M., & Peng, X. (2003a). A decision support
system for interactive decision making, Part I: model formulation. *IEEE
Transactions on Systems, Man, and Cybernetics, Part C*, 33(1), 42-55.

Kilgour, D. M., & Hipel, K. W. (2005). The graph model for conflict resolution:
past, present, and future. *Group Decision and Negotiation*, 14(6), 441-460.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import check_int, param_error
from models._repr import compact_repr
from models.gmcr._common import short_repr
from models.gmcr.coalitions import coalition_stability
from models.gmcr.concepts import _resolve
from models.gmcr.describe import describe, move_text, moves_frame, states_frame
from models.gmcr.options import Direction, option_form
from models.gmcr.stability import stability
from models.gmcr.status_quo import status_quo_analysis

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from models.gmcr.results import CoalitionStability, GraphStability, StatusQuoAnalysis
    from positions import Scenario

__all__ = ["GraphModel", "ranking_to_payoffs"]


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
                raise param_error("ranking", func, must, f"state {short_repr(state)}")
            if payoffs[state - 1] >= 0:
                raise param_error("ranking", func, must, f"state {state} twice")
            payoffs[state - 1] = len(groups) - 1 - level
    missing = np.flatnonzero(payoffs < 0) + 1
    if missing.size:
        listed = ", ".join(str(s) for s in missing[:10])
        plural = "s" if missing.size > 1 else ""
        raise param_error("ranking", func, must, f"a ranking without state{plural} {listed}")
    return payoffs



# ------------------------------------------------------------- graph form
_FROM_STATES = "GraphModel.from_states"
_MAX_STATES = 2**31 - 2


def _state_form_decision_makers(
    moves: Any, payoffs: Any, decision_makers: Sequence[str] | None
) -> tuple[str, ...]:
    """Check the decision makers of a graph-form model: one move and payoff entry each."""
    func = _FROM_STATES
    if not isinstance(moves, Mapping):
        raise param_error("moves", func, "a mapping of decision maker to (from, to) pairs",
                          short_repr(moves))
    if not isinstance(payoffs, Mapping):
        raise param_error("payoffs", func, "a mapping of decision maker to payoff lists",
                          short_repr(payoffs))
    dms = tuple(str(d) for d in (moves if decision_makers is None else decision_makers))
    if len(set(dms)) != len(dms):
        raise param_error("decision_makers", func, "distinct ids", short_repr(list(dms)))
    if len(dms) < 2:
        raise param_error("decision_makers", func, "at least two decision makers",
                          short_repr(list(dms)))
    for name, given in (("moves", moves), ("payoffs", payoffs)):
        missing = [d for d in dms if d not in given]
        extra = [str(d) for d in given if d not in dms]
        if missing:
            raise param_error(name, func, f"an entry for every decision maker {list(dms)}",
                              f"none for {missing[0]!r}")
        if extra:
            raise param_error(name, func, f"entries for the decision makers {list(dms)} only",
                              f"an entry for unknown decision maker {extra[0]!r}")
    return dms


def _move_array(pairs: Iterable[tuple[int, int]], dm: str, n: int) -> NDArray[np.int32]:
    """Return one decision maker's moves as a sorted (n_moves, 2) array, repeats dropped."""
    func = _FROM_STATES
    must_move = f"pairs (from, to) of different states in 1..{n}"
    out = []
    for pair in pairs:
        try:
            a, b = pair
        except (TypeError, ValueError):
            raise param_error("moves", func, must_move,
                              f"{short_repr(pair)} for {dm!r}") from None
        for x in (a, b):
            if not isinstance(x, int | np.integer) or isinstance(x, bool) or not 1 <= x <= n:
                raise param_error("moves", func, must_move,
                                  f"the move {short_repr(pair)} to an unknown state for {dm!r}")
        if a == b:
            raise param_error("moves", func, must_move,
                              f"the self-loop {(int(a), int(b))} for {dm!r}")
        out.append((int(a), int(b)))
    return np.array(sorted(set(out)), dtype=np.int32).reshape(-1, 2)


def _payoff_column(values: ArrayLike, dm: str, n: int) -> NDArray[np.float64]:
    """Return one decision maker's payoffs, checked: ``n`` finite numbers."""
    func = _FROM_STATES
    try:
        col = np.asarray(values, dtype=float)
    except (TypeError, ValueError):
        raise param_error("payoffs", func, "numeric payoffs",
                          f"{short_repr(values)} for {dm!r}") from None
    if col.ndim != 1 or col.size != n:
        size = col.size if col.ndim == 1 else f"an array of shape {col.shape}"
        raise param_error("payoffs", func,
                          f"one payoff per state ({n} values) for each decision maker",
                          f"{size} values for {dm!r}")
    if not np.all(np.isfinite(col)):
        raise param_error("payoffs", func, "finite payoffs",
                          f"a NaN or infinite payoff for {dm!r}")
    return col


def _state_status_quo(status_quo: int | None, n: int) -> int | None:
    if status_quo is None:
        return None
    sq = check_int(status_quo, "status_quo", _FROM_STATES, low=1)
    if sq > n:
        raise param_error("status_quo", _FROM_STATES, f"a state in 1..{n}", str(sq))
    return sq


# ------------------------------------------------------------------ model
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
    moves : tuple of ndarray of shape (n_moves, 2), dtype int32
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
    moves: tuple[NDArray[np.int32], ...]
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
        if n > _MAX_STATES:
            raise param_error("n_states", func, f"an int <= {_MAX_STATES:,} (states are int32)",
                              f"{n:,}")
        dms = _state_form_decision_makers(moves, payoffs, decision_makers)
        edges = tuple(_move_array(moves[dm], dm, n) for dm in dms)
        columns = [_payoff_column(payoffs[dm], dm, n) for dm in dms]
        return cls(
            decision_makers=dms,
            payoffs=np.column_stack(columns),
            moves=edges,
            status_quo=_state_status_quo(status_quo, n),
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
            feasible, the status quo is infeasible, or one decision maker
            would have more than 2**28 states times combinations of its
            options to build its moves from (checked before allocating; the
            message names the size and the limit).

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
        return cls(**option_form(
            decision_makers, options, infeasible=infeasible, irreversible=irreversible,
            preferences=preferences, status_quo=status_quo,
        )._asdict())

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

    def _dm_index(self, dm: Any, name: str, func: str) -> int:
        """Return the index of decision maker ``dm`` (argument ``name`` of ``func``)."""
        if dm not in self.decision_makers:
            known = list(self.decision_makers)
            raise param_error(name, func, f"one of the decision makers {known}", short_repr(dm))
        return self.decision_makers.index(dm)

    # -------------------------------------------------------------- analysis
    def stability(self, concepts: str | Iterable[str] | None = None) -> GraphStability:
        """Compute the stability of every state for every decision maker under each concept.

        The concepts are those of the registry :data:`models.gmcr.CONCEPTS`
        (the built-in ones are defined in :mod:`models.gmcr.concepts`).
        Sanctions are legal sequences of moves by the decision makers other
        than the focal one, in which none moves twice in succession
        (:mod:`models.gmcr.reachability`).

        Parameters
        ----------
        concepts : str or iterable of str, optional
            Registered concepts (names or aliases) to compute; default every
            one.

        Returns
        -------
        GraphStability

        Raises
        ------
        ValueError
            If a concept is unknown.

        See Also
        --------
        models.gmcr.stability.stability : The function this method calls.

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
        return stability(self, concepts)

    def equilibria(self, concept: str = "R") -> tuple[int, ...]:
        """Return the states stable for every decision maker under ``concept``.

        Parameters
        ----------
        concept : str, default 'R'
            A registered stability concept (:data:`models.gmcr.CONCEPTS`), by
            name or alias, in any case.

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
        key = _resolve(concept, "GraphModel.equilibria")
        return stability(self, key).equilibria(key)

    def coalition_stability(
        self,
        coalitions: Iterable[Iterable[str]] | None = None,
        *,
        max_bytes: int = 256 * 2**20,
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
            Coalitions of two or more decision makers. Default: every one.
        max_bytes : int, default 256 MiB
            Bound on the working memory of the search beyond the moves (no
            ``n_states`` x ``n_states`` matrix is built; it needs about
            ``8 * n_states * (coalition size + 16)`` bytes). Smaller means
            smaller batches, never a different answer.

        Returns
        -------
        CoalitionStability

        Raises
        ------
        ValueError
            If a coalition names an unknown decision maker or has fewer than two
            members, or ``max_bytes`` is below the working memory the
            search needs (the message names that size and the number of
            states; checked before any allocation).

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
        return coalition_stability(self, coalitions, max_bytes=max_bytes)

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
        concept : str, default 'R'
            A registered stability concept (:data:`models.gmcr.CONCEPTS`), by
            name or alias: which equilibria to look for.
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
        return status_quo_analysis(self, concept, moves=moves, status_quo=status_quo)

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
        return moves_frame(self)

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
        return describe(self, states)

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
        return move_text(self, from_state, to_state)

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
        return states_frame(self)

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


