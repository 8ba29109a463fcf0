r"""Outcome spaces: the agreements a bargaining problem ranges over.

An *outcome* fixes a point on every issue's scale. With :math:`K` issues, issue
:math:`k` on the scale :math:`[a_k, b_k]` of range :math:`R_k = b_k - a_k`, an
:class:`OutcomeSpace` is either a finite set of points

.. math::

    X = V_1 \times V_2 \times \dots \times V_K, \qquad V_k \subset [a_k, b_k],

(the product of each issue's named options, or a grid of ``resolution`` points
per scale; outcomes are the rows of ``points``, in C order: the last issue
varies fastest), an arbitrary list of points, or the continuous box
:math:`\prod_k [a_k, b_k]` (bounds only). Each outcome takes one *level*
:math:`v \in V_k` on each issue (``codes``), which carries the option's label;
the utilities over a space (:mod:`models.outcomes.utilities`) are sums over
the issues of a function of these levels.

References
----------
.. [1] Enelow, J. M. and Hinich, M. J. (1984). *The Spatial Theory of Voting:
   An Introduction*. Cambridge University Press (outcomes as points of the
   issue space).
.. [2] Raiffa, H. (1982). *The Art and Science of Negotiation*. Harvard
   University Press (the issues' options and their packages).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from models._checks import check_array, check_int, param_error
from models.outcomes._coverage import AUTO_BUDGET, coarsen, issue_plan, level_names

if TYPE_CHECKING:
    import pandas as pd

    from positions import Scenario

__all__ = ["OutcomeSpace"]

SpaceKind = Literal["options", "grid", "levels", "points", "box"]

_TOL = 1e-9
_DEFAULT_MAX_OUTCOMES = 10**7


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
    notes : tuple of str
        For a space built from a scenario, how each issue is covered (see
        :meth:`describe`); empty otherwise.

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
    notes: tuple[str, ...] = ()

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
        kind: Literal["auto", "options", "grid", "box"] = "auto",
        resolution: int | None = None,
        issues: Sequence[str] | None = None,
        max_outcomes: int = _DEFAULT_MAX_OUTCOMES,
    ) -> OutcomeSpace:
        """Build the outcome space of a scenario's issues.

        Parameters
        ----------
        scenario : positions.Scenario
        kind : {'auto', 'options', 'grid', 'box'}
            ``'auto'`` (default): an issue with named options and no declared
            resolution ranges over its options (the author's menu); every
            other issue is bargained over its scale: a grid of evenly spaced
            points (``scenario.roles.points(issue)``, else ``resolution``,
            else 21 points, consecutive points 5 % of the scale apart), plus
            its named options and anchors, its status quo and every party's
            ideal point and acceptable bounds, so that a zone of agreement
            between grid points (say [9, 10] on a 0-20 scale) is found. When
            the product would exceed 1,000,000 outcomes, the default grids
            (not declared ones) are coarsened, to no fewer than 3 points, and
            :meth:`describe` says so. ``'options'`` (the earlier default): the
            product of each issue's named options; an issue without options
            uses its scale's anchors, or, without anchors, a grid.
            ``'grid'``: evenly spaced points on every scale (a point that
            coincides with an option or an anchor takes its label). ``'box'``:
            the continuous box of the scales.
        resolution : int, optional
            Grid points (>= 2) of every issue covered by a grid (with
            ``'auto'``, the issues without named options and those with a
            declared resolution). Default: the issue's declared resolution,
            else 21 (``'auto'``) or 11 (``'options'``, ``'grid'``, as before).
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
            the space exceeds ``max_outcomes`` (the message names its size).

        Examples
        --------
        >>> import positions
        >>> s = positions.load("ukraine-ceasefire-2025-05")
        >>> space = OutcomeSpace.from_scenario(s)
        >>> space.issue_ids == tuple(i.id for i in s.issues)
        True
        >>> space.kind  # every issue has named options: the product of the options
        'options'
        """
        func = "OutcomeSpace.from_scenario"
        if kind not in ("auto", "options", "grid", "box"):
            raise param_error("kind", func, "one of 'auto', 'options', 'grid', 'box'", repr(kind))
        if resolution is not None:
            resolution = check_int(resolution, "resolution", func, low=2)
        chosen = _select_issues(scenario, issues, func)
        lo = np.array([i.scale.low for i in chosen])
        hi = np.array([i.scale.high for i in chosen])
        ids_ = [i.id for i in chosen]
        if kind == "box":
            return cls.from_box(lo, hi, issue_ids=ids_)
        plan = [issue_plan(scenario, issue, kind, resolution) for issue in chosen]
        if kind == "auto":
            coarsen(plan, AUTO_BUDGET)
        levels = [p.values() for p in plan]
        labels: list[list[str]] = []
        short: list[list[str]] = []
        for issue, values in zip(chosen, levels, strict=True):
            ids_k, labels_k = level_names(issue, values)
            labels.append(labels_k)
            short.append(ids_k)
        max_outcomes = check_int(max_outcomes, "max_outcomes", func, low=1)
        shape = [v.size for v in levels]
        n = math.prod(shape)
        if n > max_outcomes:
            raise param_error(
                "resolution" if kind != "options" else "max_outcomes", func,
                f"small enough for at most max_outcomes={max_outcomes:,} outcomes "
                "(lower the resolution, choose fewer issues or raise max_outcomes)",
                f"{resolution if resolution is not None else max(p.grid for p in plan)}, "
                f"which gives {' x '.join(map(str, shape))} = {n:,} outcomes "
                f"({'; '.join(p.describe() for p in plan)})",
            )
        space_kind: SpaceKind = (
            "options" if kind == "auto" and all(p.grid == 0 for p in plan) else
            "levels" if kind == "auto" else kind
        )
        space = cls.from_levels(
            levels, issue_ids=ids_, labels=labels, ids=short, low=lo, high=hi,
            max_outcomes=max_outcomes, _kind=space_kind,
        )
        object.__setattr__(space, "notes", tuple(p.describe() for p in plan))
        return space

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

    def describe(self) -> str:
        """Say how the space covers each issue and how many outcomes it has.

        Returns
        -------
        str
            E.g. ``"wage 0-20 %: 21-point grid + 4 points (options, status quo,
            ideal points, bounds) = 25 levels; ... = 625 outcomes"``.

        Examples
        --------
        >>> OutcomeSpace.from_levels([[0, 1], [0, 5, 10]], issue_ids=["a", "b"]).describe()
        'a: 2 levels; b: 3 levels = 6 outcomes'
        """
        if self.kind == "box":
            return "; ".join(
                f"{k} [{lo:g}, {hi:g}]" for k, lo, hi in zip(self.issue_ids, self.low, self.high,
                                                           strict=True)
            ) + " (continuous box)"
        notes = self.notes or tuple(
            f"{k}: {v.size} levels" for k, v in zip(self.issue_ids, self.levels, strict=True)
        )
        return f"{'; '.join(notes)} = {self.n_outcomes:,} outcomes"

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
