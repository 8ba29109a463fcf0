"""The registry of Monte Carlo models: every model a sweep or ``stances mc`` runs by name.

A Monte Carlo model is a *factory* ``factory(inputs, **options) -> model``: it
receives a declaration of uncertain inputs (:func:`models.uncertain`) and
returns a model for :func:`models.monte_carlo`, a callable from a mapping of
input name to an array of shape ``(n,)`` to a mapping of output name to an
array of shape ``(n,)``. The registry maps a name to a :class:`SweepModel`
entry: the factory, its options, the free inputs it reads, whether it needs
a scenario and one line of description.

Each model family declares its ready-made models in its own ``montecarlo``
module (``models.bargaining.montecarlo``, ``models.war.montecarlo``...) as a
tuple ``SWEEP_MODELS`` of :meth:`SweepModel.declare` entries. The registry
imports the ``montecarlo`` module of every subpackage of :mod:`models` the
first time it is read, so that the engine never imports a family and no
import cycle arises. Adding a model is one factory and one entry in its
family's ``SWEEP_MODELS``; :func:`sweep_models`, the sweep specs and the
``stances mc --model`` and ``stances sweep`` commands read the registry. A
model of one's own is added with :func:`register_sweep_model`, which takes
precedence over a declared model of the same name.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import pkgutil
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["MODULE", "SweepModel", "register_sweep_model", "sweep_models"]

MODULE = "montecarlo"
"""The module of each family (``models.<family>.montecarlo``) whose ``SWEEP_MODELS`` are read."""


def _options_of(factory: Callable[..., Any]) -> tuple[str, ...] | None:
    try:
        params = list(inspect.signature(factory).parameters.values())
    except (TypeError, ValueError):
        return None
    if any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params):
        return None
    names = []
    for i, p in enumerate(params):
        if i == 0 and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD):
            continue  # the inputs
        if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY) and not p.name.startswith("_"):
            names.append(p.name)
    return tuple(names)


@dataclass(frozen=True, slots=True)
class SweepModel:
    """A model a sweep can run, by name: a factory of array-in/array-out models.

    ``factory(inputs, **options)`` receives the point's
    :class:`~models.UncertainInputs` (the swept scenario paths and free
    inputs fixed at the point's values) and the model options, and returns a
    model for :func:`models.monte_carlo`: a callable from a mapping of input
    name to an array of shape ``(n,)`` to a mapping of output name to an
    array of shape ``(n,)``. The ready-made models of each family
    (``models.bargaining.BargainingModel(inputs, loss=...)``) are such
    factories.

    Attributes
    ----------
    name : str
    factory : callable
        Must be picklable (a module-level function or class) to run in
        worker processes.
    options : tuple of str or None
        The keyword options the factory takes (read from its signature; None
        when it takes any keyword).
    free_inputs : tuple of str
        Free input names (not scenario paths) that the model reads from the
        draws, such as ``audience_cost``; sweeping one fixes it.
    needs_scenario : bool
        Whether the model needs a scenario.
    description : str
    """

    name: str
    factory: Callable[..., Any]
    options: tuple[str, ...] | None
    free_inputs: tuple[str, ...] = ()
    needs_scenario: bool = True
    description: str = ""

    @classmethod
    def declare(
        cls,
        name: str,
        factory: Callable[..., Any],
        *,
        options: Sequence[str] | None = None,
        free_inputs: Sequence[str] = (),
        needs_scenario: bool = True,
        description: str = "",
    ) -> SweepModel:
        """Return an entry of the registry, its options read from the factory's signature.

        What a family's ``SWEEP_MODELS`` holds; :func:`register_sweep_model`
        takes the same arguments.

        Parameters
        ----------
        name : str
            The name specs use (``model: name``).
        factory : callable
            ``factory(inputs, **options) -> model``.
        options : sequence of str, optional
            The keyword options (default: the factory's keyword parameters
            after the first).
        free_inputs : sequence of str
            Free input names the model reads from the draws. A spec naming
            another free input is refused (with a did-you-mean), unless the
            model declares none and needs no scenario.
        needs_scenario : bool
            False for a model of free inputs only.
        description : str
            One line for :func:`sweep_models`.

        Returns
        -------
        SweepModel

        Raises
        ------
        ValueError
            If the name is empty.
        TypeError
            If ``factory`` is not callable.

        Examples
        --------
        >>> def doubler(inputs, factor=2.0):
        ...     return lambda values: {"y": factor * values["x"]}
        >>> SweepModel.declare("doubler", doubler, needs_scenario=False).options
        ('factor',)
        """
        return _entry("SweepModel.declare", name, factory, options, free_inputs,
                      needs_scenario, description)


def _entry(
    func: str, name: str, factory: Callable[..., Any], options: Sequence[str] | None,
    free_inputs: Sequence[str], needs_scenario: bool, description: str,
) -> SweepModel:
    if not isinstance(name, str) or not name.strip():
        raise ValueError(f"The 'name' parameter of {func} must be a non-empty str. "
                         f"Got {name!r} instead.")
    if not callable(factory):
        raise TypeError(f"The 'factory' parameter of {func} must be callable. "
                        f"Got {type(factory).__name__} instead.")
    names = _options_of(factory) if options is None else tuple(options)
    return SweepModel(name, factory, names, tuple(free_inputs), bool(needs_scenario),
                      description)


_REGISTRY: dict[str, SweepModel] = {}
_LOADED = False
_LOCK = threading.Lock()


def _load_declared() -> None:
    """Read the ``SWEEP_MODELS`` of every family's ``montecarlo`` module, once."""
    global _LOADED
    with _LOCK:
        if _LOADED:
            return
        _LOADED = True
        import models

        for info in pkgutil.iter_modules(models.__path__):
            module_name = f"models.{info.name}.{MODULE}"
            if not info.ispkg or importlib.util.find_spec(module_name) is None:
                continue
            module = importlib.import_module(module_name)
            for entry in getattr(module, "SWEEP_MODELS", ()):
                _REGISTRY.setdefault(entry.name, entry)  # a registered model wins


def register_sweep_model(
    name: str,
    factory: Callable[..., Any],
    *,
    options: Sequence[str] | None = None,
    free_inputs: Sequence[str] = (),
    needs_scenario: bool = True,
    description: str = "",
) -> SweepModel:
    """Make a model available to sweep specs (and ``stances sweep``) by name.

    Parameters
    ----------
    name : str
        The name specs use (``model: name``). Registering a name again
        replaces the earlier model (a family's declared model too).
    factory : callable
        ``factory(inputs, **options) -> model``; see :class:`SweepModel`.
        Worker processes receive it by pickling, so it must be a module-level
        function or class (whose module they can import).
    options : sequence of str, optional
        The keyword options (default: read from the factory's signature).
    free_inputs : sequence of str
        Free input names the model reads from the draws. A spec naming
        another free input is refused (with a did-you-mean), unless the
        model declares none and needs no scenario.
    needs_scenario : bool
        False for a model of free inputs only (the spec's ``scenario`` may
        then be null).
    description : str
        One line for ``sweep_models()``.

    Returns
    -------
    SweepModel

    Raises
    ------
    ValueError
        If the name is empty.
    TypeError
        If ``factory`` is not callable.

    Examples
    --------
    >>> def doubler(inputs, factor=2.0):
    ...     return lambda values: {"y": factor * values["x"]}
    >>> register_sweep_model("doubler", doubler, needs_scenario=False).options
    ('factor',)
    """
    entry = _entry("register_sweep_model", name, factory, options, free_inputs, needs_scenario,
                   description)
    _REGISTRY[name] = entry
    return entry


def sweep_models() -> dict[str, SweepModel]:
    """Return the models sweep specs can name: the families' declared ones and the registered.

    Returns
    -------
    dict of str to SweepModel

    Examples
    --------
    >>> {"nash", "bargaining", "war", "threat", "smp"} <= set(sweep_models())
    True
    """
    _load_declared()
    return dict(_REGISTRY)


def _lookup(name: str) -> SweepModel | None:
    """Return the entry of ``name``, or None."""
    _load_declared()
    return _REGISTRY.get(name)
