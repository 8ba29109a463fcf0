"""Session-wide test settings: a headless plotting backend and small sample sizes.

``STANCES_SMALL=1`` tells notebooks and examples to shrink their sample sizes so
the whole suite (notebooks included, via nbmake) runs quickly; kernels started
by nbmake inherit it.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, settings

os.environ.setdefault("STANCES_SMALL", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

# Property tests must not fail on a busy 2-core CI machine for being slow.
settings.register_profile(
    "stances", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("stances")



@pytest.fixture(autouse=True)
def _close_figures():
    """Close the figures a test or doctest opened, so they do not pile up."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
