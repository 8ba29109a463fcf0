r"""The results of the bargaining solvers: frozen, with ``to_frame`` and ``plot``.

For a finite problem :math:`(U, d)` with :math:`U \in \mathbb{R}^{n \times m}`
a solution is an outcome index :math:`x^*` (a row of :math:`U`) with its
utilities :math:`u(x^*)` and the set :math:`T` of outcomes that tie with it on
the solution's primary criterion (:class:`Solution`); on a continuous outcome
space, a point :math:`x^* \in \prod_k [a_k, b_k]` found by optimisation with
its convergence report (:class:`ContinuousSolution`). Rubinstein's
alternating-offers game gives the first and second mover's shares
:math:`(x^*, \pi - x^*)` of the pie :math:`\pi` (:class:`RubinsteinResult`).

References
----------
.. [1] Osborne, M. J. and Rubinstein, A. (1990). *Bargaining and Markets*.
   Academic Press. Chapters 2 (axiomatic solutions) and 3 (alternating offers).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from models._repr import compact_repr, frame_html
from models.bargaining._inputs import FloatArray, IntArray

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["ContinuousSolution", "RubinsteinResult", "Solution"]


@dataclass(frozen=True, slots=True, eq=False)
class Solution:
    """A bargaining solution on a discrete set of outcomes.

    Attributes
    ----------
    name : str
        The solution concept: a name of :data:`models.bargaining.SOLUTIONS`
        (``"nash"``, ``"kalai_smorodinsky"``, ...).
    index : int
        The chosen outcome (a row of ``U``).
    utilities : ndarray of shape (n_actors,)
        ``U[index]``.
    ties : ndarray of shape (n_ties,)
        Every outcome that attains the optimal value of the solution's
        objective before tie-breaking, sorted; ``index`` is one of them.
    disagreement : ndarray of shape (n_actors,) or None
        The disagreement point the solution was computed for (None for a
        solution that ignores it, such as the utilitarian one, or when none
        was given).

    Notes
    -----
    Tie-breaking uses the utilities only: among tied outcomes the solution
    prefers, in turn, the larger objective refinement of its concept (see
    :mod:`models.bargaining.axiomatic`), the larger utilitarian sum, the
    leximin-larger vector of gains, the lexicographically larger utility
    vector in actor order and finally the lower index (exact duplicates).
    Reordering the outcomes therefore returns the same utilities, and
    reordering the actors permutes them, except when two tied outcomes differ
    only by which actor gets which gain (then no order-free rule exists and
    the actor order decides).

    Examples
    --------
    >>> from models.bargaining import solve
    >>> sol = solve([[1.0, 4.0], [2.0, 3.0], [4.0, 1.0]], [0.0, 0.0], solution="nash")
    >>> sol.index, sol.utilities.tolist(), sol.ties.tolist()
    (1, [2.0, 3.0], [1])
    >>> sol.to_frame()["utility"].tolist()
    [2.0, 3.0]
    """

    __repr__ = compact_repr
    _repr_html_ = frame_html

    name: str
    index: int
    utilities: FloatArray
    ties: IntArray
    disagreement: FloatArray | None = None

    def to_frame(self) -> pd.DataFrame:
        """Return the solution in long form, one row per actor.

        Returns
        -------
        pandas.DataFrame
            Columns ``solution``, ``index``, ``actor``, ``utility`` and
            ``disagreement`` (NaN when there is none).

        Examples
        --------
        >>> from models.bargaining import solve
        >>> solve([[1.0, 2.0], [3.0, 1.0]], solution="utilitarian").to_frame().shape
        (2, 5)
        """
        n_actors = self.utilities.shape[0]
        d = (
            np.full(n_actors, np.nan)
            if self.disagreement is None
            else np.asarray(self.disagreement, dtype=float)
        )
        return pd.DataFrame(
            {
                "solution": [self.name] * n_actors,
                "index": [self.index] * n_actors,
                "actor": np.arange(n_actors),
                "utility": np.asarray(self.utilities, dtype=float),
                "disagreement": d,
            }
        )

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw each actor's utility at the solution (see :func:`models.plotting.plot_solution`).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw; a new figure is made when None.
        **kwargs
            Passed on to :func:`models.plotting.plot_solution`.

        Returns
        -------
        matplotlib.axes.Axes
        """
        from models.plotting.bargaining import plot_solution

        return plot_solution(self, ax=ax, **kwargs)


@dataclass(frozen=True, slots=True, eq=False)
class ContinuousSolution:
    """A bargaining solution on a continuous outcome space, found by optimisation.

    Attributes
    ----------
    name : str
        The solution concept.
    x : ndarray of shape (n_dims,)
        The chosen point of the outcome space.
    utilities : ndarray of shape (n_actors,)
        The utilities at ``x``.
    converged : bool
        Whether the local optimiser that produced ``x`` reported success and
        ``x`` satisfies the individual-rationality constraints to ``tol``.
    num_iter : int
        Iterations of that local run.
    max_iter : int
        The iteration limit of each local run.
    tol : float
        The requested accuracy (SLSQP's ``ftol``, and the tolerance of the
        constraints).
    disagreement : ndarray of shape (n_actors,) or None
        The disagreement point (None for a solution that ignores it, such as
        the utilitarian one).

    Examples
    --------
    >>> from models.bargaining import solve_continuous
    >>> sol = solve_continuous(
    ...     lambda x: np.column_stack([2 * x[:, 0], 1 - x[:, 0]]), [[0.0, 1.0]], [0.0, 0.0],
    ...     solution="egalitarian", rng=0,
    ... )
    >>> round(float(sol.x[0]), 4), sol.converged
    (0.3333, True)
    """

    __repr__ = compact_repr
    _repr_html_ = frame_html

    name: str
    x: FloatArray
    utilities: FloatArray
    converged: bool
    num_iter: int
    max_iter: int
    tol: float
    disagreement: FloatArray | None = None

    def to_frame(self) -> pd.DataFrame:
        """Return the solution in long form, one row per actor.

        Returns
        -------
        pandas.DataFrame
            Columns ``solution``, ``actor``, ``utility``, ``disagreement`` and
            ``converged``.

        Examples
        --------
        >>> from models.bargaining import solve_continuous
        >>> sol = solve_continuous(
        ...     lambda x: np.column_stack([x[:, 0], 1 - x[:, 0] ** 2]), [[0.0, 1.0]],
        ...     solution="utilitarian", rng=0,
        ... )
        >>> sol.to_frame().columns.tolist()
        ['solution', 'actor', 'utility', 'disagreement', 'converged']
        """
        n_actors = self.utilities.shape[0]
        d = (
            np.full(n_actors, np.nan)
            if self.disagreement is None
            else np.asarray(self.disagreement, dtype=float)
        )
        return pd.DataFrame(
            {
                "solution": [self.name] * n_actors,
                "actor": np.arange(n_actors),
                "utility": np.asarray(self.utilities, dtype=float),
                "disagreement": d,
                "converged": [self.converged] * n_actors,
            }
        )

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw each actor's utility at the solution (see :func:`models.plotting.plot_solution`).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw; a new figure is made when None.
        **kwargs
            Passed on to :func:`models.plotting.plot_solution`.

        Returns
        -------
        matplotlib.axes.Axes
        """
        from models.plotting.bargaining import plot_solution

        return plot_solution(self, ax=ax, **kwargs)


@dataclass(frozen=True, slots=True, eq=False)
class RubinsteinResult:
    """The subgame-perfect outcome of Rubinstein's alternating-offers game.

    Attributes
    ----------
    first_mover_share, second_mover_share : float
        What the player who proposes first (player 1) and the other player get.
        With agreement they sum to ``pie``; without (when the outside options
        sum to more than the pie) they are the outside options.
    immediate : bool
        Whether the first offer is accepted. False only when the outside options
        exceed the pie, in which case the first responder opts out at once.
    delta1, delta2 : float
        The discount factors of players 1 and 2.
    horizon : int or None
        The number of rounds (None: infinite).
    outside_options : tuple of float
        ``(b1, b2)``.
    pie : float
        The size of the pie.
    binding : tuple of bool
        Whether each player's outside option binds: when that player responds,
        the offer it must be given equals its outside option rather than its
        discounted value of proposing next.

    Examples
    --------
    >>> from models.bargaining import rubinstein
    >>> res = rubinstein(0.9, 0.9)
    >>> round(res.first_mover_share, 6), res.immediate
    (0.526316, True)
    """

    __repr__ = compact_repr
    _repr_html_ = frame_html

    first_mover_share: float
    second_mover_share: float
    immediate: bool
    delta1: float
    delta2: float
    horizon: int | None
    outside_options: tuple[float, float]
    pie: float
    binding: tuple[bool, bool]

    def to_frame(self) -> pd.DataFrame:
        """Return the split in long form, one row per player.

        Returns
        -------
        pandas.DataFrame
            Columns ``player`` (1 proposes first), ``share``, ``delta``,
            ``outside_option``, ``binding`` and ``immediate``.

        Examples
        --------
        >>> from models.bargaining import rubinstein
        >>> rubinstein(0.5, 0.5).to_frame()["share"].round(4).tolist()
        [0.6667, 0.3333]
        """
        return pd.DataFrame(
            {
                "player": [1, 2],
                "share": [self.first_mover_share, self.second_mover_share],
                "delta": [self.delta1, self.delta2],
                "outside_option": list(self.outside_options),
                "binding": list(self.binding),
                "immediate": [self.immediate, self.immediate],
            }
        )

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the split of the pie (see :func:`models.plotting.plot_rubinstein`).

        Parameters
        ----------
        ax : matplotlib.axes.Axes, optional
            Where to draw; a new figure is made when None.
        **kwargs
            Passed on to :func:`models.plotting.plot_rubinstein`.

        Returns
        -------
        matplotlib.axes.Axes
        """
        from models.plotting.bargaining import plot_rubinstein

        return plot_rubinstein(self, ax=ax, **kwargs)
