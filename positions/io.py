"""Reading scenario files safely, and the built-in scenarios.

Files are YAML (safe loader only: nothing in a file is ever executed) or JSON.
Every failure (a missing or empty file, a binary file, malformed YAML, wrong
types, out-of-range numbers, unknown references, a quote not in its source)
raises :class:`~positions.ScenarioError` naming the file, the path inside it
and the value. Reading never writes anything.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from positions._partial import rule_problems
from positions.errors import Problem, ScenarioError, problems_from_validation_error
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
_MAX_BYTES = 50 * 1024 * 1024


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
    return sorted(p.stem for p in _BUILTIN.glob("*.yaml"))


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
    path = _scenario_path(name_or_path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ScenarioError(
            [Problem("", f"cannot be read: {exc.strerror}")], file=str(name_or_path)
        ) from None
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    try:
        return parse_scenario_bytes(raw, fmt=fmt, base_dir=path.resolve().parent)
    except ScenarioError as exc:
        raise exc.with_file(str(name_or_path)) from None


def _scenario_path(name_or_path: str | Path) -> Path:
    """Return the file of a built-in scenario's name, or of a path, checking that it exists.

    Raises
    ------
    ScenarioError
        If there is no such file, or it is a folder.
    """
    if isinstance(name_or_path, str) and name_or_path in available():
        path = _BUILTIN / f"{name_or_path}.yaml"
    else:
        path = Path(name_or_path)
    display = str(name_or_path)
    if not path.exists():
        names = ", ".join(available())
        raise ScenarioError(
            [Problem("", f"no such file, and not a built-in scenario (built-in: {names})")],
            file=display,
        )
    if path.is_dir():
        raise ScenarioError([Problem("", "is a folder, not a scenario file")], file=display)
    return path


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
    path = _scenario_path(name_or_path)
    fmt = "json" if path.suffix.lower() == ".json" else "yaml"
    try:
        data = _parse_document(_decode(path.read_bytes()), fmt)
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
    except OSError as exc:
        raise ScenarioError(
            [Problem("", f"cannot be read: {exc.strerror}")], file=str(name_or_path)
        ) from None
    except ScenarioError as exc:
        raise exc.with_file(str(name_or_path)) from None


def parse_scenario_bytes(raw: bytes, *, fmt: str, base_dir: str | Path | None) -> Scenario:
    """Decode and parse the bytes of a scenario file; see :func:`parse_scenario_text`.

    Raises
    ------
    ScenarioError
        For binary, non-UTF-8, oversized or empty content, or an invalid scenario.
    """
    return parse_scenario_text(_decode(raw), fmt=fmt, base_dir=base_dir)


def _decode(raw: bytes) -> str:
    """Decode the bytes of a scenario file, refusing binary, non-UTF-8 or oversized ones."""
    if len(raw) > _MAX_BYTES:
        raise ScenarioError([Problem("", f"is {len(raw)} bytes, larger than any scenario")])
    if b"\x00" in raw:
        raise ScenarioError([Problem("", "is a binary file, not a YAML or JSON scenario")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            [Problem("", f"is not UTF-8 text (bad byte at offset {exc.start})")]
        ) from None


def _parse_document(text: str, fmt: str) -> Any:
    import yaml

    if not text.strip():
        raise ScenarioError([Problem("", "is empty")])
    if fmt == "json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise ScenarioError(
                [Problem("", f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]
            ) from None
    try:
        # The C loader when PyYAML has it (same safe semantics, much faster).
        return yaml.load(text, Loader=_yaml_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        message = f"malformed YAML{where}: {exc.problem}" + _yaml_hint(exc, text)
        raise ScenarioError([Problem("", message)]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem("", f"malformed YAML: {exc}")]) from None


def _yaml_loader() -> Any:
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


_FLOW_ADVICE = "quote the text or switch to block style"
"""What to do when one-line (flow) style breaks on free text."""


def _line(text: str, number: int) -> str:
    """Line ``number`` (from 0) of ``text``, stripped and shortened for a message."""
    lines = text.splitlines()
    line = lines[number].strip() if 0 <= number < len(lines) else ""
    return line if len(line) <= 100 else line[:97] + "..."


def _yaml_hint(exc: Any, text: str) -> str:
    """Explain a YAML parser error that free text in one-line style (or a colon) causes.

    A one-line ``{...}`` mapping or ``[...]`` list ends its text at a comma, and
    a colon, a quote or a bracket inside it breaks the parse; in block style a
    colon followed by a space starts a new key. Returns ``""`` for other errors.
    """
    context = str(exc.context or "")
    if "flow" in context and exc.context_mark is not None:
        start = exc.context_mark.line
        kind = "{...} mapping" if "mapping" in context else "[...] list"
        return (
            f" (in the one-line {kind} that starts on line {start + 1}: "
            f"{_line(text, start)!r}); free text with a comma, a colon, quotes or brackets "
            f"breaks one-line style: {_FLOW_ADVICE}"
        )
    if str(exc.problem).startswith("mapping values are not allowed") and exc.problem_mark:
        line = exc.problem_mark.line
        return (
            f" (line {line + 1}: {_line(text, line)!r}); a colon followed by a space inside "
            "unquoted text starts a new key: quote the text (\"...\") or write it as a "
            "block (>-)"
        )
    return ""


def _flow_splits(text: str) -> dict[str, int]:
    """Keys without a value in one-line ``{...}`` mappings: text cut at a comma, by line.

    In ``{quote: A will accept, nothing less}`` YAML reads ``nothing less`` as a
    key with no value. Returns each such key with its line (from 1).
    """
    import yaml

    try:
        root = yaml.compose(text, Loader=_yaml_loader())
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


def _resolve(name: str, dirs: list[Path]) -> Path | None:
    candidate = Path(name)
    if candidate.is_absolute():
        return candidate if candidate.is_file() else None
    for folder in dirs:
        if (folder / candidate).is_file():
            return folder / candidate
    return None


_INCLUDED = ("origins", "sources")
"""The lists an ``include`` file may hold, merged into the scenario's own."""


def _needs_text(item: Any) -> bool:
    """Tell whether ``item`` is a source that names a ``file`` but gives no ``text``."""
    return isinstance(item, dict) and bool(item.get("file")) and "text" not in item


def _read_include(name: Any, dirs: list[Path], problems: list[Problem]) -> dict[str, list[Any]]:
    """Return the lists of one ``include`` file, its sources' file texts read in.

    Problems are appended to ``problems``; a file that cannot be used gives no lists.
    """
    found = _resolve(str(name), dirs)
    if found is None:
        problems.append(
            Problem(
                "include",
                f"file {name!r} not found (looked in the "
                f"scenario's folder, its seeds/ and the shipped seeds)",
            )
        )
        return {}
    try:
        included = _parse_document(
            found.read_text(encoding="utf-8"), "json" if found.suffix == ".json" else "yaml"
        )
    except ScenarioError as exc:
        problems += [Problem(f"include[{name}]", p.message) for p in exc.problems]
        return {}
    if not isinstance(included, dict) or set(included) - set(_INCLUDED):
        problems.append(
            Problem(f"include[{name}]", "must be a mapping with only 'sources' and 'origins' lists")
        )
        return {}
    lists: dict[str, list[Any]] = {}
    for key in _INCLUDED:
        items = included.get(key, [])
        if not isinstance(items, list):
            problems.append(Problem(f"include[{name}].{key}", "must be a list"))
            continue
        where = f"include[{name}].{key}"
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
        return data, [Problem("include", f"must be a list of file names, got {includes!r}")]
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
    found = _resolve(str(item["file"]), dirs)
    label = item.get("id", item["file"])
    if found is None:
        problems.append(Problem(f"{where}[{label}].file", f"file {item['file']!r} not found"))
        return item
    try:
        text = found.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(f"{where}[{label}].file", f"cannot read {item['file']!r}: {exc}"))
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
    data = _parse_document(text, fmt)
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
