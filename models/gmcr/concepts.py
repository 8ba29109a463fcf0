r"""Stability concepts of the graph model: the registry ``{name: function}``.

**Stability of state** :math:`s` **for decision maker** :math:`i`, with
:math:`\bar H = N \setminus \{i\}` the sanctioning decision makers,
:math:`R_{\bar H}(s_1)` and :math:`R^+_{\bar H}(s_1)` their reachable lists by
legal sequences of moves and of improvements (:mod:`models.gmcr.reachability`),
and :math:`t \preceq_i s` meaning :math:`P_i(t) \le P_i(s)`:

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

GMR, SMR and SEQ share one shape, *sanction by the worst reachable state*: the
condition "there is :math:`s_2 \in R_{\bar H}(s_1)` with :math:`v(s_2) \le
P_i(s)`" equals :math:`\min_{s_2 \in R_{\bar H}(s_1)} v(s_2) \le P_i(s)`, with
:math:`v = P_i` for GMR and SEQ and :math:`v(s_2) = \max(P_i(s_2), \max_{s_3
\in R_i(s_2)} P_i(s_3))` for SMR, and the minimum comes for every
:math:`s_1` at once from :func:`models.gmcr.reachability.worst_reachable`.
:func:`sanction_stability` is that shared step.

**The registry.** :data:`CONCEPTS` maps each concept's name to a function
``concept(model, context) -> ndarray of shape (n_states, n_decision_makers)``
of booleans (stable or not), where ``context`` is a :class:`StabilityContext`
holding what every concept needs, computed once per model: the unilateral
moves and unilateral improvements of each decision maker and the
reachable-value search over legal sequences. A concept need not be "worst
reachable state": limited-move stability :math:`L_h` (Kilgour 1985; Zeng et al.
2006), which looks :math:`h` moves ahead, is a function of ``model.payoffs`` and
``context.moves`` returning the same table. Adding a concept is one function
and one entry: :func:`register_concept` (or, for a built-in, one line in
``_CONCEPTS`` below); :func:`models.gmcr.stability.stability`, the result
frames, the plot and :func:`models.analyze` read the registry. Names are matched
without regard to case; ``'Nash'`` is an alias of ``'R'``.

References
----------
Fang, L., Hipel, K. W., & Kilgour, D. M. (1993). *Interactive Decision Making:
The Graph Model for Conflict Resolution*. New York: Wiley.

Kilgour, D. M. (1985). Anticipation and stability in two-person noncooperative
games. In M. D. Ward & U. Luterbacher (Eds.), *Dynamic Models of International
Conflict* (pp. 26-51). Boulder, CO: Lynne Rienner.

Kilgour, D. M., & Hipel, K. W. (2005). The graph model for conflict resolution:
past, present, and future. *Group Decision and Negotiation*, 14(6), 441-460.

Zeng, D.-Z., Fang, L., Hipel, K. W., & Kilgour, D. M. (2006). Policy
equilibrium and generalized metarationalities for multiple decision-maker
conflicts. *IEEE Transactions on Systems, Man, and Cybernetics, Part A*,
36(3), 456-463.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import NDArray

from models._checks import param_error
from models.gmcr.reachability import (
    Blocks,
    Edges,
    block_min,
    improvement_blocks,
    improving,
    move_blocks,
    unilateral_moves,
    worst_reachable,
)

if TYPE_CHECKING:
    from models.gmcr.model import GraphModel

__all__ = [
    "CONCEPTS",
    "ConceptFunction",
    "StabilityContext",
    "general_metarationality",
    "nash_stability",
    "register_concept",
    "sanction_stability",
    "sequential_stability",
    "symmetric_metarationality",
    "unregister_concept",
]


# --------------------------------------------------------------------- context
@dataclass(frozen=True, slots=True)
class StabilityContext:
    r"""What every stability concept needs, computed once per model.

    Attributes
    ----------
    n_states : int
    moves : tuple of (ndarray, ndarray)
        For each decision maker, its unilateral moves as (source, target)
        arrays of states counted from 0, sources sorted.
    improvements : tuple of (ndarray, ndarray)
        The same, keeping only the unilateral improvements.
    move_blocks, improvement_blocks : tuple of Blocks or None
        The same moves and improvements as complete digraphs on blocks of
        states, for each decision maker whose moves have that form (option
        form with reversible options;
        :class:`~models.gmcr.reachability.Blocks`), else ``None``: the
        reachable-value search then costs :math:`O(n)` per sweep for that
        decision maker instead of :math:`O(\text{moves})`.

    Examples
    --------
    >>> from models.gmcr import GraphModel
    >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
    ...                            {"A": [0, 1], "B": [0, 1]})
    >>> ctx = StabilityContext.of(m)
    >>> [src.tolist() for src, _ in ctx.improvements]
    [[0], []]
    >>> ctx.worst_reachable(m.payoffs[:, 0], [1]).tolist()
    [inf, 0.0]
    """

    n_states: int
    moves: tuple[Edges, ...]
    improvements: tuple[Edges, ...]
    move_blocks: tuple[Blocks | None, ...] = ()
    improvement_blocks: tuple[Blocks | None, ...] = ()

    @classmethod
    def of(cls, model: GraphModel) -> StabilityContext:
        """Build the context of a model.

        Parameters
        ----------
        model : GraphModel

        Returns
        -------
        StabilityContext
        """
        n = model.n_states
        moves = tuple(unilateral_moves(model.moves, model.payoffs))
        blocks = tuple(move_blocks(src, dst, n) for src, dst in moves)
        return cls(
            n_states=n,
            moves=moves,
            improvements=tuple(improving(src, dst, model.payoffs[:, i])
                               for i, (src, dst) in enumerate(moves)),
            move_blocks=blocks,
            improvement_blocks=tuple(
                None if b is None else improvement_blocks(b, model.payoffs[:, i])
                for i, b in enumerate(blocks)
            ),
        )

    def worst_reachable(
        self, values: NDArray[np.float64], coalition: Iterable[int], *, improvements: bool = False
    ) -> NDArray[np.float64]:
        r"""Return :math:`\min_{t \in R_H(s)} v(t)` for every state ``s``.

        Parameters
        ----------
        values : ndarray of shape (n_states,)
            The value :math:`v` of each state.
        coalition : iterable of int
            The members of :math:`H` (decision maker indices).
        improvements : bool
            Use :math:`R_H^+` (legal sequences of unilateral improvements).

        Returns
        -------
        ndarray of shape (n_states,)
            ``inf`` where a state reaches nothing.
        """
        edges = self.improvements if improvements else self.moves
        shape = self.improvement_blocks if improvements else self.move_blocks
        members = list(coalition)
        return worst_reachable([edges[j] for j in members], values, self.n_states,
                               blocks=[shape[j] for j in members] if shape else None)


ConceptFunction = Callable[["GraphModel", StabilityContext], NDArray[np.bool_]]
"""``concept(model, context) -> ndarray of shape (n_states, n_decision_makers)``."""


# -------------------------------------------------------------------- concepts
def sanction_stability(
    model: GraphModel,
    context: StabilityContext,
    values: NDArray[np.float64],
    *,
    sanctions: Literal["moves", "improvements"] = "moves",
) -> NDArray[np.bool_]:
    r"""Stability when every unilateral improvement must be sanctioned by the worst reachable state.

    State :math:`s` is stable for :math:`i` when for every :math:`s_1 \in
    R_i^+(s)` the others reach from :math:`s_1` a state :math:`s_2` with
    :math:`v_i(s_2) \le P_i(s)`; the GMR, SMR and SEQ concepts are this with
    different :math:`v` and sanctions.

    Parameters
    ----------
    model : GraphModel
    context : StabilityContext
    values : ndarray of shape (n_states, n_decision_makers)
        :math:`v_i(s_2)`, the value to decision maker :math:`i` of the
        sanctioning state (its payoff for GMR and SEQ).
    sanctions : {'moves', 'improvements'}
        Whether the others sanction by legal sequences of any unilateral moves
        (GMR, SMR) or of unilateral improvements only (SEQ).

    Returns
    -------
    ndarray of shape (n_states, n_decision_makers), dtype bool

    Examples
    --------
    >>> from models.gmcr import GraphModel
    >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
    ...                            {"A": [0, 1], "B": [0, 1]})
    >>> sanction_stability(m, StabilityContext.of(m), m.payoffs).tolist()
    [[True, True], [True, True]]
    """
    n, m = model.payoffs.shape
    stable = np.ones((n, m), dtype=bool)
    for i in range(m):
        others = [j for j in range(m) if j != i]
        worst = context.worst_reachable(
            values[:, i], others, improvements=sanctions == "improvements"
        )
        us, ud = context.improvements[i]
        step = 2**20
        for lo in range(0, us.size, step):  # in chunks: no temporary per move
            s, t = us[lo:lo + step], ud[lo:lo + step]
            stable[s[worst[t] > model.payoffs[s, i]], i] = False
    return stable


def nash_stability(model: GraphModel, context: StabilityContext) -> NDArray[np.bool_]:
    r"""Nash (R) stability: no unilateral improvement, :math:`R_i^+(s) = \emptyset`.

    Parameters
    ----------
    model : GraphModel
    context : StabilityContext

    Returns
    -------
    ndarray of shape (n_states, n_decision_makers), dtype bool

    Examples
    --------
    >>> from models.gmcr import GraphModel
    >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
    ...                            {"A": [0, 1], "B": [0, 1]})
    >>> nash_stability(m, StabilityContext.of(m)).tolist()
    [[False, True], [True, True]]
    """
    stable = np.ones(model.payoffs.shape, dtype=bool)
    for i, (us, _) in enumerate(context.improvements):
        stable[us, i] = False
    return stable


def general_metarationality(model: GraphModel, context: StabilityContext) -> NDArray[np.bool_]:
    """General metarationality (GMR): every improvement is sanctioned by some legal sequence.

    Parameters
    ----------
    model : GraphModel
    context : StabilityContext

    Returns
    -------
    ndarray of shape (n_states, n_decision_makers), dtype bool

    Examples
    --------
    >>> from models.gmcr import GraphModel
    >>> m = GraphModel.from_states(
    ...     4, {"A": [(1, 2), (2, 1), (3, 4), (4, 3)], "B": [(1, 3), (3, 1), (2, 4), (4, 2)]},
    ...     {"A": [3, 4, 1, 2], "B": [3, 1, 4, 2]})
    >>> general_metarationality(m, StabilityContext.of(m)).all(axis=1).tolist()
    [True, False, False, True]
    """
    return sanction_stability(model, context, model.payoffs)


def symmetric_metarationality(model: GraphModel, context: StabilityContext) -> NDArray[np.bool_]:
    """Symmetric metarationality (SMR): sanctioned even after the focal decision maker's reply.

    The value of a sanctioning state is the best the focal decision maker can
    make of it in one more move of its own.

    Parameters
    ----------
    model : GraphModel
    context : StabilityContext

    Returns
    -------
    ndarray of shape (n_states, n_decision_makers), dtype bool

    Examples
    --------
    >>> from models.gmcr import GraphModel
    >>> m = GraphModel.from_states(
    ...     4, {"A": [(1, 2), (2, 1), (3, 4), (4, 3)], "B": [(1, 3), (3, 1), (2, 4), (4, 2)]},
    ...     {"A": [3, 4, 1, 2], "B": [3, 1, 4, 2]})
    >>> symmetric_metarationality(m, StabilityContext.of(m)).all(axis=1).tolist()
    [True, False, False, True]
    """
    replies = model.payoffs.copy()
    for i, (src, dst) in enumerate(context.moves):
        blocks = context.move_blocks[i] if context.move_blocks else None
        if blocks is not None:
            replies[:, i] = np.maximum(model.payoffs[:, i],
                                       -block_min(blocks, -model.payoffs[:, i]))
            continue
        best = model.payoffs[:, i].copy()
        if src.size:
            starts = np.flatnonzero(np.r_[True, src[1:] != src[:-1]])
            rows = src[starts]
            best[rows] = np.maximum(best[rows],
                                    np.maximum.reduceat(model.payoffs[dst, i], starts))
        replies[:, i] = best
    return sanction_stability(model, context, replies)


def sequential_stability(model: GraphModel, context: StabilityContext) -> NDArray[np.bool_]:
    """Sequential stability (SEQ): every improvement is sanctioned by the others' improvements.

    Parameters
    ----------
    model : GraphModel
    context : StabilityContext

    Returns
    -------
    ndarray of shape (n_states, n_decision_makers), dtype bool

    Examples
    --------
    >>> from models.gmcr import GraphModel
    >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
    ...                            {"A": [0, 1], "B": [0, 1]})
    >>> sequential_stability(m, StabilityContext.of(m)).tolist()
    [[False, True], [True, True]]
    """
    return sanction_stability(model, context, model.payoffs, sanctions="improvements")


# -------------------------------------------------------------------- registry
# Adding a built-in concept: one function above and one entry here (an alias in
# _ALIASES and a plot title in _TITLES are optional).
_CONCEPTS: dict[str, ConceptFunction] = {
    "R": nash_stability,
    "GMR": general_metarationality,
    "SMR": symmetric_metarationality,
    "SEQ": sequential_stability,
}
_ALIASES: dict[str, str] = {"Nash": "R"}
_TITLES: dict[str, str] = {"R": "Nash"}
_BUILT_IN = frozenset(_CONCEPTS)

CONCEPTS: Mapping[str, ConceptFunction] = MappingProxyType(_CONCEPTS)
"""The registry: each stability concept's name and function, in computing order."""


def _lookup() -> dict[str, str]:
    table = {name.lower(): name for name in _CONCEPTS}
    table.update({alias.lower(): name for alias, name in _ALIASES.items()})
    return table


def _choices() -> str:
    """List the concepts as an error message does: ``'R' (or 'Nash'), 'GMR', ...``."""
    parts = []
    for name in _CONCEPTS:
        aliases = [repr(a) for a, target in _ALIASES.items() if target == name]
        parts.append(repr(name) + (f" (or {', '.join(aliases)})" if aliases else ""))
    return "one of " + ", ".join(parts)


def _resolve(name: Any, func: str) -> str:
    """Return the registered name of concept ``name`` (case-insensitive, aliases allowed)."""
    key = _lookup().get(name.lower()) if isinstance(name, str) else None
    if key is None:
        raise param_error("concept", func, _choices(), repr(name))
    return key


def _title(name: str) -> str:
    """Return the concept's name in titles (``'Nash'`` for ``'R'``)."""
    return _TITLES.get(name, name)


def register_concept(
    name: str,
    function: ConceptFunction,
    *,
    aliases: Sequence[str] = (),
    title: str | None = None,
) -> ConceptFunction:
    """Add a stability concept to the registry.

    Every analysis reads the registry, so the new concept appears in
    :meth:`GraphModel.stability <models.gmcr.GraphModel.stability>`, its
    ``equilibria``, ``to_frame`` and plot, and in :func:`models.analyze`.

    Parameters
    ----------
    name : str
        The concept's name; must differ (ignoring case) from every registered
        name and alias.
    function : callable
        ``function(model, context)`` returning an ndarray of shape (n_states,
        n_decision_makers) of booleans: whether each state is stable for each
        decision maker. ``context`` is a :class:`StabilityContext`.
    aliases : sequence of str
        Other names accepted for it.
    title : str, optional
        Its name in plot titles (default ``name``).

    Returns
    -------
    callable
        ``function``, unchanged.

    Raises
    ------
    ValueError
        If a name or alias is taken or empty, or ``function`` is not callable.

    Examples
    --------
    >>> from models.gmcr import GraphModel
    >>> def never(model, context):
    ...     return np.zeros((model.n_states, model.n_decision_makers), dtype=bool)
    >>> _ = register_concept("NEVER", never)
    >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
    ...                            {"A": [0, 1], "B": [0, 1]})
    >>> m.stability().concepts
    ('R', 'GMR', 'SMR', 'SEQ', 'NEVER')
    >>> unregister_concept("NEVER")
    >>> m.stability().concepts
    ('R', 'GMR', 'SMR', 'SEQ')
    """
    func = "register_concept"
    if not callable(function):
        raise param_error("function", func, "a callable function(model, context)",
                          repr(function))
    taken = _lookup()
    for kind, label in [("name", name), *(("aliases", a) for a in aliases)]:
        if not isinstance(label, str) or not label:
            raise param_error(kind, func, "a non-empty str", repr(label))
        if label.lower() in taken:
            raise param_error(kind, func, "a name no registered concept uses",
                              f"{label!r}, a name of {taken[label.lower()]!r}")
        taken[label.lower()] = name
    _CONCEPTS[name] = function
    _ALIASES.update({a: name for a in aliases})
    if title is not None:
        _TITLES[name] = title
    return function


def unregister_concept(name: str) -> None:
    """Remove a concept added by :func:`register_concept`, with its aliases.

    Parameters
    ----------
    name : str
        Its name or an alias.

    Raises
    ------
    ValueError
        If ``name`` is unknown or one of the built-in concepts.

    Examples
    --------
    >>> unregister_concept("GMR")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: The 'name' parameter ... a concept added by register_concept. Got 'GMR' instead.
    """
    func = "unregister_concept"
    key = _lookup().get(name.lower()) if isinstance(name, str) else None
    if key is None or key in _BUILT_IN:
        raise param_error("name", func, "a concept added by register_concept", repr(name))
    del _CONCEPTS[key]
    _TITLES.pop(key, None)
    for alias in [a for a, target in _ALIASES.items() if target == key]:
        del _ALIASES[alias]
