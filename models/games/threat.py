r"""A scenario's threat game: when is a coercive threat credible, and when does it deter.

Schelling (1960) asked when a threat commits. A threat role of the scenario
(``roles.threats``) names a threatener T, a target R, the action T demands
(an option of R) and the action T threatens (an option of T). In
:func:`threat_game` the threatener first threatens or not; the target then
complies or defies; if it defies after a threat, the threatener carries the
threat out or backs down. Payoffs are measured relative to defiance with no
threat (0 for both), in shares of the contested stakes:

.. math::

    \begin{array}{lcc}
    \text{outcome} & u_T & u_R \\
    \text{comply} & b_T & 0 \\
    \text{defy, no threat} & 0 & g_R \\
    \text{defy, threat, carried out} & -\delta_T s_T & g_R - \delta_R s_R \\
    \text{defy, threat, backing down} & -a_T & g_R
    \end{array}

where :math:`b_T` is the threatener's value of compliance, :math:`g_R` the
target's net gain from defying (fighting on) rather than complying,
:math:`s_T, s_R` the costs of the threatened action to each side, felt from
the next period on and so discounted by :math:`\delta_T, \delta_R`, and
:math:`a_T` the audience cost of backing down from a public threat (Fearon
1994). By backward induction the threat is *credible* iff
:math:`a_T > \delta_T s_T`; the target complies without any threat iff
:math:`g_R < 0`, and otherwise a credible threat *deters* iff
:math:`g_R < \delta_R s_R`; the threatener threatens in equilibrium iff the
threat turns defiance into compliance (ties go to the status quo: no threat,
defiance, backing down). A threat that is not credible has no effect, as in
Selten's (1978) chain store (:func:`threat_credibility` scans these
conditions over grids or draws of the parameters, solving each tree by
backward induction).

In the built-in scenario the threat role ``us_sanctions`` has the United
States threaten new sanctions unless Russia agrees to a ceasefire.

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
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, ClassVar

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray

from models._checks import check_array, check_real, param_error
from models._repr import compact_repr, frame_html
from models._roles import parameter_value, role_belief, threat_role, war_role
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
    from positions.roles import ThreatRole

__all__ = [
    "ThreatCredibility",
    "threat_credibility",
    "threat_game",
    "threat_labels",
    "threat_parameters",
]


# --------------------------------------------------------------- the threat game
_GENERIC_PLAYERS = ("threatener", "target")

_DEFAULTS = {
    "audience_cost": 0.02,
    "compliance_value_threatener": 1.0,
    "compliance_share_target": 0.8,
    "discount_threatener": 1.0,
    "discount_target": 1.0,
}
"""Threat-game inputs a scenario's threat role may leave out, with their documented defaults."""

_MODEL_INPUTS = (
    "war_gain_target", "threat_cost_threatener", "threat_cost_target", "discount_threatener",
    "discount_target", "audience_cost", "compliance_value_threatener",
)
_INGREDIENTS = ("p_target", "compliance_share_target", "war_cost_target")
THREAT_INPUTS = _MODEL_INPUTS + _INGREDIENTS
"""Every input of the threat game, by name (the free inputs of :class:`ThreatModel`)."""
_UNIT_INTERVAL = ("discount_threatener", "discount_target", "p_target",
                  "compliance_share_target")
_NONNEGATIVE = ("threat_cost_threatener", "threat_cost_target", "audience_cost",
                "war_cost_target")

# Node -> (index of the player, actions). Action order breaks ties: an indifferent
# player keeps to the status quo (no threat, defiance, backing down).
_THREAT_ACTIONS = {
    "decide_threat": (0, {"no threat": "target_unthreatened", "threaten": "target_threatened"}),
    "target_threatened": (1, {"defy": "follow_through", "comply": "complies_threatened"}),
    "follow_through": (0, {"back down": "backed_down", "carry out": "carried_out"}),
    "target_unthreatened": (1, {"defy": "defies_unthreatened", "comply": "complies_unthreatened"}),
}
_TERMINAL_OUTCOME = {
    "complies_threatened": "comply", "carried_out": "carry_out", "backed_down": "back_down",
    "complies_unthreatened": "comply", "defies_unthreatened": "defy",
}


def _threat_tree(payoffs: Mapping[str, tuple[float, float]], players: tuple[str, str]) -> GameTree:
    nodes: dict[str, Node] = {
        node_id: DecisionNode(players[player], actions)
        for node_id, (player, actions) in _THREAT_ACTIONS.items()
    }
    for node_id, outcome in _TERMINAL_OUTCOME.items():
        u_t, u_r = payoffs[outcome]
        nodes[node_id] = TerminalNode({players[0]: u_t, players[1]: u_r})
    return GameTree(players=players, nodes=nodes, root="decide_threat")


def _threat_payoffs(v: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    gain = v["war_gain_target"]
    zero = gain * 0.0
    return {
        "comply": (v["compliance_value_threatener"] + zero, zero),
        "defy": (zero, gain),
        "carry_out": (-v["discount_threatener"] * v["threat_cost_threatener"] + zero,
                      gain - v["discount_target"] * v["threat_cost_target"]),
        "back_down": (-v["audience_cost"] + zero, gain),
    }


def role_parameters(
    scenario: Scenario, role: ThreatRole, func: str = "threat_game"
) -> dict[str, str]:
    """Return the inputs a threat role reads from parameters (input name -> parameter id).

    Parameters
    ----------
    scenario : positions.Scenario
    role : positions.ThreatRole
    func : str
        The caller, named in errors.

    Returns
    -------
    dict of str to str

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> role_parameters(s, s.roles.threat())["threat_cost_threatener"]
    'sanctions_cost_USA'
    """
    war = war_role(scenario, role.war, func)
    ids = {
        "war_cost_target": war.cost_a,
        "threat_cost_threatener": role.threatener_cost,
        "threat_cost_target": role.target_cost,
        "audience_cost": role.audience_cost,
        "discount_threatener": role.threatener_discount,
        "discount_target": role.target_discount,
    }
    return {name: pid for name, pid in ids.items() if pid is not None}


def _scenario_values(scenario: Scenario, role: ThreatRole) -> dict[str, float]:
    """Return every input the scenario gives through its threat role."""
    values = {name: parameter_value(scenario, pid)
              for name, pid in role_parameters(scenario, role).items()}
    war = war_role(scenario, role.war, "threat_game")
    belief = role_belief(scenario, war.side_a, war.proposition, f"roles.wars[{war.id}].side_a")
    values["p_target"] = float(belief.probability.value)
    if role.stakes_issue is not None:
        issue = scenario.issue(role.stakes_issue)
        low, high = issue.scale.low, issue.scale.high
        values["compliance_share_target"] = float((issue.status_quo.value - low) / (high - low))
    return values


def _threat_inputs(
    scenario: Scenario | None, threat: str | None, overrides: Mapping[str, Any], func: str
) -> dict[str, NDArray[np.float64]]:
    unknown = sorted(set(overrides) - set(THREAT_INPUTS))
    if unknown:
        raise TypeError(
            f"{func}() got an unexpected keyword argument {unknown[0]!r}; "
            f"the parameters are {', '.join(THREAT_INPUTS)}."
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
    if "war_gain_target" in need:
        need = [n for n in need if n != "war_gain_target"]
        need += [n for n in _INGREDIENTS if n not in values]
    found: dict[str, float] = {}
    if need and scenario is not None:
        found = _scenario_values(scenario, threat_role(scenario, threat, func))
    for name in need:
        value = found.get(name, _DEFAULTS.get(name))
        if value is None:
            where = "the scenario has no value for it" if scenario else "no scenario is given"
            raise ValueError(f"{func} needs {name}=... ({where}).")
        values[name] = np.asarray(value, dtype=np.float64)
    if "war_gain_target" not in values:
        values["war_gain_target"] = (
            values["p_target"] * (1.0 - values["compliance_share_target"])
            - values["war_cost_target"]
        )
    try:
        arrays = np.broadcast_arrays(*values.values())
    except ValueError:
        shapes = ", ".join(f"{k}{np.shape(v)}" for k, v in values.items())
        raise ValueError(
            f"The parameters of {func} must broadcast to one shape. Got {shapes} instead."
        ) from None
    return {k: np.array(a) for k, a in zip(values, arrays, strict=True)}


def _players(scenario: Scenario | None, threat: str | None, func: str) -> tuple[str, str]:
    if scenario is None:
        return _GENERIC_PLAYERS
    role = threat_role(scenario, threat, func)
    return role.threatener, role.target


def threat_labels(scenario: Scenario, threat: str | None = None) -> dict[str, str]:
    """Return the names of a threat role's parts, for titles and captions.

    Parameters
    ----------
    scenario : Scenario
    threat : str, optional
        The id of a threat role of the scenario; default the first one.

    Returns
    -------
    dict of str to str
        ``id``, ``threatener`` and ``target`` (actor ids), ``threatener_name``
        and ``target_name``, ``demand`` and ``threat`` (the options' labels),
        and ``title``: the role's label, else a sentence made of the others.

    Raises
    ------
    ValueError
        If the scenario declares no threat role, or none with id ``threat``.

    Examples
    --------
    >>> import positions
    >>> labels = threat_labels(positions.load("ukraine-ceasefire-2025-05"))
    >>> labels["threatener"], labels["target"]
    ('USA', 'RUS')
    """
    role = threat_role(scenario, threat, "threat_labels")
    options = {o.id: o for o in scenario.options}
    threatener = scenario.actor(role.threatener).name
    target = scenario.actor(role.target).name
    demand = options[role.demand].label
    action = options[role.threat].label
    title = role.label or f"{threatener} threatens ({action}) unless {target} complies ({demand})"
    return {
        "id": role.id, "threatener": role.threatener, "target": role.target,
        "threatener_name": threatener, "target_name": target,
        "demand": demand, "threat": action, "title": title,
    }


def threat_parameters(
    scenario: Scenario | None = None, threat: str | None = None, **overrides: float
) -> dict[str, float]:
    """Return the inputs of a threat game, from a scenario's threat role and overrides.

    Each input is taken, in this order, from ``overrides``, from the
    scenario's threat role (``scenario.roles.threat(threat)``), or from a
    documented default. From the role: ``p_target``, the target's own belief
    that it prevails (its belief about the proposition of the role's ``war``,
    whose side A is the target); ``war_cost_target``, that war role's
    ``cost_a``; ``threat_cost_threatener``, ``threat_cost_target``,
    ``audience_cost``, ``discount_threatener`` and ``discount_target``, the
    point values of the role's parameters ``threatener_cost``,
    ``target_cost``, ``audience_cost``, ``threatener_discount`` and
    ``target_discount``; and ``compliance_share_target``, the share of its
    claim the target keeps when it complies: the status quo of the role's
    ``stakes_issue`` rescaled to [0, 1]. Defaults where the role leaves them
    out: ``compliance_share_target`` 0.8; ``audience_cost`` 0.02, the cost to
    the threatener of backing down from a public threat (Fearon 1994);
    ``discount_threatener`` and ``discount_target`` 1; and
    ``compliance_value_threatener`` (default 1.0), the threatener's value of
    compliance, whose sign alone matters for the equilibrium. The target's net
    gain from defying is
    ``war_gain_target = p_target * (1 - compliance_share_target) - war_cost_target``
    unless given. All are shares of the stakes (the contested settlement = 1)
    except the discount factors, applied once because the threatened action
    bites from the next period on.

    Parameters
    ----------
    scenario : Scenario, optional
        Without one, every input without a default must be given as an override.
    threat : str, optional
        The id of a threat role of the scenario; default the first one.
    **overrides : float
        Any of ``war_gain_target, threat_cost_threatener, threat_cost_target,
        discount_threatener, discount_target, audience_cost,
        compliance_value_threatener, p_target, compliance_share_target,
        war_cost_target``.

    Returns
    -------
    dict of str to float

    Raises
    ------
    TypeError
        For an unknown override.
    ValueError
        If the scenario declares no threat role (or none with id ``threat``),
        or an input is missing, out of range or not a scalar.

    Examples
    --------
    >>> v = threat_parameters(p_target=0.8, war_cost_target=0.1, threat_cost_threatener=0.2,
    ...                       threat_cost_target=0.3, discount_threatener=0.9, discount_target=0.9)
    >>> round(v["war_gain_target"], 6)  # 0.8 * (1 - 0.8) - 0.1
    0.06
    """
    func = "threat_parameters"
    values = _threat_inputs(scenario, threat, overrides, func)
    for name, arr in values.items():
        if arr.ndim:
            raise param_error(name, func, "a scalar", f"an array of shape {arr.shape}")
    return {k: float(v) for k, v in values.items()}


def threat_game(
    scenario: Scenario | None = None, threat: str | None = None, **overrides: float
) -> GameTree:
    """Build the game tree of a scenario's threat role.

    The threatener moves first (``no threat`` or ``threaten``); the target
    then ``defy`` or ``comply`` (takes the demanded option); after a threat
    that the target defies, the threatener ``carry out`` (takes the
    threatened option) or ``back down``. Payoffs are those of the module
    docstring, built from :func:`threat_parameters`. Actions are listed
    status quo first, so :func:`backward_induction` breaks ties toward not
    threatening, defiance and backing down: a threat is credible only if the
    threatener strictly prefers to carry it out. :func:`threat_labels` gives
    the names of the options for titles.

    Parameters
    ----------
    scenario : Scenario, optional
        The source of the players and parameters (its ``roles.threats``).
    threat : str, optional
        The id of a threat role of the scenario; default the first one.
    **overrides : float
        As in :func:`threat_parameters` (what-ifs).

    Returns
    -------
    GameTree
        Players ``(threatener, target)`` (the role's actor ids; without a
        scenario ``("threatener", "target")``), root ``"decide_threat"``.

    Raises
    ------
    TypeError, ValueError
        As :func:`threat_parameters`.

    Examples
    --------
    >>> tree = threat_game(war_gain_target=0.1, threat_cost_threatener=0.2,
    ...     threat_cost_target=0.3, audience_cost=0.1)
    >>> from models.games import backward_induction
    >>> spe = backward_induction(tree)
    >>> spe.strategy["follow_through"], spe.path[-1]
    ('back down', 'defies_unthreatened')

    References
    ----------
    .. [1] Schelling, T. C. (1960). *The Strategy of Conflict*. Harvard University Press.
    .. [2] Selten, R. (1978). The chain store paradox. *Theory and Decision*, 9, 127-159.
    """
    values = threat_parameters(scenario, threat, **overrides)
    return _threat_tree(_threat_payoffs(values), _players(scenario, threat, "threat_game"))


@dataclass(frozen=True, slots=True)
class ThreatCredibility:
    """Where a threat is credible and where it deters.

    Every array has the broadcast shape of the inputs: a grid ``(n_y, n_x)``
    or draws ``(n_draws,)``.

    Attributes
    ----------
    parameters : mapping of str to ndarray
        The inputs (:func:`threat_parameters`'s names), broadcast.
    credible : ndarray of bool
        The threatener strictly prefers carrying the threat out to backing
        down once the target defies it (the subgame-perfect choice at
        ``follow_through``).
    deters : ndarray of bool
        A threat turns the target from defiance to compliance.
    threatens : ndarray of bool
        The threatener threatens in equilibrium.
    complies : ndarray of bool
        The equilibrium outcome is compliance.
    region : ndarray of int
        Index into :attr:`REGIONS`: 0 not credible (the target defies), 1
        credible but the target defies anyway, 2 credible and deters, 3 the
        target complies without a threat.
    threatener_value, target_value : ndarray
        Equilibrium payoffs.
    players : tuple of str
        The threatener and the target (actor ids, or the generic names).
    labels : mapping of str to str
        The names of the role's parts (:func:`threat_labels`), empty without
        a scenario.
    """

    _repr_html_ = frame_html

    __repr__ = compact_repr

    REGIONS: ClassVar[tuple[str, ...]] = (
        "not credible", "credible, does not deter", "credible, deters", "complies anyway",
    )

    parameters: Mapping[str, NDArray[np.float64]]
    credible: NDArray[np.bool_]
    deters: NDArray[np.bool_]
    threatens: NDArray[np.bool_]
    complies: NDArray[np.bool_]
    region: NDArray[np.int64]
    threatener_value: NDArray[np.float64]
    target_value: NDArray[np.float64]
    players: tuple[str, str] = _GENERIC_PLAYERS
    labels: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    @property
    def credibility_margin(self) -> NDArray[np.float64]:
        r""":math:`a_T - \delta_T s_T`: how much more the threatener loses by backing down."""
        v = self.parameters
        return np.asarray(
            v["audience_cost"] - v["discount_threatener"] * v["threat_cost_threatener"],
            dtype=np.float64,
        )

    @property
    def deterrence_margin(self) -> NDArray[np.float64]:
        r""":math:`\delta_R s_R - g_R`: how much the threat outweighs the target's gain."""
        v = self.parameters
        return np.asarray(
            v["discount_target"] * v["threat_cost_target"] - v["war_gain_target"],
            dtype=np.float64,
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
            complies, region, threatener_value, target_value``.
        """
        columns: dict[str, Any] = {k: np.ravel(v) for k, v in self.parameters.items()}
        columns |= {
            "credible": np.ravel(self.credible), "deters": np.ravel(self.deters),
            "threatens": np.ravel(self.threatens), "complies": np.ravel(self.complies),
            "region": np.asarray(self.REGIONS, dtype=object)[np.ravel(self.region)],
            "threatener_value": np.ravel(self.threatener_value),
            "target_value": np.ravel(self.target_value),
        }
        frame = pd.DataFrame(columns)
        frame.insert(0, "point", np.arange(len(frame)))
        return frame

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the regions; see :func:`models.plotting.plot_threat_credibility`."""
        from models.plotting.games import plot_threat_credibility

        return plot_threat_credibility(self, ax=ax, **kwargs)


def threat_credibility(
    scenario: Scenario | None = None,
    threat: str | None = None,
    *,
    atol: float = 1e-9,
    **parameters: ArrayLike,
) -> ThreatCredibility:
    r"""Scan a threat's parameters for where it is credible and where it deters.

    Each parameter may be a scalar or an array (a grid from
    :func:`numpy.meshgrid`, or draws with a leading sample axis); the arrays
    broadcast together, the missing ones come from the scenario's threat role
    (or the defaults of :func:`threat_parameters`), and the game of
    :func:`threat_game` is solved by backward induction at every point at
    once. In closed form the threat is credible iff
    :math:`a_T > \delta_T s_T`, deters iff it is credible and
    :math:`0 \le g_R < \delta_R s_R`, and the target complies without one iff
    :math:`g_R < 0`.

    Parameters
    ----------
    scenario : Scenario, optional
    threat : str, optional
        The id of a threat role of the scenario; default the first one.
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
        If the scenario declares no threat role, a parameter is missing or out
        of range, or the shapes do not broadcast.

    Examples
    --------
    >>> a, s = np.meshgrid(np.linspace(0, 0.5, 6), np.linspace(0, 0.5, 6))
    >>> res = threat_credibility(audience_cost=a, threat_cost_threatener=s,
    ...     war_gain_target=0.1, threat_cost_target=0.3)
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
    values = _threat_inputs(scenario, threat, parameters, func)
    players = _players(scenario, threat, func)
    shape = values["war_gain_target"].shape
    flat = {k: v.ravel() for k, v in values.items()}
    outcome_payoffs = _threat_payoffs(flat)
    tree = _threat_tree({k: (0.0, 0.0) for k in outcome_payoffs}, players)
    n = int(np.prod(shape)) if shape else 1
    payoffs = np.empty((n, len(tree.terminal_nodes), 2))
    for k, terminal in enumerate(tree.terminal_nodes):
        u_t, u_r = outcome_payoffs[_TERMINAL_OUTCOME[terminal]]
        payoffs[:, k, 0] = u_t
        payoffs[:, k, 1] = u_r
    node_values, choice, _ = backward_induction_batch(tree, payoffs, atol)

    def picks(node_id: str, action: str) -> NDArray[np.bool_]:
        actions = list(_THREAT_ACTIONS[node_id][1])
        return np.asarray(choice[node_id] == actions.index(action))

    credible = picks("follow_through", "carry out")
    free_compliance = picks("target_unthreatened", "comply")
    deters = picks("target_threatened", "comply") & ~free_compliance
    threatens = picks("decide_threat", "threaten")
    complies = np.where(threatens, picks("target_threatened", "comply"), free_compliance)
    region = np.where(free_compliance, 3, np.where(deters, 2, np.where(credible, 1, 0)))
    return ThreatCredibility(
        parameters=MappingProxyType(values),
        credible=credible.reshape(shape),
        deters=deters.reshape(shape),
        threatens=threatens.reshape(shape),
        complies=complies.reshape(shape),
        region=region.astype(np.int64).reshape(shape),
        threatener_value=node_values[:, 0, 0].reshape(shape),
        target_value=node_values[:, 0, 1].reshape(shape),
        players=players,
        labels=MappingProxyType({} if scenario is None else threat_labels(scenario, threat)),
    )
