"""The browsable API reference at /api/docs: the OpenAPI schema rendered on the server as one plain page.

It replaces FastAPI's Swagger page, which loads its script and styles from a CDN (blank offline, and a
hole in the content-security policy). Here every operation is listed with its parameters, its body's
fields and constraints and its responses, from the same schema served at /api/openapi.json.
"""

from __future__ import annotations

from dataclasses import dataclass, field

METHODS = ("get", "post", "put", "patch", "delete")
CONSTRAINTS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength",
               "minItems", "maxItems", "pattern")


@dataclass
class Field:
    name: str
    type: str
    required: bool
    notes: str


@dataclass
class Operation:
    method: str
    path: str
    summary: str
    description: str
    parameters: list[Field] = field(default_factory=list)
    body: list[Field] = field(default_factory=list)
    body_name: str = ""
    responses: list[tuple[str, str]] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"{self.method}-{self.path}".replace("/", "-").replace("{", "").replace("}", "").strip("-")


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def _type(schema: dict) -> str:
    if "$ref" in schema:
        return _ref_name(schema["$ref"])
    if "anyOf" in schema:
        return " or ".join(_type(s) for s in schema["anyOf"])
    if "enum" in schema:
        return " | ".join(str(v) for v in schema["enum"])
    if "const" in schema:
        return repr(schema["const"])
    kind = schema.get("type", "any")
    if kind == "array":
        return f"list of {_type(schema.get('items', {}))}"
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return f"map of {_type(schema['additionalProperties'])}"
    if schema.get("format"):
        return f"{kind} ({schema['format']})"
    return kind


def _number(value) -> str:
    return f"{value:g}" if isinstance(value, float) and value.is_integer() and abs(value) < 1e15 else str(value)


def _notes(schema: dict) -> str:
    parts = []
    for option in [schema, *schema.get("anyOf", [])]:
        parts += [f"{c} {_number(option[c])}" for c in CONSTRAINTS if c in option]
    if "default" in schema:
        parts.append(f"default {schema['default']!r}")
    if schema.get("description"):
        parts.append(schema["description"])
    return "; ".join(parts)


def _fields(schema: dict, components: dict) -> list[Field]:
    if "$ref" in schema:
        schema = components.get(_ref_name(schema["$ref"]), {})
    required = set(schema.get("required", []))
    return [Field(name, _type(s), name in required, _notes(s)) for name, s in schema.get("properties", {}).items()]


def operations(spec: dict) -> list[Operation]:
    components = spec.get("components", {}).get("schemas", {})
    out = []
    for path, item in spec.get("paths", {}).items():
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            o = Operation(method.upper(), path, op.get("summary", ""), op.get("description", ""))
            for p in op.get("parameters", []):
                s = p.get("schema", {})
                o.parameters.append(Field(f"{p['name']} ({p.get('in', '')})", _type(s), p.get("required", False),
                                          _notes({**s, **({"description": p["description"]}
                                                          if p.get("description") else {})})))
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            if body:
                o.body_name = _type(body)
                o.body = _fields(body, components)
            o.responses = [(code, r.get("description", "")) for code, r in op.get("responses", {}).items()]
            out.append(o)
    return out
