"""What tests of the dashboard without a browser share: find Dash components in a layout tree (for
tests that call callbacks directly), read the text a component tree shows, build the data URL an upload
sends, read a form's CSRF token."""

from __future__ import annotations

import base64
import re
from typing import Any

CSRF_FIELD = re.compile(r'name="csrf" value="([^"]+)"')


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


def data_url(data: bytes, mime: str = "text/csv") -> str:
    """``data`` as the ``data:...;base64,...`` URL a ``dcc.Upload`` hands its callback."""
    return f"data:{mime};base64," + base64.b64encode(data).decode()


def csrf_token(page: str) -> str:
    """The token in a login or logout page's hidden ``csrf`` field (what a browser posts back with the form)."""
    found = CSRF_FIELD.search(page)
    assert found is not None, f"no csrf field in the page: {page[:200]!r}"
    return found.group(1)


def text_of(component: Any) -> str:
    """Every string in a component tree, joined: what the page shows as text."""
    if component is None:
        return ""
    if isinstance(component, str | int | float):
        return str(component)
    if isinstance(component, list | tuple):
        return " ".join(text_of(c) for c in component)
    parts = [text_of(getattr(component, "children", None))]
    for attr in ("label", "value"):
        value = getattr(component, attr, None)
        if isinstance(value, str):
            parts.append(value)
    return " ".join(p for p in parts if p)
