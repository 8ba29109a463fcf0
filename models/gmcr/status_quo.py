r"""Status quo analysis: which equilibria the conflict can reach from the status quo, and how.

The conflict evolves from the status quo :math:`s_0` by a legal sequence of
unilateral moves by all the decision makers, none moving twice in succession:

.. math:: s_0 \xrightarrow{i_1} s_1 \xrightarrow{i_2} \cdots
          \xrightarrow{i_k} s_k, \qquad s_{j} \in R_{i_j}(s_{j-1}),
          \quad i_{j} \ne i_{j+1},

with each move a unilateral improvement, :math:`s_j \in R^+_{i_j}(s_{j-1})`
(default), or any unilateral move. An equilibrium :math:`e` is reachable when
some such sequence ends at :math:`e`; the path reported is a shortest one,
found by breadth-first search over pairs (state, last mover) (the "coloured
path" of Xu et al. 2010; :func:`models.gmcr.reachability.legal_bfs`), and the
same one every run (Li, Kilgour and Hipel 2005).

References
----------
Li, K. W., Kilgour, D. M., & Hipel, K. W. (2005). Status quo analysis in the
graph model for conflict resolution. *Journal of the Operational Research
Society*, 56(6), 699-707.

Xu, H., Kilgour, D. M., Hipel, K. W., & Kemkes, G. (2010). Using matrices to
link conflict evolution and resolution in a graph model. *European Journal of
Operational Research*, 207(1), 318-329.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import numpy as np

from models._checks import check_int, param_error
from models.gmcr._common import short_repr
from models.gmcr.concepts import _resolve
from models.gmcr.reachability import legal_bfs, path_to, unilateral_moves
from models.gmcr.results import StatusQuoAnalysis
from models.gmcr.stability import stability

if TYPE_CHECKING:
    from models.gmcr.model import GraphModel

__all__ = ["status_quo_analysis"]


def _start(model: GraphModel, status_quo: int | None, func: str) -> int:
    """Return the start state (from 1): ``status_quo`` or else the model's."""
    start = model.status_quo if status_quo is None else status_quo
    if start is None:
        raise param_error("status_quo", func, "a state (the model has no status quo)", "None")
    start = check_int(start, "status_quo", func, low=1)
    if start > model.n_states:
        raise param_error("status_quo", func, f"a state in 1..{model.n_states}", str(start))
    return start


def status_quo_analysis(
    model: GraphModel,
    concept: str = "R",
    *,
    moves: Literal["improvements", "any"] = "improvements",
    status_quo: int | None = None,
) -> StatusQuoAnalysis:
    """Find which equilibria the conflict can reach from the status quo, and how.

    Parameters
    ----------
    model : GraphModel
    concept : str, default 'R'
        A registered stability concept (:data:`models.gmcr.CONCEPTS`) by name
        or alias: the equilibria to look for.
    moves : {'improvements', 'any'}
        Whether each move must be a unilateral improvement for its mover.
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
    >>> from models.gmcr import GraphModel
    >>> m = GraphModel.from_states(
    ...     4, {"A": [(1, 2), (2, 1), (3, 4), (4, 3)], "B": [(1, 3), (3, 1), (2, 4), (4, 2)]},
    ...     {"A": [3, 4, 1, 2], "B": [3, 1, 4, 2]}, status_quo=1)
    >>> status_quo_analysis(m, "R").paths
    ((1, 3, 4),)

    References
    ----------
    Li, Kilgour and Hipel (2005); Xu et al. (2010).
    """
    func = "GraphModel.status_quo_analysis"
    key = _resolve(concept, func)
    if moves not in ("improvements", "any"):
        raise param_error("moves", func, "'improvements' or 'any'", short_repr(moves))
    start = _start(model, status_quo, func)
    eq = stability(model, [key]).equilibria(key)
    edges = unilateral_moves(model.moves, model.payoffs, improvements=moves == "improvements")
    dist, parent, parent_mover = legal_bfs(edges, model.n_states, start - 1)
    never = np.iinfo(np.int64).max
    steps = np.where(dist >= 0, dist, never).min(axis=1)
    n_steps = np.where(steps == never, -1, steps)
    n_steps[start - 1] = 0
    paths: list[tuple[int, ...]] = []
    movers: list[tuple[str, ...]] = []
    for state in eq:
        found = path_to(state - 1, dist, parent, parent_mover, start - 1)
        paths.append(() if found is None else tuple(s + 1 for s in found[0]))
        movers.append(() if found is None else tuple(model.decision_makers[j] for j in found[1]))
    return StatusQuoAnalysis(
        model=model,
        status_quo=start,
        concept=key,
        moves=moves,
        equilibria=eq,
        n_steps=n_steps,
        paths=tuple(paths),
        movers=tuple(movers),
    )
