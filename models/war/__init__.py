"""War bargaining: Fearon's range, mutual optimism, risk-return, learning while fighting.

One model per module: :mod:`~models.war.fearon` (the bargaining range and
mutual optimism), :mod:`~models.war.risk_return` (the optimal offer under
private costs), :mod:`~models.war.learning` (Beta-Binomial learning from
battles), and the scenario facade :mod:`~models.war.war_bargaining`.
"""

from models.war.fearon import (
    BargainingRange,
    bargaining_range,
    mutual_optimism,
)
from models.war.learning import (
    WarLearning,
    simulate_war_learning,
)
from models.war.montecarlo import (
    WarModel,
)
from models.war.risk_return import (
    RiskReturn,
    optimal_offer,
    risk_return,
)
from models.war.war_bargaining import (
    WarBargaining,
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
