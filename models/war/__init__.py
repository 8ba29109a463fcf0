"""War bargaining: Fearon's range, mutual optimism, risk-return, learning while fighting."""

from models.war.montecarlo import (
    WarModel,
)
from models.war.war_bargaining import (
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

__all__ = [
    "BargainingRange",
    "RiskReturn",
    "WarBargaining",
    "WarLearning",
    "WarModel",
    "bargaining_range",
    "mutual_optimism",
    "optimal_offer",
    "risk_return",
    "simulate_war_learning",
    "war_bargaining",
]
