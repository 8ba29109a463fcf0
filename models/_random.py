"""Random streams: one root seed, and independent child streams addressed by keys.

Every stochastic function of stances takes ``rng`` (a ``numpy.random.Generator``,
an int or None) and reduces it to one integer *root seed* with
:func:`root_seed`. Work that is split (blocks of Monte Carlo draws, the
Latin hypercube's permutation keys, scrambled Sobol and Halton sequences, the
samples and bootstraps of the sensitivity analyses, sweep runs, war-learning
draws) takes its numbers from the child ``SeedSequence(root, spawn_key=key)``
of that root (:func:`child_rng`, :func:`child_seed`, :func:`child_state`), a
stream addressed by its key alone, so results do not depend on the order, the
chunk size or the number of workers (O'Neill 2014; NumPy's ``SeedSequence``
design). No other module builds a ``SeedSequence``.

References
----------
.. [1] O'Neill, M. E. (2014). PCG: A family of simple fast space-efficient
   statistically good algorithms for random number generation. Harvey Mudd
   College, HMC-CS-2014-0905.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

__all__ = ["child_rng", "child_seed", "child_state", "root_seed"]


def root_seed(rng: np.random.Generator | int | None) -> int:
    """Return one integer seed from ``rng``.

    An int (or a ``SeedSequence`` built from one) is its own root seed, so the
    same int always gives the same streams; a ``Generator`` or None gives a
    draw of 63 random bits (from the generator, or from fresh entropy).

    Parameters
    ----------
    rng : numpy.random.Generator, int or None
        The caller's ``rng`` argument.

    Returns
    -------
    int
        A non-negative integer seed.

    Examples
    --------
    >>> root_seed(7)
    7
    >>> root_seed(np.random.default_rng(7)) == root_seed(np.random.default_rng(7))
    True
    """
    generator = np.random.default_rng(rng)
    if isinstance(rng, np.random.Generator | np.random.BitGenerator):
        return int(generator.integers(2**63))
    seed_seq = generator.bit_generator.seed_seq
    if rng is not None and isinstance(seed_seq, np.random.SeedSequence):
        entropy = seed_seq.entropy
        if isinstance(entropy, int | np.integer):
            return int(entropy)
    return int(generator.integers(2**63))


def child_rng(seed: int, *key: int) -> np.random.Generator:
    """Return the generator of the child ``SeedSequence(seed, spawn_key=key)``.

    Parameters
    ----------
    seed : int
        The root seed (:func:`root_seed`).
    *key : int
        The child's address, e.g. a block index or (point, replication).

    Returns
    -------
    numpy.random.Generator

    Examples
    --------
    >>> float(child_rng(1, 0).random()) == float(child_rng(1, 0).random())
    True
    """
    return np.random.default_rng(np.random.SeedSequence(seed, spawn_key=key))


def child_state(seed: int, *key: int, n: int = 1) -> NDArray[np.uint64]:
    """Return ``n`` 64-bit words of the child ``SeedSequence(seed, spawn_key=key)``.

    The words of its ``generate_state(n, np.uint64)``: keys for a keyed hash
    (the Latin hypercube's Feistel permutations) rather than a generator.

    Parameters
    ----------
    seed : int
        The root seed.
    *key : int
        The child's address.
    n : int
        How many words.

    Returns
    -------
    ndarray of uint64, shape (n,)

    Examples
    --------
    >>> child_state(1, 2, n=3).shape
    (3,)
    """
    state = np.random.SeedSequence(seed, spawn_key=key).generate_state(n, np.uint64)
    return np.asarray(state, dtype=np.uint64)


def child_seed(seed: int, *key: int, bits: Literal[32, 64] = 64) -> int:
    """Return an integer seed from the child ``SeedSequence(seed, spawn_key=key)``.

    The first word of its ``generate_state``: 64 bits by default, or 32 for a
    library that takes a 32-bit seed (SALib's Morris sampler).

    Parameters
    ----------
    seed : int
        The root seed.
    *key : int
        The child's address.
    bits : {64, 32}
        The width of the seed.

    Returns
    -------
    int

    Examples
    --------
    >>> child_seed(1, 2, 3) == child_seed(1, 2, 3)
    True
    >>> child_seed(1, 2, bits=32) < 2**32
    True
    """
    dtype = np.uint32 if bits == 32 else np.uint64
    state = np.random.SeedSequence(seed, spawn_key=key).generate_state(1, dtype)
    return int(state[0])
