"""Games: normal-form equilibria, game trees and the threat game.

:class:`NormalFormGame` is a thin facade over one module per algorithm
(pure, support and vertex enumeration, Lemke-Howson, logit QRE, iterated
dominance); game trees are solved by backward induction; the scenario's
threat game and its Monte Carlo model sit here too.
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
    sanctions_threat_game,
    threat_credibility,
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
    "sanctions_threat_game",
    "subgame_perfect_equilibria",
    "threat_credibility",
    "threat_parameters",
]
