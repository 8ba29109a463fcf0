r"""Monte Carlo over uncertain inputs: samplers, chunked batched evaluation, summaries.

A *model* here is any callable with the array-in/array-out contract: it takes
a mapping from input name to an array of shape ``(n,)`` (one entry per draw,
the leading sample axis) and returns a mapping from output name to an array
of shape ``(n,)``. :func:`monte_carlo` draws :math:`x^{(1)}, \dots, x^{(N)}`
from an :class:`~models.UncertainInputs` declaration, evaluates the model on
them a chunk at a time and estimates, for an output :math:`Y = g(X)`,

.. math::

    \hat\mu_N = \frac1N \sum_{r=1}^N g(x^{(r)}), \qquad
    \widehat{\mathrm{se}} = \frac{s_N}{\sqrt N}, \qquad
    \hat\mu_N \pm z_{1-\alpha/2}\, \widehat{\mathrm{se}},

(the central limit theorem; Robert and Casella 2004, ch. 3), and for an
event, the proportion :math:`\hat p` with the Wilson (1927) score interval

.. math::

    \frac{\hat p + \frac{z^2}{2N} \pm z \sqrt{\frac{\hat p (1 - \hat p)}{N}
    + \frac{z^2}{4N^2}}}{1 + \frac{z^2}{N}},

which keeps its coverage near the nominal level even for :math:`\hat p`
near 0 or 1, unlike the normal (Wald) interval (Brown, Cai and DasGupta
2001). Quantiles get distribution-free intervals from order statistics
(Conover 1999, sec. 3.2). These standard errors assume independent draws
(``sampler='random'``); Latin hypercube sampling never has a larger
asymptotic variance (Stein 1987) and quasi-Monte Carlo usually a much smaller
one, so for them the reported errors are conservative guides, not exact.

**Samplers** (all of the unit hypercube, then the inverse CDFs of
:mod:`models.uncertainty`): ``'random'`` (plain Monte Carlo), ``'lhs'``
(Latin hypercube, McKay, Beckman and Conover 1979: in every dimension each of
the :math:`N` strata :math:`[i/N, (i+1)/N)` holds exactly one draw),
``'sobol'`` and ``'halton'`` (scrambled low-discrepancy sequences of
:mod:`scipy.stats.qmc`; Owen 1998), and ``'factorial'`` (every combination
of ``levels`` quantiles per input, the atoms of a discrete input).

**Reproducibility whatever the chunking.** One seed fixes every draw. Plain
and Latin hypercube draws are defined in fixed blocks of
:data:`BLOCK_SIZE` rows: block :math:`k` draws its uniforms from
``np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(k,)))``, the
:math:`k`-th child of ``SeedSequence(seed)``; a chunk is cut from the blocks
it overlaps, so chunk sizes and worker counts change nothing. The Latin
hypercube's strata are permuted, in each dimension, by a keyed Feistel
permutation of :math:`\{0, \dots, N - 1\}` (with cycle walking; Black and
Rogaway 2002), computed for any slice of indices without building the
permutation. Sobol and Halton sequences are scrambled once from the seed and
fast-forwarded to each chunk's first index. The factorial design is
enumerated by index. So the same seed gives bit-identical draws and outputs
for any ``chunk_size`` and any executor.

**Ready-made models** over a scenario's declaration: :class:`BargainingModel`
(the Nash, Kalai-Smorodinsky, egalitarian and utilitarian solutions over the
outcome space, the ZOPA), :class:`WarModel` (Fearon's bargaining range and
mutual optimism), :class:`ThreatModel` (the credibility of the US sanctions
threat), :class:`ForecastModel` (weighted mean, weighted median and Condorcet
winner per issue) and :class:`SMPModel` (KTAB's Spatial Model of Politics).

References
----------
.. [1] Robert, C. P. and Casella, G. (2004). *Monte Carlo Statistical
   Methods*, 2nd ed. Springer.
.. [2] Wilson, E. B. (1927). Probable inference, the law of succession, and
   statistical inference. *JASA*, 22(158), 209-212.
.. [3] Brown, L. D., Cai, T. T. and DasGupta, A. (2001). Interval
   estimation for a binomial proportion. *Statistical Science*, 16(2), 101-133.
.. [4] Conover, W. J. (1999). *Practical Nonparametric Statistics*, 3rd ed.
   Wiley.
.. [5] McKay, M. D., Beckman, R. J. and Conover, W. J. (1979). A comparison
   of three methods for selecting values of input variables in the analysis
   of output from a computer code. *Technometrics*, 21(2), 239-245.
.. [6] Stein, M. (1987). Large sample properties of simulations using Latin
   hypercube sampling. *Technometrics*, 29(2), 143-151.
.. [7] Owen, A. B. (1998). Scrambling Sobol' and Niederreiter-Xing points.
   *Journal of Complexity*, 14(4), 466-489.
.. [8] Black, J. and Rogaway, P. (2002). Ciphers with arbitrary finite
   domains. *CT-RSA 2002*, LNCS 2271, 114-130.
.. [9] Dvoretzky, A., Kiefer, J. and Wolfowitz, J. (1956); Massart, P.
   (1990). The tight constant in the Dvoretzky-Kiefer-Wolfowitz inequality.
   *Annals of Probability*, 18(3), 1269-1283 (the ECDF band of the plots).
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from models._checks import check_int, check_real, param_error
from models._random import child_rng, root_seed
from models.uncertainty.inputs import UncertainInputs
from positions import Categorical, Discrete, Empirical, Fixed

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "BLOCK_SIZE",
    "SAMPLERS",
    "Convergence",
    "MCEstimate",
    "MonteCarloResult",
    "monte_carlo",
    "sample",
]

Sampler = Literal["random", "lhs", "sobol", "halton", "factorial"]
SAMPLERS: tuple[str, ...] = ("random", "lhs", "sobol", "halton", "factorial")
"""The sampler names :func:`sample` and :func:`monte_carlo` accept."""

BLOCK_SIZE = 1024
"""Rows per random stream: block ``k`` of the draws uses the ``k``-th child seed."""

_LHS_KEY = 2**32
_QMC_KEY = 2**32 + 1
_FEISTEL_ROUNDS = 4
_DEFAULT_CHUNK = 16 * BLOCK_SIZE
_DEFAULT_MAX_BYTES = 64 * 2**20

Model = Callable[[Mapping[str, NDArray[Any]]], Mapping[str, ArrayLike]]


# ====================================================================== seeds
def _block_uniforms(seed: int, d: int, start: int, stop: int) -> NDArray[np.float64]:
    """Rows ``start:stop`` of the blockwise uniform stream (see the module docstring)."""
    out = np.empty((stop - start, d))
    first, last = start // BLOCK_SIZE, (stop - 1) // BLOCK_SIZE
    for k in range(first, last + 1):
        block = child_rng(seed, k).random((BLOCK_SIZE, d))
        lo = max(start, k * BLOCK_SIZE)
        hi = min(stop, (k + 1) * BLOCK_SIZE)
        out[lo - start : hi - start] = block[lo - k * BLOCK_SIZE : hi - k * BLOCK_SIZE]
    return out


# ============================================================ permutations (LHS)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)


def _mix(z: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """Hash 64-bit words with the splitmix64 finaliser (fast and well mixing)."""
    z = (z ^ (z >> np.uint64(30))) * _M1
    z = (z ^ (z >> np.uint64(27))) * _M2
    return np.asarray(z ^ (z >> np.uint64(31)), dtype=np.uint64)


def _feistel(
    x: NDArray[np.uint64], half: int, keys: NDArray[np.uint64]
) -> NDArray[np.uint64]:
    mask = np.uint64((1 << half) - 1)
    shift = np.uint64(half)
    left, right = x >> shift, x & mask
    for key in keys:
        left, right = right, left ^ (_mix(right ^ key) & mask)
    return np.asarray((left << shift) | right, dtype=np.uint64)


def _permute(index: NDArray[np.int64], n: int, keys: NDArray[np.uint64]) -> NDArray[np.int64]:
    """Evaluate a keyed pseudo-random permutation of ``range(n)`` at ``index``.

    A balanced Feistel network on the smallest even number of bits covering
    ``n`` is a bijection of ``[0, 2**bits)``; cycle walking (re-encrypting
    until the value falls below ``n``) restricts it to ``[0, n)`` (Black and
    Rogaway 2002).
    """
    bits = max(2, (n - 1).bit_length())
    bits += bits % 2
    half = bits // 2
    y = _feistel(index.astype(np.uint64), half, keys)
    outside = y >= np.uint64(n)
    while outside.any():
        y[outside] = _feistel(y[outside], half, keys)
        outside = y >= np.uint64(n)
    return y.astype(np.int64)


# ==================================================================== designs
@dataclass(frozen=True, slots=True)
class _Design:
    """What fixes the draws: the sampler, the design size, the seed, the factorial grid."""

    sampler: str
    n_inputs: int
    n_draws: int
    seed: int
    grid: tuple[tuple[float, ...], ...] = ()

    def uniforms(self, start: int, stop: int) -> NDArray[np.float64]:
        """Rows ``start:stop`` of the design in the unit hypercube."""
        d = self.n_inputs
        if stop <= start:
            return np.empty((0, d))
        if self.sampler == "random":
            return _block_uniforms(self.seed, d, start, stop)
        if self.sampler == "lhs":
            jitter = _block_uniforms(self.seed, d, start, stop)
            index = np.arange(start, stop, dtype=np.int64)
            out = np.empty((stop - start, d))
            for j in range(d):
                keys = np.random.SeedSequence(self.seed, spawn_key=(_LHS_KEY, j)).generate_state(
                    _FEISTEL_ROUNDS, np.uint64)
                strata = _permute(index, self.n_draws, keys.astype(np.uint64))
                out[:, j] = (strata + jitter[:, j]) / self.n_draws
            return out
        if self.sampler in ("sobol", "halton"):
            from scipy.stats import qmc

            gen = np.random.default_rng(np.random.SeedSequence(self.seed, spawn_key=(_QMC_KEY,)))
            engine: Any = (qmc.Sobol(d, scramble=True, rng=gen) if self.sampler == "sobol"
                           else qmc.Halton(d, scramble=True, rng=gen))
            if start:
                engine.fast_forward(start)
            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=".*balance properties.*")
                return np.asarray(engine.random(stop - start), dtype=float)
        # factorial: mixed-radix digits of the index, last input fastest
        out = np.empty((stop - start, d))
        rest = np.arange(start, stop, dtype=np.int64)
        for j in range(d - 1, -1, -1):
            points = np.asarray(self.grid[j])
            out[:, j] = points[rest % points.size]
            rest //= points.size
        return out


def _factorial_grid(
    inputs: UncertainInputs, levels: int | Mapping[str, int], func: str
) -> tuple[tuple[float, ...], ...]:
    """Per input, the uniforms of its factorial levels (the atoms' mid-masses if discrete)."""
    if isinstance(levels, Mapping):
        unknown = [k for k in levels if k not in inputs.names]
        if unknown:
            raise param_error("levels", func, "a mapping over declared input names",
                              repr(unknown[0]))
        per = {k: check_int(v, "levels", func, low=1) for k, v in levels.items()}
        default = 3
    else:
        per, default = {}, check_int(levels, "levels", func, low=1)
    grid: list[tuple[float, ...]] = []
    for x in inputs.inputs:
        dist = x.distribution
        if isinstance(dist, Fixed):
            grid.append((0.5,))
        elif isinstance(dist, Discrete | Categorical | Empirical):
            if isinstance(dist, Empirical):
                m = len(dist.samples)
                w = np.ones(m)
            elif isinstance(dist, Discrete):
                order = np.argsort(dist.values, kind="stable")
                w = np.ones(len(dist.values)) if dist.weights is None else np.asarray(
                    dist.weights, dtype=float)[order]
            else:
                w = np.ones(len(dist.categories)) if dist.weights is None else np.asarray(
                    dist.weights, dtype=float)
            cum = np.concatenate(([0.0], np.cumsum(w) / w.sum()))
            mids = (cum[:-1] + cum[1:]) / 2
            grid.append(tuple(float(u) for u, wi in zip(mids, w, strict=True) if wi > 0))
        else:
            m = per.get(x.name, default)
            grid.append(tuple(float(u) for u in (np.arange(m) + 0.5) / m))
    return tuple(grid)


def _design(
    inputs: UncertainInputs,
    n_draws: int | None,
    sampler: str,
    rng: np.random.Generator | int | None,
    levels: int | Mapping[str, int],
    func: str,
) -> _Design:
    if not isinstance(inputs, UncertainInputs):
        raise TypeError(f"The 'inputs' parameter of {func} must be an UncertainInputs (from "
                        f"models.uncertain). Got {type(inputs).__name__} instead.")
    if sampler not in SAMPLERS:
        raise param_error("sampler", func, f"one of {', '.join(map(repr, SAMPLERS))}",
                          repr(sampler))
    grid: tuple[tuple[float, ...], ...] = ()
    if sampler == "factorial":
        grid = _factorial_grid(inputs, levels, func)
        size = math.prod(len(g) for g in grid)
        if n_draws is None:
            n_draws = size
        elif check_int(n_draws, "n_draws", func, low=1) != size:
            raise param_error("n_draws", func,
                              f"None or the size of the factorial design ({size:,})",
                              repr(n_draws))
    elif n_draws is None:
        raise param_error("n_draws", func, "an int >= 1 (None only for sampler='factorial')",
                          "None")
    n_draws = check_int(n_draws, "n_draws", func, low=1)
    if sampler == "sobol" and inputs.n_inputs > 21201:
        raise param_error("inputs", func, "at most 21201 inputs for sampler='sobol'",
                          str(inputs.n_inputs))
    return _Design(sampler, inputs.n_inputs, n_draws, root_seed(rng), grid)


def sample(
    inputs: UncertainInputs,
    n_draws: int | None = None,
    *,
    sampler: Sampler = "random",
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
    sampler : {'random', 'lhs', 'sobol', 'halton', 'factorial'}
        See the module docstring.
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
    design = _design(inputs, n_draws, sampler, rng, levels, func)
    start = check_int(start, "start", func, low=0)
    stop = design.n_draws if stop is None else check_int(stop, "stop", func, low=start)
    if stop > design.n_draws:
        raise param_error("stop", func, f"at most n_draws={design.n_draws}", str(stop))
    return inputs._transform(design.uniforms(start, stop))


# ================================================================= evaluation
def _chunk(
    model: Model, inputs: UncertainInputs, source: _Design | NDArray[np.float64], start: int,
    stop: int, func: str,
) -> tuple[NDArray[np.float64], dict[str, NDArray[Any]]]:
    """Draw rows ``start:stop`` (or take the given uniforms) and evaluate the model on them."""
    u = source.uniforms(start, stop) if isinstance(source, _Design) else source
    draws = inputs._transform(u)
    batch = {name: draws[:, j] for j, name in enumerate(inputs.names)}
    raw = model(batch)
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


_Task = tuple[Model, UncertainInputs, "_Design | NDArray[np.float64]", int, int, bool, str]


def _chunk_task(task: _Task) -> tuple[NDArray[np.float64] | None, dict[str, NDArray[Any]]]:
    model, inputs, source, start, stop, keep, func = task
    draws, out = _chunk(model, inputs, source, start, stop, func)
    return (draws if keep else None), out


_WORKER_CACHE: dict[bytes, tuple[Model, UncertainInputs]] = {}
"""In a worker process: the model and inputs of the latest runs, by the hash of their pickle."""


def _cached_task(
    task: tuple[bytes, bytes, _Design | NDArray[np.float64], int, int, bool, str],
) -> tuple[NDArray[np.float64] | None, dict[str, NDArray[Any]]]:
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


def _evaluate(
    model: Model,
    inputs: UncertainInputs,
    n: int,
    source: _Design | NDArray[np.float64],
    *,
    chunk_size: int,
    keep_draws: bool,
    progress: bool,
    executor: Executor | None,
    func: str,
) -> tuple[NDArray[np.float64] | None, dict[str, NDArray[Any]]]:
    """Evaluate ``model`` on ``n`` draws chunk by chunk: the draws (if kept) and the outputs.

    ``source`` is a design (each chunk draws its own rows) or the whole array
    of uniforms (each chunk gets its slice).
    """
    from tqdm.auto import tqdm  # type: ignore[import-untyped]

    if not callable(model):
        raise TypeError(f"The 'model' parameter of {func} must be callable. "
                        f"Got {type(model).__name__} instead.")
    draws = np.empty((n, inputs.n_inputs)) if keep_draws else None
    outputs: dict[str, NDArray[Any]] = {}
    bounds = [(s, min(n, s + chunk_size)) for s in range(0, n, chunk_size)]
    tasks = ((model, inputs, source if isinstance(source, _Design) else source[s:e], s, e,
              keep_draws, func) for s, e in bounds)
    results: Iterator[tuple[NDArray[np.float64] | None, dict[str, NDArray[Any]]]]
    if executor is None:
        results = map(_chunk_task, tasks)
    elif isinstance(executor, ProcessPoolExecutor):
        # the model and the inputs travel pickled once, as bytes: each worker unpickles them
        # the first time it sees them and keeps them for the rest of the run
        import hashlib
        import pickle

        payload = pickle.dumps((model, inputs), protocol=pickle.HIGHEST_PROTOCOL)
        token = hashlib.blake2b(payload, digest_size=16).digest()
        cached = ((token, payload, source if isinstance(source, _Design) else source[s:e], s, e,
                   keep_draws, func) for s, e in bounds)
        results = executor.map(_cached_task, cached, chunksize=max(1, len(bounds) // 32))
    else:
        results = executor.map(_chunk_task, tasks)
    with tqdm(total=n, disable=not progress, unit="draw", desc=func) as bar:
        for (s, e), (chunk_draws, out) in zip(bounds, results, strict=True):
            if draws is not None and chunk_draws is not None:
                draws[s:e] = chunk_draws
            if not outputs:
                if not out:
                    raise ValueError(f"The 'model' parameter of {func} must return at least "
                                     "one output. Got none instead.")
                outputs = {k: np.empty(n, dtype=v.dtype) for k, v in out.items()}
            elif set(out) != set(outputs):
                raise ValueError(
                    f"The 'model' parameter of {func} must return the same outputs for every "
                    f"chunk. Got {sorted(out)} after {sorted(outputs)} instead."
                )
            for k, v in out.items():
                outputs[k][s:e] = v
            bar.update(e - s)
    for arr in outputs.values():
        arr.flags.writeable = False
    if draws is not None:
        draws.flags.writeable = False
    return draws, outputs


def monte_carlo(
    model: Model,
    inputs: UncertainInputs,
    n_draws: int | None = None,
    *,
    sampler: Sampler = "random",
    rng: np.random.Generator | int | None = None,
    chunk_size: int = _DEFAULT_CHUNK,
    levels: int | Mapping[str, int] = 3,
    keep_draws: bool = True,
    progress: bool = True,
    executor: Executor | None = None,
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
        :class:`BargainingModel`.
    inputs : UncertainInputs
        The declaration (:func:`models.uncertain`).
    n_draws : int, optional
        Number of draws (>= 1); None only for the full factorial design.
    sampler : {'random', 'lhs', 'sobol', 'halton', 'factorial'}
        See :func:`sample`. Sobol sequences balance best when ``n_draws`` is
        a power of 2.
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
        adapters of this module are). Default: in this process.

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
    design = _design(inputs, n_draws, sampler, rng, levels, func)
    chunk_size = check_int(chunk_size, "chunk_size", func, low=1)
    n = design.n_draws
    if sampler == "sobol" and n & (n - 1):
        warnings.warn(
            f"Sobol' points balance best when n_draws is a power of 2; got {n}.",
            UserWarning, stacklevel=2,
        )
    draws, outputs = _evaluate(model, inputs, n, design, chunk_size=chunk_size,
                               keep_draws=keep_draws, progress=progress, executor=executor,
                               func=func)
    return MonteCarloResult(
        inputs=inputs, draws=draws, outputs=MappingProxyType(outputs), n_draws=n,
        sampler=sampler, seed=design.seed, chunk_size=chunk_size, _design=design,
    )


# ==================================================================== results
def _z(level: float) -> float:
    return float(stats.norm.ppf(0.5 + level / 2))


def _wilson(k: NDArray[Any], n: NDArray[Any], z: float) -> tuple[NDArray[Any], NDArray[Any]]:
    n = np.asarray(n, dtype=float)
    p = np.asarray(k, dtype=float) / np.where(n > 0, n, 1.0)
    denom = 1.0 + z**2 / n
    centre = (p + z**2 / (2 * n)) / denom
    half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / denom
    return np.clip(centre - half, 0.0, 1.0), np.clip(centre + half, 0.0, 1.0)


@dataclass(frozen=True, slots=True)
class MCEstimate:
    """A Monte Carlo estimate with its standard error and confidence interval.

    Attributes
    ----------
    name : str
        The output or event.
    statistic : {'mean', 'probability', 'quantile'}
    estimate : float
    se : float
        The Monte Carlo standard error (NaN for a quantile).
    ci_low, ci_high : float
        The confidence interval.
    level : float
        Its confidence level.
    n : int
        Draws used (finite values of the output).
    method : str
        ``'normal'`` (CLT), ``'wilson'`` (score interval) or ``'order statistics'``.
    """

    name: str
    statistic: str
    estimate: float
    se: float
    ci_low: float
    ci_high: float
    level: float
    n: int
    method: str

    def to_frame(self) -> pd.DataFrame:
        """Return the estimate as a one-row table.

        Returns
        -------
        pandas.DataFrame
            Columns ``name, statistic, estimate, se, ci_low, ci_high, level, n, method``.
        """
        import pandas as pd

        return pd.DataFrame([{f: getattr(self, f) for f in self.__slots__}])

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the estimate with its interval; see :func:`models.plotting.plot_mc_estimate`."""
        from models.plotting.uncertainty import plot_mc_estimate

        return plot_mc_estimate(self, ax=ax, **kwargs)


def _mean_estimate(name: str, x: NDArray[Any], level: float) -> MCEstimate:
    if x.dtype == bool:
        return _proportion(name, x, level, "wilson")
    x = np.asarray(x, dtype=float)
    x = x[np.isfinite(x)]
    n = int(x.size)
    mean = float(x.mean()) if n else math.nan
    se = float(x.std(ddof=1) / math.sqrt(n)) if n > 1 else math.nan
    z = _z(level)
    return MCEstimate(name, "mean", mean, se, mean - z * se, mean + z * se, level, n, "normal")


def _proportion(name: str, event: NDArray[Any], level: float, method: str) -> MCEstimate:
    n = int(event.size)
    k = int(np.count_nonzero(event))
    p = k / n if n else math.nan
    se = math.sqrt(p * (1 - p) / n) if n else math.nan
    z = _z(level)
    if method == "wilson":
        lo, hi = _wilson(np.array(k), np.array(n), z)
        low, high = min(float(lo), p), max(float(hi), p)
    else:
        low, high = max(0.0, p - z * se), min(1.0, p + z * se)
    return MCEstimate(name, "probability", p, se, low, high, level, n, method)


def _level(level: Any, func: str) -> float:
    return check_real(level, "level", func, low=0, high=1, low_open=True, high_open=True)


@dataclass(frozen=True, slots=True)
class Convergence:
    r"""The running estimate of a Monte Carlo output against the number of draws.

    Attributes
    ----------
    name : str
    statistic : {'mean', 'probability'}
    n : ndarray of int, shape (n_points,)
        The numbers of draws at which the estimate is taken (increasing).
    estimate, se, ci_low, ci_high : ndarray of shape (n_points,)
        The estimate over the first ``n`` draws, its standard error and interval.
    level : float
    tol : float
        The half-width of the interval asked for.
    converged : bool
        Whether the final interval's half-width is at most ``tol``.
    n_needed : float
        The draws the final standard error suggests for a half-width of
        ``tol``, :math:`n (h / \mathrm{tol})^2` (:math:`h` the final half-width).
    """

    name: str
    statistic: str
    n: NDArray[np.int64]
    estimate: NDArray[np.float64]
    se: NDArray[np.float64]
    ci_low: NDArray[np.float64]
    ci_high: NDArray[np.float64]
    level: float
    tol: float
    converged: bool
    n_needed: float

    def to_frame(self) -> pd.DataFrame:
        """Return one row per checkpoint.

        Returns
        -------
        pandas.DataFrame
            Columns ``n, estimate, se, ci_low, ci_high``.
        """
        import pandas as pd

        return pd.DataFrame({"n": self.n, "estimate": self.estimate, "se": self.se,
                             "ci_low": self.ci_low, "ci_high": self.ci_high})

    def plot(self, ax: Axes | None = None, **kwargs: Any) -> Axes:
        """Draw the running estimate and its band; see :func:`models.plotting.plot_convergence`."""
        from models.plotting.uncertainty import plot_convergence

        return plot_convergence(self, ax=ax, **kwargs)


EventLike = str | ArrayLike | Callable[[Mapping[str, NDArray[Any]]], ArrayLike]


@dataclass(frozen=True, slots=True, eq=False)
class MonteCarloResult:
    """The draws and outputs of :func:`monte_carlo`, with summaries.

    Attributes
    ----------
    inputs : UncertainInputs
        The declaration the draws come from.
    draws : ndarray of shape (n_draws, n_inputs) or None
        The draws (None when not kept; see :meth:`input_values`).
    outputs : mapping of str to ndarray of shape (n_draws,)
        The model's outputs, by name.
    n_draws : int
    sampler : str
    seed : int
        The root seed: ``monte_carlo(..., rng=seed)`` reproduces the run.
    chunk_size : int
    """

    inputs: UncertainInputs
    draws: NDArray[np.float64] | None
    outputs: Mapping[str, NDArray[Any]]
    n_draws: int
    sampler: str
    seed: int
    chunk_size: int
    _design: _Design = field(repr=False)

    @property
    def input_names(self) -> tuple[str, ...]:
        """The inputs' names, in column order."""
        return self.inputs.names

    @property
    def output_names(self) -> tuple[str, ...]:
        """The outputs' names."""
        return tuple(self.outputs)

    def __repr__(self) -> str:
        return (f"MonteCarloResult(n_draws={self.n_draws:,}, sampler={self.sampler!r}, "
                f"seed={self.seed}, inputs={self.inputs.n_inputs}, "
                f"outputs={list(self.outputs)[:6]}{'...' if len(self.outputs) > 6 else ''})")

    def input_values(self) -> NDArray[np.float64]:
        """Return the draws, regenerating them from the seed if they were not kept.

        Returns
        -------
        ndarray of shape (n_draws, n_inputs)
        """
        if self.draws is not None:
            return self.draws
        return self.inputs._transform(self._design.uniforms(0, self.n_draws))

    def _output(self, name: str, func: str) -> NDArray[Any]:
        if name not in self.outputs:
            raise param_error("output", func, f"one of the outputs ({', '.join(self.outputs)})",
                              repr(name))
        return self.outputs[name]

    def _event(self, event: EventLike, func: str) -> tuple[str, NDArray[np.bool_]]:
        if isinstance(event, str):
            arr = self._output(event, func)
            if arr.dtype != bool:
                raise param_error("event", func, "a boolean output, a boolean array or a callable",
                                  f"the {arr.dtype} output {event!r}")
            return event, arr
        if callable(event):
            values = dict(self.outputs) | dict(zip(self.input_names, self.input_values().T,
                                                   strict=True))
            name = getattr(event, "__name__", "event")
            arr = np.asarray(event(values))
        else:
            name, arr = "event", np.asarray(event)
        if arr.dtype != bool or arr.shape != (self.n_draws,):
            raise param_error("event", func, f"booleans of shape (n_draws,) = ({self.n_draws},)",
                              f"an array of dtype {arr.dtype} and shape {arr.shape}")
        return name, arr

    def to_frame(self) -> pd.DataFrame:
        """Return one row per draw: the draw index, the inputs and the outputs.

        Categorical inputs appear as their labels.

        Returns
        -------
        pandas.DataFrame
            Columns ``draw``, the input names, the output names.
        """
        import pandas as pd

        data: dict[str, Any] = {"draw": np.arange(self.n_draws)}
        values = self.input_values()
        for j, x in enumerate(self.inputs.inputs):
            cats = x.categories
            col = values[:, j]
            data[x.name] = (pd.Categorical.from_codes(col.astype(np.int64),
                                                      categories=pd.Index(list(cats)))
                            if cats is not None else col)
        data |= {k: v for k, v in self.outputs.items() if k not in data}
        return pd.DataFrame(data)

    def mean(self, output: str, *, level: float = 0.95) -> MCEstimate:
        """Estimate an output's mean (over its finite values), with a CLT interval.

        For a boolean output, the probability (Wilson interval).

        Parameters
        ----------
        output : str
        level : float
            Confidence level in (0, 1).

        Returns
        -------
        MCEstimate

        Raises
        ------
        ValueError
            If the output is unknown or ``level`` is not in (0, 1).
        """
        func = "MonteCarloResult.mean"
        level = _level(level, func)
        return _mean_estimate(output, self._output(output, func), level)

    def probability(
        self, event: EventLike, *, level: float = 0.95,
        method: Literal["wilson", "normal"] = "wilson",
    ) -> MCEstimate:
        """Estimate the probability of an event, with a Wilson (or normal) interval.

        Parameters
        ----------
        event : str, array_like of bool or callable
            A boolean output's name (``"zopa"``), a boolean array of shape
            ``(n_draws,)``, or a function of the mapping of outputs and
            inputs by name returning one (e.g.
            ``lambda v: v["nash.utility.RUS"] > 0.5``).
        level : float
            Confidence level in (0, 1).
        method : {'wilson', 'normal'}
            The Wilson score interval (default) or the normal (Wald) one.

        Returns
        -------
        MCEstimate

        Raises
        ------
        ValueError
            If the event is not boolean of the right shape, or an argument is invalid.

        References
        ----------
        .. [1] Wilson, E. B. (1927). *JASA*, 22(158), 209-212.
        .. [2] Brown, L. D., Cai, T. T. and DasGupta, A. (2001). *Statistical
           Science*, 16(2), 101-133.
        """
        func = "MonteCarloResult.probability"
        level = _level(level, func)
        if method not in ("wilson", "normal"):
            raise param_error("method", func, "one of 'wilson', 'normal'", repr(method))
        name, arr = self._event(event, func)
        return _proportion(name, arr, level, method)

    def quantile(self, output: str, q: float, *, level: float = 0.95) -> MCEstimate:
        r"""Estimate a quantile of an output with a distribution-free interval.

        The interval runs between the order statistics of ranks
        :math:`l = F^{-1}_{B}(\alpha/2)` and :math:`u = F^{-1}_{B}(1 - \alpha/2) + 1`
        of the binomial :math:`B(n, q)` (Conover 1999, sec. 3.2).

        Parameters
        ----------
        output : str
        q : float
            In [0, 1].
        level : float
            Confidence level in (0, 1).

        Returns
        -------
        MCEstimate

        Raises
        ------
        ValueError
            If the output is unknown or an argument is out of range.
        """
        func = "MonteCarloResult.quantile"
        level = _level(level, func)
        q = check_real(q, "q", func, low=0, high=1)
        x = np.asarray(self._output(output, func), dtype=float)
        x = np.sort(x[np.isfinite(x)])
        n = int(x.size)
        if n == 0:
            return MCEstimate(output, "quantile", math.nan, math.nan, math.nan, math.nan,
                              level, 0, "order statistics")
        alpha = 1 - level
        lo = int(stats.binom.ppf(alpha / 2, n, q))
        hi = int(stats.binom.ppf(1 - alpha / 2, n, q)) + 1
        low = float(x[min(max(lo, 1), n) - 1])
        high = float(x[min(max(hi, 1), n) - 1])
        return MCEstimate(output, "quantile", float(np.quantile(x, q)), math.nan, low, high,
                          level, n, "order statistics")

    def summary(
        self, outputs: Sequence[str] | None = None, *, level: float = 0.95,
        quantiles: Sequence[float] = (0.05, 0.5, 0.95),
    ) -> pd.DataFrame:
        """Summarise outputs: mean (or probability), standard error, interval, quantiles.

        Parameters
        ----------
        outputs : sequence of str, optional
            Default: every output.
        level : float
            Confidence level in (0, 1).
        quantiles : sequence of float
            Quantiles to report, each in [0, 1].

        Returns
        -------
        pandas.DataFrame
            One row per output: ``output, statistic, estimate, se, ci_low,
            ci_high, n`` and one column ``q<quantile>`` per quantile.

        Raises
        ------
        ValueError
            If an output is unknown or an argument is out of range.
        """
        import pandas as pd

        func = "MonteCarloResult.summary"
        level = _level(level, func)
        qs = [check_real(q, "quantiles", func, low=0, high=1) for q in quantiles]
        rows = []
        for name in (self.output_names if outputs is None else outputs):
            x = self._output(name, func)
            est = _mean_estimate(name, x, level)
            row: dict[str, Any] = {"output": name, "statistic": est.statistic,
                                   "estimate": est.estimate, "se": est.se,
                                   "ci_low": est.ci_low, "ci_high": est.ci_high, "n": est.n}
            finite = np.asarray(x, dtype=float)
            finite = finite[np.isfinite(finite)]
            for q in qs:
                row[f"q{q:g}"] = float(np.quantile(finite, q)) if finite.size else math.nan
            rows.append(row)
        return pd.DataFrame(rows)

    def frequencies(self, output: str, *, level: float = 0.95) -> pd.DataFrame:
        """Return how often each value of a discrete output occurs, with Wilson intervals.

        Parameters
        ----------
        output : str
            E.g. ``"nash.outcome"``.
        level : float
            Confidence level in (0, 1).

        Returns
        -------
        pandas.DataFrame
            Columns ``value, count, probability, ci_low, ci_high``, most frequent first.

        Raises
        ------
        ValueError
            If the output is unknown or ``level`` is out of range.
        """
        import pandas as pd

        func = "MonteCarloResult.frequencies"
        level = _level(level, func)
        values, counts = np.unique(self._output(output, func), return_counts=True)
        lo, hi = _wilson(counts, np.full(counts.shape, self.n_draws), _z(level))
        order = np.argsort(-counts, kind="stable")
        return pd.DataFrame({
            "value": values[order], "count": counts[order],
            "probability": counts[order] / self.n_draws, "ci_low": lo[order],
            "ci_high": hi[order],
        })

    def convergence(
        self, output: EventLike, *, level: float = 0.95, tol: float = 0.01, n_points: int = 50,
    ) -> Convergence:
        """Return the running estimate and its error against the number of draws.

        The mean of a numeric output (over the first ``n`` draws, finite
        values only) with its normal interval, or the probability of a
        boolean output or event with its Wilson interval, at ``n_points``
        geometrically spaced numbers of draws.

        Parameters
        ----------
        output : str, array_like of bool or callable
            An output's name, or an event as in :meth:`probability`.
        level : float
            Confidence level in (0, 1).
        tol : float
            The interval half-width wanted (> 0): ``converged`` tells whether
            the final one is at most this.
        n_points : int
            Checkpoints (>= 2).

        Returns
        -------
        Convergence

        Raises
        ------
        ValueError
            If the output is unknown or an argument is out of range.
        """
        func = "MonteCarloResult.convergence"
        level = _level(level, func)
        tol = check_real(tol, "tol", func, low=0, low_open=True)
        n_points = check_int(n_points, "n_points", func, low=2)
        if isinstance(output, str) and output in self.outputs and (
                self.outputs[output].dtype != bool):
            name, x = output, np.asarray(self.outputs[output], dtype=float)
            statistic = "mean"
        else:
            name, x = self._event(output, func)
            statistic = "probability"
        z = _z(level)
        n_total = self.n_draws
        checkpoints = np.unique(np.geomspace(min(10, n_total), n_total, n_points).astype(
            np.int64))
        if statistic == "probability":
            k = np.cumsum(x)[checkpoints - 1].astype(float)
            n = checkpoints.astype(float)
            est = k / n
            se = np.sqrt(est * (1 - est) / n)
            low, high = _wilson(k, n, z)
        else:
            finite = np.isfinite(x)
            shift = float(x[finite][0]) if finite.any() else 0.0
            y = np.where(finite, x - shift, 0.0)
            count = np.cumsum(finite)[checkpoints - 1].astype(float)
            s1 = np.cumsum(y)[checkpoints - 1]
            s2 = np.cumsum(y * y)[checkpoints - 1]
            with np.errstate(invalid="ignore", divide="ignore"):
                mean = s1 / count
                var = np.maximum(s2 - count * mean**2, 0.0) / (count - 1)
                se = np.sqrt(var / count)
            est = mean + shift
            low, high = est - z * se, est + z * se
        half = float((high[-1] - low[-1]) / 2)
        needed = float(checkpoints[-1] * (half / tol) ** 2) if np.isfinite(half) else math.nan
        return Convergence(
            name=name, statistic=statistic, n=checkpoints, estimate=np.asarray(est, dtype=float),
            se=np.asarray(se, dtype=float), ci_low=np.asarray(low, dtype=float),
            ci_high=np.asarray(high, dtype=float), level=level, tol=tol,
            converged=bool(half <= tol), n_needed=needed,
        )

    def plot(
        self, ax: Axes | None = None, *, output: str | None = None,
        kind: Literal["hist", "ecdf"] = "hist", **kwargs: Any,
    ) -> Axes:
        """Draw an output's distribution; see :func:`models.plotting.plot_monte_carlo`."""
        from models.plotting.uncertainty import plot_monte_carlo

        return plot_monte_carlo(self, ax=ax, output=output, kind=kind, **kwargs)
