"""The optional compiled kernels (the ``fast`` extra): one switch and one way to compile.

``STANCES_JIT`` turns every compiled kernel off (``0``, ``false``, ``no``, ``off``);
:func:`compile_kernels` imports Numba, decides whether its disk cache can be used and falls back
to numpy (with one warning) when compiling fails; :func:`bind` gives a kernel its compiled
helpers. The kernel modules (``models/bargaining/_nash_jit.py``, ``models/games/_jit.py``,
``models/games/_vertex_jit.py``, ``models/spatial/_smp_jit.py``) only write the signatures.
"""

from __future__ import annotations

import os
import types
import warnings
from collections.abc import Callable
from functools import lru_cache
from typing import Any, TypeVar

__all__ = ["bind", "compile_kernels", "jit_allowed"]

_OFF = frozenset({"0", "false", "no", "off"})

T = TypeVar("T")


@lru_cache(maxsize=8)
def jit_allowed(flag: str | None) -> bool:
    """Whether a value of ``STANCES_JIT`` allows compiled kernels (anything but 0/false/no/off).

    Parameters
    ----------
    flag : str or None
        The variable's value (``os.environ.get("STANCES_JIT")``); None when unset.

    Returns
    -------
    bool

    Examples
    --------
    >>> jit_allowed(None), jit_allowed("1"), jit_allowed(" Off ")
    (True, True, False)
    """
    return flag is None or flag.strip().lower() not in _OFF


def compile_kernels(what: str, module_file: str, build: Callable[[Any, bool], T]) -> T | None:
    """Compile kernels with Numba, or return None so that the caller uses numpy.

    Parameters
    ----------
    what : str
        The kernels' name for the warning (``"the Nash kernel"``).
    module_file : str
        The kernel module's ``__file__``: Numba's disk cache is used when its folder is
        writable.
    build : callable
        ``build(numba, cache) -> kernels``: compiles with explicit signatures (so a Numba that
        cannot compile them fails here, not mid-run).

    Returns
    -------
    object or None
        What ``build`` returns; None when Numba is not installed (silently) or compiling
        fails (with a RuntimeWarning naming ``what``).

    Examples
    --------
    >>> compile_kernels("nothing", __file__, lambda numba, cache: "ok") in ("ok", None)
    True
    """
    try:
        import numba
    except Exception:  # not installed, or refusing this numpy version at import
        return None
    cache = os.access(os.path.dirname(os.path.abspath(module_file)), os.W_OK)
    try:
        return build(numba, cache)
    except Exception as exc:  # a Numba/LLVM problem: keep working with numpy
        warnings.warn(
            f"stances: Numba could not compile {what} ({exc!s:.200}); "
            "using the numpy implementation.",
            RuntimeWarning,
            stacklevel=3,
        )
        return None


def bind(
    func: Callable[..., Any], names: dict[str, Any], qualname: str | None = None
) -> Callable[..., Any]:
    """Return ``func`` with some of its globals replaced (its helpers by their compiled forms).

    Parameters
    ----------
    func : callable
        A plain Python kernel.
    names : dict of str to object
        Globals to replace, e.g. ``{"_gauss": compiled_gauss, "_RULE": 2}``.
    qualname : str, optional
        A name of its own (and so its own Numba disk-cache entry), for a kernel compiled
        several times with different bound constants.

    Returns
    -------
    callable

    Examples
    --------
    >>> def f():
    ...     return K
    >>> bind(f, {"K": 3})()
    3
    """
    env = dict(func.__globals__)
    env.update(names)
    name = qualname or func.__name__
    bound = types.FunctionType(func.__code__, env, name, func.__defaults__)
    bound.__qualname__ = qualname or func.__qualname__
    return bound
