r"""Results of graph-model analyses: stability, coalitional stability, status quo paths.

Each is a frozen dataclass holding the model it came from, with
``.to_frame()`` (long form) and ``.plot(ax=None)``
(:func:`models.plotting.plot_graph_model`):

* :class:`GraphStability`: the table :math:`\sigma(s, i, c)` of
  :mod:`models.gmcr.stability`, one layer per registered concept;
* :class:`CoalitionStability`: coalitional Nash stability
  (:mod:`models.gmcr.coalitions`; Inohara and Hipel 2008);
* :class:`StatusQuoAnalysis`: the equilibria reachable from the status quo and
  a shortest legal path to each (:mod:`models.gmcr.status_quo`; Li, Kilgour and
  Hipel 2005; Xu et al. 2010).

References
----------
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

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from models._checks import check_int, param_error
from models._repr import compact_repr, frame_html, show_value
from models.gmcr.concepts import _resolve
from models.gmcr.reachability import legal_bfs, unilateral_moves

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from models.gmcr.model import GraphModel

__all__ = ["CoalitionStability", "GraphStability", "StatusQuoAnalysis"]


def _model_text(model: GraphModel) -> str:
    """One line naming a result's model, instead of its arrays."""
    return (f"GraphModel(decision_makers={show_value(model.decision_makers)}, "
            f"n_states={model.payoffs.shape[0]}, status_quo={model.status_quo})")


@dataclass(frozen=True, slots=True)
class GraphStability:
    """Stability of every state for every decision maker under the registered concepts.

    Attributes
    ----------
    model : GraphModel
    concepts : tuple of str
        The concepts computed, by registered name, in the order of the registry
        :data:`models.gmcr.CONCEPTS` (by default all of them).
    stable : ndarray of shape (n_states, n_decision_makers, n_concepts)
        ``stable[s - 1, i, c]``: state ``s`` is stable for decision maker ``i``
        under concept ``c``.

    Examples
    --------
    >>> from models.gmcr import GraphModel
    >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
    ...                            {"A": [0, 1], "B": [0, 1]})
    >>> m.stability().to_frame().query("concept == 'R' and state == 1")
       state decision_maker concept  stable
    0      1              A       R   False
    4      1              B       R    True
    """

    _repr_html_ = frame_html

    def __repr__(self) -> str:
        found = ", ".join(f"{c}: {show_value(self.equilibria(c))}" for c in self.concepts)
        return compact_repr(self, override={"model": _model_text(self.model)},
                            extra={"equilibria": "{" + found + "}"})

    model: GraphModel
    concepts: tuple[str, ...]
    stable: NDArray[np.bool_]

    def equilibria(self, concept: str = "R") -> tuple[int, ...]:
        """Return the states stable for every decision maker under ``concept``.

        Parameters
        ----------
        concept : str, default 'R'
            One of :attr:`concepts`, by name or alias (any case).

        Returns
        -------
        tuple of int

        Raises
        ------
        ValueError
            If ``concept`` is unknown or was not computed.

        Examples
        --------
        >>> from models.gmcr import GraphModel
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
        ...                            {"A": [0, 1], "B": [0, 1]}, status_quo=1)
        >>> m.stability().equilibria("SEQ")
        (2,)
        """
        c = self._layer(concept, "GraphStability.equilibria")
        return tuple(int(s) + 1 for s in np.flatnonzero(self.stable[:, :, c].all(axis=1)))

    def is_stable(self, state: int, decision_maker: str, concept: str = "R") -> bool:
        """Tell whether ``state`` is stable for ``decision_maker`` under ``concept``.

        Parameters
        ----------
        state : int
        decision_maker : str
        concept : str, default 'R'
            One of :attr:`concepts`, by name or alias (any case).

        Returns
        -------
        bool

        Raises
        ------
        ValueError
            If an argument is unknown.

        Examples
        --------
        >>> from models.gmcr import GraphModel
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
        ...                            {"A": [0, 1], "B": [0, 1]}, status_quo=1)
        >>> m.stability().is_stable(1, "A", "R")
        False
        """
        func = "GraphStability.is_stable"
        c = self._layer(concept, func)
        i = self.model._dm_index(decision_maker, "decision_maker", func)
        s = check_int(state, "state", func, low=1)
        if s > self.model.n_states:
            raise param_error("state", func, f"a state in 1..{self.model.n_states}", str(s))
        return bool(self.stable[s - 1, i, c])

    def _layer(self, concept: str, func: str) -> int:
        """Find the layer of a concept given by name or alias."""
        key = _resolve(concept, func)
        if key not in self.concepts:
            computed = list(self.concepts)
            raise param_error("concept", func, f"one of the concepts computed {computed}",
                              repr(concept))
        return self.concepts.index(key)

    def to_frame(self) -> pd.DataFrame:
        """Return the stability table in long form.

        Returns
        -------
        pandas.DataFrame
            Columns ``state``, ``decision_maker``, ``concept``, ``stable``.

        Examples
        --------
        >>> from models.gmcr import GraphModel
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
        >>> from models.gmcr import GraphModel
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
        ...                            {"A": [0, 1], "B": [0, 1]}, status_quo=1)
        >>> m.stability().plot(concept="GMR").get_title()
        'Graph model: GMR equilibria: 2 of 2 states'
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
    >>> from models.gmcr import GraphModel
    >>> m = GraphModel.from_states(
    ...     4, {"A": [(1, 2), (2, 1), (3, 4), (4, 3)], "B": [(1, 3), (3, 1), (2, 4), (4, 2)]},
    ...     {"A": [3, 4, 1, 2], "B": [3, 1, 4, 2]})
    >>> m.coalition_stability().stable[:, 0].tolist()
    [True, True, True, False]
    """

    _repr_html_ = frame_html

    def __repr__(self) -> str:
        return compact_repr(self, override={"model": _model_text(self.model)},
                            extra={"equilibria": show_value(self.equilibria())})

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
        >>> from models.gmcr import GraphModel
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
        >>> from models.gmcr import GraphModel
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
        moves = unilateral_moves(model.moves, model.payoffs)
        dist, _, _ = legal_bfs([moves[k] for k in idx], model.n_states, s - 1)
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
        >>> from models.gmcr import GraphModel
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
        >>> from models.gmcr import GraphModel
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
        ...                            {"A": [0, 1], "B": [0, 1]}, status_quo=1)
        >>> m.coalition_stability().plot().get_title()
        'Graph model: CNash equilibria: 1 of 2 states'
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
    >>> from models.gmcr import GraphModel
    >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
    ...                            {"A": [0, 1], "B": [0, 1]}, status_quo=1)
    >>> m.status_quo_analysis().reachable
    (2,)
    """

    _repr_html_ = frame_html

    def __repr__(self) -> str:
        return compact_repr(self, override={"model": _model_text(self.model)})

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
        >>> from models.gmcr import GraphModel
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
        >>> from models.gmcr import GraphModel
        >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
        ...                            {"A": [0, 1], "B": [0, 1]}, status_quo=1)
        >>> m.status_quo_analysis().plot().get_title().splitlines()[0]
        'Status quo analysis (R, improvements): 1 equilibrium of 2 states'
        """
        from models.plotting.gmcr import plot_graph_model

        return plot_graph_model(self, ax=ax, **kwargs)
