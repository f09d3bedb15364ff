"""Talking to Dash over HTTP the way its renderer does: the JSON body of a callback request built from
``/_dash-dependencies``, posted with a Flask test client or a real session. The security and load tests
use it to fire every callback as a browser (or an attacker) would."""

from __future__ import annotations

import json
from typing import Any

from flask.testing import FlaskClient


def split_output(output: str) -> list[tuple[str, str]]:
    """``..a.b...c.d..`` (several outputs) or ``a.b`` (one) -> [(id, property)]."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [(p.rsplit(".", 1)[0], p.rsplit(".", 1)[1]) for p in parts]


def _component_id(raw: str) -> Any:
    return json.loads(raw) if raw.startswith("{") else raw


def callback_body(
    cb: dict[str, Any], values: dict[tuple[str, str], Any], changed: str | None = None
) -> dict[str, Any]:
    """The JSON the renderer POSTs to ``/_dash-update-component`` for callback ``cb``."""
    outputs = [{"id": _component_id(i), "property": p.split("@")[0]} for i, p in split_output(cb["output"])]

    def dependency(dep: dict[str, Any]) -> Any:
        if dep["id"].startswith("{"):  # a pattern-matching ALL: no such components on the page
            return []
        return {
            "id": dep["id"],
            "property": dep["property"],
            "value": values.get((dep["id"], dep["property"])),
        }

    inputs = [dependency(d) for d in cb["inputs"]]
    first = next((f"{d['id']}.{d['property']}" for d in cb["inputs"] if not d["id"].startswith("{")), None)
    return {
        "output": cb["output"],
        "outputs": outputs if cb["output"].startswith("..") else outputs[0],
        "inputs": inputs,
        "state": [dependency(d) for d in cb["state"]],
        "changedPropIds": [changed or first] if (changed or first) else [],
    }


def find_callback(deps: list[dict[str, Any]], output_fragment: str) -> dict[str, Any]:
    return next(cb for cb in deps if output_fragment in cb["output"])


def post_callback(client: FlaskClient, body: dict[str, Any]) -> Any:
    return client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")


def run_callback(
    client: FlaskClient, output_fragment: str, values: dict[tuple[str, str], Any], changed: str | None = None
) -> Any:
    """Fire the callback whose output names ``output_fragment`` as ``client``'s browser would."""
    deps = client.get("/_dash-dependencies").get_json()
    return post_callback(client, callback_body(find_callback(deps, output_fragment), values, changed))


def sweep_values(athlete: str, page: str, job: str | None = None) -> dict[tuple[str, str], Any]:
    """Inputs that name ``athlete`` wherever a callback takes an athlete, selection or job."""
    return {
        ("selection", "data"): {"athlete": athlete, "start": None, "end": None},
        ("athlete", "value"): athlete,
        ("upload-athlete", "value"): athlete,
        ("url", "pathname"): page,
        ("_pages_location", "pathname"): page,
        ("_pages_location", "search"): "",
        ("range-preset", "value"): "12",
        ("metric", "value"): "sets",
        ("import-poll", "n_intervals"): 1,
        ("import-job", "data"): job,
        **{
            (bid, "n_clicks"): 1
            for bid in ("export-csv", "export-xlsx", "export-parquet", "export-html", "import-button")
        },
    }
