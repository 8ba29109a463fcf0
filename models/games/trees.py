r"""Sequential games of perfect information, backward induction and credible threats.

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
entrant in Selten's (1978) chain-store game does not.

**The sanctions threat.** Schelling (1960) asked when a threat commits. In
:func:`sanctions_threat_game` the United States (U) first threatens
sanctions or not; Russia (R) then agrees to a ceasefire or fights on; if it
fights on after a threat, the US imposes sanctions or backs down. Payoffs
are measured relative to the war going on with no threat (0 for both), in
shares of the contested stakes:

.. math::

    \begin{array}{lcc}
    \text{outcome} & u_U & u_R \\
    \text{ceasefire} & b_U & 0 \\
    \text{war, no threat} & 0 & g_R \\
    \text{war, threat, sanctions} & -\delta_U s_U & g_R - \delta_R s_R \\
    \text{war, threat, backing down} & -a_U & g_R
    \end{array}

where :math:`b_U` is the US value of a ceasefire, :math:`g_R` Russia's net
gain from fighting on rather than freezing the line, :math:`s_U, s_R` the
costs of sanctions to the US and to Russia, felt from the next period on and
so discounted by :math:`\delta_U, \delta_R`, and :math:`a_U` the audience
cost of backing down from a public threat (Fearon 1994). By backward
induction the threat is *credible* iff :math:`a_U > \delta_U s_U`; Russia
agrees to a ceasefire without any threat iff :math:`g_R < 0`, and otherwise
a credible threat *deters* iff :math:`g_R < \delta_R s_R`; the US threatens
in equilibrium iff the threat turns war into a ceasefire (ties go to the
status quo: no threat, fighting on, backing down). A threat that is not
credible has no effect, as in the chain store (:func:`threat_credibility`
scans these conditions over grids or draws of the parameters, solving each
tree by backward induction).

References
----------
.. [1] Schelling, T. C. (1960). *The Strategy of Conflict*. Harvard
   University Press.
.. [2] Selten, R. (1978). The chain store paradox. *Theory and Decision*, 9,
   127-159.
.. [3] Fudenberg, D., & Tirole, J. (1991). *Game Theory*. MIT Press.
.. [4] Kuhn, H. W. (1953). Extensive games and the problem of information.
   In *Contributions to the Theory of Games II*, 193-216.
.. [5] Selten, R. (1965). Spieltheoretische Behandlung eines Oligopolmodells
   mit Nachfrageträgheit. *Zeitschrift für die gesamte Staatswissenschaft*,
   121, 301-324.
.. [6] Fearon, J. D. (1994). Domestic political audiences and the escalation
   of international disputes. *American Political Science Review*, 88(3),
   577-592.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from models._checks import check_array, check_int, check_real, param_error
from models._repr import compact_repr

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from positions import Scenario

__all__ = [
    "ChanceNode",
    "DecisionNode",
    "GameTree",
    "SubgamePerfectEquilibrium",
    "TerminalNode",
    "ThreatCredibility",
    "backward_induction",
    "sanctions_threat_game",
    "subgame_perfect_equilibria",
    "threat_credibility",
    "threat_parameters",
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

    payoffs: Mapping[str, float]

    def __post_init__(self) -> None:
        object.__setattr__(self, "payoffs", _frozen_mapping(self.payoffs, "payoffs"))


Node = DecisionNode | ChanceNode | TerminalNode


def _finite_number(value: Any) -> bool:
    try:
        return not isinstance(value, bool) and math.isfinite(float(value))
    except (TypeError, ValueError):
        return False


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
            return
        if not node.actions:
            raise ValueError(f"Node {node_id!r} has no actions.")
        for action, child in node.actions.items():
            if child not in self.nodes:
                raise ValueError(
                    f"Node {node_id!r}: action {action!r} leads to unknown node {child!r}."
                )
        if isinstance(node, DecisionNode):
            if node.player not in self.players:
                raise ValueError(
                    f"Node {node_id!r} is moved by unknown player {node.player!r} "
                    f"(players: {', '.join(map(repr, self.players))})."
                )
            return
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
def _solve_batch(
    tree: GameTree, payoffs: NDArray[np.float64], atol: float
) -> tuple[NDArray[np.float64], dict[str, NDArray[np.int64]], dict[str, NDArray[np.bool_]]]:
    """Backward induction for a batch of terminal payoffs.

    ``payoffs`` has shape (n_batch, n_terminals, n_players). Returns the node
    values (n_batch, n_nodes, n_players), the chosen action index at each
    decision node (n_batch,) and whether the mover was indifferent (n_batch,).
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
    _, choice, tied = _solve_batch(tree, tree.payoff_array()[None], atol)
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


# --------------------------------------------------------- the sanctions threat
_THREAT_PLAYERS = ("USA", "RUS")
_PROPOSITION = "four_regions_2025"

_FROM_SCENARIO = {
    "war_cost_rus": "war_cost_RUS",
    "sanctions_cost_usa": "sanctions_cost_USA",
    "sanctions_cost_rus": "sanctions_cost_RUS",
    "discount_usa": "discount_USA",
    "discount_rus": "discount_RUS",
    "audience_cost_usa": "audience_cost_USA",
}
"""Threat-game inputs read from the scenario's parameters (name -> parameter id)."""

_DEFAULTS = {
    "audience_cost_usa": 0.02,
    "ceasefire_value_usa": 1.0,
    "ceasefire_share_rus": 0.8,
}
"""Threat-game inputs the scenario does not define, with their documented defaults."""

_MODEL_INPUTS = (
    "war_gain_rus", "sanctions_cost_usa", "sanctions_cost_rus", "discount_usa",
    "discount_rus", "audience_cost_usa", "ceasefire_value_usa",
)
_INGREDIENTS = ("p_rus", "ceasefire_share_rus", "war_cost_rus")
_ALL_INPUTS = _MODEL_INPUTS + _INGREDIENTS
_UNIT_INTERVAL = ("discount_usa", "discount_rus", "p_rus", "ceasefire_share_rus")
_NONNEGATIVE = ("sanctions_cost_usa", "sanctions_cost_rus", "audience_cost_usa", "war_cost_rus")

# Action order breaks ties: an indifferent player keeps to the status quo
# (no threat, fighting on, backing down).
_THREAT_ACTIONS = {
    "usa_threat": ("USA", {"no threat": "rus_free", "threaten": "rus_threatened"}),
    "rus_threatened": ("RUS", {"continue": "usa_follow", "ceasefire": "ceasefire_threat"}),
    "usa_follow": ("USA", {"back down": "back_down", "sanction": "sanctions"}),
    "rus_free": ("RUS", {"continue": "war", "ceasefire": "ceasefire_free"}),
}
_TERMINAL_OUTCOME = {
    "ceasefire_threat": "ceasefire", "sanctions": "sanctions", "back_down": "back_down",
    "ceasefire_free": "ceasefire", "war": "war",
}


def _threat_tree(payoffs: Mapping[str, tuple[float, float]]) -> GameTree:
    nodes: dict[str, Node] = {
        node_id: DecisionNode(player, actions)
        for node_id, (player, actions) in _THREAT_ACTIONS.items()
    }
    for node_id, outcome in _TERMINAL_OUTCOME.items():
        usa, rus = payoffs[outcome]
        nodes[node_id] = TerminalNode({"USA": usa, "RUS": rus})
    return GameTree(players=_THREAT_PLAYERS, nodes=nodes, root="usa_threat")


def _threat_payoffs(v: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    gain = v["war_gain_rus"]
    zero = gain * 0.0
    return {
        "ceasefire": (v["ceasefire_value_usa"] + zero, zero),
        "war": (zero, gain),
        "sanctions": (-v["discount_usa"] * v["sanctions_cost_usa"] + zero,
                      gain - v["discount_rus"] * v["sanctions_cost_rus"]),
        "back_down": (-v["audience_cost_usa"] + zero, gain),
    }


def _scenario_value(scenario: Scenario, name: str, func: str) -> float | None:
    """Return an input from the scenario, or None when the scenario lacks it."""
    if name == "p_rus":
        beliefs = [b for b in scenario.beliefs_about(_PROPOSITION) if b.holder == "RUS"]
        return float(beliefs[0].probability.value) if beliefs else None
    if name == "ceasefire_share_rus":
        issue = next((i for i in scenario.issues if i.id == "territory"), None)
        if issue is None:
            return None
        low, high = issue.scale.low, issue.scale.high
        return float((issue.status_quo.value - low) / (high - low))
    if name not in _FROM_SCENARIO:
        return None
    parameter = next((p for p in scenario.parameters if p.id == _FROM_SCENARIO[name]), None)
    return None if parameter is None else float(parameter.value.value)


def _threat_inputs(
    scenario: Scenario | None, overrides: Mapping[str, Any], func: str
) -> dict[str, NDArray[np.float64]]:
    unknown = sorted(set(overrides) - set(_ALL_INPUTS))
    if unknown:
        raise TypeError(
            f"{func}() got an unexpected keyword argument {unknown[0]!r}; "
            f"the parameters are {', '.join(_ALL_INPUTS)}."
        )
    values: dict[str, NDArray[np.float64]] = {}
    for name, value in overrides.items():
        arr = check_array(value, name, func).astype(np.float64)
        if name in _UNIT_INTERVAL and arr.size and (arr.min() < 0 or arr.max() > 1):
            raise param_error(name, func, "in [0, 1]", f"{arr.min():g}..{arr.max():g}")
        if name in _NONNEGATIVE and arr.size and arr.min() < 0:
            raise param_error(name, func, "non-negative", f"{arr.min():g}")
        values[name] = arr
    need = [n for n in _MODEL_INPUTS if n not in values]
    if "war_gain_rus" in need:
        need = [n for n in need if n != "war_gain_rus"]
        need += [n for n in _INGREDIENTS if n not in values]
    for name in need:
        found = None if scenario is None else _scenario_value(scenario, name, func)
        if found is None:
            found = _DEFAULTS.get(name)
        if found is None:
            where = "the scenario has no value for it" if scenario else "no scenario is given"
            raise ValueError(f"{func} needs {name}=... ({where}).")
        values[name] = np.asarray(found, dtype=np.float64)
    if "war_gain_rus" not in values:
        values["war_gain_rus"] = (
            values["p_rus"] * (1.0 - values["ceasefire_share_rus"]) - values["war_cost_rus"]
        )
    try:
        arrays = np.broadcast_arrays(*values.values())
    except ValueError:
        shapes = ", ".join(f"{k}{np.shape(v)}" for k, v in values.items())
        raise ValueError(
            f"The parameters of {func} must broadcast to one shape. Got {shapes} instead."
        ) from None
    return {k: np.array(a) for k, a in zip(values, arrays, strict=True)}


def threat_parameters(scenario: Scenario | None = None, **overrides: float) -> dict[str, float]:
    """Return the inputs of the sanctions-threat game, from a scenario and overrides.

    Each input is taken, in this order, from ``overrides``, from the scenario,
    or from a documented default. From the scenario: ``p_rus``, Russia's own
    belief that it takes the four regions (the ``RUS`` belief about the
    proposition ``four_regions_2025``); ``war_cost_rus``,
    ``sanctions_cost_usa``, ``sanctions_cost_rus``, ``discount_usa``,
    ``discount_rus`` and ``audience_cost_usa``, the point values of the
    parameters ``war_cost_RUS``, ``sanctions_cost_USA``, ``sanctions_cost_RUS``,
    ``discount_USA``, ``discount_RUS`` and ``audience_cost_USA``; and
    ``ceasefire_share_rus``, the share of its claim Russia keeps under a
    ceasefire on the current line, the status quo of the ``territory`` issue
    rescaled to [0, 1] (default 0.8). Defaults where a scenario lacks them:
    ``audience_cost_usa`` 0.02, the cost to the US of backing down from a
    public threat (Fearon 1994; the built-in scenario
    codes it, with its evidence, as ``audience_cost_USA``); and
    ``ceasefire_value_usa`` (default 1.0), the US value of a ceasefire, whose
    sign alone matters for the equilibrium. Russia's net gain from fighting on
    rather than freezing the line is
    ``war_gain_rus = p_rus * (1 - ceasefire_share_rus) - war_cost_rus``
    unless given. All are shares of the stakes (the contested settlement = 1)
    except the monthly discount factors, applied once because sanctions bite
    from the next month on.

    Parameters
    ----------
    scenario : Scenario, optional
        Without one, every scenario input must be given as an override.
    **overrides : float
        Any of ``war_gain_rus, sanctions_cost_usa, sanctions_cost_rus,
        discount_usa, discount_rus, audience_cost_usa, ceasefire_value_usa,
        p_rus, ceasefire_share_rus, war_cost_rus``.

    Returns
    -------
    dict of str to float

    Raises
    ------
    TypeError
        For an unknown override.
    ValueError
        If an input is missing, out of range or not a scalar.

    Examples
    --------
    >>> v = threat_parameters(p_rus=0.8, war_cost_rus=0.1, sanctions_cost_usa=0.2,
    ...                       sanctions_cost_rus=0.3, discount_usa=0.9, discount_rus=0.9)
    >>> round(v["war_gain_rus"], 6)  # 0.8 * (1 - 0.8) - 0.1
    0.06
    """
    func = "threat_parameters"
    values = _threat_inputs(scenario, overrides, func)
    for name, arr in values.items():
        if arr.ndim:
            raise param_error(name, func, "a scalar", f"an array of shape {arr.shape}")
    return {k: float(v) for k, v in values.items()}


def sanctions_threat_game(scenario: Scenario | None = None, **overrides: float) -> GameTree:
    """Build the game of the US threat of sanctions against Russia.

    The US moves first (``no threat`` or ``threaten``); Russia then fights on
    (``continue``) or agrees to a ``ceasefire``; after a threat that Russia
    defies, the US imposes sanctions (``sanction``) or ``back down``. Payoffs
    are those of the module docstring, built from :func:`threat_parameters`.
    Actions are listed status quo first, so :func:`backward_induction` breaks
    ties toward not threatening, fighting on and backing down: a threat is
    credible only if the US strictly prefers to carry it out.

    Parameters
    ----------
    scenario : Scenario, optional
        The source of the parameters (e.g. ``positions.load("ukraine-ceasefire-2025-05")``).
    **overrides : float
        As in :func:`threat_parameters`.

    Returns
    -------
    GameTree
        Players ``("USA", "RUS")``, root ``"usa_threat"``.

    Raises
    ------
    TypeError, ValueError
        As :func:`threat_parameters`.

    Examples
    --------
    >>> tree = sanctions_threat_game(war_gain_rus=0.1, sanctions_cost_usa=0.2,
    ...     sanctions_cost_rus=0.3, discount_usa=1.0, discount_rus=1.0, audience_cost_usa=0.1)
    >>> spe = backward_induction(tree)
    >>> spe.strategy["usa_follow"], spe.path[-1]
    ('back down', 'war')

    References
    ----------
    .. [1] Schelling, T. C. (1960). *The Strategy of Conflict*. Harvard University Press.
    .. [2] Selten, R. (1978). The chain store paradox. *Theory and Decision*, 9, 127-159.
    """
    values = threat_parameters(scenario, **overrides)
    return _threat_tree(_threat_payoffs(values))


@dataclass(frozen=True, slots=True)
class ThreatCredibility:
    """Where the US threat of sanctions is credible and where it deters.

    Every array has the broadcast shape of the inputs: a grid ``(n_y, n_x)``
    or draws ``(n_draws,)``.

    Attributes
    ----------
    parameters : mapping of str to ndarray
        The inputs (:func:`threat_parameters`'s names), broadcast.
    credible : ndarray of bool
        The US strictly prefers sanctions to backing down once Russia defies a
        threat (the subgame-perfect choice at ``usa_follow``).
    deters : ndarray of bool
        A threat turns Russia from fighting on to a ceasefire.
    threatens : ndarray of bool
        The US threatens in equilibrium.
    ceasefire : ndarray of bool
        The equilibrium outcome is a ceasefire.
    region : ndarray of int
        Index into :attr:`REGIONS`: 0 not credible (war goes on), 1 credible
        but Russia fights on anyway, 2 credible and deters, 3 Russia agrees to
        a ceasefire without a threat.
    usa_value, rus_value : ndarray
        Equilibrium payoffs.
    """

    __repr__ = compact_repr

    REGIONS: ClassVar[tuple[str, ...]] = (
        "not credible", "credible, does not deter", "credible, deters", "ceasefire anyway",
    )

    parameters: Mapping[str, NDArray[np.float64]]
    credible: NDArray[np.bool_]
    deters: NDArray[np.bool_]
    threatens: NDArray[np.bool_]
    ceasefire: NDArray[np.bool_]
    region: NDArray[np.int64]
    usa_value: NDArray[np.float64]
    rus_value: NDArray[np.float64]

    @property
    def credibility_margin(self) -> NDArray[np.float64]:
        r""":math:`a_U - \delta_U s_U`: how much more the US loses by backing down."""
        v = self.parameters
        return np.asarray(
            v["audience_cost_usa"] - v["discount_usa"] * v["sanctions_cost_usa"], dtype=np.float64
        )

    @property
    def deterrence_margin(self) -> NDArray[np.float64]:
        r""":math:`\delta_R s_R - g_R`: how much sanctions outweigh Russia's gain from fighting."""
        v = self.parameters
        return np.asarray(
            v["discount_rus"] * v["sanctions_cost_rus"] - v["war_gain_rus"], dtype=np.float64
        )

    def shares(self) -> dict[str, float]:
        """Return the share of grid points or draws in each region.

        Returns
        -------
        dict of str to float
        """
        counts = np.bincount(np.ravel(self.region), minlength=len(self.REGIONS))
        total = max(int(self.region.size), 1)
        return {name: float(c) / total for name, c in zip(self.REGIONS, counts, strict=True)}

    def to_frame(self) -> pd.DataFrame:
        """Return one row per grid point or draw.

        Returns
        -------
        pandas.DataFrame
            Columns ``point``, the parameters, ``credible, deters, threatens,
            ceasefire, region, usa_value, rus_value``.
        """
        columns: dict[str, Any] = {k: np.ravel(v) for k, v in self.parameters.items()}
        columns |= {
            "credible": np.ravel(self.credible), "deters": np.ravel(self.deters),
            "threatens": np.ravel(self.threatens), "ceasefire": np.ravel(self.ceasefire),
            "region": np.asarray(self.REGIONS, dtype=object)[np.ravel(self.region)],
            "usa_value": np.ravel(self.usa_value), "rus_value": np.ravel(self.rus_value),
        }
        frame = pd.DataFrame(columns)
        frame.insert(0, "point", np.arange(len(frame)))
        return frame

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the regions; see :func:`models.plotting.plot_threat_credibility`."""
        from models.plotting.games import plot_threat_credibility

        return plot_threat_credibility(self, ax=ax, **kwargs)


def threat_credibility(
    scenario: Scenario | None = None, *, atol: float = 1e-9, **parameters: ArrayLike
) -> ThreatCredibility:
    r"""Scan the sanctions threat's parameters for where it is credible and where it deters.

    Each parameter may be a scalar or an array (a grid from
    :func:`numpy.meshgrid`, or draws with a leading sample axis); the arrays
    broadcast together, the missing ones come from the scenario (or the
    defaults of :func:`threat_parameters`), and the game of
    :func:`sanctions_threat_game` is solved by backward induction at every
    point at once. In closed form the threat is credible iff
    :math:`a_U > \delta_U s_U`, deters iff it is credible and
    :math:`0 \le g_R < \delta_R s_R`, and Russia agrees to a ceasefire
    without one iff :math:`g_R < 0`.

    Parameters
    ----------
    scenario : Scenario, optional
    atol : float, default 1e-9
        Tie tolerance of the backward induction, >= 0.
    **parameters : array_like
        Any of the names of :func:`threat_parameters`.

    Returns
    -------
    ThreatCredibility

    Raises
    ------
    TypeError
        For an unknown parameter name.
    ValueError
        If a parameter is missing, out of range, or the shapes do not broadcast.

    Examples
    --------
    >>> a, s = np.meshgrid(np.linspace(0, 0.5, 6), np.linspace(0, 0.5, 6))
    >>> res = threat_credibility(audience_cost_usa=a, sanctions_cost_usa=s,
    ...     war_gain_rus=0.1, sanctions_cost_rus=0.3, discount_usa=1.0, discount_rus=1.0)
    >>> res.credible.shape, bool((res.credible == (a > s)).all())
    ((6, 6), True)

    References
    ----------
    .. [1] Schelling, T. C. (1960). *The Strategy of Conflict*. Harvard University Press.
    .. [2] Selten, R. (1978). The chain store paradox. *Theory and Decision*, 9, 127-159.
    .. [3] Fearon, J. D. (1994). Domestic political audiences and the escalation
       of international disputes. *American Political Science Review*, 88(3), 577-592.
    """
    func = "threat_credibility"
    atol = check_real(atol, "atol", func, low=0)
    values = _threat_inputs(scenario, parameters, func)
    shape = values["war_gain_rus"].shape
    flat = {k: v.ravel() for k, v in values.items()}
    outcome_payoffs = _threat_payoffs(flat)
    tree = _threat_tree({k: (0.0, 0.0) for k in outcome_payoffs})
    n = int(np.prod(shape)) if shape else 1
    payoffs = np.empty((n, len(tree.terminal_nodes), 2))
    for k, terminal in enumerate(tree.terminal_nodes):
        usa, rus = outcome_payoffs[_TERMINAL_OUTCOME[terminal]]
        payoffs[:, k, 0] = usa
        payoffs[:, k, 1] = rus
    node_values, choice, _ = _solve_batch(tree, payoffs, atol)

    def picks(node_id: str, action: str) -> NDArray[np.bool_]:
        actions = list(_THREAT_ACTIONS[node_id][1])
        return np.asarray(choice[node_id] == actions.index(action))

    credible = picks("usa_follow", "sanction")
    free_ceasefire = picks("rus_free", "ceasefire")
    deters = picks("rus_threatened", "ceasefire") & ~free_ceasefire
    threatens = picks("usa_threat", "threaten")
    ceasefire = np.where(threatens, picks("rus_threatened", "ceasefire"), free_ceasefire)
    region = np.where(free_ceasefire, 3, np.where(deters, 2, np.where(credible, 1, 0)))
    return ThreatCredibility(
        parameters=MappingProxyType(values),
        credible=credible.reshape(shape),
        deters=deters.reshape(shape),
        threatens=threatens.reshape(shape),
        ceasefire=ceasefire.reshape(shape),
        region=region.astype(np.int64).reshape(shape),
        usa_value=node_values[:, 0, 0].reshape(shape),
        rus_value=node_values[:, 0, 1].reshape(shape),
    )
