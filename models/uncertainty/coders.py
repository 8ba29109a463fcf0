r"""Coder disagreement as uncertainty: a mixture over coders in the Monte Carlo.

With codings from :math:`K` coders (the scenario's own numbers are coder
``A``, the others from coder files, :func:`positions.load_coding`), each draw
first picks a coder :math:`k` with probability :math:`w_k` (equal weights by
default), then draws every judged number from coder :math:`k`'s distribution
for it:

* when the coder gives a range (``low``, ``high``): the triangular
  distribution on ``low, value, high`` (a point mass when ``low = high``);
* otherwise: the scenario's own distribution for the number *moved* to the
  coder's value, :math:`x = F^{-1}(u) + (v_k - v_A)`, clipped into the
  number's admissible range (a salience, a probability or a disagreement
  utility in [0, 1]; an ideal point, a bound or a status quo on its issue's
  scale; a capability >= 0; a parameter the scenario and the coder keep in
  [0, 1] stays there);
* a number the coder leaves out or abstains on: the scenario's distribution
  (coder ``A``'s).

So the draws follow the mixture :math:`\sum_k w_k F_k`, whose mean and
variance are :math:`\mu = \sum_k w_k \mu_k` and
:math:`\sigma^2 = \sum_k w_k (\sigma_k^2 + \mu_k^2) - \mu^2` (the within-coder
variance plus the variance of the coders' means).

**Vectorised and reproducible.** The coder is one more input of the design,
``coder`` (a categorical input over the coders' names, weighted), drawn from
its own uniform as every other input is, so a draw's coder is a function of
its row alone: the same seed gives the same draws whatever the chunk size or
worker count, and Sobol indices treat the coder choice as one input whose
first-order and total indices say how much of a result's variance comes from
the coders' disagreement. Each judged number keeps its own uniform: under the
coder drawn, it is the quantile of that coder's distribution at it.

**Identical codings change nothing.** A path whose every coder gives the
scenario's value and no range of its own adds nothing; when no path differs
at all, no ``coder`` input is added and the inputs (and every draw) are the
scenario's own.

References
----------
.. [1] Clemen, R. T. and Winkler, R. L. (1999). Combining probability
   distributions from experts in risk analysis. *Risk Analysis*, 19(2),
   187-203 (the linear opinion pool).
.. [2] Saltelli, A. et al. (2008). *Global Sensitivity Analysis: The Primer*.
   Wiley, ch. 4 (a discrete input's Sobol indices).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from models._checks import param_error
from models._repr import compact_repr
from models.uncertainty.distributions import _ppf_inner
from positions import Categorical, Coding, Fixed, Triangular
from positions.codings import SCENARIO_CODER, issue_scale, judgement_kind

if TYPE_CHECKING:
    import pandas as pd

    from models.uncertainty.inputs import UncertainInputs
    from models.uncertainty.sensitivity import SobolIndices
    from positions import Distribution, Scenario

__all__ = ["CODER_INPUT", "CoderAlternative", "CoderMixture", "coder_share", "with_codings"]

CODER_INPUT = "coder"
"""The name of the coder-choice input that :func:`with_codings` adds."""


@dataclass(frozen=True, slots=True)
class CoderAlternative:
    """One coder's distribution for one input: ``clip(F^{-1}(u) + shift, low, high)``.

    Attributes
    ----------
    distribution : positions.Distribution
        :math:`F`: the scenario's distribution (moved by ``shift``), or the
        coder's triangular range.
    value : float
        The point value :math:`F` is read with (for a ``fixed`` one).
    shift : float
        The coder's value minus the scenario's (0 for a coder's own range).
    low, high : float
        The admissible range the draws are clipped into.
    """

    __repr__ = compact_repr

    distribution: Distribution
    value: float
    shift: float
    low: float
    high: float

    def draw(self, u: NDArray[np.float64]) -> NDArray[np.float64]:
        """Return the coder's draws at the uniforms ``u``."""
        x = _ppf_inner(self.distribution, u, self.value, "CoderMixture") + self.shift
        return np.clip(x, self.low, self.high)


@dataclass(frozen=True, slots=True)
class CoderMixture:
    """The coders of a mixture and, per input that differs, each coder's distribution.

    Attributes
    ----------
    coders : tuple of str
        ``A`` first (the scenario), in the order of the ``coder`` input's categories.
    weights : tuple of float
        Each coder's probability of being drawn (they sum to 1).
    column : int
        The position of the ``coder`` input among the inputs.
    alternatives : tuple of (int, tuple of CoderAlternative or None)
        Per input that some coder codes differently: its position and, per
        coder, that coder's distribution (None: the input's own).
    """

    __repr__ = compact_repr

    coders: tuple[str, ...]
    weights: tuple[float, ...]
    column: int
    alternatives: tuple[tuple[int, tuple[CoderAlternative | None, ...]], ...]

    def mix(self, u: NDArray[np.float64], out: NDArray[np.float64]) -> None:
        """Replace, in ``out``, each row's values by those of the row's coder (in place).

        Parameters
        ----------
        u : ndarray of shape (n_draws, n_inputs)
            The uniforms (after the copula).
        out : ndarray of shape (n_draws, n_inputs)
            The draws under the scenario's own distributions, with the coder
            index in column :attr:`column`.
        """
        coder = out[:, self.column].astype(np.intp)
        for j, per_coder in self.alternatives:
            for k, alt in enumerate(per_coder):
                if alt is None:
                    continue
                rows = coder == k
                if rows.any():
                    out[rows, j] = alt.draw(u[rows, j])


def _admissible(scenario: Scenario, path: str, values: Sequence[float]) -> tuple[float, float]:
    """Return the range a judged number must stay in (see the module docstring)."""
    kind = judgement_kind(path)
    scale = issue_scale(scenario, path)
    if scale is not None:
        return scale
    if kind in ("salience", "probability", "disagreement"):
        return (0.0, 1.0)
    if kind == "capability":
        return (0.0, math.inf)
    low, high = scenario.estimates()[path].bounds()
    lo, hi = min(low, *values), max(high, *values)
    if lo >= 0 and hi <= 1:
        return (0.0, 1.0)
    return (0.0, math.inf) if lo >= 0 else (-math.inf, math.inf)


def _weights(
    coders: tuple[str, ...], weights: Mapping[str, float] | None, func: str
) -> tuple[float, ...]:
    if weights is None:
        return tuple(1.0 / len(coders) for _ in coders)
    unknown = [c for c in weights if c not in coders]
    if unknown:
        raise param_error("coder_weights", func, f"a mapping over the coders {list(coders)}",
                          repr(unknown[0]))
    raw = np.array([float(weights.get(c, 0.0)) for c in coders])
    if not np.all(np.isfinite(raw)) or np.any(raw < 0) or raw.sum() <= 0:
        raise param_error("coder_weights", func, "finite weights >= 0, not all 0",
                          repr(dict(weights)))
    return tuple(float(w) for w in raw / raw.sum())


def with_codings(
    inputs: UncertainInputs,
    codings: Iterable[Coding],
    *,
    coder_weights: Mapping[str, float] | None = None,
) -> UncertainInputs:
    """Return the inputs with a mixture over coders (the scenario is coder ``A``).

    Parameters
    ----------
    inputs : UncertainInputs
        Declared on a scenario (:func:`models.uncertain`).
    codings : iterable of positions.Coding
        The other coders' values (:func:`positions.load_coding`). A path the
        inputs' scenario does not hold (e.g. of a party
        :meth:`~positions.Scenario.with_parties` left out) is ignored; a coded
        path that is not an input (a ``fixed`` estimate, or one the
        ``include`` patterns left out) becomes one when some coder differs there.
    coder_weights : mapping of str to float, optional
        Each coder's weight (``A`` included; a coder not named weighs 0);
        default equal weights.

    Returns
    -------
    UncertainInputs
        With a last input ``coder`` (see the module docstring) unless no coder
        differs from the scenario anywhere (then ``inputs`` itself).

    Raises
    ------
    ValueError
        If the inputs have no scenario, there is no coding, two codings share
        a coder name, or the weights are bad.
    positions.ScenarioError
        If a coding is not valid for the scenario.

    Examples
    --------
    >>> import positions, models
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> b = positions.load_coding({"scenario": s.id, "coder": "B", "values": {
    ...     "positions[RUS/sanctions].salience": {"value": 0.6, "rationale": "x"}}}, s)
    >>> mixed = with_codings(models.uncertain(s), [b])
    >>> mixed.names[-1], mixed.mixture.coders
    ('coder', ('A', 'B'))
    >>> draws = models.uncertainty.sample(mixed, 4000, rng=1)
    >>> x = draws[:, mixed.names.index("positions[RUS/sanctions].salience")]
    >>> round(float(x[draws[:, -1] == 0].mean()), 2), round(float(x[draws[:, -1] == 1].mean()), 2)
    (0.22, 0.61)
    """
    from models.uncertainty.inputs import UncertainInput, UncertainInputs

    func = "with_codings"
    scenario = inputs.scenario
    if scenario is None:
        raise param_error("inputs", func, "inputs declared on a scenario", "no scenario")
    codings = list(codings)
    if not codings:
        raise param_error("codings", func, "at least one coding", "none")
    if inputs.mixture is not None or CODER_INPUT in inputs.names:
        raise param_error("inputs", func, "inputs without a coder mixture", "one already")
    known = scenario.estimates()
    kept = []
    for c in codings:
        here = Coding.model_validate(
            c.model_dump() | {"values": {p: v for p, v in c.values.items() if p in known}})
        kept.append(here.check(scenario))
    coders = (SCENARIO_CODER, *(c.coder for c in kept))
    if len(set(coders)) != len(coders):
        raise param_error("codings", func, f"distinct coder names other than {SCENARIO_CODER!r}",
                          repr(list(coders)))
    weights = _weights(coders, coder_weights, func)

    new_inputs = list(inputs.inputs)
    index = {x.name: j for j, x in enumerate(new_inputs)}
    alternatives: dict[int, list[CoderAlternative | None]] = {}
    for path, estimate in known.items():
        coded = [(k, c.coded()[path]) for k, c in enumerate(kept, start=1)
                 if path in c.coded()]
        differs = [(k, v) for k, v in coded
                   if v.bounds() is not None or not math.isclose(
                       float(v.value or 0.0), float(estimate.value), rel_tol=0, abs_tol=1e-12)]
        if not differs:
            continue
        if path not in index:
            new_inputs.append(UncertainInput(path, estimate.uncertainty, float(estimate.value)))
            index[path] = len(new_inputs) - 1
        base = new_inputs[index[path]]
        low, high = _admissible(scenario, path, [float(v.value or 0.0) for _, v in coded])
        per: list[CoderAlternative | None] = [None] * len(coders)
        for k, v in differs:
            value = float(v.value or 0.0)
            bounds = v.bounds()
            dist: Distribution
            if bounds is None:
                dist, shift, point = base.distribution, value - base.value, base.value
            elif bounds[0] == bounds[1]:
                dist, shift, point = Fixed(value=value), 0.0, value
            else:
                dist, shift = Triangular(low=bounds[0], mode=value, high=bounds[1]), 0.0
                point = value
            per[k] = CoderAlternative(dist, point, shift, low, high)
        alternatives[index[path]] = per
    if not alternatives:
        return inputs
    coder_input = UncertainInput(
        CODER_INPUT, Categorical(categories=coders, weights=weights), 0.0)
    new_inputs.append(coder_input)
    mixture = CoderMixture(
        coders=coders, weights=weights, column=len(new_inputs) - 1,
        alternatives=tuple((j, tuple(per)) for j, per in sorted(alternatives.items())),
    )
    correlation = inputs.correlation
    if correlation is not None:
        d = len(new_inputs)
        grown = np.eye(d)
        n = correlation.shape[0]
        grown[:n, :n] = correlation
        correlation = grown
    return UncertainInputs(
        inputs=tuple(new_inputs), correlation=correlation, scenario=scenario,
        renormalise=inputs.renormalise, clip_ideals=inputs.clip_ideals, mixture=mixture,
    )


def coder_share(sensitivity: SobolIndices) -> pd.DataFrame:
    """Return how much of each output's variance comes from the choice of coder.

    Parameters
    ----------
    sensitivity : SobolIndices
        Of inputs with a coder mixture (:func:`with_codings`).

    Returns
    -------
    pandas.DataFrame
        Columns ``output, S1, S1_conf, ST, ST_conf``: the first-order and total
        Sobol indices of the ``coder`` input per output. ``S1`` is the share
        of the variance the coder choice explains alone; ``ST`` adds its
        interactions with the other inputs.

    Raises
    ------
    ValueError
        If the indices have no ``coder`` input.
    """
    import pandas as pd

    if CODER_INPUT not in sensitivity.names:
        raise param_error("sensitivity", "coder_share",
                          "Sobol indices of inputs with a coder mixture", "no 'coder' input")
    j = list(sensitivity.names).index(CODER_INPUT)
    rows: list[dict[str, Any]] = [
        {"output": o, "S1": float(sensitivity.S1[i][j]),
         "S1_conf": float(sensitivity.S1_conf[i][j]),
         "ST": float(sensitivity.ST[i][j]), "ST_conf": float(sensitivity.ST_conf[i][j])}
        for i, o in enumerate(sensitivity.outputs)
    ]
    return pd.DataFrame(rows, columns=["output", "S1", "S1_conf", "ST", "ST_conf"])
