"""Test configuration: the shared hypothesis strategies on the path, a headless backend."""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

# ``strategies.py`` sits beside this file; with --import-mode=importlib the tests
# folder is not on sys.path by itself.
sys.path.insert(0, str(Path(__file__).resolve().parent))
