"""Parameter sweeps: a grid of Monte Carlo runs, chunked into Parquet parts, resumable, on Dask."""

from models.sweeps.spec import (
    SweepGrid,
    SweepModel,
    SweepSpec,
    SweepSpecError,
    load_sweep_spec,
    register_sweep_model,
    sweep_models,
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
