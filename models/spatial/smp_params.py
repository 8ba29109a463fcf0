r"""The switches of KTAB's Spatial Model of Politics (:func:`models.spatial.smp`).

KTAB's SMP has nine model switches and four stopping and tolerance constants
(see :func:`models.spatial.smp` for the model). :class:`SMPParams` holds them
with KTAB's defaults, and converts to and from the element names and enum
spellings of KTAB's XML scenario files (``ModelParameters``), so that a
scenario read by :func:`models.spatial.read_ktab_xml` runs as KTAB runs it.

References
----------
.. [1] KAPSARC, "KTAB: KAPSARC Toolkit for Behavioral Analysis", open-source
   C++ code (MIT licence), https://github.com/KAPSARC/KTAB, files
   ``KTAB/kmodel/libsrc/kmodel.h`` (``VPModel``, ``VotingRule``, ``PCEModel``,
   ``StateTransMode``, ``BigRRange``, ``BigRAdjust``, ``ThirdPartyCommit``),
   ``examples/smp/libsrc/smp.h`` (``InterVecBrgn``, ``SMPBargnModel``) and
   ``examples/smp/doc/smpSchema.xsd``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models._checks import param_error

__all__ = ["SMPParams"]

VictoryProbModel = Literal["linear", "square", "quartic", "octic", "binary"]
VotingRuleName = Literal[
    "binary", "prop_bin", "proportional", "prop_cubic", "cubic", "asym_prospect"
]
PCEModelName = Literal["conditional", "markov_incentive", "markov_uniform"]
StateTransition = Literal["deterministic", "stochastic"]
BigRRangeName = Literal["min", "mid", "max"]
BigRAdjustName = Literal["none", "one_third", "half", "two_thirds", "full"]
ThirdPartyCommitName = Literal["no_commit", "semi_commit", "full_commit"]
InterVecBargain = Literal["s1p1", "s2p2", "s2pmax"]
BargainModel = Literal["init_only_interp", "init_rcvr_interp", "pw_comp_interp"]

# KTAB's XML element names and enum spellings (kmodel.h, smp.h), in enum order
_KTAB_NAMES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "victory_prob": ("VictoryProbModel", ("Linear", "Square", "Quartic", "Octic", "Binary"),
                     ("linear", "square", "quartic", "octic", "binary")),
    "voting_rule": ("VotingRule", ("Binary", "PropBin", "Prop", "PropCbc", "Cubic", "ASymProsp"),
                    ("binary", "prop_bin", "proportional", "prop_cubic", "cubic",
                     "asym_prospect")),
    "pce_model": ("PCEModel", ("Conditional", "MarkovIncentive", "MarkovUniform"),
                  ("conditional", "markov_incentive", "markov_uniform")),
    "state_transition": ("StateTransitions", ("Deterministic", "Stochastic"),
                         ("deterministic", "stochastic")),
    "big_r_range": ("BigRRange", ("Min", "Mid", "Max"), ("min", "mid", "max")),
    "big_r_adjust": ("BigRAdjust", ("None", "OneThird", "Half", "TwoThirds", "Full"),
                     ("none", "one_third", "half", "two_thirds", "full")),
    "third_party_commit": ("ThirdPartyCommit", ("NoCommit", "SemiCommit", "FullCommit"),
                           ("no_commit", "semi_commit", "full_commit")),
    "inter_vec_brgn": ("InterVecBrgn", ("S1P1", "S2P2", "S2PMax"), ("s1p1", "s2p2", "s2pmax")),
    "bargain_model": ("BargnModel", ("InitOnlyInterp", "InitRcvrInterp", "PWCompInterp"),
                      ("init_only_interp", "init_rcvr_interp", "pw_comp_interp")),
}


class SMPParams(BaseModel):
    """Every switch of KTAB's SMP, with KTAB's defaults.

    Parameters
    ----------
    victory_prob : {"linear", "square", "quartic", "octic", "binary"}
        KTAB ``VPModel``: how a coalition's chance of winning grows with its
        strength ratio r; P = r^a / (r^a + 1) with a = 1, 2, 4, 8, or a
        threshold law that is certain beyond a 10% advantage. Default "linear".
    voting_rule : {"binary", "prop_bin", "proportional", "prop_cubic", "cubic", "asym_prospect"}
        KTAB ``VotingRule``: the vote w * f(du) for a utility difference du;
        f = sign (smoothed over 1e-8), 0.8 du + 0.2 sign, du, (du + du^3)/2,
        du^3, or du for losses and 2/3 du for gains. Default "proportional".
    pce_model : {"conditional", "markov_incentive", "markov_uniform"}
        KTAB ``PCEModel``: probabilistic Condorcet election; conditional
        (p_i proportional to the product of P[i > j]) or the stationary
        distribution of a Markov chain in which challengers are chosen in
        proportion to incentive C_ij P[i > j], or uniformly. Default
        "conditional".
    state_transition : {"deterministic", "stochastic"}
        KTAB ``StateTransMode``: each actor adopts its most probable option,
        or draws one from the PCE distribution. Default "deterministic".
    big_r_range : {"min", "mid", "max"}
        KTAB ``BigRRange``: inferred risk attitudes run from 0, -1/2 or -1 for
        the least likely position to +1 for the most likely. Default "mid".
    big_r_adjust : {"none", "one_third", "half", "two_thirds", "full"}
        KTAB ``BigRAdjust``: actor h estimates i's risk attitude as
        R_h, (2R_h + R_i)/3, (R_h + R_i)/2, (R_h + 2R_i)/3 or R_i.
        Default "one_third".
    third_party_commit : {"no_commit", "semi_commit", "full_commit"}
        KTAB ``ThirdPartyCommit``: how committed a third party expects to be
        to the winner's position when valuing its vote. Default "semi_commit".
    inter_vec_brgn : {"s1p1", "s2p2", "s2pmax"}
        KTAB ``InterVecBrgn``: bargain interpolation weights s p, s^2 p^2, or
        a rule driven by the gap in win probabilities. Default "s2p2".
    bargain_model : {"init_only_interp", "init_rcvr_interp", "pw_comp_interp"}
        KTAB ``SMPBargnModel``: the initiator's interpolated bargain only,
        both the initiator's and the receiver's, or their power-weighted
        compromise. Default "init_only_interp".
    min_rounds : int
        Rounds before the stopping rule may stop a run (KTAB: 2).
    min_delta_ratio : float
        A run stops when a round's summed move falls below this fraction of
        the first round's (KTAB: 0.02).
    min_sig_delta : float
        Added to the first round's move to avoid 0/0 (KTAB: 1e-4, unit scale).
    position_tolerance : float
        Positions closer than this (Euclidean, unit scale) are the same
        position (KTAB ``posTol``: 1e-3).

    Raises
    ------
    pydantic.ValidationError
        A value outside the listed choices or ranges (a ``ValueError``).

    Examples
    --------
    >>> SMPParams().voting_rule
    'proportional'
    >>> SMPParams.from_ktab({"PCEModel": "MarkovIncentive", "VotingRule": "PropCbc"}).pce_model
    'markov_incentive'
    >>> SMPParams(pce_model="markov_uniform").to_ktab()["PCEModel"]
    'MarkovUniform'

    References
    ----------
    KTAB ``kmodel.h`` and ``smp.h`` (enums) and ``SMPModel`` defaults in
    ``smp.h``, ``Model`` defaults in ``kmodel.h``; stopping constants in
    ``SMPModel::configExec`` (``smp.cpp``) [1]_.

    .. [1] https://github.com/KAPSARC/KTAB
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    victory_prob: VictoryProbModel = "linear"
    voting_rule: VotingRuleName = "proportional"
    pce_model: PCEModelName = "conditional"
    state_transition: StateTransition = "deterministic"
    big_r_range: BigRRangeName = "mid"
    big_r_adjust: BigRAdjustName = "one_third"
    third_party_commit: ThirdPartyCommitName = "semi_commit"
    inter_vec_brgn: InterVecBargain = "s2p2"
    bargain_model: BargainModel = "init_only_interp"
    min_rounds: int = Field(default=2, ge=1)
    min_delta_ratio: float = Field(default=0.02, ge=0.0)
    min_sig_delta: float = Field(default=1e-4, gt=0.0)
    position_tolerance: float = Field(default=1e-3, gt=0.0)

    @classmethod
    def from_ktab(cls, names: Mapping[str, str]) -> SMPParams:
        """Build parameters from KTAB's XML names, e.g. ``{"VotingRule": "PropCbc"}``.

        Parameters
        ----------
        names : mapping of str to str
            KTAB ``ModelParameters`` element names to KTAB enum spellings;
            missing ones keep KTAB's defaults.

        Returns
        -------
        SMPParams

        Raises
        ------
        ValueError
            An unknown element name or enum spelling.

        Examples
        --------
        >>> SMPParams.from_ktab({"BigRAdjust": "Half"}).big_r_adjust
        'half'
        """
        by_element = {
            elem: (field, ktab, ours) for field, (elem, ktab, ours) in _KTAB_NAMES.items()
        }
        values: dict[str, str] = {}
        for elem, text in names.items():
            if elem not in by_element:
                raise param_error("names", "SMPParams.from_ktab",
                                  f"keyed by one of {sorted(by_element)}", repr(elem))
            field, ktab, ours = by_element[elem]
            if text not in ktab:
                raise param_error("names", "SMPParams.from_ktab",
                                  f"give {elem} one of {list(ktab)}", repr(text))
            values[field] = ours[ktab.index(text)]
        return cls.model_validate(values)

    def to_ktab(self) -> dict[str, str]:
        """Return KTAB's XML names of the nine model switches.

        Returns
        -------
        dict of str to str

        Examples
        --------
        >>> SMPParams().to_ktab()["VotingRule"]
        'Prop'
        """
        out = {}
        for field, (elem, ktab, ours) in _KTAB_NAMES.items():
            out[elem] = ktab[ours.index(getattr(self, field))]
        return out
