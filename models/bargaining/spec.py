r"""What a bargaining solution is to the solvers: the entry type of the registry.

A solution concept is given by one :class:`SolutionSpec`; the registry
(:data:`models.bargaining.SOLUTIONS`, in :mod:`models.bargaining.registry`)
maps each name to one. Every solver and reader works from the spec alone:

* the exact finite solver (:func:`models.bargaining.solve`,
  :func:`~models.bargaining.solve_batch`) asks ``scores`` for an objective
  :math:`f_s(x)` of every outcome of each sample :math:`s` of a chunk
  (:math:`-\infty` outside the feasible set) with a rounding allowance
  :math:`\tau_s`, keeps the candidates :math:`f_s(x) \ge \max_y f_s(y) -
  \tau_s`, and, when several remain, ranks them by ``keys``: order-free keys
  compared lexicographically (larger is better), the first ``n_primary`` of
  which define the ties;
* the continuous solver (:func:`~models.bargaining.solve_continuous`) maximises
  the :class:`ContinuousForm`: a vectorised objective to score sampled points,
  and a smooth form for SLSQP, either direct (:math:`\max_x \varphi(u(x))`
  with its gradient) or in epigraph form (:math:`\max_{x, t} t` subject to
  :math:`h(u(x)) - t \ge 0`);
* the facade (:func:`models.bargain`), the Monte Carlo model
  (:class:`models.bargaining.BargainingModel`), the sweep spec, the report and
  the figures read the names, titles, labels, markers and colours.

References
----------
.. [1] Kraft, D. (1988). A software package for sequential quadratic
   programming. DFVLR-FB 88-28 (the SLSQP algorithm).
.. [2] Boyd, S. and Vandenberghe, L. (2004). *Convex Optimization*. Cambridge
   University Press, Section 4.1.3 (the epigraph form of a problem).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from models._repr import compact_repr
from models.bargaining._inputs import BoolArray, FloatArray, IntArray

__all__ = ["ChunkScores", "ContinuousForm", "SolutionSpec"]


@dataclass(frozen=True, slots=True, eq=False)
class ChunkScores:
    """The approximate objective of every outcome of a chunk of problems.

    Attributes
    ----------
    score : ndarray of shape (n_samples, n_outcomes)
        The objective (larger is better); ``-inf`` where an outcome is not
        feasible for the solution (outside the zone of possible agreement).
    tol : ndarray of shape (n_samples,)
        Rounding allowance: outcomes within it of the best are ranked by the
        exact keys.
    valid : ndarray of bool, shape (n_samples,)
        Samples that have a solution (the others get -1).
    context : ndarray of shape (n_samples, n_actors) or None
        Per-sample data the keys need (e.g. the ideal gains :math:`a - d`);
        None for ones.
    forced : tuple of (ndarray of int, ndarray of bool) or None
        ``(samples, candidates)``: samples whose candidates are given directly,
        a boolean array of shape (len(samples), n_outcomes), rather than by
        ``score`` (e.g. Nash's weak-improvement rule); they are always ranked
        by the keys.

    Examples
    --------
    >>> import numpy as np
    >>> from models.bargaining import SOLUTIONS
    >>> U = np.array([[[1.0, 4.0], [2.0, 3.0], [4.0, 0.0]]])
    >>> sc = SOLUTIONS["egalitarian"].scores(U, np.zeros((1, 2)), np.ones((1, 2)), True,
    ...                                     np.empty_like(U))
    >>> sc.score.tolist(), sc.valid.tolist()
    ([[1.0, 2.0, 0.0]], [True])
    """

    __repr__ = compact_repr

    score: FloatArray
    tol: FloatArray
    valid: BoolArray
    context: FloatArray | None = None
    forced: tuple[IntArray, BoolArray] | None = None


ScoresFunction = Callable[[FloatArray, FloatArray, FloatArray, bool, FloatArray], ChunkScores]
"""``scores(U, D, W, shared_weights, buf) -> ChunkScores``.

``U`` has shape (n_samples, n_outcomes, n_actors), ``D`` and ``W`` shape
(n_samples, n_actors); ``shared_weights`` says every row of ``W`` is the same;
``buf`` is scratch space of ``U``'s shape that may be overwritten."""

KeysFunction = Callable[
    [FloatArray, FloatArray, FloatArray, FloatArray], tuple[list[FloatArray], int]
]
"""``keys(u, d, w, context) -> (keys, n_primary)``.

Each argument has shape (n_candidates, n_actors), one row per candidate
outcome (with its sample's ``d``, ``w`` and context). Returns the ranking keys,
each of shape (n_candidates,), most significant first (larger is better), and
how many of them define a tie. The solver adds the lower outcome index last."""


@dataclass(frozen=True, slots=True, eq=False)
class ContinuousForm:
    r"""How :func:`models.bargaining.solve_continuous` optimises a solution.

    Attributes
    ----------
    objective : callable
        ``objective(U, d, w, scale) -> ndarray of shape (n_points,)`` for
        utilities ``U`` of shape (n_points, n_actors): the solution's objective
        (larger is better), ``-inf`` where a point is infeasible. Scores the
        sampled starts and the local runs.
    value, gradient : callable, optional
        The direct form: ``value(u, d, w, scale) -> float``, the smooth
        objective at one point, and ``gradient(u, jac, d, w, scale) -> ndarray
        of shape (n_dims,)``, its gradient in ``x`` given the Jacobian ``jac`` of shape
        (n_actors, n_dims). SLSQP maximises it subject to :math:`u(x) \ge d`
        when the solution uses the disagreement point.
    constraints, constraints_jac : callable, optional
        The epigraph form: maximise :math:`t` subject to
        ``constraints(g, t, scale) >= 0`` (``g = u - d``), with Jacobian
        ``constraints_jac(jac, scale)`` in :math:`(x, t)`, shape
        (n_constraints, n_dims + 1).
    ideal : bool
        Whether the solution needs the ideal point first: ``scale`` is then
        :math:`a - d`, with :math:`a_i = \max u_i(x)` subject to
        :math:`u(x) \ge d` (0 for an actor that cannot gain), else ones.

    Examples
    --------
    >>> import numpy as np
    >>> from models.bargaining import SOLUTIONS
    >>> form = SOLUTIONS["utilitarian"].continuous
    >>> form.epigraph, form.objective(np.array([[1.0, 2.0]]), np.zeros(2), np.ones(2),
    ...                               np.ones(2)).tolist()
    (False, [3.0])
    """

    objective: Callable[[FloatArray, FloatArray, FloatArray, FloatArray], FloatArray]
    value: Callable[[FloatArray, FloatArray, FloatArray, FloatArray], float] | None = None
    gradient: Callable[
        [FloatArray, FloatArray, FloatArray, FloatArray, FloatArray], FloatArray
    ] | None = None
    constraints: Callable[[FloatArray, float, FloatArray], FloatArray] | None = None
    constraints_jac: Callable[[FloatArray, FloatArray], FloatArray] | None = None
    ideal: bool = False

    def __post_init__(self) -> None:
        direct = self.value is not None and self.gradient is not None
        epigraph = self.constraints is not None and self.constraints_jac is not None
        if direct == epigraph:
            raise ValueError(
                "A ContinuousForm needs either value and gradient (direct form) or "
                "constraints and constraints_jac (epigraph form)."
            )

    @property
    def epigraph(self) -> bool:
        """Whether the form is ``max t`` subject to ``constraints >= 0``."""
        return self.constraints is not None


@dataclass(frozen=True, slots=True, eq=False)
class SolutionSpec:
    """One bargaining solution concept, as the solvers, the facade and the figures use it.

    Attributes
    ----------
    name : str
        The registry key, passed as ``solution=`` (``"nash"``).
    title : str
        Its readable name (``"Nash"``), in tables and legends.
    label : str
        A short tag for figures (``"N"``).
    marker, color : str
        Its matplotlib marker and colour in the bargaining-space figure.
    uses_disagreement : bool
        Whether it depends on the disagreement point (and is chosen within
        the zone of possible agreement); if not, ``d`` is ignored.
    uses_weights : bool
        Whether it takes bargaining weights; if not, ``weights`` is ignored.
    scores : callable
        The finite objective of each outcome (:data:`ScoresFunction`).
    keys : callable
        The exact tie-breaking and refinement keys (:data:`KeysFunction`).
    continuous : ContinuousForm
        The optimisation problem on a continuous outcome space.

    Examples
    --------
    >>> from models.bargaining import SOLUTIONS
    >>> spec = SOLUTIONS["kalai_smorodinsky"]
    >>> spec.title, spec.label, spec.uses_disagreement, spec.uses_weights
    ('Kalai-Smorodinsky', 'KS', True, False)
    """

    name: str
    title: str
    label: str
    marker: str
    color: str
    uses_disagreement: bool
    uses_weights: bool
    scores: ScoresFunction
    keys: KeysFunction
    continuous: ContinuousForm
