r"""Stability of every state for every decision maker under the registered concepts.

For a graph model with states :math:`S`, decision makers :math:`N` and
concepts :math:`C` (the registry :data:`models.gmcr.CONCEPTS`), the stability
table is

.. math:: \sigma(s, i, c) = [\,s \text{ is stable for } i \text{ under } c\,],
          \qquad s \in S,\ i \in N,\ c \in C,

and :math:`s` is an equilibrium under :math:`c` when :math:`\sigma(s, i, c)`
holds for every :math:`i`. :func:`stability` builds the
:class:`~models.gmcr.concepts.StabilityContext` once (the unilateral moves and
improvements of every decision maker) and calls each concept's function on it;
the definitions are in :mod:`models.gmcr.concepts`.

References
----------
Fang, L., Hipel, K. W., & Kilgour, D. M. (1993). *Interactive Decision Making:
The Graph Model for Conflict Resolution*. New York: Wiley.

Kilgour, D. M., & Hipel, K. W. (2005). The graph model for conflict resolution:
past, present, and future. *Group Decision and Negotiation*, 14(6), 441-460.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from models._checks import param_error
from models.gmcr.concepts import CONCEPTS, StabilityContext, _resolve
from models.gmcr.results import GraphStability

if TYPE_CHECKING:
    from models.gmcr.model import GraphModel

__all__ = ["stability"]


def _concept_keys(concepts: str | Iterable[str] | None, func: str) -> tuple[str, ...]:
    """Return the registered names of the concepts asked for, in order, each once."""
    if concepts is None:
        return tuple(CONCEPTS)
    asked = [concepts] if isinstance(concepts, str) else list(concepts)
    keys = tuple(dict.fromkeys(_resolve(c, func) for c in asked))
    if not keys:
        raise param_error("concepts", func, "at least one concept", "none")
    return keys


def stability(
    model: GraphModel, concepts: str | Iterable[str] | None = None
) -> GraphStability:
    """Compute the stability of every state for every decision maker.

    Parameters
    ----------
    model : GraphModel
    concepts : str or iterable of str, optional
        Registered concepts (names or aliases) to compute; default every one,
        in the registry's order.

    Returns
    -------
    GraphStability

    Raises
    ------
    ValueError
        If a concept is unknown, or a concept's function does not return one
        boolean per state and decision maker.

    Examples
    --------
    >>> from models.gmcr import GraphModel
    >>> m = GraphModel.from_states(
    ...     4, {"A": [(1, 2), (2, 1), (3, 4), (4, 3)], "B": [(1, 3), (3, 1), (2, 4), (4, 2)]},
    ...     {"A": [3, 4, 1, 2], "B": [3, 1, 4, 2]})
    >>> stability(m).concepts
    ('R', 'GMR', 'SMR', 'SEQ')
    >>> stability(m, ["Nash", "SEQ"]).equilibria("SEQ")
    (1, 4)

    References
    ----------
    Fang, Hipel and Kilgour (1993), ch. 3; Kilgour and Hipel (2005).
    """
    func = "GraphModel.stability"
    keys = _concept_keys(concepts, func)
    context = StabilityContext.of(model)
    shape = (model.n_states, model.n_decision_makers)
    stable = np.empty((*shape, len(keys)), dtype=bool)
    for c, key in enumerate(keys):
        table = np.asarray(CONCEPTS[key](model, context))
        if table.shape != shape or table.dtype != np.bool_:
            raise ValueError(
                f"The stability concept {key!r} must return a boolean array of shape "
                f"(n_states, n_decision_makers) = {shape}. Got an array of shape "
                f"{table.shape} and dtype {table.dtype} instead."
            )
        stable[:, :, c] = table
    return GraphStability(model=model, concepts=keys, stable=stable)
