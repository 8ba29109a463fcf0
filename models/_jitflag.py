"""The ``STANCES_JIT`` switch shared by every optional compiled kernel (the ``fast`` extra)."""

from __future__ import annotations

from functools import lru_cache

__all__ = ["jit_allowed"]

_OFF = frozenset({"0", "false", "no", "off"})


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
