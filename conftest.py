"""Session-wide test settings: a headless plotting backend and small sample sizes.

``STANCES_SMALL=1`` tells notebooks and examples to shrink their sample sizes so
the whole suite (notebooks included, via nbmake) runs quickly; kernels started
by nbmake inherit it.
"""

from __future__ import annotations

import os

os.environ.setdefault("STANCES_SMALL", "1")
os.environ.setdefault("MPLBACKEND", "Agg")
