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

No :math:`n \times n` reachability matrix is built
(:func:`models.gmcr.coalition_search.coalition_improvements`): for every state
at once, the best payoff each member can reach by legal sequences screens out
the states with no improvement; the candidates left are answered by one
reachable-value fixed point per group of candidates sharing the other
members' payoffs (few payoff levels), or by a breadth-first search over
(state, last mover) pairs from each candidate (many levels). The working
memory is :math:`O(n \, |H|)` floats (:func:`~models.gmcr.coalition_search.search_bytes`),
checked against ``max_bytes`` before anything is allocated, on top of the
moves themselves (:math:`O(\text{moves})`, and none for members whose moves
are complete digraphs on blocks of states).

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

from models._checks import check_int, param_error
from models.gmcr._common import short_repr
from models.gmcr.coalition_search import coalition_improvements, search_bytes
from models.gmcr.concepts import StabilityContext, nash_stability
from models.gmcr.results import CoalitionStability

if TYPE_CHECKING:
    from models.gmcr.model import GraphModel

__all__ = ["coalition_stability"]

_DEFAULT_MAX_BYTES = 256 * 2**20


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
    model: GraphModel,
    coalitions: Iterable[Iterable[str]] | None = None,
    *,
    max_bytes: int = _DEFAULT_MAX_BYTES,
) -> CoalitionStability:
    """Find coalitional improvements and coalitional Nash (CNash) stability.

    Parameters
    ----------
    model : GraphModel
    coalitions : iterable of iterable of str, optional
        Coalitions of two or more decision makers. Default: every one.
    max_bytes : int, default 256 MiB
        Bound on the working memory of the search beyond the model's moves
        (at least :func:`~models.gmcr.coalition_search.search_bytes`, about
        :math:`8 n (|H| + 16)` bytes); a smaller bound means smaller batches,
        never a different answer.

    Returns
    -------
    CoalitionStability

    Raises
    ------
    ValueError
        If a coalition names an unknown decision maker or has fewer than two
        members, or ``max_bytes`` is below the working memory the search needs
        (the message names the size needed and the number of states; checked
        before any allocation).

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
    max_bytes = check_int(max_bytes, "max_bytes", func, low=1)
    n = model.n_states
    need = search_bytes(n, max(len(g) for g in groups)) if groups else 0
    if need > max_bytes:
        raise param_error(
            "max_bytes", func,
            f"at least {need:,} bytes ({need / 2**20:.1f} MiB), the working memory of the "
            f"search for {n:,} states and coalitions of up to "
            f"{max(len(g) for g in groups)} members", f"{max_bytes:,}")
    context = StabilityContext.of(model)
    has = np.zeros((n, len(groups)), dtype=bool)
    for c, group in enumerate(groups):
        idx = [model.decision_makers.index(d) for d in group]
        blocks = [context.move_blocks[k] for k in idx]
        has[:, c] = coalition_improvements(
            [context.moves[k] if b is None else None for k, b in zip(idx, blocks, strict=True)],
            model.payoffs[:, idx], blocks=blocks, max_bytes=max_bytes)
    per_dm = nash_stability(model, context)
    for c, group in enumerate(groups):
        for d in group:
            per_dm[:, model.decision_makers.index(d)] &= ~has[:, c]
    return CoalitionStability(
        model=model, coalitions=tuple(groups), stable=~has, stable_dm=per_dm
    )
