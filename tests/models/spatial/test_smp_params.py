"""Tests of KTAB's model switches (models.spatial.smp_params)."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from models.spatial import SMPParams


def test_default_params_are_ktabs():
    # KTAB logs, "Model Paramaters to run the model...": Linear, Prop, Conditional,
    # Deterministic, Mid, OneThird, SemiCommit, S2P2, InitOnlyInterp.
    assert SMPParams().to_ktab() == {
        "VictoryProbModel": "Linear", "VotingRule": "Prop", "PCEModel": "Conditional",
        "StateTransitions": "Deterministic", "BigRRange": "Mid", "BigRAdjust": "OneThird",
        "ThirdPartyCommit": "SemiCommit", "InterVecBrgn": "S2P2", "BargnModel": "InitOnlyInterp",
    }
    params = SMPParams()
    assert (params.min_rounds, params.min_delta_ratio, params.min_sig_delta) == (2, 0.02, 1e-4)
    assert params.position_tolerance == 1e-3


def test_params_validation():
    with pytest.raises(ValidationError, match="voting_rule"):
        SMPParams(voting_rule="majority")
    with pytest.raises(ValidationError, match="extra"):
        SMPParams(seed=3)
    with pytest.raises(ValueError, match=r"'names' parameter of SMPParams\.from_ktab"):
        SMPParams.from_ktab({"VotingRule": "Majority"})
    with pytest.raises(ValueError, match="keyed by one of"):
        SMPParams.from_ktab({"Voting": "Prop"})
    params = SMPParams(bargain_model="pw_comp_interp")
    with pytest.raises(ValidationError):
        params.bargain_model = "init_only_interp"  # frozen
    assert SMPParams.from_ktab(params.to_ktab()) == params
