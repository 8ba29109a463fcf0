r"""Samplers of the unit hypercube: the designs behind every draw, and their registry.

A *design* of :math:`N` draws of :math:`d` inputs is a sequence of points
:math:`u^{(0)}, \dots, u^{(N-1)} \in [0, 1)^d`; the inputs' quantile
functions (:mod:`models.uncertainty.distributions`, with the copula of
:class:`~models.uncertainty.UncertainInputs`) turn each point into a draw.
The samplers of :data:`SAMPLERS`:

``'random'`` (plain Monte Carlo)
    independent uniforms, :math:`u^{(r)}_j \sim U[0, 1)`.
``'lhs'`` (Latin hypercube; McKay, Beckman and Conover 1979)
    in every dimension each of the :math:`N` strata :math:`[i/N, (i+1)/N)`
    holds exactly one draw,
    :math:`u^{(r)}_j = (\pi_j(r) + v^{(r)}_j) / N` with :math:`\pi_j` a
    permutation of :math:`\{0, \dots, N - 1\}` and :math:`v \sim U[0, 1)`.
    Its asymptotic variance is never larger than plain Monte Carlo's (Stein
    1987).
``'sobol'``, ``'halton'``
    scrambled low-discrepancy sequences of :mod:`scipy.stats.qmc` (Owen 1998).
``'factorial'``
    every combination of ``levels`` quantiles per input, the levels
    :math:`(i + \tfrac12)/m`, :math:`i = 0, \dots, m - 1`, of a continuous
    input, the mid-masses of a discrete input's atoms.

**Reproducibility whatever the chunking.** One seed fixes every draw, and row
:math:`r` of a design depends on :math:`r` alone, never on the slice asked
for. Plain and Latin hypercube draws are defined in fixed blocks of
:data:`BLOCK_SIZE` rows: block :math:`k` draws its uniforms from the
:math:`k`-th child stream of the seed (:func:`models._random.child_rng`); a
chunk is cut from the blocks it overlaps, so chunk sizes and worker counts
change nothing. The Latin hypercube's strata are permuted, in each dimension,
by a keyed Feistel permutation of :math:`\{0, \dots, N - 1\}` (with cycle
walking; Black and Rogaway 2002), computed for any slice of indices without
building the permutation. Sobol and Halton sequences are scrambled once from
the seed and fast-forwarded to each chunk's first index. The factorial design
is enumerated by index.

**Adding a sampler** is one function and one entry: a function
``uniforms(design, start, stop)`` returning rows ``start:stop`` of the design
(an array of shape ``(stop - start, design.n_inputs)`` in :math:`[0, 1)`,
each row a function of its index and the design only), and
``SAMPLERS[name] = SamplerSpec(uniforms, ...)``. :func:`models.monte_carlo`,
:func:`sample`, the sweep specs (:class:`models.SweepSpec`) and their error
messages read the registry.

References
----------
.. [1] McKay, M. D., Beckman, R. J. and Conover, W. J. (1979). A comparison
   of three methods for selecting values of input variables in the analysis
   of output from a computer code. *Technometrics*, 21(2), 239-245.
.. [2] Stein, M. (1987). Large sample properties of simulations using Latin
   hypercube sampling. *Technometrics*, 29(2), 143-151.
.. [3] Owen, A. B. (1998). Scrambling Sobol' and Niederreiter-Xing points.
   *Journal of Complexity*, 14(4), 466-489.
.. [4] Black, J. and Rogaway, P. (2002). Ciphers with arbitrary finite
   domains. *CT-RSA 2002*, LNCS 2271, 114-130.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from models._checks import check_int, param_error
from models._random import child_rng, child_state, root_seed
from models._repr import compact_repr
from models.uncertainty.distributions import _atom_masses
from models.uncertainty.inputs import UncertainInputs
from positions import Fixed

__all__ = ["BLOCK_SIZE", "SAMPLERS", "Design", "SamplerSpec", "design"]

BLOCK_SIZE = 1024
"""Rows per random stream: block ``k`` of the draws uses the ``k``-th child seed."""

_LHS_KEY = 2**32
_QMC_KEY = 2**32 + 1
_FEISTEL_ROUNDS = 4


# ====================================================================== streams
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


# ================================================================ the registry
Uniforms = Callable[["Design", int, int], NDArray[np.float64]]
"""``uniforms(design, start, stop)``: rows ``start:stop`` of a design, shape (stop - start, d)."""


@dataclass(frozen=True, slots=True)
class SamplerSpec:
    """What a sampler is: its uniforms function and what the engine must know about it.

    Attributes
    ----------
    uniforms : callable
        ``uniforms(design, start, stop) -> ndarray of shape (stop - start,
        design.n_inputs)``: rows ``start:stop`` of the :class:`Design`, in
        [0, 1). Row ``r`` must depend on ``r`` and the design only (its
        seed, size, grid), so that chunks and workers share one design.
    title : str
        Its name in messages (``"Sobol'"``).
    levels : bool
        Whether the design is the grid of ``levels`` per input
        (:attr:`Design.grid`) whose size fixes ``n_draws``.
    max_inputs : int or None
        The most inputs it can sample.
    power_of_two : bool
        Whether it balances best when ``n_draws`` is a power of 2
        (:func:`models.monte_carlo` warns otherwise).

    Examples
    --------
    >>> SAMPLERS["sobol"].title, SAMPLERS["factorial"].levels
    ("Sobol'", True)
    """

    uniforms: Uniforms
    title: str
    levels: bool = False
    max_inputs: int | None = None
    power_of_two: bool = False


@dataclass(frozen=True, slots=True)
class Design:
    """What fixes the draws: the sampler, the design's size, the seed, the factorial grid.

    Built by :func:`design` (and by :func:`models.monte_carlo` and
    :func:`sample`); :meth:`uniforms` gives any slice of its rows.

    Attributes
    ----------
    sampler : str
        The sampler's name in :data:`SAMPLERS`.
    spec : SamplerSpec
        Its entry.
    n_inputs, n_draws : int
        The design's dimension and size.
    seed : int
        The root seed (:func:`models._random.root_seed`).
    grid : tuple of tuple of float
        Per input, the uniforms of its levels (for a sampler that takes
        ``levels``; else empty).
    """

    __repr__ = compact_repr

    sampler: str
    spec: SamplerSpec = field(repr=False)
    n_inputs: int
    n_draws: int
    seed: int
    grid: tuple[tuple[float, ...], ...] = ()

    def uniforms(self, start: int, stop: int) -> NDArray[np.float64]:
        """Return rows ``start:stop`` of the design in the unit hypercube.

        Parameters
        ----------
        start, stop : int
            The rows, ``0 <= start <= stop <= n_draws``.

        Returns
        -------
        ndarray of shape (stop - start, n_inputs)
        """
        if stop <= start:
            return np.empty((0, self.n_inputs))
        return self.spec.uniforms(self, start, stop)


# =================================================================== samplers
def _random(design: Design, start: int, stop: int) -> NDArray[np.float64]:
    """Draw plain Monte Carlo uniforms: the blockwise uniform stream."""
    return _block_uniforms(design.seed, design.n_inputs, start, stop)


def _lhs(design: Design, start: int, stop: int) -> NDArray[np.float64]:
    """Draw a Latin hypercube: each row's stratum by a keyed permutation, jittered in it."""
    d, n = design.n_inputs, design.n_draws
    jitter = _block_uniforms(design.seed, d, start, stop)
    index = np.arange(start, stop, dtype=np.int64)
    out = np.empty((stop - start, d))
    for j in range(d):
        keys = child_state(design.seed, _LHS_KEY, j, n=_FEISTEL_ROUNDS)
        strata = _permute(index, n, keys)
        out[:, j] = (strata + jitter[:, j]) / n
    return out


def _scrambled(engine: Any, design: Design, start: int, stop: int) -> NDArray[np.float64]:
    """Rows of a :mod:`scipy.stats.qmc` sequence scrambled from the seed, from ``start`` on."""
    sequence = engine(design.n_inputs, scramble=True, rng=child_rng(design.seed, _QMC_KEY))
    if start:
        sequence.fast_forward(start)
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*balance properties.*")
        return np.asarray(sequence.random(stop - start), dtype=float)


def _sobol(design: Design, start: int, stop: int) -> NDArray[np.float64]:
    """Return rows of a scrambled Sobol' sequence."""
    from scipy.stats import qmc

    return _scrambled(qmc.Sobol, design, start, stop)


def _halton(design: Design, start: int, stop: int) -> NDArray[np.float64]:
    """Return rows of a scrambled Halton sequence."""
    from scipy.stats import qmc

    return _scrambled(qmc.Halton, design, start, stop)


def _factorial(design: Design, start: int, stop: int) -> NDArray[np.float64]:
    """Enumerate the full factorial grid: mixed-radix digits of the index, last fastest."""
    d = design.n_inputs
    out = np.empty((stop - start, d))
    rest = np.arange(start, stop, dtype=np.int64)
    for j in range(d - 1, -1, -1):
        points = np.asarray(design.grid[j])
        out[:, j] = points[rest % points.size]
        rest //= points.size
    return out


SAMPLERS: dict[str, SamplerSpec] = {
    "random": SamplerSpec(_random, "plain Monte Carlo"),
    "lhs": SamplerSpec(_lhs, "Latin hypercube"),
    "sobol": SamplerSpec(_sobol, "Sobol'", max_inputs=21201, power_of_two=True),
    "halton": SamplerSpec(_halton, "Halton"),
    "factorial": SamplerSpec(_factorial, "full factorial", levels=True),
}
"""The samplers by name: :func:`sample`, :func:`models.monte_carlo` and sweep specs read it.

Add one with ``SAMPLERS[name] = SamplerSpec(uniforms, title)``; see the
module docstring.
"""


# ==================================================================== designs
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
        w = _atom_masses(x.distribution)
        if isinstance(x.distribution, Fixed):
            grid.append((0.5,))
        elif w is not None:
            cum = np.concatenate(([0.0], np.cumsum(w) / w.sum()))
            mids = (cum[:-1] + cum[1:]) / 2
            grid.append(tuple(float(u) for u, wi in zip(mids, w, strict=True) if wi > 0))
        else:
            m = per.get(x.name, default)
            grid.append(tuple(float(u) for u in (np.arange(m) + 0.5) / m))
    return tuple(grid)


def _size(
    inputs: UncertainInputs, n_draws: int | None, spec: SamplerSpec,
    levels: int | Mapping[str, int], func: str,
) -> tuple[int, tuple[tuple[float, ...], ...]]:
    """Return the design's size and its grid (empty unless the sampler takes levels)."""
    if spec.levels:
        grid = _factorial_grid(inputs, levels, func)
        size = math.prod(len(g) for g in grid)
        if n_draws is None:
            return size, grid
        if check_int(n_draws, "n_draws", func, low=1) != size:
            raise param_error("n_draws", func,
                              f"None or the size of the factorial design ({size:,})",
                              repr(n_draws))
        return size, grid
    if n_draws is None:
        by_levels = " or ".join(f"sampler={k!r}" for k, s in SAMPLERS.items() if s.levels)
        raise param_error("n_draws", func, f"an int >= 1 (None only for {by_levels})", "None")
    return check_int(n_draws, "n_draws", func, low=1), ()


def design(
    inputs: UncertainInputs,
    n_draws: int | None = None,
    *,
    sampler: str = "random",
    rng: np.random.Generator | int | None = None,
    levels: int | Mapping[str, int] = 3,
    caller: str = "design",
) -> Design:
    """Fix a design: the sampler, its size and its seed (no draw is made yet).

    Parameters
    ----------
    inputs : UncertainInputs
        The declaration (:func:`models.uncertain`).
    n_draws : int, optional
        The design's size (>= 1); None (the full grid) or the grid's size for
        a sampler that takes ``levels`` (``'factorial'``).
    sampler : str
        A name of :data:`SAMPLERS`: ``'random'``, ``'lhs'``, ``'sobol'``,
        ``'halton'``, ``'factorial'`` or one added there.
    rng : numpy.random.Generator, int or None
        The seed; an int is the root seed itself.
    levels : int or mapping of str to int
        Quantile levels per continuous input of a grid design (default 3);
        a discrete input uses its atoms.
    caller : str
        The function named in error messages (:func:`models.monte_carlo`
        and :func:`sample` pass theirs).

    Returns
    -------
    Design

    Raises
    ------
    ValueError
        If the sampler is unknown or ``n_draws`` or ``levels`` is invalid.
    TypeError
        If ``inputs`` is not an :class:`~models.uncertainty.UncertainInputs`.

    Examples
    --------
    >>> from models import uncertain
    >>> from positions import Discrete, Uniform
    >>> inputs = uncertain(inputs={"x": Uniform(low=0, high=1), "k": Discrete(values=(1, 2))})
    >>> d = design(inputs, sampler="factorial", levels=3, rng=0)
    >>> d.n_draws, d.uniforms(0, 2).tolist()
    (6, [[0.16666666666666666, 0.25], [0.16666666666666666, 0.75]])
    """
    func = caller
    if not isinstance(inputs, UncertainInputs):
        raise TypeError(f"The 'inputs' parameter of {func} must be an UncertainInputs (from "
                        f"models.uncertain). Got {type(inputs).__name__} instead.")
    spec = SAMPLERS.get(sampler) if isinstance(sampler, str) else None
    if spec is None:
        raise param_error("sampler", func, f"one of {', '.join(map(repr, SAMPLERS))}",
                          repr(sampler))
    n_draws, grid = _size(inputs, n_draws, spec, levels, func)
    if spec.max_inputs is not None and inputs.n_inputs > spec.max_inputs:
        raise param_error("inputs", func, f"at most {spec.max_inputs} inputs for "
                          f"sampler={sampler!r}", str(inputs.n_inputs))
    return Design(sampler, spec, inputs.n_inputs, n_draws, root_seed(rng), grid)
