"""Plotting: every figure of stances, as ``plot_<thing>(result, *, ax=None, **style) -> Axes``.

Each function draws on ``ax`` (creating a figure only when none is given),
never reruns a model and never calls ``show()`` or ``savefig()``. One actor
keeps one colour in every figure (:func:`actor_color`).
"""

from models.plotting._layout import (
    TextCollision,
    declutter_ticks,
    drawn_texts,
    place_labels,
    text_collisions,
)
from models.plotting._style import (
    OKABE_ITO,
    TOL_MUTED,
    actor_color,
    actor_colors,
    use_actor_colors,
)
from models.plotting.bargaining import plot_bargaining_space, plot_rubinstein, plot_solution
from models.plotting.games import plot_game_tree, plot_payoff_table, plot_threat_credibility
from models.plotting.gmcr import plot_graph_model
from models.plotting.scenario import plot_positions
from models.plotting.spatial import (
    plot_backtest,
    plot_batch_outcomes,
    plot_eum,
    plot_forecasts,
    plot_perspective,
    plot_power_landscape,
    plot_trajectories,
)
from models.plotting.sweeps import plot_sweep_heatmap
from models.plotting.uncertainty import (
    plot_agreement,
    plot_convergence,
    plot_mc_estimate,
    plot_monte_carlo,
    plot_morris,
    plot_prim,
    plot_sobol_indices,
)
from models.plotting.war import (
    plot_bargaining_range,
    plot_risk_return,
    plot_war_bargaining,
    plot_war_learning,
)

__all__ = [
    "OKABE_ITO",
    "TOL_MUTED",
    "TextCollision",
    "actor_color",
    "actor_colors",
    "declutter_ticks",
    "drawn_texts",
    "place_labels",
    "plot_agreement",
    "plot_backtest",
    "plot_bargaining_range",
    "plot_bargaining_space",
    "plot_batch_outcomes",
    "plot_convergence",
    "plot_eum",
    "plot_forecasts",
    "plot_game_tree",
    "plot_graph_model",
    "plot_mc_estimate",
    "plot_monte_carlo",
    "plot_morris",
    "plot_payoff_table",
    "plot_perspective",
    "plot_positions",
    "plot_power_landscape",
    "plot_prim",
    "plot_risk_return",
    "plot_rubinstein",
    "plot_sobol_indices",
    "plot_solution",
    "plot_sweep_heatmap",
    "plot_threat_credibility",
    "plot_trajectories",
    "plot_war_bargaining",
    "plot_war_learning",
    "text_collisions",
    "use_actor_colors",
]
