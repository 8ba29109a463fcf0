"""Parameter sweeps: a grid of Monte Carlo runs, chunked into Parquet parts, resumable, on Dask.

:mod:`~models.sweeps.registry` holds the registry of Monte Carlo models
(:func:`sweep_models`, :func:`register_sweep_model`): each family declares
its ready-made models in its own ``montecarlo`` module.
"""

from models.sweeps.registry import SweepModel, register_sweep_model, sweep_models
from models.sweeps.spec import (
    SweepGrid,
    SweepSpec,
    SweepSpecError,
    load_sweep_spec,
)
from models.sweeps.store import SweepStoreError
from models.sweeps.sweep import (
    SweepResult,
    open_sweep,
    sweep,
)

__all__ = [
    "SweepGrid",
    "SweepModel",
    "SweepResult",
    "SweepSpec",
    "SweepSpecError",
    "SweepStoreError",
    "load_sweep_spec",
    "open_sweep",
    "register_sweep_model",
    "sweep",
    "sweep_models",
]
