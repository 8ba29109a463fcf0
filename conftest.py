"""Session-wide test settings: a headless plotting backend and small sample sizes.

``STANCES_SMALL=1`` tells notebooks and examples to shrink their sample sizes so
the whole suite (notebooks included, via nbmake) runs quickly; kernels started
by nbmake inherit it.
"""

from __future__ import annotations

import os

import pytest

os.environ.setdefault("STANCES_SMALL", "1")
os.environ.setdefault("MPLBACKEND", "Agg")



@pytest.fixture(autouse=True)
def _close_figures():
    """Close the figures a test or doctest opened, so they do not pile up."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
