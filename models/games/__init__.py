"""Games: normal-form equilibria, game trees and the threat game.

:class:`NormalFormGame` (:mod:`~models.games.normal_form`) is a thin facade
over one module per algorithm, each a set of functions on arrays:
:mod:`~models.games.pure_nash`, :mod:`~models.games.support_enumeration`,
:mod:`~models.games.vertex_enumeration`, :mod:`~models.games.lemke_howson`
(compiled kernels in ``_jit``), :mod:`~models.games.logit` (logit QRE
homotopy) and :mod:`~models.games.dominance` (IESDS); its results are in
:mod:`~models.games.results`. Game trees are solved by backward induction
(:mod:`~models.games.trees`); a scenario's threat game (from its threat role) is in
:mod:`~models.games.threat` and its Monte Carlo model in
:mod:`~models.games.montecarlo`.
"""

from models.games._jit import (
    jit_enabled,
)
from models.games.montecarlo import (
    ThreatModel,
)
from models.games.normal_form import NormalFormGame
from models.games.results import (
    Equilibria,
    Equilibrium,
    IteratedDominance,
)
from models.games.threat import (
    ThreatCredibility,
    threat_credibility,
    threat_game,
    threat_labels,
    threat_parameters,
)
from models.games.trees import (
    ChanceNode,
    DecisionNode,
    GameTree,
    SubgamePerfectEquilibrium,
    TerminalNode,
    backward_induction,
    subgame_perfect_equilibria,
)

__all__ = [
    "ChanceNode",
    "DecisionNode",
    "Equilibria",
    "Equilibrium",
    "GameTree",
    "IteratedDominance",
    "NormalFormGame",
    "SubgamePerfectEquilibrium",
    "TerminalNode",
    "ThreatCredibility",
    "ThreatModel",
    "backward_induction",
    "jit_enabled",
    "subgame_perfect_equilibria",
    "threat_credibility",
    "threat_game",
    "threat_labels",
    "threat_parameters",
]
