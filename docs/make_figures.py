"""Regenerate the README's figures: ``python docs/make_figures.py``."""

from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt

import models
import positions

HERE = Path(__file__).resolve().parent / "figures"
HERE.mkdir(exist_ok=True)
scenario = positions.load("ukraine-ceasefire-2025-05")

ax = models.plot_positions(scenario)
ax.figure.savefig(HERE / "position_map.png", dpi=90, bbox_inches="tight")
plt.close(ax.figure)

ax = models.forecast(scenario).plot()
ax.figure.savefig(HERE / "forecasts.png", dpi=90, bbox_inches="tight")
plt.close(ax.figure)

core = scenario.with_parties(["RUS", "USA", "UKR"])
ax = models.bargain(core).plot(actors=("RUS", "UKR"))
ax.figure.savefig(HERE / "bargaining_space.png", dpi=90, bbox_inches="tight")
plt.close(ax.figure)
print("wrote", sorted(p.name for p in HERE.glob("*.png")))
