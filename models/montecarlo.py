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
from models.outcomes import Loss, OutcomeSpace, acceptable, utilities
from models.uncertainty import ScenarioBatch, UncertainInputs
from positions import Categorical, Discrete, Empirical, Fixed

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "BLOCK_SIZE",
    "SAMPLERS",
    "BargainingModel",
    "Convergence",
    "ForecastModel",
    "MCEstimate",
    "MonteCarloResult",
    "SMPModel",
    "ThreatModel",
    "WarModel",
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
def _root_seed(rng: np.random.Generator | int | None) -> int:
    """One integer seed from ``rng``: the int itself, else a draw of the generator."""
    generator = np.random.default_rng(rng)
    if isinstance(rng, int | np.integer) and not isinstance(rng, bool):
        entropy = generator.bit_generator.seed_seq.entropy  # type: ignore[attr-defined]
        if isinstance(entropy, int | np.integer):
            return int(entropy)
    return int(generator.integers(2**63))


def _block_rng(seed: int, k: int) -> np.random.Generator:
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(k,)))


def _block_uniforms(seed: int, d: int, start: int, stop: int) -> NDArray[np.float64]:
    """Rows ``start:stop`` of the blockwise uniform stream (see the module docstring)."""
    out = np.empty((stop - start, d))
    first, last = start // BLOCK_SIZE, (stop - 1) // BLOCK_SIZE
    for k in range(first, last + 1):
        block = _block_rng(seed, k).random((BLOCK_SIZE, d))
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
    return _Design(sampler, inputs.n_inputs, n_draws, _root_seed(rng), grid)


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
        """Draw the estimate with its interval; see :func:`models.plot_mc_estimate`."""
        from models.plotting._montecarlo import plot_mc_estimate

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
        """Draw the running estimate and its band; see :func:`models.plot_convergence`."""
        from models.plotting._montecarlo import plot_convergence

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
        """Draw an output's distribution; see :func:`models.plot_monte_carlo`."""
        from models.plotting._montecarlo import plot_monte_carlo

        return plot_monte_carlo(self, ax=ax, output=output, kind=kind, **kwargs)


# ================================================================== adapters
def _require_scenario(inputs: Any, func: str) -> UncertainInputs:
    if not isinstance(inputs, UncertainInputs):
        raise TypeError(f"The 'inputs' parameter of {func} must be an UncertainInputs (from "
                        f"models.uncertain). Got {type(inputs).__name__} instead.")
    if inputs._arrays is None or inputs.scenario is None:
        raise param_error("inputs", func, "a declaration over a scenario with parties and "
                          "issues", "a declaration without one")
    return inputs


def _columns(inputs: UncertainInputs, values: Mapping[str, ArrayLike], func: str) -> tuple[
        dict[str, NDArray[Any]], int]:
    if not isinstance(values, Mapping) or not values:
        raise param_error("values", func, "a non-empty mapping from input name to array",
                          repr(values)[:60])
    unknown = [k for k in values if k not in inputs.names]
    if unknown:
        raise param_error("values", func, "a mapping over the declared inputs",
                          f"the undeclared input {unknown[0]!r}")
    cols = inputs.columns(values)
    return cols, next(iter(cols.values())).shape[0]


_SOLUTIONS = ("nash", "kalai_smorodinsky", "egalitarian", "utilitarian")


def _choose(
    name: str,
    U: NDArray[np.float64],
    ok: NDArray[np.bool_],
    d: NDArray[np.float64],
    w: NDArray[np.float64] | None,
) -> NDArray[np.intp]:
    """Return each draw's chosen outcome (-1 without one), by :mod:`models.bargaining`.

    ``U`` is (n, n_outcomes, n_actors) and ``ok`` (n, n_outcomes) marks the
    zone of possible agreement. Outcomes outside it get utilities below the
    disagreement point (below every sum, for the utilitarian solution), so
    the batch solvers choose within it, as :func:`models.bargain` does.
    """
    from models.bargaining import (
        egalitarian_batch,
        kalai_smorodinsky_batch,
        nash_bargaining_batch,
        utilitarian_batch,
    )

    fill = -1.0 if name == "utilitarian" else d[:, None, :] - 1.0
    masked = np.where(ok[:, :, None], U, fill)
    if name == "nash":
        idx = nash_bargaining_batch(masked, d, w)
    elif name == "kalai_smorodinsky":
        idx = kalai_smorodinsky_batch(masked, d)
    elif name == "egalitarian":
        idx = egalitarian_batch(masked, d)
    else:
        idx = utilitarian_batch(masked)
    return np.asarray(np.where(ok.any(axis=1), idx, -1), dtype=np.intp)


_BOUND_ITERATIONS = 4
_AUTO_BOUND = 512
_BOUND_MAX_CANDIDATES = 256
_GAP_MARGIN = 1e-9


def _level_losses(
    cand: OutcomeSpace, ideals: NDArray[np.float64], sal: NDArray[np.float64], p: int
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Per-level losses ``s_ik (|v - y_ik| / R_k)^p / sum_k s_ik``, shape (b, n_actors, K, L).

    The arithmetic is that of :func:`models.utilities` operation by operation, so
    utilities summed from these tables in its order are bit-identical to its own.
    Levels are padded to the largest issue; the padded values are NaN.
    """
    sizes = cand.shape
    values = np.full((len(sizes), max(sizes)), np.nan)
    for k, v in enumerate(cand.levels):
        values[k, : v.size] = v
    W = np.abs(values - ideals[..., None])
    W /= (cand.high - cand.low)[:, None]
    if p == 2:
        W *= W
    W *= sal[..., None]
    denom = sal.sum(axis=-1)
    W /= np.where(denom > 0, denom, 1.0)[..., None, None]
    return W, values


def _weighted(mu: NDArray[np.float64], W: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return ``sum_i mu[b, i] W[b, i, k, l]``, shape (b, K, L), as one batched product."""
    b, n_a, K, L = W.shape
    return np.asarray(np.matmul(mu[:, None, :], W.reshape(b, n_a, K * L)).reshape(b, K, L),
                      dtype=float)


def _utilities_of(
    W: NDArray[np.float64], codes: NDArray[np.intp]
) -> NDArray[np.float64]:
    """Return utilities (b, n, n_actors) of outcomes given by level codes (b, n, K).

    In the order of :func:`models.utilities`: ``((1 - W[K-1]) - W[K-2]) - ... - W[0]``,
    clipped at 0.
    """
    b, _, K = codes.shape
    rows = np.arange(b)[:, None, None]
    actors = np.arange(W.shape[1])[None, None, :]
    U = 1.0 - W[rows, actors, K - 1, codes[:, :, K - 1, None]]
    for k in range(K - 2, -1, -1):
        U -= W[rows, actors, k, codes[:, :, k, None]]
    return np.asarray(np.maximum(U, 0.0), dtype=float)


def _nash_bound(
    cand: OutcomeSpace,
    ideals: NDArray[np.float64],
    sal: NDArray[np.float64],
    low: NDArray[np.float64],
    high: NDArray[np.float64],
    d: NDArray[np.float64],
    w: NDArray[np.float64] | None,
    p: int,
) -> tuple[NDArray[np.int8], NDArray[np.intp], NDArray[np.float64]]:
    r"""Solve the Nash problem of each draw exactly without enumerating the outcomes.

    With gaps :math:`g_i(x) = 1 - d_i - \sum_k c_{ik}(x_k)` additive over the issues and
    :math:`F = \sum_i w_i \log g_i` concave in them, for any incumbent :math:`x^0`
    with :math:`g(x^0) > 0`,

    .. math::

        F(x) \le F(x^0) + \sum_i \mu_i (g_i(x) - g_i(x^0)), \qquad \mu_i = w_i / g_i(x^0),

    and the right side is separable: every outcome within :math:`\delta` of the optimum
    has :math:`\sum_k \varphi_k(x_k) \le \sum_k \varphi_k(x^0_k) + \delta` with
    :math:`\varphi_k(v) = \sum_i \mu_i c_{ik}(v)`, so on each issue only the levels within
    the slack of their issue's minimum can occur. The incumbent comes from iterating
    :math:`x \leftarrow \arg\max_x \sum_i \mu_i g_i(x)` (a separable problem) with
    :math:`\mu = w / g` at each new point; at a fixed point the slack is 0 and
    :math:`x^0` is optimal. The few candidates left (exact ties included) go to
    :func:`models.bargaining.nash_bargaining_batch` with bit-identical utilities, so the
    answer is the exhaustive one. A certificate :math:`\max_x \sum_i \mu_i g_i(x) < 0`
    proves the zone of possible agreement empty.

    Returns ``status`` (1 solved, 0 no ZOPA, -1 undecided: solve exhaustively), the chosen
    outcome's index in ``cand`` and its utilities.
    """
    b, n_a, K = ideals.shape
    W, values = _level_losses(cand, ideals, sal, p)
    crossed = (values < low[..., None] - 1e-9) | (values > high[..., None] + 1e-9)
    allowed = np.asarray(~np.isnan(values) & ~crossed.any(axis=1), dtype=bool)  # (b, K, L)
    no_level = ~np.asarray(allowed.any(axis=2), dtype=bool).all(axis=1)  # an issue without levels
    wv = np.full((b, n_a), 1.0 / n_a) if w is None else w
    base = 1.0 - d
    status = np.full(b, -1, dtype=np.int8)
    status[no_level] = 0
    best_f = np.full(b, -np.inf)
    best_x = np.zeros((b, K), dtype=np.intp)
    mu = wv.copy()
    previous = np.full((b, K), -1, dtype=np.intp)
    with np.errstate(divide="ignore", invalid="ignore"):
        for _ in range(_BOUND_ITERATIONS):
            phi = np.where(allowed, _weighted(mu, W), np.inf)
            x = phi.argmin(axis=2)
            if np.array_equal(x, previous):
                break  # every draw is at a fixed point (or cannot move)
            previous = x
            g = base - np.take_along_axis(W, x[:, None, :, None], axis=3)[..., 0].sum(axis=2)
            status[((mu * g).sum(axis=1) < -_GAP_MARGIN) & (status < 0)] = 0
            strict = (g > _GAP_MARGIN).all(axis=1) & ~no_level
            f = np.where(strict, (wv * np.log(np.where(strict[:, None], g, 1.0))).sum(axis=1),
                         -np.inf)
            better = f > best_f
            best_f = np.where(better, f, best_f)
            best_x[better] = x[better]
            mu = np.where(strict[:, None], wv / np.where(strict[:, None], g, 1.0),
                          mu * np.where(g <= _GAP_MARGIN, 4.0, 1.0))
            mu /= mu.sum(axis=1, keepdims=True)
    found = np.isfinite(best_f) & (status < 0)
    chosen = np.full(b, -1, dtype=np.intp)
    u_chosen = np.full((b, n_a), np.nan)
    if not found.any():
        return status, chosen, u_chosen
    g0 = base - np.take_along_axis(W, best_x[:, None, :, None], axis=3)[..., 0].sum(axis=2)
    mu = wv / np.where(found[:, None], g0, 1.0)
    phi = np.where(allowed & found[:, None, None], _weighted(mu, W), np.inf)
    at_x0 = np.take_along_axis(phi, best_x[:, :, None], axis=2)[..., 0]
    lowest = phi.min(axis=2)
    with np.errstate(invalid="ignore"):
        # the slack of the tangent bound, with room for rounding (draws not found: NaN)
        slack = (at_x0.sum(axis=1) - lowest.sum(axis=1) + 1e-8
                 + 1e-9 * (np.abs(at_x0).sum(axis=1) + np.abs(lowest).sum(axis=1)))
        keep = allowed & (phi <= lowest[..., None] + slack[:, None, None])
    counts = keep.sum(axis=2)
    total = np.prod(counts.astype(np.float64), axis=1)
    # one candidate: the incumbent itself, strictly inside the ZOPA, so it is the solution
    alone = np.flatnonzero(found & (total == 1))
    if alone.size:
        u_chosen[alone] = _utilities_of(W[alone], best_x[alone][:, None, :])[:, 0]
        chosen[alone] = np.ravel_multi_index(tuple(best_x[alone].T), cand.shape)
        status[alone] = 1
    several = found & (total > 1) & (total <= _BOUND_MAX_CANDIDATES)
    if not several.any():
        return status, chosen, u_chosen
    order = np.argsort(~keep, axis=2, kind="stable")  # kept levels first, ascending
    groups = []
    for lo_p, hi_p in ((2, 16), (17, _BOUND_MAX_CANDIDATES)):
        members = np.flatnonzero(several & (total >= lo_p) & (total <= hi_p))
        step = max(1, 2**16 // hi_p)  # at most 2^16 candidates at a time
        groups += [members[i : i + step] for i in range(0, members.size, step)]
    for sel in groups:
        n_c = int(total[sel].max())
        c = counts[sel]
        strides = np.ones((sel.size, K), dtype=np.int64)
        for k in range(K - 2, -1, -1):
            strides[:, k] = strides[:, k + 1] * c[:, k + 1]
        j = np.arange(n_c)
        digits = (j[None, :, None] // strides[:, None, :]) % c[:, None, :]
        codes = np.take_along_axis(order[sel], np.swapaxes(digits, 1, 2), axis=2)
        codes = np.swapaxes(codes, 1, 2)  # (sel, n_c, K) level codes
        valid = j[None, :] < total[sel][:, None]
        codes = np.where(valid[..., None], codes, best_x[sel][:, None, :])
        U = _utilities_of(W[sel], codes)
        ok = valid & (U >= d[sel][:, None, :]).all(axis=2)
        idx = _choose("nash", U, ok, d[sel], None if w is None else w[sel])
        got = idx >= 0
        pick = codes[np.arange(sel.size), np.where(got, idx, 0)]
        chosen[sel[got]] = np.ravel_multi_index(tuple(pick[got].T), cand.shape)
        u_chosen[sel[got]] = U[np.arange(sel.size), np.where(got, idx, 0)][got]
        status[sel[got]] = 1
    return status, chosen, u_chosen


@dataclass(frozen=True, slots=True, eq=False)
class BargainingModel:
    r"""The bargaining solutions of a scenario as a batched Monte Carlo model.

    For every draw: the parties' utilities over the outcome space
    (:func:`models.utilities`, linear in the saliences, so one matrix product
    per block of draws), the outcomes within every party's acceptable ranges
    (:func:`models.acceptable`), the zone of possible agreement
    :math:`Z = \{x : u_i(x) \ge d_i\ \forall i\}` within them, and in
    :math:`Z` the chosen solutions (as in :func:`models.bargain`):

    .. math::

        x^N = \arg\max_Z \sum_i w_i \log(u_i - d_i), \quad
        x^{KS} = \arg\max_Z \min_i \frac{u_i - d_i}{\bar u_i - d_i}, \quad
        x^E = \arg\max_Z \min_i (u_i - d_i), \quad
        x^U = \arg\max_Z \sum_i u_i,

    with :math:`\bar u_i = \max_Z u_i` (the discrete Kalai-Smorodinsky
    point), weights :math:`w` the normalised capabilities (or equal) and ties
    going to the lowest outcome index.

    **Exact pruning.** Before any draw, outcomes that can win in no draw
    are removed, from the supports of the declared inputs: (i) a level of an
    issue outside some party's widest possible acceptable range (its
    outcomes are never acceptable to all); (ii) a level lying beyond every
    party's possible ideal points when another allowed level lies between it
    and them (every party weakly prefers that level, which stays acceptable
    to whoever accepted the first: acceptable ranges contain the clipped
    ideals and are intervals). The solutions are Pareto-consistent, so
    pruning changes no answer except among exact ties. The built-in
    scenario's 46,656 outcomes come down to 48.

    **Exact search without enumeration (Nash).** With the gaps
    :math:`g_i(x) = u_i(x) - d_i` additive over the issues and
    :math:`F = \sum_i w_i \log g_i` concave in them, any incumbent
    :math:`x^0` in the strict ZOPA bounds every outcome by the tangent
    plane, :math:`F(x) \le F(x^0) + \sum_i (w_i / g_i(x^0))(g_i(x) - g_i(x^0))`,
    whose right side is a sum over the issues: only outcomes whose levels
    all lie within the slack of their issue's best level can beat
    :math:`x^0`. The incumbent comes from a few rounds of
    :math:`x \leftarrow \arg\max_x \sum_i (w_i / g_i(x)) g_i(x')` (separable;
    at a fixed point the slack is 0 and :math:`x^0` is optimal); the few
    outcomes left, ties included, go to
    :func:`models.nash_bargaining_batch` with utilities computed in the same
    order as :func:`models.utilities`, so the answer is the exhaustive one,
    bit for bit. Draws the bound cannot settle (no strict incumbent, or
    more than 256 candidates) are solved exhaustively; a negative maximum
    of :math:`\sum_i \mu_i g_i` certifies an empty ZOPA. On a
    3,125-outcome, 5-actor problem this is about 20 times faster than
    exhaustive search.

    Parameters
    ----------
    inputs : UncertainInputs
        A declaration over a scenario (:func:`models.uncertain`).
    solutions : sequence of str
        Any of ``'nash'``, ``'kalai_smorodinsky'``, ``'egalitarian'``, ``'utilitarian'``.
    space : {'options', 'grid'}
        The outcome space, as in :func:`models.bargain`.
    resolution : int
        Grid points per issue for ``space='grid'``.
    loss : {'linear', 'quadratic'}
    weights : {'capability', 'equal'}
        The Nash bargaining weights.
    method : {'auto', 'exhaustive', 'bound'}
        ``'exhaustive'``: every candidate outcome's utilities, then
        :mod:`models.bargaining`'s batch solvers. ``'bound'`` (Nash only): the
        exact tangent-bound search described below. ``'auto'``: the bound for
        the Nash solution alone over more than 512 candidates, else exhaustive.
        Both give the same outputs, bit for bit.
    max_bytes : int
        Bound on one block's temporaries; a call is split into blocks of draws.

    Attributes
    ----------
    output_names : tuple of str
        ``zopa`` (bool: a ZOPA exists); per solution ``s``: ``s.outcome``
        (the outcome's index in the full space, -1 without a ZOPA),
        ``s.<issue>`` (its value on each issue, NaN without one) and
        ``s.utility.<actor>``.
    space_full : OutcomeSpace
        The scenario's outcome space.
    candidates : OutcomeSpace
        The outcomes left after pruning.

    Raises
    ------
    ValueError
        If an argument is invalid.
    TypeError
        If ``inputs`` is not an :class:`UncertainInputs`.

    References
    ----------
    .. [1] Nash, J. F. (1950). The bargaining problem. *Econometrica*, 18(2), 155-162.
    .. [2] Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's
       bargaining problem. *Econometrica*, 43(3), 513-518.
    .. [3] Raiffa, H. (1982). *The Art and Science of Negotiation*. Harvard
       University Press (the zone of possible agreement).

    Examples
    --------
    >>> import positions
    >>> from models import uncertain, monte_carlo
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> inputs = uncertain(s, include=["positions[*]", "actors[*]", "disagreement[*]"])
    >>> model = BargainingModel(inputs)
    >>> model.candidates.n_outcomes, model.space_full.n_outcomes
    (48, 46656)
    >>> res = monte_carlo(model, inputs, 2048, rng=0, progress=False)
    >>> 0 <= res.probability("zopa").estimate <= 1
    True
    """

    inputs: UncertainInputs
    solutions: tuple[str, ...] = ("nash",)
    space: Literal["options", "grid"] = "options"
    resolution: int = 11
    loss: Loss = "linear"
    weights: Literal["capability", "equal"] = "capability"
    method: Literal["auto", "exhaustive", "bound"] = "auto"
    max_bytes: int = _DEFAULT_MAX_BYTES
    space_full: OutcomeSpace = field(init=False)
    candidates: OutcomeSpace = field(init=False)
    _full_index: NDArray[np.int64] = field(init=False, repr=False)
    _fixed_ok: NDArray[np.bool_] | None = field(init=False, repr=False)
    _empty: bool = field(init=False, repr=False)

    def __post_init__(self) -> None:
        func = "BargainingModel"
        inputs = _require_scenario(self.inputs, func)
        sols = (self.solutions,) if isinstance(self.solutions, str) else tuple(self.solutions)
        if not sols or any(s not in _SOLUTIONS for s in sols) or len(set(sols)) != len(sols):
            raise param_error("solutions", func, f"distinct names among {', '.join(_SOLUTIONS)}",
                              repr(self.solutions))
        object.__setattr__(self, "solutions", sols)
        if self.space not in ("options", "grid"):
            raise param_error("space", func, "one of 'options', 'grid'", repr(self.space))
        if self.loss not in ("linear", "quadratic"):
            raise param_error("loss", func, "one of 'linear', 'quadratic'", repr(self.loss))
        if self.weights not in ("capability", "equal"):
            raise param_error("weights", func, "one of 'capability', 'equal'", repr(self.weights))
        if self.method not in ("auto", "exhaustive", "bound"):
            raise param_error("method", func, "one of 'auto', 'exhaustive', 'bound'",
                              repr(self.method))
        if self.method == "bound" and sols != ("nash",):
            raise param_error("method", func, "'bound' only with solutions=('nash',)",
                              repr(self.method))
        check_int(self.max_bytes, "max_bytes", func, low=1)
        check_int(self.resolution, "resolution", func, low=2)
        if inputs.scenario is None:  # pragma: no cover - _require_scenario checks
            raise ValueError("no scenario")
        full = OutcomeSpace.from_scenario(inputs.scenario, kind=self.space,
                                          resolution=self.resolution)
        object.__setattr__(self, "space_full", full)
        kept = self._prune(full)
        empty = any(k.size == 0 for k in kept)
        object.__setattr__(self, "_empty", empty)
        if empty:
            kept = [np.array([0]) for _ in kept]
        levels = [full.levels[k][idx] for k, idx in enumerate(kept)]
        cand = OutcomeSpace.from_levels(
            levels, issue_ids=full.issue_ids,
            labels=[[full.level_labels[k][i] for i in idx] for k, idx in enumerate(kept)],
            ids=[[full.level_ids[k][i] for i in idx] for k, idx in enumerate(kept)],
            low=full.low, high=full.high,
        )
        object.__setattr__(self, "candidates", cand)
        codes = np.stack([kept[k][cand.codes[:, k]] for k in range(full.n_issues)])
        index = np.ravel_multi_index(tuple(codes), full.shape).astype(np.int64)
        index.flags.writeable = False
        object.__setattr__(self, "_full_index", index)
        varies = any(t.kind in ("acceptable_low", "acceptable_high") for t in inputs._targets)
        fixed_ok = None
        if not varies and inputs._arrays is not None:
            base = inputs._apply({}, 1)
            mask = acceptable(cand, base.acceptable_low, base.acceptable_high)
            fixed_ok = np.ascontiguousarray(mask[0].all(axis=1))
        object.__setattr__(self, "_fixed_ok", fixed_ok)

    def _prune(self, full: OutcomeSpace) -> list[NDArray[np.intp]]:
        """Level indices per issue that can belong to some draw's solution."""
        inputs = self.inputs
        base = inputs._arrays
        if base is None:  # pragma: no cover
            raise ValueError("no scenario")
        col = [list(base.issue_ids).index(k) for k in full.issue_ids]
        lo = [base.acceptable_low.copy(), base.acceptable_low.copy()]
        hi = [base.acceptable_high.copy(), base.acceptable_high.copy()]
        y = [base.ideals.copy(), base.ideals.copy()]
        which = {"acceptable_low": lo, "acceptable_high": hi, "ideals": y}
        for x, t in zip(inputs.inputs, inputs._targets, strict=True):
            if t.kind in which:
                pair = which[t.kind]
                pair[0][t.index], pair[1][t.index] = x.bounds
        # after reordering, low' = min(low, high) and high' = max(low, high)
        l_min, l_max = np.minimum(lo[0], hi[0]), np.minimum(lo[1], hi[1])
        h_min, h_max = np.maximum(lo[0], hi[0]), np.maximum(lo[1], hi[1])
        has = base.has_position
        if inputs.clip_ideals:
            # clip(y, l, h) = min(max(y, l), h) rises with each argument
            y_min = np.where(has, np.minimum(np.maximum(y[0], l_min), h_min), y[0])
            y_max = np.where(has, np.minimum(np.maximum(y[1], l_max), h_max), y[1])
        else:
            y_min, y_max = y
        kept = []
        tol = 1e-9
        for k, c in enumerate(col):
            v = full.levels[k]
            allowed = (v >= l_min[:, c].max() - tol) & (v <= h_max[:, c].min() + tol)
            idx = np.flatnonzero(allowed)
            holders = has[:, c]
            if idx.size and holders.any():
                y_lo, y_hi = y_min[holders, c].min(), y_max[holders, c].max()
                vals = v[idx]
                below = (vals < y_lo - tol) & np.array(
                    [np.any((vals > x) & (vals <= y_lo + tol)) for x in vals])
                above = (vals > y_hi + tol) & np.array(
                    [np.any((vals < x) & (vals >= y_hi - tol)) for x in vals])
                idx = idx[~(below | above)]
            kept.append(idx.astype(np.intp))
        return kept

    @property
    def output_names(self) -> tuple[str, ...]:
        """The outputs, in order."""
        names = ["zopa"]
        actors = self.inputs._arrays.actor_ids if self.inputs._arrays is not None else ()
        for s in self.solutions:
            names.append(f"{s}.outcome")
            names += [f"{s}.{k}" for k in self.space_full.issue_ids]
            names += [f"{s}.utility.{a}" for a in actors]
        return tuple(names)

    def __call__(self, values: Mapping[str, ArrayLike]) -> dict[str, NDArray[Any]]:
        """Evaluate the draws ``values`` (mapping from input name to array of shape (n,)).

        Parameters
        ----------
        values : mapping of str to array_like of shape (n,)
            Draws of (some of) the declared inputs.

        Returns
        -------
        dict of str to ndarray of shape (n,)
            The outputs of :attr:`output_names`.

        Raises
        ------
        ValueError
            If ``values`` names an undeclared input or has the wrong shapes.
        """
        func = "BargainingModel"
        cols, n = _columns(self.inputs, values, func)
        batch = self.inputs._apply(cols, n)
        actors, issues = batch.actor_ids, self.space_full.issue_ids
        out: dict[str, NDArray[Any]] = {"zopa": np.zeros(n, dtype=bool)}
        for s in self.solutions:
            out[f"{s}.outcome"] = np.full(n, -1, dtype=np.int64)
            for k in issues:
                out[f"{s}.{k}"] = np.full(n, np.nan)
            for a in actors:
                out[f"{s}.utility.{a}"] = np.full(n, np.nan)
        if self._empty:
            return out
        cand = self.candidates
        m, n_a = cand.n_outcomes, batch.n_actors
        d = batch.disagreement_point(loss=self.loss)
        w = None
        if self.weights == "capability":
            cap = batch.capabilities
            total = cap.sum(axis=1, keepdims=True)
            w = np.where(total > 0, cap / np.where(total > 0, total, 1.0), 1.0 / n_a)
        col = [list(batch.issue_ids).index(k) for k in issues]
        p = 1 if self.loss == "linear" else 2
        bound = self.method == "bound" or (
            self.method == "auto" and self.solutions == ("nash",) and m > _AUTO_BOUND)
        levels = sum(cand.shape) if bound else m
        step = max(1, self.max_bytes // (8 * 8 * n_a * levels))
        for s0 in range(0, n, step):
            rows = np.arange(s0, min(n, s0 + step))
            if bound:
                status, idx, u = _nash_bound(
                    cand, batch.ideals[rows][:, :, col], batch.saliences[rows][:, :, col],
                    batch.acceptable_low[rows][:, :, col], batch.acceptable_high[rows][:, :, col],
                    d[rows], None if w is None else w[rows], p)
                done = status >= 0
                out["zopa"][rows[done]] = status[done] == 1
                self._write(out, "nash", rows[status == 1], idx[status == 1], u[status == 1])
                rows = rows[~done]
            if rows.size:
                self._exhaustive(out, batch, rows, col, d, w)
        return out

    def _write(
        self, out: dict[str, NDArray[Any]], s: str, rows: NDArray[np.intp],
        idx: NDArray[np.intp], u: NDArray[np.float64],
    ) -> None:
        """Write solution ``s`` (candidate indices ``idx``, utilities ``u``) at ``rows``."""
        out[f"{s}.outcome"][rows] = self._full_index[idx]
        pts = self.candidates.points[idx]
        for j, k in enumerate(self.space_full.issue_ids):
            out[f"{s}.{k}"][rows] = pts[:, j]
        actors = self.inputs._arrays.actor_ids if self.inputs._arrays is not None else ()
        for i, a in enumerate(actors):
            out[f"{s}.utility.{a}"][rows] = u[:, i]

    def _exhaustive(
        self, out: dict[str, NDArray[Any]], batch: ScenarioBatch, rows: NDArray[np.intp],
        col: list[int], d: NDArray[np.float64], w: NDArray[np.float64] | None,
    ) -> None:
        """Solve the draws ``rows`` over every candidate outcome."""
        cand = self.candidates
        m = cand.n_outcomes
        # red lines first: only draws with an outcome every party accepts go further
        if self._fixed_ok is not None:
            acc_ok: NDArray[np.bool_] = np.broadcast_to(self._fixed_ok, (rows.size, m))
        else:
            acc = acceptable(cand, batch.acceptable_low[rows][:, :, col],
                             batch.acceptable_high[rows][:, :, col], max_bytes=self.max_bytes)
            acc_ok = np.asarray(acc.all(axis=2), dtype=bool)
        live = np.flatnonzero(acc_ok.any(axis=1))
        if live.size == 0:
            return
        rows = rows[live]
        U = utilities(cand, batch.ideals[rows][:, :, col], batch.saliences[rows][:, :, col],
                      loss=self.loss, max_bytes=self.max_bytes)
        ok = np.asarray(acc_ok[live] & (U >= d[rows][:, None, :]).all(axis=2), dtype=bool)
        has = ok.any(axis=1)
        out["zopa"][rows] = has
        sel = np.flatnonzero(has)
        if sel.size == 0:
            return
        rows, U, ok = rows[sel], U[sel], ok[sel]
        at = np.arange(sel.size)
        for s in self.solutions:
            idx = _choose(s, U, ok, d[rows], None if w is None else w[rows])
            self._write(out, s, rows, idx, U[at, idx, :])


def _belief_path(inputs: UncertainInputs, holder: str, proposition: str, func: str) -> str:
    scenario = inputs.scenario
    if scenario is None:  # pragma: no cover - _require_scenario checks
        raise ValueError("no scenario")
    for belief in scenario.beliefs_about(proposition):
        if belief.holder == holder:
            return f"beliefs[{belief.id}].probability"
    holders = sorted(b.holder for b in scenario.beliefs_about(proposition))
    raise param_error("holder", func, f"a holder of a belief about {proposition!r} {holders}",
                      repr(holder))


@dataclass(frozen=True, slots=True, eq=False)
class WarModel:
    r"""Fearon's bargaining range and the mutual-optimism verdict as a Monte Carlo model.

    The mapping of :func:`models.war_bargaining` (without the learning
    simulation), evaluated for every draw with :func:`models.bargaining_range`
    and :func:`models.mutual_optimism`: :math:`p_A` is ``side_a``'s belief
    about ``proposition``, :math:`p_B` the ``analyst``'s, the common :math:`p`
    the parameter ``p_russia_prevails`` (else :math:`p_B`), the costs the
    parameters ``war_cost_<side>``; with ``cut_support`` the parameter
    ``arms_cutoff_effect`` is added to every win probability (clipped to 1).
    Inputs not drawn keep their point values.

    Parameters
    ----------
    inputs : UncertainInputs
    analyst, side_a, side_b, proposition : str
        As in :func:`models.war_bargaining`.
    cut_support : bool

    Attributes
    ----------
    output_names : tuple of str
        ``range_exists`` (the static range is non-empty), ``range_low``,
        ``range_high``, ``range_width``, ``optimism`` (:math:`p_A - p_B`),
        ``optimism_range_exists`` (a split both prefer to war exists when
        they disagree: :math:`p_A - p_B \le c_A + c_B`), ``mutual_optimism``
        (its negation).

    Raises
    ------
    ValueError
        If the scenario lacks a belief or a war cost.

    References
    ----------
    .. [1] Fearon, J. D. (1995). Rationalist explanations for war.
       *International Organization*, 49(3), 379-414.

    Examples
    --------
    >>> import positions
    >>> from models import uncertain, monte_carlo
    >>> inputs = uncertain(positions.load("ukraine-ceasefire-2025-05"),
    ...                    include=["beliefs[*four_regions]*", "parameters[*]"])
    >>> res = monte_carlo(WarModel(inputs), inputs, 1000, rng=0, progress=False)
    >>> res.probability("mutual_optimism").estimate > 0.5
    True
    """

    inputs: UncertainInputs
    analyst: str = "BARRY"
    side_a: str = "RUS"
    side_b: str = "UKR"
    proposition: str = "four_regions_2025"
    cut_support: bool = False
    _paths: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        func = "WarModel"
        inputs = _require_scenario(self.inputs, func)
        scenario = inputs.scenario
        if scenario is None:  # pragma: no cover
            raise ValueError("no scenario")
        params = {p.id for p in scenario.parameters}
        p_a = _belief_path(inputs, self.side_a, self.proposition, func)
        p_b = _belief_path(inputs, self.analyst, self.proposition, func)
        costs = []
        for side, name in ((self.side_a, "side_a"), (self.side_b, "side_b")):
            if f"war_cost_{side}" not in params:
                raise param_error(name, func, f"an actor with a parameter 'war_cost_{side}'",
                                  repr(side))
            costs.append(f"parameters[war_cost_{side}].value")
        p = ("parameters[p_russia_prevails].value"
             if "p_russia_prevails" in params and self.side_a == "RUS" else p_b)
        effect = ""
        if self.cut_support:
            if "arms_cutoff_effect" not in params:
                raise param_error("cut_support", func,
                                  "False for a scenario without 'arms_cutoff_effect'", "True")
            effect = "parameters[arms_cutoff_effect].value"
        object.__setattr__(self, "_paths", (p, p_a, p_b, costs[0], costs[1], effect))

    @property
    def output_names(self) -> tuple[str, ...]:
        """The outputs, in order."""
        return ("range_exists", "range_low", "range_high", "range_width", "optimism",
                "optimism_range_exists", "mutual_optimism")

    def __call__(self, values: Mapping[str, ArrayLike]) -> dict[str, NDArray[Any]]:
        """Evaluate the draws ``values``; see :class:`BargainingModel`.

        Parameters
        ----------
        values : mapping of str to array_like of shape (n,)

        Returns
        -------
        dict of str to ndarray of shape (n,)
        """
        from models.war import bargaining_range, mutual_optimism

        cols, n = _columns(self.inputs, values, "WarModel")
        batch = self.inputs._apply(cols, n)
        p_path, pa_path, pb_path, ca_path, cb_path, effect_path = self._paths
        effect = batch.value(effect_path) if effect_path else np.zeros(n)
        p, p_a, p_b = (np.minimum(batch.value(x) + effect, 1.0)
                       for x in (p_path, pa_path, pb_path))
        c_a, c_b = batch.value(ca_path), batch.value(cb_path)
        static = bargaining_range(p, c_a, c_b)
        opt = mutual_optimism(p_a, p_b, c_a, c_b)
        return {
            "range_exists": np.asarray(static.nonempty, dtype=bool),
            "range_low": static.low, "range_high": static.high, "range_width": static.width,
            "optimism": np.asarray(p_a - p_b, dtype=float),
            "optimism_range_exists": np.asarray(opt.nonempty, dtype=bool),
            "mutual_optimism": ~np.asarray(opt.nonempty, dtype=bool),
        }


def _threat_paths() -> dict[str, str]:
    """Return the threat game's inputs read from scenario parameters, as paths."""
    from models.trees import _FROM_SCENARIO

    return {name: f"parameters[{pid}].value" for name, pid in _FROM_SCENARIO.items()}


_THREAT_FREE = ("war_gain_rus", "audience_cost_usa", "ceasefire_value_usa", "p_rus",
                "ceasefire_share_rus", "war_cost_rus", "sanctions_cost_usa",
                "sanctions_cost_rus", "discount_usa", "discount_rus")


@dataclass(frozen=True, slots=True, eq=False)
class ThreatModel:
    r"""The US sanctions threat (:func:`models.threat_credibility`) as a Monte Carlo model.

    Each input of :func:`models.threat_parameters` is taken, per draw, from
    a free input of the same name if one is declared (``audience_cost_usa``,
    ``ceasefire_value_usa``, ``war_gain_rus``...), else from its scenario
    path if drawn: ``p_rus`` from Russia's belief about
    ``four_regions_2025``, ``war_cost_rus``, ``sanctions_cost_usa``,
    ``sanctions_cost_rus``, ``discount_usa``, ``discount_rus`` and
    ``audience_cost_usa`` from the parameters the threat game reads
    (:func:`models.threat_parameters`), ``ceasefire_share_rus`` from the ``territory`` status quo
    rescaled to [0, 1]; otherwise the scenario's point value or the default.

    Parameters
    ----------
    inputs : UncertainInputs

    Attributes
    ----------
    output_names : tuple of str
        ``credible``, ``deters``, ``threatens``, ``ceasefire`` (booleans),
        ``region`` (0-3, see :class:`models.ThreatCredibility`),
        ``credibility_margin`` and ``deterrence_margin``.

    References
    ----------
    .. [1] Schelling, T. C. (1960). *The Strategy of Conflict*. Harvard University Press.
    .. [2] Fearon, J. D. (1994). Domestic political audiences and the escalation
       of international disputes. *American Political Science Review*, 88(3), 577-592.

    Examples
    --------
    >>> import positions
    >>> from models import uncertain, monte_carlo
    >>> from positions import Uniform
    >>> inputs = uncertain(positions.load("ukraine-ceasefire-2025-05"), include="parameters[*]",
    ...                    inputs={"audience_cost_usa": Uniform(low=0, high=0.2)})
    >>> res = monte_carlo(ThreatModel(inputs), inputs, 1000, rng=0, progress=False)
    >>> 0 < res.probability("credible").estimate < 1
    True
    """

    inputs: UncertainInputs

    def __post_init__(self) -> None:
        _require_scenario(self.inputs, "ThreatModel")

    @property
    def output_names(self) -> tuple[str, ...]:
        """The outputs, in order."""
        return ("credible", "deters", "threatens", "ceasefire", "region", "credibility_margin",
                "deterrence_margin")

    def __call__(self, values: Mapping[str, ArrayLike]) -> dict[str, NDArray[Any]]:
        """Evaluate the draws ``values``; see :class:`BargainingModel`.

        Parameters
        ----------
        values : mapping of str to array_like of shape (n,)

        Returns
        -------
        dict of str to ndarray of shape (n,)
        """
        from models.trees import threat_credibility

        cols, n = _columns(self.inputs, values, "ThreatModel")
        batch = self.inputs._apply(cols, n)
        scenario = self.inputs.scenario
        params: dict[str, NDArray[np.float64]] = {}
        for name in _THREAT_FREE:
            if name in cols:
                params[name] = np.asarray(cols[name], dtype=float)
        paths = _threat_paths()
        for name, path in paths.items():
            if name not in params and path in cols:
                params[name] = batch.value(path)
        if "p_rus" not in params:
            path = _belief_path(self.inputs, "RUS", "four_regions_2025", "ThreatModel")
            if path in cols:
                params["p_rus"] = batch.value(path)
        if "ceasefire_share_rus" not in params and "territory" in batch.issue_ids:
            k = batch.issue_ids.index("territory")
            if "issues[territory].status_quo" in cols:
                lo, hi = batch.scale_low[k], batch.scale_high[k]
                params["ceasefire_share_rus"] = (batch.status_quo[:, k] - lo) / (hi - lo)
        if not params:
            params["war_cost_rus"] = batch.value(paths["war_cost_rus"])
        res = threat_credibility(scenario, **params)  # type: ignore[arg-type]
        shape = (n,)
        return {
            "credible": np.broadcast_to(res.credible, shape).copy(),
            "deters": np.broadcast_to(res.deters, shape).copy(),
            "threatens": np.broadcast_to(res.threatens, shape).copy(),
            "ceasefire": np.broadcast_to(res.ceasefire, shape).copy(),
            "region": np.broadcast_to(res.region, shape).astype(np.int64),
            "credibility_margin": np.broadcast_to(res.credibility_margin, shape).astype(float),
            "deterrence_margin": np.broadcast_to(res.deterrence_margin, shape).astype(float),
        }


@dataclass(frozen=True, slots=True, eq=False)
class ForecastModel:
    r"""The static forecasts of every issue as a Monte Carlo model.

    For each draw and issue :math:`k`, over the parties with a position on it
    (as in :func:`models.bargain`): the capability-and-salience weighted mean
    :math:`\sum_i c_i s_{ik} y_{ik} / \sum_i c_i s_{ik}`, the weighted median
    (Black 1948) and the Condorcet winner among the issue's options
    (:func:`models.bargaining.weighted_mean`, ``weighted_median`` and
    ``condorcet_winner``, batched over the draws). An issue on which no party
    with a position has positive weight gets NaN.

    Parameters
    ----------
    inputs : UncertainInputs

    Attributes
    ----------
    output_names : tuple of str
        ``mean.<issue>``, ``median.<issue>`` and ``condorcet.<issue>`` (NaN
        where there is no Condorcet winner).

    References
    ----------
    .. [1] Black, D. (1948). On the rationale of group decision-making.
       *Journal of Political Economy*, 56(1), 23-34.
    .. [2] Bueno de Mesquita, B. (1994). Political forecasting: an expected
       utility method. In *European Community Decision Making*, Yale
       University Press, 71-104.

    Examples
    --------
    >>> import positions
    >>> from models import uncertain, monte_carlo
    >>> inputs = uncertain(positions.load("ukraine-ceasefire-2025-05"))
    >>> res = monte_carlo(ForecastModel(inputs), inputs, 500, rng=0, progress=False)
    >>> 0 < res.mean("mean.territory").estimate < 100
    True
    """

    inputs: UncertainInputs

    def __post_init__(self) -> None:
        _require_scenario(self.inputs, "ForecastModel")

    @property
    def output_names(self) -> tuple[str, ...]:
        """The outputs, in order."""
        arrays = self.inputs._arrays
        issues = arrays.issue_ids if arrays is not None else ()
        return tuple(f"{kind}.{k}" for kind in ("mean", "median", "condorcet") for k in issues)

    def __call__(self, values: Mapping[str, ArrayLike]) -> dict[str, NDArray[Any]]:
        """Evaluate the draws ``values``; see :class:`BargainingModel`.

        Parameters
        ----------
        values : mapping of str to array_like of shape (n,)

        Returns
        -------
        dict of str to ndarray of shape (n,)
        """
        from models.bargaining import condorcet_winner, weighted_mean, weighted_median

        cols, n = _columns(self.inputs, values, "ForecastModel")
        batch = self.inputs._apply(cols, n)
        scenario = self.inputs.scenario
        out: dict[str, NDArray[Any]] = {}
        for kind in ("mean", "median", "condorcet"):
            for k in batch.issue_ids:
                out[f"{kind}.{k}"] = np.full(n, np.nan)
        for j, k in enumerate(batch.issue_ids):
            has = batch.has_position[:, j]
            if not has.any():
                continue
            x = batch.ideals[:, has, j]
            s = batch.saliences[:, has, j]
            c = batch.capabilities[:, has]
            rows = np.flatnonzero((s * c).sum(axis=1) > 0)
            if rows.size == 0:
                continue
            x, s, c = x[rows], s[rows], c[rows]
            out[f"mean.{k}"][rows] = weighted_mean(x, s, c)
            out[f"median.{k}"][rows] = weighted_median(x, s, c)
            options = scenario.issue(k).option_values() if scenario is not None else ()
            candidates = np.asarray(options) if options else None
            out[f"condorcet.{k}"][rows] = condorcet_winner(x, s, c, candidates=candidates)
        return out


@dataclass(frozen=True, slots=True, eq=False)
class SMPModel:
    r"""KTAB's Spatial Model of Politics (:func:`models.smp_batch`) as a Monte Carlo model.

    Every draw's parties start at their (drawn, clipped) ideal points, with
    their drawn capabilities and their saliences divided by their sum (KTAB
    needs each actor's saliences to sum to at most 1), on every issue mapped
    to the common scale [0, 100]; the outputs are the final positions on the
    issues' own scales.

    Parameters
    ----------
    inputs : UncertainInputs
    params : SMPParams, optional
        The SMP's options (default: KTAB's).
    max_rounds : int

    Attributes
    ----------
    output_names : tuple of str
        ``smp.<actor>.<issue>`` (final positions), ``smp.mean.<issue>``
        (their capability x salience weighted mean), ``smp.num_iter``,
        ``smp.converged``.

    References
    ----------
    .. [1] KAPSARC, KTAB, https://github.com/KAPSARC/KTAB; see :func:`models.smp`.

    Examples
    --------
    >>> import positions
    >>> from models import uncertain, monte_carlo
    >>> inputs = uncertain(positions.load("ukraine-ceasefire-2025-05"),
    ...                    include="positions[RUS/*].salience")
    >>> res = monte_carlo(SMPModel(inputs, max_rounds=5), inputs, 4, rng=0, progress=False)
    >>> res.outputs["smp.RUS.territory"].shape
    (4,)
    """

    inputs: UncertainInputs
    params: Any = None
    max_rounds: int = 100

    def __post_init__(self) -> None:
        _require_scenario(self.inputs, "SMPModel")
        check_int(self.max_rounds, "max_rounds", "SMPModel", low=1)

    @property
    def output_names(self) -> tuple[str, ...]:
        """The outputs, in order."""
        arrays = self.inputs._arrays
        if arrays is None:  # pragma: no cover
            return ()
        names = [f"smp.{a}.{k}" for a in arrays.actor_ids for k in arrays.issue_ids]
        names += [f"smp.mean.{k}" for k in arrays.issue_ids]
        return (*names, "smp.num_iter", "smp.converged")

    def __call__(self, values: Mapping[str, ArrayLike]) -> dict[str, NDArray[Any]]:
        """Evaluate the draws ``values``; see :class:`BargainingModel`.

        Parameters
        ----------
        values : mapping of str to array_like of shape (n,)

        Returns
        -------
        dict of str to ndarray of shape (n,)
        """
        from models.smp import smp_batch

        cols, n = _columns(self.inputs, values, "SMPModel")
        batch = self.inputs._apply(cols, n)
        lo, span = batch.scale_low, batch.scale_high - batch.scale_low
        pos = np.clip((batch.ideals - lo) / span * 100.0, 0.0, 100.0)
        sal = batch.saliences
        total = sal.sum(axis=-1, keepdims=True)
        sal = sal / np.where(total > 0, total, 1.0) / (1.0 + 1e-12)
        res = smp_batch(pos, sal, batch.capabilities, params=self.params,
                        max_rounds=self.max_rounds, scale=(0.0, 100.0),
                        actor_names=batch.actor_ids, dimension_names=batch.issue_ids)
        final = res.final_positions / 100.0 * span + lo
        out: dict[str, NDArray[Any]] = {}
        for i, a in enumerate(batch.actor_ids):
            for k, issue in enumerate(batch.issue_ids):
                out[f"smp.{a}.{issue}"] = final[:, i, k]
        weight = batch.capabilities[:, :, None] * batch.saliences
        wsum = weight.sum(axis=1)
        mean = (weight * final).sum(axis=1) / np.where(wsum > 0, wsum, 1.0)
        for k, issue in enumerate(batch.issue_ids):
            out[f"smp.mean.{issue}"] = mean[:, k]
        out["smp.num_iter"] = np.asarray(res.num_iter, dtype=np.int64)
        out["smp.converged"] = np.asarray(res.converged, dtype=bool)
        return out
