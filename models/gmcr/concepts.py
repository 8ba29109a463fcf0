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
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np
from numpy.typing import NDArray

from models._checks import param_error
from models._repr import compact_repr
from models.gmcr.reachability import (
    Blocks,
    Edges,
    block_min,
    improvement_blocks,
    move_blocks,
    unilateral_moves,
    worst_reachable,
)

if TYPE_CHECKING:
    from models.gmcr.model import GraphModel

__all__ = [
    "CONCEPTS",
    "ConceptFunction",
    "DerivedMoves",
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
class DerivedMoves(Sequence[Edges]):
    """Each decision maker's unilateral moves (or improvements), from 0, derived on access.

    A sequence with one ``(source, target)`` pair of arrays per decision
    maker, computed from the model's 1-based moves when asked for, so that the
    0-based copies (8 bytes per move) are not held for decision makers whose
    moves are also held as :class:`~models.gmcr.blocks.Blocks` (``keep`` false):
    the analyses use the blocks and never ask. The others are computed once and
    kept.

    Parameters
    ----------
    moves : sequence of ndarray of shape (n_moves, 2)
        The model's moves (from 1, sources sorted).
    payoffs : ndarray of shape (n_states, n_decision_makers)
    improvements : bool
        Keep only the unilateral improvements.
    keep : sequence of bool
        For each decision maker, whether to keep its arrays once computed.

    Examples
    --------
    >>> d = DerivedMoves([np.array([[1, 2], [2, 1]])], np.array([[0.0], [1.0]]),
    ...                  improvements=True, keep=[False])
    >>> len(d), [a.tolist() for a in d[0]]
    (1, [[0], [1]])
    """

    __slots__ = ("_cache", "_improvements", "_keep", "_moves", "_payoffs")

    def __init__(
        self,
        moves: Sequence[NDArray[np.int32]],
        payoffs: NDArray[np.float64],
        *,
        improvements: bool,
        keep: Sequence[bool],
    ) -> None:
        self._moves = tuple(moves)
        self._payoffs = payoffs
        self._improvements = improvements
        self._keep = tuple(keep)
        self._cache: dict[int, Edges] = {}

    def __len__(self) -> int:
        return len(self._moves)

    @overload
    def __getitem__(self, index: int) -> Edges: ...

    @overload
    def __getitem__(self, index: slice) -> list[Edges]: ...

    def __getitem__(self, index: int | slice) -> Edges | list[Edges]:
        if isinstance(index, slice):
            return [self[i] for i in range(len(self))[index]]
        i = range(len(self))[index]
        found = self._cache.get(i)
        if found is not None:
            return found
        edges = unilateral_moves([self._moves[i]], self._payoffs[:, i:i + 1],
                                 improvements=self._improvements)[0]
        if self._keep[i]:
            self._cache[i] = edges
        return edges


@dataclass(frozen=True, slots=True)
class StabilityContext:
    r"""What every stability concept needs, computed once per model.

    Attributes
    ----------
    n_states : int
    moves : sequence of (ndarray, ndarray)
        For each decision maker, its unilateral moves as (source, target)
        arrays of states counted from 0, sources sorted (built by :meth:`of`
        as a :class:`DerivedMoves`: computed on access, and kept only for the
        decision makers without blocks).
    improvements : sequence of (ndarray, ndarray)
        The same, keeping only the unilateral improvements.
    move_blocks, improvement_blocks : tuple of Blocks or None
        The same moves and improvements as complete digraphs on blocks of
        states, for each decision maker whose moves have that form (option
        form with reversible options;
        :class:`~models.gmcr.blocks.Blocks`), else ``None``: the
        analyses then cost :math:`O(n)` per sweep for that decision maker
        instead of :math:`O(\text{moves})` and read no move arrays.

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

    __repr__ = compact_repr

    n_states: int
    moves: Sequence[Edges]
    improvements: Sequence[Edges]
    move_blocks: tuple[Blocks | None, ...] = ()
    improvement_blocks: tuple[Blocks | None, ...] = ()

    @classmethod
    def of(cls, model: GraphModel) -> StabilityContext:
        r"""Build the context of a model.

        Memory beyond the model is :math:`O(n)` per decision maker whose
        moves form blocks, and :math:`O(\text{moves})` for the others; one
        decision maker's 0-based moves are held at a time while the blocks
        are found.

        Parameters
        ----------
        model : GraphModel

        Returns
        -------
        StabilityContext
        """
        n = model.n_states
        blocks = []
        for i in range(model.n_decision_makers):
            src, dst = unilateral_moves([model.moves[i]], model.payoffs[:, i:i + 1])[0]
            blocks.append(move_blocks(src, dst, n))
            del src, dst
        keep = [b is None for b in blocks]
        return cls(
            n_states=n,
            moves=DerivedMoves(model.moves, model.payoffs, improvements=False, keep=keep),
            improvements=DerivedMoves(model.moves, model.payoffs, improvements=True, keep=keep),
            move_blocks=tuple(blocks),
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
        held = [shape[j] if shape else None for j in members]
        empty: Edges = (np.empty(0, np.int32), np.empty(0, np.int32))
        return worst_reachable([edges[j] if b is None else empty
                                for j, b in zip(members, held, strict=True)],
                               values, self.n_states, blocks=held)


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
        imp = context.improvement_blocks[i] if context.improvement_blocks else None
        if imp is not None:  # the best sanction-free improvement: a prefix of the block
            stable[:, i] = -block_min(imp, -worst) <= model.payoffs[:, i]
            continue
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
    for i in range(model.n_decision_makers):
        imp = context.improvement_blocks[i] if context.improvement_blocks else None
        if imp is not None and imp.tie is not None:  # improvements first: none before tie
            stable[:, i] = imp.tie % imp.grid.shape[1] == 0
            continue
        stable[context.improvements[i][0], i] = False
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
    for i in range(model.n_decision_makers):
        blocks = context.move_blocks[i] if context.move_blocks else None
        if blocks is not None:
            replies[:, i] = np.maximum(model.payoffs[:, i],
                                       -block_min(blocks, -model.payoffs[:, i]))
            continue
        src, dst = context.moves[i]
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
