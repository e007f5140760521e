"""Check an API answer against the committed OpenAPI description (docs/openapi.yaml).

OpenAPI 3.0 schemas are JSON Schema with ``nullable``; each is turned into plain JSON Schema
(``nullable`` → also ``null``) and checked with ``jsonschema``, references resolved in the document.
"""

from __future__ import annotations

import copy
import functools
import re
from pathlib import Path

import jsonschema
import yaml
from django.conf import settings


@functools.cache
def document() -> dict:
    text = (Path(settings.BASE_DIR) / "docs" / "openapi.yaml").read_text(encoding="utf-8")
    return _plain(yaml.safe_load(text))


def _plain(node):
    if isinstance(node, list):
        return [_plain(item) for item in node]
    if not isinstance(node, dict):
        return node
    node = {key: _plain(value) for key, value in node.items()}
    if node.pop("nullable", False):
        return {"anyOf": [node, {"type": "null"}]}
    return node


def operation(path: str, method: str) -> dict:
    """The operation of a concrete URL path (``/api/plans/7/history/``) and method."""
    for template, item in document()["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and method.lower() in item:
            return item[method.lower()]
    raise AssertionError(f"{method.upper()} {path} is not in docs/openapi.yaml")


def response_schema(path: str, method: str, status: int) -> dict:
    responses = operation(path, method)["responses"]
    described = responses.get(str(status)) or responses.get("default")
    if described is None:
        raise AssertionError(f"{method.upper()} {path} answered {status}, which docs/openapi.yaml does not list")
    return described.get("content", {}).get("application/json", {}).get("schema", {})


def assert_matches_schema(response, *, method: str = "get") -> None:
    """The JSON body of ``response`` is what the committed schema says for its URL, method and status."""
    path = response.request["PATH_INFO"]
    schema = copy.deepcopy(response_schema(path, method, response.status_code))
    schema["components"] = document()["components"]
    jsonschema.validate(response.json(), schema)
