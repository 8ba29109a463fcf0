"""Parameter sweeps: a grid of Monte Carlo runs, chunked into Parquet parts, resumable, on Dask.

:mod:`~models.sweeps.registry` holds the registry of Monte Carlo models
(:func:`sweep_models`, :func:`register_sweep_model`): each family declares
its ready-made models in its own ``montecarlo`` module.
"""

from typing import TYPE_CHECKING

from models._lazy import lazy_attributes

if TYPE_CHECKING:
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


_NAMES = {
    "SweepModel": "models.sweeps.registry",
    "register_sweep_model": "models.sweeps.registry",
    "sweep_models": "models.sweeps.registry",
    "SweepGrid": "models.sweeps.spec",
    "SweepSpec": "models.sweeps.spec",
    "SweepSpecError": "models.sweeps.spec",
    "load_sweep_spec": "models.sweeps.spec",
    "SweepStoreError": "models.sweeps.store",
    "SweepResult": "models.sweeps.sweep",
    "open_sweep": "models.sweeps.sweep",
    "sweep": "models.sweeps.sweep",
}
"""The module that defines each public name (imported on first use)."""

__getattr__, __dir__ = lazy_attributes(
    __name__,
    globals(),
    _NAMES,
    ("registry", "spec", "store", "sweep", "run", "plan", "checks", "cli"),
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
