"""Reading scenario files safely, and the built-in scenarios.

Files are YAML (safe loader only: nothing in a file is ever executed) or JSON.
Every failure (a missing or empty file, a binary file, malformed YAML, wrong
types, out-of-range numbers, unknown references, a quote not in its source)
raises :class:`~positions.ScenarioError` naming the file, the path inside it
and the value. Reading never writes anything.

Every file (the scenario, its ``include`` files and its sources' ``file``
texts) is read within the limits of :mod:`positions._read`: a regular file of
at most 50 MiB, checked before it is read; YAML aliases that add at most
100,000 nodes and characters; no duplicate keys; at most 100 levels of nesting.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from positions._partial import rule_problems
from positions._read import (
    _FLOW_ADVICE,
    decode,
    is_regular_file,
    parse_document,
    read_capped,
    yaml_loader,
)
from positions.errors import (
    Problem,
    ScenarioError,
    problems_from_validation_error,
    short_repr,
    short_text,
)
from positions.scenario import Scenario
from positions.sources import Source

__all__ = [
    "available",
    "load",
    "load_sources",
    "parse_scenario_data",
    "parse_scenario_text",
    "seeds_dir",
]

_HERE = Path(__file__).resolve().parent
_BUILTIN = _HERE / "scenarios"


def seeds_dir() -> Path:
    """Return the folder of the seed articles shipped with stances.

    Returns
    -------
    pathlib.Path
        ``positions/_seeds`` in an installed wheel, the repository's ``seeds/``
        in a source checkout.
    """
    packaged = _HERE / "_seeds"
    return packaged if packaged.is_dir() else _HERE.parent / "seeds"


def available() -> list[str]:
    """List the names of the built-in scenarios.

    The built-in scenarios are the YAML files of ``positions/scenarios/``: the news-based
    Ukraine case and cases coded from publications (see the README's list).

    Returns
    -------
    list of str
        Sorted.

    Examples
    --------
    >>> "ukraine-ceasefire-2025-05" in available()
    True
    """
    return sorted(p.stem for p in _BUILTIN.glob("*.yaml") if ".coder-" not in p.name)


def load(name_or_path: str | Path) -> Scenario:
    """Load a built-in scenario by name, or a scenario file by path.

    Parameters
    ----------
    name_or_path : str or Path
        A name from :func:`available`, or the path of a ``.yaml``, ``.yml`` or
        ``.json`` file.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        If the file cannot be read or the scenario is not valid; the message
        lists every problem with its path.

    Examples
    --------
    >>> s = load("ukraine-ceasefire-2025-05")
    >>> s.id
    'ukraine-ceasefire-2025-05'
    """
    path, raw = _read_scenario(name_or_path)
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    try:
        return parse_scenario_bytes(raw, fmt=fmt, base_dir=path.resolve().parent)
    except ScenarioError as exc:
        raise exc.with_file(str(name_or_path)) from None
    except RecursionError:  # a safety net: the limits on nesting should prevent it
        raise ScenarioError([Problem("", "nested too deeply to validate")],
                            file=str(name_or_path)) from None


def _read_scenario(name_or_path: str | Path) -> tuple[Path, bytes]:
    """Return the file of a built-in scenario's name, or of a path, and its bytes.

    Raises
    ------
    ScenarioError
        If there is no such file, it is not a regular file (a folder, a FIFO, a
        device) or it is larger than the limit.
    """
    if isinstance(name_or_path, str) and name_or_path in available():
        path = _BUILTIN / f"{name_or_path}.yaml"
    else:
        path = Path(name_or_path)
    names = ", ".join(available())
    raw = read_capped(
        path, display=str(name_or_path), what="scenario file",
        missing=f"no such file, and not a built-in scenario (built-in: {names})",
    )
    return path, raw


def load_sources(name_or_path: str | Path) -> tuple[Source, ...]:
    """Read the sources of a scenario, without validating the rest of it.

    For looking up an article's text in a scenario that does not validate yet
    (``stances quote``): ``include`` files and source ``file`` names are
    resolved as by :func:`load`, and only the sources are checked.

    Parameters
    ----------
    name_or_path : str or Path
        A name from :func:`available`, or the path of a scenario file.

    Returns
    -------
    tuple of Source
        In the scenario's order (included ones first).

    Raises
    ------
    ScenarioError
        If the file cannot be read, or a source is not valid.

    Examples
    --------
    >>> [s.id for s in load_sources("ukraine-ceasefire-2025-05")][:2]
    ['s000', 's001']
    """
    path, raw = _read_scenario(name_or_path)
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    try:
        data = parse_document(decode(raw), fmt)
        if not isinstance(data, dict):
            raise ScenarioError([Problem("", "must hold a mapping of scenario fields")])
        data, problems = _expand(data, path.resolve().parent)
        raw = data.get("sources", [])
        if not isinstance(raw, list):
            problems.append(Problem("sources", "must be a list"))
        if problems:
            raise ScenarioError(problems)
        try:
            return TypeAdapter(tuple[Source, ...]).validate_python(raw)
        except ValidationError as exc:
            found = problems_from_validation_error(exc, raw)
            raise ScenarioError([Problem(f"sources{p.path}", p.message) for p in found]) from None
    except ScenarioError as exc:
        raise exc.with_file(str(name_or_path)) from None


def parse_scenario_bytes(raw: bytes, *, fmt: str, base_dir: str | Path | None) -> Scenario:
    """Decode and parse the bytes of a scenario file; see :func:`parse_scenario_text`.

    Raises
    ------
    ScenarioError
        For binary, non-UTF-8, oversized or empty content, or an invalid scenario.
    """
    return parse_scenario_text(decode(raw), fmt=fmt, base_dir=base_dir)


def _flow_splits(text: str) -> dict[str, int]:
    """Keys without a value in one-line ``{...}`` mappings: text cut at a comma, by line.

    In ``{quote: A will accept, nothing less}`` YAML reads ``nothing less`` as a
    key with no value. Returns each such key with its line (from 1).
    """
    import yaml

    try:
        root = yaml.compose(text, Loader=yaml_loader())
    except yaml.YAMLError:
        return {}
    found: dict[str, int] = {}
    stack = [root] if root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if (node.flow_style and isinstance(key, yaml.ScalarNode)
                        and isinstance(value, yaml.ScalarNode)
                        and value.tag.endswith(":null") and value.value == ""
                        and not key.style):
                    found.setdefault(key.value, key.start_mark.line + 1)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack += node.value
    return found


def _with_flow_hints(exc: ScenarioError, text: str) -> ScenarioError:
    """Explain the unknown fields that are free text cut at a comma in one-line style."""
    if not any(p.message == "unknown field (value None)" for p in exc.problems):
        return exc
    splits = _flow_splits(text)
    problems = []
    for problem in exc.problems:
        key = problem.path.rpartition(".")[2]
        if problem.message == "unknown field (value None)" and key in splits:
            problem = Problem(
                problem.path,
                f"unknown field {key!r}: on line {splits[key]}, a comma in free text "
                f"inside a one-line {{...}} mapping cut the text before {key!r}; "
                f"{_FLOW_ADVICE}",
            )
        problems.append(problem)
    return ScenarioError(problems, file=exc.file)


def _search_dirs(base_dir: Path | None) -> list[Path]:
    dirs = []
    if base_dir is not None:
        dirs += [base_dir, base_dir / "seeds"]
    dirs.append(seeds_dir())
    return dirs


def _exists(path: Path) -> bool:
    """Tell whether something is at ``path`` (a file, a folder, a FIFO...), never raising."""
    try:
        return os.path.lexists(path)
    except (OSError, ValueError):
        return False


def _resolve(name: str, dirs: list[Path]) -> Path | None:
    """Find ``name`` in ``dirs`` (or as is, if absolute): a regular file first, else anything."""
    try:
        candidate = Path(name)
        found = [candidate] if candidate.is_absolute() else [d / candidate for d in dirs]
    except (OSError, ValueError):
        return None
    regular = next((p for p in found if is_regular_file(p)), None)
    return regular or next((p for p in found if _exists(p)), None)


_INCLUDED = ("origins", "sources")
"""The lists an ``include`` file may hold, merged into the scenario's own."""


def _needs_text(item: Any) -> bool:
    """Tell whether ``item`` is a source that names a ``file`` but gives no ``text``."""
    return isinstance(item, dict) and bool(item.get("file")) and "text" not in item


def _read_include(name: Any, dirs: list[Path], problems: list[Problem]) -> dict[str, list[Any]]:
    """Return the lists of one ``include`` file, its sources' file texts read in.

    Problems are appended to ``problems``; a file that cannot be used gives no lists.
    """
    found = _resolve(str(name), dirs) if isinstance(name, str) else None
    label = short_text(name, 60)
    if found is None:
        problems.append(
            Problem(
                "include",
                f"file {short_repr(name, 60)} not found (looked in the "
                f"scenario's folder, its seeds/ and the shipped seeds)",
            )
        )
        return {}
    try:
        included = parse_document(
            decode(read_capped(found), what="YAML or JSON file"),
            "json" if found.suffix == ".json" else "yaml",
        )
    except ScenarioError as exc:
        problems += [
            Problem(f"include[{label}]" + (f".{p.path}" if p.path else ""), p.message)
            for p in exc.problems
        ]
        return {}
    if not isinstance(included, dict) or set(included) - set(_INCLUDED):
        problems.append(
            Problem(f"include[{label}]",
                    "must be a mapping with only 'sources' and 'origins' lists")
        )
        return {}
    lists: dict[str, list[Any]] = {}
    for key in _INCLUDED:
        items = included.get(key, [])
        if not isinstance(items, list):
            problems.append(Problem(f"include[{label}].{key}", "must be a list"))
            continue
        where = f"include[{label}].{key}"
        lists[key] = [
            _with_text(item, [found.parent, *dirs], where, problems) if _needs_text(item) else item
            for item in items
        ]
    return lists


def _expand(data: dict[str, Any], base_dir: Path | None) -> tuple[dict[str, Any], list[Problem]]:
    """Merge ``include`` files and read source ``file`` texts into ``data``."""
    problems: list[Problem] = []
    data = dict(data)
    dirs = _search_dirs(base_dir)
    includes = data.pop("include", [])
    if isinstance(includes, str):
        includes = [includes]
    if not isinstance(includes, list):
        return data, [
            Problem("include", f"must be a list of file names, got {short_repr(includes, 60)}")
        ]
    merged: dict[str, list[Any]] = {key: [] for key in _INCLUDED}
    for name in includes:
        for key, items in _read_include(name, dirs, problems).items():
            merged[key] += items
    for key, items in merged.items():
        own = data.get(key, [])
        if items:
            data[key] = items + (own if isinstance(own, list) else [])
    sources = data.get("sources")
    if isinstance(sources, list):
        data["sources"] = [
            _with_text(s, dirs, "sources", problems) if _needs_text(s) else s for s in sources
        ]
    return data, problems


def _with_text(item: dict[str, Any], dirs: list[Path], where: str, problems: list[Problem]) -> Any:
    name = item["file"]
    found = _resolve(name, dirs) if isinstance(name, str) else None
    label = short_text(item.get("id", name), 60)
    if found is None:
        problems.append(Problem(f"{where}[{label}].file", f"file {short_repr(name, 60)} not found"))
        return item
    try:
        raw = read_capped(found)
        text = raw.decode("utf-8")
    except ScenarioError as exc:
        problems.append(Problem(f"{where}[{label}].file",
                                f"cannot read {short_repr(name, 60)}: {exc.problems[0].message}"))
        return item
    except UnicodeDecodeError as exc:
        problems.append(Problem(f"{where}[{label}].file", f"cannot read {short_repr(name, 60)}: "
                                f"not UTF-8 text (bad byte at offset {exc.start})"))
        return item
    return {**item, "text": text}


def parse_scenario_text(
    text: str, *, fmt: str = "yaml", base_dir: str | Path | None = None
) -> Scenario:
    """Parse and validate the text of a scenario file.

    Parameters
    ----------
    text : str
        YAML or JSON text.
    fmt : {'yaml', 'json'}
    base_dir : str or Path, optional
        Folder against which ``include`` and source ``file`` names resolve.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        With every problem and its path.
    """
    data = parse_document(text, fmt)
    try:
        return parse_scenario_data(data, base_dir=base_dir)
    except ScenarioError as exc:
        if fmt == "json":
            raise
        raise _with_flow_hints(exc, text) from None


def parse_scenario_data(data: Any, *, base_dir: str | Path | None = None) -> Scenario:
    """Validate raw scenario data (as read from YAML or JSON, or built in Python).

    Parameters
    ----------
    data : Any
        Should be a mapping of scenario fields; ``include`` and source ``file``
        names are resolved as for files.
    base_dir : str or Path, optional
        Folder against which ``include`` and source ``file`` names resolve.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        With every problem and its path.
    """
    if not isinstance(data, dict):
        kind = type(data).__name__ if data is not None else "nothing"
        raise ScenarioError([Problem("", f"must hold a mapping of scenario fields, not {kind}")])
    base = Path(base_dir) if base_dir is not None else None
    data, problems = _expand(data, base)
    if problems:
        raise ScenarioError(problems)
    try:
        return Scenario.model_validate(data)
    except ValidationError as exc:
        problems = problems_from_validation_error(exc, data)
        if any(err["loc"] for err in exc.errors()):  # field errors: the rules did not run
            problems += rule_problems(data, exc)
        raise ScenarioError(problems) from None
