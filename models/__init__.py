"""models: outcome spaces, bargaining, spatial forecasting, games and Monte Carlo for stances.

Algorithms are plain functions on arrays; facades such as ``bargain(scenario)``
build those arrays from a :class:`positions.Scenario`. Results are frozen
objects with ``.to_frame()`` and ``.plot(ax=None)``.
"""

from models._checks import param_error
from models.plotting import actor_color, plot_positions

__version__ = "0.1.0"

__all__ = ["__version__", "actor_color", "param_error", "plot_positions"]
