r"""The Monte Carlo engine: design, evaluate (a chunk at a time), estimate.

A *model* here is any callable with the array-in/array-out contract: it takes
a mapping from input name to an array of shape ``(n,)`` (one entry per draw,
the leading sample axis) and returns a mapping from output name to an array
of shape ``(n,)``. :func:`monte_carlo` runs the three stages:

1. **design** (:mod:`models.uncertainty.samplers`): a sampler and a seed fix
   the points :math:`u^{(0)}, \dots, u^{(N-1)}` of the unit hypercube;
2. **evaluate** (:func:`evaluate`): the points are cut into chunks of
   ``chunk_size``; each chunk is drawn, turned into the inputs
   :math:`x^{(r)} = F^{-1}(u^{(r)})` (:meth:`UncertainInputs.transform
   <models.uncertainty.UncertainInputs.transform>`), passed to the model as
   one batch, and its outputs written into arrays of length :math:`N`, so
   memory holds one chunk's temporaries whatever :math:`N` is; chunks may run
   in worker processes;
3. **estimate** (:mod:`models.uncertainty.estimates`, through
   :class:`~models.uncertainty.MonteCarloResult`): for an output
   :math:`Y = g(X)`, :math:`\hat\mu_N = \frac1N \sum_r g(x^{(r)})` with its
   standard error :math:`s_N / \sqrt N` (Robert and Casella 2004, ch. 3),
   probabilities with Wilson intervals, quantiles with order-statistic
   intervals.

Row :math:`r` of a design depends on :math:`r` and the seed alone, so the
same seed gives bit-identical draws and outputs for any ``chunk_size`` and
any executor. The engine knows no model family: the ready-made models over a
scenario (``BargainingModel``, ``WarModel``, ``ThreatModel``,
``ForecastModel``, ``SMPModel``) live in each family's ``montecarlo`` module
and read their draws through the public methods of
:class:`~models.uncertainty.UncertainInputs`.

References
----------
.. [1] Robert, C. P. and Casella, G. (2004). *Monte Carlo Statistical
   Methods*, 2nd ed. Springer.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Executor, ProcessPoolExecutor
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import check_array, check_int, param_error
from models.uncertainty.inputs import UncertainInputs
from models.uncertainty.results import MonteCarloResult
from models.uncertainty.samplers import BLOCK_SIZE, Design, design

if TYPE_CHECKING:
    from positions import Coding

__all__ = ["Model", "evaluate", "monte_carlo", "sample"]

_DEFAULT_CHUNK = 16 * BLOCK_SIZE

MAX_RESULT_BYTES = 16 * 2**30
"""The most memory the outputs (and kept draws) of one in-memory run may take (16 GiB).

:func:`monte_carlo` holds every draw's outputs; a larger run is refused before
any allocation, pointing to :func:`models.sweep` (``stances mc``), which
streams chunks to disk."""

Model = Callable[[Mapping[str, NDArray[Any]]], Mapping[str, ArrayLike]]
"""``model(values) -> outputs``: arrays of shape (n,) by input name in, by output name out."""

_Evaluated = tuple[NDArray[np.float64] | None, dict[str, NDArray[Any]]]


def sample(
    inputs: UncertainInputs,
    n_draws: int | None = None,
    *,
    sampler: str = "random",
    rng: np.random.Generator | int | None = None,
    levels: int | Mapping[str, int] = 3,
    start: int = 0,
    stop: int | None = None,
) -> NDArray[np.float64]:
    """Draw the inputs: rows ``start:stop`` of a design of ``n_draws`` draws.

    Parameters
    ----------
    inputs : UncertainInputs
        The declaration (:func:`models.uncertain`).
    n_draws : int, optional
        The design's size (>= 1); for ``sampler='factorial'``, None (the
        full design) or its size.
    sampler : str
        A name of :data:`~models.uncertainty.SAMPLERS`: ``'random'``,
        ``'lhs'``, ``'sobol'``, ``'halton'``, ``'factorial'`` (see
        :mod:`models.uncertainty.samplers`) or one added there.
    rng : numpy.random.Generator, int or None
        The seed. An int fixes the draws; a Generator gives a seed from its
        stream.
    levels : int or mapping of str to int
        Quantile levels per continuous input of the factorial design (default
        3: the 1/6, 1/2 and 5/6 quantiles); a discrete input uses its atoms.
    start, stop : int
        The rows wanted (default all). Rows are the same whatever slice is
        asked for, which is how chunks and workers share one design.

    Returns
    -------
    ndarray of shape (stop - start, n_inputs)
        One column per input, in ``inputs.names`` order (category indices
        for a categorical input).

    Raises
    ------
    ValueError
        If the sampler is unknown, ``n_draws`` or the slice is invalid.
    TypeError
        If ``inputs`` is not an :class:`UncertainInputs`.

    Examples
    --------
    >>> from models import uncertain
    >>> from positions import Uniform
    >>> inputs = uncertain(inputs={"x": Uniform(low=0, high=1), "y": Uniform(low=0, high=1)})
    >>> full = sample(inputs, 3000, rng=7)
    >>> bool((sample(inputs, 3000, rng=7, start=1000, stop=2500) == full[1000:2500]).all())
    True
    >>> lhs = sample(inputs, 10, sampler="lhs", rng=1)
    >>> sorted((lhs[:, 0] * 10).astype(int).tolist())  # one draw per stratum
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    """
    func = "sample"
    plan = design(inputs, n_draws, sampler=sampler, rng=rng, levels=levels, caller=func)
    start = check_int(start, "start", func, low=0)
    stop = plan.n_draws if stop is None else check_int(stop, "stop", func, low=start)
    if stop > plan.n_draws:
        raise param_error("stop", func, f"at most n_draws={plan.n_draws}", str(stop))
    return inputs.transform(plan.uniforms(start, stop))


# ================================================================= evaluation
def _chunk(
    model: Model, inputs: UncertainInputs, source: Design | NDArray[np.float64], start: int,
    stop: int, func: str,
) -> tuple[NDArray[np.float64], dict[str, NDArray[Any]]]:
    """Draw rows ``start:stop`` (or take the given uniforms) and evaluate the model on them."""
    u = source.uniforms(start, stop) if isinstance(source, Design) else source
    draws = inputs.transform(u)
    raw = model(inputs.columns(draws))
    if not isinstance(raw, Mapping):
        raise TypeError(
            f"The 'model' parameter of {func} must return a mapping from output name to "
            f"an array of shape (n,). Got {type(raw).__name__} instead."
        )
    n = stop - start
    out: dict[str, NDArray[Any]] = {}
    for name, value in raw.items():
        arr = np.asarray(value)
        if arr.shape != (n,):
            raise ValueError(
                f"The 'model' parameter of {func} must return arrays of shape (n,) = "
                f"({n},) (one value per draw). Got shape {arr.shape} for output {name!r} instead."
            )
        out[str(name)] = arr
    return draws, out


_Task = tuple[Model, UncertainInputs, "Design | NDArray[np.float64]", int, int, bool, str]


def _chunk_task(task: _Task) -> _Evaluated:
    model, inputs, source, start, stop, keep, func = task
    draws, out = _chunk(model, inputs, source, start, stop, func)
    return (draws if keep else None), out


_WORKER_CACHE: dict[bytes, tuple[Model, UncertainInputs]] = {}
"""In a worker process: the model and inputs of the latest runs, by the hash of their pickle."""


def _cached_task(
    task: tuple[bytes, bytes, Design | NDArray[np.float64], int, int, bool, str],
) -> _Evaluated:
    """Run a chunk in a worker, unpickling the model and inputs once per worker and run."""
    import pickle

    token, payload, source, start, stop, keep, func = task
    found = _WORKER_CACHE.get(token)
    if found is None:
        found = pickle.loads(payload)  # our own pickle, made by the parent process
        while len(_WORKER_CACHE) >= 2:
            _WORKER_CACHE.pop(next(iter(_WORKER_CACHE)))
        _WORKER_CACHE[token] = found
    return _chunk_task((found[0], found[1], source, start, stop, keep, func))


def _results(
    model: Model, inputs: UncertainInputs, source: Design | NDArray[np.float64],
    bounds: list[tuple[int, int]], keep_draws: bool, executor: Executor | None, func: str,
) -> Iterator[_Evaluated]:
    """Yield each chunk's draws (if kept) and outputs, in order, here or via ``executor``."""
    def part(s: int, e: int) -> Design | NDArray[np.float64]:
        return source if isinstance(source, Design) else source[s:e]

    if executor is None:
        return map(_chunk_task, ((model, inputs, part(s, e), s, e, keep_draws, func)
                                 for s, e in bounds))
    if isinstance(executor, ProcessPoolExecutor):
        # the model and the inputs travel pickled once, as bytes: each worker unpickles them
        # the first time it sees them and keeps them for the rest of the run
        import hashlib
        import pickle

        payload = pickle.dumps((model, inputs), protocol=pickle.HIGHEST_PROTOCOL)
        token = hashlib.blake2b(payload, digest_size=16).digest()
        cached = ((token, payload, part(s, e), s, e, keep_draws, func) for s, e in bounds)
        return executor.map(_cached_task, cached, chunksize=max(1, len(bounds) // 32))
    return executor.map(_chunk_task, ((model, inputs, part(s, e), s, e, keep_draws, func)
                                      for s, e in bounds))


def evaluate(
    model: Model,
    inputs: UncertainInputs,
    points: Design | ArrayLike,
    *,
    chunk_size: int = _DEFAULT_CHUNK,
    keep_draws: bool = False,
    progress: bool = False,
    executor: Executor | None = None,
    caller: str = "evaluate",
) -> tuple[NDArray[np.float64] | None, dict[str, NDArray[Any]]]:
    """Evaluate a model on points of the unit hypercube, a chunk of points at a time.

    The evaluation stage of the engine, shared by :func:`monte_carlo` and the
    sensitivity analyses (:func:`models.sobol_indices`,
    :func:`models.morris_screening`): each chunk of ``chunk_size`` points is
    turned into draws of the inputs (:meth:`UncertainInputs.transform
    <models.uncertainty.UncertainInputs.transform>`), passed to ``model`` as
    one batch, and its outputs are written into arrays of length ``n``.

    Parameters
    ----------
    model : callable
        ``model(values) -> outputs``, see :func:`monte_carlo`.
    inputs : UncertainInputs
        The declaration (:func:`models.uncertain`).
    points : Design or array_like of shape (n, n_inputs)
        A design (:func:`models.uncertainty.samplers.design`; each chunk
        draws its own rows) or the points themselves, in [0, 1] (each chunk
        gets its slice).
    chunk_size : int
        Points per model call (>= 1).
    keep_draws : bool
        Return the draws too.
    progress : bool
        Show a ``tqdm`` progress bar.
    executor : concurrent.futures.Executor, optional
        Evaluate chunks through ``executor.map``; with a
        ``ProcessPoolExecutor`` the model and the inputs are pickled once and
        kept by each worker. Default: in this process.
    caller : str
        The function named in error messages (the engine's callers pass
        theirs).

    Returns
    -------
    draws : ndarray of shape (n, n_inputs) or None
        The draws (None unless ``keep_draws``); read-only.
    outputs : dict of str to ndarray of shape (n,)
        The model's outputs; read-only.

    Raises
    ------
    ValueError
        If the model returns arrays of the wrong shape or different outputs
        from chunk to chunk, an argument is invalid, or the outputs would
        exceed :data:`MAX_RESULT_BYTES` (checked before any allocation).
    TypeError
        If ``model`` is not callable or does not return a mapping.

    Examples
    --------
    >>> from models import uncertain
    >>> from positions import Uniform
    >>> inputs = uncertain(inputs={"x": Uniform(low=0, high=10)})
    >>> draws, out = evaluate(lambda v: {"y": 2 * v["x"]}, inputs, [[0.1], [0.5]],
    ...                       keep_draws=True)
    >>> draws.tolist(), out["y"].tolist()
    ([[1.0], [5.0]], [2.0, 10.0])
    """
    from tqdm.auto import tqdm  # type: ignore[import-untyped]

    func = caller
    if not callable(model):
        raise TypeError(f"The 'model' parameter of {func} must be callable. "
                        f"Got {type(model).__name__} instead.")
    chunk_size = check_int(chunk_size, "chunk_size", func, low=1)
    source: Design | NDArray[np.float64]
    if isinstance(points, Design):
        source, n = points, points.n_draws
    else:
        d = inputs.n_inputs
        source = check_array(points, "points", func, ndim=2, shape=(d,),
                             shape_text=f"(n, n_inputs) = (n, {d})")
        n = source.shape[0]
    n_out = max(1, len(getattr(model, "output_names", None) or ()))
    need = 8 * n * (n_out + (inputs.n_inputs if keep_draws else 0))
    if need > MAX_RESULT_BYTES:
        raise param_error(
            "n_draws", func,
            f"small enough that its {n_out} output(s){' and draws' if keep_draws else ''} fit "
            f"in {MAX_RESULT_BYTES // 2**30} GiB of memory (they would need "
            f"{need / 2**40:,.1f} TiB); models.sweep and `stances mc` stream larger runs to "
            "disk", f"{n:,}")
    draws = np.empty((n, inputs.n_inputs)) if keep_draws else None
    outputs: dict[str, NDArray[Any]] = {}
    bounds = [(s, min(n, s + chunk_size)) for s in range(0, n, chunk_size)]
    results = _results(model, inputs, source, bounds, keep_draws, executor, func)
    with tqdm(total=n, disable=not progress, unit="draw", desc=func) as bar:
        for (s, e), (chunk_draws, out) in zip(bounds, results, strict=True):
            if draws is not None and chunk_draws is not None:
                draws[s:e] = chunk_draws
            _collect(outputs, out, n, s, e, func)
            bar.update(e - s)
    for arr in outputs.values():
        arr.flags.writeable = False
    if draws is not None:
        draws.flags.writeable = False
    return draws, outputs


def _collect(
    outputs: dict[str, NDArray[Any]], out: dict[str, NDArray[Any]], n: int, s: int, e: int,
    func: str,
) -> None:
    """Write a chunk's outputs at rows ``s:e``, allocating the arrays at the first chunk."""
    if not outputs:
        if not out:
            raise ValueError(f"The 'model' parameter of {func} must return at least "
                             "one output. Got none instead.")
        outputs.update({k: np.empty(n, dtype=v.dtype) for k, v in out.items()})
    elif set(out) != set(outputs):
        raise ValueError(
            f"The 'model' parameter of {func} must return the same outputs for every "
            f"chunk. Got {sorted(out)} after {sorted(outputs)} instead."
        )
    for k, v in out.items():
        outputs[k][s:e] = v


def monte_carlo(
    model: Model,
    inputs: UncertainInputs,
    n_draws: int | None = None,
    *,
    sampler: str = "random",
    rng: np.random.Generator | int | None = None,
    chunk_size: int = _DEFAULT_CHUNK,
    levels: int | Mapping[str, int] = 3,
    keep_draws: bool = True,
    progress: bool = True,
    executor: Executor | None = None,
    codings: Iterable[Coding] | None = None,
    coder_weights: Mapping[str, float] | None = None,
) -> MonteCarloResult:
    """Evaluate a model over draws of uncertain inputs, a chunk of draws at a time.

    The draws are cut into chunks of ``chunk_size``; each chunk is drawn,
    passed to ``model`` as one batch and its outputs written into arrays of
    length ``n_draws``, so memory holds one chunk's temporaries (plus the
    outputs, and the draws if kept) whatever ``n_draws`` is. The same
    ``rng`` gives bit-identical draws and outputs for any ``chunk_size`` and
    any ``executor`` (see the module docstring).

    Parameters
    ----------
    model : callable
        ``model(values) -> outputs``: ``values`` maps each input name to an
        array of shape ``(n,)``; ``outputs`` maps each output name to an
        array of shape ``(n,)`` (numbers or booleans). E.g.
        :class:`models.bargaining.BargainingModel`.
    inputs : UncertainInputs
        The declaration (:func:`models.uncertain`).
    n_draws : int, optional
        Number of draws (>= 1); None only for the full factorial design.
    sampler : str
        A name of :data:`~models.uncertainty.SAMPLERS`, see :func:`sample`.
        Sobol sequences balance best when ``n_draws`` is a power of 2.
    rng : numpy.random.Generator, int or None
        The seed; the result records the integer root seed.
    chunk_size : int
        Draws per model call (>= 1).
    levels : int or mapping of str to int
        Factorial levels, see :func:`sample`.
    keep_draws : bool
        Keep the draws in the result (``n_draws x n_inputs`` floats);
        without them, :meth:`MonteCarloResult.input_values` regenerates
        them from the seed.
    progress : bool
        Show a ``tqdm`` progress bar.
    executor : concurrent.futures.Executor, optional
        Evaluate chunks through ``executor.map`` (e.g. a
        ``ProcessPoolExecutor``; the model must then be picklable: the
        families' ready-made models are). Default: in this process.
    codings : iterable of positions.Coding, optional
        Other coders' values: the inputs become a mixture over coders
        (:func:`models.uncertainty.coders.with_codings`; the scenario is
        coder ``A``), with the coder choice as one more input, ``coder``.
    coder_weights : mapping of str to float, optional
        Each coder's probability of being drawn (default equal).

    Returns
    -------
    MonteCarloResult

    Raises
    ------
    ValueError
        If an argument is invalid or the model returns arrays of the wrong
        shape or different output names from chunk to chunk.
    TypeError
        If ``inputs`` is not an :class:`UncertainInputs` or the model does
        not return a mapping.

    See Also
    --------
    sample : the draws alone.
    evaluate : the evaluation stage alone.
    models.sobol_indices : variance-based sensitivity through the same evaluator.

    References
    ----------
    .. [1] Robert, C. P. and Casella, G. (2004). *Monte Carlo Statistical
       Methods*, 2nd ed. Springer, ch. 3.

    Examples
    --------
    >>> from models import uncertain
    >>> from positions import Uniform
    >>> inputs = uncertain(inputs={"x": Uniform(low=0, high=1)})
    >>> res = monte_carlo(lambda v: {"y": v["x"] ** 2, "big": v["x"] > 0.5}, inputs, 20000,
    ...                   rng=1, progress=False)
    >>> est = res.mean("y")
    >>> abs(est.estimate - 1 / 3) < 3 * est.se
    True
    >>> res.probability("big").ci_low < 0.5 < res.probability("big").ci_high
    True
    """
    func = "monte_carlo"
    if codings is not None:
        from models.uncertainty.coders import with_codings

        inputs = with_codings(inputs, codings, coder_weights=coder_weights)
    plan = design(inputs, n_draws, sampler=sampler, rng=rng, levels=levels, caller=func)
    chunk_size = check_int(chunk_size, "chunk_size", func, low=1)
    n = plan.n_draws
    if plan.spec.power_of_two and n & (n - 1):
        warnings.warn(
            f"{plan.spec.title} points balance best when n_draws is a power of 2; got {n}.",
            UserWarning, stacklevel=2,
        )
    draws, outputs = evaluate(model, inputs, plan, chunk_size=chunk_size,
                              keep_draws=keep_draws, progress=progress, executor=executor,
                              caller=func)
    return MonteCarloResult(
        inputs=inputs, draws=draws, outputs=MappingProxyType(outputs), n_draws=n,
        sampler=sampler, seed=plan.seed, chunk_size=chunk_size, design=plan,
    )

