"""No internal identifier reaches a lifter: every page's layout and callback outputs, the upload
report card, the HTML report and the CLI's prose are rendered to the text a person reads (labels,
tooltips, table headers, chart titles, legends and hovers included) and scanned for snake_case
words, the ``_4w`` suffix, our file names (``science.md``, ``exercises.csv``) and weekly column names.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date
from html.parser import HTMLParser
from typing import Any

import dash
import pytest
from click.testing import CliRunner
from dash.development.base_component import Component

from dashboard.import_report import report_card
from dashboard.report import report_from_store
from etl.analysis.settings import SETTING_NAMES
from etl.ingest import ingest
from etl.store import database as store
from etl.taxonomy import load_taxonomy
from liftbalance.cli import cli
from schemas.weekly import WEEKLY_COLUMNS
from tests.helpers.dashboard_app import ATHLETE, HEVY, MYSTERY, call, page, selected
from tests.helpers.sample_exports import LOG

SNAKE = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")
OURS = re.compile(r"_4w\b|\b[\w-]+\.md\b|\b(?:exercises|taxonomy-draft|hevy_sample|strong_sample)\.csv\b")
COLUMN_NAMES = [c for c in WEEKLY_COLUMNS if "_" in c]
# Text a lifter typed or a file carried is theirs to spell (the uploaded file's name).
ALLOWED: set[str] = set()
# Props whose string is shown: a tooltip, a label, a placeholder, a link's text.
SHOWN_PROPS = ("children", "label", "title", "placeholder", "value", "header", "tooltip_header")


def internal_words(text: str) -> list[str]:
    """Every internal identifier in ``text``."""
    found = (
        SNAKE.findall(text) + OURS.findall(text) + [c for c in COLUMN_NAMES if re.search(rf"\b{c}\b", text)]
    )
    return sorted(set(found) - ALLOWED)


def figure_text(fig: dict[str, Any]) -> Iterator[str]:
    """What a chart shows: its title, axis titles, annotations, legend entries and hover texts."""
    layout = fig.get("layout", {})
    title = layout.get("title")
    yield title.get("text", "") if isinstance(title, dict) else str(title or "")
    for key, axis in layout.items():
        if key.startswith(("xaxis", "yaxis")) and isinstance(axis, dict):
            yield str((axis.get("title") or {}).get("text", ""))
            yield " ".join(str(t) for t in axis.get("ticktext") or [])
    for note in layout.get("annotations", []):
        yield str(note.get("text", ""))
    for item in [*fig.get("data", []), *layout.get("shapes", [])]:
        yield str(item.get("name", ""))
        yield re.sub(r"%\{[^}]*\}", "", str(item.get("hovertemplate", "")))
        text = item.get("text")
        yield " ".join(map(str, text)) if isinstance(text, list) else str(text or "")


def shown_text(node: Any) -> Iterator[str]:
    """Every string a person can read in a Dash component tree, figure or table rows."""
    if node is None or isinstance(node, bool):
        return
    if isinstance(node, str | int | float):
        yield str(node)
    elif isinstance(node, list | tuple):
        for child in node:
            yield from shown_text(child)
    elif isinstance(node, dict):
        if "data" in node and "layout" in node:
            yield from figure_text(node)
        else:
            for value in node.values():
                yield from shown_text(value)
    elif isinstance(node, Component):
        for prop in SHOWN_PROPS:
            yield from shown_text(getattr(node, prop, None))
        figure = getattr(node, "figure", None)
        if isinstance(figure, dict):
            yield from figure_text(figure)
        for column in getattr(node, "columns", None) or []:
            yield str(column.get("name", ""))
        shown_columns = [
            c["id"] for c in getattr(node, "columns", None) or [] if c.get("presentation") != "dropdown"
        ]
        for row in getattr(node, "data", None) or []:
            if isinstance(row, dict):
                yield " ".join(str(row.get(c, "")) for c in shown_columns)
        dropdown = getattr(node, "dropdown", None)
        if isinstance(dropdown, dict):
            for spec in dropdown.values():
                yield " ".join(str(o.get("label", "")) for o in spec.get("options", []))
        for option in getattr(node, "options", None) or []:
            yield str(option.get("label", "")) if isinstance(option, dict) else str(option)


class _Visible(HTMLParser):
    """The text of an HTML page and its tooltips (``title``), without scripts and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        self.parts += [value for name, value in attrs if name == "title" and value]

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def html_text(page: str) -> str:
    parser = _Visible()
    parser.feed(page)
    return " ".join(parser.parts)


def test_the_scanner_finds_what_it_looks_for() -> None:
    assert internal_words("over the last window_weeks weeks (the _4w numbers), science.md") == [
        "_4w",
        "science.md",
        "window_weeks",
    ]
    assert internal_words("glute_ham_ratio_4w") == ["_4w", "glute_ham_ratio_4w"]
    assert internal_words("Glute:ham ratio, 4-week rolling, hevy.csv, 3.5 sets") == []
    assert html_text('<p title="a_b">x<script>var c_d;</script><style>.e_f{}</style></p>') == "a_b x"


def test_every_page_and_its_callbacks_speak_a_lifters_words(app_on: Callable[..., dash.Dash]) -> None:  # noqa: F811
    app = app_on(("hevy.csv", HEVY))
    texts: dict[str, str] = {}
    for name in ("balance", "upload", "exercises", "export", "settings"):
        texts[f"{name} layout"] = " ".join(shown_text(call(app, page(name).layout)))
    texts["balance"] = " ".join(shown_text(call(app, page("balance").update_balance, selected(), "sets")))
    texts["balance tonnage"] = " ".join(
        shown_text(call(app, page("balance").update_balance, selected(), "tonnage"))
    )
    rows, summary, message = call(app, page("exercises").update_exercises, selected(), None, None, None)
    # "Maps to" is a dropdown: its cell shows the exercise's name (an option label, scanned with the
    # layout), never the id the row carries.
    shown_rows = [{k: v for k, v in row.items() if k != "exercise_id"} for row in rows]
    texts["exercises"] = " ".join(shown_text([shown_rows, summary, message]))
    texts["settings"] = " ".join(
        shown_text(call(app, page("settings").update_settings, selected(), None, None, [], [], None))
    )
    texts["export"] = " ".join(shown_text(call(app, page("export").export_preview, selected())))
    found = {where: words for where, text in texts.items() if (words := internal_words(text))}
    assert found == {}, found
    assert MYSTERY in texts["exercises"] and "Glute" in texts["balance"]  # the scan saw the real outputs


def test_a_settings_error_names_the_setting_as_the_page_does(app_on: Callable[..., dash.Dash]) -> None:  # noqa: F811
    from tests.helpers.dashboard_app import form_values, save

    app = app_on(("hevy.csv", HEVY))
    status = save(app, form_values(window_weeks=0))[3]
    assert internal_words(" ".join(shown_text(status))) == []


def test_the_upload_report_card_speaks_a_lifters_words() -> None:
    con = store.connect()
    card = report_card(ingest(con, LOG, "log.csv", tz="UTC"))
    assert internal_words(" ".join(shown_text(card))) == []


def test_the_html_report_speaks_a_lifters_words() -> None:
    con = store.connect()
    ingest(con, HEVY, "hevy.csv", athlete=ATHLETE)
    page_html, _ = report_from_store(con, ATHLETE, generated=date(2026, 5, 1))
    text = html_text(page_html)
    assert "Glute" in text
    assert internal_words(text) == []


@pytest.mark.parametrize(
    "args",
    [
        ["weekly"],
        ["exercises"],
        ["settings", "--db", "{db}", "--athlete", ATHLETE, "show"],
        ["ingest", "--tz", "UTC", "--unit", "kg"],
    ],
)
def test_cli_prose_speaks_a_lifters_words(tmp_path: Any, args: list[str]) -> None:
    db = tmp_path / "t.duckdb"
    (tmp_path / "log.csv").write_bytes(LOG)
    first = [
        "ingest",
        "--db",
        str(db),
        "--athlete",
        ATHLETE,
        "--tz",
        "UTC",
        "--unit",
        "kg",
        str(tmp_path / "log.csv"),
    ]
    assert CliRunner().invoke(cli, first).exit_code == 0
    extra = [str(tmp_path / "log.csv")] if args[0] == "ingest" else []
    if "{db}" in args:
        command = [a.replace("{db}", str(db)) for a in args]
    else:
        command = [*args, "--db", str(db), "--athlete", ATHLETE, *extra]
    result = CliRunner().invoke(cli, command, env={"COLUMNS": "250"})  # wide: no word folded out of sight
    assert result.exit_code == 0, result.output
    # ``settings show`` lists each setting by the key ``settings set KEY VALUE`` takes, and ``exercises`` each
    # name's exercise id, which ``map NAME EXERCISE_ID`` takes: CLI arguments, not prose.
    keys = {*SETTING_NAMES, "source_priority"} if "show" in args else set()
    if args == ["exercises"]:
        keys |= set(load_taxonomy().get_column("exercise_id").to_list())
    assert sorted(set(internal_words(result.output)) - keys) == []


def test_the_reports_hamstring_card_splits_its_sets_by_role_in_words_matching_its_numbers() -> None:
    """The report draws the Balance page's cards (``dashboard.cards``): the hamstring card's line under the
    value gives each role's sets a week and its minimum, and its caption says what each counts."""
    con = store.connect()
    ingest(con, HEVY, "hevy.csv", athlete=ATHLETE)
    page_html, _ = report_from_store(con, ATHLETE, generated=date(2026, 5, 1))
    card = re.search(
        r'<div class="t">Hamstring sets</div><div class="v">([^<]*)</div>'
        r'<div class="d">([^<]*)</div><div class="c">([^<]*)</div>',
        page_html,
    )
    assert card is not None
    # Rolling window of 4 weeks over 2 training weeks: hip 2 / 2 = 1 a week, knee 5 / 2 = 2.5 a week.
    assert card.group(1) == "3.5"
    assert card.group(2) == "hip 1 · knee 2.5 (minimum 2 / 2, heuristic)"
    assert card.group(3).startswith("Hamstring sets per training week over the rolling window")
    assert " Hip: Hamstring hip-extension sets per training week" in card.group(3)
