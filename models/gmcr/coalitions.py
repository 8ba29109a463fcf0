r"""Coalition analysis: coalitional improvements and coalitional Nash (CNash) stability.

A *coalitional improvement* of a coalition :math:`H \subseteq N` from state
:math:`s` is a state :math:`t \in R_H(s)`, reachable by a legal sequence of the
members' unilateral moves (none moving twice in succession;
:mod:`models.gmcr.reachability`), with :math:`P_i(t) > P_i(s)` for every
:math:`i \in H`; :math:`s` is coalitionally Nash (CNash) stable for :math:`H`
when there is none. For a decision maker :math:`i`, :math:`s` is CNash stable
when neither :math:`i` alone (Nash stability) nor any coalition considered
that contains :math:`i` has a coalitional improvement from :math:`s`
(Inohara and Hipel 2008; Kilgour et al. 2001).

Each coalition's reachable lists are held as an :math:`n \times n` bit matrix
(:func:`models.gmcr.reachability.coalition_reach`), so the memory is
:math:`n^2 / 8` bytes per coalition.

References
----------
Inohara, T., & Hipel, K. W. (2008). Coalition analysis in the graph model for
conflict resolution. *Systems Engineering*, 11(4), 343-359.

Kilgour, D. M., Hipel, K. W., Fang, L., & Peng, X. (2001). Coalition analysis
in group decision support. *Group Decision and Negotiation*, 10(2), 159-175.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from models._checks import param_error
from models.gmcr._common import short_repr
from models.gmcr.concepts import StabilityContext, nash_stability
from models.gmcr.reachability import any_improvement, coalition_reach
from models.gmcr.results import CoalitionStability

if TYPE_CHECKING:
    from models.gmcr.model import GraphModel

__all__ = ["coalition_stability"]


def _coalitions(
    model: GraphModel, coalitions: Iterable[Iterable[str]] | None, func: str
) -> list[tuple[str, ...]]:
    """List the coalitions to analyse, members in the model's order; default every one."""
    dms = model.decision_makers
    if coalitions is None:
        return [tuple(c) for size in range(2, len(dms) + 1)
                for c in itertools.combinations(dms, size)]
    groups = []
    for coalition in coalitions:
        members = [coalition] if isinstance(coalition, str) else list(coalition)
        idx = sorted({model._dm_index(d, "coalitions", func) for d in members})
        if len(idx) < 2:
            raise param_error("coalitions", func, "coalitions of at least two decision makers",
                              short_repr(members))
        groups.append(tuple(dms[k] for k in idx))
    return groups


def coalition_stability(
    model: GraphModel, coalitions: Iterable[Iterable[str]] | None = None
) -> CoalitionStability:
    """Find coalitional improvements and coalitional Nash (CNash) stability.

    Parameters
    ----------
    model : GraphModel
    coalitions : iterable of iterable of str, optional
        Coalitions of two or more decision makers. Default: every one.

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
    >>> from models.gmcr import GraphModel
    >>> m = GraphModel.from_states(
    ...     4, {"A": [(1, 2), (2, 1), (3, 4), (4, 3)], "B": [(1, 3), (3, 1), (2, 4), (4, 2)]},
    ...     {"A": [3, 4, 1, 2], "B": [3, 1, 4, 2]})
    >>> coalition_stability(m, [["A", "B"]]).stable[:, 0].tolist()
    [True, True, True, False]

    References
    ----------
    Inohara and Hipel (2008); Kilgour et al. (2001).
    """
    func = "GraphModel.coalition_stability"
    groups = _coalitions(model, coalitions, func)
    context = StabilityContext.of(model)
    n = model.n_states
    has = np.zeros((n, len(groups)), dtype=bool)
    for c, group in enumerate(groups):
        idx = [model.decision_makers.index(d) for d in group]
        reach = coalition_reach([context.moves[k] for k in idx], n)
        has[:, c] = any_improvement(reach, model.payoffs[:, idx])
    per_dm = nash_stability(model, context)
    for c, group in enumerate(groups):
        for d in group:
            per_dm[:, model.decision_makers.index(d)] &= ~has[:, c]
    return CoalitionStability(
        model=model, coalitions=tuple(groups), stable=~has, stable_dm=per_dm
    )
