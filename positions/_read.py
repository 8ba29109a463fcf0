"""Reading and parsing input files within fixed limits, for every loader of stances.

Every file stances reads on a user's behalf (a scenario, an ``include`` file, a
source's ``file``, a text searched by ``stances quote``, a sweep spec) goes
through :func:`read_capped`, and every YAML or JSON document through
:func:`parse_document`. Both raise :class:`~positions.ScenarioError` and
nothing else, so a loader has one error type to handle, with the file named.

The limits, and why:

* **Regular files only, at most** :data:`MAX_BYTES` **bytes.** The size is read
  with ``stat`` before the file is opened (a FIFO, a device or a folder is
  refused without opening it, so nothing blocks) and the read itself stops
  after ``MAX_BYTES + 1`` bytes, so a file that grows, or lies about its
  size, cannot pass the limit either.
* **YAML aliases may add at most** :data:`ALIAS_BUDGET` **nodes and
  characters.** Anchors and aliases are allowed (a scenario may reuse an
  uncertainty), but every alias counts the whole value it stands for, and the
  values aliases add up to are counted on the composed document, before any
  Python object is built. A "billion laughs" document is refused in
  microseconds instead of expanding to gigabytes. An alias inside the value
  it names (a recursive document) is refused too.
* **No duplicate keys.** YAML and JSON both keep the last of two equal keys
  silently; here the second one is an error naming its path and line.
* **At most** :data:`MAX_DEPTH` **levels of nesting** (YAML and JSON), so no
  later step can run out of stack.
* **Scalars that cannot be built** (a timestamp with month 13, an integer of
  5,000 digits) are errors naming their line, not a ``ValueError`` from deep
  inside the YAML library.

Only YAML's safe schema is used: nothing in a file is ever executed.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import yaml

from positions.errors import Problem, ScenarioError, short_repr, short_text

__all__ = [
    "ALIAS_BUDGET",
    "MAX_BYTES",
    "MAX_DEPTH",
    "decode",
    "is_regular_file",
    "parse_document",
    "read_capped",
]

MAX_BYTES = 50 * 1024 * 1024
"""The largest file read (50 MiB): far above any scenario, spec or article."""
ALIAS_BUDGET = 100_000
"""How many nodes and characters YAML aliases may add to a document in total."""
MAX_DEPTH = 100
"""The deepest nesting of mappings and lists a document may have."""

_KINDS = (
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


def _kind(mode: int) -> str | None:
    """Describe a file that is not a regular file, or None for a regular one."""
    if stat.S_ISREG(mode):
        return None
    return next((name for test, name in _KINDS if test(mode)), "not a regular file")


def _fail(message: str, display: str) -> ScenarioError:
    return ScenarioError([Problem("", message)], file=display)


def is_regular_file(path: str | Path) -> bool:
    r"""Tell whether ``path`` names a regular file, never raising.

    Unlike :meth:`pathlib.Path.is_file`, a name too long for the system or
    with a NUL byte gives False instead of an exception.

    Parameters
    ----------
    path : str or Path

    Returns
    -------
    bool

    Examples
    --------
    >>> is_regular_file("/"), is_regular_file("x" * 5000), is_regular_file("a\0b")
    (False, False, False)
    """
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def read_capped(
    path: str | Path, *, limit: int = MAX_BYTES, display: str | None = None,
    missing: str = "no such file", what: str = "regular file",
) -> bytes:
    """Read a regular file of at most ``limit`` bytes, checking before reading.

    The file is checked with ``stat`` (it must be a regular file no larger
    than ``limit``), opened without blocking, checked again on the open
    descriptor, and read with a cap of ``limit + 1`` bytes.

    Parameters
    ----------
    path : str or Path
        The file.
    limit : int, default MAX_BYTES
        The largest size accepted, in bytes.
    display : str, optional
        How the error names the file (default: ``path``).
    missing : str, default "no such file"
        The message when there is no such file.
    what : str, default "regular file"
        What the file should be, for the message about a folder or a device
        (``"is a folder, not a scenario file"``).

    Returns
    -------
    bytes
        The whole content.

    Raises
    ------
    ScenarioError
        If the file does not exist or cannot be opened, is a folder, a FIFO, a
        device or a socket, or holds more than ``limit`` bytes; the message
        names the file.

    Examples
    --------
    >>> read_capped("/dev/zero")
    Traceback (most recent call last):
    ...
    positions.errors.ScenarioError: /dev/zero: is a character device, not a regular file
    """
    display = str(path) if display is None else display
    try:
        kind = _kind(os.stat(path).st_mode)
    except FileNotFoundError:
        raise _fail(missing, display) from None
    except OSError as exc:
        raise _fail(f"cannot be read: {exc.strerror or exc}", display) from None
    except ValueError:  # a NUL byte in the name
        raise _fail("is not a valid file name", display) from None
    if kind is not None:
        raise _fail(f"is {kind}, not a {what}", display)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise _fail(f"cannot be read: {exc.strerror or exc}", display) from None
    try:
        info = os.fstat(fd)
        kind = _kind(info.st_mode)
        if kind is not None:  # replaced between the two checks
            raise _fail(f"is {kind}, not a {what}", display)
        if info.st_size > limit:
            raise _fail(f"is {info.st_size:,} bytes, more than the limit of {limit:,}", display)
        chunks: list[bytes] = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
    except OSError as exc:
        raise _fail(f"cannot be read: {exc.strerror or exc}", display) from None
    finally:
        os.close(fd)
    if remaining <= 0:
        raise _fail(f"holds more than the limit of {limit:,} bytes", display)
    return b"".join(chunks)


def decode(raw: bytes, *, what: str = "YAML or JSON scenario") -> str:
    """Decode the bytes of a text file, refusing binary, non-UTF-8 or oversized content.

    Parameters
    ----------
    raw : bytes
    what : str
        What the file should be, for the message about a binary file.

    Returns
    -------
    str
        The text, without a byte-order mark.

    Raises
    ------
    ScenarioError
        Without a file name (the caller adds it).

    Examples
    --------
    >>> decode(b"id: x")
    'id: x'
    """
    if len(raw) > MAX_BYTES:
        raise ScenarioError([Problem("", f"is {len(raw):,} bytes, more than the limit of "
                                         f"{MAX_BYTES:,}")])
    if b"\x00" in raw:
        raise ScenarioError([Problem("", f"is a binary file, not a {what}")])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ScenarioError(
            [Problem("", f"is not UTF-8 text (bad byte at offset {exc.start})")]
        ) from None


# ============================================================================ YAML
def yaml_loader() -> Any:
    """Return PyYAML's safe loader class (the C one when PyYAML has it)."""
    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _UnreadableScalar(yaml.constructor.ConstructorError):
    """A well-formed scalar that cannot be built (a timestamp with month 13)."""


def _checked(construct: Any) -> Any:
    """Wrap a scalar constructor so that a value it cannot build is a marked YAML error."""

    def build(self: Any, node: Any) -> Any:
        try:
            return construct(self, node)
        except yaml.YAMLError:
            raise
        except (ValueError, TypeError, AttributeError, OverflowError) as exc:
            tag = short_text(str(node.tag).rpartition(":")[2] or str(node.tag), 40)
            value = node.value if isinstance(node, yaml.ScalarNode) else f"<{node.id}>"
            article = "an" if tag[:1] in tuple("aeiou") else "a"
            detail = isinstance(exc, ValueError | OverflowError)  # not an internal AttributeError
            why = f" ({short_text(str(exc), 120)})" if detail else ""
            raise _UnreadableScalar(
                None, None, f"cannot read {short_repr(value)} as {article} {tag}{why}",
                node.start_mark,
            ) from None

    return build


_CHECKED_TAGS = ("int", "float", "timestamp", "binary")
"""The scalar tags whose constructors can fail on a well-formed value."""

_STRICT_LOADERS: dict[type, type] = {}


def _strict_loader() -> Any:
    """Return the safe loader whose scalar constructors report bad values with their line."""
    base = yaml_loader()
    if base not in _STRICT_LOADERS:
        loader: Any = type("StrictSafeLoader", (base,), {})
        for tag in _CHECKED_TAGS:
            full = f"tag:yaml.org,2002:{tag}"
            loader.add_constructor(full, _checked(base.yaml_constructors[full]))
        _STRICT_LOADERS[base] = loader
    return _STRICT_LOADERS[base]


def _weight(node: Any) -> int:
    """Count what one node adds to a document: 1, plus its characters for a scalar."""
    return 1 + len(node.value) if isinstance(node, yaml.ScalarNode) else 1


def _children(node: Any) -> list[Any]:
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def _label(node: Any, index: int) -> str:
    """Name a list item by its ``id`` (or ``actor/issue``), as error paths do."""
    if isinstance(node, yaml.MappingNode):
        keys = {k.value: v.value for k, v in node.value
                if isinstance(k, yaml.ScalarNode) and isinstance(v, yaml.ScalarNode)}
        if keys.get("id"):
            return short_text(keys["id"], 40)
        if keys.get("actor") and keys.get("issue"):
            return f"{short_text(keys['actor'], 40)}/{short_text(keys['issue'], 40)}"
    return str(index)


def _child_paths(node: Any, path: str) -> list[tuple[Any, str]]:
    """Each child of ``node`` with its path (``a.b[id]``); mapping keys reuse the parent's."""
    if isinstance(node, yaml.SequenceNode):
        return [(item, f"{path}[{_label(item, i)}]") for i, item in enumerate(node.value)]
    out: list[tuple[Any, str]] = []
    for key, value in node.value:
        name = short_text(key.value, 40) if isinstance(key, yaml.ScalarNode) else "?"
        out += [(key, path), (value, f"{path}.{name}" if path else name)]
    return out


def _duplicate_keys(node: Any, path: str) -> list[Problem]:
    seen: dict[tuple[str, str], int] = {}
    problems = []
    for key, _ in node.value:
        if not isinstance(key, yaml.ScalarNode):
            continue
        line = key.start_mark.line + 1
        first = seen.get((key.tag, key.value))
        if first is None:
            seen[(key.tag, key.value)] = line
        else:
            name = short_text(key.value, 40)
            problems.append(Problem(
                f"{path}.{name}" if path else name,
                f"duplicate key {short_repr(key.value, 40)} on line {line} (first on line "
                f"{first}); YAML would keep only the last one: remove or merge one of them",
            ))
    return problems


def _plainly_fine(root: Any) -> bool:
    """Tell whether a document needs no detailed check: no alias, no duplicate key, not deep.

    The common case, checked fast (no paths are built); a document with an
    alias, or with any problem, gets the detailed walk of :func:`check_nodes`.
    """
    mapping, scalar = yaml.MappingNode, yaml.ScalarNode
    seen: set[int] = {id(root)}
    stack = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if type(node) is mapping:
            keys = [(k.tag, k.value) for k, _ in node.value if type(k) is scalar]
            if len(set(keys)) != len(keys):
                return False
            children = [n for pair in node.value for n in pair]
        elif type(node) is scalar:
            continue
        else:
            children = node.value
        for child in children:
            if id(child) in seen:  # an alias
                return False
            seen.add(id(child))
            if type(child) is not scalar:
                if depth + 1 > MAX_DEPTH:
                    return False
                stack.append((child, depth + 1))
    return True


def check_nodes(root: Any) -> None:
    """Check a composed YAML document against the alias, depth and duplicate-key limits.

    One depth-first walk over the node graph: each distinct node is visited
    once, and the size and depth of what it expands to are computed from its
    children's, so the walk is linear in the file even for an alias bomb.

    Parameters
    ----------
    root : yaml.Node

    Raises
    ------
    ScenarioError
        For a recursive alias, aliases that add more than :data:`ALIAS_BUDGET`
        nodes and characters, nesting deeper than :data:`MAX_DEPTH`, or a
        duplicate key (all of those, with their paths).
    """
    if _plainly_fine(root):
        return
    size: dict[int, int] = {}
    height: dict[int, int] = {}
    active: set[int] = set()
    own = 0
    problems: list[Problem] = []
    stack: list[tuple[Any, str, int, bool]] = [(root, "", 1, False)]
    while stack:
        node, path, depth, done = stack.pop()
        key = id(node)
        kids = _children(node)
        if done:
            size[key] = min(_weight(node) + sum(size[id(c)] for c in kids), 10 * ALIAS_BUDGET)
            height[key] = 1 + max((height[id(c)] for c in kids), default=0) if kids else 0
            active.discard(key)
            continue
        if key in active:
            raise _node_error(node, path, "an alias refers to a value that contains it "
                                          "(a recursive document)")
        if key in size:  # a second use of an anchored value
            if depth - 1 + height[key] > MAX_DEPTH:
                raise _node_error(node, path, f"nested deeper than {MAX_DEPTH} levels")
            continue
        if depth > MAX_DEPTH:
            raise _node_error(node, path, f"nested deeper than {MAX_DEPTH} levels")
        own += _weight(node)
        active.add(key)
        stack.append((node, path, depth, True))
        if isinstance(node, yaml.MappingNode):
            problems += _duplicate_keys(node, path)
        if kids:
            stack += [(child, where, depth + 1, False)
                      for child, where in reversed(_child_paths(node, path))]
    if problems:
        raise ScenarioError(problems)
    extra = size[id(root)] - own
    if extra > ALIAS_BUDGET:
        raise ScenarioError([Problem("", (
            f"its aliases (*name) expand to more than {ALIAS_BUDGET:,} nodes and characters "
            "beyond those written in the file; write the values out, or use fewer aliases"))])


def _node_error(node: Any, path: str, message: str) -> ScenarioError:
    line = node.start_mark.line + 1 if node.start_mark is not None else None
    where = f" (line {line})" if line is not None else ""
    return ScenarioError([Problem(path, message + where)])


def load_yaml(text: str) -> Any:
    r"""Parse YAML text within the limits of this module.

    Parameters
    ----------
    text : str

    Returns
    -------
    Any
        The document's data (None for an empty document).

    Raises
    ------
    yaml.YAMLError
        For malformed YAML (the caller explains it).
    ScenarioError
        For a document over the limits, or with duplicate keys.

    Examples
    --------
    >>> load_yaml("a: &x [1, 2]\nb: *x")
    {'a': [1, 2], 'b': [1, 2]}
    """
    loader = _strict_loader()(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        check_nodes(node)
        return loader.construct_document(node)
    finally:
        loader.dispose()


# ============================================================================ JSON
class _DuplicateKeyError(ValueError):
    pass


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _DuplicateKeyError(key)
        out[key] = value
    return out


def _check_depth(data: Any) -> None:
    """Refuse data nested deeper than :data:`MAX_DEPTH`, naming where (an iterative walk)."""
    stack: list[tuple[Any, str, int]] = [(data, "", 1)]
    while stack:
        node, path, depth = stack.pop()
        if not isinstance(node, dict | list):
            continue
        if depth > MAX_DEPTH:
            raise ScenarioError([Problem(path, f"nested deeper than {MAX_DEPTH} levels")])
        if isinstance(node, dict):
            stack += [(v, f"{path}.{short_text(k, 40)}" if path else short_text(k, 40), depth + 1)
                      for k, v in node.items()]
        else:
            stack += [(v, f"{path}[{i}]", depth + 1) for i, v in enumerate(node)]


def load_json(text: str) -> Any:
    """Parse JSON text: no duplicate keys, at most :data:`MAX_DEPTH` levels.

    Raises
    ------
    ScenarioError
        For malformed JSON or a document over the limits.

    Examples
    --------
    >>> load_json('{"a": [1, 2]}')
    {'a': [1, 2]}
    """
    try:
        data = json.loads(text, object_pairs_hook=_pairs)
    except _DuplicateKeyError as exc:
        raise ScenarioError([Problem(
            short_text(exc.args[0], 40),
            "duplicate key: JSON would keep only the last one; remove or merge one of them",
        )]) from None
    except json.JSONDecodeError as exc:
        raise ScenarioError(
            [Problem("", f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}")]
        ) from None
    except RecursionError:
        raise ScenarioError([Problem("", f"nested deeper than {MAX_DEPTH} levels")]) from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise ScenarioError([Problem("", f"malformed JSON: {short_text(str(exc), 200)}")]) \
            from None
    _check_depth(data)
    return data


# ====================================================================== documents
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


def parse_document(text: str, fmt: str) -> Any:
    r"""Parse the text of a YAML or JSON file within the limits of this module.

    Parameters
    ----------
    text : str
    fmt : {'yaml', 'json'}

    Returns
    -------
    Any
        The document's data.

    Raises
    ------
    ScenarioError
        For empty or malformed text, or a document over the limits; without a
        file name (the caller adds it).

    Examples
    --------
    >>> parse_document("a: 1\na: 2", "yaml")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    positions.errors.ScenarioError: a: duplicate key 'a' on line 2 (first on line 1); ...
    """
    if not text.strip():
        raise ScenarioError([Problem("", "is empty")])
    if fmt == "json":
        return load_json(text)
    try:
        return load_yaml(text)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        if isinstance(exc, _UnreadableScalar):
            raise ScenarioError([Problem("", f"{where.strip()}: {exc.problem}")]) from None
        message = f"malformed YAML{where}: {exc.problem}" + _yaml_hint(exc, text)
        raise ScenarioError([Problem("", message)]) from None
    except yaml.YAMLError as exc:
        raise ScenarioError([Problem("", f"malformed YAML: {short_text(str(exc), 300)}")]) \
            from None
    except RecursionError:  # the pure-Python loader, without PyYAML's C extension
        raise ScenarioError([Problem("", f"nested deeper than {MAX_DEPTH} levels")]) from None
    except ScenarioError:  # over the limits (a ValueError too)
        raise
    except (ValueError, TypeError, AttributeError, OverflowError, KeyError) as exc:
        # a safety net: a constructor of PyYAML failing in a way not checked above
        raise ScenarioError([Problem("", f"cannot read the YAML: {short_text(str(exc), 200)}")]) \
            from None
