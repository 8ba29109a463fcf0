r"""Sequential games of perfect information: game trees, backward induction, SPE.

A finite game tree has decision nodes, where a player :math:`i(h)` picks an
action :math:`a \in A(h)`; chance nodes, where nature draws an outcome with
fixed probabilities :math:`\pi_h(a)`; and terminal nodes :math:`z` with a
payoff :math:`u_i(z)` for every player. *Backward induction* gives every node
:math:`h` a value vector :math:`v(h)`:

.. math::

    v(z) = u(z), \qquad
    v(h) = \sum_a \pi_h(a)\, v(h a) \ \text{(chance)}, \qquad
    v(h) = v\bigl(h\, a^*(h)\bigr),\ a^*(h) \in \arg\max_{a \in A(h)} v_{i(h)}(h a)
    \ \text{(decision)},

and the actions :math:`a^*(h)`, chosen at *every* decision node including
those off the equilibrium path, form a subgame-perfect equilibrium (Selten
1965; Kuhn 1953; Fudenberg and Tirole 1991, sec. 3.5): a strategy profile
that is a Nash equilibrium in every subgame. Only threats a player would
carry out once called upon survive; the incumbent's threat to fight every
entrant in Selten's (1978) chain-store game does not. A scenario's threat
role gives such a tree (:mod:`models.games.threat`).

References
----------
.. [1] Kuhn, H. W. (1953). Extensive games and the problem of information.
   In *Contributions to the Theory of Games II*, 193-216.
.. [2] Selten, R. (1965). Spieltheoretische Behandlung eines Oligopolmodells
   mit Nachfrageträgheit. *Zeitschrift für die gesamte Staatswissenschaft*,
   121, 301-324.
.. [3] Selten, R. (1978). The chain store paradox. *Theory and Decision*, 9,
   127-159.
.. [4] Fudenberg, D., & Tirole, J. (1991). *Game Theory*. MIT Press.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from models._checks import check_int, check_real, param_error
from models._repr import compact_repr, frame_html

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "ChanceNode",
    "DecisionNode",
    "GameTree",
    "SubgamePerfectEquilibrium",
    "TerminalNode",
    "backward_induction",
    "backward_induction_batch",
    "subgame_perfect_equilibria",
]

_PROB_ATOL = 1e-9


# ------------------------------------------------------------------------- nodes
def _frozen_mapping(value: Any, what: str) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise TypeError(f"{what} must be a mapping. Got {type(value).__name__} instead.")
    return MappingProxyType(dict(value))


@dataclass(frozen=True, slots=True)
class DecisionNode:
    """A node where ``player`` chooses one of the ``actions``.

    Parameters
    ----------
    player : str
        The player who moves (one of the tree's players).
    actions : mapping of str to str
        Action label -> id of the node it leads to, in order (the order
        breaks ties in :func:`backward_induction`).

    Examples
    --------
    >>> DecisionNode("Entrant", {"in": "enter", "out": "stay_out"}).player
    'Entrant'
    """

    __repr__ = compact_repr

    player: str
    actions: Mapping[str, str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "actions", _frozen_mapping(self.actions, "actions"))


@dataclass(frozen=True, slots=True)
class ChanceNode:
    """A node where nature draws an outcome.

    Parameters
    ----------
    actions : mapping of str to str
        Outcome label -> id of the node it leads to.
    probabilities : mapping of str to float
        Outcome label -> probability; the probabilities are in [0, 1] and sum to 1.

    Examples
    --------
    >>> ChanceNode({"win": "w", "lose": "l"}, {"win": 0.6, "lose": 0.4}).probabilities["win"]
    0.6
    """

    __repr__ = compact_repr

    actions: Mapping[str, str]
    probabilities: Mapping[str, float]

    def __post_init__(self) -> None:
        object.__setattr__(self, "actions", _frozen_mapping(self.actions, "actions"))
        object.__setattr__(
            self, "probabilities", _frozen_mapping(self.probabilities, "probabilities")
        )


@dataclass(frozen=True, slots=True)
class TerminalNode:
    """An end of the game with a payoff for every player.

    Parameters
    ----------
    payoffs : mapping of str to float
        Player -> payoff.

    Examples
    --------
    >>> TerminalNode({"A": 1, "B": 0}).payoffs["A"]
    1
    """

    __repr__ = compact_repr

    payoffs: Mapping[str, float]

    def __post_init__(self) -> None:
        object.__setattr__(self, "payoffs", _frozen_mapping(self.payoffs, "payoffs"))


Node = DecisionNode | ChanceNode | TerminalNode


def _finite_number(value: Any) -> bool:
    try:
        return not isinstance(value, bool) and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


def _check_chance(node_id: str, node: ChanceNode) -> None:
    """Check for one probability per outcome, each in [0, 1], summing to 1."""
    for action in node.actions:
        if action not in node.probabilities:
            raise ValueError(f"Node {node_id!r}: outcome {action!r} has no probability.")
    for action, prob in node.probabilities.items():
        if action not in node.actions:
            raise ValueError(
                f"Node {node_id!r} gives a probability to unknown outcome {action!r}."
            )
        if not _finite_number(prob) or not 0.0 <= float(prob) <= 1.0:
            raise ValueError(
                f"Node {node_id!r}: the probability of {action!r} must be in [0, 1]. "
                f"Got {prob!r} instead."
            )
    total = math.fsum(float(p) for p in node.probabilities.values())
    if abs(total - 1.0) > _PROB_ATOL:
        raise ValueError(f"Node {node_id!r}: probabilities sum to {total:g}, not 1.")


# -------------------------------------------------------------------------- tree
@dataclass(frozen=True, slots=True)
class GameTree:
    """A finite game of perfect information, checked when built.

    Parameters
    ----------
    players : sequence of str
        The players, in the order of payoff columns.
    nodes : mapping of str to DecisionNode, ChanceNode or TerminalNode
        Every node by id.
    root : str
        The id of the first node.

    Attributes
    ----------
    node_ids : tuple of str
        The nodes in depth-first (pre-)order from the root, children in their
        listed order; arrays over nodes follow this order.
    parents : mapping of str to (str, str)
        Node -> (parent id, action label leading to it); the root has none.

    Raises
    ------
    ValueError
        Naming the node: an unknown player at a decision node, a node with no
        actions, an action leading to an unknown node, a missing or
        non-finite payoff, a payoff for an unknown player, chance
        probabilities outside [0, 1] or not summing to 1, a cycle, a node with
        two parents, a node not reachable from the root, or an unknown root.
    TypeError
        If a node is not a DecisionNode, ChanceNode or TerminalNode.

    Examples
    --------
    >>> tree = GameTree(
    ...     players=("Entrant", "Incumbent"),
    ...     root="start",
    ...     nodes={
    ...         "start": DecisionNode("Entrant", {"out": "o", "in": "i"}),
    ...         "i": DecisionNode("Incumbent", {"fight": "f", "accommodate": "a"}),
    ...         "o": TerminalNode({"Entrant": 0, "Incumbent": 2}),
    ...         "f": TerminalNode({"Entrant": -1, "Incumbent": -1}),
    ...         "a": TerminalNode({"Entrant": 1, "Incumbent": 1}),
    ...     },
    ... )
    >>> tree.node_ids
    ('start', 'o', 'i', 'f', 'a')
    """

    __repr__ = compact_repr

    players: tuple[str, ...]
    nodes: Mapping[str, Node]
    root: str
    node_ids: tuple[str, ...] = field(init=False)
    parents: Mapping[str, tuple[str, str]] = field(init=False)

    def __post_init__(self) -> None:
        players = tuple(self.players) if not isinstance(self.players, str) else ()
        if not players or not all(isinstance(p, str) for p in players):
            raise ValueError(
                f"The players of a game tree must be a non-empty sequence of str. "
                f"Got {self.players!r} instead."
            )
        if len(set(players)) != len(players):
            raise ValueError(f"The players of a game tree repeat: {players!r}.")
        object.__setattr__(self, "players", players)
        object.__setattr__(self, "nodes", _frozen_mapping(self.nodes, "The nodes of a game tree"))
        for node_id, node in self.nodes.items():
            self._check_node(node_id, node)
        if self.root not in self.nodes:
            raise ValueError(f"The root {self.root!r} is not a node of the game tree.")
        order, parents = self._walk()
        unreachable = [n for n in self.nodes if n not in parents and n != self.root]
        if unreachable:
            raise ValueError(
                f"Node {unreachable[0]!r} is not reachable from the root {self.root!r}."
            )
        object.__setattr__(self, "node_ids", tuple(order))
        object.__setattr__(self, "parents", MappingProxyType(parents))

    def _check_node(self, node_id: str, node: Any) -> None:
        if not isinstance(node, DecisionNode | ChanceNode | TerminalNode):
            raise TypeError(
                f"Node {node_id!r} must be a DecisionNode, ChanceNode or TerminalNode. "
                f"Got {type(node).__name__} instead."
            )
        if isinstance(node, TerminalNode):
            self._check_terminal(node_id, node)
            return
        self._check_actions(node_id, node)
        if isinstance(node, DecisionNode):
            if node.player not in self.players:
                raise ValueError(
                    f"Node {node_id!r} is moved by unknown player {node.player!r} "
                    f"(players: {', '.join(map(repr, self.players))})."
                )
            return
        _check_chance(node_id, node)

    def _check_terminal(self, node_id: str, node: TerminalNode) -> None:
        """Check for a finite payoff for every player and none for anyone else."""
        for player in self.players:
            if player not in node.payoffs:
                raise ValueError(f"Node {node_id!r} has no payoff for player {player!r}.")
            if not _finite_number(node.payoffs[player]):
                raise ValueError(
                    f"Node {node_id!r} has a payoff for {player!r} that is not a finite "
                    f"number: {node.payoffs[player]!r}."
                )
        extra = [p for p in node.payoffs if p not in self.players]
        if extra:
            raise ValueError(
                f"Node {node_id!r} gives a payoff to unknown player {extra[0]!r} "
                f"(players: {', '.join(map(repr, self.players))})."
            )

    def _check_actions(self, node_id: str, node: DecisionNode | ChanceNode) -> None:
        """Check for at least one action, each leading to a node of the tree."""
        if not node.actions:
            raise ValueError(f"Node {node_id!r} has no actions.")
        for action, child in node.actions.items():
            if child not in self.nodes:
                raise ValueError(
                    f"Node {node_id!r}: action {action!r} leads to unknown node {child!r}."
                )

    def _walk(self) -> tuple[list[str], dict[str, tuple[str, str]]]:
        order: list[str] = []
        parents: dict[str, tuple[str, str]] = {}
        on_stack: list[str] = []
        stack: list[tuple[str, Iterator[tuple[str, str]]]] = []

        def enter(node_id: str) -> None:
            order.append(node_id)
            on_stack.append(node_id)
            stack.append((node_id, iter(self._edges(node_id))))

        enter(self.root)
        while stack:
            node_id, edges = stack[-1]
            step = next(edges, None)
            if step is None:
                stack.pop()
                on_stack.pop()
                continue
            action, child = step
            if child in on_stack:
                cycle = [*on_stack[on_stack.index(child) :], child]
                raise ValueError(
                    f"The game tree has a cycle through node {child!r}: {' -> '.join(cycle)}."
                )
            if child in parents or child == self.root:
                first = parents[child][0] if child in parents else "(root)"
                raise ValueError(
                    f"Node {child!r} is reached from both {first!r} and {node_id!r}; "
                    f"each node of a game tree has one parent."
                )
            parents[child] = (node_id, action)
            enter(child)
        return order, parents

    def _edges(self, node_id: str) -> list[tuple[str, str]]:
        node = self.nodes[node_id]
        return [] if isinstance(node, TerminalNode) else list(node.actions.items())

    # ------------------------------------------------------------------ queries
    def children(self, node_id: str) -> tuple[str, ...]:
        """Return the ids of a node's children, in action order.

        Raises
        ------
        KeyError
            If there is no such node.
        """
        return tuple(child for _, child in self._edges(self._known(node_id)))

    def depth(self, node_id: str) -> int:
        """Return the number of moves from the root to ``node_id``.

        Raises
        ------
        KeyError
            If there is no such node.
        """
        depth = 0
        node_id = self._known(node_id)
        while node_id in self.parents:
            node_id = self.parents[node_id][0]
            depth += 1
        return depth

    def _known(self, node_id: str) -> str:
        if node_id not in self.nodes:
            raise KeyError(f"no node {node_id!r} in the game tree")
        return node_id

    @property
    def decision_nodes(self) -> tuple[str, ...]:
        """The ids of the decision nodes, in :attr:`node_ids` order."""
        return tuple(n for n in self.node_ids if isinstance(self.nodes[n], DecisionNode))

    @property
    def terminal_nodes(self) -> tuple[str, ...]:
        """The ids of the terminal nodes, in :attr:`node_ids` order."""
        return tuple(n for n in self.node_ids if isinstance(self.nodes[n], TerminalNode))

    def payoff_array(self) -> NDArray[np.float64]:
        """Return the terminal payoffs, ndarray of shape (n_terminals, n_players).

        Rows follow :attr:`terminal_nodes`, columns :attr:`players`.
        """
        rows = [
            [float(self._terminal(n).payoffs[p]) for p in self.players]
            for n in self.terminal_nodes
        ]
        return np.asarray(rows, dtype=np.float64).reshape(len(rows), len(self.players))

    def _terminal(self, node_id: str) -> TerminalNode:
        node = self.nodes[node_id]
        if not isinstance(node, TerminalNode):
            raise KeyError(f"node {node_id!r} is not terminal")
        return node

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the tree; see :func:`models.plotting.plot_game_tree`."""
        from models.plotting.games import plot_game_tree

        return plot_game_tree(self, ax=ax, **kwargs)


# --------------------------------------------------------- backward induction
def backward_induction_batch(
    tree: GameTree, payoffs: NDArray[np.float64], atol: float
) -> tuple[NDArray[np.float64], dict[str, NDArray[np.int64]], dict[str, NDArray[np.bool_]]]:
    """Solve one tree for a batch of terminal payoffs by backward induction.

    The array-level core of :func:`backward_induction`: the tree's shape is
    fixed and every row of ``payoffs`` is solved at once, node by node from
    the leaves up, with the same tie rule (the first action within ``atol``
    of the best).

    Parameters
    ----------
    tree : GameTree
        The game; its terminal payoffs are ignored.
    payoffs : ndarray of shape (n_batch, n_terminals, n_players)
        Terminal payoffs, terminals in :attr:`GameTree.terminal_nodes` order
        and players in :attr:`GameTree.players` order.
    atol : float
        Values within ``atol`` of the best count as ties.

    Returns
    -------
    values : ndarray of shape (n_batch, n_nodes, n_players)
        Every node's value, nodes in :attr:`GameTree.node_ids` order.
    choice : dict of str to ndarray of int of shape (n_batch,)
        The chosen action's index at each decision node.
    tied : dict of str to ndarray of bool of shape (n_batch,)
        Whether the mover at each decision node was indifferent.

    Examples
    --------
    >>> tree = GameTree(("A",), {
    ...     "r": DecisionNode("A", {"l": "x", "r": "y"}),
    ...     "x": TerminalNode({"A": 0}), "y": TerminalNode({"A": 0})}, root="r")
    >>> values, choice, tied = backward_induction_batch(
    ...     tree, np.array([[[1.0], [2.0]], [[3.0], [2.0]]]), 1e-9)
    >>> choice["r"], values[:, 0, 0]
    (array([1, 0]), array([2., 3.]))
    """
    n_batch = payoffs.shape[0]
    index = {n: k for k, n in enumerate(tree.node_ids)}
    values = np.zeros((n_batch, len(tree.node_ids), len(tree.players)))
    for k, terminal in enumerate(tree.terminal_nodes):
        values[:, index[terminal], :] = payoffs[:, k, :]
    choice: dict[str, NDArray[np.int64]] = {}
    tied: dict[str, NDArray[np.bool_]] = {}
    rows = np.arange(n_batch)
    for node_id in reversed(tree.node_ids):
        node = tree.nodes[node_id]
        if isinstance(node, TerminalNode):
            continue
        kids = [index[c] for c in node.actions.values()]
        child_values = values[:, kids, :]
        if isinstance(node, ChanceNode):
            probs = np.array([float(node.probabilities[a]) for a in node.actions])
            values[:, index[node_id], :] = np.einsum("k,bkp->bp", probs, child_values)
            continue
        mover = child_values[:, :, tree.players.index(node.player)]
        best = mover.max(axis=1, keepdims=True)
        optimal = mover >= best - atol
        pick = np.argmax(optimal, axis=1).astype(np.int64)
        choice[node_id] = pick
        tied[node_id] = optimal.sum(axis=1) > 1
        values[:, index[node_id], :] = child_values[rows, pick, :]
    return values, choice, tied


def _reach(tree: GameTree, strategy: Mapping[str, str]) -> NDArray[np.float64]:
    index = {n: k for k, n in enumerate(tree.node_ids)}
    reach = np.zeros(len(tree.node_ids))
    reach[index[tree.root]] = 1.0
    for node_id in tree.node_ids:  # parents come before children in pre-order
        node = tree.nodes[node_id]
        here = reach[index[node_id]]
        if isinstance(node, DecisionNode):
            reach[index[node.actions[strategy[node_id]]]] = here
        elif isinstance(node, ChanceNode):
            for action, child in node.actions.items():
                reach[index[child]] = here * float(node.probabilities[action])
    return reach


def _evaluate(tree: GameTree, strategy: Mapping[str, str]) -> NDArray[np.float64]:
    index = {n: k for k, n in enumerate(tree.node_ids)}
    values = np.zeros((len(tree.node_ids), len(tree.players)))
    for node_id in reversed(tree.node_ids):
        node = tree.nodes[node_id]
        if isinstance(node, TerminalNode):
            values[index[node_id]] = [float(node.payoffs[p]) for p in tree.players]
        elif isinstance(node, DecisionNode):
            values[index[node_id]] = values[index[node.actions[strategy[node_id]]]]
        else:
            for action, child in node.actions.items():
                values[index[node_id]] += float(node.probabilities[action]) * values[index[child]]
    return values


@dataclass(frozen=True, slots=True)
class SubgamePerfectEquilibrium:
    """A pure subgame-perfect equilibrium of a game tree.

    Attributes
    ----------
    tree : GameTree
        The game.
    strategy : mapping of str to str
        The action chosen at every decision node, on and off the path.
    values : ndarray of shape (n_nodes, n_players)
        The expected payoffs from every node on (rows follow
        ``tree.node_ids``, columns ``tree.players``).
    reach : ndarray of shape (n_nodes,)
        The probability of reaching each node in equilibrium.
    ties : tuple of str
        The decision nodes where the mover was indifferent between two or more
        best actions (the first listed was taken).
    """

    _repr_html_ = frame_html

    __repr__ = compact_repr

    tree: GameTree
    strategy: Mapping[str, str]
    values: NDArray[np.float64]
    reach: NDArray[np.float64]
    ties: tuple[str, ...]

    @property
    def path(self) -> tuple[str, ...]:
        """The nodes reached with positive probability, in pre-order (the equilibrium path)."""
        return tuple(n for n, r in zip(self.tree.node_ids, self.reach, strict=True) if r > 0)

    @property
    def payoffs(self) -> dict[str, float]:
        """The expected equilibrium payoff of each player (the root's value)."""
        return {p: float(v) for p, v in zip(self.tree.players, self.values[0], strict=True)}

    def value(self, node_id: str) -> dict[str, float]:
        """Return the expected payoffs from ``node_id`` on, by player.

        Raises
        ------
        KeyError
            If there is no such node.
        """
        row = self.tree.node_ids.index(self.tree._known(node_id))
        return {p: float(v) for p, v in zip(self.tree.players, self.values[row], strict=True)}

    def to_frame(self) -> pd.DataFrame:
        """Return one row per node and player.

        Returns
        -------
        pandas.DataFrame
            Columns ``node, kind, mover, action, depth, reach, on_path, player,
            value``; ``action`` is the equilibrium action at decision nodes and
            empty elsewhere.
        """
        rows = []
        for k, node_id in enumerate(self.tree.node_ids):
            node = self.tree.nodes[node_id]
            kind = {DecisionNode: "decision", ChanceNode: "chance", TerminalNode: "terminal"}[
                type(node)
            ]
            mover = node.player if isinstance(node, DecisionNode) else ""
            for j, player in enumerate(self.tree.players):
                rows.append({
                    "node": node_id, "kind": kind, "mover": mover,
                    "action": self.strategy.get(node_id, ""),
                    "depth": self.tree.depth(node_id), "reach": float(self.reach[k]),
                    "on_path": bool(self.reach[k] > 0), "player": player,
                    "value": float(self.values[k, j]),
                })
        return pd.DataFrame(rows)

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the tree and the equilibrium; see :func:`models.plotting.plot_game_tree`."""
        from models.plotting.games import plot_game_tree

        return plot_game_tree(self, ax=ax, **kwargs)


def _result(
    tree: GameTree, strategy: Mapping[str, str], ties: Sequence[str]
) -> SubgamePerfectEquilibrium:
    strategy = MappingProxyType({n: strategy[n] for n in tree.decision_nodes})
    return SubgamePerfectEquilibrium(
        tree=tree, strategy=strategy, values=_evaluate(tree, strategy),
        reach=_reach(tree, strategy), ties=tuple(ties),
    )


def _check_tree(tree: Any, func: str) -> GameTree:
    if not isinstance(tree, GameTree):
        raise TypeError(
            f"The 'tree' parameter of {func} must be a GameTree. "
            f"Got {type(tree).__name__} instead."
        )
    return tree


def backward_induction(tree: GameTree, *, atol: float = 1e-9) -> SubgamePerfectEquilibrium:
    """Solve a game of perfect information by backward induction.

    Every decision node, on or off the equilibrium path, gets the action that
    maximises its mover's value given the choices below it; chance nodes
    average their children. Ties (values within ``atol`` of the best) go to
    the action listed first at the node, and the node is reported in
    ``ties``; :func:`subgame_perfect_equilibria` lists every pure
    equilibrium instead.

    Parameters
    ----------
    tree : GameTree
    atol : float, default 1e-9
        Values within ``atol`` of the best count as ties, >= 0.

    Returns
    -------
    SubgamePerfectEquilibrium

    Raises
    ------
    TypeError
        If ``tree`` is not a GameTree.
    ValueError
        If ``atol`` is negative.

    Examples
    --------
    Selten's entry game: the incumbent's threat to fight is not credible.

    >>> tree = GameTree(("E", "I"), {
    ...     "start": DecisionNode("E", {"out": "o", "in": "i"}),
    ...     "i": DecisionNode("I", {"fight": "f", "accommodate": "a"}),
    ...     "o": TerminalNode({"E": 0, "I": 2}),
    ...     "f": TerminalNode({"E": -1, "I": -1}),
    ...     "a": TerminalNode({"E": 1, "I": 1})}, root="start")
    >>> spe = backward_induction(tree)
    >>> dict(spe.strategy), spe.path, spe.payoffs
    ({'start': 'in', 'i': 'accommodate'}, ('start', 'i', 'a'), {'E': 1.0, 'I': 1.0})

    References
    ----------
    .. [1] Kuhn, H. W. (1953). Extensive games and the problem of information.
    .. [2] Selten, R. (1965). Spieltheoretische Behandlung eines Oligopolmodells
       mit Nachfrageträgheit. *Zeitschrift für die gesamte Staatswissenschaft*, 121.
    .. [3] Fudenberg, D., & Tirole, J. (1991). *Game Theory*. MIT Press, sec. 3.5.
    """
    func = "backward_induction"
    tree = _check_tree(tree, func)
    atol = check_real(atol, "atol", func, low=0)
    _, choice, tied = backward_induction_batch(tree, tree.payoff_array()[None], atol)
    strategy = {
        n: list(tree.nodes[n].actions)[int(choice[n][0])]  # type: ignore[union-attr]
        for n in tree.decision_nodes
    }
    return _result(tree, strategy, [n for n in tree.decision_nodes if bool(tied[n][0])])


def subgame_perfect_equilibria(
    tree: GameTree, *, atol: float = 1e-9, max_equilibria: int = 1000
) -> tuple[SubgamePerfectEquilibrium, ...]:
    """Return every pure subgame-perfect equilibrium of a game of perfect information.

    Without ties there is exactly one, the one :func:`backward_induction`
    finds. With ties, each best action at a node starts a separate branch of
    the enumeration, and what an indifferent player picks can change the
    values, and so the choices, above it. The first equilibrium listed is the
    one :func:`backward_induction` returns.

    Parameters
    ----------
    tree : GameTree
    atol : float, default 1e-9
        Values within ``atol`` of the best count as ties, >= 0.
    max_equilibria : int, default 1000
        Stop with an error when a subtree has more equilibria than this, >= 1.

    Returns
    -------
    tuple of SubgamePerfectEquilibrium

    Raises
    ------
    TypeError
        If ``tree`` is not a GameTree.
    ValueError
        If the count exceeds ``max_equilibria`` or an argument is out of range.

    Examples
    --------
    >>> tree = GameTree(("A", "B"), {
    ...     "r": DecisionNode("A", {"left": "x", "right": "y"}),
    ...     "x": TerminalNode({"A": 1, "B": 0}),
    ...     "y": TerminalNode({"A": 1, "B": 5})}, root="r")
    >>> [dict(e.strategy) for e in subgame_perfect_equilibria(tree)]
    [{'r': 'left'}, {'r': 'right'}]

    References
    ----------
    .. [1] Fudenberg, D., & Tirole, J. (1991). *Game Theory*. MIT Press, sec. 3.5.
    """
    func = "subgame_perfect_equilibria"
    tree = _check_tree(tree, func)
    atol = check_real(atol, "atol", func, low=0)
    max_equilibria = check_int(max_equilibria, "max_equilibria", func, low=1)
    # For each node: the list of (strategy in its subtree, ties, value vector).
    sub: dict[str, list[tuple[dict[str, str], tuple[str, ...], NDArray[np.float64]]]] = {}
    for node_id in reversed(tree.node_ids):
        node = tree.nodes[node_id]
        if isinstance(node, TerminalNode):
            payoff = np.array([float(node.payoffs[p]) for p in tree.players])
            sub[node_id] = [({}, (), payoff)]
            continue
        options = []
        actions = list(node.actions)
        for combo in itertools.product(*(sub[c] for c in node.actions.values())):
            strategy: dict[str, str] = {}
            ties: tuple[str, ...] = ()
            for part, part_ties, _ in combo:
                strategy.update(part)
                ties += part_ties
            child_values = np.array([v for _, _, v in combo])
            if isinstance(node, ChanceNode):
                probs = np.array([float(node.probabilities[a]) for a in actions])
                options.append((strategy, ties, probs @ child_values))
            else:
                mover = child_values[:, tree.players.index(node.player)]
                best = np.flatnonzero(mover >= mover.max() - atol)
                here = (node_id,) if best.size > 1 else ()
                for k in best:
                    options.append(
                        ({**strategy, node_id: actions[k]}, here + ties, child_values[k])
                    )
            if len(options) > max_equilibria:
                raise param_error(
                    "max_equilibria", func,
                    f"at least the number of equilibria of the subtree at {node_id!r}",
                    f"{max_equilibria} < {len(options)}+",
                )
        sub[node_id] = options
    order = {n: k for k, n in enumerate(tree.node_ids)}
    return tuple(
        _result(tree, strategy, sorted(set(ties), key=order.__getitem__))
        for strategy, ties, _ in sub[tree.root]
    )
