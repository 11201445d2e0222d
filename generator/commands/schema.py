"""handbook schema: the JSON Schema of a department file, from the same models that validate it."""

from __future__ import annotations

import json
from typing import Any

from ..inputs.languages import LOCALIZED
from ..inputs.models import Department

SCHEMA_FILE = "department.schema.json"


def department_schema() -> dict[str, Any]:
    schema = Department.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Afdelingsfil til mentorordningens håndbog"
    schema["description"] = "content/departments/SLUG.yml: én afdelings personer, møder og lokale oplysninger"
    schema["properties"]["intro_responsible"].pop("minItems", None)
    wrapped: set[int] = set()
    for path in LOCALIZED:
        _per_language(schema, schema, path, wrapped)
    return schema


def _per_language(schema: dict[str, Any], node: dict[str, Any], path: tuple[str, ...], wrapped: set[int]) -> None:
    """Let the text at `path` be written once or per language (inputs/languages.py), as the loader reads it."""
    for target in _resolved(schema, node):
        if path[0] == "*":
            _per_language(schema, target.get("items", {}), path[1:], wrapped)
            continue
        properties = target.get("properties", {})
        if path[0] not in properties:
            continue
        if len(path) > 1:
            _per_language(schema, properties[path[0]], path[1:], wrapped)
        elif id(properties[path[0]]) not in wrapped:
            properties[path[0]] = _either(properties[path[0]])
            wrapped.add(id(properties[path[0]]))


def _resolved(schema: dict[str, Any], node: dict[str, Any]) -> list[dict[str, Any]]:
    """The schemas `node` stands for: itself, its $ref's, or each of its anyOf's."""
    if "$ref" in node:
        return _resolved(schema, schema["$defs"][node["$ref"].rsplit("/", 1)[-1]])
    if "anyOf" in node:
        return [found for option in node["anyOf"] for found in _resolved(schema, option)]
    return [node]


def _either(text: dict[str, Any]) -> dict[str, Any]:
    one = {key: value for key, value in text.items() if key not in ("description", "title", "default")}
    per_language = {"type": "object", "minProperties": 1, "propertyNames": {"pattern": "^[a-z]{2}$"},
                    "additionalProperties": one, "description": "Teksten pr. sprog, fx {da: ..., en: ...}"}
    kept: dict[str, Any] = {key: text[key] for key in ("description", "title", "default") if key in text}
    return {**kept, "anyOf": [one, per_language]}


def schema_text() -> str:
    return json.dumps(department_schema(), ensure_ascii=False, indent=2) + "\n"
