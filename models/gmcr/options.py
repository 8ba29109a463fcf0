r"""Option form: a graph model from binary options and prioritised statements.

**Option form** (Howard's metagame form as used by GMCR II). Decision maker
:math:`i` controls binary options; a state is a feasible combination
:math:`y \in \{0, 1\}^K` of taken options (no *infeasible* statement holds at
it), and :math:`i` can move from :math:`s` to :math:`t \ne s` when the two
differ only in :math:`i`'s options and no changed option breaks its permitted
direction (an irreversible option can only be taken, ``"forward"``, or only be
withdrawn, ``"backward"``; Fang et al. 2003a). States are numbered from 1 in
increasing order of their decimal code :math:`\sum_k y_k 2^{k-1}`, option 1
being the first option of the first decision maker, as in GMCR II.

**Option prioritisation** (Fang et al. 2003a; Hipel et al. 1997). Decision
maker :math:`i` ranks statements :math:`\Omega_1, \dots, \Omega_q` (the grammar
of :func:`positions.parse_statement`) from most to least important, and the
score of state :math:`s` is

.. math:: \Psi_i(s) = \sum_{j=1}^{q} 2^{q-j} \, [\Omega_j \text{ holds at } s],

so a state that satisfies a statement beats every state that does not but
agrees on all more important statements.

:func:`option_form` builds the states, moves and payoffs in named steps: the
options, the feasible states, the directions, the payoffs, the moves, the
status quo; :meth:`GraphModel.from_options <models.gmcr.GraphModel.from_options>`
is its entry point.

References
----------
Fang, L., Hipel, K. W., Kilgour, D. M., & Peng, X. (2003a). A decision support
system for interactive decision making, Part I: model formulation. *IEEE
Transactions on Systems, Man, and Cybernetics, Part C*, 33(1), 42-55.

Hipel, K. W., Kilgour, D. M., Fang, L., & Peng, X. (1997). The decision support
system GMCR in environmental conflict management. *Applied Mathematics and
Computation*, 83(2-3), 117-152.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

import numpy as np
from numpy.typing import NDArray

from models._checks import param_error
from models.gmcr._common import short_repr
from positions import parse_statement

__all__ = ["Direction", "OptionForm", "option_form"]

Direction = Literal["forward", "backward"]
_MAX_OPTIONS = 20
_MAX_STATEMENTS = 62
_FUNC = "GraphModel.from_options"


class OptionForm(NamedTuple):
    """The parts of an option-form graph model, as :class:`GraphModel` holds them."""

    decision_makers: tuple[str, ...]
    payoffs: NDArray[np.float64]
    moves: tuple[NDArray[np.int32], ...]
    status_quo: int | None
    options: tuple[str, ...]
    option_owners: tuple[str, ...]
    states: NDArray[np.bool_]


@dataclass(frozen=True)
class _Statements:
    """Reads statements over the declared options and evaluates them on a state table."""

    options: tuple[str, ...]

    @property
    def index(self) -> dict[str, int]:
        return {o: k for k, o in enumerate(self.options)}

    def holds(self, text: Any, name: str, whose: str, table: NDArray[np.bool_]) -> Any:
        """Where statement ``text`` (argument ``name``) holds, one bool per row of ``table``."""
        if not isinstance(text, str):
            raise param_error(name, _FUNC, "statements given as strings",
                              f"{short_repr(text)}{whose}")
        try:
            expr = parse_statement(text)
        except ValueError as exc:
            raise param_error(name, _FUNC, "valid statements", f"{exc}{whose}") from None
        index = self.index
        unknown = sorted(expr.options() - set(index))
        if unknown:
            raise param_error(
                name, _FUNC, f"statements over the declared options ({', '.join(self.options)})",
                f"unknown option {unknown[0]!r} in statement {text!r}{whose}")
        return np.asarray(expr.evaluate(lambda o: table[:, index[o]]), dtype=bool)


# ------------------------------------------------------------------ the steps
def _decision_makers(decision_makers: Sequence[str]) -> tuple[str, ...]:
    dms = tuple(str(d) for d in decision_makers)
    if len(set(dms)) != len(dms) or len(dms) < 2:
        raise param_error("decision_makers", _FUNC, "at least two distinct ids",
                          short_repr(list(dms)))
    return dms


def _options(
    dms: tuple[str, ...], options: Mapping[str, Sequence[str]]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the option ids in code order and the decision maker owning each."""
    if not isinstance(options, Mapping):
        raise param_error("options", _FUNC, "a mapping of decision maker to option ids",
                          short_repr(options))
    for dm in options:
        if dm not in dms:
            raise param_error("options", _FUNC, f"options of the decision makers {list(dms)}",
                              f"options for unknown decision maker {dm!r}")
    opt_ids: list[str] = []
    owners: list[str] = []
    for dm in dms:
        own = [str(o) for o in options.get(dm, ())]
        if isinstance(options.get(dm), str) or not own:
            raise param_error("options", _FUNC,
                              "a non-empty list of option ids for each decision maker",
                              f"no options for {dm!r}" if not own else short_repr(options[dm]))
        opt_ids += own
        owners += [dm] * len(own)
    repeated = [o for o in opt_ids if opt_ids.count(o) > 1]
    if repeated:
        raise param_error("options", _FUNC, "unique option ids", f"{repeated[0]!r} twice")
    if len(opt_ids) > _MAX_OPTIONS:
        raise param_error("options", _FUNC, f"at most {_MAX_OPTIONS} options in all",
                          f"{len(opt_ids)} options")
    return tuple(opt_ids), tuple(owners)


def _feasible(
    table: NDArray[np.bool_], infeasible: Sequence[str], statements: _Statements
) -> NDArray[np.bool_]:
    """Which rows of the full option table no infeasible statement excludes."""
    if isinstance(infeasible, str):
        infeasible = [infeasible]
    feasible = np.ones(table.shape[0], dtype=bool)
    for text in infeasible:
        feasible &= ~statements.holds(text, "infeasible", "", table)
    if not feasible.any():
        raise param_error("infeasible", _FUNC, "statements that leave a feasible state",
                          "statements that exclude every state")
    return feasible


def _directions(
    irreversible: Mapping[str, Direction] | Sequence[str], opt_ids: tuple[str, ...]
) -> tuple[NDArray[np.bool_], NDArray[np.bool_]]:
    """Masks of the options that may only be taken and only be withdrawn."""
    forward_only = np.zeros(len(opt_ids), dtype=bool)
    backward_only = np.zeros(len(opt_ids), dtype=bool)
    items: Iterable[tuple[str, Any]]
    if isinstance(irreversible, Mapping):
        items = irreversible.items()
    elif isinstance(irreversible, str):
        items = [(irreversible, "forward")]
    else:
        items = [(str(o), "forward") for o in irreversible]
    for opt, direction in items:
        if opt not in opt_ids:
            raise param_error("irreversible", _FUNC,
                              f"ids of declared options ({', '.join(opt_ids)})",
                              f"unknown option {opt!r}")
        if direction not in ("forward", "backward"):
            raise param_error("irreversible", _FUNC, "'forward' or 'backward' for each option",
                              f"{direction!r} for {opt!r}")
        (forward_only if direction == "forward" else backward_only)[opt_ids.index(opt)] = True
    return forward_only, backward_only


def _ranked_statements(
    dms: tuple[str, ...], preferences: Mapping[str, Sequence[str]]
) -> list[Sequence[str]]:
    """Each decision maker's statements, most important first, checked."""
    if not isinstance(preferences, Mapping):
        raise param_error("preferences", _FUNC,
                          "a mapping of decision maker to ranked statements",
                          short_repr(preferences))
    for dm in preferences:
        if dm not in dms:
            raise param_error("preferences", _FUNC,
                              f"statements of the decision makers {list(dms)}",
                              f"statements for unknown decision maker {dm!r}")
    out = []
    for dm in dms:
        ranked = preferences.get(dm)
        if isinstance(ranked, str):
            ranked = [ranked]
        if not ranked:
            raise param_error("preferences", _FUNC,
                              "at least one statement for each decision maker",
                              f"none for {dm!r}")
        if len(ranked) > _MAX_STATEMENTS:
            raise param_error("preferences", _FUNC,
                              f"at most {_MAX_STATEMENTS} statements per decision maker",
                              f"{len(ranked)} for {dm!r}")
        out.append(ranked)
    return out


def _prioritised_payoffs(
    dms: tuple[str, ...],
    preferences: Mapping[str, Sequence[str]],
    states: NDArray[np.bool_],
    statements: _Statements,
) -> NDArray[np.float64]:
    r"""Option prioritisation: :math:`\Psi_i(s) = \sum_j 2^{q-j} [\Omega_j(s)]` per column."""
    columns = []
    for dm, ranked in zip(dms, _ranked_statements(dms, preferences), strict=True):
        q = len(ranked)
        score = np.zeros(states.shape[0], dtype=np.int64)
        for j, text in enumerate(ranked):
            holds = statements.holds(text, "preferences", f" of {dm!r}", states)
            score += holds.astype(np.int64) << (q - 1 - j)
        columns.append(score.astype(float))
    return np.column_stack(columns)


def _option_moves(
    own: NDArray[np.bool_],
    state_codes: NDArray[np.int64],
    lookup: NDArray[np.int32],
    forward_only: NDArray[np.bool_],
    backward_only: NDArray[np.bool_],
) -> NDArray[np.int32]:
    """Return the moves (from 1, sorted) that change only the options marked ``own``.

    States are numbered in increasing order of their codes and the targets of
    one state are built in increasing order of code, so the pairs come out
    sorted with no sort; one ``(n_states, 2**n_own)`` table of int32 targets
    is the largest temporary.
    """
    n = state_codes.size
    bit = np.int64(1) << np.arange(own.size, dtype=np.int64)
    fwd_mask = int((bit * forward_only).sum())
    bwd_mask = int((bit * backward_only).sum())
    own_bits = bit[own]
    mask = int(own_bits.sum())
    sub = ((np.arange(2 ** own_bits.size)[:, None] >> np.arange(own_bits.size)) & 1)
    own_codes = (sub * own_bits).sum(axis=1)
    rest = state_codes & ~mask
    mine = state_codes & mask
    tgt = np.empty((n, own_codes.size), dtype=np.int32)
    ok = np.empty((n, own_codes.size), dtype=bool)
    for c, code in enumerate(own_codes.tolist()):
        tgt[:, c] = lookup[rest | code]
        withdrawn = mine & ~code
        taken = ~mine & code
        ok[:, c] = (tgt[:, c] >= 0) & (mine != code)
        ok[:, c] &= (withdrawn & fwd_mask) == 0
        ok[:, c] &= (taken & bwd_mask) == 0
    pairs = np.empty((int(ok.sum()), 2), dtype=np.int32)
    pairs[:, 0] = np.repeat(np.arange(1, n + 1, dtype=np.int32), ok.sum(axis=1))
    pairs[:, 1] = tgt[ok]
    pairs[:, 1] += 1
    return pairs


def _status_quo_state(
    status_quo: Iterable[str] | None, opt_ids: tuple[str, ...], lookup: NDArray[np.int32]
) -> int | None:
    """Return the state (from 1) in which the status quo's options are taken."""
    if status_quo is None:
        return None
    chosen = [status_quo] if isinstance(status_quo, str) else list(status_quo)
    for opt in chosen:
        if opt not in opt_ids:
            raise param_error("status_quo", _FUNC,
                              f"ids of declared options ({', '.join(opt_ids)})",
                              f"unknown option {opt!r}")
    code = sum(1 << opt_ids.index(o) for o in set(chosen))
    if lookup[code] < 0:
        raise param_error("status_quo", _FUNC, "a feasible combination of options",
                          f"the infeasible combination {sorted(set(chosen))}")
    return int(lookup[code]) + 1


# -------------------------------------------------------------------- the form
def option_form(
    decision_makers: Sequence[str],
    options: Mapping[str, Sequence[str]],
    *,
    infeasible: Sequence[str] = (),
    irreversible: Mapping[str, Direction] | Sequence[str] = (),
    preferences: Mapping[str, Sequence[str]],
    status_quo: Iterable[str] | None = None,
) -> OptionForm:
    """Build the states, moves and payoffs of an option-form graph model.

    The arguments and errors are those of :meth:`GraphModel.from_options
    <models.gmcr.GraphModel.from_options>`, which wraps the result.

    Parameters
    ----------
    decision_makers : sequence of str
    options : mapping of str to sequence of str
    infeasible : sequence of str
    irreversible : mapping of str to {'forward', 'backward'} or sequence of str
    preferences : mapping of str to sequence of str
    status_quo : iterable of str, optional

    Returns
    -------
    OptionForm

    Raises
    ------
    ValueError
        As :meth:`GraphModel.from_options <models.gmcr.GraphModel.from_options>`.

    Examples
    --------
    >>> form = option_form(["A", "B"], {"A": ["a"], "B": ["b"]},
    ...                    infeasible=["a & b"], preferences={"A": ["a"], "B": ["-a", "b"]})
    >>> form.states.astype(int).tolist()
    [[0, 0], [1, 0], [0, 1]]
    >>> form.payoffs.tolist()
    [[0.0, 2.0], [1.0, 0.0], [0.0, 3.0]]
    """
    dms = _decision_makers(decision_makers)
    opt_ids, owners = _options(dms, options)
    statements = _Statements(opt_ids)
    codes = np.arange(2 ** len(opt_ids), dtype=np.int64)
    table = ((codes[:, None] >> np.arange(len(opt_ids))) & 1).astype(bool)
    feasible = _feasible(table, infeasible, statements)
    states, state_codes = table[feasible], codes[feasible]
    lookup = np.full(codes.size, -1, dtype=np.int32)
    lookup[state_codes] = np.arange(states.shape[0], dtype=np.int32)
    forward_only, backward_only = _directions(irreversible, opt_ids)
    payoffs = _prioritised_payoffs(dms, preferences, states, statements)
    owner = np.array(owners, dtype=object)
    moves = tuple(
        _option_moves(owner == dm, state_codes, lookup, forward_only, backward_only)
        for dm in dms
    )
    return OptionForm(
        decision_makers=dms,
        payoffs=payoffs,
        moves=moves,
        status_quo=_status_quo_state(status_quo, opt_ids, lookup),
        options=opt_ids,
        option_owners=owners,
        states=states,
    )
