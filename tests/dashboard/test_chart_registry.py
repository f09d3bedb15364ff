"""The Balance page, its callbacks and the HTML report list the same charts and cards: the registries'.

``dashboard.charts.CHARTS`` and ``dashboard.cards.CARDS`` are the one place a chart or a card is defined;
these tests read what each consumer actually shows (the page's layout, the callbacks' outputs as the
browser's renderer gets them, the report's HTML) and compare it with the registries, in order. A chart
added to the registry reaches the page and the report with no other edit (the last tests add one).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import dash
import pytest
from dash import dcc

from dashboard import charts
from dashboard.app import create_app
from dashboard.balance_view import balance_outputs, trend_outputs
from dashboard.cards import CARDS, shown_cards
from dashboard.charts import CHARTS, BalanceData, Chart, charts_from
from dashboard.components import summary_cards
from dashboard.figures import empty_figure
from dashboard.report import build_report, report_from_store
from dashboard.selection import Selection
from etl.analysis.settings import BalanceSettings, load_settings
from etl.analysis.verdict import Verdict
from etl.analysis.verdict import verdict as verdict_of
from etl.analysis.weekly import load_weekly
from etl.ingest import ingest
from etl.store import database as store
from tests.filebuilders import HEVY_KG_HEADER, csv_bytes

ATHLETE = "ana"
W1 = '"Lower A","8 Apr 2026, 16:50","8 Apr 2026, 17:43",""'  # week of Monday 6 Apr 2026
W2 = '"Lower B","15 Apr 2026, 16:50","15 Apr 2026, 17:40",""'  # week of Monday 13 Apr 2026
# Week of 6 Apr: 4 hip thrusts (4 glute sets) and 2 RDLs (2 hip-extension hamstring sets, 1 glute set);
# week of 13 Apr: 3 seated leg curls (3 knee-flexion sets), 2 Nordics (2 knee-flexion, 2 eccentric), 60 kg RDL.
HEVY = csv_bytes(
    HEVY_KG_HEADER,
    *[W1 + f',"Hip Thrust (Barbell)",,"",{i},"normal",100,10,,,' for i in range(4)],
    *[W1 + f',"Romanian Deadlift (Barbell)",,"",{i},"normal",80,8,,,' for i in range(2)],
    *[W2 + f',"Seated Leg Curl (Machine)",,"",{i},"normal",50,10,,,' for i in range(3)],
    *[W2 + f',"Nordic Hamstring Curl",,"",{i},"normal",0,5,,,' for i in range(2)],
)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "lb.duckdb"
    with store.opened(path) as con:
        ingest(con, io.BytesIO(HEVY), "hevy.csv", athlete=ATHLETE)
    return path


@pytest.fixture
def app(db: Path) -> Iterator[dash.Dash]:
    made = create_app(db)
    yield made
    made.server.extensions["liftbalance.import_jobs"].shutdown()


def graphs(node: Any) -> list[dcc.Graph]:
    """Every ``dcc.Graph`` in a component tree, in page order."""
    if isinstance(node, dcc.Graph):
        return [node]
    children = getattr(node, "children", None)
    if isinstance(children, list | tuple):
        return [g for child in children for g in graphs(child)]
    return graphs(children) if children is not None else []


def _walk(node: Any) -> Iterator[Any]:
    """Every component in a tree, parents first."""
    yield node
    children = getattr(node, "children", None)
    for child in (
        children if isinstance(children, list | tuple) else [children] if children is not None else []
    ):
        yield from _walk(child)


def balance_layout(app: dash.Dash) -> Any:
    from dashboard.pages import balance

    with app.server.test_request_context("/"):
        return balance.layout()


def callback_outputs(app: dash.Dash) -> list[list[tuple[str, str]]]:
    """Each callback's outputs as the browser's renderer is told them (``/_dash-dependencies``)."""
    deps = app.server.test_client().get("/_dash-dependencies").get_json()
    outputs = []
    for dep in deps:
        raw = dep["output"]
        parts = raw[2:-2].split("...") if raw.startswith("..") else [raw]
        outputs.append([tuple(p.rsplit(".", 1)) for p in parts])
    return outputs  # type: ignore[return-value]


def loaded(db: Path) -> tuple[Verdict, BalanceSettings, Any]:
    with store.opened(db) as con:
        settings = load_settings(con, ATHLETE)
        weekly = load_weekly(con, ATHLETE, settings)
    return verdict_of(weekly, settings, athlete=ATHLETE), settings, weekly


def report_chart_ids(page: str) -> list[str]:
    """The id of each chart's plot in the report, in order (each inside its captioned box)."""
    return re.findall(
        r'<div class="chart" role="figure" aria-label="[^"]*"><div[^>]*>\s*<div id="([^"]+)"', page
    )


# --- the registry itself -----------------------------------------------------------------------------


def test_every_chart_has_a_unique_id_a_name_and_what_it_counts() -> None:
    """Written so that adding a chart needs no edit here: rules every entry keeps, not today's list."""
    ids = [chart.id for chart in CHARTS]
    assert len(set(ids)) == len(ids) and set(ids) == set(charts.BY_ID)
    assert len({chart.title for chart in CHARTS}) == len(CHARTS)
    for chart in CHARTS:
        assert re.fullmatch(r"[a-z]+", chart.id), chart.id  # it becomes element ids on the page and report
        assert chart.title and chart.counts.endswith(".") and len(chart.counts) > 40, chart.id
    # Each source's charts, in page order, together every chart once.
    assert [*charts_from("weekly"), *charts_from("trends")] == sorted(
        CHARTS, key=lambda c: c.source != "weekly"
    )
    # One sets/tonnage switch on the page (its id is "metric", an input of the page's callback): exactly one
    # chart carries it.
    assert len([chart for chart in CHARTS if chart.follows_metric]) == 1


def test_a_chart_drawn_from_a_frame_not_loaded_says_so() -> None:
    strength = charts.BY_ID["strength"]
    with pytest.raises(ValueError, match="trends frame, which was not loaded"):
        strength.draw(BalanceData(BalanceSettings()))


# --- the page, its callbacks and the report list the registry's charts ------------------------------


def test_the_page_lays_out_the_registrys_charts_in_order_two_to_a_row(app: dash.Dash) -> None:
    page = balance_layout(app)
    shown = graphs(page)
    assert [g.id for g in shown] == [chart.graph_id for chart in CHARTS]
    assert [g.style["height"] for g in shown] == [f"{chart.height}px" for chart in CHARTS]
    rows = [child for child in page.children if getattr(child, "className", None) == "g-3"]
    ids = [chart.graph_id for chart in CHARTS]
    assert [[g.id for g in graphs(row)] for row in rows] == [ids[i : i + 2] for i in range(0, len(ids), 2)]
    # The sets/tonnage switch sits above the chart that follows it; its neighbour drops by the switch's
    # height so the cards' tops line up (today: the volume chart, beside the ham:quad chart).
    for row in rows:
        follows = [
            graphs(col)[0].id in {c.graph_id for c in CHARTS if c.follows_metric} for col in row.children
        ]
        for col, follower in zip(row.children, follows, strict=True):
            if follower:
                assert col.children[0].id == "metric"
            assert (getattr(col, "className", None) == "pt-lg-4") == (any(follows) and not follower)
    assert sum(1 for node in _walk(page) if getattr(node, "id", None) == "metric") == 1


def test_each_chart_is_named_for_a_screen_reader_by_what_it_counts(app: dash.Dash) -> None:
    page = balance_layout(app)
    figures = [node for node in _walk(page) if getattr(node, "role", None) == "figure"]
    assert [(f.children.id, f.to_plotly_json()["props"]["aria-label"]) for f in figures] == [
        (chart.graph_id, chart.counts) for chart in CHARTS
    ]


def test_the_callbacks_fill_every_registered_chart_once_by_its_source(app: dash.Dash) -> None:
    outputs = callback_outputs(app)
    balance = next(o for o in outputs if ("balance-cards", "children") in o)
    trends = next(o for o in outputs if ("strength-chart", "figure") in o)
    assert balance == [
        ("balance-cards", "children"),
        ("balance-verdict", "children"),
        ("balance-thresholds", "children"),
        *[(chart.graph_id, "figure") for chart in charts_from("weekly")],
    ]
    assert trends == [(chart.graph_id, "figure") for chart in charts_from("trends")]
    drawn = [
        output
        for outs in outputs
        for output in outs
        if output[1] == "figure" and output[0].endswith("-chart")
    ]
    assert sorted(drawn) == sorted((chart.graph_id, "figure") for chart in CHARTS)


def test_the_callbacks_return_each_output_by_name(db: Path) -> None:
    out = balance_outputs(db, Selection(ATHLETE), "sets")
    assert list(out) == ["cards", "verdict", "thresholds", "charts"]
    assert list(out["charts"]) == [chart.id for chart in charts_from("weekly")]
    # Week of 6 Apr: 4 hip thrusts + half of 2 RDLs = 5 glute sets; 13 Apr: none.
    volume = out["charts"]["volume"]
    assert next(t["y"] for t in volume["data"] if t["name"] == "Glutes") == [5.0, 0.0]
    assert list(trend_outputs(db, Selection(ATHLETE))) == ["strength"]
    tonnage = balance_outputs(db, Selection(ATHLETE), "tonnage")["charts"]["volume"]
    # 4 x 100 kg x 10 + half of 2 x 80 kg x 8.
    assert next(t["y"] for t in tonnage["data"] if t["name"] == "Glute tonnage")[0] == pytest.approx(4640.0)


def test_an_empty_range_or_an_unreadable_store_blanks_every_chart_of_the_source(db: Path) -> None:
    empty = balance_outputs(db, Selection(ATHLETE, start=date(2020, 1, 6), end=date(2020, 2, 3)), "sets")
    assert list(empty["charts"]) == [chart.id for chart in charts_from("weekly")]
    assert all(fig == empty_figure("No training logged in this range") for fig in empty["charts"].values())
    garbage = db.parent / "garbage.duckdb"
    garbage.write_bytes(b"not a database")
    broken = balance_outputs(garbage, Selection(ATHLETE), "sets")
    assert "not a valid DuckDB database" in str(broken["cards"]) and broken["verdict"] is None
    assert broken["charts"] == {
        c.id: empty_figure("The data could not be loaded") for c in charts_from("weekly")
    }
    assert trend_outputs(garbage, Selection(ATHLETE)) == {
        "strength": empty_figure("The data could not be loaded")
    }


def test_the_report_draws_the_registrys_charts_in_order_and_says_what_each_counts(db: Path) -> None:
    with store.opened(db) as con:
        page, _ = report_from_store(con, ATHLETE, generated=date(2026, 5, 1))
    assert report_chart_ids(page) == [chart.report_id for chart in CHARTS]
    shows = page.split("<h2>What each chart shows</h2>", 1)[1].split("</dl>", 1)[0]
    assert re.findall(r"<dt>(.*?)</dt>", shows) == [chart.title for chart in CHARTS]
    # Without the trends frame the report leaves out the chart drawn from it, and only that one.
    rec, settings, weekly = loaded(db)
    without = build_report(weekly, rec, settings, athlete=ATHLETE, generated=date(2026, 5, 1))
    assert report_chart_ids(without) == [chart.report_id for chart in charts_from("weekly")]


# --- cards ---------------------------------------------------------------------------------------------


def test_the_page_and_the_report_show_the_same_cards_with_the_same_words(db: Path) -> None:
    rec, settings, weekly = loaded(db)
    shown = shown_cards(rec, settings)
    assert (
        [card.key for card in shown]
        == [card.key for card in CARDS]
        == [
            "glute",
            "hamstring",
            "ratio",
            "status",
            "nordic",
        ]
    )
    # Over the last 4 weeks (2 of them trained): 5 glute sets / 2 weeks, 2 + 5 hamstring sets / 2 weeks.
    assert [(c.label, c.value) for c in shown] == [
        ("Glute sets", "2.5"),
        ("Hamstring sets", "3.5"),
        ("Glute:ham ratio", "0.71"),
        ("Status", "Low volume"),
        ("Since Nordic curls", "0 wk"),
    ]
    assert shown[1].detail == "hip 1 · knee 2.5 (minimum 2 / 2, heuristic)"
    page_cards = list(_walk(summary_cards(rec, settings)))
    values = {
        node.id: node.children for node in page_cards if str(getattr(node, "id", "")).startswith("card-")
    }
    assert values == {f"card-{card.key}": card.value for card in shown}  # the same keys, in the same order
    assert list(values) == [f"card-{card.key}" for card in CARDS]
    page_texts = [node for node in page_cards if isinstance(node, str)]
    report = build_report(weekly, rec, settings, athlete=ATHLETE, generated=date(2026, 5, 1))
    assert re.findall(r'<div class="card" id="card-(\w+)">', report) == [card.key for card in CARDS]
    for card in shown:
        assert card.label in page_texts and card.detail in page_texts and card.counts in page_texts
        assert f'<div class="t">{card.label}</div>' in report and f">{card.value}</div>" in report
        assert f'<div class="d">{html.escape(card.detail)}</div>' in report
        assert f'<div class="c">{html.escape(card.counts)}</div>' in report
    # The status card takes the status's colour on both: amber (liftbalance.css's .text-amber is #8a5300).
    status = next(node for node in page_cards if getattr(node, "id", None) == "card-status")
    assert status.className.endswith(" text-amber")
    assert '<div class="v" style="color:#8a5300">Low volume</div>' in report


# --- one entry is enough ---------------------------------------------------------------------------------


def test_a_chart_added_to_the_registry_reaches_the_page_the_callback_and_the_report(
    app: dash.Dash, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's layout, the callback's figures and the report read the registry when they run (the
    callbacks' output list is fixed when the page module loads, and checked against it above)."""
    extra = Chart(
        "workouts",
        "Workouts a week",
        "How many workouts were logged each week, whatever they trained.",
        lambda data: {
            "data": [{"type": "bar", "y": data.frame("weekly").get_column("workouts").to_list()}],
            "layout": {},
        },
    )
    monkeypatch.setattr(charts, "CHARTS", (*CHARTS, extra))
    assert graphs(balance_layout(app))[-1].id == "workouts-chart"
    assert balance_outputs(db, Selection(ATHLETE), "sets")["charts"]["workouts"]["data"][0]["y"] == [1, 1]
    with store.opened(db) as con:
        page, _ = report_from_store(con, ATHLETE, generated=date(2026, 5, 1))
    assert report_chart_ids(page)[-1] == "chart-workouts" and "<dt>Workouts a week</dt>" in page
