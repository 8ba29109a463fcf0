"""models: outcome spaces, bargaining, spatial forecasting, games and Monte Carlo for stances.

Algorithms are plain functions on arrays; facades such as ``bargain(scenario)``
build those arrays from a :class:`positions.Scenario`. Results are frozen
objects with ``.to_frame()`` and ``.plot(ax=None)``.
"""

from models._checks import param_error
from models.games import Equilibria, Equilibrium, IteratedDominance, NormalFormGame
from models.gmcr import (
    CoalitionStability,
    GraphModel,
    GraphStability,
    StatusQuoAnalysis,
    ranking_to_payoffs,
)
from models.ktab_io import KTABScenario, read_ktab_csv, read_ktab_xml
from models.plotting import actor_color, plot_graph_model, plot_positions
from models.plotting._games import plot_payoff_table
from models.plotting._spatial import plot_batch_outcomes, plot_power_landscape, plot_trajectories
from models.plotting._trees import plot_game_tree, plot_threat_credibility
from models.plotting._war import (
    plot_bargaining_range,
    plot_risk_return,
    plot_war_bargaining,
    plot_war_learning,
)
from models.smp import SMPBatchResult, SMPParams, SMPResult, smp, smp_batch
from models.trees import (
    ChanceNode,
    DecisionNode,
    GameTree,
    SubgamePerfectEquilibrium,
    TerminalNode,
    ThreatCredibility,
    backward_induction,
    sanctions_threat_game,
    subgame_perfect_equilibria,
    threat_credibility,
    threat_parameters,
)
from models.war import (
    BargainingRange,
    RiskReturn,
    WarBargaining,
    WarLearning,
    bargaining_range,
    mutual_optimism,
    optimal_offer,
    risk_return,
    simulate_war_learning,
    war_bargaining,
)

__version__ = "0.1.0"

__all__ = [
    "BargainingRange",
    "ChanceNode",
    "CoalitionStability",
    "DecisionNode",
    "Equilibria",
    "Equilibrium",
    "GameTree",
    "GraphModel",
    "GraphStability",
    "IteratedDominance",
    "KTABScenario",
    "NormalFormGame",
    "RiskReturn",
    "SMPBatchResult",
    "SMPParams",
    "SMPResult",
    "StatusQuoAnalysis",
    "SubgamePerfectEquilibrium",
    "TerminalNode",
    "ThreatCredibility",
    "WarBargaining",
    "WarLearning",
    "__version__",
    "actor_color",
    "backward_induction",
    "bargaining_range",
    "mutual_optimism",
    "optimal_offer",
    "param_error",
    "plot_bargaining_range",
    "plot_batch_outcomes",
    "plot_game_tree",
    "plot_graph_model",
    "plot_payoff_table",
    "plot_positions",
    "plot_power_landscape",
    "plot_risk_return",
    "plot_threat_credibility",
    "plot_trajectories",
    "plot_war_bargaining",
    "plot_war_learning",
    "ranking_to_payoffs",
    "read_ktab_csv",
    "read_ktab_xml",
    "risk_return",
    "sanctions_threat_game",
    "simulate_war_learning",
    "smp",
    "smp_batch",
    "subgame_perfect_equilibria",
    "threat_credibility",
    "threat_parameters",
    "war_bargaining",
]
