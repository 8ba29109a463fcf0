r"""Outcome spaces and the spatial utilities of the parties over them.

An *outcome* fixes a point on every issue's scale. With :math:`K` issues, issue
:math:`k` on the scale :math:`[a_k, b_k]` of range :math:`R_k = b_k - a_k`, an
:class:`OutcomeSpace` is either a finite set of points

.. math::

    X = V_1 \times V_2 \times \dots \times V_K, \qquad V_k \subset [a_k, b_k],

(the product of each issue's named options, or a grid of ``resolution`` points
per scale; outcomes are the rows of ``points``, in C order: the last issue
varies fastest), an arbitrary list of points, or the continuous box
:math:`\prod_k [a_k, b_k]` (bounds only).

Actor :math:`i` with ideal point :math:`y_i` and saliences
:math:`s_{ik} \in [0, 1]` has the additive, salience-weighted spatial utility

.. math::

    u_i(x) = 1 - \frac{\sum_k s_{ik}\, \left(|x_k - y_{ik}| / R_k\right)^p}{\sum_k s_{ik}},
    \qquad p = 1 \text{ (linear loss) or } p = 2 \text{ (quadratic loss)},

so that :math:`0 \le u_i \le 1`, :math:`u_i = 1` at the ideal point and
:math:`u_i = 0` only where the actor is a whole scale away from its ideal on
every issue it cares about. Each issue's distance is measured in units of its
scale's range, so saliences alone say how much the issues matter, whatever
their units (for scales of equal range this is the same as
:math:`1 - \sum_k s_{ik} |x_k - y_{ik}|^p / \sum_k s_{ik} R_k^p`). An issue
on which an actor takes no position has salience 0. An actor with no salient
issue at all is indifferent: :math:`u_i \equiv 1`. The loss is linear in the
saliences and, for a finite space, a sum over issues of a function of the level
taken on each issue, so the utilities of a whole batch of parameter draws are
one matrix product :math:`U = W H^\top` of the per-level weighted losses
:math:`W` with the one-hot encoding :math:`H` of the outcomes' levels.

Each actor's *acceptable set* is the box of its acceptable ranges,

.. math::

    A_i = \{x : l_{ik} \le x_k \le h_{ik} \text{ for all } k\},

where an open end is the end of the scale; a red line is the bound it must not
cross. Outcomes outside :math:`A_i` are unacceptable to :math:`i`: the
bargaining facade (:func:`models.bargain`) excludes them from the zone of
possible agreement and from every solution. The disagreement point
:math:`d_i` is the utility of no deal: the scenario's value where it gives one,
otherwise the utility of the status quo (:meth:`ScenarioArrays.disagreement_point`).

References
----------
.. [1] Enelow, J. M. and Hinich, M. J. (1984). *The Spatial Theory of Voting:
   An Introduction*. Cambridge University Press.
.. [2] Keeney, R. L. and Raiffa, H. (1976). *Decisions with Multiple
   Objectives: Preferences and Value Tradeoffs*. Wiley (additive value
   functions with importance weights).
.. [3] Raiffa, H. (1982). *The Art and Science of Negotiation*. Harvard
   University Press (reservation values and the zone of possible agreement).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import check_array, check_int, param_error

if TYPE_CHECKING:
    import pandas as pd

    from positions import Scenario

__all__ = [
    "OutcomeSpace",
    "ScenarioArrays",
    "UtilityChunk",
    "acceptable",
    "iter_utilities",
    "scenario_arrays",
    "utilities",
]

Loss = Literal["linear", "quadratic"]
SpaceKind = Literal["options", "grid", "levels", "points", "box"]

_TOL = 1e-9
_DEFAULT_MAX_BYTES = 64 * 2**20
_DEFAULT_MAX_OUTCOMES = 10**7
_EXPONENT = {"linear": 1, "quadratic": 2}


def _readonly(arr: NDArray[Any]) -> NDArray[Any]:
    if arr.flags.writeable:
        arr = arr.copy()
        arr.flags.writeable = False
    return arr


def _fmt(value: float) -> str:
    return f"{value:g}"


@dataclass(frozen=True, slots=True, eq=False)
class OutcomeSpace:
    """A set of outcomes: points with one coordinate per issue, in scale units.

    Build one with :meth:`from_scenario`, :meth:`from_levels`,
    :meth:`from_grid`, :meth:`from_points` or :meth:`from_box` rather than by
    calling the class. Outcome ``i`` is ``points[i]``; on each issue it takes
    one of the issue's *levels* (``levels[k][codes[i, k]]``), which carry the
    labels. The arrays are read-only.

    Attributes
    ----------
    issue_ids : tuple of str
        The issues, in column order.
    points : ndarray of shape (n_outcomes, n_issues)
        The outcomes. Empty for a continuous box.
    codes : ndarray of shape (n_outcomes, n_issues)
        The level index of each outcome on each issue (int32).
    levels : tuple of ndarray
        For each issue, its sorted distinct values.
    level_ids, level_labels : tuple of tuple of str
        For each issue, a short id and a readable label of each level (the
        option ids and labels for an issue with options).
    low, high : ndarray of shape (n_issues,)
        The ends of each issue's scale.
    kind : {'options', 'grid', 'levels', 'points', 'box'}
        How the space was built. The first three are full products of the
        levels (C order, last issue fastest); ``'box'`` is continuous and has
        no enumerated outcomes.

    Examples
    --------
    >>> space = OutcomeSpace.from_levels([[0, 50, 100], [0, 100]], issue_ids=["a", "b"])
    >>> space.n_outcomes, space.n_issues
    (6, 2)
    >>> space.points[3].tolist()
    [50.0, 100.0]
    >>> space.label(3)
    ('50', '100')
    """

    issue_ids: tuple[str, ...]
    points: NDArray[np.float64]
    codes: NDArray[np.int32]
    levels: tuple[NDArray[np.float64], ...]
    level_ids: tuple[tuple[str, ...], ...]
    level_labels: tuple[tuple[str, ...], ...]
    low: NDArray[np.float64]
    high: NDArray[np.float64]
    kind: SpaceKind

    def __post_init__(self) -> None:
        n_issues = len(self.issue_ids)
        if n_issues < 1:
            raise param_error("issue_ids", "OutcomeSpace", "at least one issue", "none")
        for name in ("points", "codes", "low", "high"):
            object.__setattr__(self, name, _readonly(np.asarray(getattr(self, name))))
        object.__setattr__(
            self, "levels", tuple(_readonly(np.asarray(v, dtype=float)) for v in self.levels)
        )
        if self.points.shape[1:] != (n_issues,) or self.codes.shape != self.points.shape:
            raise param_error(
                "points", "OutcomeSpace", f"an array of shape (n_outcomes, {n_issues})",
                f"an array of shape {self.points.shape}",
            )
        if self.low.shape != (n_issues,) or self.high.shape != (n_issues,):
            raise param_error(
                "low", "OutcomeSpace", f"an array of shape ({n_issues},)",
                f"an array of shape {self.low.shape}",
            )
        if self.kind != "box" and not (
            len(self.levels) == len(self.level_ids) == len(self.level_labels) == n_issues
        ):
            raise param_error(
                "levels", "OutcomeSpace", f"{n_issues} sequences", str(len(self.levels))
            )

    # ------------------------------------------------------------ constructors
    @classmethod
    def from_levels(
        cls,
        levels: Sequence[ArrayLike],
        *,
        issue_ids: Sequence[str] | None = None,
        labels: Sequence[Sequence[str]] | None = None,
        ids: Sequence[Sequence[str]] | None = None,
        low: ArrayLike | None = None,
        high: ArrayLike | None = None,
        max_outcomes: int = _DEFAULT_MAX_OUTCOMES,
        _kind: SpaceKind = "levels",
    ) -> OutcomeSpace:
        """Build the product of given values on each issue.

        Parameters
        ----------
        levels : sequence of array_like
            For each issue, its values (strictly increasing), in scale units.
        issue_ids : sequence of str, optional
            Default ``x0, x1, ...``.
        labels, ids : sequence of sequence of str, optional
            For each issue, a readable label and a short id of each value
            (default: the value, formatted).
        low, high : array_like of shape (n_issues,), optional
            The ends of each scale (default: each issue's smallest and largest
            value).
        max_outcomes : int
            Refuse to build more outcomes than this.

        Returns
        -------
        OutcomeSpace

        Raises
        ------
        ValueError
            If a level list is empty, not increasing or outside its scale, if
            the labels do not match, or if the product exceeds ``max_outcomes``.

        Examples
        --------
        >>> s = OutcomeSpace.from_levels([[0, 1], [0, 5, 10]])
        >>> s.points.tolist()
        [[0.0, 0.0], [0.0, 5.0], [0.0, 10.0], [1.0, 0.0], [1.0, 5.0], [1.0, 10.0]]
        """
        func = "OutcomeSpace.from_levels"
        if isinstance(levels, np.ndarray) or not isinstance(levels, Sequence) or not levels:
            raise param_error("levels", func, "a non-empty sequence of arrays", repr(levels)[:60])
        values = [check_array(v, "levels", func, ndim=1) for v in levels]
        n_issues = len(values)
        for k, v in enumerate(values):
            if v.size == 0 or np.any(np.diff(v) <= 0):
                raise param_error(
                    "levels", func, "non-empty, strictly increasing values on every issue",
                    f"{v.tolist()} on issue {k}",
                )
        ids_ = _issue_ids(issue_ids, n_issues, func)
        lo = (
            np.array([v[0] for v in values]) if low is None
            else _vector(low, "low", func, n_issues)
        )
        hi = (
            np.array([v[-1] for v in values]) if high is None
            else _vector(high, "high", func, n_issues)
        )
        _check_bounds(lo, hi, func)
        for k, v in enumerate(values):
            if v[0] < lo[k] - _TOL or v[-1] > hi[k] + _TOL:
                raise param_error(
                    "levels", func, "values within [low, high] on every issue",
                    f"{v.tolist()} on issue {ids_[k]!r} with scale [{lo[k]:g}, {hi[k]:g}]",
                )
        label_t = _label_lists(labels, values, "labels", func)
        id_t = _label_lists(ids, values, "ids", func)
        shape = tuple(v.size for v in values)
        n = math.prod(shape)
        max_outcomes = check_int(max_outcomes, "max_outcomes", func, low=1)
        if n > max_outcomes:
            raise param_error(
                "levels", func,
                f"a product of at most max_outcomes={max_outcomes:,} outcomes "
                "(lower the resolution or pass a larger max_outcomes)",
                f"{' x '.join(map(str, shape))} = {n:,} outcomes",
            )
        codes = np.empty((n, n_issues), dtype=np.int32)
        points = np.empty((n, n_issues), dtype=float)
        code_view = codes.reshape(*shape, n_issues)
        point_view = points.reshape(*shape, n_issues)
        for k, v in enumerate(values):
            axis_shape = [1] * n_issues
            axis_shape[k] = v.size
            code_view[..., k] = np.arange(v.size, dtype=np.int32).reshape(axis_shape)
            point_view[..., k] = v.reshape(axis_shape)
        codes.flags.writeable = False
        points.flags.writeable = False
        return cls(ids_, points, codes, tuple(values), id_t, label_t, lo, hi, _kind)

    @classmethod
    def from_grid(
        cls,
        low: ArrayLike,
        high: ArrayLike,
        resolution: int | Sequence[int] = 11,
        *,
        issue_ids: Sequence[str] | None = None,
        max_outcomes: int = _DEFAULT_MAX_OUTCOMES,
    ) -> OutcomeSpace:
        """Build a regular grid over each scale.

        Parameters
        ----------
        low, high : array_like of shape (n_issues,)
            The ends of each scale.
        resolution : int or sequence of int
            Points per issue (>= 2), the same for all issues or one per issue.
        issue_ids : sequence of str, optional
        max_outcomes : int
            Refuse to build more outcomes than this.

        Returns
        -------
        OutcomeSpace

        Raises
        ------
        ValueError
            If the bounds or the resolution are invalid, or the grid exceeds
            ``max_outcomes``.

        Examples
        --------
        >>> OutcomeSpace.from_grid([0, 0], [10, 1], 3).levels[0].tolist()
        [0.0, 5.0, 10.0]
        """
        func = "OutcomeSpace.from_grid"
        lo = check_array(low, "low", func, ndim=1)
        hi = _vector(high, "high", func, lo.size)
        _check_bounds(lo, hi, func)
        res = _resolution(resolution, lo.size, func)
        levels = [np.linspace(lo[k], hi[k], res[k]) for k in range(lo.size)]
        return cls.from_levels(
            levels, issue_ids=issue_ids, low=lo, high=hi, max_outcomes=max_outcomes, _kind="grid"
        )

    @classmethod
    def from_points(
        cls,
        points: ArrayLike,
        *,
        low: ArrayLike | None = None,
        high: ArrayLike | None = None,
        issue_ids: Sequence[str] | None = None,
    ) -> OutcomeSpace:
        """Build a space from an explicit list of outcomes.

        Parameters
        ----------
        points : array_like of shape (n_outcomes, n_issues)
        low, high : array_like of shape (n_issues,), optional
            The ends of each scale (default: each column's minimum and maximum).
        issue_ids : sequence of str, optional

        Returns
        -------
        OutcomeSpace

        Raises
        ------
        ValueError
            If ``points`` is not a finite 2-D array or leaves the scale.

        Examples
        --------
        >>> s = OutcomeSpace.from_points([[0, 1], [3, 1]], low=[0, 0], high=[10, 10])
        >>> s.n_outcomes, s.levels[0].tolist()
        (2, [0.0, 3.0])
        """
        func = "OutcomeSpace.from_points"
        pts = np.array(
            check_array(points, "points", func, ndim=2, shape_text="(n_outcomes, n_issues)"),
            dtype=float,
        )
        n, n_issues = pts.shape
        if n_issues < 1:
            raise param_error("points", func, "an array with at least one issue column", "none")
        if low is None:
            lo = pts.min(axis=0) if n else np.zeros(n_issues)
        else:
            lo = _vector(low, "low", func, n_issues)
        if high is None:
            hi = pts.max(axis=0) if n else np.ones(n_issues)
        else:
            hi = _vector(high, "high", func, n_issues)
        if low is not None and high is not None:
            _check_bounds(lo, hi, func)
        _check_within(pts, lo, hi, "points", func)
        codes = np.empty(pts.shape, dtype=np.int32)
        levels = []
        for k in range(n_issues):
            values, inverse = np.unique(pts[:, k], return_inverse=True)
            codes[:, k] = inverse.reshape(-1)
            levels.append(values)
        labels = tuple(tuple(_fmt(x) for x in v) for v in levels)
        pts.flags.writeable = False
        codes.flags.writeable = False
        ids_ = _issue_ids(issue_ids, n_issues, func)
        return cls(ids_, pts, codes, tuple(levels), labels, labels, lo, hi, "points")

    @classmethod
    def from_box(
        cls, low: ArrayLike, high: ArrayLike, *, issue_ids: Sequence[str] | None = None
    ) -> OutcomeSpace:
        """Build the continuous box ``[low, high]`` (bounds only, no enumerated outcomes).

        Use :meth:`grid` to discretise it.

        Parameters
        ----------
        low, high : array_like of shape (n_issues,)
        issue_ids : sequence of str, optional

        Returns
        -------
        OutcomeSpace

        Raises
        ------
        ValueError
            If the bounds are invalid.

        Examples
        --------
        >>> box = OutcomeSpace.from_box([0, 0], [100, 10])
        >>> box.n_outcomes, box.grid(3).n_outcomes
        (0, 9)
        """
        func = "OutcomeSpace.from_box"
        lo = check_array(low, "low", func, ndim=1)
        hi = _vector(high, "high", func, lo.size)
        _check_bounds(lo, hi, func)
        n_issues = lo.size
        ids_ = _issue_ids(issue_ids, n_issues, func)
        empty = np.empty((0, n_issues))
        codes = np.empty((0, n_issues), dtype=np.int32)
        return cls(ids_, empty, codes, (), (), (), lo, hi, "box")

    @classmethod
    def from_scenario(
        cls,
        scenario: Scenario,
        *,
        kind: Literal["options", "grid", "box"] = "options",
        resolution: int = 11,
        issues: Sequence[str] | None = None,
        max_outcomes: int = _DEFAULT_MAX_OUTCOMES,
    ) -> OutcomeSpace:
        """Build the outcome space of a scenario's issues.

        Parameters
        ----------
        scenario : positions.Scenario
        kind : {'options', 'grid', 'box'}
            ``'options'``: the product of each issue's named options; an issue
            without options uses its scale's anchors, or, without anchors, a
            grid of ``resolution`` points. ``'grid'``: ``resolution`` evenly
            spaced points on every scale (a point that coincides with an option
            or an anchor takes its label). ``'box'``: the continuous box of the
            scales.
        resolution : int
            Grid points per issue (>= 2).
        issues : sequence of str, optional
            Issue ids to include, in this order (default: all, in scenario order).
        max_outcomes : int
            Refuse to build more outcomes than this.

        Returns
        -------
        OutcomeSpace

        Raises
        ------
        ValueError
            If ``kind`` or ``resolution`` is invalid, an issue id is unknown, or
            the space exceeds ``max_outcomes``.

        Examples
        --------
        >>> import positions
        >>> s = positions.load("ukraine-ceasefire-2025-05")
        >>> space = OutcomeSpace.from_scenario(s)
        >>> space.issue_ids == tuple(i.id for i in s.issues)
        True
        """
        func = "OutcomeSpace.from_scenario"
        if kind not in ("options", "grid", "box"):
            raise param_error("kind", func, "one of 'options', 'grid', 'box'", repr(kind))
        resolution = check_int(resolution, "resolution", func, low=2)
        chosen = _select_issues(scenario, issues, func)
        lo = np.array([i.scale.low for i in chosen])
        hi = np.array([i.scale.high for i in chosen])
        ids_ = [i.id for i in chosen]
        if kind == "box":
            return cls.from_box(lo, hi, issue_ids=ids_)
        levels: list[NDArray[np.float64]] = []
        labels: list[list[str]] = []
        short: list[list[str]] = []
        for issue in chosen:
            named = {o.value: (o.id, o.label) for o in issue.options}
            anchors = {a.value: a.label for a in issue.scale.anchors}
            if kind == "options" and issue.options:
                values = np.array([o.value for o in issue.options])
            elif kind == "options" and anchors:
                values = np.array(sorted(anchors))
            else:
                values = np.linspace(issue.scale.low, issue.scale.high, resolution)
            levels.append(values)
            ids_k, labels_k = [], []
            for x in values:
                key = _match(named, float(x))
                anchor = _match(anchors, float(x))
                if key is not None:
                    ids_k.append(named[key][0])
                    labels_k.append(named[key][1])
                elif anchor is not None:
                    ids_k.append(_fmt(float(x)))
                    labels_k.append(anchors[anchor])
                else:
                    text = _fmt(float(x)) + (f" {issue.scale.unit}" if issue.scale.unit else "")
                    ids_k.append(_fmt(float(x)))
                    labels_k.append(text)
            labels.append(labels_k)
            short.append(ids_k)
        max_outcomes = check_int(max_outcomes, "max_outcomes", func, low=1)
        shape = [v.size for v in levels]
        n = math.prod(shape)
        if n > max_outcomes:
            raise param_error(
                "resolution" if kind == "grid" else "max_outcomes", func,
                f"small enough for at most max_outcomes={max_outcomes:,} outcomes "
                "(lower the resolution, choose fewer issues or raise max_outcomes)",
                f"{resolution}, which gives {' x '.join(map(str, shape))} = {n:,} outcomes"
                if kind == "grid" else f"{max_outcomes:,} for {n:,} outcomes",
            )
        return cls.from_levels(
            levels, issue_ids=ids_, labels=labels, ids=short, low=lo, high=hi,
            max_outcomes=max_outcomes, _kind=kind,
        )

    # -------------------------------------------------------------- properties
    @property
    def n_outcomes(self) -> int:
        """Number of enumerated outcomes (0 for a continuous box)."""
        return int(self.points.shape[0])

    @property
    def n_issues(self) -> int:
        """Number of issues."""
        return len(self.issue_ids)

    @property
    def bounds(self) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """``(low, high)``: the ends of each issue's scale."""
        return self.low, self.high

    @property
    def shape(self) -> tuple[int, ...]:
        """Number of levels on each issue (empty for a box)."""
        return tuple(int(v.size) for v in self.levels)

    @property
    def is_product(self) -> bool:
        """Whether the outcomes are the full product of the levels, in C order."""
        return self.kind in ("options", "grid", "levels")

    def __len__(self) -> int:
        return self.n_outcomes

    def __repr__(self) -> str:
        shape = " x ".join(map(str, self.shape)) if self.is_product else ""
        return (
            f"OutcomeSpace(kind={self.kind!r}, issues={list(self.issue_ids)}, "
            f"n_outcomes={self.n_outcomes:,}{', shape=' + shape if shape else ''})"
        )

    # ------------------------------------------------------------------ labels
    def _indices(self, indices: ArrayLike, func: str) -> NDArray[np.intp]:
        idx = np.asarray(indices)
        if idx.dtype.kind not in "iu":
            raise param_error(
                "indices", func, "an array of outcome indices (ints)", repr(indices)[:60]
            )
        idx = idx.astype(np.intp, copy=False)
        if idx.size and (idx.min() < -self.n_outcomes or idx.max() >= self.n_outcomes):
            raise param_error(
                "indices", func, f"indices in [0, {self.n_outcomes})",
                f"an index of {int(idx.max() if idx.max() >= self.n_outcomes else idx.min())}",
            )
        return idx

    def label(self, index: int) -> tuple[str, ...]:
        """Return the label of an outcome on each issue.

        Parameters
        ----------
        index : int
            Outcome index.

        Returns
        -------
        tuple of str
            One label per issue, in issue order.

        Raises
        ------
        ValueError
            If ``index`` is out of range.

        Examples
        --------
        >>> OutcomeSpace.from_levels([[0, 1]], labels=[["no", "yes"]]).label(1)
        ('yes',)
        """
        i = int(self._indices(np.asarray([index]), "OutcomeSpace.label")[0])
        return tuple(self.level_labels[k][self.codes[i, k]] for k in range(self.n_issues))

    def labels(self, indices: ArrayLike, *, short: bool = False) -> NDArray[np.object_]:
        """Return the labels of several outcomes, one column per issue.

        Parameters
        ----------
        indices : array_like of int, shape (n,)
        short : bool
            Use the short ids (option ids) rather than the readable labels.

        Returns
        -------
        ndarray of str objects, shape (n, n_issues)

        Raises
        ------
        ValueError
            If an index is out of range.

        Examples
        --------
        >>> s = OutcomeSpace.from_levels([[0, 1], [0, 1]], ids=[["n", "y"], ["n", "y"]])
        >>> s.labels([0, 3], short=True).tolist()
        [['n', 'n'], ['y', 'y']]
        """
        idx = self._indices(np.atleast_1d(np.asarray(indices)), "OutcomeSpace.labels")
        names = self.level_ids if short else self.level_labels
        out = np.empty((idx.size, self.n_issues), dtype=object)
        for k in range(self.n_issues):
            out[:, k] = np.asarray(names[k], dtype=object)[self.codes[idx, k]]
        return out

    def grid(self, resolution: int | Sequence[int] = 11) -> OutcomeSpace:
        """Return a regular grid over this space's bounds (e.g. to discretise a box).

        Parameters
        ----------
        resolution : int or sequence of int
            Points per issue (>= 2).

        Returns
        -------
        OutcomeSpace

        Examples
        --------
        >>> OutcomeSpace.from_box([0], [1]).grid(5).points[:, 0].tolist()
        [0.0, 0.25, 0.5, 0.75, 1.0]
        """
        return OutcomeSpace.from_grid(self.low, self.high, resolution, issue_ids=self.issue_ids)

    def to_frame(self, *, labels: bool = False) -> pd.DataFrame:
        """Return the outcomes as a table: one row per outcome, one column per issue.

        Parameters
        ----------
        labels : bool
            Give each outcome's labels rather than its values.

        Returns
        -------
        pandas.DataFrame
            Index ``outcome`` (the outcome index), columns the issue ids.

        Examples
        --------
        >>> OutcomeSpace.from_levels([[0, 1]], issue_ids=["a"]).to_frame()["a"].tolist()
        [0.0, 1.0]
        """
        import pandas as pd

        if labels:
            data: Any = self.labels(np.arange(self.n_outcomes))
        else:
            data = self.points
        index = pd.RangeIndex(self.n_outcomes, name="outcome")
        return pd.DataFrame(data, columns=list(self.issue_ids), index=index)

    # -------------------------------------------------------------- internals
    def _offsets(self) -> NDArray[np.intp]:
        sizes = np.array([v.size for v in self.levels], dtype=np.intp)
        return np.concatenate(([0], np.cumsum(sizes)[:-1])).astype(np.intp)

    def _level_table(self) -> tuple[NDArray[np.float64], NDArray[np.intp]]:
        """All levels concatenated, and the issue of each."""
        values = np.concatenate(self.levels) if self.levels else np.empty(0)
        issue = np.repeat(np.arange(self.n_issues), [v.size for v in self.levels])
        return values, issue.astype(np.intp)


# ---------------------------------------------------------------- helpers


def _match(table: dict[float, Any], x: float) -> float | None:
    for key in table:
        if abs(key - x) <= 1e-9 * max(1.0, abs(x)):
            return key
    return None


def _issue_ids(issue_ids: Sequence[str] | None, n_issues: int, func: str) -> tuple[str, ...]:
    if issue_ids is None:
        return tuple(f"x{k}" for k in range(n_issues))
    ids = tuple(str(i) for i in issue_ids)
    if len(ids) != n_issues or len(set(ids)) != n_issues:
        raise param_error(
            "issue_ids", func, f"{n_issues} distinct ids", repr(list(issue_ids))[:60]
        )
    return ids


def _label_lists(
    given: Sequence[Sequence[str]] | None,
    values: list[NDArray[np.float64]],
    name: str,
    func: str,
) -> tuple[tuple[str, ...], ...]:
    if given is None:
        return tuple(tuple(_fmt(float(x)) for x in v) for v in values)
    if len(given) != len(values) or any(
        len(g) != v.size for g, v in zip(given, values, strict=False)
    ):
        raise param_error(
            name, func, "one string per level on every issue",
            f"lengths {[len(g) for g in given]} for levels of sizes {[v.size for v in values]}",
        )
    return tuple(tuple(str(x) for x in g) for g in given)


def _vector(value: ArrayLike, name: str, func: str, n: int) -> NDArray[np.float64]:
    return check_array(value, name, func, ndim=1, shape=(n,), shape_text=f"({n},)")


def _check_bounds(low: NDArray[np.float64], high: NDArray[np.float64], func: str) -> None:
    if low.size < 1:
        raise param_error("low", func, "an array with at least one issue", "an empty array")
    bad = np.flatnonzero(~(low < high))
    if bad.size:
        k = int(bad[0])
        raise param_error(
            "high", func, "above 'low' on every issue", f"{high[k]:g} <= {low[k]:g} on issue {k}"
        )


def _check_within(
    arr: NDArray[np.float64], low: NDArray[np.float64], high: NDArray[np.float64],
    name: str, func: str,
) -> None:
    """Check that the last axis of ``arr`` lies within ``[low, high]``."""
    if not arr.size:
        return
    below = arr < low - _TOL
    above = arr > high + _TOL
    bad = below | above
    if bad.any():
        where = np.argwhere(bad)[0]
        k = int(where[-1])
        raise param_error(
            name, func, "within the scale [scale_low, scale_high] on every issue",
            f"{float(arr[tuple(where)]):g} on issue {k} (scale [{low[k]:g}, {high[k]:g}])",
        )


def _resolution(resolution: int | Sequence[int], n_issues: int, func: str) -> list[int]:
    if isinstance(resolution, int | np.integer) and not isinstance(resolution, bool):
        return [check_int(resolution, "resolution", func, low=2)] * n_issues
    if not isinstance(resolution, Sequence) or len(resolution) != n_issues:
        raise param_error(
            "resolution", func, f"an int >= 2 or {n_issues} ints >= 2", repr(resolution)[:60]
        )
    return [check_int(r, "resolution", func, low=2) for r in resolution]


def _select_issues(scenario: Scenario, issues: Sequence[str] | None, func: str) -> list[Any]:
    known = [i.id for i in scenario.issues]
    if not known:
        raise param_error("scenario", func, "a scenario with at least one issue", "none")
    if issues is None:
        return list(scenario.issues)
    if isinstance(issues, str):
        issues = [issues]
    chosen = list(issues)
    for ident in chosen:
        if ident not in known:
            raise param_error(
                "issues", func, f"issue ids of the scenario ({', '.join(known)})", repr(ident)
            )
    if not chosen or len(set(chosen)) != len(chosen):
        raise param_error("issues", func, "a non-empty list of distinct issue ids", repr(chosen))
    return [scenario.issue(i) for i in chosen]


# ------------------------------------------------------------- utilities


@dataclass(frozen=True, slots=True)
class _Problem:
    """Checked inputs of the utility and acceptability computations."""

    space: OutcomeSpace
    first: NDArray[np.float64]  # (n_samples, n_actors, n_issues): ideals or lows
    second: NDArray[np.float64]  # (n_samples, n_actors, n_issues): saliences or highs
    batched: bool

    @property
    def n_samples(self) -> int:
        return int(self.first.shape[0])

    @property
    def n_actors(self) -> int:
        return int(self.first.shape[1])


def _as_space(
    points: OutcomeSpace | ArrayLike,
    scale_low: ArrayLike | None,
    scale_high: ArrayLike | None,
    func: str,
    *,
    need_scale: bool,
) -> OutcomeSpace:
    if isinstance(points, OutcomeSpace):
        space = points
        if scale_low is not None or scale_high is not None:
            lo = (
                space.low if scale_low is None
                else _vector(scale_low, "scale_low", func, space.n_issues)
            )
            hi = (
                space.high if scale_high is None
                else _vector(scale_high, "scale_high", func, space.n_issues)
            )
            _check_bounds(lo, hi, func)
            _check_within(space.points, lo, hi, "points", func)
            space = OutcomeSpace(
                space.issue_ids, space.points, space.codes, space.levels, space.level_ids,
                space.level_labels, lo, hi, space.kind,
            )
        return space
    pts = check_array(points, "points", func, ndim=2, shape_text="(n_outcomes, n_issues)")
    if need_scale and (scale_low is None or scale_high is None):
        missing = "scale_low" if scale_low is None else "scale_high"
        raise param_error(
            missing, func, f"an array of shape ({pts.shape[1]},) when 'points' is an array", "None"
        )
    try:
        return OutcomeSpace.from_points(pts, low=scale_low, high=scale_high)
    except ValueError as err:
        raise ValueError(str(err).replace("OutcomeSpace.from_points", func)) from None


def _batched(
    value: ArrayLike, name: str, func: str, n_issues: int, n_actors: int | None
) -> NDArray[np.float64]:
    arr = check_array(
        value, name, func, ndim=(2, 3), shape=(n_actors, n_issues),
        shape_text="(n_actors, n_issues) or (n_samples, n_actors, n_issues)",
    )
    return arr


def _prepare(
    space: OutcomeSpace,
    first: ArrayLike,
    second: ArrayLike,
    names: tuple[str, str],
    func: str,
) -> _Problem:
    a = _batched(first, names[0], func, space.n_issues, None)
    b = _batched(second, names[1], func, space.n_issues, a.shape[-2])
    batched = a.ndim == 3 or b.ndim == 3
    n_samples = {x.shape[0] for x in (a, b) if x.ndim == 3}
    if len(n_samples) > 1:
        raise param_error(
            names[1], func, f"the same number of samples as {names[0]!r}",
            f"{b.shape[0]} samples against {a.shape[0]}",
        )
    s = n_samples.pop() if n_samples else 1
    a3 = np.broadcast_to(a, (s, *a.shape[-2:]))
    b3 = np.broadcast_to(b, (s, *b.shape[-2:]))
    return _Problem(space, a3, b3, batched)


def _check_utility_inputs(prob: _Problem, func: str) -> None:
    lo, hi = prob.space.low, prob.space.high
    _check_within(prob.first, lo, hi, "ideals", func)
    sal = prob.second
    if sal.size and (sal.min() < 0 or sal.max() > 1):
        bad = float(sal.min() if sal.min() < 0 else sal.max())
        raise param_error("saliences", func, "an array of values in [0, 1]", f"a value of {bad:g}")


class _Encoding:
    """The outcomes ``n0:n1`` of a space as level indices, ready to sum per-level weights.

    ``sums(W)`` returns ``out[s * n_actors + a, n] = sum_k W[s, a, level(n, k)]``
    for weights ``W`` of shape (n_samples, n_actors, n_levels). With few levels
    this is one dense product of the weights with the outcomes' one-hot
    encoding (a single BLAS call); otherwise one gather per issue.
    """

    __slots__ = ("flat", "n_issues", "n_levels", "onehot")

    def __init__(self, space: OutcomeSpace, n0: int, n1: int) -> None:
        self.n_levels = int(sum(v.size for v in space.levels))
        self.n_issues = space.n_issues
        self.flat = space.codes[n0:n1].astype(np.intp) + space._offsets()
        self.onehot: NDArray[np.float64] | None = None
        if self.n_levels <= max(64, 8 * space.n_issues):
            onehot = np.zeros((n1 - n0, self.n_levels))
            np.put_along_axis(onehot, self.flat, 1.0, axis=1)
            self.onehot = np.ascontiguousarray(onehot.T)

    def sums(self, weights: NDArray[np.float64]) -> NDArray[np.float64]:
        w = np.ascontiguousarray(weights.reshape(-1, self.n_levels))
        if self.onehot is not None:
            return np.asarray(w @ self.onehot, dtype=float)
        total = np.take(w, self.flat[:, 0], axis=1)
        for k in range(1, self.n_issues):
            total += np.take(w, self.flat[:, k], axis=1)
        return total


def _chunks(
    n_samples: int, n_outcomes: int, n_actors: int, n_levels: int, max_bytes: int
) -> tuple[int, int]:
    """Choose samples and outcomes per block so that temporaries stay under ``max_bytes``."""
    per_sample = 8 * n_actors * (max(n_outcomes, 1) + n_levels)
    samples = int(min(max(n_samples, 1), max(1, max_bytes // per_sample)))
    per_outcome = 8 * (n_levels + n_actors * samples)
    outcomes = int(min(max(n_outcomes, 1), max(1, max_bytes // per_outcome)))
    return samples, outcomes


def _utility_weights(
    prob: _Problem, a: int, b: int, p: int,
    values: NDArray[np.float64], issue: NDArray[np.intp],
) -> NDArray[np.float64]:
    """Return the per-level losses ``s_ik (|v - y_ik| / R_k)^p / sum_k s_ik``.

    Shape (b - a, n_actors, n_levels), for the samples ``a:b``.
    """
    space = prob.space
    ideals, sal = prob.first[a:b], prob.second[a:b]
    weights = np.abs(values - ideals[..., issue])
    weights /= (space.high - space.low)[issue]
    if p == 2:
        weights *= weights
    weights *= sal[..., issue]
    # an actor with no salient issue has zero weights: utility 1 everywhere
    denom = sal.sum(axis=-1)
    weights /= np.where(denom > 0, denom, 1.0)[..., None]
    return weights


def _product_reduce(
    parts: list[NDArray[Any]], op: np.ufunc, out: NDArray[Any]
) -> None:
    """Combine per-issue level tables over the product of the levels, in C order.

    ``parts[k]`` has shape (n_samples, n_actors, m_k); ``out`` (contiguous,
    shape (n_samples, n_actors, prod m_k)) receives
    ``op(... op(op(parts[-1], parts[-2]), ...), parts[0])`` at each outcome,
    built from the last issue backwards so that every step broadcasts one
    level value over a contiguous run of outcomes. The order of the
    operations is fixed, so the result does not depend on the block size.
    """
    n_s, n_a = out.shape[:2]
    acc = parts[-1]
    if len(parts) == 1:
        out[...] = acc
        return
    for k in range(len(parts) - 2, -1, -1):
        left = acc[:, :, None, :]
        right = parts[k][:, :, :, None]
        if k == 0:
            op(left, right, out=out.reshape(n_s, n_a, parts[0].shape[-1], -1))
        else:
            acc = op(left, right).reshape(n_s, n_a, -1)


def _fill_utilities(
    prob: _Problem, p: int, s0: int, s1: int, out: NDArray[np.float64], max_bytes: int
) -> None:
    """Write the utilities of samples ``s0:s1`` into ``out`` of shape (s1 - s0, n_actors, n).

    The per-level losses are divided by each actor's normaliser first. For a
    product space, ``1 - loss`` is then built issue by issue by broadcasting
    (:func:`_product_reduce`); otherwise one matrix product with the one-hot
    encoding gives the loss of a block of outcomes.
    """
    space = prob.space
    n = space.n_outcomes
    if n == 0:
        return
    values, issue = space._level_table()
    if space.is_product:
        # the largest temporary is 1/m_0 of the block's output
        per_sample = 8 * prob.n_actors * max(1, n // space.shape[0])
        samples = int(min(s1 - s0, max(1, max_bytes // per_sample)))
        split = space._offsets()[1:]
        for a in range(s0, s1, samples):
            b = min(s1, a + samples)
            weights = _utility_weights(prob, a, b, p, values, issue)
            parts = np.split(weights, split, axis=-1)
            parts[-1] = 1.0 - parts[-1]
            block = out[a - s0 : b - s0]
            _product_reduce(parts, np.subtract, block)
            _clip_below(block, weights, space)
        return
    samples, outcomes = _chunks(s1 - s0, n, prob.n_actors, values.size, max_bytes)
    for n0 in range(0, n, outcomes):
        n1 = min(n, n0 + outcomes)
        encoding = _Encoding(space, n0, n1)
        for a in range(s0, s1, samples):
            b = min(s1, a + samples)
            weights = _utility_weights(prob, a, b, p, values, issue)
            block = out[a - s0 : b - s0, :, n0:n1]
            np.subtract(1.0, encoding.sums(weights).reshape(block.shape), out=block)
            _clip_below(block, weights, space)


def _clip_below(
    block: NDArray[np.float64], weights: NDArray[np.float64], space: OutcomeSpace
) -> None:
    """Clip at 0 where rounding can push the utility of the farthest outcome a hair below 0."""
    if np.any(_largest_loss(weights, space) > 1.0 - 1e-9):
        np.maximum(block, 0.0, out=block)


def _largest_loss(weights: NDArray[np.float64], space: OutcomeSpace) -> NDArray[np.float64]:
    """Return the largest loss of each sample and actor: a sum of per-issue maxima."""
    offsets = space._offsets()
    per_issue = np.maximum.reduceat(weights, offsets, axis=-1)
    return np.asarray(per_issue.sum(axis=-1), dtype=float)


def _max_bytes(max_bytes: int, func: str) -> int:
    return check_int(max_bytes, "max_bytes", func, low=1)


def _loss(loss: str, func: str) -> int:
    if loss not in _EXPONENT:
        raise param_error("loss", func, "one of 'linear', 'quadratic'", repr(loss))
    return _EXPONENT[loss]


def utilities(
    points: OutcomeSpace | ArrayLike,
    ideals: ArrayLike,
    saliences: ArrayLike,
    *,
    scale_low: ArrayLike | None = None,
    scale_high: ArrayLike | None = None,
    loss: Loss = "linear",
    max_bytes: int = _DEFAULT_MAX_BYTES,
) -> NDArray[np.float64]:
    r"""Return the utility of every outcome for every actor.

    .. math::

        u_i(x) = 1 - \frac{\sum_k s_{ik}\, \left(|x_k - y_{ik}| / R_k\right)^p}{\sum_k s_{ik}},

    with :math:`p = 1` (``loss='linear'``) or :math:`p = 2`
    (``loss='quadratic'``) and :math:`R_k` the range of scale :math:`k`, so
    that :math:`u_i \in [0, 1]` and :math:`u_i = 1` at the ideal point. An
    actor whose saliences are all 0 gets utility 1 everywhere. Given a leading
    sample axis on ``ideals`` or ``saliences`` (or both), the utilities of all
    samples are computed together, block by block so that temporaries stay
    under ``max_bytes``; the result does not depend on the block size (up to
    floating-point rounding, about 1e-16).

    Parameters
    ----------
    points : OutcomeSpace or array_like of shape (n_outcomes, n_issues)
        The outcomes, in scale units.
    ideals : array_like of shape (n_actors, n_issues) or (n_samples, n_actors, n_issues)
        Each actor's ideal point, within the scales.
    saliences : array_like of shape (n_actors, n_issues) or (n_samples, n_actors, n_issues)
        Each actor's salience of each issue, in [0, 1] (0 where it takes no position).
    scale_low, scale_high : array_like of shape (n_issues,), optional
        The ends of each scale. Required when ``points`` is an array; default
        the space's bounds when it is an :class:`OutcomeSpace`.
    loss : {'linear', 'quadratic'}
        The exponent :math:`p` of the distance.
    max_bytes : int
        Upper bound on the memory of the temporaries of one block (the result
        itself is not counted).

    Returns
    -------
    ndarray of shape (n_outcomes, n_actors) or (n_samples, n_outcomes, n_actors)
        In [0, 1]; batched when ``ideals`` or ``saliences`` is.

    Raises
    ------
    ValueError
        If an array has the wrong shape or is not finite, an ideal point or an
        outcome lies outside its scale, a salience lies outside [0, 1], the
        sample counts differ, or ``loss`` is unknown.

    See Also
    --------
    iter_utilities : the same, one block of samples at a time.
    acceptable : which outcomes each actor can accept.

    References
    ----------
    .. [1] Enelow, J. M. and Hinich, M. J. (1984). *The Spatial Theory of
       Voting*. Cambridge University Press, ch. 2-3 (weighted spatial loss).

    Examples
    --------
    Two issues on [0, 100]; actor 0 wants (0, 0) and cares about the first issue
    three times as much as about the second:

    >>> U = utilities([[0, 0], [100, 0], [50, 100]], ideals=[[0, 0]],
    ...               saliences=[[0.75, 0.25]], scale_low=[0, 0], scale_high=[100, 100])
    >>> U[:, 0].tolist()
    [1.0, 0.25, 0.375]

    With a sample axis the result has one:

    >>> import numpy as np
    >>> sal = np.array([[[0.75, 0.25]], [[0.5, 0.5]]])
    >>> utilities([[50, 100]], [[0, 0]], sal, scale_low=[0, 0], scale_high=[100, 100]).shape
    (2, 1, 1)
    """
    func = "utilities"
    p = _loss(loss, func)
    max_bytes = _max_bytes(max_bytes, func)
    space = _as_space(points, scale_low, scale_high, func, need_scale=True)
    prob = _prepare(space, ideals, saliences, ("ideals", "saliences"), func)
    _check_utility_inputs(prob, func)
    out = np.empty((prob.n_samples, prob.n_actors, space.n_outcomes))
    _fill_utilities(prob, p, 0, prob.n_samples, out, max_bytes)
    return _outcomes_first(out, prob.batched)


def _outcomes_first(out: NDArray[Any], batched: bool) -> NDArray[Any]:
    """View an (n_samples, n_actors, n_outcomes) buffer as (n_samples, n_outcomes, n_actors)."""
    view = np.swapaxes(out, 1, 2)
    return view if batched else view[0]


def _fill_acceptable(
    prob: _Problem, s0: int, s1: int, out: NDArray[np.bool_], max_bytes: int
) -> None:
    space = prob.space
    n = space.n_outcomes
    if n == 0:
        return
    values, issue = space._level_table()

    def crossed(a: int, b: int) -> NDArray[np.bool_]:
        low, high = prob.first[a:b][..., issue], prob.second[a:b][..., issue]
        return np.asarray((values < low - _TOL) | (values > high + _TOL))

    if space.is_product:
        per_sample = prob.n_actors * max(1, n // space.shape[0])
        samples = int(min(s1 - s0, max(1, max_bytes // per_sample)))
        split = space._offsets()[1:]
        for a in range(s0, s1, samples):
            b = min(s1, a + samples)
            parts = np.split(~crossed(a, b), split, axis=-1)
            _product_reduce(parts, np.logical_and, out[a - s0 : b - s0])
        return
    samples, outcomes = _chunks(s1 - s0, n, prob.n_actors, values.size, max_bytes)
    for n0 in range(0, n, outcomes):
        n1 = min(n, n0 + outcomes)
        encoding = _Encoding(space, n0, n1)
        for a in range(s0, s1, samples):
            b = min(s1, a + samples)
            block = out[a - s0 : b - s0, :, n0:n1]
            counts = encoding.sums(crossed(a, b).astype(float))
            np.less(counts.reshape(block.shape), 0.5, out=block)


def _check_ranges(prob: _Problem, func: str) -> None:
    inverted = prob.first > prob.second + _TOL
    if inverted.any():
        where = tuple(np.argwhere(inverted)[0])
        raise param_error(
            "acceptable_high", func, "at least 'acceptable_low' everywhere",
            f"{float(prob.second[where]):g} < {float(prob.first[where]):g} for actor {where[1]} "
            f"on issue {where[2]}",
        )


def acceptable(
    points: OutcomeSpace | ArrayLike,
    acceptable_low: ArrayLike,
    acceptable_high: ArrayLike,
    *,
    max_bytes: int = _DEFAULT_MAX_BYTES,
) -> NDArray[np.bool_]:
    r"""Tell which outcomes each actor can accept.

    Outcome :math:`x` is acceptable to actor :math:`i` when
    :math:`l_{ik} \le x_k \le h_{ik}` on every issue :math:`k` (with a
    tolerance of 1e-9). Give the scale's ends for open bounds, e.g. from
    :func:`scenario_arrays`. Batched like :func:`utilities`.

    Parameters
    ----------
    points : OutcomeSpace or array_like of shape (n_outcomes, n_issues)
    acceptable_low, acceptable_high : array_like of shape (n_actors, n_issues) \
or (n_samples, n_actors, n_issues)
        The ends of each actor's acceptable range on each issue.
    max_bytes : int
        Upper bound on the memory of one block's temporaries.

    Returns
    -------
    ndarray of bool, shape (n_outcomes, n_actors) or (n_samples, n_outcomes, n_actors)

    Raises
    ------
    ValueError
        If an array has the wrong shape or is not finite, or a low end lies
        above its high end.

    References
    ----------
    .. [1] Raiffa, H. (1982). *The Art and Science of Negotiation*. Harvard
       University Press, ch. 4 (reservation values).

    Examples
    --------
    Actor 0 accepts at most 30 on the first issue (a red line), actor 1 anything:

    >>> acceptable([[0, 0], [50, 0]], acceptable_low=[[0, 0], [0, 0]],
    ...            acceptable_high=[[30, 100], [100, 100]]).tolist()
    [[True, True], [False, True]]
    """
    func = "acceptable"
    max_bytes = _max_bytes(max_bytes, func)
    space = _as_space(points, None, None, func, need_scale=False)
    prob = _prepare(space, acceptable_low, acceptable_high,
                    ("acceptable_low", "acceptable_high"), func)
    _check_ranges(prob, func)
    out = np.empty((prob.n_samples, prob.n_actors, space.n_outcomes), dtype=bool)
    _fill_acceptable(prob, 0, prob.n_samples, out, max_bytes)
    return _outcomes_first(out, prob.batched)


@dataclass(frozen=True, slots=True)
class UtilityChunk:
    """One block of samples from :func:`iter_utilities`.

    Attributes
    ----------
    start, stop : int
        The samples ``start:stop`` of the batch.
    utilities : ndarray of shape (stop - start, n_outcomes, n_actors)
    acceptable : ndarray of bool, shape (stop - start, n_outcomes, n_actors), or None
        Which outcomes each actor can accept, when acceptable ranges were given.
    """

    start: int
    stop: int
    utilities: NDArray[np.float64]
    acceptable: NDArray[np.bool_] | None

    def to_frame(self) -> pd.DataFrame:
        """Return the block in long form: one row per sample x outcome x actor.

        Returns
        -------
        pandas.DataFrame
            Columns ``sample, outcome, actor, utility`` (actor indices), and
            ``acceptable`` when known.
        """
        import pandas as pd

        n_s, n_o, n_a = self.utilities.shape
        s, o, a = np.indices((n_s, n_o, n_a)).reshape(3, -1)
        data: dict[str, Any] = {
            "sample": s + self.start, "outcome": o, "actor": a,
            "utility": self.utilities.reshape(-1),
        }
        if self.acceptable is not None:
            data["acceptable"] = self.acceptable.reshape(-1)
        return pd.DataFrame(data)


def iter_utilities(
    points: OutcomeSpace | ArrayLike,
    ideals: ArrayLike,
    saliences: ArrayLike,
    *,
    scale_low: ArrayLike | None = None,
    scale_high: ArrayLike | None = None,
    loss: Loss = "linear",
    acceptable_low: ArrayLike | None = None,
    acceptable_high: ArrayLike | None = None,
    chunk_size: int | None = None,
    max_bytes: int = _DEFAULT_MAX_BYTES,
) -> Iterator[UtilityChunk]:
    """Yield the utilities of a batch of samples, a block of samples at a time.

    For Monte Carlo callers: each block holds every outcome of ``chunk_size``
    samples (at least one), so a solution can be computed per sample before
    the next block is built. Unbatched inputs count as one sample. The blocks
    concatenate to :func:`utilities` of the whole batch.

    Parameters
    ----------
    points, ideals, saliences, scale_low, scale_high, loss
        As in :func:`utilities`.
    acceptable_low, acceptable_high : array_like, optional
        As in :func:`acceptable` (both or neither); each block then also
        carries the acceptability mask.
    chunk_size : int, optional
        Samples per block. Default: as many as fit in ``max_bytes`` (at
        least one).
    max_bytes : int
        Memory bound of one block's output when ``chunk_size`` is not given,
        and of its temporaries.

    Yields
    ------
    UtilityChunk

    Raises
    ------
    ValueError
        As :func:`utilities` and :func:`acceptable`, and if only one of the
        acceptable ends is given or the sample counts differ.

    Examples
    --------
    >>> import numpy as np
    >>> sal = np.full((5, 1, 1), 0.5)
    >>> [(c.start, c.stop) for c in iter_utilities([[0.0], [1.0]], [[0.0]], sal,
    ...     scale_low=[0], scale_high=[1], chunk_size=2)]
    [(0, 2), (2, 4), (4, 5)]
    """
    func = "iter_utilities"
    p = _loss(loss, func)
    max_bytes = _max_bytes(max_bytes, func)
    space = _as_space(points, scale_low, scale_high, func, need_scale=True)
    prob = _prepare(space, ideals, saliences, ("ideals", "saliences"), func)
    _check_utility_inputs(prob, func)
    ranges: _Problem | None = None
    if (acceptable_low is None) != (acceptable_high is None):
        missing = "acceptable_low" if acceptable_low is None else "acceptable_high"
        raise param_error(missing, func, "given together with the other acceptable end", "None")
    if acceptable_low is not None and acceptable_high is not None:
        ranges = _prepare(space, acceptable_low, acceptable_high,
                          ("acceptable_low", "acceptable_high"), func)
        _check_ranges(ranges, func)
        if ranges.n_actors != prob.n_actors:
            raise param_error(
                "acceptable_low", func, f"arrays for {prob.n_actors} actors",
                f"arrays for {ranges.n_actors}",
            )
    n_samples = prob.n_samples
    if ranges is not None and ranges.batched:
        if prob.batched and ranges.n_samples != n_samples:
            raise param_error(
                "acceptable_low", func, f"{n_samples} samples like 'ideals'/'saliences'",
                f"{ranges.n_samples} samples",
            )
        n_samples = ranges.n_samples
        shape = (n_samples, *prob.first.shape[1:])
        prob = _Problem(
            space, np.broadcast_to(prob.first, shape), np.broadcast_to(prob.second, shape), True
        )
    if chunk_size is None:
        per_sample = 9 * max(space.n_outcomes, 1) * prob.n_actors
        step = max(1, max_bytes // per_sample)
    else:
        step = check_int(chunk_size, "chunk_size", func, low=1)
    return _iter_blocks(prob, ranges, p, step, max_bytes)


def _iter_blocks(
    prob: _Problem, ranges: _Problem | None, p: int, step: int, max_bytes: int
) -> Iterator[UtilityChunk]:
    n, a = prob.space.n_outcomes, prob.n_actors
    shared: NDArray[np.bool_] | None = None
    for s0 in range(0, prob.n_samples, step):
        s1 = min(prob.n_samples, s0 + step)
        u = np.empty((s1 - s0, a, n))
        _fill_utilities(prob, p, s0, s1, u, max_bytes)
        mask: NDArray[np.bool_] | None = None
        if ranges is not None:
            if ranges.batched:
                mask = np.empty((s1 - s0, a, n), dtype=bool)
                _fill_acceptable(ranges, s0, s1, mask, max_bytes)
            else:
                if shared is None:
                    shared = np.empty((1, a, n), dtype=bool)
                    _fill_acceptable(ranges, 0, 1, shared, max_bytes)
                    shared.flags.writeable = False
                mask = np.broadcast_to(shared, (s1 - s0, a, n))
            mask = _outcomes_first(mask, True)
        yield UtilityChunk(s0, s1, _outcomes_first(u, True), mask)


# ----------------------------------------------------------- from a scenario


@dataclass(frozen=True, slots=True, eq=False)
class ScenarioArrays:
    """The numbers of a scenario as arrays, in a fixed actor and issue order.

    Actors are the scenario's parties in scenario order (or the order asked
    for), issues in scenario order (or the order asked for). Built by
    :func:`scenario_arrays`; every value is the point value of its
    :class:`positions.Estimate`.

    Attributes
    ----------
    actor_ids, issue_ids : tuple of str
    ideals : ndarray of shape (n_actors, n_issues)
        Ideal points; where an actor takes no position, the issue's status quo
        (it has salience 0 there, so the value does not matter).
    saliences : ndarray of shape (n_actors, n_issues)
        In [0, 1]; 0 where the actor takes no position.
    has_position : ndarray of bool, shape (n_actors, n_issues)
    capabilities : ndarray of shape (n_actors,)
    acceptable_low, acceptable_high : ndarray of shape (n_actors, n_issues)
        Each actor's acceptable range; the scale's ends where it is open or
        not given.
    scale_low, scale_high, status_quo : ndarray of shape (n_issues,)
    disagreement : ndarray of shape (n_actors,)
        The scenario's disagreement utilities, NaN where it gives none.
    """

    actor_ids: tuple[str, ...]
    issue_ids: tuple[str, ...]
    ideals: NDArray[np.float64]
    saliences: NDArray[np.float64]
    has_position: NDArray[np.bool_]
    capabilities: NDArray[np.float64]
    acceptable_low: NDArray[np.float64]
    acceptable_high: NDArray[np.float64]
    scale_low: NDArray[np.float64]
    scale_high: NDArray[np.float64]
    status_quo: NDArray[np.float64]
    disagreement: NDArray[np.float64]

    def __post_init__(self) -> None:
        for name in (
            "ideals", "saliences", "has_position", "capabilities", "acceptable_low",
            "acceptable_high", "scale_low", "scale_high", "status_quo", "disagreement",
        ):
            object.__setattr__(self, name, _readonly(np.asarray(getattr(self, name))))

    @property
    def n_actors(self) -> int:
        """Number of actors."""
        return len(self.actor_ids)

    @property
    def n_issues(self) -> int:
        """Number of issues."""
        return len(self.issue_ids)

    def status_quo_utilities(self, *, loss: Loss = "linear") -> NDArray[np.float64]:
        """Return each actor's utility of the status quo outcome.

        Parameters
        ----------
        loss : {'linear', 'quadratic'}

        Returns
        -------
        ndarray of shape (n_actors,)
        """
        point = self.status_quo[None, :]
        u = utilities(point, self.ideals, self.saliences, scale_low=self.scale_low,
                      scale_high=self.scale_high, loss=loss)
        return np.array(u[0], dtype=float)

    def disagreement_point(self, *, loss: Loss = "linear") -> NDArray[np.float64]:
        """Return the disagreement point: the scenario's value, else the status quo's utility.

        Where the scenario gives an actor's disagreement utility, that value is
        used; for the other actors, their utility of the status quo outcome
        (every issue at its status quo) under ``loss``.

        Parameters
        ----------
        loss : {'linear', 'quadratic'}

        Returns
        -------
        ndarray of shape (n_actors,)
        """
        given = ~np.isnan(self.disagreement)
        if given.all():
            return self.disagreement.copy()
        fallback = self.status_quo_utilities(loss=loss)
        return np.asarray(np.where(given, self.disagreement, fallback), dtype=float)

    def to_frame(self) -> pd.DataFrame:
        """Return the arrays as a tidy table, one row per actor x issue.

        Returns
        -------
        pandas.DataFrame
            Columns ``actor, issue, has_position, ideal, salience,
            acceptable_low, acceptable_high, capability``.
        """
        import pandas as pd

        a, k = np.indices((self.n_actors, self.n_issues)).reshape(2, -1)
        return pd.DataFrame({
            "actor": np.asarray(self.actor_ids, dtype=object)[a],
            "issue": np.asarray(self.issue_ids, dtype=object)[k],
            "has_position": self.has_position.reshape(-1),
            "ideal": self.ideals.reshape(-1),
            "salience": self.saliences.reshape(-1),
            "acceptable_low": self.acceptable_low.reshape(-1),
            "acceptable_high": self.acceptable_high.reshape(-1),
            "capability": self.capabilities[a],
        })


def _select_actors(scenario: Scenario, actors: Sequence[str] | None, func: str) -> list[str]:
    parties = [a.id for a in scenario.parties]
    if actors is None:
        if not parties:
            raise param_error("scenario", func, "a scenario with at least one party", "none")
        return parties
    if isinstance(actors, str):
        actors = [actors]
    chosen = list(actors)
    for ident in chosen:
        if ident not in parties:
            raise param_error(
                "actors", func, f"party ids of the scenario ({', '.join(parties)})", repr(ident)
            )
    if not chosen or len(set(chosen)) != len(chosen):
        raise param_error("actors", func, "a non-empty list of distinct party ids", repr(chosen))
    return chosen


def scenario_arrays(
    scenario: Scenario,
    *,
    actors: Sequence[str] | None = None,
    issues: Sequence[str] | None = None,
    _func: str = "scenario_arrays",
) -> ScenarioArrays:
    """Extract a scenario's ideal points, saliences, capabilities and ranges as arrays.

    Parameters
    ----------
    scenario : positions.Scenario
    actors : sequence of str, optional
        Party ids, in the order wanted (default: every party, in scenario order).
    issues : sequence of str, optional
        Issue ids, in the order wanted (default: every issue, in scenario order).

    Returns
    -------
    ScenarioArrays

    Raises
    ------
    ValueError
        If an actor is not a party of the scenario, an issue is unknown, or an
        id repeats.

    Examples
    --------
    >>> import positions
    >>> arrays = scenario_arrays(positions.load("ukraine-ceasefire-2025-05"))
    >>> arrays.ideals.shape == (arrays.n_actors, arrays.n_issues)
    True
    """
    actor_ids = _select_actors(scenario, actors, _func)
    chosen = _select_issues(scenario, issues, _func)
    n_a, n_k = len(actor_ids), len(chosen)
    scale_low = np.array([i.scale.low for i in chosen])
    scale_high = np.array([i.scale.high for i in chosen])
    status_quo = np.array([i.status_quo.value for i in chosen])
    ideals = np.tile(status_quo, (n_a, 1))
    saliences = np.zeros((n_a, n_k))
    has = np.zeros((n_a, n_k), dtype=bool)
    low = np.tile(scale_low, (n_a, 1))
    high = np.tile(scale_high, (n_a, 1))
    row = {a: i for i, a in enumerate(actor_ids)}
    col = {issue.id: k for k, issue in enumerate(chosen)}
    for pos in scenario.positions:
        if pos.actor not in row or pos.issue not in col:
            continue
        i, k = row[pos.actor], col[pos.issue]
        ideals[i, k] = pos.ideal.value
        saliences[i, k] = pos.salience.value
        has[i, k] = True
        if pos.acceptable is not None:
            if pos.acceptable.low is not None:
                low[i, k] = pos.acceptable.low.value
            if pos.acceptable.high is not None:
                high[i, k] = pos.acceptable.high.value
    capabilities = np.array([
        float(c.value) if (c := scenario.actor(a).capability) is not None else 0.0
        for a in actor_ids
    ])
    disagreement = np.full(n_a, np.nan)
    for point in scenario.disagreement:
        if point.actor in row:
            disagreement[row[point.actor]] = point.utility.value
    return ScenarioArrays(
        tuple(actor_ids), tuple(i.id for i in chosen), ideals, saliences, has, capabilities,
        low, high, scale_low, scale_high, status_quo, disagreement,
    )
