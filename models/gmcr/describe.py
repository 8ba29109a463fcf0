r"""A graph model in words and tables: states in options, moves as option changes.

In option form a state is a vector :math:`y \in \{0, 1\}^K` of taken options
(:mod:`models.gmcr.options`). :func:`describe` lists, for each state and
decision maker :math:`i`, the options :math:`\{k : y_k = 1, k \text{ owned by }
i\}`; :func:`move_text` says what a move :math:`y \to y'` changes: the options
with :math:`y_k = 0, y'_k = 1` are taken and those with :math:`y_k = 1, y'_k =
0` withdrawn (the reading of GMCR II's state tables; Fang et al. 2003a).
:func:`moves_frame` and :func:`states_frame` give the moves and the option
table in long form.

References
----------
Fang, L., Hipel, K. W., Kilgour, D. M., & Peng, X. (2003a). A decision support
system for interactive decision making, Part I: model formulation. *IEEE
Transactions on Systems, Man, and Cybernetics, Part C*, 33(1), 42-55.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

import numpy as np

from models._checks import param_error

if TYPE_CHECKING:
    import pandas as pd

    from models.gmcr.model import GraphModel

__all__ = ["describe", "move_text", "moves_frame", "states_frame"]


def _states_arg(model: GraphModel, states: int | Iterable[int] | None, func: str) -> list[int]:
    """Check state numbers given as one int or an iterable; default all."""
    if states is None:
        return list(range(1, model.n_states + 1))
    items = [states] if isinstance(states, int | np.integer) else list(states)
    out = []
    for s in items:
        if isinstance(s, bool) or not isinstance(s, int | np.integer) or not (
            1 <= s <= model.n_states
        ):
            raise param_error("states", func, f"state numbers in 1..{model.n_states}", repr(s))
        out.append(int(s))
    return out


def moves_frame(model: GraphModel) -> pd.DataFrame:
    """Return the unilateral moves as a tidy table.

    Parameters
    ----------
    model : GraphModel

    Returns
    -------
    pandas.DataFrame
        One row per unilateral move: ``decision_maker``, ``from_state``,
        ``to_state`` and ``improvement`` (whether the mover prefers the
        target).

    Examples
    --------
    >>> from models.gmcr import GraphModel
    >>> m = GraphModel.from_states(2, {"A": [(1, 2)], "B": [(2, 1)]},
    ...                            {"A": [0, 1], "B": [0, 1]})
    >>> moves_frame(m).improvement.tolist()
    [True, False]
    """
    import pandas as pd

    frames = []
    for i, pairs in enumerate(model.moves):
        up = model.payoffs[pairs[:, 1] - 1, i] > model.payoffs[pairs[:, 0] - 1, i]
        frames.append(
            pd.DataFrame(
                {
                    "decision_maker": model.decision_makers[i],
                    "from_state": pairs[:, 0].astype(int),
                    "to_state": pairs[:, 1].astype(int),
                    "improvement": up.astype(bool),
                }
            )
        )
    return pd.concat(frames, ignore_index=True)


def describe(model: GraphModel, states: int | Iterable[int] | None = None) -> pd.DataFrame:
    """Say in options what each state is: one row per state, one column per decision maker.

    Parameters
    ----------
    model : GraphModel
    states : int or iterable of int, optional
        State numbers (from 1); default every state.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``state``; for each decision maker the ids of the options it
        takes in that state, joined with ``", "`` (empty when it takes none).

    Raises
    ------
    ValueError
        If the model was built from states (it has no options), or a state is
        out of range.

    Examples
    --------
    >>> from models.gmcr import GraphModel
    >>> m = GraphModel.from_options(["A", "B"], {"A": ["a1", "a2"], "B": ["b"]},
    ...                             preferences={"A": ["a1"], "B": ["b"]})
    >>> describe(m, 4).to_dict("index")
    {4: {'A': 'a1, a2', 'B': ''}}
    """
    import pandas as pd

    func = "GraphModel.describe"
    chosen = _states_arg(model, states, func)
    if not model.options:
        raise ValueError(
            f"{func} needs a model built from options (GraphModel.from_options or "
            "from_scenario); this one was built from states and has none."
        )
    names = np.array(model.options, dtype=object)
    owners = np.array(model.option_owners, dtype=object)
    columns = {}
    for dm in model.decision_makers:
        mine = owners == dm
        columns[dm] = [", ".join(names[mine & model.states[s - 1]]) for s in chosen]
    return pd.DataFrame(columns, index=pd.Index(chosen, name="state"))


def move_text(model: GraphModel, from_state: int, to_state: int) -> str:
    """Say in options what changes from one state to another.

    Parameters
    ----------
    model : GraphModel
    from_state, to_state : int
        State numbers (from 1).

    Returns
    -------
    str
        ``"takes x, y; withdraws z"`` for a model built from options;
        ``"state a -> state b"`` for one built from states.

    Raises
    ------
    ValueError
        If a state is out of range.

    Examples
    --------
    >>> from models.gmcr import GraphModel
    >>> m = GraphModel.from_options(["A", "B"], {"A": ["a1", "a2"], "B": ["b"]},
    ...                             preferences={"A": ["a1"], "B": ["b"]})
    >>> move_text(m, 1, 4)
    'takes a1, a2'
    """
    func = "GraphModel.move_text"
    a, b = _states_arg(model, [from_state, to_state], func)
    if not model.options:
        return f"state {a} -> state {b}"
    names = np.array(model.options, dtype=object)
    before, after = model.states[a - 1], model.states[b - 1]
    parts = []
    taken, dropped = names[after & ~before], names[before & ~after]
    if taken.size:
        parts.append("takes " + ", ".join(taken))
    if dropped.size:
        parts.append("withdraws " + ", ".join(dropped))
    return "; ".join(parts) if parts else "no change"


def states_frame(model: GraphModel) -> pd.DataFrame:
    """Return which options each state takes (option form), as a tidy table.

    Parameters
    ----------
    model : GraphModel

    Returns
    -------
    pandas.DataFrame
        One row per state and option: ``state``, ``option``,
        ``decision_maker`` and ``taken``. Empty for a model built from states.

    Examples
    --------
    >>> from models.gmcr import GraphModel
    >>> m = GraphModel.from_options(["A", "B"], {"A": ["a"], "B": ["b"]},
    ...                             preferences={"A": ["a"], "B": ["b"]})
    >>> len(states_frame(m))
    8
    """
    import pandas as pd

    table = model.states
    n, k = table.shape
    return pd.DataFrame(
        {
            "state": np.repeat(np.arange(1, n + 1), k),
            "option": np.tile(np.array(model.options, dtype=object), n),
            "decision_maker": np.tile(np.array(model.option_owners, dtype=object), n),
            "taken": table.reshape(-1),
        }
    )
