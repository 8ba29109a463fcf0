"""Lazy attributes of a package (PEP 562), so ``stances --help`` does not import numerics.

A package lists which module each public name lives in; the first access to a
name imports that module and caches the name in the package's namespace, so
later accesses are ordinary attribute reads. Subpackages named in
``submodules`` are imported on first access too (``models.games`` after a bare
``import models``). Type checkers see the names through the package's
``if TYPE_CHECKING:`` imports.

A public name may be spelt like a module of the package (``models.sweeps.sweep``
is a function and a module): importing the module makes Python set the
package's attribute to the module, so the package's module object refuses to
let a module replace a lazily named attribute, and the name keeps meaning what
the package exports, as it did when the package imported it eagerly.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable, Iterable, Mapping
from typing import Any

__all__ = ["lazy_attributes"]


def lazy_attributes(
    package: str,
    namespace: dict[str, Any],
    names: Mapping[str, str],
    submodules: Iterable[str] = (),
) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """Return the ``__getattr__`` and ``__dir__`` of a package with lazy attributes.

    Parameters
    ----------
    package : str
        The package's name (``__name__``).
    namespace : dict
        The package's ``globals()``; a name is cached there once imported.
    names : mapping of str to str
        For each public name, the module that defines it.
    submodules : iterable of str
        Subpackages or modules (relative names) imported on first access.

    Returns
    -------
    getattr, dir : callable
        To be bound as the package's ``__getattr__`` and ``__dir__``.

    Examples
    --------
    >>> ns = {}
    >>> get, _ = lazy_attributes("demo", ns, {"sqrt": "math"})
    >>> get("sqrt")(9.0), "sqrt" in ns
    (3.0, True)
    """
    subs = frozenset(submodules)
    module = sys.modules.get(package)
    if module is not None and type(module) is types.ModuleType:
        module.__class__ = _Guarded
        module.__dict__["_lazy_names"] = frozenset(names)

    def __getattr__(name: str) -> Any:
        if name in names:
            value = getattr(importlib.import_module(names[name]), name)
        elif name in subs:
            value = importlib.import_module(f"{package}.{name}")
        else:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        namespace[name] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(names) | subs)

    return __getattr__, __dir__


class _Guarded(types.ModuleType):
    """A package whose lazily named attributes are not replaced by same-named submodules."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and name in self.__dict__.get("_lazy_names", ()):
            return
        super().__setattr__(name, value)
