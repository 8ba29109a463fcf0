"""House style for figures: one colour per actor in every figure, colour-blind safe.

Also the one rule every plot function follows for where it draws
(:func:`axes_or_new`): on the axes it is given, else on a new figure.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "OKABE_ITO",
    "TOL_MUTED",
    "actor_color",
    "actor_colors",
    "axes_or_new",
    "known_actor",
    "use_actor_colors",
]

OKABE_ITO = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#E69F00",  # orange
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#F0E442",  # yellow
    "#000000",  # black
)
"""The Okabe-Ito palette (Okabe and Ito 2008), safe for colour-blind readers."""

TOL_MUTED = (
    "#CC6677",  # rose
    "#332288",  # indigo
    "#DDCC77",  # sand
    "#117733",  # green
    "#88CCEE",  # cyan
    "#882255",  # wine
    "#44AA99",  # teal
    "#999933",  # olive
    "#AA4499",  # purple
)
"""Paul Tol's 'muted' qualitative palette (Tol 2021), also colour-blind safe."""

_OTHERS = OKABE_ITO[4:] + TOL_MUTED

_ASSIGNED: dict[str, str] = {}
"""Colours given to a scenario's actors by :func:`use_actor_colors`, in its order."""


def use_actor_colors(actor_ids: Iterable[str]) -> dict[str, str]:
    """Give these actors distinct colours, in this order, in every figure from now on.

    The first actors get the Okabe-Ito palette, then Paul Tol's muted palette
    (17 colour-blind-safe colours, then reused in turn). Call it with a
    scenario's actors (:func:`models.analyze` and the scenario plots do) so
    that the parties of one case never share a colour; it replaces the
    previous assignment.

    Parameters
    ----------
    actor_ids : iterable of str

    Returns
    -------
    dict of str to str
        The colour of each actor.

    Examples
    --------
    >>> use_actor_colors(["A", "B"])
    {'A': '#0072B2', 'B': '#D55E00'}
    >>> actor_color("B")
    '#D55E00'
    """
    palette = OKABE_ITO + TOL_MUTED
    ids = list(dict.fromkeys(actor_ids))
    _ASSIGNED.clear()
    _ASSIGNED.update({a: palette[k % len(palette)] for k, a in enumerate(ids)})
    return dict(_ASSIGNED)


def known_actor(actor_id: str) -> bool:
    """Tell whether ``actor_id`` was given a colour by :func:`use_actor_colors`.

    Examples
    --------
    >>> _ = use_actor_colors(["A"])
    >>> known_actor("A"), known_actor("Z")
    (True, False)
    """
    return actor_id in _ASSIGNED


def actor_color(actor_id: str) -> str:
    """Return the colour of an actor, the same in every figure.

    An actor of the scenario last passed to :func:`use_actor_colors` has its
    assigned colour (distinct within that scenario); any other id gets one of
    13 further colour-blind-safe colours (the rest of Okabe-Ito and Paul
    Tol's muted palette) chosen by a stable hash of the id, so it keeps its
    colour across figures. Two such ids can share a colour; pass explicit
    colours to a plot where that matters.

    Parameters
    ----------
    actor_id : str

    Returns
    -------
    str
        A hex colour.

    Examples
    --------
    >>> _ = use_actor_colors(["union", "city"])
    >>> actor_color("union")
    '#0072B2'
    >>> actor_color("X") == actor_color("X")
    True

    References
    ----------
    Okabe, M. and Ito, K. (2008). Color Universal Design. https://jfly.uni-koeln.de/color/
    Tol, P. (2021). Colour schemes. SRON technical note SRON/EPS/TN/09-002.
    """
    if actor_id in _ASSIGNED:
        return _ASSIGNED[actor_id]
    digest = int(hashlib.sha1(actor_id.encode("utf-8")).hexdigest(), 16)
    return _OTHERS[digest % len(_OTHERS)]


def actor_colors(actor_ids: Iterable[str]) -> dict[str, str]:
    """Return :func:`actor_color` for each id.

    Examples
    --------
    >>> _ = use_actor_colors(["union", "city"])
    >>> actor_colors(["union", "city"])
    {'union': '#0072B2', 'city': '#D55E00'}
    """
    return {a: actor_color(a) for a in actor_ids}


def axes_or_new(
    ax: Axes | None,
    size: tuple[float, float] | None = None,
    *,
    layout: Literal["constrained", "compressed", "tight"] | None = None,
) -> Axes:
    """Return ``ax``, or the axes of a new figure of this size when ``ax`` is None.

    Parameters
    ----------
    ax : matplotlib.axes.Axes or None
        The axes a plot function was given.
    size : tuple of float, optional
        Width and height of the new figure in inches (default: matplotlib's
        ``figure.figsize``).
    layout : {'constrained', 'compressed', 'tight'}, optional
        Layout engine of the new figure (default: matplotlib's).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> ax = axes_or_new(None, (4.0, 3.0))
    >>> ax.figure.get_size_inches().tolist()
    [4.0, 3.0]
    >>> axes_or_new(ax) is ax
    True
    """
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new_ax = plt.subplots(figsize=size, layout=layout)
    return new_ax
