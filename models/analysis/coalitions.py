"""Which parties bargain together: every coalition the main job tries, and the core.

:func:`bargaining_coalitions` bargains (:func:`models.bargain`) among all
parties, each leave-one-out coalition and each coalition a scenario declares
(``roles.coalitions``), and picks the *core*: all parties when they have a
ZOPA; else, of the coalitions holding every veto party (``roles.veto``) that
have one, the one leaving out the least capable parties. :func:`blockers`
names the parties without whom the others would have a ZOPA.
:func:`models.analyze` and :func:`models.explore` read them here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

import numpy as np

from models.bargaining.bargain import BargainResult, bargain

if TYPE_CHECKING:
    import pandas as pd

    from positions import Scenario

__all__ = ["bargaining_coalitions", "blockers", "empty_coalitions"]


def empty_coalitions() -> pd.DataFrame:
    """Return the empty table of coalitions of a scenario without issues.

    Returns
    -------
    pandas.DataFrame
        No rows; the columns of :func:`bargaining_coalitions`' table.
    """
    import pandas as pd

    return pd.DataFrame(columns=["coalition", "parties", "counts", "zopa", "frontier", "reason"])


def bargaining_coalitions(
    scenario: Scenario,
) -> tuple[pd.DataFrame, tuple[str, ...], dict[tuple[str, ...], BargainResult]]:
    """Bargain with all parties, each leave-one-out coalition and each declared one; pick the core.

    A coalition *counts* (may be the core) only when it holds every veto party
    (``roles.veto``; default every party, so then only all parties count). The
    core is all parties if they have a ZOPA at the point values; else, of the
    coalitions that count and have one, the one leaving out the least capable
    parties; else all parties.

    Parameters
    ----------
    scenario : Scenario

    Returns
    -------
    table : pandas.DataFrame
        One row per coalition: ``coalition, parties, left_out, counts, zopa,
        frontier, reason``.
    core : tuple of str
        The core parties.
    results : dict of tuple of str to BargainResult
        Each coalition's bargaining result, by its parties.

    Examples
    --------
    >>> import positions
    >>> table, core, results = bargaining_coalitions(positions.load("ukraine-ceasefire-2025-05"))
    >>> core, int(table.zopa.max()) > 0
    (('RUS', 'USA', 'UKR'), True)
    """
    import pandas as pd

    parties = [a.id for a in scenario.parties]
    veto = set(scenario.roles.veto) if scenario.roles.veto is not None else set(parties)
    groups: dict[tuple[str, ...], str] = {tuple(parties): "all parties"}
    if len(parties) > 2:
        for q in parties:
            groups.setdefault(tuple(p for p in parties if p != q), f"without {q}")
    for c in scenario.roles.coalitions:
        key = tuple(p for p in parties if p in c.parties)
        groups[key] = c.id if groups.get(key) is None else f"{groups[key]} ({c.id})"
    capability = {a.id: (a.capability.value if a.capability else 0.0) for a in scenario.parties}
    rows = []
    candidates: list[tuple[float, int, tuple[str, ...]]] = []
    results: dict[tuple[str, ...], BargainResult] = {}
    for order, (group, name) in enumerate(groups.items()):
        result = results[group] = bargain(scenario.with_parties(group))
        n_zopa = int(np.size(result.zopa))
        left_out = [p for p in parties if p not in group]
        missing = sorted(veto - set(group))
        rows.append(
            {
                "coalition": name,
                "parties": "+".join(group),
                "left_out": ", ".join(left_out),
                "counts": not missing,
                "zopa": n_zopa,
                "frontier": int(np.size(result.frontier)),
                "reason": "; ".join(
                    ([f"leaves out the veto part{'ies' if len(missing) > 1 else 'y'} "
                      f"{', '.join(missing)}"] if missing else [])
                    + ([] if n_zopa else [result.note or ""])
                ),
            }
        )
        if n_zopa and not missing:
            candidates.append((sum(capability[a] for a in left_out), order, group))
    core = min(candidates)[2] if candidates else tuple(parties)
    return pd.DataFrame(rows), core, results


def blockers(
    parties: tuple[str, ...], results: Mapping[tuple[str, ...], BargainResult]
) -> tuple[str, ...]:
    """Return the parties without whom the others have a ZOPA, when all parties have none.

    Parameters
    ----------
    parties : tuple of str
        All parties.
    results : mapping of tuple of str to BargainResult
        Bargaining results by coalition (as :func:`bargaining_coalitions` gives).

    Returns
    -------
    tuple of str
        Empty when all parties have a ZOPA.
    """
    if results[parties].zopa.size:
        return ()
    return tuple(
        q for q in parties
        if (rest := tuple(p for p in parties if p != q)) in results and results[rest].zopa.size
    )
