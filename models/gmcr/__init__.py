r"""The Graph Model for Conflict Resolution: states, moves, stability, coalitions, the status quo.

A graph model (Fang, Hipel and Kilgour 1993) has states :math:`S`, decision
makers :math:`N`, for each :math:`i \in N` the unilateral moves :math:`A_i
\subseteq S \times S` it controls and ordinal payoffs :math:`P_i(s)`. A state
is *stable* for :math:`i` under a concept when :math:`i` has no unilateral
improvement, or every one it has is sanctioned in the concept's sense, and an
*equilibrium* when it is stable for everyone. :class:`GraphModel` is the
facade: it is built in graph form, in option form or from a scenario, and its
methods call one module per algorithm:

====================================  ===============================================
:mod:`models.gmcr.model`              :class:`GraphModel`: building and validation
:mod:`models.gmcr.options`            option form, feasible states, option prioritisation
:mod:`models.gmcr.reachability`       unilateral moves, legal sequences, reachable lists
:mod:`models.gmcr.blocks`             moves as complete digraphs on blocks of states
:mod:`models.gmcr.concepts`           the stability concepts and their registry
:mod:`models.gmcr.stability`          stability of every state under every concept
:mod:`models.gmcr.coalitions`         coalitional improvements, CNash stability
:mod:`models.gmcr.coalition_search`   coalitional improvements without n x n reachability
:mod:`models.gmcr.status_quo`         equilibria reachable from the status quo, paths
:mod:`models.gmcr.describe`           states and moves said in options, tables
:mod:`models.gmcr.results`            :class:`GraphStability`, :class:`CoalitionStability`,
                                      :class:`StatusQuoAnalysis`
====================================  ===============================================

**Adding a stability concept.** :data:`CONCEPTS` is the one registry
``{name: function}`` every analysis, result frame, plot and
:func:`models.analyze` reads. A concept is a function ``concept(model,
context)`` returning an ndarray of shape (n_states, n_decision_makers) of
booleans, where ``context`` is a :class:`StabilityContext` (the unilateral
moves and improvements of each decision maker, and the worst value reachable by
legal sequences); :func:`sanction_stability` is the shared step of concepts of
the form "every improvement is sanctioned by the worst state the others can
reach" (GMR, SMR, SEQ), and a concept of another form (limited-move stability
:math:`L_h`, for one) computes its table directly. Register it with
:func:`register_concept` (:func:`unregister_concept` removes it); a built-in is
one function and one entry in ``models/gmcr/concepts.py``.

>>> import numpy as np
>>> from models.gmcr import GraphModel, register_concept, unregister_concept
>>> def never(model, context):
...     return np.zeros((model.n_states, model.n_decision_makers), dtype=bool)
>>> _ = register_concept("NEVER", never)
>>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
...                            {"A": [0, 1], "B": [0, 1]})
>>> m.stability().equilibria("never")
()
>>> unregister_concept("NEVER")

References
----------
Fang, L., Hipel, K. W., & Kilgour, D. M. (1993). *Interactive Decision Making:
The Graph Model for Conflict Resolution*. New York: Wiley.

Kilgour, D. M., & Hipel, K. W. (2005). The graph model for conflict resolution:
past, present, and future. *Group Decision and Negotiation*, 14(6), 441-460.

Inohara, T., & Hipel, K. W. (2008). Coalition analysis in the graph model for
conflict resolution. *Systems Engineering*, 11(4), 343-359.
"""

from models.gmcr.concepts import (
    CONCEPTS,
    StabilityContext,
    register_concept,
    sanction_stability,
    unregister_concept,
)
from models.gmcr.model import GraphModel, ranking_to_payoffs
from models.gmcr.results import CoalitionStability, GraphStability, StatusQuoAnalysis

__all__ = [
    "CONCEPTS",
    "CoalitionStability",
    "GraphModel",
    "GraphStability",
    "StabilityContext",
    "StatusQuoAnalysis",
    "ranking_to_payoffs",
    "register_concept",
    "sanction_stability",
    "unregister_concept",
]
