"""Form fields named by the API's own pointers (``goods_items[0].hs_code``), so that validation
errors land next to the field that caused them and one parser serves every form."""

import re
from collections.abc import Iterable
from typing import Any

from smartcustoms.errors import FieldError, InvalidDeclarationError

_STEP = re.compile(r"(?P<key>[a-z][a-z_]*)(?:\[(?P<index>\d{1,3})\])?")
MAX_FIELDS = 4000
"""A declaration has at most 999 goods items of eight fields each, plus its header."""


def _steps(name: str) -> list[tuple[str, int | None]]:
    steps = []
    for part in name.split("."):
        match = _STEP.fullmatch(part)
        if match is None:
            raise InvalidDeclarationError([FieldError(name, "unknown form field")])
        index = match["index"]
        steps.append((match["key"], int(index) if index is not None else None))
    return steps


def _place(tree: dict[str, Any], steps: list[tuple[str, int | None]], value: str) -> None:
    node = tree
    for position, (key, index) in enumerate(steps):
        last = position == len(steps) - 1
        if index is None:
            if last:
                node[key] = value
            else:
                node = node.setdefault(key, {})
            continue
        rows = node.setdefault(key, {})
        if last:
            rows[index] = value
        else:
            node = rows.setdefault(index, {})


def _lists(node: Any) -> Any:
    """Turns the index-keyed dicts into lists in index order, dropping rows left empty (a goods
    item row the trader added and then left blank)."""
    if not isinstance(node, dict):
        return node
    if node and all(isinstance(k, int) for k in node):
        return [_lists(node[k]) for k in sorted(node) if node[k] not in ({}, "")]
    return {k: _lists(v) for k, v in node.items() if v not in ({}, "")}


def form_to_document(fields: Iterable[tuple[str, str]]) -> dict[str, Any]:
    """A raw declaration document from form fields named by pointer; blank fields are omitted so
    that the schema reports a missing value as missing, not as an empty string."""
    tree: dict[str, Any] = {}
    for count, (name, raw) in enumerate(fields, start=1):
        if count > MAX_FIELDS:
            raise InvalidDeclarationError([FieldError("(form)", "too many fields in the form")])
        if name in ("csrf",):
            continue
        value = raw.strip() if isinstance(raw, str) else ""
        if value:
            _place(tree, _steps(name), value)
    document = _lists(tree)
    for number, item in enumerate(document.get("goods_items", []), start=1):
        item.setdefault("sequence", str(number))
    return document


def errors_by_field(errors: Iterable[FieldError]) -> dict[str, list[str]]:
    """Messages keyed by pointer for the template; errors of the whole form go under ``""``."""
    grouped: dict[str, list[str]] = {}
    for error in errors:
        grouped.setdefault(error.pointer, []).append(error.message)
    return grouped
