"""Browser tests drive Debian's chromium through dash[testing]'s ``dash_duo``; skipped without it.

Dash's pytest plugin asks the ``pytest_setup_options`` hook for the webdriver options; the ones
here run chromium headless and quiet (no sync, no component updates, no first-run UI), so the
tests pass in CI and on a server without a display. ``--headless`` is switched on for this
folder even when not given, so downloads go to the test's own directory (Dash enables headless
downloads through the DevTools protocol only in that mode).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")
CHROMEDRIVER = shutil.which("chromedriver")
SHOTS = os.environ.get("LIFTBALANCE_SHOTS")  # a folder to keep every screenshot in, for looking at them
CHROME_ARGS = (
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--window-size=1280,1000",
)


def pytest_setup_options() -> Any:
    from selenium.webdriver.chrome.options import Options

    options = Options()
    if CHROMIUM:
        options.binary_location = CHROMIUM
    for arg in CHROME_ARGS:
        options.add_argument(arg)
    return options


def pytest_configure(config: pytest.Config) -> None:
    config.option.headless = True


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not (CHROMIUM and CHROMEDRIVER):
                item.add_marker(pytest.mark.skip(reason="chromium and chromedriver are not installed"))


@pytest.fixture
def shot(tmp_path: Path) -> Any:
    """Save a screenshot to the test's tmp dir and copy it to /tmp/h5-shots for a person to look at."""

    def save(duo: Any, name: str) -> Path:
        height = duo.driver.execute_script("return document.body.scrollHeight")
        duo.driver.set_window_size(1280, min(int(height) + 120, 5000))
        path = tmp_path / f"{name}.png"
        duo.driver.save_screenshot(str(path))
        duo.driver.set_window_size(1280, 1000)
        if SHOTS:
            Path(SHOTS).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, Path(SHOTS) / path.name)
        return path

    return save
