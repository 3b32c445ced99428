"""The browser suite: Debian's Chromium driven by Playwright against the live stack.

Browsers are not downloaded (`playwright install` is not used): the suite launches the
system's Chromium. Without it every browser test is skipped with the way to get it, and the
run's summary says so.
"""

import os
import shutil
from pathlib import Path

import pytest

from tests.browser.helpers import AUDITS, IMPACTS, JOURNEYS
from tests.browser.stack import Stack

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOW_TO_GET_CHROMIUM = (
    "Chromium was not found, so the browser tests (tests/browser) did not run. "
    "Install it with `sudo apt-get install chromium fonts-noto-cjk` (Debian, Ubuntu) "
    "or point CHROMIUM at a Chromium or Chrome binary."
)


def chromium_path() -> str | None:
    configured = os.environ.get("CHROMIUM")
    if configured:
        return configured if os.access(configured, os.X_OK) else None
    return shutil.which("chromium") or shutil.which("chromium-browser")


def pytest_collection_modifyitems(config, items):
    """Browser tests run last (their event loop must not sit under the database tests) and
    are skipped, saying how to get Chromium, when it is missing."""
    browser = [item for item in items if item.get_closest_marker("browser")]
    if not browser:
        return
    items[:] = [item for item in items if not item.get_closest_marker("browser")] + browser
    if chromium_path() is None:
        skip = pytest.mark.skip(reason=HOW_TO_GET_CHROMIUM)
        for item in browser:
            item.add_marker(skip)
        config._browser_skipped = len(browser)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    write = terminalreporter.write_line
    if getattr(config, "_browser_skipped", 0):
        terminalreporter.section("browser suite", yellow=True)
        write(f"{config._browser_skipped} browser tests skipped. {HOW_TO_GET_CHROMIUM}", yellow=True)
    if AUDITS:
        terminalreporter.section("axe-core: violations (nodes) by impact, per page and language")
        write(f"{'page':<72} {'lang':<8} " + " ".join(f"{i:>8}" for i in IMPACTS))
        for record in AUDITS:
            figures = " ".join(f"{record.counts.get(i, 0):>8}" for i in IMPACTS)
            write(f"{record.page[:72]:<72} {record.language:<8} {figures}")
        worst = sum(record.counts.get("critical", 0) + record.counts.get("serious", 0) for record in AUDITS)
        write(f"{len(AUDITS)} page audits, {worst} critical or serious nodes")
    for journey in JOURNEYS:
        terminalreporter.section("clicks per lifecycle step")
        for line in journey.table():
            write(line)


@pytest.fixture(scope="session")
def browser_type_launch_args():
    return {"executable_path": chromium_path(), "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    """The application with a real worker, on a database of its own, for the whole suite.
    BROWSER_STACK_VAR_DIR and BROWSER_TEST_PORT name a stack already running (with demo data)
    to drive instead, while writing a scenario."""
    if os.environ.get("BROWSER_STACK_VAR_DIR"):
        yield Stack.running(Path(os.environ["BROWSER_STACK_VAR_DIR"]))
        return
    running = Stack(tmp_path_factory.mktemp("browser-stack"))
    try:
        yield running.start()
    finally:
        running.stop()


@pytest.fixture
def test_name(request) -> str:
    return request.node.name
