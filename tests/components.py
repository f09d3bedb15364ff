"""Find Dash components in a layout tree, for tests that call callbacks directly."""

from __future__ import annotations

from typing import Any


def by_pattern_id(component: Any, id_type: str) -> dict[str, Any]:
    """``key`` -> component, for every component whose pattern-matching id is ``{"type": id_type, "key": ...}``."""
    found: dict[str, Any] = {}

    def walk(node: Any) -> None:
        if node is None or isinstance(node, str | int | float):
            return
        if isinstance(node, list | tuple):
            for child in node:
                walk(child)
            return
        ident = getattr(node, "id", None)
        if isinstance(ident, dict) and ident.get("type") == id_type:
            found[ident["key"]] = node
        walk(getattr(node, "children", None))

    walk(component)
    return found
