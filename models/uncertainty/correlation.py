r"""Rank correlation between uncertain inputs: the target matrix and its normal copula.

A target Spearman rank correlation :math:`\rho^S` between inputs is induced
with a Gaussian copula whose normal correlation is

.. math::

    \rho_{jl} = 2 \sin\left(\frac{\pi}{6} \rho^S_{jl}\right),

the bivariate normal with that correlation having Spearman correlation
exactly :math:`\rho^S_{jl}` (Pearson 1907; Kruskal 1958). See
:mod:`models.uncertainty.inputs` for how the copula acts on the draws.

References
----------
.. [1] Kruskal, W. H. (1958). Ordinal measures of association. *Journal of
   the American Statistical Association*, 53(284), 814-861.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray

from models._checks import check_array, param_error

__all__ = ["correlation_matrix", "spearman_to_normal"]


def spearman_to_normal(rho: NDArray[np.float64]) -> NDArray[np.float64]:
    """Return the normal correlation whose Spearman rank correlation is ``rho``.

    Parameters
    ----------
    rho : ndarray of shape (n_inputs, n_inputs)

    Returns
    -------
    ndarray of shape (n_inputs, n_inputs)

    Examples
    --------
    >>> spearman_to_normal(np.array([[1.0, 0.0], [0.0, 1.0]])).round(12).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    return np.asarray(2.0 * np.sin(np.pi * rho / 6.0), dtype=float)


def correlation_matrix(
    correlation: Any, names: tuple[str, ...], func: str
) -> NDArray[np.float64] | None:
    """Read a target Spearman correlation: a (d, d) matrix or ``{(name, name): rho}``.

    Parameters
    ----------
    correlation : array_like of shape (n_inputs, n_inputs), mapping or None
    names : tuple of str
        The declared inputs, in order.
    func : str
        The caller, named in errors.

    Returns
    -------
    ndarray of shape (n_inputs, n_inputs) or None

    Examples
    --------
    >>> correlation_matrix({("a", "b"): 0.5}, ("a", "b"), "f").tolist()
    [[1.0, 0.5], [0.5, 1.0]]
    """
    if correlation is None:
        return None
    d = len(names)
    if isinstance(correlation, Mapping):
        rho = np.eye(d)
        index = {n: j for j, n in enumerate(names)}
        for pair, value in correlation.items():
            if not (isinstance(pair, tuple) and len(pair) == 2):
                raise param_error("correlation", func, "a mapping from (name, name) pairs",
                                  f"a key {pair!r:.60}")
            for name in pair:
                if name not in index:
                    raise param_error("correlation", func, "pairs of declared input names",
                                      repr(name))
            a, b = index[pair[0]], index[pair[1]]
            if a == b:
                raise param_error("correlation", func, "pairs of two different inputs",
                                  repr(pair))
            rho[a, b] = rho[b, a] = float(value)
        return rho
    return check_array(correlation, "correlation", func, ndim=2, shape=(d, d),
                       shape_text=f"(n_inputs, n_inputs) = ({d}, {d})")
