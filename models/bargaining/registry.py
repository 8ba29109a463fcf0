r"""The registry of bargaining solutions: one :class:`~models.bargaining.SolutionSpec` per name.

:data:`SOLUTIONS` maps each solution's name to its spec, in report order. It is
the only list of solutions: the solvers (:func:`~models.bargaining.solve`,
:func:`~models.bargaining.solve_batch`,
:func:`~models.bargaining.solve_continuous`), :func:`models.bargain` and its
result, the Monte Carlo model, the sweep spec, the report and the figures all
read it. To add a solution, write its score, keys and continuous form (as in
:mod:`models.bargaining.axiomatic`) and add one entry below. Each chooses,
within the zone of possible agreement :math:`Z = \{x : u(x) \ge d\}`:

* ``nash``: :math:`\arg\max \sum_i w_i \log(u_i - d_i)` (Nash 1950; Kalai 1977)
* ``kalai_smorodinsky``: :math:`\arg\max \min_i (u_i - d_i)/(a_i - d_i)` with the
  ideal point :math:`a_i = \max_Z u_i` (Kalai and Smorodinsky 1975)
* ``egalitarian``: :math:`\arg\max \min_i (u_i - d_i)` (Kalai 1977)
* ``utilitarian``: :math:`\arg\max \sum_i u_i` (Harsanyi 1955)

References
----------
.. [1] Nash, J. F. (1950). The bargaining problem. *Econometrica* 18(2), 155–162.
.. [2] Kalai, E. and Smorodinsky, M. (1975). Other solutions to Nash's
   bargaining problem. *Econometrica* 43(3), 513–518.
.. [3] Kalai, E. (1977). Proportional solutions to bargaining situations:
   interpersonal utility comparisons. *Econometrica* 45(7), 1623–1630.
.. [4] Harsanyi, J. C. (1955). Cardinal welfare, individualistic ethics, and
   interpersonal comparisons of utility. *Journal of Political Economy*
   63(4), 309–321.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

from models._checks import param_error
from models.bargaining import axiomatic as ax
from models.bargaining.spec import SolutionSpec

__all__ = ["SOLUTIONS"]

SOLUTIONS: Mapping[str, SolutionSpec] = MappingProxyType({
    spec.name: spec
    for spec in (
        SolutionSpec(
            name="nash", title="Nash", label="N", marker="*", color="#000000",
            uses_disagreement=True, uses_weights=True,
            scores=ax._nash_scores, keys=ax._nash_keys, continuous=ax._NASH,
        ),
        SolutionSpec(
            name="kalai_smorodinsky", title="Kalai-Smorodinsky", label="KS", marker="D",
            color="#CC79A7", uses_disagreement=True, uses_weights=False,
            scores=ax._ks_scores, keys=ax._ks_keys, continuous=ax._KALAI_SMORODINSKY,
        ),
        SolutionSpec(
            name="egalitarian", title="Egalitarian", label="E", marker="s", color="#56B4E9",
            uses_disagreement=True, uses_weights=False,
            scores=ax._egalitarian_scores, keys=ax._egalitarian_keys,
            continuous=ax._EGALITARIAN,
        ),
        SolutionSpec(
            name="utilitarian", title="Utilitarian", label="U", marker="^", color="#E69F00",
            uses_disagreement=False, uses_weights=False,
            scores=ax._utilitarian_scores, keys=ax._utilitarian_keys,
            continuous=ax._UTILITARIAN,
        ),
    )
})
"""The bargaining solutions, by name, in report order (read-only).

Examples
--------
>>> list(SOLUTIONS)
['nash', 'kalai_smorodinsky', 'egalitarian', 'utilitarian']
>>> SOLUTIONS["kalai_smorodinsky"].title
'Kalai-Smorodinsky'
"""


def _lookup(solution: Any, func: str) -> SolutionSpec:
    """Return the spec of ``solution``, or raise the standard error naming ``func``."""
    spec = SOLUTIONS.get(solution) if isinstance(solution, str) else None
    if spec is None:
        raise param_error(
            "solution", func, f"one of {', '.join(map(repr, SOLUTIONS))}", repr(solution)
        )
    return spec
