"""The response headers every page gets: what the browser may load, run, frame, cache and share.

Content-Security-Policy: scripts only from this server plus the hashes of Dash's own inline
scripts (``app.csp_hashes()``: the renderer's start-up line), no eval, no plugins, no framing, forms
post only here. Styles allow ``'unsafe-inline'``: React sets ``style`` attributes and plotly injects
``<style>`` elements, and an injected style cannot run script. Images allow ``data:`` (plotly's
mode-bar icons and image export).

Every response but the static bundles carries ``Cache-Control: no-store``, so a shared computer's
browser cache or a proxy keeps no copy of someone's training (or of a login form's CSRF token).
"""

from __future__ import annotations

from collections.abc import Callable

import dash
import flask

STATIC_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    # None of these browser features is used: deny them to anything that gets onto a page.
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
}


def content_security_policy(app: dash.Dash) -> str:
    script_hashes = " ".join(app.csp_hashes())  # Dash quotes them: 'sha256-...'
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' {script_hashes}",
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data: blob:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeaders:
    """``after_request`` hook: the static headers, the CSP (computed once Dash has its inline scripts)."""

    def __init__(self, app: dash.Dash, is_static: Callable[[], bool]) -> None:
        self._app = app
        self._is_static = is_static
        self._csp: str | None = None

    def __call__(self, response: flask.Response) -> flask.Response:
        for header, value in STATIC_HEADERS.items():
            response.headers.setdefault(header, value)
        if self._csp is None:
            self._csp = content_security_policy(self._app)
        response.headers.setdefault("Content-Security-Policy", self._csp)
        if not self._is_static():
            response.headers["Cache-Control"] = "no-store"
        return response
