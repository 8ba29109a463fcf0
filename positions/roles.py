"""Model roles: what the case-specific models need, declared by id in the scenario.

Most models read a scenario as it is: the parties' positions, saliences and
capabilities, the options and their preferences. A few need to be told which
items play which part, and a scenario says so in its ``roles`` section:

* ``veto``: the parties whose consent any agreement needs. An agreement
  bargaining analyses count only coalitions that hold every veto party.
  Left out, every party has a veto (unanimity), the default of bargaining
  theory.
* ``coalitions``: coalitions of interest, analysed besides the whole set of
  parties (each must hold every veto party).
* ``resolution``: the number of grid points over each numeric issue's scale
  in the outcome space (the named options of the issue are added to them).
* ``wars``: Fearon's (1995) bargaining model of war between two sides: the
  proposition whose probability each holder gives to side A's victory, the
  two sides' costs of war (parameters), and optionally whose belief stands
  for side B's view, a pooled estimate of the common probability, the months
  over which the costs are spread and a parameter shifting side A's chances.
* ``threats``: a coercive threat as a game tree (Schelling 1966): who
  threatens whom, the demanded action (an option of the target) and the
  threatened action (an option of the threatener), and the parameters that
  give the payoffs.

Every id is checked when the scenario loads (:mod:`positions.rules`), with its
path: ``roles.threats[t1].demand: 'USA_sanctions' is an option of USA, not of
the target RUS``.

References
----------
.. [1] Fearon, J. D. (1995). Rationalist explanations for war.
   *International Organization*, 49(3), 379-414.
.. [2] Schelling, T. C. (1966). *Arms and Influence*. Yale University Press.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from positions._base import Id, StrictModel, Text

__all__ = ["CoalitionRole", "IssueResolution", "Roles", "ThreatRole", "WarRole"]


class IssueResolution(StrictModel):
    """How finely the outcome space covers one numeric issue's scale.

    Parameters
    ----------
    issue : str
        A declared issue.
    points : int
        Grid points over its scale, ends included (2 to 1001); the issue's
        named options are added to them.

    Examples
    --------
    >>> IssueResolution(issue="wage", points=21).points
    21
    """

    issue: Id
    points: int = Field(ge=2, le=1001, strict=True)


class CoalitionRole(StrictModel):
    """A coalition of interest: parties whose joint agreements an analysis looks at.

    Parameters
    ----------
    id : str
    parties : tuple of str
        At least two declared parties, each once.
    label : str, optional
    rationale : str, optional
        Why this coalition matters.

    Examples
    --------
    >>> CoalitionRole(id="core", parties=("A", "B")).parties
    ('A', 'B')
    """

    id: Id
    parties: tuple[Id, ...] = Field(min_length=2)
    label: Text | None = None
    rationale: Text | None = None

    @field_validator("parties")
    @classmethod
    def _distinct(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        repeated = sorted({p for p in value if value.count(p) > 1})
        if repeated:
            raise ValueError(f"names {', '.join(repeated)} more than once")
        return value


class WarRole(StrictModel):
    """Fearon's bargaining model of war between two sides, mapped onto the scenario.

    Side A's share of the stakes is :math:`x`; :math:`p_A` is side A's own
    belief that it prevails (its belief about ``proposition``), :math:`p_B`
    the belief of ``side_b_view`` (default: side B's own belief), and
    :math:`c_A, c_B` the parameters ``cost_a`` and ``cost_b`` (shares of the
    stakes).

    Parameters
    ----------
    id : str
    side_a, side_b : str
        Two different declared actors.
    proposition : str
        The proposition "side A prevails", about which both views hold beliefs.
    cost_a, cost_b : str
        Parameters: each side's cost of war as a share of the stakes.
    side_b_view : str, optional
        The belief holder whose view stands for side B's (an analyst, say);
        default ``side_b`` itself.
    common_p : str, optional
        A parameter: a pooled estimate of side A's probability of prevailing,
        the common :math:`p` of the static range (default :math:`p_B`).
    months : str, optional
        A parameter: the months over which the costs are spread when the
        sides learn while fighting (default 7).
    shift : str, optional
        A parameter added to side A's chances in a what-if (for example a
        third party cutting its support to side B).
    label : str, optional

    Examples
    --------
    >>> WarRole(id="w", side_a="A", side_b="B", proposition="a_wins",
    ...         cost_a="c_A", cost_b="c_B").side_b_view is None
    True
    """

    id: Id
    side_a: Id
    side_b: Id
    proposition: Id
    cost_a: Id
    cost_b: Id
    side_b_view: Id | None = None
    common_p: Id | None = None
    months: Id | None = None
    shift: Id | None = None
    label: Text | None = None


class ThreatRole(StrictModel):
    """A coercive threat: the threatener demands an action and threatens another.

    The game (:func:`models.games.threat_game`): the threatener threatens or
    not; the target complies (takes ``demand``) or defies; after defiance a
    threatener who threatened carries the threat out (takes ``threat``) or
    backs down. Payoffs are shares of the stakes: the target's gain from
    defying, :math:`p (1 - s) - c` with :math:`p` its belief of prevailing
    (from ``war``), :math:`s` the share of its claim it keeps when it complies
    (the status quo of ``stakes_issue`` on that issue's scale, as a share)
    and :math:`c` its cost of war; the costs of the threatened action to each
    side (``threatener_cost``, ``target_cost``), discounted once by each
    side's ``..._discount``; the threatener's ``audience_cost`` of backing
    down.

    Parameters
    ----------
    id : str
    threatener, target : str
        Two different declared actors.
    demand : str
        An option of the target: the action demanded.
    threat : str
        An option of the threatener: the action threatened.
    war : str
        A war role with the target as side A: its proposition and cost give
        the target's belief and cost of fighting on.
    stakes_issue : str, optional
        An issue whose status quo, as a share of its scale, is the share of
        its claim the target keeps when it complies (default 0.8).
    threatener_cost, target_cost : str
        Parameters: the cost of the threatened action to each side.
    audience_cost : str, optional
        Parameter: the threatener's cost of backing down (default 0.02).
    threatener_discount, target_discount : str, optional
        Parameters: discount factors applied once to the threatened action's
        costs (default 1).
    label : str, optional

    Examples
    --------
    >>> ThreatRole(id="t", threatener="A", target="B", demand="B_stop", threat="A_punish",
    ...            war="w", threatener_cost="cost_A", target_cost="cost_B").audience_cost is None
    True
    """

    id: Id
    threatener: Id
    target: Id
    demand: Id
    threat: Id
    war: Id
    threatener_cost: Id
    target_cost: Id
    stakes_issue: Id | None = None
    audience_cost: Id | None = None
    threatener_discount: Id | None = None
    target_discount: Id | None = None
    label: Text | None = None


class Roles(StrictModel):
    """What the case-specific models need, by id (all optional).

    Parameters
    ----------
    veto : tuple of str, optional
        Parties whose consent any agreement needs; None (the default) means
        every party.
    coalitions : tuple of CoalitionRole
    resolution : tuple of IssueResolution
        Grid points over numeric issues' scales.
    wars : tuple of WarRole
    threats : tuple of ThreatRole

    Examples
    --------
    >>> Roles().veto is None
    True
    >>> Roles(resolution=[{"issue": "wage", "points": 21}]).points("wage")
    21
    """

    veto: tuple[Id, ...] | None = None
    coalitions: tuple[CoalitionRole, ...] = ()
    resolution: tuple[IssueResolution, ...] = ()
    wars: tuple[WarRole, ...] = ()
    threats: tuple[ThreatRole, ...] = ()

    @field_validator("veto")
    @classmethod
    def _veto(cls, value: tuple[str, ...] | None) -> tuple[str, ...] | None:
        if value is not None:
            if not value:
                raise ValueError("is empty: leave it out for 'every party'")
            repeated = sorted({p for p in value if value.count(p) > 1})
            if repeated:
                raise ValueError(f"names {', '.join(repeated)} more than once")
        return value

    def points(self, issue_id: str) -> int | None:
        """Return the declared grid points of issue ``issue_id``, or None.

        Examples
        --------
        >>> Roles().points("wage") is None
        True
        """
        return next((r.points for r in self.resolution if r.issue == issue_id), None)

    def war(self, war_id: str | None = None) -> WarRole | None:
        """Return the war role ``war_id`` (default: the first), or None.

        Examples
        --------
        >>> Roles().war() is None
        True
        """
        if war_id is None:
            return self.wars[0] if self.wars else None
        return next((w for w in self.wars if w.id == war_id), None)

    def threat(self, threat_id: str | None = None) -> ThreatRole | None:
        """Return the threat role ``threat_id`` (default: the first), or None.

        Examples
        --------
        >>> Roles().threat() is None
        True
        """
        if threat_id is None:
            return self.threats[0] if self.threats else None
        return next((t for t in self.threats if t.id == threat_id), None)
