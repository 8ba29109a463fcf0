r"""War bargaining for a scenario: Fearon's range, mutual optimism and learning, side by side.

A war role of the scenario (``roles.wars``) names two sides who dispute a good
normalised to :math:`[0, 1]`, A's share being :math:`x`. :func:`war_bargaining`
reads from it A's win probability as a common estimate :math:`p`, as A sees it
(:math:`p_A`) and as B (or whoever stands for B's view) sees it
(:math:`p_B`), and the costs of war :math:`c_A, c_B`, and applies three models:

* the bargaining range :math:`[p - c_A,\ p + c_B] \cap [0, 1]` (Fearon 1995;
  :func:`models.war.bargaining_range`);
* mutual optimism: a split both prefer to war exists iff
  :math:`p_A - p_B \le c_A + c_B` (Fey and Ramsay 2007;
  :func:`models.war.mutual_optimism`);
* learning while fighting: Beta-Binomial beliefs updated by monthly battles
  until the range opens (Smith and Stam 2004;
  :func:`models.war.simulate_war_learning`).

With the built-in scenario, the war role ``russia_ukraine`` makes A Russia and
B Ukraine, :math:`p_A` Putin's belief that Russia takes the four regions by the
end of 2025 and :math:`p_B` an analyst's (the IISS's Ben Barry). The
risk-return trade-off of private costs is :mod:`models.war.risk_return`.

References
----------
.. [1] Fearon, J. D. (1995). Rationalist explanations for war. *International
   Organization*, 49(3), 379-414.
.. [2] Fey, M., & Ramsay, K. W. (2007). Mutual optimism and war. *American
   Journal of Political Science*, 51(4), 738-754.
.. [3] Smith, A., & Stam, A. C. (2004). Bargaining and the nature of war.
   *Journal of Conflict Resolution*, 48(6), 783-813.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from models._checks import check_int, check_real
from models._repr import compact_repr, frame_html
from models._roles import parameter_value, role_belief, war_role, war_view
from models.war._common import _probabilities
from models.war.fearon import BargainingRange, bargaining_range, mutual_optimism
from models.war.learning import WarLearning, simulate_war_learning

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from positions import Scenario

__all__ = ["WarBargaining", "war_bargaining"]


@dataclass(frozen=True, slots=True)
class WarBargaining:
    """Fearon's range, the mutual-optimism verdict and learning, for a scenario.

    Attributes
    ----------
    side_a, side_b : str
        The actors of sides A (whose share is :math:`x`) and B.
    holder_a, holder_b : str
        Whose beliefs stand for A's and B's view of A's chances.
    static : BargainingRange
        The range with the common win probability ``p`` (scalar arrays).
    optimism : BargainingRange
        The range with A's belief ``p_a`` and B's ``p_b``.
    learning : WarLearning or None
        The learning simulation, when asked for.
    sources : mapping of str to str
        Where each input came from (a belief or parameter id, or "argument").
    """

    _repr_html_ = frame_html

    __repr__ = compact_repr

    side_a: str
    side_b: str
    holder_a: str
    holder_b: str
    static: BargainingRange
    optimism: BargainingRange
    learning: WarLearning | None
    sources: Mapping[str, str]

    def to_frame(self) -> pd.DataFrame:
        """Return one row per analysis (``static``, ``mutual_optimism``).

        Returns
        -------
        pandas.DataFrame
            Columns ``analysis, p_a, p_b, cost_a, cost_b, low, high, width,
            nonempty`` and, with learning, ``median_opening_month`` and
            ``share_censored`` on the mutual-optimism row.
        """
        frame = pd.concat(
            [self.static.to_frame(), self.optimism.to_frame()], ignore_index=True
        ).drop(columns="draw")
        frame.insert(0, "analysis", ["static", "mutual_optimism"])
        if self.learning is not None:
            opened = self.learning.opening_month[~self.learning.censored]
            median = float(np.median(opened)) if opened.size else float("nan")
            frame["median_opening_month"] = [float("nan"), median]
            frame["share_censored"] = [float("nan"), float(self.learning.censored.mean())]
        return frame

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw both ranges; see :func:`models.plotting.plot_war_bargaining`."""
        from models.plotting.war import plot_war_bargaining

        return plot_war_bargaining(self, ax=ax, **kwargs)


def _beta_prior(belief: Any, prior_strength: float) -> tuple[float, float]:
    dist = belief.probability.uncertainty
    if dist.dist == "beta" and dist.low == 0.0 and dist.high == 1.0:
        return float(dist.alpha), float(dist.beta)
    mean = min(max(float(belief.probability.value), 1e-6), 1 - 1e-6)
    return mean * prior_strength, (1.0 - mean) * prior_strength


def war_bargaining(
    scenario: Scenario,
    *,
    war: str | None = None,
    side_b_view: str | None = None,
    shift: bool = False,
    learning: bool = True,
    n_months: int = 24,
    n_draws: int = 2000,
    true_p: ArrayLike | None = None,
    prior_strength: float = 10.0,
    rng: np.random.Generator | int | None = None,
) -> WarBargaining:
    """Apply Fearon's model, mutual optimism and learning to a scenario's war role.

    The scenario's war role (``roles.wars``, read by
    ``scenario.roles.war(war)``) gives the mapping:

    * side A is the role's ``side_a``, whose share of the stakes is :math:`x`;
      side B is its ``side_b``;
    * :math:`p_A` is ``side_a``'s own belief about the role's ``proposition``
      and :math:`p_B` the belief of the role's ``side_b_view`` (default
      ``side_b`` itself) about it;
    * the common :math:`p` of the static range is the parameter ``common_p``
      when the role declares one, else :math:`p_B`;
    * :math:`c_A, c_B` are the parameters ``cost_a`` and ``cost_b``;
    * with ``shift``, the role's parameter ``shift`` (a what-if that moves
      side A's chances, such as a third party cutting its support to side B)
      is added to every win probability and to the true monthly win rate,
      clipped to 1; the priors of the learning simulation stay the sides'
      present beliefs, which learn of it in battle;
    * learning: each side's Beta prior is the Beta uncertainty of its belief
      (else mean :math:`p` with ``prior_strength`` pseudo-battles), the
      monthly costs are the war costs spread over the role's parameter
      ``months`` (7 when the role declares none), and the true monthly win
      rate is ``true_p`` (default: the static :math:`p`).

    Parameters
    ----------
    scenario : Scenario
    war : str, optional
        The id of a war role of the scenario; default the first one.
    side_b_view : str, optional
        A what-if: the belief holder whose view stands for side B's instead of
        the role's ``side_b_view``.
    shift : bool, default False
        Add the role's ``shift`` parameter to A's win probabilities.
    learning : bool, default True
        Run :func:`simulate_war_learning`.
    n_months, n_draws : int, default 24, 2000
        Horizon and number of draws of the simulation, >= 1.
    true_p : float or array_like of shape (n_draws,), optional
        The true monthly win rate of A.
    prior_strength : float, default 10
        Pseudo-battles of a prior whose belief is not a Beta on [0, 1], > 0.
    rng : numpy.random.Generator, int or None
        Randomness of the simulation.

    Returns
    -------
    WarBargaining

    Raises
    ------
    ValueError
        If the scenario declares no war role (or none with id ``war``), a
        view holds no belief about the proposition, ``shift`` is asked of a
        role without a shift parameter, or an argument is out of range.

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> res = war_bargaining(s, learning=False)
    >>> res.side_a, res.side_b, res.holder_b
    ('RUS', 'UKR', 'BARRY')
    >>> bool(res.static.nonempty), bool(res.optimism.nonempty)
    (True, False)

    References
    ----------
    .. [1] Fearon, J. D. (1995). Rationalist explanations for war.
       *International Organization*, 49(3), 379-414.
    .. [2] Fey, M., & Ramsay, K. W. (2007). Mutual optimism and war. *American
       Journal of Political Science*, 51(4), 738-754.
    .. [3] Smith, A., & Stam, A. C. (2004). Bargaining and the nature of war.
       *Journal of Conflict Resolution*, 48(6), 783-813.
    """
    func = "war_bargaining"
    n_months = check_int(n_months, "n_months", func, low=1)
    n_draws = check_int(n_draws, "n_draws", func, low=1)
    prior_strength = check_real(prior_strength, "prior_strength", func, low=0, low_open=True)
    role = war_role(scenario, war, func)
    where = f"roles.wars[{role.id}]"
    view = war_view(role, side_b_view, func)
    belief_a = role_belief(scenario, role.side_a, role.proposition, f"{where}.side_a")
    belief_b = role_belief(scenario, view, role.proposition,
                           f"{where}.side_b_view" if side_b_view is None else "side_b_view")
    sources = {"p_a": belief_a.id, "p_b": belief_b.id,
               "cost_a": role.cost_a, "cost_b": role.cost_b}
    cost_a = parameter_value(scenario, role.cost_a)
    cost_b = parameter_value(scenario, role.cost_b)
    p_a = float(belief_a.probability.value)
    p_b = float(belief_b.probability.value)
    if role.common_p is not None:
        p, sources["p"] = parameter_value(scenario, role.common_p), role.common_p
    else:
        p, sources["p"] = p_b, belief_b.id
    effect = 0.0
    if shift:
        if role.shift is None:
            raise ValueError(
                f"{where} of scenario {scenario.id!r} declares no shift parameter for "
                f"shift=True: add {where}.shift."
            )
        effect = parameter_value(scenario, role.shift)
        sources["shift"] = role.shift
    p, p_a, p_b = (min(q + effect, 1.0) for q in (p, p_a, p_b))
    static = bargaining_range(p, cost_a, cost_b)
    optimism = mutual_optimism(p_a, p_b, cost_a, cost_b)

    result_learning = None
    if learning:
        months = 7.0 if role.months is None else parameter_value(scenario, role.months)
        sources["months"] = role.months or "default"
        if true_p is None:
            theta: ArrayLike = p
        else:
            theta = np.minimum(_probabilities(true_p, "true_p", func) + effect, 1.0)
            sources["true_p"] = "argument"
        result_learning = simulate_war_learning(
            _beta_prior(belief_a, prior_strength), _beta_prior(belief_b, prior_strength),
            theta, cost_a / months, cost_b / months, n_months,
            n_draws=n_draws, rng=rng, actors=(role.side_a, role.side_b),
        )
    return WarBargaining(
        side_a=role.side_a, side_b=role.side_b, holder_a=role.side_a, holder_b=view,
        static=static, optimism=optimism, learning=result_learning,
        sources=MappingProxyType(sources),
    )
