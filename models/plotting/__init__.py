"""Plotting: every figure of stances, as ``plot_<thing>(result, *, ax=None, **style) -> Axes``.

Each function draws on ``ax`` (creating a figure only when none is given),
never reruns a model and never calls ``show()`` or ``savefig()``. One actor
keeps one colour in every figure (:func:`actor_color`).
"""

from models.plotting._positions import plot_positions
from models.plotting._style import OKABE_ITO, actor_color, actor_colors

__all__ = ["OKABE_ITO", "actor_color", "actor_colors", "plot_positions"]
