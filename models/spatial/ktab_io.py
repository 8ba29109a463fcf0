r"""Readers for KTAB's SMP input files (CSV and XML).

KTAB's Spatial Model of Politics reads a scenario of :math:`n` actors on
:math:`m` dimensions: each actor's capability :math:`c_i > 0`, position
:math:`x_{ik} \in [0, 100]` and salience :math:`s_{ik} \in [0, 100]` with
:math:`\sum_k s_{ik} \le 100`. The readers return the arrays that
:func:`models.spatial.smp` takes: positions on the 0-100 scale, saliences as
fractions (:math:`s_{ik} / 100`, as KTAB divides them) and capabilities.

CSV layout (KTAB ``SMPModel::csvRead``)::

    scenario name, description, n_actors, n_dims
    Actor, Description, Power, Dim1, Sal1, Dim2, Sal2, ...
    name, description, capability, pos1, sal1, pos2, sal2, ...   (n_actors rows)

XML layout (KTAB ``SMPModel::xmlRead`` and ``smpSchema.xsd``): ``Scenario``
with ``name``, ``desc``, ``prngSeed``, an optional ``ModelParameters`` block
(nine KTAB switch names), ``Dimensions/dName``, ``Actors/Actor`` (``name``,
``description``, ``capability``, ``Position/dCoord``, ``Salience/dSal``) and an
optional ``IdealAdjustment`` list of ``iaPair`` (``adjustingIdeal``,
``referencePos``, ``adjust``) that sets entries of the accommodation matrix,
starting from the identity.

References
----------
.. [1] KAPSARC, KTAB, ``examples/smp/libsrc/smpread.cpp``,
   ``examples/smp/doc/smpSchema.xsd`` and the example inputs in
   ``examples/smp/doc/``, https://github.com/KAPSARC/KTAB
"""

from __future__ import annotations

import csv
import errno
import io
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from os import PathLike
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from models._repr import compact_repr
from models.spatial.smp import smp
from models.spatial.smp_params import _KTAB_NAMES, SMPParams

if TYPE_CHECKING:
    from models.spatial.smp import SMPResult

__all__ = ["KTABScenario", "read_ktab_csv", "read_ktab_xml"]

_MAX_ACTORS = 250  # KTAB Model::maxNumActor
_MIN_ACTORS = 3  # KTAB Model::minNumActor


@dataclass(frozen=True, slots=True)
class KTABScenario:
    """A KTAB SMP scenario read from a file.

    Attributes
    ----------
    name, description : str
    actor_names, actor_descriptions : tuple of str
    dimension_names : tuple of str
    positions : ndarray of shape (n_actors, n_dims)
        On KTAB's 0-100 scale.
    salience : ndarray of shape (n_actors, n_dims)
        Fractions: the file's percentages / 100.
    capability : ndarray of shape (n_actors,)
    accommodation : ndarray of shape (n_actors, n_actors) or None
        From an XML ``IdealAdjustment`` block (None: identity).
    params : SMPParams or None
        From an XML ``ModelParameters`` block (None: KTAB's defaults).
    seed : int or None
        The XML ``prngSeed`` (KTAB's own PRNG; recorded, not used by :func:`smp`).
    """

    __repr__ = compact_repr

    name: str
    description: str
    actor_names: tuple[str, ...]
    actor_descriptions: tuple[str, ...]
    dimension_names: tuple[str, ...]
    positions: NDArray[np.float64]
    salience: NDArray[np.float64]
    capability: NDArray[np.float64]
    accommodation: NDArray[np.float64] | None
    params: SMPParams | None
    seed: int | None

    def run(
        self,
        *,
        params: SMPParams | None = None,
        max_rounds: int = 100,
        rng: np.random.Generator | int | None = None,
    ) -> SMPResult:
        """Run :func:`models.spatial.smp` on this scenario.

        Parameters
        ----------
        params : SMPParams, optional
            Overrides the file's parameters (KTAB's defaults when both are None).
        max_rounds : int
        rng : numpy.random.Generator, int or None

        Returns
        -------
        SMPResult

        Examples
        --------
        >>> import pathlib, tempfile
        >>> text = '''s,d,3,1,
        ... Actor,Description,Power,Tax,Sal,
        ... A,a,100,10,50,
        ... B,b,60,50,40,
        ... C,c,80,90,60,
        ... '''
        >>> path = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
        >>> _ = path.write_text(text)
        >>> read_ktab_csv(path).run().positions.shape[1:]
        (3, 1)
        """
        return smp(
            self.positions, self.salience, self.capability,
            params=params if params is not None else self.params,
            accommodation=self.accommodation, max_rounds=max_rounds, rng=rng,
            actor_names=self.actor_names, dimension_names=self.dimension_names,
        )


def _bad(path: Path, problem: str) -> ValueError:
    return ValueError(f"{path}: not a valid KTAB SMP file: {problem}.")


def _read_bytes(path: Path) -> bytes:
    """Return the file's bytes, read as scenario files are (a regular file of at most 50 MiB).

    Raises
    ------
    FileNotFoundError
        No such file.
    ValueError
        A folder, a FIFO or a device (never opened for reading), or a file over the limit.
    """
    from positions import ScenarioError
    from positions._read import read_capped

    if not os.path.lexists(path):
        raise FileNotFoundError(errno.ENOENT, "No such file", str(path))
    try:
        return read_capped(path, what="KTAB file")
    except ScenarioError as exc:
        raise _bad(path, exc.problems[0].message) from None


def _number(text: str, path: Path, what: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise _bad(path, f"{what} must be a number, got {text!r}") from None
    if not np.isfinite(value):
        raise _bad(path, f"{what} must be finite, got {text!r}")
    return value


def _check_values(path: Path, names: list[str], pos: NDArray[np.float64],
                  sal: NDArray[np.float64], cap: NDArray[np.float64]) -> None:
    """KTAB's range checks: positions and saliences in [0, 100], total salience <= 100."""
    if len(set(names)) != len(names):
        raise _bad(path, "actor names must be distinct")
    for i, name in enumerate(names):
        if cap[i] <= 0:
            raise _bad(path, f"capability of actor {name!r} must be positive, got {cap[i]:g}")
        for k in range(pos.shape[1]):
            if not 0.0 <= pos[i, k] <= 100.0:
                raise _bad(path, f"position of actor {name!r} on dimension {k} must be in "
                                 f"[0, 100], got {pos[i, k]:g}")
            if not 0.0 <= sal[i, k] <= 100.0:
                raise _bad(path, f"salience of actor {name!r} on dimension {k} must be in "
                                 f"[0, 100], got {sal[i, k]:g}")
        total = float(np.sum(sal[i]))
        if total > 100.0:
            raise _bad(path, f"total salience of actor {name!r} must be at most 100, "
                             f"got {total:g}")
        if total <= 0.0:
            raise _bad(path, f"saliences of actor {name!r} are all zero")


def read_ktab_csv(path: str | PathLike[str]) -> KTABScenario:
    """Read a KTAB SMP scenario from a CSV file.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    KTABScenario
        With ``accommodation``, ``params`` and ``seed`` None (the CSV format
        has none of them).

    Raises
    ------
    ValueError
        A missing or malformed header, a wrong actor or dimension count,
        non-numeric fields, or values out of KTAB's ranges; the message names
        the file and the problem.
    FileNotFoundError
        No such file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "s.csv"
    >>> _ = path.write_text('''Scen,Test,3,1,
    ... Actor,Description,Power,Tax,Sal,
    ... A,first,100,10,50,
    ... B,second,60,50,40,
    ... C,third,80,90,60,
    ... ''')
    >>> s = read_ktab_csv(path)
    >>> s.actor_names, s.dimension_names, s.salience[:, 0].tolist()
    (('A', 'B', 'C'), ('Tax',), [0.5, 0.4, 0.6])

    References
    ----------
    .. [1] KTAB ``SMPModel::csvRead`` (``examples/smp/libsrc/smpread.cpp``).
    """
    path = Path(path)
    rows = _csv_rows(path)
    head = rows[0]
    n_act, n_dim = _csv_counts(path, head)
    header = rows[1]
    width = 3 + 2 * n_dim
    if len(header) != width:
        raise _bad(path, f"the column-header line must have {width} fields for {n_dim} "
                         f"dimension(s), got {len(header)}")
    dims = tuple(header[3 + 2 * k] for k in range(n_dim))
    body = rows[2:]
    if len(body) != n_act:
        raise _bad(path, f"declares {n_act} actors but has {len(body)} actor line(s)")
    names, descs, pos, sal, cap = _csv_actors(path, body, n_dim)
    _check_values(path, names, pos, sal, cap)
    return KTABScenario(
        name=head[0], description=head[1], actor_names=tuple(names),
        actor_descriptions=tuple(descs), dimension_names=dims, positions=pos,
        salience=sal / 100.0, capability=cap, accommodation=None, params=None, seed=None,
    )


def _csv_rows(path: Path) -> list[list[str]]:
    """Return the file's non-empty rows, fields stripped and trailing empty fields dropped."""
    try:
        text = _read_bytes(path).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _bad(path, f"not UTF-8 text (bad byte at offset {exc.start})") from None
    rows = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text, newline=""))]
    rows = [r[: max((i + 1 for i, c in enumerate(r) if c), default=0)] for r in rows]
    rows = [r for r in rows if r]
    if len(rows) < 2:
        raise _bad(path, "expected a scenario line and a column-header line")
    return rows


def _csv_counts(path: Path, head: list[str]) -> tuple[int, int]:
    """Return ``n_actors`` and ``n_dims`` from the scenario line, checked against KTAB's limits."""
    if len(head) < 4:
        raise _bad(path, "the first line must be 'name, description, n_actors, n_dims', "
                         f"got {len(head)} field(s)")
    try:
        n_act, n_dim = int(head[2]), int(head[3])
    except ValueError:
        raise _bad(path, f"n_actors and n_dims must be integers, got {head[2]!r}, {head[3]!r}"
                   ) from None
    if n_dim < 1:
        raise _bad(path, f"n_dims must be at least 1, got {n_dim}")
    if not _MIN_ACTORS <= n_act <= _MAX_ACTORS:
        raise _bad(path, f"n_actors must be in [{_MIN_ACTORS}, {_MAX_ACTORS}], got {n_act}")
    return n_act, n_dim


def _csv_actors(
    path: Path, body: list[list[str]], n_dim: int
) -> tuple[list[str], list[str], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Return the actors' names, descriptions, positions, saliences (percent), capabilities."""
    width = 3 + 2 * n_dim
    n_act = len(body)
    names, descs = [], []
    pos = np.zeros((n_act, n_dim))
    sal = np.zeros((n_act, n_dim))
    cap = np.zeros(n_act)
    for i, row in enumerate(body):
        if len(row) != width:
            raise _bad(path, f"actor line {i + 1} must have {width} fields, got {len(row)}")
        if not row[0]:
            raise _bad(path, f"actor line {i + 1} has no actor name")
        names.append(row[0])
        descs.append(row[1])
        cap[i] = _number(row[2], path, f"capability of actor {row[0]!r}")
        for k in range(n_dim):
            pos[i, k] = _number(row[3 + 2 * k], path, f"position of actor {row[0]!r}")
            sal[i, k] = _number(row[4 + 2 * k], path, f"salience of actor {row[0]!r}")
    return names, descs, pos, sal, cap


def _child(path: Path, parent: ET.Element, tag: str) -> ET.Element:
    el = parent.find(tag)
    if el is None:
        raise _bad(path, f"element <{parent.tag}> has no <{tag}>")
    return el


def _text(path: Path, el: ET.Element) -> str:
    text = (el.text or "").strip()
    if not text:
        raise _bad(path, f"element <{el.tag}> is empty")
    return text


def read_ktab_xml(path: str | PathLike[str]) -> KTABScenario:
    """Read a KTAB SMP scenario from an XML file.

    Parameters
    ----------
    path : str or path-like

    Returns
    -------
    KTABScenario
        ``params`` when the file has ``ModelParameters``, ``accommodation``
        when it has ``IdealAdjustment``, ``seed`` from ``prngSeed``.

    Raises
    ------
    ValueError
        Not XML, no ``Scenario`` root, missing or empty elements (KTAB also
        rejects an empty ``dCoord``), coordinate counts that do not match the
        dimensions, unknown parameter names, unknown actors in
        ``IdealAdjustment``, or values out of KTAB's ranges; the message names
        the file and the problem.
    FileNotFoundError
        No such file.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "s.xml"
    >>> actor = ('<Actor><name>{0}</name><description>x</description>'
    ...          '<capability>{1}</capability><Position><dCoord>{2}</dCoord></Position>'
    ...          '<Salience><dSal>50</dSal></Salience></Actor>')
    >>> _ = path.write_text('<Scenario><name>S</name><desc>D</desc><prngSeed>7</prngSeed>'
    ...     '<ModelParameters><VictoryProbModel>Square</VictoryProbModel>'
    ...     '<PCEModel>Conditional</PCEModel><StateTransitions>Deterministic</StateTransitions>'
    ...     '<VotingRule>Prop</VotingRule><BigRAdjust>Half</BigRAdjust><BigRRange>Mid</BigRRange>'
    ...     '<ThirdPartyCommit>SemiCommit</ThirdPartyCommit><InterVecBrgn>S2P2</InterVecBrgn>'
    ...     '<BargnModel>InitOnlyInterp</BargnModel></ModelParameters>'
    ...     '<Dimensions><dName>Tax</dName></Dimensions><Actors>'
    ...     + actor.format("A", 100, 10) + actor.format("B", 60, 50) + actor.format("C", 80, 90)
    ...     + '</Actors></Scenario>')
    >>> s = read_ktab_xml(path)
    >>> s.params.victory_prob, s.seed, s.positions[:, 0].tolist()
    ('square', 7, [10.0, 50.0, 90.0])

    References
    ----------
    .. [1] KTAB ``SMPModel::xmlRead`` (``examples/smp/libsrc/smpread.cpp``) and
       ``examples/smp/doc/smpSchema.xsd``.
    """
    path = Path(path)
    root = _xml_root(path)
    name, desc, seed = _xml_header(path, root)
    params = _xml_params(path, root)
    dims = tuple(_text(path, el) for el in _child(path, root, "Dimensions").findall("dName"))
    if not dims:
        raise _bad(path, "<Dimensions> has no <dName>")
    a_names, a_descs, pos, sal, cap = _xml_actors(path, root, len(dims))
    _check_values(path, a_names, pos, sal, cap)
    ia = root.find("IdealAdjustment")
    acc = None if ia is None else _xml_accommodation(path, ia, a_names)
    return KTABScenario(
        name=name, description=desc, actor_names=tuple(a_names),
        actor_descriptions=tuple(a_descs), dimension_names=dims, positions=pos,
        salience=sal / 100.0, capability=cap, accommodation=acc, params=params, seed=seed,
    )


def _xml_root(path: Path) -> ET.Element:
    """Return the ``Scenario`` root element of a KTAB XML file."""
    try:
        root = ET.fromstring(_read_bytes(path))
    except ET.ParseError as err:
        raise _bad(path, f"not well-formed XML ({err})") from None
    if root.tag != "Scenario":
        raise _bad(path, f"the root element must be <Scenario>, got <{root.tag}>")
    return root


def _xml_header(path: Path, root: ET.Element) -> tuple[str, str, int | None]:
    """Return the scenario's ``name``, ``desc`` (both optional) and ``prngSeed``."""
    name_el, desc_el, seed_el = root.find("name"), root.find("desc"), root.find("prngSeed")
    name = (name_el.text or "").strip() if name_el is not None else ""
    desc = (desc_el.text or "").strip() if desc_el is not None else ""
    if seed_el is None:
        return name, desc, None
    seed_text = _text(path, seed_el)
    if not seed_text.isdigit():
        raise _bad(path, f"prngSeed must be a non-negative integer, got {seed_text!r}")
    return name, desc, int(seed_text)


def _xml_params(path: Path, root: ET.Element) -> SMPParams | None:
    """Return the ``ModelParameters`` block (all nine switches), or None without one."""
    mp = root.find("ModelParameters")
    if mp is None:
        return None
    names = {}
    for elem, ktab, _ in _KTAB_NAMES.values():
        value = _text(path, _child(path, mp, elem))
        if value not in ktab:
            raise _bad(path, f"<{elem}> must be one of {list(ktab)}, got {value!r}")
        names[elem] = value
    return SMPParams.from_ktab(names)


def _xml_actors(
    path: Path, root: ET.Element, d: int
) -> tuple[list[str], list[str], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Return the actors' names, descriptions, positions, saliences (percent), capabilities."""
    actors = _child(path, root, "Actors").findall("Actor")
    if not _MIN_ACTORS <= len(actors) <= _MAX_ACTORS:
        raise _bad(path, f"the number of actors must be in [{_MIN_ACTORS}, {_MAX_ACTORS}], "
                         f"got {len(actors)}")
    n = len(actors)
    a_names, a_descs = [], []
    pos = np.zeros((n, d))
    sal = np.zeros((n, d))
    cap = np.zeros(n)
    for i, act in enumerate(actors):
        a_name = _text(path, _child(path, act, "name"))
        a_names.append(a_name)
        a_descs.append((_child(path, act, "description").text or "").strip())
        cap[i] = _number(_text(path, _child(path, act, "capability")), path,
                         f"capability of actor {a_name!r}")
        for block, tag, out in (("Position", "dCoord", pos), ("Salience", "dSal", sal)):
            out[i] = _xml_coords(path, act, block, tag, a_name, d)
    return a_names, a_descs, pos, sal, cap


def _xml_coords(
    path: Path, act: ET.Element, block: str, tag: str, a_name: str, d: int
) -> NDArray[np.float64]:
    """Return one actor's ``Position/dCoord`` or ``Salience/dSal`` values, one per dimension."""
    coords = _child(path, act, block).findall(tag)
    if len(coords) != d:
        raise _bad(path, f"<{block}> of actor {a_name!r} has {len(coords)} <{tag}>, "
                         f"expected {d}")
    return np.array([_number(_text(path, el), path, f"<{tag}> of actor {a_name!r}")
                     for el in coords])


def _xml_accommodation(path: Path, ia: ET.Element, a_names: list[str]) -> NDArray[np.float64]:
    """Return the accommodation matrix: the identity with the ``iaPair`` entries set."""
    acc = np.eye(len(a_names))
    for pair in ia.findall("iaPair"):
        who = _text(path, _child(path, pair, "adjustingIdeal"))
        ref = _text(path, _child(path, pair, "referencePos"))
        for actor_name in (who, ref):
            if actor_name not in a_names:
                raise _bad(path, f"<iaPair> names an unknown actor {actor_name!r}")
        rate = _number(_text(path, _child(path, pair, "adjust")), path, "<adjust>")
        if not 0.0 <= rate <= 1.0:
            raise _bad(path, f"<adjust> must be in [0, 1], got {rate:g}")
        acc[a_names.index(who), a_names.index(ref)] = rate
    rows = acc.sum(axis=1)
    if np.any(rows > 1.0 + 1e-10):
        worst = a_names[int(np.argmax(rows))]
        raise _bad(path, f"the adjustments of actor {worst!r} sum to {rows.max():g} > 1 "
                         "(the diagonal starts at 1)")
    return acc
