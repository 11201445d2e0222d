"""handbook schema: the JSON Schema of a department file, from the same models that validate it."""

from __future__ import annotations

import json
from typing import Any

from ..inputs.models import Department

SCHEMA_FILE = "department.schema.json"


def department_schema() -> dict[str, Any]:
    schema = Department.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Afdelingsfil til mentorordningens håndbog"
    schema["description"] = "content/departments/SLUG.yml: én afdelings personer, møder og lokale oplysninger"
    schema["properties"]["intro_responsible"].pop("minItems", None)
    return schema


def schema_text() -> str:
    return json.dumps(department_schema(), ensure_ascii=False, indent=2) + "\n"
