"""The Monte Carlo engine is a pure engine: models.uncertainty imports no model family."""

from __future__ import annotations

import ast
from pathlib import Path

import models.uncertainty

FAMILIES = ("bargaining", "spatial", "games", "gmcr", "war", "sweeps", "analysis")


def _imports(path: Path) -> set[str]:
    """Every module a source file imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def test_the_engine_imports_no_family() -> None:
    folder = Path(models.uncertainty.__file__).parent
    files = sorted(folder.glob("*.py"))
    assert len(files) >= 10
    for path in files:
        for module in _imports(path):
            parts = module.split(".")
            family = parts[1] if len(parts) > 1 and parts[0] == "models" else None
            assert family not in FAMILIES, f"{path.name} imports {module}"

