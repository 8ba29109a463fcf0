r"""The scenario's sanctions threat game: when is the US threat of sanctions credible.

Schelling (1960) asked when a threat commits. In
:func:`sanctions_threat_game` the United States (U) first threatens
sanctions or not; Russia (R) then agrees to a ceasefire or fights on; if it
fights on after a threat, the US imposes sanctions or backs down. Payoffs
are measured relative to the war going on with no threat (0 for both), in
shares of the contested stakes:

.. math::

    \begin{array}{lcc}
    \text{outcome} & u_U & u_R \\
    \text{ceasefire} & b_U & 0 \\
    \text{war, no threat} & 0 & g_R \\
    \text{war, threat, sanctions} & -\delta_U s_U & g_R - \delta_R s_R \\
    \text{war, threat, backing down} & -a_U & g_R
    \end{array}

where :math:`b_U` is the US value of a ceasefire, :math:`g_R` Russia's net
gain from fighting on rather than freezing the line, :math:`s_U, s_R` the
costs of sanctions to the US and to Russia, felt from the next period on and
so discounted by :math:`\delta_U, \delta_R`, and :math:`a_U` the audience
cost of backing down from a public threat (Fearon 1994). By backward
induction the threat is *credible* iff :math:`a_U > \delta_U s_U`; Russia
agrees to a ceasefire without any threat iff :math:`g_R < 0`, and otherwise
a credible threat *deters* iff :math:`g_R < \delta_R s_R`; the US threatens
in equilibrium iff the threat turns war into a ceasefire (ties go to the
status quo: no threat, fighting on, backing down). A threat that is not
credible has no effect, as in Selten's (1978) chain store
(:func:`threat_credibility` scans these conditions over grids or draws of the
parameters, solving each tree by backward induction).

References
----------
.. [1] Schelling, T. C. (1960). *The Strategy of Conflict*. Harvard
   University Press.
.. [2] Selten, R. (1978). The chain store paradox. *Theory and Decision*, 9,
   127-159.
.. [3] Fearon, J. D. (1994). Domestic political audiences and the escalation
   of international disputes. *American Political Science Review*, 88(3),
   577-592.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from models._checks import check_array, check_real, param_error
from models._repr import compact_repr
from models.games.trees import (
    DecisionNode,
    GameTree,
    Node,
    TerminalNode,
    backward_induction_batch,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from positions import Scenario

__all__ = [
    "ThreatCredibility",
    "sanctions_threat_game",
    "threat_credibility",
    "threat_parameters",
]


# --------------------------------------------------------- the sanctions threat
_THREAT_PLAYERS = ("USA", "RUS")
_PROPOSITION = "four_regions_2025"

_FROM_SCENARIO = {
    "war_cost_rus": "war_cost_RUS",
    "sanctions_cost_usa": "sanctions_cost_USA",
    "sanctions_cost_rus": "sanctions_cost_RUS",
    "discount_usa": "discount_USA",
    "discount_rus": "discount_RUS",
    "audience_cost_usa": "audience_cost_USA",
}
"""Threat-game inputs read from the scenario's parameters (name -> parameter id)."""

_DEFAULTS = {
    "audience_cost_usa": 0.02,
    "ceasefire_value_usa": 1.0,
    "ceasefire_share_rus": 0.8,
}
"""Threat-game inputs the scenario does not define, with their documented defaults."""

_MODEL_INPUTS = (
    "war_gain_rus", "sanctions_cost_usa", "sanctions_cost_rus", "discount_usa",
    "discount_rus", "audience_cost_usa", "ceasefire_value_usa",
)
_INGREDIENTS = ("p_rus", "ceasefire_share_rus", "war_cost_rus")
_ALL_INPUTS = _MODEL_INPUTS + _INGREDIENTS
_UNIT_INTERVAL = ("discount_usa", "discount_rus", "p_rus", "ceasefire_share_rus")
_NONNEGATIVE = ("sanctions_cost_usa", "sanctions_cost_rus", "audience_cost_usa", "war_cost_rus")

# Action order breaks ties: an indifferent player keeps to the status quo
# (no threat, fighting on, backing down).
_THREAT_ACTIONS = {
    "usa_threat": ("USA", {"no threat": "rus_free", "threaten": "rus_threatened"}),
    "rus_threatened": ("RUS", {"continue": "usa_follow", "ceasefire": "ceasefire_threat"}),
    "usa_follow": ("USA", {"back down": "back_down", "sanction": "sanctions"}),
    "rus_free": ("RUS", {"continue": "war", "ceasefire": "ceasefire_free"}),
}
_TERMINAL_OUTCOME = {
    "ceasefire_threat": "ceasefire", "sanctions": "sanctions", "back_down": "back_down",
    "ceasefire_free": "ceasefire", "war": "war",
}


def _threat_tree(payoffs: Mapping[str, tuple[float, float]]) -> GameTree:
    nodes: dict[str, Node] = {
        node_id: DecisionNode(player, actions)
        for node_id, (player, actions) in _THREAT_ACTIONS.items()
    }
    for node_id, outcome in _TERMINAL_OUTCOME.items():
        usa, rus = payoffs[outcome]
        nodes[node_id] = TerminalNode({"USA": usa, "RUS": rus})
    return GameTree(players=_THREAT_PLAYERS, nodes=nodes, root="usa_threat")


def _threat_payoffs(v: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    gain = v["war_gain_rus"]
    zero = gain * 0.0
    return {
        "ceasefire": (v["ceasefire_value_usa"] + zero, zero),
        "war": (zero, gain),
        "sanctions": (-v["discount_usa"] * v["sanctions_cost_usa"] + zero,
                      gain - v["discount_rus"] * v["sanctions_cost_rus"]),
        "back_down": (-v["audience_cost_usa"] + zero, gain),
    }


def _scenario_value(scenario: Scenario, name: str, func: str) -> float | None:
    """Return an input from the scenario, or None when the scenario lacks it."""
    if name == "p_rus":
        beliefs = [b for b in scenario.beliefs_about(_PROPOSITION) if b.holder == "RUS"]
        return float(beliefs[0].probability.value) if beliefs else None
    if name == "ceasefire_share_rus":
        issue = next((i for i in scenario.issues if i.id == "territory"), None)
        if issue is None:
            return None
        low, high = issue.scale.low, issue.scale.high
        return float((issue.status_quo.value - low) / (high - low))
    if name not in _FROM_SCENARIO:
        return None
    parameter = next((p for p in scenario.parameters if p.id == _FROM_SCENARIO[name]), None)
    return None if parameter is None else float(parameter.value.value)


def _threat_inputs(
    scenario: Scenario | None, overrides: Mapping[str, Any], func: str
) -> dict[str, NDArray[np.float64]]:
    unknown = sorted(set(overrides) - set(_ALL_INPUTS))
    if unknown:
        raise TypeError(
            f"{func}() got an unexpected keyword argument {unknown[0]!r}; "
            f"the parameters are {', '.join(_ALL_INPUTS)}."
        )
    values: dict[str, NDArray[np.float64]] = {}
    for name, value in overrides.items():
        arr = check_array(value, name, func).astype(np.float64)
        if name in _UNIT_INTERVAL and arr.size and (arr.min() < 0 or arr.max() > 1):
            raise param_error(name, func, "in [0, 1]", f"{arr.min():g}..{arr.max():g}")
        if name in _NONNEGATIVE and arr.size and arr.min() < 0:
            raise param_error(name, func, "non-negative", f"{arr.min():g}")
        values[name] = arr
    need = [n for n in _MODEL_INPUTS if n not in values]
    if "war_gain_rus" in need:
        need = [n for n in need if n != "war_gain_rus"]
        need += [n for n in _INGREDIENTS if n not in values]
    for name in need:
        found = None if scenario is None else _scenario_value(scenario, name, func)
        if found is None:
            found = _DEFAULTS.get(name)
        if found is None:
            where = "the scenario has no value for it" if scenario else "no scenario is given"
            raise ValueError(f"{func} needs {name}=... ({where}).")
        values[name] = np.asarray(found, dtype=np.float64)
    if "war_gain_rus" not in values:
        values["war_gain_rus"] = (
            values["p_rus"] * (1.0 - values["ceasefire_share_rus"]) - values["war_cost_rus"]
        )
    try:
        arrays = np.broadcast_arrays(*values.values())
    except ValueError:
        shapes = ", ".join(f"{k}{np.shape(v)}" for k, v in values.items())
        raise ValueError(
            f"The parameters of {func} must broadcast to one shape. Got {shapes} instead."
        ) from None
    return {k: np.array(a) for k, a in zip(values, arrays, strict=True)}


def threat_parameters(scenario: Scenario | None = None, **overrides: float) -> dict[str, float]:
    """Return the inputs of the sanctions-threat game, from a scenario and overrides.

    Each input is taken, in this order, from ``overrides``, from the scenario,
    or from a documented default. From the scenario: ``p_rus``, Russia's own
    belief that it takes the four regions (the ``RUS`` belief about the
    proposition ``four_regions_2025``); ``war_cost_rus``,
    ``sanctions_cost_usa``, ``sanctions_cost_rus``, ``discount_usa``,
    ``discount_rus`` and ``audience_cost_usa``, the point values of the
    parameters ``war_cost_RUS``, ``sanctions_cost_USA``, ``sanctions_cost_RUS``,
    ``discount_USA``, ``discount_RUS`` and ``audience_cost_USA``; and
    ``ceasefire_share_rus``, the share of its claim Russia keeps under a
    ceasefire on the current line, the status quo of the ``territory`` issue
    rescaled to [0, 1] (default 0.8). Defaults where a scenario lacks them:
    ``audience_cost_usa`` 0.02, the cost to the US of backing down from a
    public threat (Fearon 1994; the built-in scenario
    codes it, with its evidence, as ``audience_cost_USA``); and
    ``ceasefire_value_usa`` (default 1.0), the US value of a ceasefire, whose
    sign alone matters for the equilibrium. Russia's net gain from fighting on
    rather than freezing the line is
    ``war_gain_rus = p_rus * (1 - ceasefire_share_rus) - war_cost_rus``
    unless given. All are shares of the stakes (the contested settlement = 1)
    except the monthly discount factors, applied once because sanctions bite
    from the next month on.

    Parameters
    ----------
    scenario : Scenario, optional
        Without one, every scenario input must be given as an override.
    **overrides : float
        Any of ``war_gain_rus, sanctions_cost_usa, sanctions_cost_rus,
        discount_usa, discount_rus, audience_cost_usa, ceasefire_value_usa,
        p_rus, ceasefire_share_rus, war_cost_rus``.

    Returns
    -------
    dict of str to float

    Raises
    ------
    TypeError
        For an unknown override.
    ValueError
        If an input is missing, out of range or not a scalar.

    Examples
    --------
    >>> v = threat_parameters(p_rus=0.8, war_cost_rus=0.1, sanctions_cost_usa=0.2,
    ...                       sanctions_cost_rus=0.3, discount_usa=0.9, discount_rus=0.9)
    >>> round(v["war_gain_rus"], 6)  # 0.8 * (1 - 0.8) - 0.1
    0.06
    """
    func = "threat_parameters"
    values = _threat_inputs(scenario, overrides, func)
    for name, arr in values.items():
        if arr.ndim:
            raise param_error(name, func, "a scalar", f"an array of shape {arr.shape}")
    return {k: float(v) for k, v in values.items()}


def sanctions_threat_game(scenario: Scenario | None = None, **overrides: float) -> GameTree:
    """Build the game of the US threat of sanctions against Russia.

    The US moves first (``no threat`` or ``threaten``); Russia then fights on
    (``continue``) or agrees to a ``ceasefire``; after a threat that Russia
    defies, the US imposes sanctions (``sanction``) or ``back down``. Payoffs
    are those of the module docstring, built from :func:`threat_parameters`.
    Actions are listed status quo first, so :func:`backward_induction` breaks
    ties toward not threatening, fighting on and backing down: a threat is
    credible only if the US strictly prefers to carry it out.

    Parameters
    ----------
    scenario : Scenario, optional
        The source of the parameters (e.g. ``positions.load("ukraine-ceasefire-2025-05")``).
    **overrides : float
        As in :func:`threat_parameters`.

    Returns
    -------
    GameTree
        Players ``("USA", "RUS")``, root ``"usa_threat"``.

    Raises
    ------
    TypeError, ValueError
        As :func:`threat_parameters`.

    Examples
    --------
    >>> tree = sanctions_threat_game(war_gain_rus=0.1, sanctions_cost_usa=0.2,
    ...     sanctions_cost_rus=0.3, discount_usa=1.0, discount_rus=1.0, audience_cost_usa=0.1)
    >>> from models.games import backward_induction
    >>> spe = backward_induction(tree)
    >>> spe.strategy["usa_follow"], spe.path[-1]
    ('back down', 'war')

    References
    ----------
    .. [1] Schelling, T. C. (1960). *The Strategy of Conflict*. Harvard University Press.
    .. [2] Selten, R. (1978). The chain store paradox. *Theory and Decision*, 9, 127-159.
    """
    values = threat_parameters(scenario, **overrides)
    return _threat_tree(_threat_payoffs(values))


@dataclass(frozen=True, slots=True)
class ThreatCredibility:
    """Where the US threat of sanctions is credible and where it deters.

    Every array has the broadcast shape of the inputs: a grid ``(n_y, n_x)``
    or draws ``(n_draws,)``.

    Attributes
    ----------
    parameters : mapping of str to ndarray
        The inputs (:func:`threat_parameters`'s names), broadcast.
    credible : ndarray of bool
        The US strictly prefers sanctions to backing down once Russia defies a
        threat (the subgame-perfect choice at ``usa_follow``).
    deters : ndarray of bool
        A threat turns Russia from fighting on to a ceasefire.
    threatens : ndarray of bool
        The US threatens in equilibrium.
    ceasefire : ndarray of bool
        The equilibrium outcome is a ceasefire.
    region : ndarray of int
        Index into :attr:`REGIONS`: 0 not credible (war goes on), 1 credible
        but Russia fights on anyway, 2 credible and deters, 3 Russia agrees to
        a ceasefire without a threat.
    usa_value, rus_value : ndarray
        Equilibrium payoffs.
    """

    __repr__ = compact_repr

    REGIONS: ClassVar[tuple[str, ...]] = (
        "not credible", "credible, does not deter", "credible, deters", "ceasefire anyway",
    )

    parameters: Mapping[str, NDArray[np.float64]]
    credible: NDArray[np.bool_]
    deters: NDArray[np.bool_]
    threatens: NDArray[np.bool_]
    ceasefire: NDArray[np.bool_]
    region: NDArray[np.int64]
    usa_value: NDArray[np.float64]
    rus_value: NDArray[np.float64]

    @property
    def credibility_margin(self) -> NDArray[np.float64]:
        r""":math:`a_U - \delta_U s_U`: how much more the US loses by backing down."""
        v = self.parameters
        return np.asarray(
            v["audience_cost_usa"] - v["discount_usa"] * v["sanctions_cost_usa"], dtype=np.float64
        )

    @property
    def deterrence_margin(self) -> NDArray[np.float64]:
        r""":math:`\delta_R s_R - g_R`: how much sanctions outweigh Russia's gain from fighting."""
        v = self.parameters
        return np.asarray(
            v["discount_rus"] * v["sanctions_cost_rus"] - v["war_gain_rus"], dtype=np.float64
        )

    def shares(self) -> dict[str, float]:
        """Return the share of grid points or draws in each region.

        Returns
        -------
        dict of str to float
        """
        counts = np.bincount(np.ravel(self.region), minlength=len(self.REGIONS))
        total = max(int(self.region.size), 1)
        return {name: float(c) / total for name, c in zip(self.REGIONS, counts, strict=True)}

    def to_frame(self) -> pd.DataFrame:
        """Return one row per grid point or draw.

        Returns
        -------
        pandas.DataFrame
            Columns ``point``, the parameters, ``credible, deters, threatens,
            ceasefire, region, usa_value, rus_value``.
        """
        columns: dict[str, Any] = {k: np.ravel(v) for k, v in self.parameters.items()}
        columns |= {
            "credible": np.ravel(self.credible), "deters": np.ravel(self.deters),
            "threatens": np.ravel(self.threatens), "ceasefire": np.ravel(self.ceasefire),
            "region": np.asarray(self.REGIONS, dtype=object)[np.ravel(self.region)],
            "usa_value": np.ravel(self.usa_value), "rus_value": np.ravel(self.rus_value),
        }
        frame = pd.DataFrame(columns)
        frame.insert(0, "point", np.arange(len(frame)))
        return frame

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the regions; see :func:`models.plotting.plot_threat_credibility`."""
        from models.plotting.games import plot_threat_credibility

        return plot_threat_credibility(self, ax=ax, **kwargs)


def threat_credibility(
    scenario: Scenario | None = None, *, atol: float = 1e-9, **parameters: ArrayLike
) -> ThreatCredibility:
    r"""Scan the sanctions threat's parameters for where it is credible and where it deters.

    Each parameter may be a scalar or an array (a grid from
    :func:`numpy.meshgrid`, or draws with a leading sample axis); the arrays
    broadcast together, the missing ones come from the scenario (or the
    defaults of :func:`threat_parameters`), and the game of
    :func:`sanctions_threat_game` is solved by backward induction at every
    point at once. In closed form the threat is credible iff
    :math:`a_U > \delta_U s_U`, deters iff it is credible and
    :math:`0 \le g_R < \delta_R s_R`, and Russia agrees to a ceasefire
    without one iff :math:`g_R < 0`.

    Parameters
    ----------
    scenario : Scenario, optional
    atol : float, default 1e-9
        Tie tolerance of the backward induction, >= 0.
    **parameters : array_like
        Any of the names of :func:`threat_parameters`.

    Returns
    -------
    ThreatCredibility

    Raises
    ------
    TypeError
        For an unknown parameter name.
    ValueError
        If a parameter is missing, out of range, or the shapes do not broadcast.

    Examples
    --------
    >>> a, s = np.meshgrid(np.linspace(0, 0.5, 6), np.linspace(0, 0.5, 6))
    >>> res = threat_credibility(audience_cost_usa=a, sanctions_cost_usa=s,
    ...     war_gain_rus=0.1, sanctions_cost_rus=0.3, discount_usa=1.0, discount_rus=1.0)
    >>> res.credible.shape, bool((res.credible == (a > s)).all())
    ((6, 6), True)

    References
    ----------
    .. [1] Schelling, T. C. (1960). *The Strategy of Conflict*. Harvard University Press.
    .. [2] Selten, R. (1978). The chain store paradox. *Theory and Decision*, 9, 127-159.
    .. [3] Fearon, J. D. (1994). Domestic political audiences and the escalation
       of international disputes. *American Political Science Review*, 88(3), 577-592.
    """
    func = "threat_credibility"
    atol = check_real(atol, "atol", func, low=0)
    values = _threat_inputs(scenario, parameters, func)
    shape = values["war_gain_rus"].shape
    flat = {k: v.ravel() for k, v in values.items()}
    outcome_payoffs = _threat_payoffs(flat)
    tree = _threat_tree({k: (0.0, 0.0) for k in outcome_payoffs})
    n = int(np.prod(shape)) if shape else 1
    payoffs = np.empty((n, len(tree.terminal_nodes), 2))
    for k, terminal in enumerate(tree.terminal_nodes):
        usa, rus = outcome_payoffs[_TERMINAL_OUTCOME[terminal]]
        payoffs[:, k, 0] = usa
        payoffs[:, k, 1] = rus
    node_values, choice, _ = backward_induction_batch(tree, payoffs, atol)

    def picks(node_id: str, action: str) -> NDArray[np.bool_]:
        actions = list(_THREAT_ACTIONS[node_id][1])
        return np.asarray(choice[node_id] == actions.index(action))

    credible = picks("usa_follow", "sanction")
    free_ceasefire = picks("rus_free", "ceasefire")
    deters = picks("rus_threatened", "ceasefire") & ~free_ceasefire
    threatens = picks("usa_threat", "threaten")
    ceasefire = np.where(threatens, picks("rus_threatened", "ceasefire"), free_ceasefire)
    region = np.where(free_ceasefire, 3, np.where(deters, 2, np.where(credible, 1, 0)))
    return ThreatCredibility(
        parameters=MappingProxyType(values),
        credible=credible.reshape(shape),
        deters=deters.reshape(shape),
        threatens=threatens.reshape(shape),
        ceasefire=ceasefire.reshape(shape),
        region=region.astype(np.int64).reshape(shape),
        usa_value=node_values[:, 0, 0].reshape(shape),
        rus_value=node_values[:, 0, 1].reshape(shape),
    )
