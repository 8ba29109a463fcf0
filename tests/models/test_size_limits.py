"""Sizes decided by a user number are refused before allocation, with the size and the limit.

Issue 15: an SMP spec with absurd rounds asked numpy for 10.5 TiB, and
``analyze --n 300000``-style numbers grew without bound. Each check below
runs in milliseconds because nothing is allocated.
"""

import sys

import numpy as np
import pytest

import positions
from models import monte_carlo, uncertain
from models.analysis.cli import main
from models.games import ThreatModel
from models.spatial import SMPModel, smp_batch

SMP = sys.modules["models.spatial.smp"]


def test_smp_batch_refuses_a_history_beyond_the_limit():
    pos = np.full((4096, 3, 2), 50.0)
    sal = np.full((4096, 3, 2), 0.4)
    cap = np.ones((4096, 3))
    with pytest.raises(ValueError, match=r"The 'max_rounds' parameter of smp_batch must be "
                                         r"small enough .* 4 GiB \(it would need 1\.0 PiB\)"):
        smp_batch(pos, sal, cap, max_rounds=10**9)


def test_smp_model_runs_in_blocks_that_fit(monkeypatch):
    inputs = uncertain(positions.load("ukraine-ceasefire-2025-05"),
                       include="positions[RUS/*].salience")
    whole = monte_carlo(SMPModel(inputs, max_rounds=5), inputs, 30, rng=0, progress=False)
    # a limit that holds two draws' histories: the model runs 30 draws in blocks of one
    monkeypatch.setattr(SMP, "MAX_HISTORY_BYTES", 2 * SMP.history_bytes(1, 4, 9, 5))
    blocks = monte_carlo(SMPModel(inputs, max_rounds=5), inputs, 30, rng=0, progress=False)
    for name, values in whole.outputs.items():
        np.testing.assert_array_equal(blocks.outputs[name], values)


def test_monte_carlo_refuses_outputs_beyond_memory():
    inputs = uncertain(positions.load("ukraine-ceasefire-2025-05"), include="parameters[*]")
    with pytest.raises(ValueError, match=r"The 'n_draws' parameter of monte_carlo must be "
                                         r"small enough .* stream larger runs to disk\. "
                                         r"Got 1,000,000,000,000 instead"):
        monte_carlo(ThreatModel(inputs), inputs, 10**12, progress=False)


def test_analyze_refuses_absurd_draws(capsys):
    assert main(["analyze", "--n", str(10**12), "--quiet"]) == 2
    err = capsys.readouterr().err
    assert "less than or equal to 10000000" in err and "Traceback" not in err
