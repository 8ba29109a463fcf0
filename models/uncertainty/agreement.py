r"""Inter-coder agreement: Krippendorff's alpha (interval metric) and the spread per path.

Each judged number a coding names is a *unit*; each coder (the scenario's
own numbers are coder ``A``, :data:`positions.codings.SCENARIO_CODER`) gives
it at most one value. Krippendorff's alpha is

.. math::

    \alpha = 1 - \frac{D_o}{D_e},

the observed disagreement :math:`D_o` (the mean squared difference between
two values of one unit, over every pairable pair) over the disagreement
expected by chance :math:`D_e` (the same over all pairs of values, whatever
their unit), with the interval metric :math:`\delta^2(c, k) = (c - k)^2`
(Krippendorff 2011). :math:`\alpha = 1` is perfect agreement, 0 agreement
at chance level; units with fewer than two values do not count (missing
values and abstentions are allowed). It is computed by the maintained
``krippendorff`` package (Castro 2017).

**Common scale.** Numbers of different kinds are pooled only on a common
scale, so before alpha is computed each value is read on [0, 1]: an ideal
point, an end of an acceptable range and a status quo as
:math:`(x - \mathrm{low}) / (\mathrm{high} - \mathrm{low})` of its issue's
scale; saliences, probabilities, disagreement utilities and capabilities
(ratios to a reference actor) as they are; a parameter as it is when its
values and the scenario's range lie in [0, 1] (probabilities, shares,
discount factors), else divided by the largest absolute value any coder or
the scenario's range gives it. Alpha is reported for all units pooled, for
each kind of judgement (:func:`positions.codings.judgement_kind`), and with
each coder left out; per coder, the mean absolute difference from the other
coders on the common scale; per path, the spread (largest minus smallest
value) raw and on the common scale.

References
----------
.. [1] Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
   Annenberg School for Communication, University of Pennsylvania,
   https://repository.upenn.edu/asc_papers/43/.
.. [2] Krippendorff, K. (2004). *Content Analysis: An Introduction to Its
   Methodology*, 2nd ed. Sage, ch. 11.
.. [3] Castro, S. (2017). Fast Krippendorff: fast computation of
   Krippendorff's alpha agreement measure. https://github.com/pln-fing-udelar/fast-krippendorff.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import param_error
from models._repr import compact_repr
from positions import Coding, Scenario, codings_frame
from positions.codings import SCENARIO_CODER, issue_scale, judgement_kind

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from models.uncertainty.sensitivity import SobolIndices

__all__ = ["AgreementResult", "agreement", "krippendorff_alpha"]


def krippendorff_alpha(data: ArrayLike) -> float:
    """Return Krippendorff's alpha with the interval metric, or NaN when it is undefined.

    Parameters
    ----------
    data : array_like of shape (n_coders, n_units)
        Reliability data; NaN marks a missing value.

    Returns
    -------
    float
        NaN when fewer than two units have two values each, or all values are
        equal (no variation to compare with).

    References
    ----------
    .. [1] Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.

    Examples
    --------
    Krippendorff's (2011, sec. C) example of 4 coders, 12 units and missing data:

    >>> nan = float("nan")
    >>> data = [[1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    ...         [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    ...         [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    ...         [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan]]
    >>> round(krippendorff_alpha(data), 3)
    0.849
    """
    import krippendorff

    arr = np.asarray(data, dtype=float)
    if arr.ndim != 2:
        raise param_error("data", "krippendorff_alpha", "an array of shape (n_coders, n_units)",
                          f"shape {arr.shape}")
    pairable = np.sum(~np.isnan(arr), axis=0) >= 2
    arr = arr[:, pairable]
    values = arr[~np.isnan(arr)]
    if arr.shape[0] < 2 or arr.shape[1] < 2 or np.ptp(values) == 0:
        return float("nan")
    return float(krippendorff.alpha(reliability_data=arr, level_of_measurement="interval"))


@dataclass(frozen=True, slots=True)
class AgreementResult:
    """The agreement of several coders on a scenario's judged numbers.

    Attributes
    ----------
    scenario_id : str
    coders : tuple of str
        ``A`` (the scenario) first, then the codings' coders.
    paths : tuple of str
        The judged numbers some coding names, in the scenario's order.
    kinds : tuple of str
        Each path's kind of judgement.
    values : ndarray of shape (n_coders, n_paths)
        The coders' values (NaN: not coded or abstained).
    scaled : ndarray of shape (n_coders, n_paths)
        The same on the common [0, 1] scale of the module docstring.
    alpha : float
        Krippendorff's alpha (interval) over every path, on the common scale.
    alpha_by_kind : mapping of str to float
        The same per kind of judgement.
    alpha_without : mapping of str to float
        Per coder, alpha of the other coders (NaN with fewer than three coders).
    mean_abs_diff : mapping of str to float
        Per coder, the mean absolute difference from the other coders on the
        common scale (over paths both coded).
    """

    __repr__ = compact_repr

    scenario_id: str
    coders: tuple[str, ...]
    paths: tuple[str, ...]
    kinds: tuple[str, ...]
    values: NDArray[np.float64]
    scaled: NDArray[np.float64]
    alpha: float
    alpha_by_kind: Mapping[str, float]
    alpha_without: Mapping[str, float]
    mean_abs_diff: Mapping[str, float]

    @property
    def spread(self) -> NDArray[np.float64]:
        """Per path, the largest minus the smallest value on the common scale (NaN if < 2)."""
        return _spread(self.scaled)

    def to_frame(self) -> pd.DataFrame:
        """Return one row per path: its kind, the coders' values and the spread.

        Returns
        -------
        pandas.DataFrame
            Columns ``path, kind, n_coders, spread, spread_raw``, then one
            column per coder with its raw value; sorted by ``spread``, largest
            first.
        """
        import pandas as pd

        df = pd.DataFrame({
            "path": self.paths, "kind": self.kinds,
            "n_coders": np.sum(~np.isnan(self.values), axis=0),
            "spread": self.spread, "spread_raw": _spread(self.values),
        })
        for i, c in enumerate(self.coders):
            df[c] = self.values[i]
        return df.sort_values("spread", ascending=False, kind="stable").reset_index(drop=True)

    def summary(self) -> pd.DataFrame:
        """Return alpha overall, per kind and per coder left out, with the number of paths.

        Returns
        -------
        pandas.DataFrame
            Columns ``scope, alpha, n_paths, mean_abs_diff``: the scope
            ``all``, ``kind: <kind>`` or ``coder: <coder>`` (alpha without that
            coder; its mean absolute difference from the others).
        """
        import pandas as pd

        pairable = np.sum(~np.isnan(self.values), axis=0) >= 2
        kinds = np.asarray(self.kinds)
        rows: list[dict[str, Any]] = [
            {"scope": "all", "alpha": self.alpha, "n_paths": int(pairable.sum()),
             "mean_abs_diff": float(np.nanmean(list(self.mean_abs_diff.values())))
             if self.mean_abs_diff else float("nan")}]
        for kind, a in self.alpha_by_kind.items():
            rows.append({"scope": f"kind: {kind}", "alpha": a,
                         "n_paths": int((pairable & (kinds == kind)).sum()),
                         "mean_abs_diff": float("nan")})
        for coder in self.coders:
            i = self.coders.index(coder)
            rows.append({"scope": f"coder: {coder}", "alpha": self.alpha_without[coder],
                         "n_paths": int((~np.isnan(self.values[i]) & pairable).sum()),
                         "mean_abs_diff": self.mean_abs_diff[coder]})
        return pd.DataFrame(rows, columns=["scope", "alpha", "n_paths", "mean_abs_diff"])

    def discuss_first(
        self, sensitivity: SobolIndices | None = None, output: str | None = None
    ) -> pd.DataFrame:
        """Rank the paths to discuss first: disagreement times influence on a result.

        Parameters
        ----------
        sensitivity : SobolIndices, optional
            Sobol indices of a result; without them, paths are ranked by
            disagreement alone.
        output : str, optional
            Which output's total indices; default the largest total index of
            each path over all outputs.

        Returns
        -------
        pandas.DataFrame
            Columns ``path, kind, spread, total_index, priority``:
            ``priority = spread x total_index`` (the total Sobol index of the
            path's input, clipped to [0, 1]; 0 when it is not an input or is
            not estimated; 1 without indices), largest first.
        """
        import pandas as pd

        total = np.ones(len(self.paths))
        if sensitivity is not None:
            rows = (range(len(sensitivity.outputs)) if output is None
                    else [list(sensitivity.outputs).index(output)])
            st = np.clip(np.nan_to_num(np.asarray(sensitivity.ST, dtype=float)[list(rows)],
                                       nan=0.0), 0.0, 1.0).max(axis=0)
            by_name = dict(zip(sensitivity.names, st, strict=True))
            total = np.array([float(by_name.get(p, 0.0)) for p in self.paths])
        spread = np.nan_to_num(self.spread)
        df = pd.DataFrame({"path": self.paths, "kind": self.kinds, "spread": spread,
                           "total_index": total, "priority": spread * total})
        return df.sort_values("priority", ascending=False, kind="stable").reset_index(drop=True)

    def plot(self, ax: Axes | None = None, *, top: int | None = 25) -> Axes:
        """Draw the disagreement per path (spread on the common scale), largest first.

        Parameters
        ----------
        ax : matplotlib Axes, optional
        top : int or None
            Show the ``top`` paths with the largest spread (None: all).

        Returns
        -------
        matplotlib Axes
        """
        from models.plotting.uncertainty import plot_agreement

        return plot_agreement(self, ax=ax, top=top)


def _spread(arr: NDArray[np.float64]) -> NDArray[np.float64]:
    n = np.sum(~np.isnan(arr), axis=0)
    with np.errstate(invalid="ignore"):
        filled_max = np.where(np.isnan(arr), -np.inf, arr).max(axis=0)
        filled_min = np.where(np.isnan(arr), np.inf, arr).min(axis=0)
    return np.where(n >= 2, filled_max - filled_min, np.nan)


def _scale_rows(scenario: Scenario, paths: tuple[str, ...],
                values: NDArray[np.float64]) -> NDArray[np.float64]:
    """Read each path's values on the common [0, 1] scale (see the module docstring)."""
    known = scenario.estimates()
    out = values.copy()
    for j, path in enumerate(paths):
        kind = judgement_kind(path)
        scale = issue_scale(scenario, path)
        if scale is not None and scale[1] > scale[0]:
            out[:, j] = (values[:, j] - scale[0]) / (scale[1] - scale[0])
        elif kind in ("parameter", "other"):
            low, high = known[path].bounds()
            seen = np.concatenate([values[:, j][~np.isnan(values[:, j])], [low, high]])
            seen = seen[np.isfinite(seen)]
            if seen.size and (seen.min() < 0 or seen.max() > 1):
                out[:, j] = values[:, j] / np.abs(seen).max()
    return out


def _mean_abs_diff(scaled: NDArray[np.float64], i: int) -> float:
    others = np.delete(scaled, i, axis=0)
    diff = np.abs(others - scaled[i][None, :])
    return float(np.nanmean(diff)) if np.any(~np.isnan(diff)) else float("nan")


def agreement(scenario: Scenario, codings: Iterable[Coding]) -> AgreementResult:
    """Measure how far several coders agree on a scenario's judged numbers.

    Parameters
    ----------
    scenario : positions.Scenario
        Its own numbers are coder ``A``.
    codings : iterable of positions.Coding
        The other coders (:func:`positions.load_coding`).

    Returns
    -------
    AgreementResult

    Raises
    ------
    positions.ScenarioError
        If a coding is not valid for the scenario.
    ValueError
        If no coding is given or two have the same coder.

    References
    ----------
    .. [1] Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.

    Examples
    --------
    >>> import positions
    >>> s = positions.load("ukraine-ceasefire-2025-05")
    >>> same = positions.load_coding({"scenario": s.id, "coder": "B", "values": {
    ...     p: {"value": e.value, "rationale": "as A"}
    ...     for p, e in s.estimates().items() if p.endswith("salience")}}, s)
    >>> agreement(s, [same]).alpha
    1.0
    """
    codings = list(codings)
    if not codings:
        raise param_error("codings", "agreement", "at least one coding", "none")
    frame = codings_frame(scenario, codings)
    coders = (SCENARIO_CODER, *(c.coder for c in codings))
    paths = tuple(dict.fromkeys(frame["path"]))
    table = frame.pivot(index="path", columns="coder", values="value")
    table = table.reindex(index=list(paths), columns=list(coders))
    values = table.to_numpy(dtype=float).T.copy()
    scaled = _scale_rows(scenario, paths, values)
    kinds = tuple(judgement_kind(p) for p in paths)
    kind_arr = np.asarray(kinds)
    by_kind = {k: krippendorff_alpha(scaled[:, kind_arr == k]) for k in dict.fromkeys(kinds)}
    without = {
        c: (krippendorff_alpha(np.delete(scaled, i, axis=0)) if len(coders) > 2
            else float("nan"))
        for i, c in enumerate(coders)
    }
    mad = {c: _mean_abs_diff(scaled, i) for i, c in enumerate(coders)}
    for arr in (values, scaled):
        arr.flags.writeable = False
    return AgreementResult(
        scenario_id=scenario.id, coders=coders, paths=paths, kinds=kinds, values=values,
        scaled=scaled, alpha=krippendorff_alpha(scaled),
        alpha_by_kind=MappingProxyType(by_kind), alpha_without=MappingProxyType(without),
        mean_abs_diff=MappingProxyType(mad),
    )
