r"""Uncertain inputs: declaring them, drawing them from uniforms, applying them to a scenario.

Every judged number of a :class:`positions.Scenario` is an
:class:`positions.Estimate` whose ``uncertainty`` is a distribution
*specification* (:mod:`positions.uncertainty`). This module turns those
specifications into numbers. An *input* is addressed by its path in the
scenario (``positions[RUS/territory].salience``, ``actors[USA].capability``,
``beliefs[b_RUS_four_regions].probability``, ``parameters[war_cost_RUS].value``,
``disagreement[RUS].utility``, ``positions[RUS/nato].acceptable.high``...) or,
for a model's own parameter, by a free name (``audience_cost``).
:func:`uncertain` declares them; by default every coded uncertainty of the
scenario except the ``fixed`` ones.

**Inverse-CDF sampling.** Each input :math:`j` with marginal CDF :math:`F_j`
is drawn from a uniform :math:`u_j \in [0, 1)` as
:math:`x_j = F_j^{-1}(u_j)` (:mod:`models.uncertainty.distributions`;
Devroye 1986, ch. II.2), so any sampler of the unit hypercube
(:mod:`models.uncertainty.samplers`) drives every input.

**Rank correlation.** A target Spearman rank correlation matrix
:math:`\rho^S` between chosen inputs is induced with a Gaussian copula (the
NORTA construction of Cario and Nelson 1997) applied to the uniforms: with
:math:`z = \Phi^{-1}(u)`, the normal correlation

.. math::

    R_{jl} = 2 \sin\!\left(\frac{\pi}{6}\, \rho^S_{jl}\right)

(whose bivariate normal has Spearman correlation exactly :math:`\rho^S_{jl}`,
Kruskal 1958), its Cholesky factor :math:`R = L L^\top` and
:math:`u' = \Phi(L z)`, every input keeps its marginal and the draws have rank
correlation :math:`\rho^S` (exactly for continuous marginals, approximately
when ties occur in discrete ones). Unlike the rank reordering of Iman and
Conover (1982), which rearranges a whole finished sample, the copula acts on
each draw alone, so chunked and parallel sampling give the same draws. The
copula acts after the sampler: a Latin hypercube or a Sobol sequence keeps its
stratification in the independent uniforms, not exactly in the correlated
inputs.

**Constraints.** When the draws are turned into the arrays the models take
(:meth:`UncertainInputs.apply`), in this order: an acceptable range whose
sampled ends cross is reordered (``low, high = min, max``); each ideal point
is clipped into its actor's sampled acceptable range (``clip_ideals``); and,
when the scenario's convention is ``sum_to_one`` (or ``renormalise=True``),
each actor's sampled saliences are divided by their sum so that they again
sum to 1.

References
----------
.. [1] Devroye, L. (1986). *Non-Uniform Random Variate Generation*.
   Springer, ch. II.2 (the inversion method).
.. [2] Cario, M. C. and Nelson, B. L. (1997). Modeling and generating random
   vectors with arbitrary marginal distributions and correlation matrix.
   Technical report, Northwestern University.
.. [3] Kruskal, W. H. (1958). Ordinal measures of association. *Journal of
   the American Statistical Association*, 53(284), 814-861.
.. [4] Iman, R. L. and Conover, W. J. (1982). A distribution-free approach to
   inducing rank correlation among input variables. *Communications in
   Statistics - Simulation and Computation*, 11(3), 311-334.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import special

from models._checks import check_array, param_error
from models._repr import compact_repr, frame_html
from models.outcomes.arrays import ScenarioArrays, scenario_arrays
from models.uncertainty.batch import ScenarioBatch
from models.uncertainty.coders import CoderMixture
from models.uncertainty.correlation import correlation_matrix, spearman_to_normal
from models.uncertainty.distributions import (
    _DISTS,
    _EPS,
    _median,
    _ppf_inner,
    _support,
    ppf,
)
from models.uncertainty.paths import (
    _FREE_NAME,
    _PATH,
    InputTarget,
    _differs,
    _matches,
    _patterns,
    _set_estimate,
    _targets,
)
from positions import Categorical, Estimate, Fixed

if TYPE_CHECKING:
    import pandas as pd

    from positions import Coding, Distribution, Scenario

__all__ = ["UncertainInput", "UncertainInputs", "uncertain"]


# ------------------------------------------------------------------- the inputs
@dataclass(frozen=True, slots=True)
class UncertainInput:
    """One uncertain input: where it goes, its distribution and its point value.

    Attributes
    ----------
    name : str
        A scenario path (``positions[RUS/territory].salience``) or a free
        name of a model parameter (``audience_cost``).
    distribution : positions.Distribution
        Its marginal distribution.
    value : float
        The point value: the scenario estimate's, or the distribution's
        median for a free name (for a categorical input, the index of its most
        likely category).

    Examples
    --------
    >>> from positions import Uniform
    >>> x = UncertainInput("audience_cost", Uniform(low=0, high=0.1), 0.05)
    >>> x.bounds, x.ppf([0.5]).tolist()
    ((0.0, 0.1), [0.05])
    """

    __repr__ = compact_repr

    name: str
    distribution: Distribution
    value: float

    @property
    def dist(self) -> str:
        """The family's tag (``'triangular'``, ``'beta'``...)."""
        return str(self.distribution.dist)

    @property
    def bounds(self) -> tuple[float, float]:
        """The smallest interval holding every possible value (category indices if categorical)."""
        return _support(self.distribution, self.value)

    @property
    def categories(self) -> tuple[str, ...] | None:
        """The category labels of a categorical input, else None."""
        if isinstance(self.distribution, Categorical):
            return tuple(self.distribution.categories)
        return None

    def ppf(self, u: ArrayLike) -> NDArray[np.float64]:
        """Return the input's quantiles at ``u``; see :func:`ppf`.

        Parameters
        ----------
        u : array_like
            Probabilities in [0, 1].

        Returns
        -------
        ndarray of float
        """
        return ppf(self.distribution, u, value=self.value)



@dataclass(frozen=True, slots=True, eq=False)
class UncertainInputs:
    r"""A declaration of uncertain inputs: what varies, how, and how draws become model arrays.

    Build one with :func:`uncertain`. The inputs are in a fixed order
    (:attr:`names`); a batch of draws is an array of shape
    ``(n_draws, n_inputs)`` or a mapping from name to an array of shape
    ``(n_draws,)``.

    The Monte Carlo chain reads it through public methods only: a sampler's
    uniforms become draws with :meth:`transform` (inverse CDFs, the copula),
    draws become a model's mapping of columns with :meth:`columns`, and a
    model over a scenario turns its columns into the scenario's arrays with
    a draw axis with :meth:`apply` (the constraints applied), reading
    :attr:`arrays` (the arrays at the point values) and :attr:`targets`
    (where each input lands in them) when it needs to know what varies.

    Attributes
    ----------
    inputs : tuple of UncertainInput
    correlation : ndarray of shape (n_inputs, n_inputs) or None
        The target Spearman rank correlation matrix (None: independent),
        induced with a Gaussian copula (see the module docstring).
    scenario : positions.Scenario or None
        The scenario the paths point into (None for free names only).
    renormalise : bool
        Divide each actor's sampled saliences by their sum (the
        ``sum_to_one`` convention).
    clip_ideals : bool
        Clip each ideal point into its actor's sampled acceptable range.
    mixture : CoderMixture or None
        A mixture over coders (:func:`models.uncertainty.coders.with_codings`):
        each draw's coder (the last input, ``coder``) picks the distribution
        its judged numbers are drawn from. None: the scenario's own.

    Examples
    --------
    >>> import positions
    >>> inputs = uncertain(positions.load("ukraine-ceasefire-2025-05"), include="actors[*]")
    >>> inputs.names
    ('actors[RUS].capability', 'actors[EUR].capability', 'actors[UKR].capability')
    >>> inputs.transform([[0.5, 0.5, 0.5]]).round(3).tolist()
    [[0.8, 0.5, 0.35]]
    """

    _repr_html_ = frame_html

    inputs: tuple[UncertainInput, ...]
    correlation: NDArray[np.float64] | None = None
    scenario: Scenario | None = None
    renormalise: bool = False
    clip_ideals: bool = True
    mixture: CoderMixture | None = None
    _cholesky: NDArray[np.float64] | None = field(default=None, init=False, repr=False)
    _arrays: ScenarioArrays | None = field(default=None, init=False, repr=False)
    _targets: tuple[InputTarget, ...] = field(default=(), init=False, repr=False)
    _points: tuple[tuple[str, float], ...] = field(default=(), init=False, repr=False)
    _names: tuple[str, ...] = field(default=(), init=False, repr=False)

    def __post_init__(self) -> None:
        func = "UncertainInputs"
        names = [x.name for x in self.inputs]
        object.__setattr__(self, "_names", tuple(names))
        if len(set(names)) != len(names):
            dup = next(n for n in names if names.count(n) > 1)
            raise param_error("inputs", func, "inputs with distinct names", f"{dup!r} twice")
        if self.correlation is not None:
            d = len(self.inputs)
            rho = check_array(self.correlation, "correlation", func, ndim=2, shape=(d, d),
                              shape_text=f"(n_inputs, n_inputs) = ({d}, {d})")
            if not np.allclose(rho, rho.T) or not np.allclose(np.diag(rho), 1.0):
                raise param_error("correlation", func,
                                  "a symmetric matrix with a unit diagonal", "another matrix")
            if np.any(np.abs(rho) > 1):
                raise param_error("correlation", func, "rank correlations in [-1, 1]",
                                  f"a value of {float(rho[np.abs(rho) > 1][0]):g}")
            try:
                chol = np.linalg.cholesky(spearman_to_normal(rho))
            except np.linalg.LinAlgError:
                raise param_error(
                    "correlation", func, "a positive definite rank correlation matrix",
                    "a matrix that is not",
                ) from None
            rho = rho.copy()
            rho.flags.writeable = False
            chol.flags.writeable = False
            object.__setattr__(self, "correlation", rho)
            object.__setattr__(self, "_cholesky", chol)
        points: dict[str, float] = {}
        if self.scenario is not None:
            points |= {path: float(e.value) for path, e in self.scenario.estimates().items()}
        points |= {x.name: x.value for x in self.inputs}
        object.__setattr__(self, "_points", tuple(points.items()))
        if self.scenario is not None and self.scenario.parties and self.scenario.issues:
            arrays = scenario_arrays(self.scenario)
            object.__setattr__(self, "_arrays", arrays)
            object.__setattr__(self, "_targets", _targets(names, arrays))
        else:
            object.__setattr__(self, "_targets", _targets(names, None))

    # -------------------------------------------------------------- basics
    @property
    def names(self) -> tuple[str, ...]:
        """The inputs' names (paths), in column order."""
        return self._names

    @property
    def n_inputs(self) -> int:
        """Number of inputs."""
        return len(self.inputs)

    def __len__(self) -> int:
        return len(self.inputs)

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __getitem__(self, name: str) -> UncertainInput:
        for x in self.inputs:
            if x.name == name:
                return x
        raise KeyError(f"no input {name!r}")

    @property
    def arrays(self) -> ScenarioArrays | None:
        """The scenario's arrays at the point values, or None.

        :func:`models.scenario_arrays` of :attr:`scenario`; None without a
        scenario with parties and issues (then :meth:`apply` is refused).
        """
        return self._arrays

    @property
    def targets(self) -> tuple[InputTarget, ...]:
        """Where each input lands in :meth:`apply`'s batch, in column order.

        One :class:`~models.uncertainty.InputTarget` per input: the batch
        array and the index a drawn value replaces (kind ``''`` for an input
        read only by name, e.g. a belief, a parameter or a free name).

        Examples
        --------
        >>> import positions
        >>> inputs = uncertain(positions.load("ukraine-ceasefire-2025-05"),
        ...                    include=["actors[EUR]*", "positions[RUS/territory].salience"])
        >>> [(t.kind, t.index) for t in inputs.targets]
        [('capabilities', (2,)), ('saliences', (0, 0))]
        """
        return self._targets

    @property
    def values(self) -> NDArray[np.float64]:
        """The point values, ndarray of shape (n_inputs,)."""
        return np.array([x.value for x in self.inputs], dtype=float)

    @property
    def bounds(self) -> NDArray[np.float64]:
        """Each input's support, ndarray of shape (n_inputs, 2)."""
        return np.array([x.bounds for x in self.inputs], dtype=float).reshape(-1, 2)

    def __repr__(self) -> str:
        where = f", scenario={self.scenario.id!r}" if self.scenario is not None else ""
        corr = ", correlated" if self.correlation is not None else ""
        mix = f", coders={'/'.join(self.mixture.coders)}" if self.mixture is not None else ""
        return f"UncertainInputs(n_inputs={self.n_inputs}{where}{corr}{mix})"

    def to_frame(self) -> pd.DataFrame:
        """Return the declaration as a table, one row per input.

        Returns
        -------
        pandas.DataFrame
            Columns ``name, dist, value, low, high, parameters`` (the
            distribution's fields as text).

        Examples
        --------
        >>> from positions import Uniform
        >>> uncertain(inputs={"x": Uniform(low=0, high=2)}).to_frame()[["name", "dist", "value"]]
          name     dist  value
        0    x  uniform    1.0
        """
        import pandas as pd

        rows = []
        for x in self.inputs:
            low, high = x.bounds
            params = x.distribution.model_dump(exclude={"dist"})
            rows.append({
                "name": x.name, "dist": x.dist, "value": x.value, "low": low, "high": high,
                "parameters": ", ".join(f"{k}={v}" for k, v in params.items() if v is not None),
            })
        return pd.DataFrame(rows, columns=["name", "dist", "value", "low", "high", "parameters"])

    # ------------------------------------------------------------ sampling
    def transform(self, u: ArrayLike) -> NDArray[np.float64]:
        """Turn uniforms into draws of the inputs (inverse CDF, with the copula if correlated).

        Parameters
        ----------
        u : array_like of shape (n_draws, n_inputs)
            Points of the unit hypercube, e.g. from a sampler of
            :mod:`models.uncertainty.samplers`.

        Returns
        -------
        ndarray of shape (n_draws, n_inputs)
            Column ``j`` holds input ``j``'s draws (category indices for a
            categorical input).

        Raises
        ------
        ValueError
            If ``u`` has the wrong shape or leaves [0, 1].

        Examples
        --------
        >>> from positions import Uniform, Discrete
        >>> inputs = uncertain(inputs={"a": Uniform(low=0, high=10),
        ...                            "b": Discrete(values=(1, 2))})
        >>> inputs.transform([[0.25, 0.25], [0.75, 0.75]]).tolist()
        [[2.5, 1.0], [7.5, 2.0]]
        """
        func = "UncertainInputs.transform"
        d = self.n_inputs
        arr = check_array(u, "u", func, ndim=2, shape=(d,),
                          shape_text=f"(n_draws, n_inputs) = (n_draws, {d})")
        if arr.size and (arr.min() < 0 or arr.max() > 1):
            raise param_error("u", func, "an array of probabilities in [0, 1]",
                              f"a value of {float(arr.min() if arr.min() < 0 else arr.max()):g}")
        return self._transform(arr)

    def _transform(self, u: NDArray[np.float64]) -> NDArray[np.float64]:
        u = np.clip(u, _EPS, 1.0 - _EPS)
        if self._cholesky is not None:
            u = np.clip(special.ndtr(special.ndtri(u) @ self._cholesky.T), _EPS, 1.0 - _EPS)
        out = np.empty(u.shape, dtype=float)
        for j, x in enumerate(self.inputs):
            out[:, j] = _ppf_inner(x.distribution, u[:, j], x.value, "UncertainInputs.transform")
        if self.mixture is not None:
            self.mixture.mix(u, out)
        return out

    def columns(self, draws: ArrayLike | Mapping[str, ArrayLike]) -> dict[str, NDArray[Any]]:
        """Return a batch of draws as a mapping from input name to its column.

        Parameters
        ----------
        draws : array_like of shape (n_draws, n_inputs), or mapping of str to array_like
            The draws, as :meth:`transform` returns them.

        Returns
        -------
        dict of str to ndarray of shape (n_draws,)

        Raises
        ------
        ValueError
            If the shape is wrong or a name is unknown.
        """
        return self._columns(draws, "UncertainInputs.columns")

    def _columns(
        self, draws: ArrayLike | Mapping[str, ArrayLike], func: str
    ) -> dict[str, NDArray[Any]]:
        if isinstance(draws, Mapping):
            cols = {}
            n = None
            for name, col in draws.items():
                arr = check_array(col, "values", func, ndim=1, shape_text="(n_draws,)")
                if n is not None and arr.shape[0] != n:
                    raise param_error("values", func, "columns of one length (n_draws,)",
                                      f"lengths {n} and {arr.shape[0]}")
                n = arr.shape[0]
                cols[str(name)] = arr
            return cols
        d = self.n_inputs
        arr = check_array(draws, "values", func, ndim=2, shape=(d,),
                          shape_text=f"(n_draws, n_inputs) = (n_draws, {d})")
        return {name: arr[:, j] for j, name in enumerate(self.names)}

    # ------------------------------------------------------- scenario arrays
    def apply(self, values: ArrayLike | Mapping[str, ArrayLike]) -> ScenarioBatch:
        """Turn a batch of draws into the scenario's arrays, with a leading sample axis.

        Every array of :func:`models.scenario_arrays` gets a leading axis of
        ``n_draws``; the drawn inputs replace their point values and the
        constraints of the module docstring (reordered ranges, clipped
        ideals, renormalised saliences) are applied. Inputs that do not land
        in those arrays (beliefs, parameters, free names) are kept by name in
        :attr:`ScenarioBatch.values`.

        Parameters
        ----------
        values : array_like of shape (n_draws, n_inputs), or mapping of str to array_like
            The draws (a mapping may hold any subset of the inputs, and free
            names).

        Returns
        -------
        ScenarioBatch

        Raises
        ------
        ValueError
            If there is no scenario with parties and issues, or the draws have
            the wrong shape.

        Examples
        --------
        >>> import positions
        >>> inputs = uncertain(positions.load("ukraine-ceasefire-2025-05"))
        >>> batch = inputs.apply({"positions[RUS/territory].salience": [0.9, 1.0]})
        >>> batch.saliences.shape, batch.saliences[:, 0, 0].tolist()
        ((2, 4, 9), [0.9, 1.0])
        """
        func = "UncertainInputs.apply"
        if self._arrays is None:
            raise param_error("scenario", f"{func} (from uncertain)",
                              "a scenario with parties and issues", "none")
        cols = self._columns(values, func)
        n = next(iter(cols.values())).shape[0] if cols else 1
        return self._apply(cols, n)

    def _apply(self, cols: Mapping[str, NDArray[Any]], n: int) -> ScenarioBatch:
        base = self._arrays
        if base is None:  # pragma: no cover - apply() checks
            raise ValueError("no scenario")
        names = {"ideals", "saliences", "acceptable_low", "acceptable_high", "capabilities",
                 "status_quo", "disagreement"}
        arrays = {k: np.repeat(getattr(base, k)[None], n, axis=0) for k in names}
        index = {name: j for j, name in enumerate(self.names)}
        others = [name for name in cols if name not in index]
        targets = {name: self._targets[index[name]] for name in cols if name in index}
        targets |= dict(zip(others, _targets(others, base), strict=True))
        for name, target in targets.items():
            if target.kind:
                arrays[target.kind][(slice(None), *target.index)] = cols[name]  # type: ignore[index]
        low, high = arrays["acceptable_low"], arrays["acceptable_high"]
        arrays["acceptable_low"], arrays["acceptable_high"] = (
            np.minimum(low, high), np.maximum(low, high))
        has = base.has_position
        if self.clip_ideals:
            arrays["ideals"] = np.where(
                has, np.clip(arrays["ideals"], arrays["acceptable_low"],
                             arrays["acceptable_high"]), arrays["ideals"])
        if self.renormalise:
            sal = arrays["saliences"]
            total = sal.sum(axis=-1, keepdims=True)
            arrays["saliences"] = np.where(total > 0, sal / np.where(total > 0, total, 1.0), sal)
        return ScenarioBatch(
            actor_ids=base.actor_ids,
            issue_ids=base.issue_ids,
            has_position=base.has_position,
            scale_low=base.scale_low,
            scale_high=base.scale_high,
            values=MappingProxyType(dict(cols)),
            point_values=MappingProxyType(dict(self._points)),
            n_draws=n,
            **arrays,
        )

    def scenario_at(self, values: Mapping[str, float] | ArrayLike) -> Scenario:
        """Return the scenario at one draw, as a validated :class:`positions.Scenario` copy.

        Each drawn estimate takes its drawn value (after the constraints) and
        the uncertainty ``fixed``: a single draw is one realisation. A
        position whose ideal moves off its named option loses the ``option``
        tag. The copy is built with :meth:`positions.Scenario.from_dict`, so
        it is validated like any scenario.

        Parameters
        ----------
        values : mapping of str to float, or array_like of shape (n_inputs,)
            One draw (free names are ignored).

        Returns
        -------
        positions.Scenario

        Raises
        ------
        ValueError
            If there is no scenario or the draw has the wrong shape.
        positions.ScenarioError
            If the changed scenario is not valid.

        Examples
        --------
        >>> import positions
        >>> inputs = uncertain(positions.load("ukraine-ceasefire-2025-05"))
        >>> s = inputs.scenario_at({"actors[RUS].capability": 0.9})
        >>> s.actor("RUS").capability.value, s.actor("RUS").capability.uncertainty.dist
        (0.9, 'fixed')
        """
        func = "UncertainInputs.scenario_at"
        if self.scenario is None or self._arrays is None:
            raise param_error("scenario", f"{func} (from uncertain)",
                              "a scenario with parties and issues", "none")
        if isinstance(values, Mapping):
            cols = {str(k): np.atleast_1d(np.asarray(v, dtype=float)) for k, v in values.items()}
        else:
            d = self.n_inputs
            arr = check_array(values, "values", func, ndim=1, shape=(d,),
                              shape_text=f"(n_inputs,) = ({d},)")
            cols = {name: arr[j : j + 1] for j, name in enumerate(self.names)}
        batch = self._apply(cols, 1)
        known = self.scenario.estimates()
        changed: dict[str, float] = {}
        for name, col in cols.items():
            if name in known:
                changed[name] = float(col[0])
        # constrained arrays: write back every position, range and salience that changed
        for path in known:
            match = _PATH.fullmatch(path)
            if match is None:
                continue
            target = _targets([path], self._arrays)[0]
            if not target.kind:
                continue
            now = float(getattr(batch, target.kind)[(0, *target.index)])
            if _differs(now, float(known[path].value)) or path in changed:
                changed[path] = now
        data = self.scenario.model_dump()
        for path, value in changed.items():
            _set_estimate(data, path, value)
        from positions import Scenario

        return Scenario.from_dict(data)



# ----------------------------------------------------------------- declaring
def _as_input(name: str, spec: Any, known: Mapping[str, Estimate], func: str) -> UncertainInput:
    if isinstance(spec, Estimate):
        return UncertainInput(name, spec.uncertainty, float(spec.value))
    if isinstance(spec, _DISTS):
        if name in known:
            value = float(known[name].value)
            if isinstance(spec, Fixed) and spec.value is not None:
                value = float(spec.value)
            return UncertainInput(name, spec, value)
        try:
            return UncertainInput(name, spec, _median(spec))
        except ValueError:
            raise param_error("inputs", func, "a Fixed distribution with a value for a free name",
                              f"Fixed() for {name!r}") from None
    raise TypeError(
        f"The 'inputs' parameter of {func} must map names to distributions of "
        f"positions.uncertainty or Estimates. Got {spec!r:.60} for {name!r} instead."
    )


def _check_overrides(scenario: Scenario, overrides: Mapping[str, UncertainInput]) -> None:
    """Validate overridden scenario estimates by the scenario's own rules.

    A salience's or probability's distribution must stay in [0, 1], an ideal's
    or a bound's on its issue's scale, and so on: the scenario is rebuilt with
    the new distributions (at each one's point value, or its median when the
    point lies outside it) through :meth:`positions.Scenario.from_dict`, which
    raises a :class:`positions.ScenarioError` naming each problem's path.
    """
    if not overrides:
        return
    from positions import Scenario

    data = scenario.model_dump()
    for path, x in overrides.items():
        low, high = x.bounds
        value = x.value if low - 1e-9 <= x.value <= high + 1e-9 else _median(x.distribution)
        _set_estimate(data, path, value, x.distribution.model_dump())
    Scenario.from_dict(data)


def _coded(
    known: Mapping[str, Estimate], include: str | Sequence[str] | None,
    exclude: str | Sequence[str] | None, func: str,
) -> dict[str, UncertainInput]:
    """Return the coded uncertainties (not ``fixed``) the patterns select, in order."""
    keep = _patterns(include, "include", func)
    drop = _patterns(exclude, "exclude", func)
    return {
        path: UncertainInput(path, estimate.uncertainty, float(estimate.value))
        for path, estimate in known.items()
        if not isinstance(estimate.uncertainty, Fixed)
        and (not keep or _matches(path, keep)) and not (drop and _matches(path, drop))
    }


def _check_name(name: Any, known: Mapping[str, Estimate], func: str) -> None:
    """Refuse a name of ``inputs`` that is neither a scenario path nor a valid free name."""
    if not isinstance(name, str):
        raise param_error("inputs", func, "a mapping with str keys", repr(name)[:60])
    if "[" in name:
        if name not in known:
            choices = "the scenario has none" if not known else (
                "see scenario.estimates() for the paths")
            raise param_error("inputs", func, f"paths of the scenario's estimates ({choices})",
                              repr(name))
    elif not _FREE_NAME.fullmatch(name):
        raise param_error("inputs", func, "free names of letters, digits, '_' and '.'",
                          repr(name))


def _given(
    inputs: Mapping[str, Any], known: Mapping[str, Estimate], func: str
) -> dict[str, UncertainInput]:
    """Return the inputs given by name (added free names, overridden paths), in order."""
    out: dict[str, UncertainInput] = {}
    for name, spec in inputs.items():
        _check_name(name, known, func)
        out[name] = _as_input(name, spec, known, func)
    return out


def uncertain(
    scenario: Scenario | None = None,
    *,
    include: str | Sequence[str] | None = None,
    exclude: str | Sequence[str] | None = None,
    inputs: Mapping[str, Distribution | Estimate] | None = None,
    correlation: Mapping[tuple[str, str], float] | ArrayLike | None = None,
    renormalise: bool | None = None,
    clip_ideals: bool = True,
    codings: Iterable[Coding] | None = None,
    coder_weights: Mapping[str, float] | None = None,
) -> UncertainInputs:
    """Declare a scenario's uncertain inputs: by default, every coded uncertainty.

    Every estimate of ``scenario`` (``scenario.estimates()``) whose
    uncertainty is not ``fixed`` becomes an input, in the scenario's order;
    ``include`` and ``exclude`` filter them by path pattern, and ``inputs``
    adds or overrides inputs (a scenario path, or a free name for a model
    parameter).

    Parameters
    ----------
    scenario : positions.Scenario, optional
        Without one, only free names (given in ``inputs``) can be declared.
    include, exclude : str or sequence of str, optional
        Path patterns where ``*`` matches any text and ``?`` one character
        (brackets are literal): ``"positions[RUS/*].salience"``,
        ``"beliefs[*]"``, ``"*acceptable*"``. An estimate is kept when it
        matches some ``include`` pattern (default: all) and no ``exclude``
        pattern; a pattern also matches the paths that continue it after a
        dot (``"positions[RUS/nato]"`` selects its ideal, range and
        salience). Inputs given in ``inputs`` are always kept.
    inputs : mapping of str to Distribution or Estimate, optional
        Inputs to add, or to override (a scenario path with another
        distribution; its point value stays the scenario's unless an
        Estimate is given). A free name's point value is its distribution's
        median.
    correlation : mapping of (str, str) to float, or array_like of shape (n_inputs, n_inputs)
        Target Spearman rank correlations between inputs (pairs not given are
        0), induced with a Gaussian copula.
    renormalise : bool, optional
        Divide each actor's saliences by their sum after sampling. Default:
        whether the scenario's convention is ``sum_to_one``.
    clip_ideals : bool
        Clip each sampled ideal point into the actor's sampled acceptable
        range (default True).
    codings : iterable of positions.Coding, optional
        Other coders' values (:func:`positions.load_coding`): each draw then
        picks a coder and draws the judged numbers from that coder's
        distributions (:func:`models.uncertainty.coders.with_codings`; the
        scenario is coder ``A``).
    coder_weights : mapping of str to float, optional
        Each coder's probability of being drawn (default equal).

    Returns
    -------
    UncertainInputs

    Raises
    ------
    ValueError
        If a path given in ``inputs`` is not an estimate of the scenario, a
        name is not a valid free name, the correlation names unknown inputs,
        is not symmetric with a unit diagonal or is not positive definite, or
        nothing is declared.
    positions.ScenarioError
        If an overriding distribution breaks the scenario's rules at its path
        (a salience's outside [0, 1], an ideal's off its issue's scale...).
    TypeError
        If an ``inputs`` value is not a distribution or an Estimate.

    References
    ----------
    .. [1] Kwakkel, J. H. (2017). The Exploratory Modeling Workbench: an
       open source toolkit for exploratory modeling, scenario discovery, and
       (multi-objective) robust decision making. *Environmental Modelling &
       Software*, 96, 239-250 (uncertainties declared beside a model).

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> inputs = uncertain(s)
    >>> "positions[RUS/territory].salience" in inputs, "actors[USA].capability" in inputs
    (True, False)
    >>> uncertain(s, include="positions[RUS/*].salience").n_inputs
    9
    """
    func = "uncertain"
    known: dict[str, Estimate] = dict(scenario.estimates()) if scenario is not None else {}
    declared = _coded(known, include, exclude, func)
    given = _given(inputs or {}, known, func)
    declared |= given  # an override keeps its path's place; new names come last
    if scenario is not None:
        _check_overrides(scenario, {k: x for k, x in given.items() if k in known})
    if not declared:
        raise param_error("scenario", func,
                          "a scenario with uncertain estimates, or inputs to declare",
                          "nothing to declare")
    names = tuple(declared)
    rho = correlation_matrix(correlation, names, func)
    if renormalise is None:
        renormalise = scenario is not None and scenario.conventions.salience == "sum_to_one"
    try:
        declaration = UncertainInputs(
            inputs=tuple(declared.values()), correlation=rho, scenario=scenario,
            renormalise=bool(renormalise), clip_ideals=bool(clip_ideals),
        )
    except ValueError as err:
        raise ValueError(str(err).replace("UncertainInputs", func)) from None
    if codings is None:
        return declaration
    from models.uncertainty.coders import with_codings

    return with_codings(declaration, codings, coder_weights=coder_weights)
