"""Writing a scenario as YAML or JSON, and the JSON Schema of scenario files.

The serialising half of :class:`~positions.Scenario` (its ``to_dict``,
``to_yaml``, ``to_json`` and ``json_schema``); reading is :mod:`positions.io`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from positions.scenario import Scenario

__all__ = ["atomic_write", "file_schema", "to_dict", "write_json", "write_yaml"]


def to_dict(scenario: Scenario, *, embed_sources: bool = False) -> dict[str, Any]:
    """Return ``scenario`` as plain JSON-compatible data; see :meth:`Scenario.to_dict`."""
    data: dict[str, Any] = scenario.model_dump(mode="json", exclude_defaults=True)
    if not embed_sources:
        for source in data.get("sources", []):
            if source.get("file"):
                source.pop("text", None)
    return data


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so no half-written file remains."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def write_yaml(data: dict[str, Any], path: str | Path | None) -> str:
    """Return ``data`` as YAML, also written to ``path`` (atomically) when given."""
    import yaml

    text: str = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    if path is not None:
        atomic_write(Path(path), text)
    return text


def write_json(data: dict[str, Any], path: str | Path | None) -> str:
    """Return ``data`` as indented JSON, also written to ``path`` (atomically) when given."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if path is not None:
        atomic_write(Path(path), text + "\n")
    return text


def file_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """Adapt the Scenario model's JSON Schema to files (``file`` for ``text``, ``include``)."""
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    source = schema["$defs"]["Source"]
    source["required"] = [r for r in source.get("required", []) if r != "text"]
    source["anyOf"] = [{"required": ["text"]}, {"required": ["file"]}]
    schema["properties"]["include"] = {
        "type": "array",
        "items": {"type": "string"},
        "description": "Files (YAML or JSON) whose 'sources' and 'origins' are merged in.",
    }
    return schema
