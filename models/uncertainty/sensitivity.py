r"""Global sensitivity analysis: Sobol indices and Morris screening, through SALib.

For an output :math:`Y = f(X_1, \dots, X_d)` of independent inputs, the
*first-order* Sobol index of :math:`X_i` is the share of the output variance
that :math:`X_i` explains alone, the *second-order* index of :math:`(X_i,
X_j)` the share their interaction adds, and the *total* index the share of
every term involving :math:`X_i` (Sobol' 1993; Homma and Saltelli 1996):

.. math::

    S_i = \frac{\operatorname{Var}[\mathbb E(Y \mid X_i)]}{\operatorname{Var} Y}, \qquad
    S_{ij} = \frac{\operatorname{Var}[\mathbb E(Y \mid X_i, X_j)]}{\operatorname{Var} Y}
      - S_i - S_j, \qquad
    S_{T_i} = \frac{\mathbb E[\operatorname{Var}(Y \mid X_{\sim i})]}{\operatorname{Var} Y}.

:func:`sobol_indices` estimates them with Saltelli's (2002) scheme: SALib's
``sample.sobol`` builds :math:`N(2d + 2)` points (:math:`N(d + 2)` without
second-order indices) from a scrambled Sobol sequence in the unit
hypercube, the inputs' quantile functions (:mod:`models.uncertainty`) turn
them into draws, the model is evaluated through the chunked batched
evaluator of the Monte Carlo engine (:func:`models.uncertainty.evaluate`), and
SALib's ``analyze.sobol`` gives
the estimators of Saltelli et al. (2010) with bootstrap confidence
intervals.

:func:`morris_screening` computes Morris's (1991) elementary effects

.. math::

    EE_i = \frac{f(x + \Delta e_i) - f(x)}{\Delta}

along :math:`r` one-at-a-time trajectories on a grid of ``num_levels``
probability levels, and reports :math:`\mu^* = \mathbb E|EE_i|` (Campolongo,
Cariboni and Saltelli 2007), :math:`\mu` and :math:`\sigma` (non-linearity or
interactions) with SALib's ``sample.morris`` and ``analyze.morris``. The
steps are taken on the inputs' probability scale (:math:`x = F^{-1}(u)`,
:math:`u` on the grid), so the effects of inputs in different units are
comparable; the end levels 0 and 1 map to the ends of each input's support
(for an unbounded family, its :math:`2^{-53}` quantiles: give such inputs
bounds before screening).

Both need independent inputs: a declaration with a rank correlation is
refused.

References
----------
.. [1] Sobol', I. M. (1993). Sensitivity estimates for nonlinear
   mathematical models. *Mathematical Modelling and Computational
   Experiments*, 1(4), 407-414.
.. [2] Homma, T. and Saltelli, A. (1996). Importance measures in global
   sensitivity analysis of nonlinear models. *Reliability Engineering &
   System Safety*, 52(1), 1-17.
.. [3] Saltelli, A. (2002). Making best use of model evaluations to compute
   sensitivity indices. *Computer Physics Communications*, 145(2), 280-297.
.. [4] Saltelli, A., Annoni, P., Azzini, I., Campolongo, F., Ratto, M. and
   Tarantola, S. (2010). Variance based sensitivity analysis of model
   output. Design and estimator for the total sensitivity index. *Computer
   Physics Communications*, 181(2), 259-270.
.. [5] Saltelli, A., Ratto, M., Andres, T., Campolongo, F., Cariboni, J.,
   Gatelli, D., Saisana, M. and Tarantola, S. (2008). *Global Sensitivity
   Analysis: The Primer*. Wiley.
.. [6] Morris, M. D. (1991). Factorial sampling plans for preliminary
   computational experiments. *Technometrics*, 33(2), 161-174.
.. [7] Campolongo, F., Cariboni, J. and Saltelli, A. (2007). An effective
   screening design for sensitivity analysis of large models.
   *Environmental Modelling & Software*, 22(10), 1509-1518.
.. [8] Herman, J. and Usher, W. (2017). SALib: an open-source Python library
   for sensitivity analysis. *Journal of Open Source Software*, 2(9), 97.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import NDArray

from models._checks import check_int, check_real, param_error
from models._random import child_rng, child_seed, root_seed
from models._repr import compact_repr, frame_html
from models.uncertainty.inputs import UncertainInputs
from models.uncertainty.montecarlo import Model, evaluate

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from positions import Coding

__all__ = ["MorrisScreening", "SobolIndices", "morris_screening", "sobol_indices"]

_DEFAULT_CHUNK = 16384


def _problem(inputs: Any, func: str) -> dict[str, Any]:
    if not isinstance(inputs, UncertainInputs):
        raise TypeError(f"The 'inputs' parameter of {func} must be an UncertainInputs (from "
                        f"models.uncertain). Got {type(inputs).__name__} instead.")
    if inputs.correlation is not None:
        raise param_error("inputs", func, "a declaration of independent inputs",
                          "a declaration with a rank correlation")
    d = inputs.n_inputs
    return {"num_vars": d, "names": list(inputs.names), "bounds": [[0.0, 1.0]] * d}


def _outputs(
    raw: Mapping[str, NDArray[Any]], outputs: str | Sequence[str] | None, func: str
) -> dict[str, NDArray[np.float64]]:
    names = list(raw) if outputs is None else (
        [outputs] if isinstance(outputs, str) else list(outputs))
    if not names:
        raise param_error("outputs", func, "at least one output name", repr(outputs))
    out = {}
    for name in names:
        if name not in raw:
            raise param_error("outputs", func, f"outputs of the model ({', '.join(raw)})",
                              repr(name))
        y = np.asarray(raw[name], dtype=float)
        if not np.all(np.isfinite(y)):
            raise param_error("outputs", func, "outputs that are finite in every draw",
                              f"non-finite values in {name!r}")
        out[name] = y
    return out


def _frozen(a: Any) -> NDArray[np.float64]:
    arr = np.array(a, dtype=float)
    arr.flags.writeable = False
    return arr


@dataclass(frozen=True, slots=True)
class SobolIndices:
    """First-, second-order and total Sobol indices of one or more outputs.

    Attributes
    ----------
    outputs : tuple of str
    names : tuple of str
        The inputs.
    S1, S1_conf : ndarray of shape (n_outputs, n_inputs)
        First-order indices and the half-widths of their bootstrap intervals.
    ST, ST_conf : ndarray of shape (n_outputs, n_inputs)
        Total indices and their half-widths.
    S2, S2_conf : ndarray of shape (n_outputs, n_inputs, n_inputs) or None
        Second-order indices (upper triangle; NaN elsewhere), when computed.
    n_base : int
        :math:`N`, the base sample size.
    n_evaluations : int
        Model evaluations, :math:`N(2d + 2)` or :math:`N(d + 2)`.
    level : float
        Confidence level of the intervals.
    seed : int
        The root seed of the sampling and of the bootstrap.
    """

    __repr__ = compact_repr
    _repr_html_ = frame_html

    outputs: tuple[str, ...]
    names: tuple[str, ...]
    S1: NDArray[np.float64]
    S1_conf: NDArray[np.float64]
    ST: NDArray[np.float64]
    ST_conf: NDArray[np.float64]
    S2: NDArray[np.float64] | None
    S2_conf: NDArray[np.float64] | None
    n_base: int
    n_evaluations: int
    level: float
    seed: int

    def to_frame(self) -> pd.DataFrame:
        """Return every index in long form.

        Returns
        -------
        pandas.DataFrame
            Columns ``output, index ('S1', 'S2' or 'ST'), input, input2 (for
            'S2', else None), value, conf, ci_low, ci_high``.
        """
        import pandas as pd

        rows = []
        for o, out in enumerate(self.outputs):
            for kind, value, conf in (("S1", self.S1, self.S1_conf), ("ST", self.ST, self.ST_conf)):
                for i, name in enumerate(self.names):
                    v, c = float(value[o, i]), float(conf[o, i])
                    rows.append({"output": out, "index": kind, "input": name, "input2": None,
                                 "value": v, "conf": c, "ci_low": v - c, "ci_high": v + c})
            if self.S2 is not None and self.S2_conf is not None:
                d = len(self.names)
                for i in range(d):
                    for j in range(i + 1, d):
                        v, c = float(self.S2[o, i, j]), float(self.S2_conf[o, i, j])
                        rows.append({"output": out, "index": "S2", "input": self.names[i],
                                     "input2": self.names[j], "value": v, "conf": c,
                                     "ci_low": v - c, "ci_high": v + c})
        return pd.DataFrame(rows, columns=["output", "index", "input", "input2", "value", "conf",
                                           "ci_low", "ci_high"])

    def plot(self, ax: Axes | None = None, *, output: str | None = None, **kwargs: Any) -> Axes:
        """Draw S1 and ST with their intervals; see :func:`models.plotting.plot_sobol_indices`."""
        from models.plotting.uncertainty import plot_sobol_indices

        return plot_sobol_indices(self, ax=ax, output=output, **kwargs)


def _power_of_two(n: int, name: str, func: str) -> int:
    n = check_int(n, name, func, low=2)
    if n & (n - 1):
        raise param_error(name, func, "a power of 2 (Sobol' sequences balance only then)", str(n))
    return n


def sobol_indices(
    model: Model,
    inputs: UncertainInputs,
    n_base: int = 1024,
    *,
    outputs: str | Sequence[str] | None = None,
    second_order: bool = True,
    num_resamples: int = 100,
    level: float = 0.95,
    rng: np.random.Generator | int | None = None,
    chunk_size: int = _DEFAULT_CHUNK,
    progress: bool = False,
    codings: Iterable[Coding] | None = None,
    coder_weights: Mapping[str, float] | None = None,
) -> SobolIndices:
    r"""Estimate first-order, second-order and total Sobol indices (Saltelli's scheme, SALib).

    Parameters
    ----------
    model : callable
        A model with the array-in/array-out contract (:func:`models.monte_carlo`).
    inputs : UncertainInputs
        Independent inputs (:func:`models.uncertain`).
    n_base : int
        :math:`N`, a power of 2; the model runs on :math:`N(2d + 2)` draws
        (:math:`N(d + 2)` without second order).
    outputs : str or sequence of str, optional
        The outputs to analyse (default all); booleans count as 0/1. They
        must be finite in every draw.
    second_order : bool
        Also estimate the second-order indices.
    num_resamples : int
        Bootstrap resamples for the intervals.
    level : float
        Confidence level in (0, 1).
    rng : numpy.random.Generator, int or None
        Seeds the scrambling of the Sobol sequence and the bootstrap.
    chunk_size : int
        Draws per model call.
    progress : bool
        Show a progress bar.
    codings : iterable of positions.Coding, optional
        Other coders' values: the inputs become a mixture over coders
        (:func:`models.uncertainty.coders.with_codings`; the scenario is
        coder ``A``), with the coder choice as one more input, ``coder``.
    coder_weights : mapping of str to float, optional
        Each coder's probability of being drawn (default equal).

    Returns
    -------
    SobolIndices

    Raises
    ------
    ValueError
        If ``n_base`` is not a power of 2, the inputs are correlated, an
        output is unknown or not finite, or another argument is invalid.
    TypeError
        If ``inputs`` is not an :class:`UncertainInputs` or ``model`` not callable.

    References
    ----------
    .. [1] Saltelli, A. (2002). Making best use of model evaluations to
       compute sensitivity indices. *Computer Physics Communications*,
       145(2), 280-297.
    .. [2] Saltelli, A. et al. (2010). Variance based sensitivity analysis of
       model output. *Computer Physics Communications*, 181(2), 259-270.
    .. [3] Herman, J. and Usher, W. (2017). SALib. *JOSS*, 2(9), 97.

    Examples
    --------
    A linear model :math:`Y = X_1 + 2 X_2` with uniform inputs has
    :math:`S_1 = 1/5` and :math:`S_2 = 4/5`:

    >>> from models import uncertain
    >>> from positions import Uniform
    >>> inputs = uncertain(inputs={"a": Uniform(low=0, high=1), "b": Uniform(low=0, high=1)})
    >>> res = sobol_indices(lambda v: {"y": v["a"] + 2 * v["b"]}, inputs, 1024, rng=0,
    ...                     second_order=False)
    >>> res.S1.round(2).tolist()
    [[0.2, 0.8]]
    """
    from SALib.analyze import sobol as analyze  # type: ignore[import-untyped]
    from SALib.sample import sobol as sampler  # type: ignore[import-untyped]

    func = "sobol_indices"
    if codings is not None:
        from models.uncertainty.coders import with_codings

        inputs = with_codings(inputs, codings, coder_weights=coder_weights)
    problem = _problem(inputs, func)
    n_base = _power_of_two(n_base, "n_base", func)
    num_resamples = check_int(num_resamples, "num_resamples", func, low=1)
    level = check_real(level, "level", func, low=0, high=1, low_open=True, high_open=True)
    chunk_size = check_int(chunk_size, "chunk_size", func, low=1)
    seed = root_seed(rng)
    u = sampler.sample(problem, n_base, calc_second_order=bool(second_order), scramble=True,
                       seed=child_rng(seed, 0))
    u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
    _, raw = evaluate(model, inputs, u, chunk_size=chunk_size, progress=progress, caller=func)
    ys = _outputs(raw, outputs, func)
    d = inputs.n_inputs
    fields: dict[str, list[Any]] = {k: [] for k in ("S1", "S1_conf", "ST", "ST_conf", "S2",
                                                    "S2_conf")}
    for y in ys.values():
        si = analyze.analyze(problem, y, calc_second_order=bool(second_order),
                             num_resamples=num_resamples, conf_level=level, print_to_console=False,
                             seed=child_rng(seed, 1))
        for key in ("S1", "S1_conf", "ST", "ST_conf"):
            fields[key].append(np.asarray(si[key], dtype=float).reshape(d))
        if second_order:
            fields["S2"].append(np.asarray(si["S2"], dtype=float).reshape(d, d))
            fields["S2_conf"].append(np.asarray(si["S2_conf"], dtype=float).reshape(d, d))
    return SobolIndices(
        outputs=tuple(ys), names=inputs.names,
        S1=_frozen(fields["S1"]), S1_conf=_frozen(fields["S1_conf"]),
        ST=_frozen(fields["ST"]), ST_conf=_frozen(fields["ST_conf"]),
        S2=_frozen(fields["S2"]) if second_order else None,
        S2_conf=_frozen(fields["S2_conf"]) if second_order else None,
        n_base=n_base, n_evaluations=int(u.shape[0]), level=level, seed=seed,
    )


@dataclass(frozen=True, slots=True)
class MorrisScreening:
    r"""Morris elementary-effects screening of one or more outputs.

    Attributes
    ----------
    outputs, names : tuple of str
        The outputs and the inputs.
    mu, mu_star, sigma : ndarray of shape (n_outputs, n_inputs)
        Mean, mean absolute value and standard deviation of the elementary
        effects (per unit of the input's probability scale).
    mu_star_conf : ndarray of shape (n_outputs, n_inputs)
        Half-width of the bootstrap interval of :math:`\mu^*`.
    n_trajectories, num_levels : int
    n_evaluations : int
        :math:`r (d + 1)`.
    level : float
    seed : int
    """

    __repr__ = compact_repr
    _repr_html_ = frame_html

    outputs: tuple[str, ...]
    names: tuple[str, ...]
    mu: NDArray[np.float64]
    mu_star: NDArray[np.float64]
    sigma: NDArray[np.float64]
    mu_star_conf: NDArray[np.float64]
    n_trajectories: int
    num_levels: int
    n_evaluations: int
    level: float
    seed: int

    def ranking(self, output: str | None = None) -> tuple[str, ...]:
        r"""Return the inputs from the most to the least influential by :math:`\mu^*`.

        Parameters
        ----------
        output : str, optional
            Default the first output.

        Returns
        -------
        tuple of str

        Raises
        ------
        ValueError
            If the output is unknown.
        """
        o = _output_index(self.outputs, output, "MorrisScreening.ranking")
        order = np.argsort(-self.mu_star[o], kind="stable")
        return tuple(self.names[i] for i in order)

    def to_frame(self) -> pd.DataFrame:
        """Return one row per output and input.

        Returns
        -------
        pandas.DataFrame
            Columns ``output, input, mu, mu_star, sigma, mu_star_conf``.
        """
        import pandas as pd

        n_o, d = self.mu.shape
        o, i = np.indices((n_o, d)).reshape(2, -1)
        return pd.DataFrame({
            "output": np.asarray(self.outputs, dtype=object)[o],
            "input": np.asarray(self.names, dtype=object)[i],
            "mu": self.mu.reshape(-1), "mu_star": self.mu_star.reshape(-1),
            "sigma": self.sigma.reshape(-1), "mu_star_conf": self.mu_star_conf.reshape(-1),
        })

    def plot(self, ax: Axes | None = None, *, output: str | None = None, **kwargs: Any) -> Axes:
        r"""Draw :math:`\sigma` against :math:`\mu^*`; see :func:`models.plotting.plot_morris`."""
        from models.plotting.uncertainty import plot_morris

        return plot_morris(self, ax=ax, output=output, **kwargs)


def _output_index(outputs: tuple[str, ...], output: str | None, func: str) -> int:
    if output is None:
        return 0
    if output not in outputs:
        raise param_error("output", func, f"one of {', '.join(outputs)}", repr(output))
    return outputs.index(output)


def morris_screening(
    model: Model,
    inputs: UncertainInputs,
    n_trajectories: int = 50,
    *,
    outputs: str | Sequence[str] | None = None,
    num_levels: int = 4,
    num_resamples: int = 1000,
    level: float = 0.95,
    rng: np.random.Generator | int | None = None,
    chunk_size: int = _DEFAULT_CHUNK,
    progress: bool = False,
) -> MorrisScreening:
    r"""Screen the inputs by Morris's elementary effects (SALib).

    Parameters
    ----------
    model : callable
        A model with the array-in/array-out contract (:func:`models.monte_carlo`).
    inputs : UncertainInputs
        Independent inputs.
    n_trajectories : int
        :math:`r`, the number of trajectories (>= 2); the model runs on
        :math:`r (d + 1)` draws.
    outputs : str or sequence of str, optional
        The outputs to screen (default all); they must be finite.
    num_levels : int
        Grid levels :math:`p` (even, >= 2); the step is :math:`p / (2(p - 1))`.
    num_resamples : int
        Bootstrap resamples for the interval of :math:`\mu^*`.
    level : float
        Confidence level in (0, 1).
    rng : numpy.random.Generator, int or None
    chunk_size : int
    progress : bool

    Returns
    -------
    MorrisScreening

    Raises
    ------
    ValueError
        If the inputs are correlated, an output is unknown or not finite, or
        an argument is invalid.
    TypeError
        If ``inputs`` is not an :class:`UncertainInputs`.

    References
    ----------
    .. [1] Morris, M. D. (1991). Factorial sampling plans for preliminary
       computational experiments. *Technometrics*, 33(2), 161-174.
    .. [2] Campolongo, F., Cariboni, J. and Saltelli, A. (2007). An
       effective screening design for sensitivity analysis of large models.
       *Environmental Modelling & Software*, 22(10), 1509-1518.

    Examples
    --------
    >>> from models import uncertain
    >>> from positions import Uniform
    >>> inputs = uncertain(inputs={"a": Uniform(low=0, high=1), "b": Uniform(low=0, high=1)})
    >>> res = morris_screening(lambda v: {"y": v["a"] + 5 * v["b"]}, inputs, 20, rng=0)
    >>> res.ranking(), res.mu_star.round(6).tolist()
    (('b', 'a'), [[1.0, 5.0]])
    """
    from SALib.analyze import morris as analyze
    from SALib.sample import morris as sampler

    func = "morris_screening"
    problem = _problem(inputs, func)
    n_trajectories = check_int(n_trajectories, "n_trajectories", func, low=2)
    num_levels = check_int(num_levels, "num_levels", func, low=2)
    if num_levels % 2:
        raise param_error("num_levels", func, "an even int >= 2", str(num_levels))
    num_resamples = check_int(num_resamples, "num_resamples", func, low=1)
    level = check_real(level, "level", func, low=0, high=1, low_open=True, high_open=True)
    chunk_size = check_int(chunk_size, "chunk_size", func, low=1)
    seed = root_seed(rng)
    u = sampler.sample(problem, n_trajectories, num_levels=num_levels,
                       seed=child_seed(seed, 0, bits=32))
    u = np.clip(np.asarray(u, dtype=float), 0.0, 1.0)
    _, raw = evaluate(model, inputs, u, chunk_size=chunk_size, progress=progress, caller=func)
    ys = _outputs(raw, outputs, func)
    fields: dict[str, list[Any]] = {k: [] for k in ("mu", "mu_star", "sigma", "mu_star_conf")}
    for y in ys.values():
        si = analyze.analyze(problem, u, y, num_resamples=num_resamples, conf_level=level,
                             num_levels=num_levels, print_to_console=False,
                             seed=child_seed(seed, 1, bits=32))
        for key in fields:
            fields[key].append(np.asarray(si[key], dtype=float))
    return MorrisScreening(
        outputs=tuple(ys), names=inputs.names, mu=_frozen(fields["mu"]),
        mu_star=_frozen(fields["mu_star"]), sigma=_frozen(fields["sigma"]),
        mu_star_conf=_frozen(fields["mu_star_conf"]), n_trajectories=n_trajectories,
        num_levels=num_levels, n_evaluations=int(u.shape[0]), level=level, seed=seed,
    )
