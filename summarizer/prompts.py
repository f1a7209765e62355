"""Load and render the versioned prompt templates in ``prompts/``.

Each template starts with ``{#- version: N -#}``. The prompt version recorded in
every result is the templates' declared versions plus a short hash of the
templates and of the draft schema, so an edit that forgets to bump a version
still changes the recorded version (and invalidates caches).
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from pydantic import BaseModel

_VERSION = re.compile(r"\{#-?\s*version:\s*(\S+)\s*-?#\}")


@functools.lru_cache(maxsize=None)  # asked twice an article (prompt version); finding it costs 0.3 ms
def prompts_dir() -> Path:
    """The folder holding the templates: inside the wheel, or the repo's ``prompts/``."""
    packaged = Path(str(resources.files("summarizer"))) / "prompts"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "prompts"


@functools.lru_cache(maxsize=None)
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(prompts_dir())),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=False,
        autoescape=False,
    )


def template_source(name: str) -> str:
    return (prompts_dir() / name).read_text(encoding="utf-8")


def render(name: str, **context: Any) -> str:
    """Render one template (e.g. ``"task_speech.j2"``) with the given variables."""
    return _environment().get_template(name).render(**context).strip()


def version(names: list[str], *models: type[BaseModel]) -> str:
    """Recorded prompt version: declared versions plus a hash of templates and schemas."""
    digest = hashlib.sha256()
    declared = []
    for name in names:
        source = template_source(name)
        found = _VERSION.search(source)
        declared.append(f"{name.split('.')[0]}@{found.group(1) if found else '?'}")
        digest.update(source.encode())
    for model in models:
        digest.update(_schema_text(model).encode())
    return "+".join(declared) + "#" + digest.hexdigest()[:8]


@functools.lru_cache(maxsize=None)
def _schema_text(model: type[BaseModel]) -> str:
    # A model's schema is fixed once the class exists, but building it takes
    # milliseconds; the version is asked for on every article (cache keys).
    # Template sources are still read on every call, so their edits count.
    return json.dumps(model.model_json_schema(), sort_keys=True)


@functools.lru_cache(maxsize=None)
def field_guide(model: type[BaseModel]) -> str:
    """A compact, readable list of a model's fields, descriptions and allowed values.

    The schema's descriptions are the single source of this text: a small model
    reads a terse list far better than a JSON schema dump, and costs fewer
    prompt tokens.
    """
    schema = model.model_json_schema()
    defs = schema.get("$defs", {})
    lines: list[str] = []

    def walk(node: dict, prefix: str) -> None:
        for name, prop in node.get("properties", {}).items():
            prop = _resolve(prop, defs)
            item = _resolve(prop.get("items", {}), defs) if prop.get("type") == "array" else None
            target = item if item and "properties" in item else prop
            text = prop.get("description") or target.get("description") or ""
            values = _enum(prop, defs) or (item and _enum(item, defs))
            if values:
                text = (text + " " if text else "") + "One of: " + ", ".join(values) + "."
            kind = "list of objects" if item and "properties" in item else ""
            lines.append(f"- {prefix}{name}{' (' + kind + ')' if kind else ''}: {text}".rstrip(": "))
            if "properties" in target:
                walk(target, prefix + name + ("[]." if item else "."))

    walk(schema, "")
    return "\n".join(lines)


def _resolve(node: dict, defs: dict) -> dict:
    if "$ref" in node:
        return defs[node["$ref"].split("/")[-1]]
    for option in node.get("anyOf", []):
        if option.get("type") != "null":
            merged = {**_resolve(option, defs), **{k: v for k, v in node.items() if k != "anyOf"}}
            return merged
    return node


def _enum(node: dict, defs: dict) -> list[str]:
    node = _resolve(node, defs)
    return [str(v) for v in node.get("enum", [])]
